"""Arabic text normalizers that keep a map back to the input.

Every normalizer takes an :class:`AlignedText` and returns a new one whose
:attr:`~AlignedText.text` is the normalized string and which can map any
offset (or span) of that string back to the exact offset (or span) of the
untouched input, the way HuggingFace tokenizers' ``NormalizedString`` does.
newsseg uses this to match its markers: normalize a block, run a regex over
the normalized text, then map the match back to the input with
:meth:`AlignedText.span_to_original`. No search of the output is ever needed
to recover offsets.

The steps are small and composable: each one is usable alone, and
:func:`chain` (or :class:`Sequence`) strings them together into one
normalizer. Two presets are plain data: :data:`MATCHING` (aggressive, for
finding markers) and :data:`DISPLAY` (conservative, for output text).

>>> a = align("إقرأ أيضاً: المصدر")
>>> a.text
'اقرا ايضا: المصدر'
>>> a.span_to_original(0, 9)
(0, 10)

How the map is stored
---------------------
All built-in steps map one input character to zero, one or several output
characters (they are ``str.translate`` tables). The map from normalized to
input offsets is therefore ``i -> i + delta(i)`` with ``delta`` piecewise
constant; only the *breakpoints*, the normalized positions where ``delta``
changes, are stored (two ``array('q')``), and a lookup is one ``bisect``.
Memory is O(number of deletions and expansions), never O(len(text)); a
chain of 1:1 steps (alef, yeh, digits...) adds no breakpoint at all.

Conventions, chosen so that a span always covers whole input characters:

* a deleted character belongs to the kept character *before* it (a
  diacritic or a tatweel belongs to its letter), so a span ending on a
  letter also covers the marks that follow it; characters deleted at the
  very start belong to nothing, and ``to_original(0)`` then points at the
  first kept character;
* all characters produced by one input character (``…`` -> ``...``, a
  lam-alef ligature -> ``لا``) map to that input character, and a span that
  covers any of them covers all of it;
* the map is monotone (non-decreasing) and always inside
  ``[0, len(original)]``; ``to_original(len(text)) == len(original)``.
"""

from __future__ import annotations

from newsseg.normalize.aligned import AlignedText
from newsseg.normalize.arabic import (
    DISPLAY,
    MATCHING,
    align,
    fold_alef,
    fold_digits,
    fold_hamza,
    fold_ligatures,
    fold_persian,
    fold_punctuation,
    fold_spaces,
    fold_teh_marbuta,
    fold_yeh,
    lowercase_ascii,
    normalize,
    strip_diacritics,
    strip_invisible,
    strip_tatweel,
)
from newsseg.normalize.steps import Normalizer, PatternStep, Sequence, TableStep, chain

__all__ = [
    "DISPLAY",
    "MATCHING",
    "AlignedText",
    "Normalizer",
    "PatternStep",
    "Sequence",
    "TableStep",
    "align",
    "chain",
    "fold_alef",
    "fold_digits",
    "fold_hamza",
    "fold_ligatures",
    "fold_persian",
    "fold_punctuation",
    "fold_spaces",
    "fold_teh_marbuta",
    "fold_yeh",
    "lowercase_ascii",
    "normalize",
    "strip_diacritics",
    "strip_invisible",
    "strip_tatweel",
]
