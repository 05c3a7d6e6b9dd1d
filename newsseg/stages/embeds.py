"""Stages for things dropped into the running text: dates and bylines,
captions and embedded posts, timestamp stubs and teasers of other articles.
"""

from __future__ import annotations

import regex

from newsseg._shape import COMMA, DATELINE, WORD, ends_sentence, headline_like, words
from newsseg.lexicon import CompiledLexicon, WordsPattern
from newsseg.model import Kind
from newsseg.pipeline import Draft, stage

__all__ = ["captions", "dates", "stubs", "teasers"]

# Month names, weekday names and the other words of date lines are lexicon
# word lists ("months", "weekdays", "date_words").
_NUM = regex.compile(r"^\d{1,4}$|^\d{1,2}[:/.-]\d{1,2}(?:[:/.-]\d{1,4})*$")
# A run of bare timestamps ("اليوم 12:30 امس 3 مايو 09:15"), left by stripped links.
_STUB = WordsPattern(
    "months",
    r"^(?:\s*(?:{relative_days}|\d{1,2}\s+(?:{words}))(?:\s+\d{1,2}:\d{2})?){1,100}\s*$",
    others=("relative_days",),
)  # bounded: a long run must not backtrack
_DIGIT = regex.compile(r"\d")
_EMBED = regex.compile(r"pic\.twitter\.com/\w+|twitter\.com/\w+/status", regex.IGNORECASE)
# A caption opening with a word of the lexicon's caption_head list ("صورة أرشيفية").
_CAPTION_HEAD = WordsPattern("caption_head", r"^\W*(?:{words})\b", regex.IGNORECASE)
# A dateline's desk after a dash ("القاهرة - متابعات"): the lexicon's desk list.
_DESK = WordsPattern("desk", r"-\s*(?:{words})\b")
_CONTROL_START = regex.compile(r"^[\x00-\x08\x0e-\x1f\x7f]+")
# A teaser: a headline ending with ? or ! (or two headlines joined by '..')
# run straight into another article's lede.
_TEASER = regex.compile(r"^(?P<head>[^.!?]{12,160}?(?:\?|!|\.\.[^.!?]{5,120}\?))\s+(?P<lede>\S)")


# The headline of a teaser (with the two halves "..") ends this far in at most.
MAX_TEASER_HEAD_CHARS = 300
# A teaser's headline has this many words (a shorter question is the article's own).
MIN_TEASER_WORDS = 5
MAX_TEASER_WORDS = 22
# A date or dateline line is short; longer blocks are not tokenized for dates
# (a 20-million-character "word" would be).
MAX_DATE_CHARS = 400


def _date_ratio(lex: CompiledLexicon, ntext: str) -> float:
    toks = WORD.findall(ntext.lower())
    if not toks:
        return 0.0
    months, days, other = lex.words("months"), lex.words("weekdays"), lex.words("date_words")
    hits = sum(1 for t in toks if t in months or t in days or t in other or _NUM.match(t))
    return hits / len(toks)


# A dateline opening the first paragraph: "سان فرانسيسكو - …",
# "دبي، الإمارات العربية المتحدة (CNN) – …", "القاهرة - (أ ش أ) - …".
# Or an agency in brackets alone: "(CNN)-- …", "(رويترز) - …".
# A desk of the lexicon may follow the dash ("الرباط - خاص أطلقت …").
_DATELINE_PREFIX = WordsPattern(
    "desk",
    r"^(?P<dl>(?:\w+\s){0,3}\w+(?:[،,]\s*(?:\w+\s){0,3}\w+)?\s*(?:\([^()\n]{1,25}\)\s*)?"
    r"[-–—]{1,2}(?:\s*\([^()\n]{1,25}\)\s*[-–—]{0,2}|\s*(?:{words})\b(?:\s*[-–—:]{1,2})?)?"
    r"|\([^()\n]{1,25}\)\s*[-–—]{1,2})\s*(?=\w)",
)


def _dateline_prefix(draft: Draft, i: int) -> None:
    """Cut a dateline off the start of block ``i`` (the first paragraph) as ``meta``."""
    b = draft.blocks[i]
    m = _DATELINE_PREFIX(draft.lexicon).match(draft.norm_text(b))
    if m is None or len(m.group("dl").split()) > 8:
        return
    at = b.nstart + m.end("dl")
    pieces = draft.split(b, [draft.to_input(at, at)[0]], at=i)
    if len(pieces) == 2:
        draft.label(pieces[0], Kind.META, "meta.dateline")


@stage("dates")
def dates(draft: Draft) -> None:
    """Short lines made mostly of dates and times, and short datelines, are ``meta``.

    >>> import newsseg
    >>> doc = newsseg.segment("الثلاثاء 12 يونيو 2024\\n"
    ...                       "نص الخبر الأول عن الطقس والأمطار في المدينة اليوم.")
    >>> doc.segments[0].kind.value
    'meta'
    """
    first_para = None
    for i, b in enumerate(draft.blocks):
        if b.kind is None and draft.is_paragraph(b):
            first_para = i
            break
    if first_para is not None:
        _dateline_prefix(draft, first_para)
        if draft.blocks[first_para].kind is Kind.META:
            first_para += 1
    last_para = draft.last_paragraph()
    for i, b in enumerate(draft.blocks):
        if b.kind is not None:
            continue
        ntext = draft.norm_text(b)
        n = draft.words(b)
        if (draft.raw(b).lstrip().startswith("*") and n <= 30 and first_para is not None
                and first_para < i and last_para <= i):
            # "*desk name" or "*author bio" closing the article
            draft.label(b, Kind.META, "meta.credit")
            continue
        if n == 0 or n > 16 or len(ntext) > MAX_DATE_CHARS:
            continue
        if _STUB(draft.lexicon).match(ntext):
            continue  # left for `stubs`
        if _date_ratio(draft.lexicon, ntext) >= 0.6 and _DIGIT.search(ntext):
            draft.label(b, Kind.META, "meta.date")
        elif n <= 7 and DATELINE.match(ntext) and (
            first_para is None or i < first_para or _DESK(draft.lexicon).search(ntext)
        ):
            draft.label(b, Kind.META, "meta.dateline")


@stage("stubs")
def stubs(draft: Draft) -> None:
    """Runs of bare timestamps ("اليوم 12:27") are the remains of article links:
    ``teaser`` inside the body, ``related`` after it.

    >>> import newsseg
    >>> p = "نص الخبر الأول عن الطقس والأمطار الغزيرة في المدينة اليوم وغدا. "
    >>> doc = newsseg.segment(p + "  اليوم 12:27   اليوم 09:18  " + p * 5)
    >>> [s.kind.value for s in doc.segments]
    ['body', 'teaser', 'body']
    """
    blocks = draft.blocks
    last_para = draft.last_paragraph()
    stub = _STUB(draft.lexicon)
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind is not None or not stub.match(draft.norm_text(b)):
            i += 1
            continue
        j = i
        while j < len(blocks) and (
            (blocks[j].kind is None and stub.match(draft.norm_text(blocks[j])))
            or (blocks[j].kind is Kind.RELATED and blocks[j].rule.endswith(".line"))
        ):
            j += 1
        # the run closes with a "more" link, or no text follows: a related list
        closes = any(x.kind is Kind.RELATED for x in blocks[i:j])
        later_text = last_para >= j
        kind = Kind.TEASER if later_text and not closes else Kind.RELATED
        for x in blocks[i:j]:
            if x.kind is None:
                draft.label(x, kind, f"{kind.value}.stubs")
        i = j


@stage("captions")
def captions(draft: Draft) -> None:
    """Embedded posts (ending in a picture link), photo credits and captions are ``caption``.

    >>> import newsseg
    >>> doc = newsseg.segment("نص الخبر الأول عن الطقس والأمطار في المدينة اليوم.\\n"
    ...                       "لقطة من الأمطار في المدينة pic.twitter.com/AbC123")
    >>> doc.segments[1].kind.value
    'caption'
    """
    page_has_embeds = _EMBED.search(draft.text) is not None
    for b in draft.unlabelled():
        raw = draft.raw(b)
        ntext = draft.norm_text(b)
        if page_has_embeds and _EMBED.search(raw) and draft.words(b) <= 80:
            draft.label(b, Kind.CAPTION, "caption.embed")
        elif _CAPTION_HEAD(draft.lexicon).match(ntext) and draft.words(b) <= 25:
            draft.label(b, Kind.CAPTION, "caption.credit")
        elif b.info.get("tail") and not ends_sentence(ntext):
            draft.label(b, Kind.CAPTION, "caption.embed_title")
        elif _CONTROL_START.match(raw) and draft.words(b) <= 15 and not ends_sentence(ntext):
            draft.label(b, Kind.CAPTION, "caption.lost_image")


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
    later = set(WORD.findall(" ".join(draft.norm_text(b) for b in blocks[first : first + 3])))
    for b in blocks[:first]:
        if b.kind is not None or draft.is_paragraph(b):
            continue
        words = WORD.findall(draft.norm_text(b))
        if len(words) >= MIN_SECONDARY_TEASER_WORDS and set(words) <= later and (
            headline_like(draft.norm_text(b))
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
