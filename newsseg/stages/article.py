"""The last text stage: decide the article's title, body and subheadings.

The article runs from its first paragraph to the last paragraph before a hard
end (tags, a secondary article, a related list with no text after it). Before
it: the title and the lines around it; inside it: paragraphs are ``body``,
short lines that introduce a paragraph are ``subheading``; after it,
whatever is left is ``boilerplate``.
"""

from __future__ import annotations

import regex

from newsseg._shape import ends_sentence, headline_like
from newsseg.model import Kind
from newsseg.pipeline import Block, Draft, stage

__all__ = ["article"]

_ARABIC = regex.compile(r"[\u0600-\u06ff]")

# Kinds after which the article does not resume.
_HARD_END = (Kind.TAGS, Kind.SECONDARY)
MAX_TITLE_WORDS = 30
MAX_SUBHEADING_WORDS = 14


def _first_paragraph(draft: Draft) -> int | None:
    for i, b in enumerate(draft.blocks):
        if b.kind is None and draft.is_paragraph(b):
            return i
    return None


def _end(draft: Draft, start: int) -> int:
    blocks = draft.blocks
    last_para = draft.last_paragraph()
    for i in range(start, len(blocks)):
        b = blocks[i]
        if b.kind in _HARD_END or (b.kind is Kind.BOILERPLATE and b.rule.endswith(".contains")
                                   and "حقوق" in draft.norm_text(b)):
            return i
        if b.kind is Kind.RELATED and (b.rule.endswith((".line", ".stubs"))):
            return i  # a "more" link or timestamp stubs close the page's lists
        if b.kind is Kind.RELATED and b.info.get("list_head") and last_para <= i:
            return i
    return len(blocks)


def _next_unlabelled_paragraph(draft: Draft, i: int, end: int) -> bool:
    blocks = draft.blocks
    for j in range(i + 1, min(end, i + 3)):
        b = blocks[j]
        if b.kind is None:
            return draft.is_paragraph(b)
        if b.kind not in (Kind.CAPTION, Kind.BOILERPLATE):
            return False
    return False


@stage("article")
def article(draft: Draft) -> None:
    """Label what is left: title, body, subheadings, and boilerplate after the article.

    >>> import newsseg
    >>> doc = newsseg.segment("عنوان الخبر هنا\\n"
    ...     "فقرة أولى من نص الخبر تتحدث عن موضوع مهم في المدينة اليوم.\\n"
    ...     "عنوان فرعي\\n"
    ...     "فقرة ثانية من نص الخبر تتحدث عن تفاصيل أخرى مهمة جدا للقراء.")
    >>> [s.kind.value for s in doc.segments]
    ['title', 'body', 'subheading', 'body']
    """
    blocks = draft.blocks
    p0 = _first_paragraph(draft)
    if p0 is None:
        # no running text: a lone short page is all body (a brief), else a title + body
        for b in draft.unlabelled():
            draft.label(b, Kind.BODY, "article.body")
        return
    end = _end(draft, p0)
    _head(draft, blocks[:p0])
    for i in range(p0, end):
        b = blocks[i]
        if b.kind is not None:
            continue
        ntext = draft.norm_text(b)
        n = draft.words(b)
        if (
            n <= MAX_SUBHEADING_WORDS
            and not draft.is_paragraph(b)
            and (
                headline_like(ntext, MAX_SUBHEADING_WORDS)
                or (n <= 4 and ntext.rstrip().endswith(":"))
            )
            and _next_unlabelled_paragraph(draft, i, end)
        ):
            draft.label(b, Kind.SUBHEADING, "article.subheading")
        else:
            draft.label(b, Kind.BODY, "article.body")
    for b in blocks[end:]:
        if b.kind is None:
            draft.label(b, Kind.BOILERPLATE, "article.after_end")


def _longer_headline_follows(draft: Draft, head: list[Block], i: int, n: int) -> bool:
    for b in head[i + 1 :]:
        if b.kind is None:
            return draft.words(b) > n and headline_like(draft.norm_text(b), MAX_TITLE_WORDS)
    return False


def _head(draft: Draft, head: list[Block]) -> None:
    """Lines before the first paragraph: the title, then decks and short lines."""
    title_at: int | None = None
    for i, b in enumerate(head):
        if b.kind is not None:
            continue
        ntext = draft.norm_text(b)
        n = draft.words(b)
        if n <= 4 and not _ARABIC.search(ntext):
            # a Latin-only agency or site name near the title
            draft.label(b, Kind.SOURCE, "source.latin_credit")
        elif title_at is None and n <= 2 and _longer_headline_follows(draft, head, i, n):
            # a section name above the headline ("اقتصاد", "محليات")
            draft.label(b, Kind.BOILERPLATE, "boilerplate.section")
        elif title_at is None and headline_like(ntext, MAX_TITLE_WORDS) and _ARABIC.search(ntext):
            draft.label(b, Kind.TITLE, "article.title")
            title_at = i
        elif title_at is not None and i == title_at + 1 and head[title_at].kind is Kind.TITLE \
                and headline_like(ntext, 14) and i + 1 < len(head) and head[i + 1].kind is not None:
            # kicker + title: a second short headline right under the first
            draft.label(b, Kind.TITLE, "article.title")
        elif ends_sentence(ntext) or n > MAX_SUBHEADING_WORDS:
            draft.label(b, Kind.BODY, "article.body")
        else:
            draft.label(b, Kind.SUBHEADING, "article.deck")
