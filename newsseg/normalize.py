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

import collections.abc
import operator
import re
import unicodedata
from array import array
from bisect import bisect_right
from functools import lru_cache
from typing import Protocol, TypeAlias

import attrs

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


# ---------------------------------------------------------------------------
# The aligned string and its offset map
# ---------------------------------------------------------------------------


def _short(s: str) -> str:
    """Repr of a possibly huge string, cut for ``repr()`` of AlignedText."""
    if len(s) <= 60:
        return repr(s)
    return f"{s[:50]!r}...<{len(s)} chars>"


def _new_map(limit: int) -> array[int]:
    """An empty breakpoint array for offsets and deltas up to ``limit``.

    4-byte ints while they fit (any text under 2**31 characters), else 8.
    """
    return array("i" if limit < 2**31 else "q")


def _delta_at(pos: array[int], dl: array[int], i: int) -> int:
    """Delta in force at position ``i`` (0 before the first breakpoint)."""
    k = bisect_right(pos, i) - 1
    return dl[k] if k >= 0 else 0


def _push(pos: array[int], dl: array[int], p: int, d: int) -> None:
    """Append breakpoint ``(p, d)``, keeping the map canonical.

    Canonical means: positions strictly increase and every delta differs
    from the one before it (the implicit first delta is 0). A later
    breakpoint at the same position replaces the earlier one. Two maps that
    agree as functions therefore have equal arrays.
    """
    if pos and pos[-1] == p:
        pos.pop()
        dl.pop()
    if d != (dl[-1] if dl else 0):
        pos.append(p)
        dl.append(d)


def _compose(
    opos: array[int], odl: array[int], ipos: array[int], idl: array[int], limit: int
) -> tuple[array[int], array[int]]:
    """Compose ``outer`` (new text -> old text) with ``inner`` (old -> input).

    Both maps are ``i -> i + delta(i)`` with piecewise constant delta. The
    composite's delta can only change at an outer breakpoint or at the first
    new position whose image reaches an inner breakpoint, so those are the
    only candidates; the loops run over breakpoints, not over the text.
    """
    if not ipos:
        return opos, odl
    if not opos:
        return ipos, idl
    # Pieces of the outer map: [start, end) with a constant delta.
    starts: list[int] = [] if opos[0] == 0 else [0]
    deltas: list[int] = [] if opos[0] == 0 else [0]
    starts.extend(opos)
    deltas.extend(odl)
    last = len(starts) - 1
    candidates = set(opos)
    j = 0
    for p in ipos:
        # First piece whose largest value reaches p (values never decrease).
        while j < last and starts[j + 1] - 1 + deltas[j] < p:
            j += 1
        candidates.add(max(starts[j], p - deltas[j]))
    pos = _new_map(limit)
    dl = _new_map(limit)
    for i in sorted(candidates):
        d_out = _delta_at(opos, odl, i)
        _push(pos, dl, i, d_out + _delta_at(ipos, idl, i + d_out))
    return pos, dl


def _positions_field() -> array[int]:
    return _new_map(0)


@attrs.frozen
class AlignedText:
    """A normalized string that remembers where each character came from.

    ``text`` is the normalized string, ``original`` the untouched input.
    :meth:`to_original` maps an offset of ``text`` to an offset of
    ``original``; the map is monotone (non-decreasing), always in
    ``[0, len(original)]``, and maps ``len(text)`` to ``len(original)``.
    Build one with :func:`align` or :meth:`identity`; normalizers derive new
    ones with :meth:`edit` (or the table/pattern steps), which keep the map.

    >>> a = align("اقـرأ أيـضـاً")
    >>> a.text
    'اقرا ايضا'
    >>> a.to_original(3), a.original[a.to_original(3)]
    (4, 'أ')
    >>> a.span_to_original(5, 9)
    (6, 13)
    """

    text: str = attrs.field(validator=attrs.validators.instance_of(str), repr=_short)
    """The normalized string."""

    original: str = attrs.field(validator=attrs.validators.instance_of(str), repr=_short)
    """The input string, untouched."""

    _positions: array[int] = attrs.field(
        factory=_positions_field, hash=False, repr=False, alias="_positions"
    )
    """Normalized positions where the delta to the original changes."""

    _deltas: array[int] = attrs.field(
        factory=_positions_field, hash=False, repr=False, alias="_deltas"
    )
    """``to_original(i) == i + delta`` from each position on."""

    def __attrs_post_init__(self) -> None:
        pos, dl = self._positions, self._deltas
        if len(pos) != len(dl):
            raise ValueError("offset map: positions and deltas differ in length")
        if pos and not 0 <= pos[0] <= pos[-1] <= len(self.text):
            raise ValueError("offset map: breakpoints out of range")
        end_delta = dl[-1] if dl else 0
        if len(self.text) + end_delta != len(self.original):
            raise ValueError(
                f"offset map does not end at len(original): text has "
                f"{len(self.text)} chars, original {len(self.original)}, "
                f"final delta {end_delta}"
            )

    @classmethod
    def identity(cls, s: str) -> AlignedText:
        """Wrap ``s`` unchanged: ``text == original`` and the map is 1:1.

        >>> a = AlignedText.identity("خبر عاجل")
        >>> a.text == a.original, a.to_original(3)
        (True, 3)
        """
        _check_str(s, "AlignedText.identity()")
        return cls(s, s)

    @property
    def breakpoints(self) -> tuple[tuple[int, int], ...]:
        """The stored map, as ``(position, delta)`` pairs (for inspection).

        From ``position`` on (until the next pair), ``to_original(i) == i +
        delta``; before the first pair the delta is 0. Its length is the
        number of places where the offsets shift, not the text length.

        >>> align("مُحَمَّد", strip_diacritics).breakpoints
        ((1, 1), (2, 2), (3, 4))
        """
        return tuple(zip(self._positions, self._deltas, strict=True))

    def to_original(self, i: int) -> int:
        """Map offset ``i`` of :attr:`text` (``0 <= i <= len(text)``) to the input.

        A kept character maps to where it stands in the input; a character
        produced by expanding one input character maps to that character;
        ``len(text)`` maps to ``len(original)``.

        >>> a = align("ﻻ بأس", fold_ligatures)
        >>> a.text, a.to_original(0), a.to_original(1), a.to_original(2)
        ('لا بأس', 0, 0, 1)
        """
        i = operator.index(i)
        if not 0 <= i <= len(self.text):
            raise IndexError(
                f"offset {i} out of range for normalized text of length {len(self.text)}"
            )
        return i + _delta_at(self._positions, self._deltas, i)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``text[start:end]`` to a span of :attr:`original`.

        The result covers whole input characters: a span touching part of an
        expansion (``...`` from ``…``) covers the whole input character, and
        marks deleted after the last character of the span are included. An
        empty span maps to an empty span.

        >>> a = align("قال… ثم", MATCHING)
        >>> a.text
        'قال... ثم'
        >>> a.span_to_original(3, 4), a.span_to_original(0, 3)
        ((3, 4), (0, 3))
        """
        start, end = operator.index(start), operator.index(end)
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(
                f"span ({start}, {end}) out of range for normalized text of length {n}"
            )
        o_start = self.to_original(start)
        if start == end:
            return o_start, o_start
        o_end = self.to_original(end)
        if o_end == self.to_original(end - 1):
            # ``end`` cuts through the output of one input character: move it
            # to the first output character that comes from a later one.
            j = end + 1
            while j < n and self.to_original(j) == o_end:
                j += 1
            o_end = self.to_original(j)
        return o_start, o_end

    def edit(self, edits: collections.abc.Iterable[tuple[int, int, str]]) -> AlignedText:
        """Replace ``text[start:end]`` by ``replacement`` for each edit.

        ``edits`` are ``(start, end, replacement)`` triples in offsets of
        :attr:`text`, sorted and not overlapping. The map is kept: a deleted
        span belongs to the character before it; a replacement of a
        different length maps every character it produces to ``start``. This
        is the building block for a user's own normalizer.

        >>> a = AlignedText.identity("ص.ب 12").edit([(0, 3, "صندوق بريد")])
        >>> a.text, a.span_to_original(0, 5)
        ('صندوق بريد 12', (0, 3))
        """
        src = self.text
        n = len(src)
        pieces: list[str] = []
        pos = _new_map(2**31)  # 8-byte: the output length is not known yet
        dl = _new_map(2**31)
        last = 0
        shift = 0
        for item in edits:
            start, end, rep = item
            if not isinstance(rep, str):
                raise TypeError(f"edit replacement must be str, got {type(rep).__name__}")
            start, end = operator.index(start), operator.index(end)
            if not last <= start <= end <= n:
                raise ValueError(
                    f"edit ({start}, {end}) is out of range, unsorted or "
                    f"overlapping (previous edit ended at {last}, text length "
                    f"{n})"
                )
            pieces.append(src[last:start])
            pieces.append(rep)
            m, k = len(rep), end - start
            if m != k:
                q = start + shift
                for j in range(m):
                    _push(pos, dl, q + j, start - q - j)
                _push(pos, dl, q + m, end - q - m)
                shift += m - k
            last = end
        if not pieces:
            return self
        pieces.append(src[last:])
        return self._derive("".join(pieces), pos, dl)

    def _derive(self, text: str, pos: array[int], dl: array[int]) -> AlignedText:
        """New AlignedText for ``text`` whose map to ``self.text`` is given."""
        limit = len(text) + len(self.text) + len(self.original)
        cpos, cdl = _compose(pos, dl, self._positions, self._deltas, limit)
        return AlignedText(text, self.original, _positions=cpos, _deltas=cdl)


# ---------------------------------------------------------------------------
# Normalizer protocol and the two generic step kinds
# ---------------------------------------------------------------------------


class Normalizer(Protocol):
    """Anything with a ``name`` that turns an AlignedText into another.

    A user's own normalizer is any object of that shape; it can be chained
    with the built-in steps. Use :meth:`AlignedText.edit` to keep the map.

    >>> class ExpandSAW:
    ...     name = "expand_saw"
    ...     def __call__(self, text: AlignedText) -> AlignedText:
    ...         i = text.text.find("ﷺ")
    ...         if i < 0:
    ...             return text
    ...         return text.edit([(i, i + 1, "صلى الله عليه وسلم")])
    >>> align("النبي ﷺ قال", ExpandSAW()).text
    'النبي صلى الله عليه وسلم قال'
    """

    @property
    def name(self) -> str:
        """Short identifier of the step, used in names of chains."""
        ...

    def __call__(self, text: AlignedText) -> AlignedText:
        """Return the normalized form of ``text``, map included."""
        ...


def _check_str(value: object, where: str) -> None:
    if isinstance(value, str):
        return
    hint = ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        hint = "; decode it first, e.g. data.decode('utf-8')"
    raise TypeError(f"{where} expects text as str, got {type(value).__name__}{hint}")


def _check_aligned(value: object, name: str) -> None:
    if not isinstance(value, AlignedText):
        raise TypeError(
            f"normalizer {name!r} expects an AlignedText, got "
            f"{type(value).__name__}; use align(text, normalizer) or "
            f"normalize(text, normalizer) for a str"
        )


def _check_normalizer(value: object) -> None:
    if not callable(value) or not isinstance(getattr(value, "name", None), str):
        raise TypeError(
            f"expected a Normalizer (a callable with a str 'name'), got {type(value).__name__}"
        )


def _checked_result(result: object, given: AlignedText, step: Normalizer) -> AlignedText:
    if not isinstance(result, AlignedText):
        raise TypeError(
            f"normalizer {step.name!r} returned {type(result).__name__}, expected AlignedText"
        )
    if result.original is not given.original and result.original != given.original:
        raise ValueError(f"normalizer {step.name!r} returned an AlignedText of another input")
    return result


def _freeze_mapping(
    mapping: collections.abc.Mapping[str, str] | collections.abc.Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """Validate a char table and store it as sorted pairs (identities dropped)."""
    items = mapping.items() if isinstance(mapping, collections.abc.Mapping) else mapping
    out: dict[str, str] = {}
    for key, value in items:
        if not isinstance(key, str) or len(key) != 1:
            raise TypeError(f"table keys must be single characters, got {key!r}")
        if not isinstance(value, str):
            raise TypeError(f"table values must be str ('' deletes), got {value!r} for {key!r}")
        if key != value:
            out[key] = value
    return tuple(sorted(out.items()))


@lru_cache(maxsize=1)
def _identity_bmp() -> list[str]:
    """``[chr(0), chr(1), ...]`` for the BMP; tables share these objects."""
    return [chr(i) for i in range(0x10000)]


@attrs.frozen(eq=False)
class _CompiledTable:
    """What a TableStep needs at run time, built on first use."""

    translate: collections.abc.Mapping[int, str] | list[str]
    changing: re.Pattern[str] | None
    lengths: dict[str, int]
    keys: re.Pattern[str] | None = None
    """Every character the table changes (``None``: :func:`_apply` always translates)."""
    values: dict[str, str] = attrs.field(factory=dict)


# str.translate looks every character up through a Python int (~30 ns each);
# on short texts, finding the few characters that change and replacing each
# with str.replace is about twice as fast. Past these bounds (a long text: the
# list of matches costs memory; many distinct characters: one pass each) the
# table is used.
_FAST_MAX_CHARS = 1 << 16
_FAST_MAX_DISTINCT = 64


def _apply(s: str, compiled: _CompiledTable) -> str:
    """``s.translate(compiled.translate)``, faster on short texts."""
    keys = compiled.keys
    if keys is None or len(s) > _FAST_MAX_CHARS:
        return s.translate(compiled.translate)
    found = set(keys.findall(s))
    if len(found) > _FAST_MAX_DISTINCT:
        return s.translate(compiled.translate)
    values = compiled.values
    for c in found:
        s = s.replace(c, values[c])
    return s


def _char_class(chars: collections.abc.Iterable[str]) -> str:
    """A regex character class for ``chars``, runs written as ranges."""
    codes = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return f"[{''.join(parts)}]"


def _compile_table(mapping: tuple[tuple[str, str], ...]) -> _CompiledTable:
    # A list indexed by code point is ~2.4x faster in str.translate than a
    # dict; code points past its end raise IndexError, which translate treats
    # as "unchanged" (cheaply). Tables with astral keys fall back to a dict.
    translate: collections.abc.Mapping[int, str] | list[str]
    max_key = max((ord(k) for k, _ in mapping), default=-1)
    if max_key < 0x10000:
        table = _identity_bmp()[: max_key + 1]
        for key, value in mapping:
            table[ord(key)] = value
        translate = table
    else:
        translate = {ord(k): v for k, v in mapping}
    # One plain character class, one character per match: sre scans for it
    # several times faster than for ``[...]+`` or an alternation.
    lengths = {k: len(v) for k, v in mapping if len(v) != 1}
    changing = re.compile(_char_class(lengths)) if lengths else None
    values = {k: v for k, v in mapping if k != v}
    # replacing one character after another equals translating at once only
    # when no replacement holds a character the table changes again
    fixed = values and all(c not in values for v in values.values() for c in v)
    keys = re.compile(_char_class(values)) if fixed else None
    return _CompiledTable(translate, changing, lengths, keys, values)


def _table_map(
    src: str, changing: re.Pattern[str], lengths: dict[str, int], limit: int
) -> tuple[array[int], array[int]]:
    """Breakpoints of a translate table over ``src``: one per change.

    This is the hot loop (one iteration per deleted or expanded character),
    so it appends directly instead of calling :func:`_push`; the result is
    canonical by construction. A deleted character at ``s`` (output
    position ``q``) adds ``(q, s + 1 - q)``, or adds 1 to the last delta when
    it follows another deleted character (same ``q``). A character expanded
    to ``k`` adds ``k - 1`` breakpoints after its first output character,
    each delta one smaller, so all ``k`` map to ``s``.
    """
    pos = _new_map(limit)
    dl = _new_map(limit)
    add_pos, add_delta = pos.append, dl.append
    shift = 0  # output position minus input position, so far
    last_deleted_end = -1
    for m in changing.finditer(src):
        s = m.start()
        k = lengths[src[s]]
        if k == 0:
            if s == last_deleted_end:
                dl[-1] += 1
            else:
                q = s + shift
                add_pos(q)
                add_delta(s + 1 - q)
            shift -= 1
            last_deleted_end = s + 1
        else:
            q = s + shift
            for j in range(1, k):
                add_pos(q + j)
                add_delta(s - q - j)
            shift += k - 1
    return pos, dl


@attrs.frozen
class TableStep:
    """A step that maps each character independently (``str.translate``).

    ``mapping`` maps single characters to a replacement: one character
    (1:1, the map is untouched), ``''`` (deleted) or several characters
    (expanded; every produced character maps back to the input character).
    Most built-in steps are TableSteps, and :class:`Sequence` fuses
    consecutive ones into a single table, so a whole preset runs as one
    pass of the table (``str.translate``, or on a short text one
    ``str.replace`` for each character it changes) plus one regex scan for the
    deletions and expansions.

    >>> strip_sukun = TableStep("strip_sukun", {"ْ": ""})
    >>> normalize("اقراْ", strip_sukun)
    'اقرا'
    >>> a = align("بْت", strip_sukun)
    >>> a.text, a.to_original(1)
    ('بت', 2)
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    """Short identifier of the step."""

    mapping: tuple[tuple[str, str], ...] = attrs.field(converter=_freeze_mapping)
    """The table, as sorted ``(character, replacement)`` pairs."""

    doc: str = attrs.field(default="", eq=False, repr=False, kw_only=True)
    """What the step does and why (built-in steps carry a runnable example)."""

    _cache: list[_CompiledTable] = attrs.field(init=False, factory=list, eq=False, repr=False)

    def _compiled(self) -> _CompiledTable:
        cache = self._cache
        if not cache:
            cache.append(_compile_table(self.mapping))
        return cache[0]

    def __call__(self, text: AlignedText) -> AlignedText:
        """Apply the table to ``text``, keeping the map."""
        _check_aligned(text, self.name)
        compiled = self._compiled()
        src = text.text
        out = _apply(src, compiled)
        if compiled.changing is None:  # 1:1 table: offsets do not move
            return AlignedText(out, text.original, _positions=text._positions, _deltas=text._deltas)
        limit = len(out) + len(src) + len(text.original)
        pos, dl = _table_map(src, compiled.changing, compiled.lengths, limit)
        return text._derive(out, pos, dl)

    def normalize_str(self, s: str) -> str:
        """Apply the table to a plain string (no map is built)."""
        _check_str(s, f"{self.name}.normalize_str()")
        return _apply(s, self._compiled())


def _compile_pattern(pattern: str | re.Pattern[str]) -> re.Pattern[str]:
    if isinstance(pattern, re.Pattern):
        if not isinstance(pattern.pattern, str):
            raise TypeError("PatternStep needs a str pattern, not a bytes one")
        return pattern
    if isinstance(pattern, str):
        return re.compile(pattern)
    raise TypeError(f"PatternStep pattern must be str or re.Pattern, got {type(pattern).__name__}")


Replacement: TypeAlias = "str | collections.abc.Callable[[re.Match[str]], str]"


@attrs.frozen
class PatternStep:
    """A step that substitutes regex matches (like ``re.sub``), keeping the map.

    ``repl`` is a template (``\\1`` works) or a function of the match. A
    replacement of the same length as its match is mapped 1:1; any other
    one maps all its characters to the start of the match. Unlike a table
    step, a pattern step need not be idempotent: that is up to its pattern.

    >>> squeeze = PatternStep("squeeze_spaces", r"[ \\t]{2,}", " ")
    >>> a = align("عاجل    الآن", squeeze)
    >>> a.text, a.span_to_original(5, 9)
    ('عاجل الآن', (8, 12))
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    """Short identifier of the step."""

    pattern: re.Pattern[str] = attrs.field(converter=_compile_pattern)
    """The compiled pattern (a str given here is compiled with ``re``)."""

    repl: Replacement = attrs.field()
    """Replacement template or function, as for ``re.sub``."""

    @repl.validator
    def _check_repl(self, _: attrs.Attribute[Replacement], value: object) -> None:
        if not isinstance(value, str) and not callable(value):
            raise TypeError(f"PatternStep repl must be str or callable, got {type(value).__name__}")

    def __call__(self, text: AlignedText) -> AlignedText:
        """Substitute every match in ``text``, keeping the map."""
        _check_aligned(text, self.name)
        repl = self.repl
        edits: list[tuple[int, int, str]] = []
        if isinstance(repl, str):
            literal = "\\" not in repl
            for m in self.pattern.finditer(text.text):
                edits.append((m.start(), m.end(), repl if literal else m.expand(repl)))
        else:
            for m in self.pattern.finditer(text.text):
                rep = repl(m)
                if not isinstance(rep, str):
                    raise TypeError(
                        f"PatternStep {self.name!r}: repl returned "
                        f"{type(rep).__name__}, expected str"
                    )
                edits.append((m.start(), m.end(), rep))
        return text.edit(edits)

    def normalize_str(self, s: str) -> str:
        """Substitute every match in a plain string (no map is built)."""
        _check_str(s, f"{self.name}.normalize_str()")
        return self.pattern.sub(self.repl, s)


# ---------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------


def _fuse(a: TableStep, b: TableStep) -> TableStep:
    """One table equal to applying ``a`` then ``b`` (translate composes)."""
    first = dict(a.mapping)
    second = {ord(k): v for k, v in b.mapping}
    keys = set(first) | {k for k, _ in b.mapping}
    fused = {k: first.get(k, k).translate(second) for k in keys}
    return TableStep(f"{a.name}+{b.name}", fused)


def _to_steps(
    steps: collections.abc.Iterable[Normalizer],
) -> tuple[Normalizer, ...]:
    given: object = steps  # typed for callers; checked for everyone else
    if isinstance(given, (str, bytes)) or not isinstance(given, collections.abc.Iterable):
        raise TypeError(f"Sequence expects an iterable of normalizers, got {type(given).__name__}")
    out = tuple(steps)
    for step in out:
        _check_normalizer(step)
    return out


@attrs.frozen
class Sequence:
    """Several normalizers applied in order, as one normalizer.

    Consecutive :class:`TableStep` s (also inside nested sequences) are fused
    into a single table, so the result equals running the steps one by one
    but costs one pass. ``name`` defaults to the steps' names joined by
    ``+``.

    >>> clean = Sequence([strip_tatweel, strip_diacritics])
    >>> clean.name
    'strip_tatweel+strip_diacritics'
    >>> normalize("الـعَـرَبِـيّـة", clean)
    'العربية'
    """

    steps: tuple[Normalizer, ...] = attrs.field(converter=_to_steps)
    """The steps, in the order they run."""

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    """Short identifier; defaults to the steps' names joined by ``+``."""

    doc: str = attrs.field(default="", eq=False, repr=False, kw_only=True)
    """What the sequence is for (the presets carry a runnable example)."""

    _plan: tuple[Normalizer, ...] = attrs.field(init=False, eq=False, repr=False)

    @name.default
    def _default_name(self) -> str:
        return "+".join(step.name for step in self.steps)

    @_plan.default
    def _default_plan(self) -> tuple[Normalizer, ...]:
        plan: list[Normalizer] = []
        for step in self.steps:
            for sub in step._plan if isinstance(step, Sequence) else (step,):
                if plan and isinstance(sub, TableStep) and isinstance(plan[-1], TableStep):
                    plan[-1] = _fuse(plan[-1], sub)
                else:
                    plan.append(sub)
        return tuple(plan)

    def __call__(self, text: AlignedText) -> AlignedText:
        """Run every step on ``text`` in order, keeping the map."""
        _check_aligned(text, self.name)
        for step in self._plan:
            text = _checked_result(step(text), text, step)
        return text

    def normalize_str(self, s: str) -> str:
        """Run every step on a plain string (maps skipped where possible)."""
        _check_str(s, f"{self.name}.normalize_str()")
        for step in self._plan:
            if isinstance(step, (TableStep, PatternStep)):
                s = step.normalize_str(s)
            else:
                given = AlignedText.identity(s)
                s = _checked_result(step(given), given, step).text
        return s


def chain(*steps: Normalizer) -> Sequence:
    """Compose ``steps`` into one normalizer (same as ``Sequence(steps)``).

    >>> normalize("أَحْمَد", chain(strip_diacritics, fold_alef))
    'احمد'
    """
    return Sequence(steps)


# ---------------------------------------------------------------------------
# Character tables of the built-in steps
# ---------------------------------------------------------------------------


def _chars(*ranges: tuple[int, int] | int) -> list[str]:
    out: list[str] = []
    for r in ranges:
        if isinstance(r, int):
            out.append(chr(r))
        else:
            out.extend(chr(c) for c in range(r[0], r[1] + 1))
    return out


# Combining marks written over or under Arabic letters. The ranges are spelled
# out (not taken from unicodedata) so that every Python version strips the
# same set. Only nonspacing marks are listed: U+06DD and U+08E2 (end of ayah,
# they enclose a number) and U+06DE, U+06E9 (symbols) are visible and stay.
_DIACRITICS = _chars(
    (0x064B, 0x0652),  # tanween, harakat, shadda, sukun
    # maddah and hamza above/below: NFC text composes them into آ أ إ ؤ ئ,
    # so only decomposed text has them; dropping them agrees with fold_alef.
    (0x0653, 0x0655),
    (0x0656, 0x065F),  # subscript alef, inverted damma and other vowel signs
    0x0670,  # dagger (superscript) alef
    (0x0610, 0x061A),  # honorific signs and small Quranic vowels
    (0x06D6, 0x06DC),  # Quranic annotation (small high ligatures)
    (0x06DF, 0x06E4),
    # small waw / small yeh (category Lm, but written after a letter like a
    # vowel sign in Quranic text, e.g. the long vowel of a pronoun)
    (0x06E5, 0x06E6),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0897, 0x089F),  # Quranic marks added in Unicode 14 and 16
    (0x08CA, 0x08E1),
    (0x08E3, 0x08FF),
)

_TATWEEL = "\u0640"

# Invisible format and control characters that only get in the way of
# matching. \t \n \r \v \f and U+0085 stay: they separate words and lines
# (str.splitlines breaks on \v \f U+0085), and removing them would glue
# lines together. U+2028/U+2029 stay for the same reason.
_INVISIBLE = _chars(
    (0x0000, 0x0008),  # C0 controls, NUL included
    (0x000E, 0x001F),
    0x007F,  # DEL
    (0x0080, 0x0084),  # C1 controls, minus U+0085 (NEL, a line break)
    (0x0086, 0x009F),
    0x00AD,  # soft hyphen
    0x034F,  # combining grapheme joiner
    0x061C,  # Arabic letter mark
    0x180E,  # Mongolian vowel separator (was a space, now a format char)
    # ZWSP, ZWNJ, ZWJ, LRM, RLM. ZWNJ matters in Persian spelling
    # (می‌خواهم), but in Arabic news it is an artefact of copy and paste, and
    # for matching a word must match with or without it.
    (0x200B, 0x200F),
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible math operators
    (0x2066, 0x2069),  # bidi isolates
    (0x206A, 0x206F),  # deprecated format characters
    0xFEFF,  # byte order mark / zero width no-break space
)

# Space characters that look like a plain space. 1:1: runs are not collapsed
# (use a PatternStep for that), so offsets never move.
_SPACES = _chars(0x00A0, 0x1680, (0x2000, 0x200A), 0x202F, 0x205F, 0x3000)

_ALEF = {
    "\u0623": "ا",  # alef with hamza above
    "\u0625": "ا",  # alef with hamza below
    "\u0622": "ا",  # alef with madda
    "\u0671": "ا",  # alef wasla
    "\u0672": "ا",  # alef with wavy hamza above
    "\u0673": "ا",  # alef with wavy hamza below
    "\u0675": "ا",  # high hamza alef (NFKC gives alef + U+0674)
}

_YEH = {"\u0649": "ي"}  # alef maqsura; ئ is a hamza seat, see fold_hamza

_HAMZA = {
    "\u0624": "و",  # waw with hamza above
    "\u0626": "ي",  # yeh with hamza above
}  # the lone hamza ء is a letter of its own and stays

_TEH_MARBUTA = {"\u0629": "ه"}

# Persian and Urdu letters to the Arabic letter an Arabic reader would write.
# They come in through Persian/Urdu keyboards and CMSs (ی and ک above all);
# each maps 1:1.
_PERSIAN = {
    "\u06cc": "ي",  # ی Farsi yeh: the everyday Persian yeh
    "\u06d0": "ي",  # ې Pashto/Uyghur e
    "\u06cd": "ي",  # ۍ yeh with tail (Pashto)
    "\u06d2": "ي",  # ے yeh barree (Urdu)
    # ۓ is ے with hamza above: keep the hamza, as ئ, so that this step alone
    # loses nothing; fold_hamza then takes it to ي.
    "\u06d3": "\u0626",
    "\u06a9": "ك",  # ک keheh: the Persian/Urdu kaf
    "\u06aa": "ك",  # ڪ swash kaf
    # Heh shapes. ە (Kurdish ae) and ہ (Urdu heh goal) are written where an
    # Arabic writer puts ه. ھ (heh doachashmee) is an aspiration mark in Urdu
    # but Kurdish and Uyghur keyboards type it for plain ه, which is how it
    # shows up in Arabic news text, so it folds to ه too. ۀ and ۂ are those
    # hehs with a hamza (the Persian ezafe); the hamza is dropped.
    "\u06d5": "ه",
    "\u06c1": "ه",
    "\u06be": "ه",
    "\u06c0": "ه",
    "\u06c2": "ه",
    "\u06c3": "\u0629",  # ۃ teh marbuta goal (Urdu) is a teh marbuta
    # Not folded: گ gaf, پ peh, چ tcheh, ژ jeh, ڤ veh and the Urdu
    # retroflexes (ٹ ڈ ڑ) are separate sounds. Arabic writers spell them with
    # different letters (گ as ج, غ or ك depending on the country), so no
    # single fold is right, and no marker needs them.
}

_DIGITS = {
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic ٠-٩
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian ۰-۹
}

_PUNCTUATION = {
    "\u060c": ",",  # ، Arabic comma
    "\u061b": ";",  # ؛ Arabic semicolon
    "\u061f": "?",  # ؟ Arabic question mark
    "\u06d4": ".",  # ۔ Arabic full stop (Urdu)
    "\u066a": "%",  # ٪ Arabic percent sign
    "\u066b": ".",  # ٫ Arabic decimal separator
    "\u066c": ",",  # ٬ Arabic thousands separator
    "\u066d": "*",  # ٭ Arabic five-pointed star, used as a bullet/asterisk
    "\uff01": "!",  # fullwidth forms, from East Asian input methods
    "\uff0c": ",",
    "\uff1a": ":",
    "\uff1b": ";",
    "\uff1f": "?",
    "\u00ab": '"',  # « guillemets, the usual Arabic quotes
    "\u00bb": '"',  # »
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",  # horizontal bar
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # … ellipsis: one character becomes three
}


def _presentation_forms() -> dict[str, str]:
    """NFKC of each Arabic presentation form (U+FB50-FDFF, U+FE70-FEFF).

    Computed per character, so lam-alef ligatures expand 1 -> 2 and ﷺ to a
    whole phrase. One exception: the spacing forms of the harakat (U+FE70...,
    U+FC5E-FC63) decompose to a space plus the mark; the space is dropped
    so that a stray spacing mark does not split a word in two.
    """
    table: dict[str, str] = {}
    for lo, hi in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF)):
        for code in range(lo, hi + 1):
            ch = chr(code)
            nfkc = unicodedata.normalize("NFKC", ch)
            if nfkc == ch:
                continue
            if nfkc[:1] == " " and all(unicodedata.category(c) == "Mn" for c in nfkc[1:]):
                nfkc = nfkc[1:]
            table[ch] = nfkc
    return table


# ---------------------------------------------------------------------------
# Built-in steps
# ---------------------------------------------------------------------------

strip_diacritics = TableStep(
    "strip_diacritics",
    dict.fromkeys(_DIACRITICS, ""),
    doc="""Delete harakat, tanween, shadda, sukun, dagger alef and Quranic marks.

    >>> normalize("مُحَمَّدٌ", strip_diacritics)
    'محمد'
    >>> a = align("كَتَبَ", strip_diacritics)
    >>> a.text, a.to_original(1), a.span_to_original(0, 1)
    ('كتب', 2, (0, 2))
    """,
)

strip_tatweel = TableStep(
    "strip_tatweel",
    {_TATWEEL: ""},
    doc="""Delete tatweel (kashida, U+0640), the elongation stroke.

    >>> normalize("الـعـربـيـة", strip_tatweel)
    'العربية'
    """,
)

fold_alef = TableStep(
    "fold_alef",
    _ALEF,
    doc="""Fold alef with hamza, madda or wasla (أ إ آ ٱ ٲ ٳ ٵ) to bare alef ا.

    >>> normalize("إسلام أحمد آمن ٱلعلم", fold_alef)
    'اسلام احمد امن العلم'
    """,
)

fold_yeh = TableStep(
    "fold_yeh",
    _YEH,
    doc="""Fold alef maqsura ى to yeh ي (ئ is left to fold_hamza).

    >>> normalize("مستشفى على", fold_yeh)
    'مستشفي علي'
    """,
)

fold_persian = TableStep(
    "fold_persian",
    _PERSIAN,
    doc="""Fold Persian/Urdu yeh, kaf and heh shapes to the Arabic letters.

    >>> normalize("کلمات دلالیة", fold_persian)
    'كلمات دلالية'
    >>> normalize("ھذہ", fold_persian)
    'هذه'
    """,
)

fold_teh_marbuta = TableStep(
    "fold_teh_marbuta",
    _TEH_MARBUTA,
    doc="""Fold teh marbuta ة to heh ه (writers often swap them at word end).

    >>> normalize("مدرسة جديدة", fold_teh_marbuta)
    'مدرسه جديده'
    """,
)

fold_hamza = TableStep(
    "fold_hamza",
    _HAMZA,
    doc="""Fold hamza on a seat to the seat: ؤ -> و, ئ -> ي; a lone ء stays.

    >>> normalize("مسؤول رئيس سماء", fold_hamza)
    'مسوول رييس سماء'
    """,
)

fold_digits = TableStep(
    "fold_digits",
    _DIGITS,
    doc="""Fold Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII 0-9.

    >>> normalize("عام ٢٠٢٤ و۱۴۰۳", fold_digits)
    'عام 2024 و1403'
    """,
)

strip_invisible = TableStep(
    "strip_invisible",
    dict.fromkeys(_INVISIBLE, ""),
    doc="""Delete zero-width, bidi and control characters (not \\t \\n \\r).

    >>> normalize("خبر\\u200f عاجل\\u200b\\n", strip_invisible)
    'خبر عاجل\\n'
    """,
)

fold_spaces = TableStep(
    "fold_spaces",
    dict.fromkeys(_SPACES, " "),
    doc="""Fold no-break and typographic spaces to ' ' (1:1, runs kept).

    >>> normalize("قبل\\u00a0ساعة\\u2009واحدة", fold_spaces)
    'قبل ساعة واحدة'
    """,
)

fold_punctuation = TableStep(
    "fold_punctuation",
    _PUNCTUATION,
    doc="""Fold Arabic and typographic punctuation to ASCII.

    The ellipsis … becomes ``...``: an expansion that the map keeps.

    >>> normalize("ماذا حدث؟ قال: «لا شيء»…", fold_punctuation)
    'ماذا حدث? قال: "لا شيء"...'
    >>> normalize("٥٠٪، تقريبا", fold_punctuation)
    '٥٠%, تقريبا'
    """,
)

fold_ligatures = TableStep(
    "fold_ligatures",
    _presentation_forms(),
    doc="""Replace Arabic presentation forms by their letters (NFKC per char).

    Lam-alef ligatures expand 1 -> 2; both letters map back to the ligature.

    >>> a = align("ﻻ ﺑﺄﺱ", fold_ligatures)
    >>> a.text, a.span_to_original(1, 2)
    ('لا بأس', (0, 1))
    >>> normalize("ﷲ", fold_ligatures)
    'الله'
    """,
)

lowercase_ascii = TableStep(
    "lowercase_ascii",
    {chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
    doc="""Lowercase ASCII A-Z only (other scripts and letters untouched).

    >>> normalize("CNN عربي", lowercase_ascii)
    'cnn عربي'
    """,
)


# ---------------------------------------------------------------------------
# Presets
# ---------------------------------------------------------------------------

MATCHING = Sequence(
    [
        strip_invisible,
        fold_ligatures,  # before the folds: ligatures produce ى, ة, marks...
        strip_diacritics,
        strip_tatweel,
        fold_alef,
        fold_yeh,
        fold_persian,  # ۓ -> ئ, so before fold_hamza
        fold_hamza,
        fold_teh_marbuta,
        fold_digits,
        fold_spaces,
        fold_punctuation,
        lowercase_ascii,
    ],
    name="matching",
    doc="""Everything that should not stop a marker from matching.

    Runs as a single translate table. Lossy on purpose: use it to find
    things, then map the match back with span_to_original.

    >>> variants = ["إقرأ أيضاً", "اقرأ ايضا", "اقـرأ أيـضـاً", "اقرأ أيضًا", "اقراْ ايضا"]
    >>> {normalize(v) for v in variants}
    {'اقرا ايضا'}
    >>> normalize("کلمات دلالیة: الرئیس") == normalize("كلمات دلالية: الرئيس")
    True
    """,
)

DISPLAY = Sequence(
    [strip_invisible, fold_spaces, strip_tatweel],
    name="display",
    doc="""A conservative clean-up for text shown to people.

    Only removes what cannot be seen or carries no meaning: invisible and
    control characters, exotic spaces (to ' ') and tatweel. Letters,
    hamza, diacritics, digits and punctuation are left exactly as written.

    >>> normalize("الـعـربية\\u200f\\u00a0اليوم", DISPLAY)
    'العربية اليوم'
    >>> normalize("مُحَمَّد ٢٠٢٤", DISPLAY)
    'مُحَمَّد ٢٠٢٤'
    """,
)


# ---------------------------------------------------------------------------
# Convenience
# ---------------------------------------------------------------------------


def align(text: str, normalizer: Normalizer = MATCHING) -> AlignedText:
    """Normalize ``text`` and keep the map back to it.

    >>> a = align("كلمات دلالية: الرئیس")
    >>> a.text
    'كلمات دلاليه: الرييس'
    >>> start = a.text.index("الرييس")
    >>> a.original[slice(*a.span_to_original(start, start + 6))]
    'الرئیس'
    """
    _check_str(text, "align()")
    _check_normalizer(normalizer)
    given = AlignedText.identity(text)
    return _checked_result(normalizer(given), given, normalizer)


def normalize(text: str, normalizer: Normalizer = MATCHING) -> str:
    """Normalize ``text`` without building the map (same text as :func:`align`).

    >>> normalize("اقـرأ أيـضـاً")
    'اقرا ايضا'
    """
    _check_str(text, "normalize()")
    _check_normalizer(normalizer)
    if isinstance(normalizer, (TableStep, PatternStep, Sequence)):
        return normalizer.normalize_str(text)
    given = AlignedText.identity(text)
    return _checked_result(normalizer(given), given, normalizer).text


__test__ = {
    step.name: step.doc
    for step in (
        strip_diacritics,
        strip_tatweel,
        fold_alef,
        fold_yeh,
        fold_persian,
        fold_teh_marbuta,
        fold_hamza,
        fold_digits,
        strip_invisible,
        fold_spaces,
        fold_punctuation,
        fold_ligatures,
        lowercase_ascii,
        MATCHING,
        DISPLAY,
    )
}
