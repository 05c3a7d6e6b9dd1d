""":class:`AlignedText`: a string with the map of its offsets back to the input.

>>> AlignedText.identity("نص").to_original(2)
2
"""

from __future__ import annotations

import collections.abc
import operator
from array import array
from bisect import bisect_right

import attrs

# ---------------------------------------------------------------------------
# The aligned string and its offset map
# ---------------------------------------------------------------------------


def _check_str(value: object, where: str) -> None:
    if isinstance(value, str):
        return
    hint = ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        hint = "; decode it first, e.g. data.decode('utf-8')"
    raise TypeError(f"{where} expects text as str, got {type(value).__name__}{hint}")



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


def offset_map(text: AlignedText) -> tuple[array[int], array[int]]:
    """The stored map of ``text`` as its two arrays, positions and deltas: what
    :attr:`AlignedText.breakpoints` gives as pairs, without a Python object a
    breakpoint (the engine's offset mapping over a whole page). Not to be changed.

    >>> from newsseg.normalize import align, strip_diacritics
    >>> [list(a) for a in offset_map(align("مُحَمَّد", strip_diacritics))]
    [[1, 2, 3], [1, 2, 4]]
    """
    return text._positions, text._deltas


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

    >>> from newsseg.normalize import align
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

        >>> from newsseg.normalize import align, strip_diacritics
        >>> align("مُحَمَّد", strip_diacritics).breakpoints
        ((1, 1), (2, 2), (3, 4))
        """
        return tuple(zip(self._positions, self._deltas, strict=True))

    def to_original(self, i: int) -> int:
        """Map offset ``i`` of :attr:`text` (``0 <= i <= len(text)``) to the input.

        A kept character maps to where it stands in the input; a character
        produced by expanding one input character maps to that character;
        ``len(text)`` maps to ``len(original)``.

        >>> from newsseg.normalize import align, fold_ligatures
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

        >>> from newsseg.normalize import MATCHING, align
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
