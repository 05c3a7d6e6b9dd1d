"""The ``dom`` stage: sum words, paragraph words and link words over the
element tree; find the title (``<h1>``, ``itemprop=headline``, the JSON-LD or
``og:`` headline) and the region of the article's running text (the element
whose text is densest in paragraphs, helped by ``itemprop=articleBody``, body
class names and JSON-LD ``articleBody``); give every line a zone: before the
title, between title and body, in the body, after it.
"""

from __future__ import annotations

from itertools import islice

from newsseg.engine.draft import Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import ends_sentence
from newsseg.formats.html import dom as html_dom
from newsseg.formats.html.dom import Extract, Node
from newsseg.model import Kind
from newsseg.normalize import normalize
from newsseg.rules.html.facts import (
    BODY,
    HEAD,
    M_HOLDS_REGION,
    M_HOLDS_TITLE,
    M_REGION,
    NEG_CTX,
    PRE,
    SEPARATORS,
    TAIL,
    HtmlState,
    LineFacts,
    line_facts,
    near_vocab,
    neg_bits,
    paragraph_flags,
    region_text,
    state,
)

__all__ = ["dom"]

MAX_TITLE_WORDS = 40


# ---------------------------------------------------------------- dom: facts


def _headline_keys(st: HtmlState, draft: Draft) -> list[str]:
    """Normalized forms of the page's own headline (JSON-LD, og:, <title>), with
    site names cut off."""
    out: list[str] = []
    norm = draft.lexicon.normalizer
    for h in dict.fromkeys((st.head.headline, st.head.title_tag)):  # often the same
        if not h:
            continue
        nh = normalize(h, norm).strip()
        out.append(nh)
        if not any(c in nh for c in "-|–—:"):
            continue  # nothing SEPARATORS could cut at (the split is slow)
        parts = [p.strip() for p in SEPARATORS.split(nh) if p.strip()]
        if len(parts) > 1:
            out.extend(p for p in parts if len(p.split()) >= 3)
    return out


def _find_title(draft: Draft, st: HtmlState, facts: LineFacts) -> int:
    keys = _headline_keys(st, draft)
    best, best_score = -1, 0.0
    body_first = st.body_first
    limit = body_first if body_first >= 0 else len(facts.words)
    side_v = st.vocab_bits("sidebar", "related", "nav", "footer")
    title_v = st.vocab_bits("title")
    skip = html_dom.HEAD | html_dom.CONTROL | html_dom.DIALOG
    site = html_dom.ARTICLE | html_dom.MAIN
    aside = html_dom.NAV | html_dom.FOOTER | html_dom.ASIDE
    words, links, inners, ntexts = facts.words, facts.links, facts.inner, facts.ntext
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
        if not score and not h and not ctx & html_dom.HEADLINE:
            # no headline match, no heading: the rest adds at most 1.0 (the
            # gap), short of the 2.0 a title needs
            continue
        lk = links[i]
        if h == 1:
            score += 2.0
            if ctx & html_dom.HEADER and not ctx & site and score < 3:
                score -= 1.5  # the site's name in its header
            if lk > 0.5 and n <= 3 and score < 3:
                score -= 1.0  # a logo linking home
        elif h in (2, 3):
            score += 0.5 if score > 0 else (1.0 if h == 2 else 0.5)
        if score and near_vocab(inner) & side_v:
            score -= 1.0
        if ctx & html_dom.HEADLINE:
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


# A <p> wrapped over lines has this many words at least to be a paragraph.
MIN_WRAPPED_WORDS = 15


def _wrapped_paragraphs(draft: Draft, facts: LineFacts) -> None:
    """The lines of a ``<p>`` whose source wraps its text over lines read as
    running text, each of them: a line break inside a text is a line of the
    visible text (as the gold corpus defines it), so a paragraph written over
    three lines of the page's source is three lines, two of them pieces of a
    sentence that, alone, read like captions or headings. A ``<p>`` of
    several lines, :data:`MIN_WRAPPED_WORDS` words or more, whose last line
    ends a sentence and whose other lines do not, is such a paragraph.

    >>> import newsseg
    >>> doc = newsseg.segment_html("<h1>وزارة النقل تفتتح طريقا جديدا</h1><img src=a.jpg>"
    ...     "<p>\\nوقال الوزير إن الطريق الجديد\\nسيختصر زمن الرحلة بين المدينتين "
    ...     "إلى النصف، وإن\\nالعمل في المرحلة الثانية يبدأ الشهر المقبل.\\n</p>")
    >>> [s.kind.value for s in doc.segments][1:]
    ['body', 'body', 'body']
    """
    nodes, ntexts, blocks = facts.node, facts.ntext, facts.blocks
    verdict: dict[int, bool] = {}  # by node index
    for i, node in enumerate(nodes):
        if node.tag != "p" or node.lines < 2 or node.words < MIN_WRAPPED_WORDS:
            continue
        wrapped = verdict.get(node.index)
        if wrapped is None:
            first, last = node.first, node.last
            wrapped = verdict[node.index] = ends_sentence(ntexts[last]) and not any(
                ends_sentence(ntexts[k]) for k in range(first, last) if nodes[k] is node
            )
        if wrapped:
            blocks[i].para = 1


def _paragraph_weights(draft: Draft, st: HtmlState, facts: LineFacts) -> None:
    """Add each paragraph's words (doubled when the page's JSON-LD ``articleBody``
    holds it) to its element's ``pwords``; needs ``near_vocab`` before any marks."""
    neg = neg_bits(st)
    body_text = region_text(draft, st) or None
    words, inners, nodes, ntexts = facts.words, facts.inner, facts.node, facts.ntext
    for i, para in enumerate(paragraph_flags(draft, facts)):
        if not para:
            continue
        n = words[i]
        inner = inners[i]
        if inner.ctx & NEG_CTX or near_vocab(inner) & neg:
            continue
        if body_text is not None and ntexts[i][:60] in body_text:
            n *= 2
        node = nodes[i]
        node.pwords += n
        node.paras += 1


def _choose_region(nodes: list[Node], st: HtmlState) -> Node | None:
    """The element densest in paragraphs, of ``nodes`` (in page order)."""
    body_v = st.vocab_bits("body")
    in_body = html_dom.BODY
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
    stop = st.vocab_bits("comments", "related", "read_also", "share", "sidebar", "footer", "popup",
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


@stage("dom", writes=("zones",))
def dom(draft: Draft) -> None:
    """Sum the element facts, find the title and the running text's region,
    give every line its zone.

    >>> import newsseg
    >>> doc = newsseg.segment_html(
    ...     "<nav><a href='/'>الرئيسية</a></nav><h1>عنوان الخبر اليوم</h1><div><p>"
    ...     + "افتتح وزير الثقافة معرض الكتاب في العاصمة صباح اليوم. " * 2 + "</p></div>")
    >>> [(s.kind.value, s.rule) for s in doc.segments]
    [('boilerplate', 'boilerplate.before_title'), ('title', 'title.dom'), ('body', 'article.body')]
    """
    st = state(draft)
    ex = st.extract
    blocks = draft.blocks
    facts = line_facts(draft, st)
    facts.near = None  # the marks change here
    words, lwords, nodes = facts.words, facts.lwords, facts.node
    for i, node in enumerate(nodes):
        node.words += words[i]
        node.lwords += lwords[i]
        node.lines += 1
        if node.first < 0:
            node.first = i
        node.last = i
    _wrapped_paragraphs(draft, facts)
    # paragraph weights need near_vocab, which needs no marks yet
    _paragraph_weights(draft, st, facts)
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
    st.title = t = _find_title(draft, st, facts)
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
        key = facts.ntext[t]
        for j in range(t + 1, min(t + 4, len(blocks))):
            b = blocks[j]
            if b.kind is None and facts.ntext[j] == key:
                draft.label(b, Kind.TITLE, "title.repeat")
    # Before the title: PRE. Then HEAD (PRE without a title) up to the body's
    # first line, BODY to its last (the lines between two paragraphs of the
    # body are inserts in it), TAIL after.
    first, last = st.body_first, st.body_last
    n_blocks = len(blocks)
    lead = HEAD if t >= 0 else PRE
    head_end = n_blocks if first < 0 else first
    pre_end = min(max(t, 0), n_blocks)
    zones = st.zones
    for i in range(pre_end):
        zones[blocks[i].line] = PRE
    for i in range(pre_end, head_end):
        zones[blocks[i].line] = lead
    if first >= 0:
        for i in range(max(first, pre_end), n_blocks):
            zones[blocks[i].line] = BODY if i <= last else TAIL
