"""The ``html_article`` stage, the last: what is left in the body is ``body``
or ``subheading``, a paragraph between title and body is ``body``, the rest
``boilerplate``.
"""

from __future__ import annotations

from newsseg.engine.draft import Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import ends_sentence, headline_like
from newsseg.model import Kind
from newsseg.rules.html.facts import (
    BODY,
    HEAD,
    LINK_ITEM,
    MIN_PARA_WORDS,
    region_text,
    state,
)
from newsseg.rules.text.article import label_lines

__all__ = ["html_article"]

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


@stage("html_article", reads=("zones",))
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
    widget = st.vocab_bits("popup", "ads", "comments")
    body_text = region_text(draft, st)
    lines, zones = st.extract.lines, st.zones
    for i, b in enumerate(blocks):
        if b.kind is not None:
            continue
        zone = zones[b.line]
        line = lines[b.line]
        inner = line.inner
        n = draft.words(b)
        links = line.links
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
