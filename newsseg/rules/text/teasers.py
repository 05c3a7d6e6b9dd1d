"""The ``teasers`` stage: the headline and lede of another article dropped
into the body, and headlines that announce the page's second article.
"""

from __future__ import annotations

import regex

from newsseg.engine.draft import Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import COMMA, headline_like, words
from newsseg.lexicon import split_words
from newsseg.model import Kind

__all__ = ["teasers"]

# A teaser: a headline ending with ? or ! (or two headlines joined by '..')
# run straight into another article's lede.
_TEASER = regex.compile(r"^(?P<head>[^.!?]{12,160}?(?:\?|!|\.\.[^.!?]{5,120}\?))\s+(?P<lede>\S)")


# The headline of a teaser (with the two halves "..") ends this far in at most.
MAX_TEASER_HEAD_CHARS = 300
# A teaser's headline has this many words (a shorter question is the article's own).
MIN_TEASER_WORDS = 5
MAX_TEASER_WORDS = 22


# A teaser of the page's second article: a headline of this many words at least.
MIN_SECONDARY_TEASER_WORDS = 4


def _secondary_teasers(draft: Draft) -> None:
    """A headline before the page's second article whose words all come again
    in that article's first blocks (its title, its lede) is a teaser of it,
    dropped into the body: "a line whose words all recur in a later block".

    >>> import newsseg
    >>> body = "أعلنت وزارة النقل عن توسيع شبكة الحافلات في العاصمة خلال العام المقبل بخطوط جديدة."
    >>> other = "افتتح محافظ المدينة مهرجان التمور السنوي بمشاركة مئات المزارعين من القرى المجاورة."
    >>> page = "\\n".join([body, "مهرجان التمور يفتتح أبوابه في المدينة", body, body,
    ...                    "اقرأ أيضا:", "مهرجان التمور يفتتح أبوابه في المدينة",
    ...                    "الرياض - خاص", other, other])
    >>> [s.kind.value for s in newsseg.segment(page).segments][:3]
    ['body', 'teaser', 'body']
    """
    blocks = draft.blocks
    first = next((i for i, b in enumerate(blocks) if b.kind is Kind.SECONDARY), None)
    if first is None:
        return
    later = set(split_words(" ".join(draft.norm_text(b) for b in blocks[first : first + 3])))
    for b in blocks[:first]:
        if b.kind is not None or draft.is_paragraph(b):
            continue
        words = split_words(draft.norm_text(b))
        if len(words) >= MIN_SECONDARY_TEASER_WORDS and set(words) <= later and (
            headline_like(draft.norm_text(b), n=draft.words(b))
        ):
            draft.label(b, Kind.TEASER, "teaser.secondary")


@stage("teasers")
def teasers(draft: Draft) -> None:
    """A paragraph inside the body that opens with another article's headline
    (a question or exclamation, not a sentence of this one) run into its lede.

    >>> import newsseg
    >>> p = "وقال الوزير إن الحكومة ستواصل دعم المزارعين خلال الموسم المقبل بكل الوسائل."
    >>> t = "هل تنجح خطة الري الجديدة في مصر؟ أعلنت الوزارة أمس عن خطة لترشيد المياه."
    >>> doc = newsseg.segment("\\n".join([p, p, t, p]))
    >>> [s.kind.value for s in doc.segments]
    ['body', 'body', 'teaser', 'body']
    """
    blocks = draft.blocks
    lex = draft.lexicon
    _secondary_teasers(draft)
    paras = [i for i, b in enumerate(blocks)
             if b.kind is None and draft.is_paragraph(b)]
    if len(paras) < 3:
        return
    inner = set(paras[1:-1])
    for i in inner:
        b = blocks[i]
        ntext = draft.norm_text(b)
        head = ntext[:MAX_TEASER_HEAD_CHARS]
        if "?" not in head and "!" not in head:
            continue  # a teaser's headline asks or exclaims
        m = _TEASER.match(ntext)
        if m is None:
            continue
        head = m.group("head")
        first = head.split(maxsplit=1)[0] if head.strip() else ""
        if (first[:1] in lex.words("conjunctions") or first in lex.words("linking_phrases")
                or not MIN_TEASER_WORDS <= words(head) <= MAX_TEASER_WORDS):
            continue  # a headline does not open with "و", "ف", "لكن"; "من يفوز؟" is a question
        if COMMA.search(head):
            continue  # "… السؤال: إذا وافقت، هل …؟" is a sentence asking, not a headline
        # a quotation announced by the line before ("قائلا:") is the article's
        prev = blocks[i - 1] if i > 0 else None
        if head.lstrip().startswith(('"', "'", "(")) or (
            prev is not None and draft.norm_text(prev).rstrip().endswith(":")
        ):
            continue
        if not headline_like(head.rstrip("?!"), 22):
            continue
        draft.label(b, Kind.TEASER, "teaser.headline_lede")
