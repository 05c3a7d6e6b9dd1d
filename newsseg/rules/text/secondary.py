"""The ``secondary`` stage: a whole other article after a read-also marker
(a headline, then paragraphs) is ``secondary``, not the page's own.
"""

from __future__ import annotations

from newsseg.engine.draft import Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import DATELINE, headline_like
from newsseg.model import Kind

__all__ = ["secondary"]


def _dateline_like(ntext: str, n: int) -> bool:
    """A short dateline (``n``: its word count)."""
    return n <= 8 and DATELINE.match(ntext) is not None


def _article_run(draft: Draft, k: int) -> tuple[int, int]:
    """From block ``k``: (index past the run of unlabelled/meta blocks, paragraphs in it)."""
    blocks = draft.blocks
    paras = 0
    end = k
    while end < len(blocks) and blocks[end].kind in (None, Kind.META) and not (
        blocks[end].list_head
    ):
        if draft.is_paragraph(blocks[end]):
            paras += 1
        end += 1
    return end, paras


@stage("secondary", reads=("list_head",))
def secondary(draft: Draft) -> None:
    """Another whole article carried by the page is ``secondary``: a headline
    followed by a dateline and paragraphs (a second brief), or a headline and
    paragraphs after a lone read-also marker that closes the article.

    >>> import newsseg
    >>> body = "نص الخبر الأول عن الاقتصاد المحلي وتطوراته خلال الأسبوع الماضي في البلاد. " * 2
    >>> other = "فقرة من خبر آخر تماما عن الرياضة ونتائج المباريات في الدوري المحلي أمس. " * 2
    >>> page = f"{body}\\nاقرأ أيضا:\\nعنوان خبر آخر\\nالرياض - خاص\\n{other}\\n{other}"
    >>> doc = newsseg.segment(page)
    >>> [s.kind.value for s in doc.segments]
    ['body', 'read_also', 'secondary', 'secondary', 'secondary', 'secondary']
    """
    blocks = draft.blocks
    seen_para = False
    closed = False  # a source or tags line has closed the main article
    i = 0
    while i < len(blocks):
        b = blocks[i]
        ntext = draft.norm_text(b)
        if b.kind in (Kind.SOURCE, Kind.TAGS) and seen_para:
            closed = True
        start = None
        if b.kind is Kind.READ_ALSO and b.list_head and i + 1 < len(blocks):
            title = blocks[i + 1]
            if title.kind is None and headline_like(draft.norm_text(title),
                                                    n=draft.words(title)):
                nxt = blocks[i + 2] if i + 2 < len(blocks) else None
                has_dateline = nxt is not None and _dateline_like(draft.norm_text(nxt),
                                                                  draft.words(nxt))
                if closed or has_dateline:
                    start = i + 1
        elif (b.kind is None and seen_para
              and i + 2 < len(blocks) and blocks[i + 1].kind in (None, Kind.META)
              and blocks[i + 2].kind is None
              and headline_like(ntext, 20, n=draft.words(b))
              and _dateline_like(draft.norm_text(blocks[i + 1]), draft.words(blocks[i + 1]))
              and draft.is_paragraph(blocks[i + 2])):
            start = i  # headline + dateline + paragraph: a second brief
        if start is None:
            if b.kind is None and draft.is_paragraph(b):
                seen_para = True
            i += 1
            continue
        end, paras = _article_run(draft, start + 1)
        if paras < 1 or (paras < 2 and b.kind is Kind.READ_ALSO and not closed):
            i += 1
            continue
        for x in blocks[start:end]:
            draft.label(x, Kind.SECONDARY, "secondary.article", force=True)
        i = end
