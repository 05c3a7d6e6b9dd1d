"""The ``boxes`` stage: find boxes of links (lists of headlines, tag lists,
menus) and label them by their heading's marker, their class names, their
place and the length of their items: ``related``, ``read_also``, ``tags``,
``teaser`` or ``boilerplate``.
"""

from __future__ import annotations

from itertools import accumulate, repeat
from operator import and_, attrgetter, ge, gt

from newsseg.engine.draft import Block, Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import has_letters
from newsseg.formats.html import dom
from newsseg.formats.html.dom import Node
from newsseg.lexicon import CompiledLexicon
from newsseg.model import Kind
from newsseg.rules.html.facts import (
    BODY,
    HEAD,
    LINK_ITEM,
    M_BOX,
    M_HOLDS_REGION,
    M_HOLDS_TITLE,
    PRE,
    TAIL,
    HtmlState,
    LineFacts,
    dateish_at,
    last_line,
    line_facts,
    mark_value,
    marker_head,
    near_list,
    near_vocab,
    paragraph_flags,
    state,
)

__all__ = ["boxes"]

# ---------------------------------------------------------------- boxes


class _Box:
    """What the ``boxes`` stage reads on every line, gathered once a page: the
    lines' facts and zones, the vocabulary masks of its tests."""

    __slots__ = ("blocks", "box_v", "byline_v", "control_v", "draft", "facts", "header_v", "lex",
                 "menu_v", "near", "popup_v", "read_also_v", "related_v", "sidebar_v", "st",
                 "tags_v", "widget_v", "widgets", "zones")

    def __init__(self, draft: Draft, st: HtmlState, facts: LineFacts) -> None:
        self.draft = draft
        self.st = st
        self.facts = facts
        self.lex = draft.lexicon
        self.blocks = draft.blocks
        zones = st.zones
        self.zones: list[int] = [zones[b.line] for b in draft.blocks]
        self.near = near_list(st, facts)
        bits = st.vocab_bits
        self.box_v = bits("related", "read_also", "tags")
        self.control_v = bits("comments", "popup", "share", "ads")
        self.popup_v = bits("popup", "comments")
        self.header_v = bits("header")
        self.byline_v = bits("meta", "author", "date")
        self.menu_v = bits("nav", "footer", "share")
        self.related_v = bits("related")
        self.read_also_v = bits("read_also")
        self.tags_v = bits("tags")
        self.sidebar_v = bits("sidebar")
        self.widget_v = bits("ticker", "header", "nav", "footer", "popup")
        self.widgets: dict[int, bool] = {}
        """:func:`_sidebar_widget` by element index."""


_CTX = attrgetter("ctx")


class _Sums:
    """Per-line counts summed over any element in O(1): an element's lines are a
    contiguous run of blocks, ``node.first`` to ``node.last``."""

    __slots__ = ("items", "lwords", "nav", "neg", "para", "words")

    def __init__(self, ctx: _Box) -> None:
        facts = ctx.facts
        neg = ctx.control_v
        nav = dom.NAV | dom.HEADER | dom.FOOTER
        words, links = facts.words, facts.links
        # the flags by map() and the operators, no Python loop: a test on each
        # line of the page (& of two bools is their "and")
        self.items = list(accumulate(
            map(and_, map(ge, links, repeat(LINK_ITEM)), map(gt, words, repeat(0))), initial=0))
        self.lwords = list(accumulate(facts.lwords, initial=0))
        self.nav = list(accumulate(
            map(bool, map(and_, map(_CTX, facts.inner), repeat(nav))), initial=0))
        self.neg = list(accumulate(map(bool, map(and_, ctx.near, repeat(neg))), initial=0))
        self.para = list(accumulate(paragraph_flags(ctx.draft, facts), initial=0))
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


def _marker(lex: CompiledLexicon, facts: LineFacts, i: int) -> Kind | None:
    """The kind a box heading (line ``i``) announces with a marker of the lexicon,
    if any (cached)."""
    markers = facts.markers
    if i in markers:
        return markers[i]
    kind: Kind | None = None
    mk = marker_head(lex, facts, i)
    if mk is not None and mk.kind in _BOX_KINDS:
        kind = mk.kind
        rest = facts.ntext[i][mk.end :].strip()
        if rest and not mk.separator:
            if mk.role == "field":
                kind = None  # "مواضيع ساخنة": a field marker needs its ':' or nothing after it
            elif mk.role == "heading" and facts.words[i] > 6 and facts.links[i] < 0.3:
                kind = None  # a sentence that opens with a marker's words
    markers[i] = kind
    return kind


_BOX_KINDS = (Kind.READ_ALSO, Kind.RELATED, Kind.TAGS)


def _segments(ctx: _Box, lines: list[int]) -> list[tuple[Kind | None, list[int]]]:
    """Cut a box's lines at its headings: (marker kind of the heading, lines)."""
    lex, facts = ctx.lex, ctx.facts
    heading, links = facts.heading, facts.links
    out: list[tuple[Kind | None, list[int]]] = []
    cur: list[int] = []
    linked = False  # a link item in cur
    kind: Kind | None = None
    for x in lines:
        mk = _marker(lex, facts, x)
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

    >>> from newsseg.formats.html.reader import build_draft
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


def _segment_kind(ctx: _Box, box: Node, marker: Kind | None,
                  lines: list[int]) -> tuple[Kind | None, str]:
    lex, facts = ctx.lex, ctx.facts
    item, words = facts.item, facts.words
    items = [x for x in lines if item[x] and _marker(lex, facts, x) is None]
    if marker is None and near_vocab(box) & ctx.popup_v:
        return Kind.BOILERPLATE, "boilerplate.box"
    if not items:
        return (marker, f"{marker.value}.box") if marker else (None, "")
    zone = ctx.zones[lines[0]]
    vmask = _lines_vocab(facts, lines, box)
    avg = sum(words[x] for x in items) / len(items)
    inner = facts.inner
    tagrel = any(inner[x].ctx & dom.TAGREL for x in items)
    # "entry-header", "post-header" around a byline and a date are the article's
    # header, not the site's
    site_header = vmask & ctx.header_v and not vmask & ctx.byline_v
    menu = bool(box.ctx & (dom.NAV | dom.HEADER) or (box.ctx & dom.FOOTER
                                                     and not box.ctx & dom.ARTICLE)
                or vmask & ctx.menu_v or site_header)
    first = lines[0]
    label = not item[first] and facts.ntext[first].rstrip().endswith(":")
    if zone == PRE:
        # a sidebar that comes before the article in the page's source
        if marker in (Kind.RELATED, Kind.READ_ALSO) or (vmask & ctx.related_v and avg > 3.5):
            return Kind.RELATED, "related.sidebar"
        return None, ""
    if marker is Kind.TAGS or tagrel:
        return Kind.TAGS, "tags.box"
    if avg <= 3.5 and menu:
        return Kind.BOILERPLATE, "boilerplate.menu"
    if vmask & ctx.tags_v and avg <= 4:
        return Kind.TAGS, "tags.box"
    if marker is Kind.RELATED and avg <= 3 and zone != HEAD:
        return Kind.TAGS, "tags.topics"  # "related topics": a list of tags
    if marker is not None:
        return marker, f"{marker.value}.box"
    if vmask & ctx.read_also_v and len(items) <= 4:
        return Kind.READ_ALSO, "read_also.box"
    if label and avg <= 3:
        return Kind.TAGS, "tags.labelled"  # "Topic: link link": a field of tags
    if zone == HEAD:
        return None, ""  # between title and text: bylines, captions, share bars
    if _repetitive(ctx.draft, [ctx.blocks[x] for x in items]):
        return Kind.BOILERPLATE, "boilerplate.repetitive"
    if avg <= 3.5:
        if zone == TAIL and len(items) >= 2 and \
                0 <= ctx.blocks[first].line - last_line(ctx.draft, ctx.st) <= 12:
            return Kind.TAGS, "tags.after_body"  # short links right after the article
        return Kind.BOILERPLATE, "boilerplate.menu"
    if zone == BODY and len(items) == 1:
        return Kind.TEASER, "teaser.link"
    return Kind.RELATED, "related.box"


def _sidebar_widget(ctx: _Box, n: Node) -> bool:
    """A widget of a side column (not the header, a menu or a ticker)."""
    hit = ctx.widgets.get(n.index)
    if hit is None:
        hit = ctx.widgets[n.index] = _widget(ctx, n)
    return hit


def _widget(ctx: _Box, n: Node) -> bool:
    if n.ctx & (dom.HEADER | dom.NAV | dom.FOOTER):
        return False
    near = near_vocab(n, 8)
    if near & ctx.widget_v:
        return False
    return bool(n.ctx & dom.ASIDE or near & ctx.sidebar_v)


def _lines_vocab(facts: LineFacts, lines: list[int], box: Node) -> int:
    """Class names of a box's lines (up to the box) and of the box and two ancestors."""
    vmask = 0
    inner = facts.inner
    for x in lines:
        vmask |= _vocab_up(inner[x], box)
    return vmask | (_vocab_up(box, box.parent, 2) if box.parent is not None else box.own)


def _heading_before(ctx: _Box, box: Node, first: int) -> int:
    """The unlabelled heading right before a box, when it belongs to the box's
    parent: its index, or -1."""
    if first <= 0:
        return -1
    i = first - 1
    facts = ctx.facts
    if ctx.blocks[i].kind is not None or ctx.zones[i] == PRE:
        return -1
    if not (facts.heading[i] or (facts.inner[i].heading and facts.words[i] <= 6)
            or (facts.links[i] < LINK_ITEM and _marker(ctx.lex, facts, i) is not None)):
        return -1
    node = facts.node[i]
    parent = box.parent
    k = 0
    while parent is not None and k < 3:
        if node.parent is parent:
            return i
        parent = parent.parent
        k += 1
    return -1


@stage("boxes", reads=("zones",), writes=("value_at", "keep_apart"))
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
    facts = line_facts(draft, st)
    ctx = _Box(draft, st, facts)
    blocks, zones, lex = ctx.blocks, ctx.zones, ctx.lex
    item, heading, inners, nodes = facts.item, facts.heading, facts.inner, facts.node
    sums = _Sums(ctx)
    items_sum = sums.items
    box_v = ctx.box_v
    done: set[int] = set()
    n_blocks = len(blocks)
    limit = max(400, n_blocks // 4)
    i = 0
    while i < n_blocks:
        zone = zones[i]
        if not item[i] or blocks[i].kind is not None or (
                zone == PRE and not _sidebar_widget(ctx, inners[i])):
            i += 1
            continue
        box = _box_root(nodes[i], sums, limit)
        if box.mark & (M_HOLDS_REGION | M_HOLDS_TITLE):
            # the links share their element with the article's text (<td>…<br>…):
            # the box is the run of link lines around this one
            start, end = _flat_run(ctx, i)
            lines = list(range(start, end + 1))
            if sum(1 for x in lines if item[x]) >= 2:
                _label_box(ctx, box, lines)
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
        head = _heading_before(ctx, box, box.first)
        if head >= 0:
            lines.insert(0, head)
        if items_sum[box.last + 1] - items_sum[box.first] < 2 and zone != BODY and not (
                head >= 0 or _lines_vocab(facts, lines, box) & box_v
                or any(_marker(lex, facts, x) or heading[x] for x in lines[:3])):
            i += 1
            continue
        box.mark |= M_BOX
        _label_box(ctx, box, lines)
        i = max(i + 1, box.last + 1)
    # a read-also box of sibling paragraphs (<p>اقرأ أيضا:</p><p><a>…</a></p><p><a>…</a></p>):
    # the links after the first one are its further items, not teasers
    for k in range(1, n_blocks):
        b, prev = blocks[k], blocks[k - 1]
        if b.rule == "teaser.link" and prev.kind is Kind.READ_ALSO and \
                nodes[k - 1].parent is nodes[k].parent:
            draft.label(b, Kind.READ_ALSO, "read_also.box", force=True)


def _flat_run(ctx: _Box, i: int) -> tuple[int, int]:
    """Link lines around block ``i`` that share its element, with the short
    heading right before them (``<b>أخبار أخرى</b><br><a>…</a><br><a>…</a>``):
    the first and the last index."""
    blocks, facts = ctx.blocks, ctx.facts
    nodes, item, words, links = facts.node, facts.item, facts.words, facts.links
    is_paragraph = ctx.draft.is_paragraph
    owner = nodes[i]

    def fits(x: int) -> bool:
        return (blocks[x].kind is None and nodes[x] is owner
                and (item[x] or (words[x] <= 6 and not is_paragraph(blocks[x])
                                 and links[x] < 0.5 and not facts.heading[x])))

    j = i
    while j + 1 < len(blocks) and fits(j + 1):
        j += 1
    k = i
    while k - 1 >= 0 and nodes[k - 1] is owner and blocks[k - 1].kind is None and item[k - 1]:
        k -= 1
    if k - 1 >= 0 and nodes[k - 1] is owner and blocks[k - 1].kind is None:
        h = k - 1
        if links[h] < 0.5 and 0 < words[h] <= 6 and not is_paragraph(blocks[h]) \
                and not dateish_at(facts, h):
            k -= 1
    return k, j


def _prompt(lex: CompiledLexicon, ntext: str) -> bool:
    """A link that is a follow, share or subscribe prompt, not another story."""
    g = lex.contains(ntext)
    return g is not None and g.kind is Kind.BOILERPLATE


def _label_box(ctx: _Box, box: Node, lines: list[int]) -> None:
    draft, facts, lex = ctx.draft, ctx.facts, ctx.lex
    blocks, zones, near = ctx.blocks, ctx.zones, ctx.near
    neg = ctx.control_v
    label = draft.label
    links, words, item, ntexts = facts.links, facts.words, facts.item, facts.ntext
    for marker, seg in _segments(ctx, lines):
        kind, rule = _segment_kind(ctx, box, marker, seg)
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
                mark_value(draft, facts, x, kind)
            if more is not None and more.kind is Kind.RELATED:
                label(b, Kind.BOILERPLATE, "boilerplate.more_link")
            elif kind is not Kind.BOILERPLATE and near[x] & neg:
                label(b, Kind.BOILERPLATE, "boilerplate.box_control")
            else:
                label(b, kind, rule)
