"""The working state of one segmentation: the page's text, its normalized
form, and the :class:`Block` spans that stages label, split and merge.

A reader makes the draft (:meth:`Draft.from_text` for plain text,
:func:`newsseg.formats.html.reader.build_draft` for HTML), the stages of a
:class:`~newsseg.Pipeline` work on it, and :meth:`Draft.to_document` freezes
it into a :class:`~newsseg.Document`.

>>> import newsseg
>>> d = Draft.from_text("عنوان\\nنص", newsseg.Lexicon.default().compile())
>>> [d.raw(b) for b in d.blocks]
['عنوان', 'نص']
"""

from __future__ import annotations

import bisect
import itertools
import operator
from array import array
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import attrs

from newsseg.engine import shape as _shape
from newsseg.errors import PipelineError
from newsseg.lexicon import CompiledLexicon
from newsseg.model import Document, Kind, Metadata, Segment
from newsseg.normalize import MATCHING, AlignedText, Normalizer, align, normalize
from newsseg.normalize.aligned import offset_map

_F = TypeVar("_F")
# Kinds whose segments are headlines (Document.read_also, Document.related).
_HEADLINE_KINDS = (Kind.READ_ALSO, Kind.RELATED)

__all__ = ["Block", "Draft", "norm_offsets"]


@attrs.define(slots=True, eq=False)
class Block:
    """A trimmed span of the page, the unit stages label.

    ``start``/``end`` are offsets in ``Draft.text``; ``nstart``/``nend`` the
    same span in the normalized text ``Draft.norm.text``.

    >>> Block(0, 4, 0, 4, line=0).kind is None
    True
    """

    start: int
    end: int
    nstart: int
    nend: int
    line: int
    """Index of the input line (or HTML block) the block comes from."""
    kind: Kind | None = None
    rule: str = ""
    path: str | None = None
    """For HTML input: the XPath of the element."""
    value_at: int = -1
    """Where the value after the block's marker starts (an input offset; -1:
    none): ``الحرة`` in ``المصدر: الحرة``. Written by ``markers`` (and the
    HTML ``boxes``); becomes :attr:`Segment.value`."""
    keep_apart: bool = False
    """The block stays a segment of its own, not merged with its neighbours
    of the same line, kind and rule (two markers on one line, list items).
    Written by ``markers``, ``boxes``."""
    list_head: bool = False
    """A marker that stands alone and heads the list after it (``مقالات مشابهة``).
    Written by ``markers``; read by ``lists``, ``secondary``, ``article``."""
    value_next: bool = False
    """A field marker whose value is on the next line (``المصدر:`` alone).
    Written by ``markers``; read by ``lists``."""
    tail: bool = False
    """The short closing piece that ``blocks`` cut off a run-on line (a credit,
    a site name). Read by ``captions``."""
    ntext: str | None = attrs.field(default=None, repr=False)
    """Cache of the normalized text (filled by :meth:`Draft.norm_text` on a page
    of at most :data:`NTEXT_CACHE_CHARS` normalized characters, and by the HTML reader)."""
    nwords: int = attrs.field(default=-1, repr=False)
    """Cache of the word count (filled by :meth:`Draft.words`)."""
    para: int = attrs.field(default=-1, repr=False)
    """Cache of :meth:`Draft.is_paragraph` (-1: not computed yet)."""


# On a page longer than this (normalized characters), Draft.norm_text slices
# the normalized text at every call instead of keeping the slice on the block:
# kept, the slices would hold a second copy of a huge page's normalized text
# through the whole pipeline (1.3x the page's UTF-8 size). Each stage reads a
# block's text about once; slicing again costs about 2 % more instructions.
NTEXT_CACHE_CHARS = 1 << 20

_WS = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` without the white space at its ends, as offsets."""
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return start, end


def norm_offsets(
    norm: AlignedText, offsets: list[int], *, inverse: array[int] | None = None
) -> list[int]:
    """For sorted input offsets, the normalized offsets :meth:`Draft.norm_index`
    gives (the first normalized character from at or after each), in one pass.

    ``inverse``, the input offset where each breakpoint's run starts (the
    map's positions plus its deltas), lets the pass start at the run of the
    first offset rather than at the page's start: a few offsets deep in a
    large page (a block's pieces) cost the breakpoints they span, not all
    those before them.

    >>> from newsseg.normalize import align
    >>> a = align("قـال: اقـرأ")
    >>> norm_offsets(a, [0, 2, 4, 11])
    [0, 1, 3, 9]
    >>> inverse = array("q", [p + d for p, d in zip(*offset_map(a))])
    >>> norm_offsets(a, [4, 11], inverse=inverse)
    [3, 9]
    """
    n = len(norm.text)
    positions, deltas = offset_map(norm)
    # runs of normalized positions [start, stop) where to_original(i) == i + delta;
    # the offsets a run maps are those up to its last original position (the
    # map is monotone), found by bisection: one list comprehension a run
    # (iterated from the map's arrays: no Python object a breakpoint)
    first = bisect.bisect_left(inverse, offsets[0]) if inverse and offsets else 0
    if first == 0:
        starts: Iterable[int] = itertools.chain((0,), positions)
        steps: Iterable[int] = itertools.chain((0,), deltas)
    else:
        # a run before it ends at or before where the next one starts, which is
        # before the first offset: it maps none (memoryview slices copy nothing)
        starts = memoryview(positions)[first - 1 :]
        steps = memoryview(deltas)[first - 1 :]
    stops = itertools.chain(memoryview(positions)[first:], (n + 1,))
    out: list[int] = []
    i = 0
    m = len(offsets)
    for s, d, stop in zip(starts, steps, stops, strict=True):
        if stop <= s:
            continue
        j = bisect.bisect_right(offsets, stop - 1 + d, i)
        if j > i:
            out += [x if x > s else s for x in [o - d for o in offsets[i:j]]]
            i = j
            if i == m:
                break
    out += [n] * (m - i)
    return [x if x < n else n for x in out]


class Draft:
    """The working state of one segmentation: the text, its normalized form and the blocks.

    Stages read block text through :meth:`raw` (input text) or :meth:`norm_text`
    (normalized for matching), and label with :meth:`label`.

    >>> import newsseg
    >>> d = Draft.from_text("اقـرأ أيضـاً: عنوان\\nنص", newsseg.Lexicon.default().compile())
    >>> [d.norm_text(b) for b in d.blocks]
    ['اقرا ايضا: عنوان', 'نص']
    """

    __slots__ = (
        "_cache_ntext", "_facts", "_inverse", "blocks", "format", "lexicon", "norm", "text"
    )

    def __init__(
        self,
        text: str,
        norm: AlignedText,
        blocks: list[Block],
        lexicon: CompiledLexicon,
        *,
        format: str = "text",
    ) -> None:
        self.text = text
        self.norm = norm
        self.blocks = blocks
        self.lexicon = lexicon
        self.format = format
        self._facts: dict[type[Any], object] = {}
        self._inverse: array[int] | None = None
        self._cache_ntext = len(norm.text) <= NTEXT_CACHE_CHARS

    # ----------------------------------------------------------- building

    @classmethod
    def from_text(
        cls,
        text: str,
        lexicon: CompiledLexicon,
        *,
        normalizer: Normalizer = MATCHING,
        format: str = "text",
    ) -> Draft:
        """Split ``text`` into one block per non-blank line (trimmed).

        >>> import newsseg
        >>> d = Draft.from_text("  أ\\n\\n ب ", newsseg.Lexicon.default().compile())
        >>> [(b.start, b.end) for b in d.blocks]
        [(2, 3), (6, 7)]
        """
        norm = normalizer(AlignedText.identity(text))
        draft = cls(text, norm, [], lexicon, format=format)
        pos = 1 if text.startswith("\ufeff") else 0  # a byte-order mark is no content
        n = len(text)
        line = 0
        spans: list[int] = []  # start, end of each block
        lines: list[int] = []
        while pos <= n:
            nl = text.find("\n", pos)
            if nl < 0:
                nl = n
            s, e = _trim(text, pos, nl)
            if s < e:
                spans += (s, e)
                lines.append(line)
            line += 1
            pos = nl + 1
        # the normalized bounds of all blocks in one pass (norm_index one by one
        # costs a bisection and two checks a bound)
        bounds = norm_offsets(norm, spans) if offset_map(norm)[0] else spans
        draft.blocks = [
            Block(spans[2 * i], spans[2 * i + 1], bounds[2 * i], bounds[2 * i + 1], ln)
            for i, ln in enumerate(lines)
        ]
        return draft

    def _inverse_map(self) -> array[int]:
        """The input offset where each breakpoint's run of the offset map
        starts (positions plus deltas), made once a draft."""
        starts = self._inverse
        if starts is None:
            starts = self._inverse = array("q", map(operator.add, *offset_map(self.norm)))
        return starts

    def norm_index(self, offset: int) -> int:
        """The normalized offset of input offset ``offset`` (the first normalized
        character that comes from at or after it).

        >>> import newsseg
        >>> d = Draft.from_text("اَلْعَرَبِيَّةُ", newsseg.Lexicon.default().compile())
        >>> d.norm_index(len(d.text)) == len(d.norm.text)
        True
        """
        norm = self.norm
        positions, deltas = offset_map(norm)
        starts = self._inverse_map()
        if not starts:
            return min(offset, len(norm.text))
        k = bisect.bisect_right(starts, offset) - 1
        if k < 0:
            guess = min(offset, positions[0])
        else:
            guess = max(positions[k], offset - deltas[k])
            if k + 1 < len(positions):
                guess = min(guess, positions[k + 1])
        guess = min(guess, len(norm.text))
        if norm.to_original(guess) >= offset and (
            guess == 0 or norm.to_original(guess - 1) < offset
        ):
            return guess
        lo, hi = 0, len(norm.text)
        while lo < hi:
            mid = (lo + hi) // 2
            if norm.to_original(mid) < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def make_block(self, start: int, end: int, line: int, **kw: Any) -> Block:
        """A new block over input span ``start:end`` with its normalized span.

        >>> import newsseg
        >>> d = Draft.from_text("أهلاً وسهلاً", newsseg.Lexicon.default().compile())
        >>> b = d.make_block(6, 12, 0)
        >>> d.norm_text(b)
        'وسهلا'
        """
        return Block(start, end, self.norm_index(start), self.norm_index(end), line, **kw)

    # -------------------------------------------------------- page facts

    def put(self, fact: object) -> None:
        """Keep a page-level fact for later stages, found again by its type
        (one fact a type: a second of the same type replaces the first).

        >>> import attrs, newsseg
        >>> @attrs.frozen
        ... class Section:
        ...     name: str
        >>> d = Draft.from_text("نص", newsseg.Lexicon.default().compile())
        >>> d.put(Section("اقتصاد"))
        >>> d.fact(Section).name, d.find(int)
        ('اقتصاد', None)
        """
        self._facts[type(fact)] = fact

    def find(self, kind: type[_F]) -> _F | None:
        """The page fact of type ``kind`` that a stage :meth:`put`, or ``None``.

        >>> import newsseg
        >>> Draft.from_text("نص", newsseg.Lexicon.default().compile()).find(str) is None
        True
        """
        fact = self._facts.get(kind)
        return fact if isinstance(fact, kind) else None

    def fact(self, kind: type[_F]) -> _F:
        """The page fact of type ``kind``; a :class:`~newsseg.errors.PipelineError`
        names the missing fact when no stage or reader has put one.

        >>> import newsseg
        >>> Draft.from_text("نص", newsseg.Lexicon.default().compile()).fact(float)
        ... # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        newsseg.errors.PipelineError: this draft has no float: ...
        """
        fact = self.find(kind)
        if fact is None:
            raise PipelineError(
                f"this draft has no {kind.__name__}: no reader or earlier stage put one "
                "(is an HTML stage running on a text page, or a stage before the one it needs?)"
            )
        return fact


    # ------------------------------------------------------------ reading

    def raw(self, block: Block) -> str:
        """The block's input text.

        >>> import newsseg
        >>> d = Draft.from_text("نص", newsseg.Lexicon.default().compile())
        >>> d.raw(d.blocks[0])
        'نص'
        """
        return self.text[block.start : block.end]

    def norm_text(self, block: Block) -> str:
        """The block's normalized text (for matching; kept on the block, but
        on a page of more than :data:`NTEXT_CACHE_CHARS` characters).

        >>> import newsseg
        >>> d = Draft.from_text("إقرأ", newsseg.Lexicon.default().compile())
        >>> d.norm_text(d.blocks[0])
        'اقرا'
        """
        cached = block.ntext
        if cached is None:
            cached = self.norm.text[block.nstart : block.nend]
            if self._cache_ntext:
                block.ntext = cached
        return cached

    def words(self, block: Block) -> int:
        """Number of words in the block (cached).

        >>> import newsseg
        >>> d = Draft.from_text("اقرأ أيضا: خبر", newsseg.Lexicon.default().compile())
        >>> d.words(d.blocks[0])
        3
        """
        n = block.nwords
        if n < 0:
            n = block.nwords = _shape.words(self.norm_text(block))
        return n

    def is_paragraph(self, block: Block) -> bool:
        """Whether the block reads as running text (cached; see ``stages/_shape.py``).

        >>> import newsseg
        >>> d = Draft.from_text("عنوان قصير", newsseg.Lexicon.default().compile())
        >>> d.is_paragraph(d.blocks[0])
        False
        """
        p = block.para
        if p < 0:
            p = block.para = int(_shape.paragraph_like(self.norm_text(block),
                                                       n=self.words(block)))
        return bool(p)

    def last_paragraph(self) -> int:
        """Index of the last unlabelled block that reads as running text, or -1.

        >>> import newsseg
        >>> d = Draft.from_text("عنوان\\nفقرة من نص الخبر تكفي لتكون جملة كاملة في المقال.\\nسطر",
        ...                     newsseg.Lexicon.default().compile())
        >>> d.last_paragraph()
        1
        """
        for i in range(len(self.blocks) - 1, -1, -1):
            b = self.blocks[i]
            if b.kind is None and self.is_paragraph(b):
                return i
        return -1

    def to_input(self, nstart: int, nend: int) -> tuple[int, int]:
        """Map a normalized span back to an input span.

        >>> import newsseg
        >>> d = Draft.from_text("قـال", newsseg.Lexicon.default().compile())
        >>> d.to_input(0, 3)
        (0, 4)
        """
        return self.norm.span_to_original(nstart, nend)

    def unlabelled(self) -> Iterator[Block]:
        """The blocks no stage has labelled yet, in order.

        >>> import newsseg
        >>> d = Draft.from_text("أ\\nب", newsseg.Lexicon.default().compile())
        >>> len(list(d.unlabelled()))
        2
        """
        return (b for b in list(self.blocks) if b.kind is None)

    def index(self, block: Block) -> int:
        """Position of ``block`` in :attr:`blocks`.

        >>> import newsseg
        >>> d = Draft.from_text("أ\\nب", newsseg.Lexicon.default().compile())
        >>> d.index(d.blocks[1])
        1
        """
        for i, b in enumerate(self.blocks):
            if b is block:
                return i
        raise ValueError("block is not in this draft")

    # ------------------------------------------------------------ writing

    @staticmethod
    def label(block: Block, kind: Kind | str, rule: str, *, force: bool = False) -> bool:
        """Give ``block`` a kind unless it has one (or ``force``); returns whether it changed.

        >>> b = Block(0, 1, 0, 1, line=0)
        >>> Draft.label(b, "tags", "mine"), Draft.label(b, "body", "other")
        (True, False)
        """
        if block.kind is not None and not force:
            return False
        block.kind = kind if isinstance(kind, Kind) else Kind(kind)
        block.rule = rule
        return True

    def split(self, block: Block, cuts: Iterable[int], *, at: int | None = None) -> list[Block]:
        """Split ``block`` at input offsets ``cuts`` (trimming white space);
        the pieces replace it in :attr:`blocks` and are returned.

        >>> import newsseg
        >>> d = Draft.from_text("أول.  ثان", newsseg.Lexicon.default().compile())
        >>> [d.raw(b) for b in d.split(d.blocks[0], [4])]
        ['أول.', 'ثان']
        """
        pieces = self.pieces(block, cuts)
        if len(pieces) == 1 and pieces[0] is block:
            return pieces
        i = at if at is not None and self.blocks[at] is block else self.index(block)
        self.blocks[i : i + 1] = pieces
        return pieces

    def pieces(self, block: Block, cuts: Iterable[int]) -> list[Block]:
        """The blocks ``block`` would be cut into at input offsets ``cuts``
        (trimmed; :attr:`blocks` is left alone). Stages that cut many blocks
        build a new list from these in one pass.

        >>> import newsseg
        >>> d = Draft.from_text("أول.  ثان", newsseg.Lexicon.default().compile())
        >>> [d.raw(b) for b in d.pieces(d.blocks[0], [4])]
        ['أول.', 'ثان']
        """
        points = sorted({c for c in cuts if block.start < c < block.end})
        if not points:
            return [block]
        bounds = [block.start, *points, block.end]
        spans: list[int] = []  # start, end of each piece (trimmed)
        text = self.text
        for s, e in itertools.pairwise(bounds):
            s, e = _trim(text, s, e)
            if s < e:
                spans += (s, e)
        # the normalized bounds of all pieces in one pass, as from_text does
        nbounds = (norm_offsets(self.norm, spans, inverse=self._inverse_map())
                   if offset_map(self.norm)[0] else spans)
        return [
            Block(spans[k], spans[k + 1], nbounds[k], nbounds[k + 1], block.line,
                  kind=block.kind, rule=block.rule, path=block.path, value_at=block.value_at,
                  keep_apart=block.keep_apart, list_head=block.list_head,
                  value_next=block.value_next, tail=block.tail)
            for k in range(0, len(spans), 2)
        ]

    # ----------------------------------------------------------- finishing

    def _headline_value(self, text: str, value: str | None) -> str | None:
        """A headline's value: the text after a marker that opens it (pages
        repeat the marker on each item, ``اقرأ أيضا: اقرأ أيضا: …``), found
        with this draft's lexicon; else ``value`` as it is."""
        head = text if value is None else value
        lexicon = self.lexicon
        # most headlines open with no marker, which the normalized text alone
        # tells (no map back to build): align only for the few that do
        if lexicon.head(normalize(head, lexicon.normalizer)) is None:
            return value
        aligned = align(head, lexicon.normalizer)
        mk = lexicon.head(aligned.text)
        if mk is None:
            return value
        return head[aligned.to_original(mk.end) :].strip()

    def drop_norm(self) -> None:
        """Let the normalized text go, and the blocks' slices of it: what
        :meth:`to_document` does not read. :meth:`Pipeline.run
        <newsseg.Pipeline.run>` and :func:`~newsseg.segment_html` do it after
        the last stage, before the document is built: on a large page the
        normalized text is as big as the page (twice, on a page with one
        character past U+FFFF), and the segments' copies of the text come on
        top. :attr:`norm` is then the input, unnormalized: no stage should run
        on the draft after this.

        >>> import newsseg
        >>> d = Draft.from_text("إقرأ", newsseg.Lexicon.default().compile())
        >>> d.norm_text(d.blocks[0])
        'اقرا'
        >>> d.drop_norm()
        >>> d.norm.text is d.text, d.blocks[0].ntext, d.to_document().segments[0].text
        (True, None, 'إقرأ')
        """
        self.norm = AlignedText.identity(self.text)
        self._inverse = None
        for b in self.blocks:
            b.ntext = None

    def to_document(self, *, metadata: Metadata | None = None) -> Document:
        """Freeze the draft: unlabelled blocks become boilerplate, and adjacent
        blocks of one line with the same kind and rule are merged. A segment's
        ``value`` is the text after its marker; for read-also and related
        headlines, also a marker the stages did not cut off (a repeated one).

        >>> import newsseg
        >>> d = Draft.from_text("سطر", newsseg.Lexicon.default().compile())
        >>> d.to_document().segments[0].kind.value
        'boilerplate'
        """
        text = self.text
        segs: list[Segment] = []
        blocks = self.blocks
        n = len(blocks)
        boilerplate = Kind.BOILERPLATE
        i = 0
        while i < n:
            first = last = blocks[i]
            line, kind, rule, path = first.line, first.kind, first.rule, first.path
            i += 1
            while i < n:
                b = blocks[i]
                if (b.line != line or b.kind is not kind or b.rule != rule
                        or b.path != path or b.keep_apart):
                    break
                last = b
                i += 1
            value_at = first.value_at
            value = None
            if first.start <= value_at <= first.end:
                value = text[value_at : first.end].strip()
            if kind in _HEADLINE_KINDS and not rule.endswith((".line", ".stubs")):
                value = self._headline_value(text[first.start : last.end], value)
            segs.append(Segment(kind or boilerplate, text[first.start : last.end],
                                first.start, last.end, rule or "unlabelled", path, value))
        return Document(
            text=self.text,
            segments=tuple(segs),
            format=self.format,
            metadata=metadata or Metadata(),
        )
