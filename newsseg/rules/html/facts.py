"""What the DOM stages share: the page's state (:class:`HtmlState`: title
line, text region, zones), each line's facts (``LineFacts``), and the tests
several stages make (dates, paragraphs, marker heads).

They run on a :class:`~newsseg.engine.draft.Draft` that
:func:`~newsseg.formats.html.reader.build_draft` made from a page's visible
text (one block a line), before and after the text stages (see
:mod:`newsseg.presets`).
"""

from __future__ import annotations

from operator import attrgetter

import regex

from newsseg.engine.draft import Draft
from newsseg.engine.shape import LETTER
from newsseg.formats.html import dom
from newsseg.formats.html.dom import Extract, Node
from newsseg.formats.html.head import PageHead
from newsseg.formats.html.reader import HtmlPage
from newsseg.formats.html.vocab import Vocab
from newsseg.lexicon import CompiledLexicon, MarkerMatch, WordsPattern
from newsseg.model import Kind
from newsseg.normalize import normalize

__all__ = [
    "AGO",
    "NEG_CTX",
    "SEPARATORS",
    "HtmlState",
    "LineFacts",
    "dateish",
    "dateish_at",
    "last_line",
    "line_facts",
    "mark_value",
    "marker_head",
    "near_list",
    "near_vocab",
    "neg_bits",
    "paragraph_flags",
    "region_text",
    "state",
]

# Node.mark bits.
M_REGION = 1
"""The element is (inside) the article's running text."""
M_HOLDS_REGION = 2
"""The element holds part of the running text (a region element or an ancestor)."""
M_HOLDS_TITLE = 4
M_BOX = 8

# Zones of a line (HtmlState.zones).
PRE = 0
"""Before the title."""
HEAD = 1
"""Between the title and the running text."""
BODY = 2
"""Inside the running text's region."""
TAIL = 3
"""After the running text."""

# A line is a link item when at least this share of its characters is linked.
LINK_ITEM = 0.6
# Words a line needs to count as a paragraph in the region search.
MIN_PARA_WORDS = 8
# How many ancestors' class names count for a line ("near" vocabulary).
NEAR = 5

NEG_CTX = dom.NAV | dom.FOOTER | dom.DIALOG | dom.HIDDEN | dom.CONTROL | dom.HEAD
# "منذ 5 ساعات", "قبل يومين": the lexicon's words for time ago, then a number.
AGO = WordsPattern("ago_words", r"(?:{words})\s+\d")


class HtmlState:
    """What the DOM stages know about the page, kept with the draft (``draft.fact(HtmlState)``).

    >>> import newsseg
    >>> from newsseg.formats.html.reader import build_draft
    >>> d = build_draft("<h1>عنوان الخبر الرئيسي اليوم</h1><p>" + "نص الخبر " * 6 + "انتهى.</p>")
    >>> newsseg.HTML_PIPELINE["dom"](d)
    >>> st = state(d)
    >>> st.title, st.region is not None
    (0, True)
    """

    __slots__ = (
        "_line_facts",
        "_near",
        "_region_text",
        "bits",
        "body_first",
        "body_last",
        "extract",
        "head",
        "region",
        "title",
        "vocab",
        "zones",
    )

    def __init__(self, extract: Extract, head: PageHead, vocab: Vocab) -> None:
        self.extract = extract
        self.head = head
        self.vocab = vocab
        self.title = -1
        """Index (in ``draft.blocks``, when ``dom`` ran) of the title line, or -1."""
        self.region: Node | None = None
        """The main element of the running text (others may be added: siblings)."""
        self.body_first = -1
        self.body_last = -1
        self.zones = [PRE] * len(extract.lines)
        """The zone of each line of the page (by ``Block.line``); ``dom`` sets them."""
        b = vocab.bit
        self.bits = {name: b(name) for name in vocab.categories}
        self._near: dict[int, int] = {}
        self._line_facts: LineFacts | None = None
        self._region_text: str | None = None

    def near(self, n: Node) -> int:
        """:func:`near_vocab` of ``n``, cached (valid once ``dom`` has marked the region).

        >>> from newsseg.formats.html.reader import build_draft
        >>> d = build_draft("<div class='share'><a href='/'>شارك</a></div>")
        >>> st = state(d)
        >>> st.vocab.names(st.near(st.extract.lines[0].inner))
        ('share',)
        """
        hit = self._near.get(n.index)
        if hit is None:
            hit = self._near[n.index] = near_vocab(n)
        return hit

    def vocab_bits(self, *names: str) -> int:
        """The vocabulary bits of ``names`` (0 for unknown ones).

        >>> from newsseg.formats.html.reader import build_draft
        >>> st = state(build_draft("<p>نص</p>"))
        >>> st.vocab_bits("tags") == st.vocab.bit("tags"), st.vocab_bits("no-such-category")
        (True, 0)
        """
        out = 0
        for n in names:
            out |= self.bits.get(n, 0)
        return out


def state(draft: Draft) -> HtmlState:
    """The :class:`HtmlState` of an HTML draft, made on first use from its
    :class:`~newsseg.formats.html.reader.HtmlPage` (a
    :class:`~newsseg.errors.PipelineError` on a text draft).

    >>> from newsseg.formats.html.reader import build_draft
    >>> state(build_draft("<p>نص</p>")).title
    -1
    """
    st = draft.find(HtmlState)
    if st is None:
        page = draft.fact(HtmlPage)
        st = HtmlState(page.extract, page.head, page.vocab)
        draft.put(st)
    return st


class LineFacts:
    """The facts of a draft's lines that no stage changes (text and elements),
    one list entry a block (by index in ``draft.blocks``).

    The DOM stages read them several times a line; through ``Draft`` methods
    and the page's ``Line`` records that cost more than the stages' own tests.
    Labels change from stage to stage: they are never kept here.
    """

    __slots__ = ("ago", "blocks", "dates", "heading", "heads", "inner", "item", "links",
                 "lwords", "markers", "near", "node", "ntext", "paras", "words")

    def __init__(self, draft: Draft, st: HtmlState) -> None:
        blocks = draft.blocks
        self.blocks = list(blocks)
        """The blocks the lists describe (a copy: a split changes ``draft.blocks``)."""
        self.ago = AGO(draft.lexicon)
        """The lexicon's "time ago" pattern (see :func:`dateish`)."""
        # map() and the operator getters: no loop in Python
        words = self.words = list(map(draft.words, blocks))
        ntext: list[str] = list(map(attrgetter("ntext"), blocks))  # Draft.words filled it
        if None in ntext:
            ntext = list(map(draft.norm_text, blocks))
        self.ntext = ntext
        page_lines = st.extract.lines
        lines = [page_lines[b.line] for b in blocks]
        links: list[float] = list(map(attrgetter("links"), lines))
        self.links = links
        self.node: list[Node] = list(map(attrgetter("node"), lines))
        inner: list[Node] = list(map(attrgetter("inner"), lines))
        self.inner = inner
        self.lwords = [int(n * lk + 0.5) for n, lk in zip(words, links, strict=True)]
        anchor = dom.ANCHOR
        self.item = [lk >= LINK_ITEM and n > 0 and not m.ctx & anchor
                     for n, lk, m in zip(words, links, inner, strict=True)]
        """Whether the line is a headline or tag of a box: (mostly) a link to elsewhere."""
        self.heading = [lk < LINK_ITEM and 0 < n <= 8
                        and (bool(m.heading) or t.rstrip().endswith(":"))
                        for n, lk, m, t in zip(words, links, inner, ntext, strict=True)]
        """Whether the line is a box title: a heading element or a short label
        ending with ':' that is no link."""
        self.near: list[int] | None = None
        """``HtmlState.near`` of each line's inner element (once ``dom`` marked the region)."""
        self.paras: list[bool] | None = None
        """Which lines are paragraphs (see :func:`paragraph_flags`)."""
        self.heads: dict[str, MarkerMatch | None] = {}
        self.markers: dict[int, Kind | None] = {}
        self.dates: dict[int, bool] = {}


def line_facts(draft: Draft, st: HtmlState) -> LineFacts:
    """The :class:`LineFacts` of ``draft``, made once for its blocks."""
    facts = st._line_facts
    if facts is None or facts.blocks != draft.blocks:  # Blocks compare by identity
        facts = st._line_facts = LineFacts(draft, st)
    return facts


def near_list(st: HtmlState, facts: LineFacts) -> list[int]:
    """``st.near`` of each line's inner element (filling its cache)."""
    near = facts.near
    if near is None:
        near = facts.near = list(map(st.near, facts.inner))
    return near


def near_vocab(n: Node, levels: int = NEAR) -> int:
    """Class/id categories of ``n`` and its closest ancestors (ignoring those
    that hold the running text: a page wrapper named "comments-open" says
    nothing about the article inside it).

    >>> from newsseg.formats.html.dom import extract, parse
    >>> ex = extract(parse("<div class='comments'><ul><li><p>تعليق</p></li></ul></div>"))
    >>> v = Vocab.default()
    >>> v.names(near_vocab(ex.lines[0].node))
    ('comments',)
    """
    mask = 0
    m: Node | None = n
    # (the loop of every line of every DOM stage: most elements have no class
    # names to add, and one test of two bits skips the holders of the text)
    for _ in range(levels):
        if m is None:
            break
        own = m.own
        if own and m.mark & _HOLDS_OR_IN != M_HOLDS_REGION:
            mask |= own
        m = m.parent
    return mask


_HOLDS_OR_IN = M_HOLDS_REGION | M_REGION


def neg_bits(st: HtmlState) -> int:
    return st.vocab_bits("comments", "popup", "share", "ads", "ticker", "nav", "footer", "sidebar")


def dateish(ntext: str, ago: regex.Pattern[str]) -> bool:
    """A date or time: a year, two numbers, or a "time ago" word of the
    lexicon (``ago``: ``AGO`` compiled for it; "منذ/قبل") and a number, in a
    line where digits are at least a fifth of the letters.

    >>> from newsseg.lexicon import Lexicon
    >>> ago = AGO(Lexicon.default().compile())
    >>> [dateish(t, ago) for t in ("12 مايو 2024", "قبل 5 ساعات", "(423)", "كتب علي")]
    [True, True, False, False]
    """
    numbers = _NUMBERS.findall(ntext)
    if not numbers:
        return False
    if ago.search(ntext):
        return True
    digits = sum(map(len, numbers))
    if digits * 4 < len(LETTER.findall(ntext)):
        return False
    return len(numbers) >= 2 or bool(_YEAR.search(ntext))


def dateish_at(facts: LineFacts, i: int) -> bool:
    """:func:`dateish` of line ``i``, cached."""
    dates = facts.dates
    hit = dates.get(i)
    if hit is None:
        hit = dates[i] = dateish(facts.ntext[i], facts.ago)
    return hit


def last_line(draft: Draft, st: HtmlState) -> int:
    if st.body_last < 0:
        return -1
    return draft.blocks[min(st.body_last, len(draft.blocks) - 1)].line


def mark_value(draft: Draft, facts: LineFacts, i: int, kind: Kind) -> None:
    """Where a marker of ``kind`` opens line ``i``, note where its value starts
    (for the views: ``doc.tags`` drops ``الوسوم:``)."""
    mk = marker_head(draft.lexicon, facts, i)
    if mk is not None and mk.kind is kind:
        b = facts.blocks[i]
        b.value_at = draft.to_input(b.nstart + mk.end, b.nstart + mk.end)[0]
        b.keep_apart = True


def region_text(draft: Draft, st: HtmlState) -> str:
    """The page's JSON-LD ``articleBody``, normalized once ("" without one)."""
    if st._region_text is None:
        body = st.head.article_body
        st._region_text = normalize(body, draft.lexicon.normalizer) if body else ""
    return st._region_text


def paragraph_flags(draft: Draft, facts: LineFacts) -> list[bool]:
    """Which lines are paragraphs of at least MIN_PARA_WORDS words and mostly
    no link (cached)."""
    paras = facts.paras
    if paras is None:
        is_paragraph = draft.is_paragraph
        paras = facts.paras = [lk < 0.5 and n >= MIN_PARA_WORDS and is_paragraph(b) for n, lk, b
                           in zip(facts.words, facts.links, facts.blocks, strict=True)]
    return paras
_NUMBERS = regex.compile(r"\d+")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# (?<!\s): a match starts where a run of spaces starts, so each run is tried once
SEPARATORS = regex.compile(r"(?<!\s)\s+[-|–—:]{1,2}\s+|(?<![\s|])\s*\|\s*")


def marker_head(lex: CompiledLexicon, facts: LineFacts, i: int) -> MarkerMatch | None:
    """The lexicon's head marker of line ``i`` (of at most 20 words), cached by
    text (a menu or a box title may come twice)."""
    if facts.words[i] > 20:
        return None
    ntext = facts.ntext[i]
    heads = facts.heads
    if ntext in heads:
        return heads[ntext]
    mk = heads[ntext] = lex.head(ntext)
    return mk

