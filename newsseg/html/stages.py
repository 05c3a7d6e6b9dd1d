"""The DOM stages of the HTML segmenter.

They run on a :class:`~newsseg.pipeline.Draft` built from a page's visible text
(one block a line, see :mod:`newsseg.html.dom`), before and after the text
stages of :mod:`newsseg.stages`:

``dom``
    sums words, paragraph words and link words over the element tree, finds
    the title (``<h1>``, ``itemprop=headline``, the JSON-LD or ``og:``
    headline) and the region of the article's running text (the element
    whose text is densest in paragraphs, helped by ``itemprop=articleBody``,
    body class names and JSON-LD ``articleBody``), and gives every line a
    zone: before the title, between title and body, in the body, after it.
``boxes``
    finds boxes of links (lists of headlines, tag lists, menus) and labels
    them by their heading's marker, their class names, their place and the
    length of their items: ``related``, ``read_also``, ``tags``, ``teaser``
    or ``boilerplate``.
``dom_labels``
    captions (``<figure>``, ``<figcaption>``, caption classes, text next to an
    image), meta (``<time>``, bylines, date classes), tags (``rel=tag``),
    and boilerplate from structure (navigation, forms, dialogs, share, ads,
    comments, anything before the title).
``html_article``
    the last stage: what is left in the body is ``body`` or ``subheading``,
    a paragraph between title and body is ``body``, the rest ``boilerplate``.
"""

from __future__ import annotations

from itertools import accumulate, islice
from operator import attrgetter, itemgetter, methodcaller

import regex

from newsseg._shape import LETTER, ends_sentence, has_letters, headline_like
from newsseg.html import dom
from newsseg.html.dom import Extract, Node
from newsseg.html.meta import PageMeta
from newsseg.html.vocab import Vocab
from newsseg.lexicon import CompiledLexicon, MarkerMatch, WordsPattern
from newsseg.model import Kind
from newsseg.normalize import normalize
from newsseg.pipeline import Block, Draft, stage
from newsseg.stages.article import label_lines

__all__ = ["HtmlState", "boxes", "dom_facts", "dom_labels", "html_article", "state"]

# Node.mark bits.
M_REGION = 1
"""The element is (inside) the article's running text."""
M_HOLDS_REGION = 2
"""The element holds part of the running text (a region element or an ancestor)."""
M_HOLDS_TITLE = 4
M_BOX = 8

# Zones of a line (Block.info["zone"]).
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
MAX_TITLE_WORDS = 40
MAX_CAPTION_WORDS = 45
MAX_META_WORDS = 16

_NEG_CTX = dom.NAV | dom.FOOTER | dom.DIALOG | dom.HIDDEN | dom.CONTROL | dom.HEAD
_NUMBERS = regex.compile(r"\d+")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# "منذ 5 ساعات", "قبل يومين": the lexicon's words for time ago, then a number.
_AGO = WordsPattern("ago_words", r"(?:{words})\s+\d")
_URL = regex.compile(r"^(?:https?://|www\.)\S+$")
# (?<!\s): a match starts where a run of spaces starts, so each run is tried once
_SEPARATORS = regex.compile(r"(?<!\s)\s+[-|–—:]{1,2}\s+|(?<![\s|])\s*\|\s*")
# Authors joined by commas or by a conjunction of the lexicon ("علي ومحمد").
_NAME_SEP = WordsPattern("conjunctions", r"(?<!\s)\s*[،,;&]\s*|(?<!\s)\s+(?:{words})(?=\S)")


class HtmlState:
    """What the DOM stages know about the page, kept in ``draft.metadata["html"]``.

    >>> import newsseg
    >>> from newsseg.html import build_draft
    >>> d = build_draft("<h1>عنوان الخبر الرئيسي اليوم</h1><p>" + "نص الخبر " * 6 + "انتهى.</p>")
    >>> newsseg.HTML_PIPELINE["dom"](d)
    >>> st = state(d)
    >>> st.title, st.region is not None
    (0, True)
    """

    __slots__ = (
        "_body_text",
        "_lines",
        "_near",
        "bits",
        "body_first",
        "body_last",
        "extract",
        "meta",
        "region",
        "title",
        "vocab",
    )

    def __init__(self, extract: Extract, meta: PageMeta, vocab: Vocab) -> None:
        self.extract = extract
        self.meta = meta
        self.vocab = vocab
        self.title = -1
        """Index (in ``draft.blocks``, when ``dom`` ran) of the title line, or -1."""
        self.region: Node | None = None
        """The main element of the running text (others may be added: siblings)."""
        self.body_first = -1
        self.body_last = -1
        b = vocab.bit
        self.bits = {name: b(name) for name in vocab.categories}
        self._near: dict[int, int] = {}
        self._lines: _Lines | None = None
        self._body_text: str | None = None

    def near(self, n: Node) -> int:
        """:func:`near_vocab` of ``n``, cached (valid once ``dom`` has marked the region).

        >>> from newsseg.html import build_draft
        >>> d = build_draft("<div class='share'><a href='/'>شارك</a></div>")
        >>> st = state(d)
        >>> st.vocab.names(st.near(d.blocks[0].info["inner"]))
        ('share',)
        """
        hit = self._near.get(n.index)
        if hit is None:
            hit = self._near[n.index] = near_vocab(n)
        return hit

    def v(self, *names: str) -> int:
        """The vocabulary bits of ``names`` (0 for unknown ones).

        >>> from newsseg.html import build_draft
        >>> st = state(build_draft("<p>نص</p>"))
        >>> st.v("tags") == st.vocab.bit("tags"), st.v("no-such-category")
        (True, 0)
        """
        out = 0
        for n in names:
            out |= self.bits.get(n, 0)
        return out


def state(draft: Draft) -> HtmlState:
    """The :class:`HtmlState` of an HTML draft (raises ``KeyError`` on a text draft).

    >>> from newsseg.html import build_draft
    >>> state(build_draft("<p>نص</p>")).title
    -1
    """
    st = draft.metadata["html"]
    assert isinstance(st, HtmlState)
    return st


class _Lines:
    """The facts of a draft's lines that no stage changes (text and elements),
    one list entry a block (by index in ``draft.blocks``).

    The DOM stages read them several times a line; through ``Draft`` methods
    and ``Block.info`` lookups that cost more than the stages' own tests.
    Labels change from stage to stage: they are never kept here.
    """

    __slots__ = ("ago", "blocks", "dates", "heading", "heads", "inner", "item", "links",
                 "lwords", "markers", "near", "node", "ntext", "paras", "words")

    def __init__(self, draft: Draft) -> None:
        blocks = draft.blocks
        self.blocks = list(blocks)
        """The blocks the lists describe (a copy: a split changes ``draft.blocks``)."""
        self.ago = _AGO(draft.lexicon)
        """The lexicon's "time ago" pattern (see :func:`_dateish`)."""
        # map() and the operator getters: no loop in Python
        words = self.words = list(map(draft.words, blocks))
        ntext: list[str] = list(map(attrgetter("ntext"), blocks))  # Draft.words filled it
        if None in ntext:
            ntext = list(map(draft.norm_text, blocks))
        self.ntext = ntext
        infos = list(map(attrgetter("info"), blocks))
        links: list[float] = list(map(methodcaller("get", "links", 0.0), infos))
        self.links = links
        self.node: list[Node] = list(map(itemgetter("node"), infos))
        inner: list[Node] = list(map(itemgetter("inner"), infos))
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
        """Which lines are paragraphs (see :func:`_paragraphs`)."""
        self.heads: dict[str, MarkerMatch | None] = {}
        self.markers: dict[int, Kind | None] = {}
        self.dates: dict[int, bool] = {}


def _lines(draft: Draft, st: HtmlState) -> _Lines:
    """The :class:`_Lines` of ``draft``, made once for its blocks."""
    f = st._lines
    if f is None or f.blocks != draft.blocks:  # Blocks compare by identity
        f = st._lines = _Lines(draft)
    return f


def _near_list(st: HtmlState, f: _Lines) -> list[int]:
    """``st.near`` of each line's inner element (filling its cache)."""
    near = f.near
    if near is None:
        near = f.near = list(map(st.near, f.inner))
    return near


def _inner(b: Block) -> Node:
    n = b.info["inner"]
    assert isinstance(n, Node)
    return n


def _links(b: Block) -> float:
    x = b.info.get("links", 0.0)
    return float(x)


def near_vocab(n: Node, levels: int = NEAR) -> int:
    """Class/id categories of ``n`` and its closest ancestors (ignoring those
    that hold the running text: a page wrapper named "comments-open" says
    nothing about the article inside it).

    >>> from newsseg.html.dom import extract, parse
    >>> ex = extract(parse("<div class='comments'><ul><li><p>تعليق</p></li></ul></div>"))
    >>> v = Vocab.default()
    >>> v.names(near_vocab(ex.lines[0].node))
    ('comments',)
    """
    mask = 0
    k = 0
    m: Node | None = n
    while m is not None and k < levels:
        if not m.mark & M_HOLDS_REGION or m.mark & M_REGION:
            mask |= m.own
        m = m.parent
        k += 1
    return mask


def _neg(st: HtmlState) -> int:
    return st.v("comments", "popup", "share", "ads", "ticker", "nav", "footer", "sidebar")


# ---------------------------------------------------------------- dom: facts


def _headline_keys(st: HtmlState, draft: Draft) -> list[str]:
    """Normalized forms of the page's own headline (JSON-LD, og:, <title>), with
    site names cut off."""
    out: list[str] = []
    norm = draft.lexicon.normalizer
    for h in dict.fromkeys((st.meta.headline, st.meta.title_tag)):  # often the same
        if not h:
            continue
        nh = normalize(h, norm).strip()
        out.append(nh)
        if not any(c in nh for c in "-|–—:"):
            continue  # nothing _SEPARATORS could cut at (the split is slow)
        parts = [p.strip() for p in _SEPARATORS.split(nh) if p.strip()]
        if len(parts) > 1:
            out.extend(p for p in parts if len(p.split()) >= 3)
    return out


def _find_title(draft: Draft, st: HtmlState, f: _Lines) -> int:
    keys = _headline_keys(st, draft)
    best, best_score = -1, 0.0
    body_first = st.body_first
    limit = body_first if body_first >= 0 else len(f.words)
    side_v = st.v("sidebar", "related", "nav", "footer")
    title_v = st.v("title")
    skip = dom.HEAD | dom.CONTROL | dom.DIALOG
    site = dom.ARTICLE | dom.MAIN
    aside = dom.NAV | dom.FOOTER | dom.ASIDE
    words, links, inners, ntexts = f.words, f.links, f.inner, f.ntext
    for i in range(min(limit + 1, len(words))):
        inner = inners[i]
        ctx = inner.ctx
        if ctx & skip:
            continue
        n = words[i]
        if n < 2 or n > MAX_TITLE_WORDS:
            continue
        score = 0.0
        if keys:
            ntext = ntexts[i].strip()
            for k in keys:
                if ntext == k:
                    score = max(score, 3.0)
                elif n >= 4 and (ntext in k or k in ntext):
                    score = max(score, 2.5)
        h = inner.heading
        if not score and not h and not ctx & dom.HEADLINE:
            # no headline match, no heading: the rest adds at most 1.0 (the
            # gap), short of the 2.0 a title needs
            continue
        lk = links[i]
        if h == 1:
            score += 2.0
            if ctx & dom.HEADER and not ctx & site and score < 3:
                score -= 1.5  # the site's name in its header
            if lk > 0.5 and n <= 3 and score < 3:
                score -= 1.0  # a logo linking home
        elif h in (2, 3):
            score += 0.5 if score > 0 else (1.0 if h == 2 else 0.5)
        if score and near_vocab(inner) & side_v:
            score -= 1.0
        if ctx & dom.HEADLINE:
            score += 2.0
        if inner.vocab & title_v and score > 0:
            score += 0.3
        if ctx & aside:
            score -= 2.0
        if lk > 0.5 and h != 1:
            score -= 1.0
        if body_first >= 0 and i <= body_first:
            # the headline stands above the running text, close to it
            gap = body_first - i
            score += 1.0 if gap <= 6 else 0.5 if gap <= 40 else 0.0
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= 2.0 else -1


def _body_text(draft: Draft, st: HtmlState) -> str:
    """The page's JSON-LD ``articleBody``, normalized once ("" without one)."""
    if st._body_text is None:
        body = st.meta.article_body
        st._body_text = normalize(body, draft.lexicon.normalizer) if body else ""
    return st._body_text


def _paragraphs(draft: Draft, f: _Lines) -> list[bool]:
    """Which lines are paragraphs of at least MIN_PARA_WORDS words and mostly
    no link (cached)."""
    paras = f.paras
    if paras is None:
        is_paragraph = draft.is_paragraph
        paras = f.paras = [lk < 0.5 and n >= MIN_PARA_WORDS and is_paragraph(b) for n, lk, b
                           in zip(f.words, f.links, f.blocks, strict=True)]
    return paras


def _paragraph_weights(draft: Draft, st: HtmlState, f: _Lines) -> None:
    """Add each paragraph's words (doubled when the page's JSON-LD ``articleBody``
    holds it) to its element's ``pwords``; needs ``near_vocab`` before any marks."""
    neg = _neg(st)
    body_text = _body_text(draft, st) or None
    words, inners, nodes, ntexts = f.words, f.inner, f.node, f.ntext
    for i, para in enumerate(_paragraphs(draft, f)):
        if not para:
            continue
        n = words[i]
        inner = inners[i]
        if inner.ctx & _NEG_CTX or near_vocab(inner) & neg:
            continue
        if body_text is not None and ntexts[i][:60] in body_text:
            n *= 2
        node = nodes[i]
        node.pwords += n
        node.paras += 1


def _choose_region(nodes: list[Node], st: HtmlState) -> Node | None:
    """The element densest in paragraphs, of ``nodes`` (in page order)."""
    body_v = st.v("body")
    in_body = dom.BODY
    best: Node | None = None
    best_score = 0.0
    for node in nodes:
        pw = node.pwords
        if pw <= 0:
            continue
        purity = pw / max(node.words, 1)
        score = pw * purity * (1.0 - min(node.lwords / max(node.words, 1), 0.9))
        if node.own & body_v:
            score *= 1.3
        if node.ctx & in_body and not (node.parent is not None and node.parent.ctx & in_body):
            score *= 1.5
        if score > best_score:
            best, best_score = node, score
    return best


def _mark_region(ex: Extract, st: HtmlState, top: Node, title: Node | None) -> None:
    regions = [top]
    parent = top.parent
    stop = st.v("comments", "related", "read_also", "share", "sidebar", "footer", "popup",
                "nav", "tags")
    if parent is not None and parent.depth >= 0:
        after = False
        gap = 0
        for sib in ex.nodes[parent.index + 1 :]:
            if sib.depth <= parent.depth:
                break
            if sib.parent is not parent:
                continue
            if sib is top:
                after = True
                continue
            if not after:
                # a lead before the body, under the title
                if sib.pwords > 0 and (title is None or sib.first > title.last):
                    regions.append(sib)
                continue
            if sib.pwords >= 0.3 * top.pwords or (
                    sib.pwords > 0 and gap <= 3 and not sib.own & stop):
                # the text goes on after an ad or a picture
                regions.append(sib)
                gap = 0
            else:
                gap += 1
    for r in regions:
        r.mark |= M_REGION
        a = r
        while a is not None and not a.mark & M_HOLDS_REGION:
            a.mark |= M_HOLDS_REGION
            a = a.parent  # type: ignore[assignment]
    # all the elements under a region are in it: in preorder, those right
    # after it that are deeper
    nodes = ex.nodes
    for r in regions:
        depth = r.depth
        for node in islice(nodes, r.index + 1, None):
            if node.depth <= depth:
                break
            node.mark |= M_REGION


@stage("dom")
def dom_facts(draft: Draft) -> None:
    """Sum the element facts, find the title and the running text's region,
    give every line its zone.

    >>> import newsseg
    >>> doc = newsseg.segment_html("<nav><a href='/'>الرئيسية</a></nav><h1>عنوان الخبر اليوم</h1>"
    ...                            "<div><p>" + "نص الخبر " * 10 + "</p></div>")
    >>> [s.kind.value for s in doc.segments]
    ['boilerplate', 'title', 'body']
    """
    st = state(draft)
    ex = st.extract
    blocks = draft.blocks
    f = _lines(draft, st)
    f.near = None  # the marks change here
    words, lwords, nodes = f.words, f.lwords, f.node
    for i, node in enumerate(nodes):
        node.words += words[i]
        node.lwords += lwords[i]
        node.lines += 1
        if node.first < 0:
            node.first = i
        node.last = i
    # paragraph weights need near_vocab, which needs no marks yet
    _paragraph_weights(draft, st, f)
    # the elements with paragraphs, the only candidates for the region (bottom-up
    # here, reversed below: _choose_region breaks ties by page order)
    dense: list[Node] = []
    for node in reversed(ex.nodes):
        lines = node.lines
        if not lines:
            continue  # no line below it: all its sums are 0 (and first < 0)
        pw = node.pwords
        if pw > 0:
            dense.append(node)
        p = node.parent
        if p is None or p.depth < 0:
            continue
        p.words += node.words
        p.pwords += pw
        p.lwords += node.lwords
        p.lines += lines
        p.paras += node.paras
        first = node.first
        if p.first < 0 or first < p.first:
            p.first = first
        if node.last > p.last:
            p.last = node.last
    dense.reverse()
    top = _choose_region(dense, st)
    if top is not None:
        st.body_first = top.first
    st.title = t = _find_title(draft, st, f)
    title_node = nodes[t] if t >= 0 else None
    if top is not None:
        _mark_region(ex, st, top, title_node)
        st.region = top
        firsts = [i for i, node in enumerate(nodes) if node.mark & M_REGION and i > t]
        if firsts:
            st.body_first, st.body_last = firsts[0], firsts[-1]
        else:
            st.region = None
            st.body_first = st.body_last = -1
    if title_node is not None:
        a: Node | None = title_node
        while a is not None:
            a.mark |= M_HOLDS_TITLE
            a = a.parent
        draft.label(blocks[t], Kind.TITLE, "title.dom")
        key = f.ntext[t]
        for j in range(t + 1, min(t + 4, len(blocks))):
            b = blocks[j]
            if b.kind is None and f.ntext[j] == key:
                draft.label(b, Kind.TITLE, "title.repeat")
    # Before the title: PRE. Then HEAD (PRE without a title) up to the body's
    # first line, BODY to its last (the lines between two paragraphs of the
    # body are inserts in it), TAIL after.
    first, last = st.body_first, st.body_last
    n_blocks = len(blocks)
    lead = HEAD if t >= 0 else PRE
    head_end = n_blocks if first < 0 else first
    pre_end = min(max(t, 0), n_blocks)
    for i in range(pre_end):
        blocks[i].info["zone"] = PRE
    for i in range(pre_end, head_end):
        blocks[i].info["zone"] = lead
    if first >= 0:
        for i in range(max(first, pre_end), n_blocks):
            blocks[i].info["zone"] = BODY if i <= last else TAIL


# ---------------------------------------------------------------- boxes


class _Box:
    """What the ``boxes`` stage reads on every line, gathered once a page: the
    lines' facts and zones, the vocabulary masks of its tests."""

    __slots__ = ("blocks", "box_v", "byline_v", "control_v", "draft", "f", "header_v", "lex",
                 "menu_v", "near", "popup_v", "read_also_v", "related_v", "sidebar_v", "st",
                 "tags_v", "widget_v", "widgets", "zones")

    def __init__(self, draft: Draft, st: HtmlState, f: _Lines) -> None:
        self.draft = draft
        self.st = st
        self.f = f
        self.lex = draft.lexicon
        self.blocks = draft.blocks
        self.zones: list[int] = list(map(methodcaller("get", "zone", PRE),
                                         map(attrgetter("info"), draft.blocks)))
        self.near = _near_list(st, f)
        v = st.v
        self.box_v = v("related", "read_also", "tags")
        self.control_v = v("comments", "popup", "share", "ads")
        self.popup_v = v("popup", "comments")
        self.header_v = v("header")
        self.byline_v = v("meta", "author", "date")
        self.menu_v = v("nav", "footer", "share")
        self.related_v = v("related")
        self.read_also_v = v("read_also")
        self.tags_v = v("tags")
        self.sidebar_v = v("sidebar")
        self.widget_v = v("ticker", "header", "nav", "footer", "popup")
        self.widgets: dict[int, bool] = {}
        """:func:`_sidebar_widget` by element index."""


class _Sums:
    """Per-line counts summed over any element in O(1): an element's lines are a
    contiguous run of blocks, ``node.first`` to ``node.last``."""

    __slots__ = ("items", "lwords", "nav", "neg", "para", "words")

    def __init__(self, c: _Box) -> None:
        f = c.f
        neg = c.control_v
        nav = dom.NAV | dom.HEADER | dom.FOOTER
        words, links = f.words, f.links
        self.items = list(accumulate(
            (lk >= LINK_ITEM and n > 0 for n, lk in zip(words, links, strict=True)), initial=0))
        self.lwords = list(accumulate(f.lwords, initial=0))
        self.nav = list(accumulate((bool(m.ctx & nav) for m in f.inner), initial=0))
        self.neg = list(accumulate((bool(x & neg) for x in c.near), initial=0))
        self.para = list(accumulate(_paragraphs(c.draft, f), initial=0))
        self.words = list(accumulate(words, initial=0))


def _box_root(n: Node, sums: _Sums, limit: int) -> Node:
    """Climb from ``n`` while the ancestor is still a box of links and adds no
    paragraphs, no navigation and no comment or share lines."""
    para, nav, neg, lwords, words = sums.para, sums.nav, sums.neg, sums.lwords, sums.words
    box = n
    while True:
        p = box.parent
        if p is None or p.depth < 0 or p.mark & (M_HOLDS_REGION | M_HOLDS_TITLE):
            return box
        if p.tag in ("body", "html") or p.lines > limit:
            return box
        # the sums over p's lines (a, b) and box's lines (c, d): 0 without lines
        a, b = (p.first, p.last + 1) if p.first >= 0 else (0, 0)
        c, d = (box.first, box.last + 1) if box.first >= 0 else (0, 0)
        if para[b] - para[a] > para[d] - para[c] or nav[b] - nav[a] != nav[d] - nav[c]:
            return box
        if neg[b] - neg[a] != neg[d] - neg[c]:
            return box
        if (lwords[b] - lwords[a]) * 2 < words[b] - words[a]:
            return box
        box = p


def _vocab_up(n: Node, stop: Node, levels: int = 3) -> int:
    """Own class names of ``n`` and its ancestors up to ``stop`` (not past it)."""
    mask = 0
    m: Node | None = n
    k = 0
    while m is not None and k <= levels:
        mask |= m.own
        if m is stop:
            break
        m = m.parent
        k += 1
    return mask


def _head(lex: CompiledLexicon, f: _Lines, i: int) -> MarkerMatch | None:
    """The lexicon's head marker of line ``i`` (of at most 20 words), cached by
    text (a menu or a box title may come twice)."""
    if f.words[i] > 20:
        return None
    ntext = f.ntext[i]
    heads = f.heads
    if ntext in heads:
        return heads[ntext]
    mk = heads[ntext] = lex.head(ntext)
    return mk


def _marker(lex: CompiledLexicon, f: _Lines, i: int) -> Kind | None:
    """The kind a box heading (line ``i``) announces with a marker of the lexicon,
    if any (cached)."""
    markers = f.markers
    if i in markers:
        return markers[i]
    kind: Kind | None = None
    mk = _head(lex, f, i)
    if mk is not None and mk.kind in _BOX_KINDS:
        kind = mk.kind
        rest = f.ntext[i][mk.end :].strip()
        if rest and not mk.separator:
            if mk.role == "field":
                kind = None  # "مواضيع ساخنة": a field marker needs its ':' or nothing after it
            elif mk.role == "heading" and f.words[i] > 6 and f.links[i] < 0.3:
                kind = None  # a sentence that opens with a marker's words
    markers[i] = kind
    return kind


_BOX_KINDS = (Kind.READ_ALSO, Kind.RELATED, Kind.TAGS)


def _segments(c: _Box, lines: list[int]) -> list[tuple[Kind | None, list[int]]]:
    """Cut a box's lines at its headings: (marker kind of the heading, lines)."""
    lex, f = c.lex, c.f
    heading, links = f.heading, f.links
    out: list[tuple[Kind | None, list[int]]] = []
    cur: list[int] = []
    linked = False  # a link item in cur
    kind: Kind | None = None
    for x in lines:
        mk = _marker(lex, f, x)
        if linked and (mk is not None or heading[x]):
            out.append((kind, cur))
            cur, kind, linked = [], None, False
        if mk is not None and kind is None:
            kind = mk
        cur.append(x)
        if links[x] >= LINK_ITEM:
            linked = True
    if cur:
        out.append((kind, cur))
    return out


def _repetitive(draft: Draft, items: list[Block]) -> bool:
    """Items that (nearly) all open with the same two words are an archive or a menu,
    not headlines.

    >>> from newsseg.html import build_draft
    >>> d = build_draft("".join(f"<p><a href='/{i}'>عدد الجريدة بتاريخ {i}</a></p>"
    ...                         for i in range(5)))
    >>> _repetitive(d, d.blocks)
    True
    """
    if len(items) < 3:
        return False
    counts: dict[tuple[str, ...], int] = {}
    for b in items:
        key = tuple(draft.norm_text(b).split()[:2])
        counts[key] = counts.get(key, 0) + 1
    return max(counts.values()) >= 0.8 * len(items)


def _segment_kind(c: _Box, box: Node, marker: Kind | None,
                  lines: list[int]) -> tuple[Kind | None, str]:
    lex, f = c.lex, c.f
    item, words = f.item, f.words
    items = [x for x in lines if item[x] and _marker(lex, f, x) is None]
    if marker is None and near_vocab(box) & c.popup_v:
        return Kind.BOILERPLATE, "boilerplate.box"
    if not items:
        return (marker, f"{marker.value}.box") if marker else (None, "")
    zone = c.zones[lines[0]]
    vmask = _lines_vocab(f, lines, box)
    avg = sum(words[x] for x in items) / len(items)
    inner = f.inner
    tagrel = any(inner[x].ctx & dom.TAGREL for x in items)
    # "entry-header", "post-header" around a byline and a date are the article's
    # header, not the site's
    site_header = vmask & c.header_v and not vmask & c.byline_v
    menu = bool(box.ctx & (dom.NAV | dom.HEADER) or (box.ctx & dom.FOOTER
                                                     and not box.ctx & dom.ARTICLE)
                or vmask & c.menu_v or site_header)
    first = lines[0]
    label = not item[first] and f.ntext[first].rstrip().endswith(":")
    if zone == PRE:
        # a sidebar that comes before the article in the page's source
        if marker in (Kind.RELATED, Kind.READ_ALSO) or (vmask & c.related_v and avg > 3.5):
            return Kind.RELATED, "related.sidebar"
        return None, ""
    if marker is Kind.TAGS or tagrel:
        return Kind.TAGS, "tags.box"
    if avg <= 3.5 and menu:
        return Kind.BOILERPLATE, "boilerplate.menu"
    if vmask & c.tags_v and avg <= 4:
        return Kind.TAGS, "tags.box"
    if marker is Kind.RELATED and avg <= 3 and zone != HEAD:
        return Kind.TAGS, "tags.topics"  # "related topics": a list of tags
    if marker is not None:
        return marker, f"{marker.value}.box"
    if vmask & c.read_also_v and len(items) <= 4:
        return Kind.READ_ALSO, "read_also.box"
    if label and avg <= 3:
        return Kind.TAGS, "tags.labelled"  # "Topic: link link": a field of tags
    if zone == HEAD:
        return None, ""  # between title and text: bylines, captions, share bars
    if _repetitive(c.draft, [c.blocks[x] for x in items]):
        return Kind.BOILERPLATE, "boilerplate.repetitive"
    if avg <= 3.5:
        if zone == TAIL and len(items) >= 2 and \
                0 <= c.blocks[first].line - _last_line(c.draft, c.st) <= 12:
            return Kind.TAGS, "tags.after_body"  # short links right after the article
        return Kind.BOILERPLATE, "boilerplate.menu"
    if zone == BODY and len(items) == 1:
        return Kind.TEASER, "teaser.link"
    return Kind.RELATED, "related.box"


def _sidebar_widget(c: _Box, n: Node) -> bool:
    """A widget of a side column (not the header, a menu or a ticker)."""
    hit = c.widgets.get(n.index)
    if hit is None:
        hit = c.widgets[n.index] = _widget(c, n)
    return hit


def _widget(c: _Box, n: Node) -> bool:
    if n.ctx & (dom.HEADER | dom.NAV | dom.FOOTER):
        return False
    near = near_vocab(n, 8)
    if near & c.widget_v:
        return False
    return bool(n.ctx & dom.ASIDE or near & c.sidebar_v)


def _lines_vocab(f: _Lines, lines: list[int], box: Node) -> int:
    """Class names of a box's lines (up to the box) and of the box and two ancestors."""
    vmask = 0
    inner = f.inner
    for x in lines:
        vmask |= _vocab_up(inner[x], box)
    return vmask | (_vocab_up(box, box.parent, 2) if box.parent is not None else box.own)


def _heading_before(c: _Box, box: Node, first: int) -> int:
    """The unlabelled heading right before a box, when it belongs to the box's
    parent: its index, or -1."""
    if first <= 0:
        return -1
    i = first - 1
    f = c.f
    if c.blocks[i].kind is not None or c.zones[i] == PRE:
        return -1
    if not (f.heading[i] or (f.inner[i].heading and f.words[i] <= 6)
            or (f.links[i] < LINK_ITEM and _marker(c.lex, f, i) is not None)):
        return -1
    node = f.node[i]
    parent = box.parent
    k = 0
    while parent is not None and k < 3:
        if node.parent is parent:
            return i
        parent = parent.parent
        k += 1
    return -1


@stage("boxes")
def boxes(draft: Draft) -> None:
    """Boxes of links: related lists, read-also boxes, tag lists, menus.

    >>> import newsseg
    >>> p = "<p>" + "نص الخبر الطويل " * 8 + "</p>"
    >>> doc = newsseg.segment_html("<h1>عنوان الخبر اليوم</h1><div>" + p * 3 + "</div>"
    ...     "<div><h3>الأكثر قراءة</h3><ul><li><a href='/1'>عنوان خبر أول عن الاقتصاد</a></li>"
    ...     "<li><a href='/2'>عنوان خبر ثان عن الرياضة اليوم</a></li></ul></div>")
    >>> [s.kind.value for s in doc.segments][-3:]
    ['related', 'related', 'related']
    """
    st = state(draft)
    f = _lines(draft, st)
    c = _Box(draft, st, f)
    blocks, zones, lex = c.blocks, c.zones, c.lex
    item, heading, inners, nodes = f.item, f.heading, f.inner, f.node
    sums = _Sums(c)
    items_sum = sums.items
    box_v = c.box_v
    done: set[int] = set()
    n_blocks = len(blocks)
    limit = max(400, n_blocks // 4)
    i = 0
    while i < n_blocks:
        zone = zones[i]
        if not item[i] or blocks[i].kind is not None or (
                zone == PRE and not _sidebar_widget(c, inners[i])):
            i += 1
            continue
        box = _box_root(nodes[i], sums, limit)
        if box.mark & (M_HOLDS_REGION | M_HOLDS_TITLE):
            # the links share their element with the article's text (<td>…<br>…):
            # the box is the run of link lines around this one
            start, end = _flat_run(c, i)
            lines = list(range(start, end + 1))
            if sum(1 for x in lines if item[x]) >= 2:
                _label_box(c, box, lines)
            i = max(i, end) + 1
            continue
        if box.index in done or box.first < 0:
            i += 1
            continue
        done.add(box.index)
        lines = [x for x in range(box.first, box.last + 1)
                 if blocks[x].kind is None and (zones[x] != PRE or zone == PRE)]
        if not lines:
            i += 1
            continue
        head = _heading_before(c, box, box.first)
        if head >= 0:
            lines.insert(0, head)
        if items_sum[box.last + 1] - items_sum[box.first] < 2 and zone != BODY and not (
                head >= 0 or _lines_vocab(f, lines, box) & box_v
                or any(_marker(lex, f, x) or heading[x] for x in lines[:3])):
            i += 1
            continue
        box.mark |= M_BOX
        _label_box(c, box, lines)
        i = max(i + 1, box.last + 1)
    # a read-also box of sibling paragraphs (<p>اقرأ أيضا:</p><p><a>…</a></p><p><a>…</a></p>):
    # the links after the first one are its further items, not teasers
    for k in range(1, n_blocks):
        b, prev = blocks[k], blocks[k - 1]
        if b.rule == "teaser.link" and prev.kind is Kind.READ_ALSO and \
                nodes[k - 1].parent is nodes[k].parent:
            draft.label(b, Kind.READ_ALSO, "read_also.box", force=True)


def _flat_run(c: _Box, i: int) -> tuple[int, int]:
    """Link lines around block ``i`` that share its element, with the short
    heading right before them (``<b>أخبار أخرى</b><br><a>…</a><br><a>…</a>``):
    the first and the last index."""
    blocks, f = c.blocks, c.f
    nodes, item, words, links = f.node, f.item, f.words, f.links
    is_paragraph = c.draft.is_paragraph
    owner = nodes[i]

    def fits(x: int) -> bool:
        return (blocks[x].kind is None and nodes[x] is owner
                and (item[x] or (words[x] <= 6 and not is_paragraph(blocks[x])
                                 and links[x] < 0.5 and not f.heading[x])))

    j = i
    while j + 1 < len(blocks) and fits(j + 1):
        j += 1
    k = i
    while k - 1 >= 0 and nodes[k - 1] is owner and blocks[k - 1].kind is None and item[k - 1]:
        k -= 1
    if k - 1 >= 0 and nodes[k - 1] is owner and blocks[k - 1].kind is None:
        h = k - 1
        if links[h] < 0.5 and 0 < words[h] <= 6 and not is_paragraph(blocks[h]) \
                and not _dateish_at(f, h):
            k -= 1
    return k, j


def _mark_value(draft: Draft, f: _Lines, i: int, kind: Kind) -> None:
    """Where a marker of ``kind`` opens line ``i``, note where its value starts
    (for the views: ``doc.tags`` drops ``الوسوم:``)."""
    mk = _head(draft.lexicon, f, i)
    if mk is not None and mk.kind is kind:
        b = f.blocks[i]
        b.info["value_at"] = draft.to_input(b.nstart + mk.end, b.nstart + mk.end)[0]
        b.info["keep_apart"] = True


def _prompt(lex: CompiledLexicon, ntext: str) -> bool:
    """A link that is a follow, share or subscribe prompt, not another story."""
    g = lex.contains(ntext)
    return g is not None and g.kind is Kind.BOILERPLATE


def _label_box(c: _Box, box: Node, lines: list[int]) -> None:
    draft, f, lex, blocks, zones, near = c.draft, c.f, c.lex, c.blocks, c.zones, c.near
    neg = c.control_v
    label = draft.label
    links, words, item, ntexts = f.links, f.words, f.item, f.ntext
    for marker, seg in _segments(c, lines):
        kind, rule = _segment_kind(c, box, marker, seg)
        if kind is None:
            continue
        teaser = kind is Kind.TEASER
        marked = kind in _BOX_KINDS
        for x in seg:
            b = blocks[x]
            if zones[x] == BODY and links[x] < 0.5 and draft.is_paragraph(b):
                continue  # running text inside a box-like element stays text
            if teaser and not item[x]:
                continue
            ntext = ntexts[x]
            if teaser and _prompt(lex, ntext):
                label(b, Kind.BOILERPLATE, "boilerplate.prompt")  # "تابعونا على …"
                continue
            if not has_letters(ntext):
                continue  # numbering, bullets: left to `noise`
            more = lex.line(ntext) if words[x] <= 4 else None
            if marked:
                _mark_value(draft, f, x, kind)
            if more is not None and more.kind is Kind.RELATED:
                label(b, Kind.BOILERPLATE, "boilerplate.more_link")
            elif kind is not Kind.BOILERPLATE and near[x] & neg:
                label(b, Kind.BOILERPLATE, "boilerplate.box_control")
            else:
                label(b, kind, rule)


# ---------------------------------------------------------------- labels


@stage("dom_labels")
def dom_labels(draft: Draft) -> None:
    """Captions, meta, tags and boilerplate from the elements a line comes from.

    >>> import newsseg
    >>> p = "<p>" + "نص الخبر الطويل " * 8 + "</p>"
    >>> doc = newsseg.segment_html("<h1>عنوان الخبر اليوم</h1><time>12 مايو 2024</time>"
    ...     "<figure><img src='a.jpg'><figcaption>صورة من الحدث</figcaption></figure>"
    ...     "<div>" + p * 3 + "</div><footer>جميع الحقوق محفوظة</footer>")
    >>> [s.kind.value for s in doc.segments]
    ['title', 'meta', 'caption', 'body', 'body', 'body', 'boilerplate']
    """
    st = state(draft)
    f = _lines(draft, st)
    near_of = _near_list(st, f)
    neg = _neg(st)
    caption_v = st.v("caption")
    byline_v = st.v("author")
    date_v = st.v("date", "meta")
    tags_v = st.v("tags")
    embed_v = st.v("embed")
    last = _last_line(draft, st)
    authors = _author_keys(draft, st)
    text = draft.text
    label = draft.label
    is_paragraph = draft.is_paragraph
    words, links, inners, nodes, ntexts = f.words, f.links, f.inner, f.node, f.ntext
    control = dom.HEAD | dom.DIALOG | dom.HIDDEN | dom.CONTROL
    time_ctx = dom.TIME | dom.DATE
    for i, b in enumerate(draft.blocks):
        if b.kind is not None:
            continue
        zone = b.info.get("zone", PRE)
        if zone == PRE:
            label(b, Kind.BOILERPLATE, "boilerplate.before_title")
            continue
        inner = inners[i]
        ctx = inner.ctx
        if ctx & control:
            label(b, Kind.BOILERPLATE, "boilerplate.control")
            continue
        n = words[i]
        lk = links[i]
        para = lk < 0.5 and is_paragraph(b)
        # a URL: cheap test of its start first (most lines are no URL)
        if text.startswith(_URL_STARTS, b.start, b.end) and _URL.match(draft.raw(b)):
            label(b, Kind.BOILERPLATE, "boilerplate.url")
            continue
        near_end = zone != TAIL or b.line - last <= 8
        if n <= MAX_META_WORDS and not para and near_end and (
                ctx & time_ctx or (ctx & dom.AUTHOR and n <= 8)):
            label(b, Kind.META, "meta.dom")
            continue
        if ctx & dom.FIGCAPTION and n <= 2 * MAX_CAPTION_WORDS:
            label(b, Kind.CAPTION, "caption.figcaption")
            continue
        near = near_of[i]
        if near & embed_v and zone != TAIL:
            label(b, Kind.CAPTION, "caption.embedded_post")
            continue
        ntext = ntexts[i]
        if zone == HEAD and not para and n <= MAX_META_WORDS and _names_author(ntext, authors):
            label(b, Kind.META, "meta.author")
            continue
        if not para and n <= MAX_CAPTION_WORDS and (
            ctx & dom.FIGURE or near & caption_v
            or (zone in (HEAD, BODY) and n <= 30 and _near_media(nodes[i]) and not
                ends_sentence(ntext) and not ctx & dom.HEADING)
        ) and not _dateish_at(f, i):
            label(b, Kind.CAPTION, "caption.dom")
            continue
        if zone in (HEAD, BODY) and n <= 8 and _credit(draft, b):
            label(b, Kind.CAPTION, "caption.credit")
            continue
        if zone == BODY and para:
            continue
        if zone == HEAD and not para and n <= MAX_META_WORDS and _dateish_at(f, i):
            label(b, Kind.META, "meta.date_under_title")
            continue
        footer = ctx & dom.FOOTER and not ctx & dom.ARTICLE
        if ctx & dom.NAV or footer or (near & neg and not para):
            label(b, Kind.BOILERPLATE, "boilerplate.dom")
            continue
        if not para and near_end and ((near & byline_v and n <= 8)
                                      or (near & date_v and n <= MAX_META_WORDS
                                          and _dateish_at(f, i))):
            label(b, Kind.META, "meta.dom")
            continue
        if n <= 12 and (ctx & dom.TAGREL or near & tags_v):
            label(b, Kind.TAGS, "tags.dom")
            _mark_value(draft, f, i, Kind.TAGS)


_URL_STARTS = ("http://", "https://", "www.")


def _author_keys(draft: Draft, st: HtmlState) -> list[str]:
    """Normalized author names from the page's metadata."""
    author = st.meta.metadata.author
    if not author:
        return []
    names = _NAME_SEP(draft.lexicon).split(author)
    norm = draft.lexicon.normalizer
    return [k for k in (normalize(n, norm).strip() for n in names) if len(k) >= 4]


def _names_author(ntext: str, authors: list[str]) -> bool:
    return any(a in ntext for a in authors)


def _credit(draft: Draft, b: Block) -> bool:
    """A photo credit: "© Agency", or a line right after a lone "©"."""
    raw = draft.raw(b).lstrip()
    if raw.startswith(("©", "(c)", "(C)")):
        return has_letters(raw) and not _dateish(raw, _AGO(draft.lexicon))
    if b.line > 0:
        # the line before, found from the block backwards (slicing the text
        # up to every block made a page of many lines quadratic)
        text, j = draft.text, b.start
        while j > 0 and text[j - 1] == "\n":
            j -= 1
        prev = text[text.rfind("\n", 0, j) + 1 : j].strip()
        return prev == "©" and has_letters(raw)
    return False


def _dateish(ntext: str, ago: regex.Pattern[str]) -> bool:
    """A date or time: a year, two numbers, or a "time ago" word of the
    lexicon (``ago``: ``_AGO`` compiled for it; "منذ/قبل") and a number, in a
    line where digits are at least a fifth of the letters.

    >>> from newsseg.lexicon import Lexicon
    >>> ago = _AGO(Lexicon.default().compile())
    >>> [_dateish(t, ago) for t in ("12 مايو 2024", "قبل 5 ساعات", "(423)", "كتب علي")]
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


def _dateish_at(f: _Lines, i: int) -> bool:
    """:func:`_dateish` of line ``i``, cached."""
    dates = f.dates
    hit = dates.get(i)
    if hit is None:
        hit = dates[i] = _dateish(f.ntext[i], f.ago)
    return hit


def _last_line(draft: Draft, st: HtmlState) -> int:
    if st.body_last < 0:
        return -1
    return draft.blocks[min(st.body_last, len(draft.blocks) - 1)].line


def _near_media(n: Node) -> bool:
    """An image in the element, or in its parent or grandparent, or in the
    element just before it (or before its parent) that holds no text: a
    caption under ``<p><img></p>`` without ``<figcaption>``."""
    k = 0
    m: Node | None = n
    while m is not None and k < 3:
        if m.mark & M_HOLDS_REGION and not m.mark & M_REGION:
            return False
        if m.media or (k < 2 and _image_before(m)):
            return True
        m = m.parent
        k += 1
    return False


def _image_before(n: Node) -> bool:
    """Whether the element before ``n``'s is an image, or holds one and no text."""
    el = n.el
    if el is None:
        return False
    # the element before, comments and processing instructions skipped
    prev = next((p for p in el.itersiblings(preceding=True) if isinstance(p.tag, str)), None)
    if prev is None:
        return False
    if str(prev.tag).lower() in dom.MEDIA_TAGS:
        return True
    if not any(True for _ in prev.iter(*dom.MEDIA_TAGS)):
        return False
    return not "".join(str(t) for t in prev.itertext()).strip()


# ---------------------------------------------------------------- article


def _next_is_paragraph(draft: Draft, i: int) -> bool:
    blocks = draft.blocks
    for j in range(i + 1, min(len(blocks), i + 4)):
        b = blocks[j]
        if b.kind is None or b.kind is Kind.BODY:
            return draft.is_paragraph(b)
        if b.kind not in (Kind.CAPTION, Kind.BOILERPLATE):
            return False
    return False


@stage("html_article")
def html_article(draft: Draft) -> None:
    """The last stage: body and subheadings in the region, leads under the
    title, boilerplate elsewhere.

    >>> import newsseg
    >>> p = "<p>" + "نص الخبر الطويل " * 8 + "</p>"
    >>> doc = newsseg.segment_html("<h1>عنوان الخبر اليوم</h1><div>" + p +
    ...                            "<h2>عنوان فرعي</h2>" + p + "</div><p>سطر أخير</p>")
    >>> [s.kind.value for s in doc.segments]
    ['title', 'body', 'subheading', 'body', 'boilerplate']
    """
    label_lines(draft)
    blocks = draft.blocks
    st = state(draft)
    widget = st.v("popup", "ads", "comments")
    body_text = _body_text(draft, st)
    for i, b in enumerate(blocks):
        if b.kind is not None:
            continue
        zone = b.info.get("zone", PRE)
        inner = _inner(b)
        n = draft.words(b)
        links = _links(b)
        ntext = draft.norm_text(b)
        if zone == BODY:
            h = inner.heading
            if links >= LINK_ITEM and not draft.is_paragraph(b):
                draft.label(b, Kind.BOILERPLATE, "boilerplate.link_in_body")
            elif (h >= 2 or (n <= 14 and headline_like(ntext, 14)
                             and not draft.is_paragraph(b))) and _next_is_paragraph(draft, i):
                draft.label(b, Kind.SUBHEADING, "article.subheading")
            else:
                draft.label(b, Kind.BODY, "article.body")
        elif zone == HEAD:
            # a lead under the title, unless a poll, an ad or a comment box holds it
            if links < 0.5 and (draft.is_paragraph(b) or (n >= 6 and ends_sentence(ntext))) \
                    and not st.near(inner) & widget:
                draft.label(b, Kind.BODY, "article.lead")
            else:
                draft.label(b, Kind.BOILERPLATE, "article.head")
        elif body_text and n >= MIN_PARA_WORDS and links < 0.5 and ntext[:60] in body_text:
            draft.label(b, Kind.BODY, "article.jsonld")  # the page's own articleBody says so
        else:
            draft.label(b, Kind.BOILERPLATE, "article.outside")
