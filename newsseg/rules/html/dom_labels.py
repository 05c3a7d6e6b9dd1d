"""The ``dom_labels`` stage: captions (``<figure>``, ``<figcaption>``, caption
classes, text next to an image), meta (``<time>``, bylines, date classes),
tags (``rel=tag``), and boilerplate from structure (navigation, forms,
dialogs, share, ads, comments, anything before the title).
"""

from __future__ import annotations

import regex

from newsseg.engine.draft import Block, Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import ends_sentence, has_letters
from newsseg.formats.html import dom
from newsseg.formats.html.dom import Node
from newsseg.lexicon import WordsPattern
from newsseg.model import Kind
from newsseg.normalize import normalize
from newsseg.rules.html.facts import (
    AGO,
    BODY,
    HEAD,
    M_HOLDS_REGION,
    M_REGION,
    PRE,
    TAIL,
    HtmlState,
    dateish,
    dateish_at,
    last_line,
    line_facts,
    mark_value,
    near_list,
    neg_bits,
    state,
)

__all__ = ["dom_labels"]

MAX_CAPTION_WORDS = 45
MAX_META_WORDS = 16
_URL = regex.compile(r"^(?:https?://|www\.)\S+$")
# Authors joined by commas or by a conjunction of the lexicon ("علي ومحمد").
_NAME_SEP = WordsPattern("conjunctions", r"(?<!\s)\s*[،,;&]\s*|(?<!\s)\s+(?:{words})(?=\S)")


# ---------------------------------------------------------------- labels


@stage("dom_labels", reads=("zones",), writes=("value_at", "keep_apart"))
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
    facts = line_facts(draft, st)
    near_of = near_list(st, facts)
    neg = neg_bits(st)
    caption_v = st.vocab_bits("caption")
    byline_v = st.vocab_bits("author")
    date_v = st.vocab_bits("date", "meta")
    tags_v = st.vocab_bits("tags")
    embed_v = st.vocab_bits("embed")
    last = last_line(draft, st)
    authors = _author_keys(draft, st)
    text = draft.text
    label = draft.label
    is_paragraph = draft.is_paragraph
    words, links, ntexts = facts.words, facts.links, facts.ntext
    inners, nodes = facts.inner, facts.node
    control = dom.HEAD | dom.DIALOG | dom.HIDDEN | dom.CONTROL
    time_ctx = dom.TIME | dom.DATE
    zones = st.zones
    for i, b in enumerate(draft.blocks):
        if b.kind is not None:
            continue
        zone = zones[b.line]
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
        ) and not dateish_at(facts, i):
            label(b, Kind.CAPTION, "caption.dom")
            continue
        if zone in (HEAD, BODY) and n <= 8 and _credit(draft, b):
            label(b, Kind.CAPTION, "caption.credit")
            continue
        if zone == BODY and para:
            continue
        if zone == HEAD and not para and n <= MAX_META_WORDS and dateish_at(facts, i):
            label(b, Kind.META, "meta.date_under_title")
            continue
        footer = ctx & dom.FOOTER and not ctx & dom.ARTICLE
        if ctx & dom.NAV or footer or (near & neg and not para):
            label(b, Kind.BOILERPLATE, "boilerplate.dom")
            continue
        if not para and near_end and ((near & byline_v and n <= 8)
                                      or (near & date_v and n <= MAX_META_WORDS
                                          and dateish_at(facts, i))):
            label(b, Kind.META, "meta.dom")
            continue
        if n <= 12 and (ctx & dom.TAGREL or near & tags_v):
            label(b, Kind.TAGS, "tags.dom")
            mark_value(draft, facts, i, Kind.TAGS)


_URL_STARTS = ("http://", "https://", "www.")


def _author_keys(draft: Draft, st: HtmlState) -> list[str]:
    """Normalized author names from the page's metadata."""
    author = st.head.metadata.author
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
        return has_letters(raw) and not dateish(raw, AGO(draft.lexicon))
    if b.line > 0:
        # the line before, found from the block backwards (slicing the text
        # up to every block made a page of many lines quadratic)
        text, j = draft.text, b.start
        while j > 0 and text[j - 1] == "\n":
            j -= 1
        prev = text[text.rfind("\n", 0, j) + 1 : j].strip()
        return prev == "©" and has_letters(raw)
    return False


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
