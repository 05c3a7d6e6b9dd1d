"""The ``tag_runs`` stage: a run of very short keyword lines after the article
is a tag list, marker or not.
"""

from __future__ import annotations

import regex

from newsseg.engine.draft import Block, Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import is_bullet
from newsseg.model import Kind

__all__ = ["tag_runs"]

# Runs of tag-like lines: this many when no paragraph follows, or any run this long.
MIN_TAG_RUN = 3
MIN_TAG_RUN_LONG = 5


@stage("tag_runs")
def tag_runs(draft: Draft) -> None:
    """A run of three or more very short keyword lines after the article's
    paragraphs (no marker, not followed by a paragraph) is a tag list.

    >>> import newsseg
    >>> doc = newsseg.segment("نص الخبر الرئيسي عن افتتاح المعرض الدولي للكتاب في العاصمة اليوم.\\n"
    ...                       "المعرض\\nالكتاب\\nالثقافة العربية")
    >>> doc.tags
    ('المعرض', 'الكتاب', 'الثقافة العربية')
    """
    blocks = draft.blocks
    seen_para = False
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if not seen_para:
            seen_para = b.kind is None and draft.is_paragraph(b)
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind is None and _tag_like(draft, blocks[j]):
            j += 1
        followed_by_text = _text_follows(draft, j)
        if j - i >= MIN_TAG_RUN_LONG or (j - i >= MIN_TAG_RUN and not followed_by_text):
            for x in blocks[i:j]:
                draft.label(x, Kind.TAGS, "tags.run")
        i = max(j, i + 1)


def _text_follows(draft: Draft, j: int) -> bool:
    """Whether the article goes on at block ``j``: two paragraphs in a row, or
    one that the page's furniture does not follow (a site blurb between a tag
    list and the related links is not the article)."""
    blocks = draft.blocks
    if j >= len(blocks) or blocks[j].kind is not None or not draft.is_paragraph(blocks[j]):
        return False
    nxt = blocks[j + 1] if j + 1 < len(blocks) else None
    if nxt is None:
        return True
    if nxt.kind is None:
        return True
    return nxt.kind not in (Kind.RELATED, Kind.BOILERPLATE, Kind.TEASER)


# What a keyword line has none of: sentence punctuation, a digit.
_NOT_TAG = regex.compile(r"[.:!?،,\d]")


def _tag_like(draft: Draft, b: Block) -> bool:
    ntext = draft.norm_text(b)
    n = draft.words(b)
    return 1 <= n <= 4 and not _NOT_TAG.search(ntext) and not is_bullet(draft.raw(b))
