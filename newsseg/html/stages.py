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

import regex

from newsseg._shape import LETTER, ends_sentence, has_letters, headline_like
from newsseg.html import dom
from newsseg.html.dom import Extract, Node
from newsseg.html.meta import PageMeta
from newsseg.html.vocab import Vocab
from newsseg.lexicon import CompiledLexicon
from newsseg.model import Kind
from newsseg.normalize import normalize
from newsseg.pipeline import Block, Draft, stage

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
_AGO = regex.compile(r"(?:منذ|قبل)\s+\d")
_URL = regex.compile(r"^(?:https?://|www\.)\S+$")
# (?<!\s): a match starts where a run of spaces starts, so each run is tried once
_SEPARATORS = regex.compile(r"(?<!\s)\s+[-|–—:]{1,2}\s+|(?<![\s|])\s*\|\s*")
_NAME_SEP = regex.compile(r"(?<!\s)\s*[،,;&]\s*|(?<!\s)\s+و(?=\S)")


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


def _node(b: Block) -> Node:
    n = b.info["node"]
    assert isinstance(n, Node)
    return n


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
    for h in (st.meta.headline, st.meta.title_tag):
        if not h:
            continue
        nh = normalize(h, norm).strip()
        out.append(nh)
        parts = [p.strip() for p in _SEPARATORS.split(nh) if p.strip()]
        if len(parts) > 1:
            out.extend(p for p in parts if len(p.split()) >= 3)
    return out


def _find_title(draft: Draft, st: HtmlState) -> int:
    keys = _headline_keys(st, draft)
    best, best_score = -1, 0.0
    limit = st.body_first if st.body_first >= 0 else len(draft.blocks)
    for i, b in enumerate(draft.blocks[: limit + 1]):
        inner = _inner(b)
        ctx = inner.ctx
        if ctx & (dom.HEAD | dom.CONTROL | dom.DIALOG):
            continue
        n = draft.words(b)
        if n < 2 or n > MAX_TITLE_WORDS:
            continue
        ntext = draft.norm_text(b).strip()
        score = 0.0
        for k in keys:
            if ntext == k:
                score = max(score, 3.0)
            elif n >= 4 and (ntext in k or k in ntext):
                score = max(score, 2.5)
        h = inner.heading
        if h == 1:
            score += 2.0
            if ctx & dom.HEADER and not ctx & (dom.ARTICLE | dom.MAIN) and score < 3:
                score -= 1.5  # the site's name in its header
            if _links(b) > 0.5 and n <= 3 and score < 3:
                score -= 1.0  # a logo linking home
        elif h in (2, 3):
            score += 0.5 if score > 0 else (1.0 if h == 2 else 0.5)
        if score and near_vocab(inner) & st.v("sidebar", "related", "nav", "footer"):
            score -= 1.0
        if ctx & dom.HEADLINE:
            score += 2.0
        if inner.vocab & st.v("title") and score > 0:
            score += 0.3
        if ctx & (dom.NAV | dom.FOOTER | dom.ASIDE):
            score -= 2.0
        if _links(b) > 0.5 and h != 1:
            score -= 1.0
        if st.body_first >= 0 and i <= st.body_first:
            # the headline stands above the running text, close to it
            gap = st.body_first - i
            score += 1.0 if gap <= 6 else 0.5 if gap <= 40 else 0.0
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= 2.0 else -1


def _paragraph_weight(draft: Draft, b: Block, st: HtmlState, neg: int,
                      body_text: str | None) -> int:
    if _links(b) >= 0.5:
        return 0
    n = draft.words(b)
    if n < MIN_PARA_WORDS or not draft.is_paragraph(b):
        return 0
    inner = _inner(b)
    if inner.ctx & _NEG_CTX or near_vocab(inner) & neg:
        return 0
    w = n
    if body_text is not None:
        probe = draft.norm_text(b)[:60]
        if probe in body_text:
            w *= 2
    return w


def _choose_region(ex: Extract, st: HtmlState) -> Node | None:
    body_v = st.v("body")
    best: Node | None = None
    best_score = 0.0
    for node in ex.nodes:
        pw = node.pwords
        if pw <= 0:
            continue
        purity = pw / max(node.words, 1)
        score = pw * purity * (1.0 - min(node.lwords / max(node.words, 1), 0.9))
        if node.own & body_v:
            score *= 1.3
        if node.ctx & dom.BODY and not (node.parent is not None and node.parent.ctx & dom.BODY):
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
    for node in ex.nodes:  # preorder: parents first
        p = node.parent
        if p is not None and p.mark & M_REGION:
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
    neg = _neg(st)
    body_text: str | None = None
    if st.meta.article_body:
        body_text = normalize(st.meta.article_body, draft.lexicon.normalizer)
    for i, b in enumerate(blocks):
        node = _node(b)
        n = draft.words(b)
        node.words += n
        node.lwords += int(n * _links(b) + 0.5)
        node.lines += 1
        if node.first < 0:
            node.first = i
        node.last = i
    # paragraph weights need near_vocab, which needs no marks yet
    for b in blocks:
        w = _paragraph_weight(draft, b, st, neg, body_text)
        if w:
            node = _node(b)
            node.pwords += w
            node.paras += 1
    for node in reversed(ex.nodes):
        p = node.parent
        if p is None or p.depth < 0:
            continue
        p.words += node.words
        p.pwords += node.pwords
        p.lwords += node.lwords
        p.lines += node.lines
        p.paras += node.paras
        if node.first >= 0:
            if p.first < 0 or node.first < p.first:
                p.first = node.first
            if node.last > p.last:
                p.last = node.last
    top = _choose_region(ex, st)
    if top is not None:
        st.body_first = top.first
    st.title = t = _find_title(draft, st)
    title_node = _node(blocks[t]) if t >= 0 else None
    if top is not None:
        _mark_region(ex, st, top, title_node)
        st.region = top
        firsts = [i for i, b in enumerate(blocks) if _node(b).mark & M_REGION]
        if t >= 0:
            firsts = [i for i in firsts if i > t]
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
        key = draft.norm_text(blocks[t])
        for b in blocks[t + 1 : t + 4]:
            if b.kind is None and draft.norm_text(b) == key:
                draft.label(b, Kind.TITLE, "title.repeat")
    first, last = st.body_first, st.body_last
    for i, b in enumerate(blocks):
        if t >= 0 and i < t:
            zone = PRE
        elif _node(b).mark & M_REGION and first <= i <= last:
            zone = BODY
        elif first < 0 or i < first:
            zone = HEAD if t >= 0 else PRE
        elif i > last:
            zone = TAIL
        else:
            zone = HEAD if t >= 0 else PRE
            if first <= i <= last:
                zone = BODY  # between two paragraphs of the body: an insert
        b.info["zone"] = zone


# ---------------------------------------------------------------- boxes


class _Sums:
    """Per-line counts summed over any element in O(1): an element's lines are a
    contiguous run of blocks, ``node.first`` to ``node.last``."""

    __slots__ = ("items", "lwords", "nav", "neg", "para", "words")

    def __init__(self, draft: Draft, st: HtmlState) -> None:
        neg = st.v("comments", "popup", "share", "ads")
        items, lwords, nav, negs, para, words = [0], [0], [0], [0], [0], [0]
        for b in draft.blocks:
            n = draft.words(b)
            links = _links(b)
            inner = _inner(b)
            items.append(items[-1] + (links >= LINK_ITEM and n > 0))
            lwords.append(lwords[-1] + int(n * links + 0.5))
            nav.append(nav[-1] + bool(inner.ctx & (dom.NAV | dom.HEADER | dom.FOOTER)))
            negs.append(negs[-1] + bool(st.near(inner) & neg))
            para.append(para[-1] + (links < 0.5 and n >= MIN_PARA_WORDS
                                    and draft.is_paragraph(b)))
            words.append(words[-1] + n)
        self.items, self.lwords, self.nav, self.neg = items, lwords, nav, negs
        self.para, self.words = para, words

    @staticmethod
    def of(arr: list[int], n: Node) -> int:
        return arr[n.last + 1] - arr[n.first] if n.first >= 0 else 0


def _box_root(n: Node, sums: _Sums, limit: int) -> Node:
    """Climb from ``n`` while the ancestor is still a box of links and adds no
    paragraphs, no navigation and no comment or share lines."""
    of = sums.of
    box = n
    while True:
        p = box.parent
        if p is None or p.depth < 0 or p.mark & (M_HOLDS_REGION | M_HOLDS_TITLE):
            return box
        if p.tag in ("body", "html") or p.lines > limit:
            return box
        if of(sums.para, p) > of(sums.para, box) or of(sums.nav, p) != of(sums.nav, box):
            return box
        if of(sums.neg, p) != of(sums.neg, box):
            return box
        if of(sums.lwords, p) * 2 < of(sums.words, p):
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


def _marker(draft: Draft, b: Block) -> Kind | None:
    """The kind a box heading announces with a marker of the lexicon, if any."""
    n = draft.words(b)
    if n > 20:
        return None
    ntext = draft.norm_text(b)
    mk = draft.lexicon.head(ntext)
    if mk is None or mk.kind not in _BOX_KINDS:
        return None
    rest = ntext[mk.end :].strip()
    if mk.role == "field" and rest and not mk.separator:
        return None  # "مواضيع ساخنة": a field marker needs its ':' or nothing after it
    if mk.role == "heading" and rest and n > 6 and not mk.separator and _links(b) < 0.3:
        return None  # a sentence that opens with a marker's words
    return mk.kind


_BOX_KINDS = (Kind.READ_ALSO, Kind.RELATED, Kind.TAGS)


def _is_heading(draft: Draft, b: Block) -> bool:
    """A box title: a heading element or a short label ending with ':' that is no link."""
    if _links(b) >= LINK_ITEM:
        return False
    n = draft.words(b)
    if n == 0 or n > 8:
        return False
    return bool(_inner(b).heading) or draft.norm_text(b).rstrip().endswith(":")


def _segments(draft: Draft, lines: list[Block]) -> list[tuple[Kind | None, list[Block]]]:
    """Cut a box's lines at its headings: (marker kind of the heading, lines)."""
    out: list[tuple[Kind | None, list[Block]]] = []
    cur: list[Block] = []
    kind: Kind | None = None
    for b in lines:
        mk = _marker(draft, b)
        if (mk is not None or _is_heading(draft, b)) and cur and any(
                _links(x) >= LINK_ITEM for x in cur):
            out.append((kind, cur))
            cur, kind = [], None
        if mk is not None and kind is None:
            kind = mk
        cur.append(b)
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


def _is_item(draft: Draft, b: Block) -> bool:
    """A headline or tag of a box: a line that is (mostly) a link to elsewhere."""
    return (_links(b) >= LINK_ITEM and draft.words(b) > 0
            and not _inner(b).ctx & dom.ANCHOR)


def _segment_kind(draft: Draft, st: HtmlState, box: Node, marker: Kind | None,
                  lines: list[Block]) -> tuple[Kind | None, str]:
    items = [b for b in lines if _is_item(draft, b) and _marker(draft, b) is None]
    zone = lines[0].info.get("zone", PRE)
    vmask = _lines_vocab(lines, box)
    if near_vocab(box) & st.v("popup", "comments") and marker is None:
        return Kind.BOILERPLATE, "boilerplate.box"
    if not items:
        return (marker, f"{marker.value}.box") if marker else (None, "")
    avg = sum(draft.words(b) for b in items) / len(items)
    tagrel = any(_inner(b).ctx & dom.TAGREL for b in items)
    # "entry-header", "post-header" around a byline and a date are the article's
    # header, not the site's
    site_header = vmask & st.v("header") and not vmask & st.v("meta", "author", "date")
    menu = bool(box.ctx & (dom.NAV | dom.HEADER) or (box.ctx & dom.FOOTER
                                                     and not box.ctx & dom.ARTICLE)
                or vmask & st.v("nav", "footer", "share") or site_header)
    label = not _is_item(draft, lines[0]) and draft.norm_text(lines[0]).rstrip().endswith(":")
    if zone == PRE:
        # a sidebar that comes before the article in the page's source
        if marker in (Kind.RELATED, Kind.READ_ALSO) or (vmask & st.v("related") and avg > 3.5):
            return Kind.RELATED, "related.sidebar"
        return None, ""
    if marker is Kind.TAGS or tagrel:
        return Kind.TAGS, "tags.box"
    if avg <= 3.5 and menu:
        return Kind.BOILERPLATE, "boilerplate.menu"
    if vmask & st.v("tags") and avg <= 4:
        return Kind.TAGS, "tags.box"
    if marker is Kind.RELATED and avg <= 3 and zone != HEAD:
        return Kind.TAGS, "tags.topics"  # "related topics": a list of tags
    if marker is not None:
        return marker, f"{marker.value}.box"
    if vmask & st.v("read_also") and len(items) <= 4:
        return Kind.READ_ALSO, "read_also.box"
    if label and avg <= 3:
        return Kind.TAGS, "tags.labelled"  # "Topic: link link": a field of tags
    if zone == HEAD:
        return None, ""  # between title and text: bylines, captions, share bars
    if _repetitive(draft, items):
        return Kind.BOILERPLATE, "boilerplate.repetitive"
    if avg <= 3.5:
        if zone == TAIL and len(items) >= 2 and 0 <= lines[0].line - _last_line(draft, st) <= 12:
            return Kind.TAGS, "tags.after_body"  # short links right after the article
        return Kind.BOILERPLATE, "boilerplate.menu"
    if zone == BODY and len(items) == 1:
        return Kind.TEASER, "teaser.link"
    return Kind.RELATED, "related.box"


def _sidebar_widget(st: HtmlState, n: Node) -> bool:
    """A widget of a side column (not the header, a menu or a ticker)."""
    if n.ctx & (dom.HEADER | dom.NAV | dom.FOOTER):
        return False
    near = near_vocab(n, 8)
    if near & st.v("ticker", "header", "nav", "footer", "popup"):
        return False
    return bool(n.ctx & dom.ASIDE or near & st.v("sidebar"))


def _lines_vocab(lines: list[Block], box: Node) -> int:
    """Class names of a box's lines (up to the box) and of the box and two ancestors."""
    vmask = 0
    for b in lines:
        vmask |= _vocab_up(_inner(b), box)
    return vmask | (_vocab_up(box, box.parent, 2) if box.parent is not None else box.own)


def _heading_before(draft: Draft, box: Node, first: int) -> Block | None:
    """The unlabelled heading right before a box, when it belongs to the box's parent."""
    if first <= 0:
        return None
    b = draft.blocks[first - 1]
    if b.kind is not None or b.info.get("zone", PRE) == PRE:
        return None
    if not (_is_heading(draft, b) or (_inner(b).heading and draft.words(b) <= 6)
            or (_links(b) < LINK_ITEM and _marker(draft, b) is not None)):
        return None
    node = _node(b)
    parent = box.parent
    k = 0
    while parent is not None and k < 3:
        if node.parent is parent:
            return b
        parent = parent.parent
        k += 1
    return None


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
    blocks = draft.blocks
    sums = _Sums(draft, st)
    box_v = st.v("related", "read_also", "tags")
    done: set[int] = set()
    n_blocks = len(blocks)
    limit = max(400, n_blocks // 4)
    i = 0
    while i < n_blocks:
        b = blocks[i]
        zone = b.info.get("zone", PRE)
        if b.kind is not None or not _is_item(draft, b) or (
                zone == PRE and not _sidebar_widget(st, _inner(b))):
            i += 1
            continue
        box = _box_root(_node(b), sums, limit)
        if box.mark & (M_HOLDS_REGION | M_HOLDS_TITLE):
            # the links share their element with the article's text (<td>…<br>…):
            # the box is the run of link lines around this one
            lines, end = _flat_run(draft, i)
            if sum(1 for x in lines if _is_item(draft, x)) >= 2:
                _label_box(draft, st, box, lines)
            i = max(i, end) + 1
            continue
        if box.index in done or box.first < 0:
            i += 1
            continue
        done.add(box.index)
        lines = [x for x in blocks[box.first : box.last + 1]
                 if x.kind is None and (x.info.get("zone", PRE) != PRE or zone == PRE)]
        if not lines:
            i += 1
            continue
        head = _heading_before(draft, box, box.first)
        if head is not None:
            lines.insert(0, head)
        if sums.of(sums.items, box) < 2 and zone != BODY and not (
                head is not None or _lines_vocab(lines, box) & box_v
                or any(_marker(draft, x) or _is_heading(draft, x) for x in lines[:3])):
            i += 1
            continue
        box.mark |= M_BOX
        _label_box(draft, st, box, lines)
        i = max(i + 1, box.last + 1)
    # a read-also box of sibling paragraphs (<p>اقرأ أيضا:</p><p><a>…</a></p><p><a>…</a></p>):
    # the links after the first one are its further items, not teasers
    for k in range(1, n_blocks):
        b, prev = blocks[k], blocks[k - 1]
        if b.rule == "teaser.link" and prev.kind is Kind.READ_ALSO and \
                _node(prev).parent is _node(b).parent:
            draft.label(b, Kind.READ_ALSO, "read_also.box", force=True)


def _flat_run(draft: Draft, i: int) -> tuple[list[Block], int]:
    """Link lines around block ``i`` that share its element, with the short
    heading right before them (``<b>أخبار أخرى</b><br><a>…</a><br><a>…</a>``)."""
    blocks = draft.blocks
    owner = _node(blocks[i])

    def fits(x: Block) -> bool:
        return (x.kind is None and _node(x) is owner
                and (_is_item(draft, x) or (draft.words(x) <= 6 and not draft.is_paragraph(x)
                                            and _links(x) < 0.5 and not _is_heading(draft, x))))

    j = i
    while j + 1 < len(blocks) and fits(blocks[j + 1]):
        j += 1
    k = i
    while k - 1 >= 0 and _node(blocks[k - 1]) is owner and blocks[k - 1].kind is None and \
            _is_item(draft, blocks[k - 1]):
        k -= 1
    if k - 1 >= 0 and _node(blocks[k - 1]) is owner and blocks[k - 1].kind is None:
        h = blocks[k - 1]
        if _links(h) < 0.5 and 0 < draft.words(h) <= 6 and not draft.is_paragraph(h) \
                and not _dateish(draft.norm_text(h)):
            k -= 1
    return blocks[k : j + 1], j


def _mark_value(draft: Draft, b: Block, kind: Kind) -> None:
    """Where a marker of ``kind`` opens the line, note where its value starts
    (for the views: ``doc.tags`` drops ``الوسوم:``)."""
    if draft.words(b) > 20:
        return
    mk = draft.lexicon.head(draft.norm_text(b))
    if mk is not None and mk.kind is kind:
        b.info["value_at"] = draft.to_input(b.nstart + mk.end, b.nstart + mk.end)[0]
        b.info["keep_apart"] = True


def _prompt(lex: CompiledLexicon, ntext: str) -> bool:
    """A link that is a follow, share or subscribe prompt, not another story."""
    g = lex.contains(ntext)
    return g is not None and g.kind is Kind.BOILERPLATE


def _label_box(draft: Draft, st: HtmlState, box: Node, lines: list[Block]) -> None:
    neg = st.v("comments", "popup", "share", "ads")
    lex = draft.lexicon
    for marker, seg in _segments(draft, lines):
        kind, rule = _segment_kind(draft, st, box, marker, seg)
        if kind is None:
            continue
        for x in seg:
            if x.info.get("zone") == BODY and _links(x) < 0.5 and draft.is_paragraph(x):
                continue  # running text inside a box-like element stays text
            if kind is Kind.TEASER and not _is_item(draft, x):
                continue
            ntext = draft.norm_text(x)
            if kind is Kind.TEASER and _prompt(lex, ntext):
                draft.label(x, Kind.BOILERPLATE, "boilerplate.prompt")  # "تابعونا على …"
                continue
            if not has_letters(ntext):
                continue  # numbering, bullets: left to `noise`
            more = lex.line(ntext) if draft.words(x) <= 4 else None
            if kind in _BOX_KINDS:
                _mark_value(draft, x, kind)
            if more is not None and more.kind is Kind.RELATED:
                draft.label(x, Kind.BOILERPLATE, "boilerplate.more_link")
            elif kind is not Kind.BOILERPLATE and st.near(_inner(x)) & neg:
                draft.label(x, Kind.BOILERPLATE, "boilerplate.box_control")
            else:
                draft.label(x, kind, rule)


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
    neg = _neg(st)
    caption_v = st.v("caption")
    byline_v = st.v("author")
    date_v = st.v("date", "meta")
    tags_v = st.v("tags")
    embed_v = st.v("embed")
    last = _last_line(draft, st)
    authors = _author_keys(draft, st)
    for b in draft.blocks:
        if b.kind is not None:
            continue
        zone = b.info.get("zone", PRE)
        inner = _inner(b)
        node = _node(b)
        ctx = inner.ctx
        n = draft.words(b)
        links = _links(b)
        near = st.near(inner)
        para = draft.is_paragraph(b) and links < 0.5
        ntext = draft.norm_text(b)
        if zone == PRE:
            draft.label(b, Kind.BOILERPLATE, "boilerplate.before_title")
            continue
        if ctx & (dom.HEAD | dom.DIALOG | dom.HIDDEN | dom.CONTROL):
            draft.label(b, Kind.BOILERPLATE, "boilerplate.control")
            continue
        near_end = zone != TAIL or b.line - last <= 8
        dateish = _dateish(ntext)
        if _URL.match(draft.raw(b)):
            draft.label(b, Kind.BOILERPLATE, "boilerplate.url")
            continue
        if n <= MAX_META_WORDS and not para and near_end and (
                ctx & (dom.TIME | dom.DATE) or (ctx & dom.AUTHOR and n <= 8)):
            draft.label(b, Kind.META, "meta.dom")
            continue
        if ctx & dom.FIGCAPTION and n <= 2 * MAX_CAPTION_WORDS:
            draft.label(b, Kind.CAPTION, "caption.figcaption")
            continue
        if near & embed_v and zone != TAIL:
            draft.label(b, Kind.CAPTION, "caption.embedded_post")
            continue
        if zone == HEAD and not para and n <= MAX_META_WORDS and _names_author(ntext, authors):
            draft.label(b, Kind.META, "meta.author")
            continue
        if not para and n <= MAX_CAPTION_WORDS and not dateish and (
            ctx & dom.FIGURE or near & caption_v
            or (zone in (HEAD, BODY) and n <= 30 and _near_media(node) and not
                ends_sentence(ntext) and not ctx & dom.HEADING)
        ):
            draft.label(b, Kind.CAPTION, "caption.dom")
            continue
        if zone in (HEAD, BODY) and n <= 8 and _credit(draft, b):
            draft.label(b, Kind.CAPTION, "caption.credit")
            continue
        if zone == BODY and para:
            continue
        if zone == HEAD and dateish and not para and n <= MAX_META_WORDS:
            draft.label(b, Kind.META, "meta.date_under_title")
            continue
        footer = ctx & dom.FOOTER and not ctx & dom.ARTICLE
        if ctx & dom.NAV or footer or (near & neg and not para):
            draft.label(b, Kind.BOILERPLATE, "boilerplate.dom")
            continue
        if not para and near_end and ((near & byline_v and n <= 8)
                                      or (near & date_v and dateish and n <= MAX_META_WORDS)):
            draft.label(b, Kind.META, "meta.dom")
            continue
        if n <= 12 and (ctx & dom.TAGREL or near & tags_v):
            draft.label(b, Kind.TAGS, "tags.dom")
            _mark_value(draft, b, Kind.TAGS)


def _author_keys(draft: Draft, st: HtmlState) -> list[str]:
    """Normalized author names from the page's metadata."""
    author = st.meta.metadata.author
    if not author:
        return []
    names = _NAME_SEP.split(author)
    norm = draft.lexicon.normalizer
    return [k for k in (normalize(n, norm).strip() for n in names) if len(k) >= 4]


def _names_author(ntext: str, authors: list[str]) -> bool:
    return any(a in ntext for a in authors)


def _credit(draft: Draft, b: Block) -> bool:
    """A photo credit: "© Agency", or a line right after a lone "©"."""
    raw = draft.raw(b).lstrip()
    if raw.startswith(("©", "(c)", "(C)")):
        return has_letters(raw) and not _dateish(raw)
    if b.line > 0:
        # the line before, found from the block backwards (slicing the text
        # up to every block made a page of many lines quadratic)
        text, j = draft.text, b.start
        while j > 0 and text[j - 1] == "\n":
            j -= 1
        prev = text[text.rfind("\n", 0, j) + 1 : j].strip()
        return prev == "©" and has_letters(raw)
    return False


def _dateish(ntext: str) -> bool:
    """A date or time: a year, two numbers, or "منذ/قبل" and a number, in a line
    where digits are at least a fifth of the letters.

    >>> _dateish("12 مايو 2024"), _dateish("قبل 5 ساعات"), _dateish("(423)"), _dateish("كتب علي")
    (True, True, False, False)
    """
    numbers = _NUMBERS.findall(ntext)
    if not numbers:
        return False
    if _AGO.search(ntext):
        return True
    digits = sum(map(len, numbers))
    if digits * 4 < len(LETTER.findall(ntext)):
        return False
    return len(numbers) >= 2 or bool(_YEAR.search(ntext))


def _last_line(draft: Draft, st: HtmlState) -> int:
    if st.body_last < 0:
        return -1
    return draft.blocks[min(st.body_last, len(draft.blocks) - 1)].line


def _near_media(n: Node) -> bool:
    """An image in the element, or in its parent or grandparent."""
    k = 0
    m: Node | None = n
    while m is not None and k < 3:
        if m.mark & M_HOLDS_REGION and not m.mark & M_REGION:
            return False
        if m.media:
            return True
        m = m.parent
        k += 1
    return False


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
    blocks = draft.blocks
    st = state(draft)
    widget = st.v("popup", "ads", "comments")
    body_text = normalize(st.meta.article_body, draft.lexicon.normalizer) \
        if st.meta.article_body else ""
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
