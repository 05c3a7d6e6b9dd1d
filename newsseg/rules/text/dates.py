"""The ``dates`` stage: date lines and bylines dropped into the running text
(a dateline before the first paragraph is cut off it).
"""

from __future__ import annotations

import regex

from newsseg.engine.draft import Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import DATELINE, TOKEN
from newsseg.lexicon import CompiledLexicon, WordsPattern, split_words
from newsseg.model import Kind
from newsseg.rules.text.runon import desk_end
from newsseg.rules.text.stubs import STUB

__all__ = ["dates"]

# Month names, weekday names and the other words of date lines are lexicon
# word lists ("months", "weekdays", "date_words").
_NUM = regex.compile(r"^\d{1,4}$|^\d{1,2}[:/.-]\d{1,2}(?:[:/.-]\d{1,4})*$")
_DIGIT = regex.compile(r"\d")
# A dateline's desk after a dash ("القاهرة - متابعات"): the lexicon's desk list.
_DESK = WordsPattern("desk", r"-\s*(?:{words})\b")
# A date or dateline line is short; longer blocks are not tokenized for dates
# (a 20-million-character "word" would be).
MAX_DATE_CHARS = 400


def _mostly_dates(lex: CompiledLexicon, ntext: str, share: float = 0.6) -> bool:
    """Whether at least ``share`` of the words of ``ntext`` are date words or
    numbers; the count stops as soon as the misses decide it (most lines with
    a digit are running text).

    >>> from newsseg.lexicon import Lexicon
    >>> lex = Lexicon.default().compile()
    >>> _mostly_dates(lex, "الثلاثاء 12 يونيو 2024"), _mostly_dates(lex, "قتل 12 شخصا امس")
    (True, False)
    """
    toks = split_words(ntext.lower())
    n = len(toks)
    if not n:
        return False
    months, days, other = lex.words("months"), lex.words("weekdays"), lex.words("date_words")
    misses = 0
    for t in toks:
        if not (t in months or t in days or t in other or _NUM.match(t)):
            misses += 1
            if (n - misses) / n < share:
                return False
    return (n - misses) / n >= share


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


# A place and a slash, or a place and the two spaces a tatweel used as a dash
# leaves after normalization ("غزة/ خاص:", "القاهرة ـ متابعات"): a dateline
# only with a desk or an agency after it.
_PLACE_SLASH = regex.compile(r"^(?:\w+\s){0,3}\w+(?:\s*/\s*|\s{2,})(?=\w)")
# A byline's name run into the lede is at most this many words ("د. سامي علي").
MAX_BYLINE_NAME_WORDS = 4


def _name_end(lex: CompiledLexicon, ntext: str, start: int) -> int | None:
    """Where the name after a byline marker ends, in normalized ``ntext``
    (the name starts at ``start``): after a colon that closes it, before a
    verb that opens the lede (``lede_verbs``) or before a second field marker
    (``متابعة:``), within :data:`MAX_BYLINE_NAME_WORDS` words; ``None`` if
    nothing ends it there.

    >>> from newsseg.lexicon import Lexicon
    >>> lex = Lexicon.default().compile()
    >>> t = "كتب: سامي علي اطلقت الوزاره"
    >>> t[_name_end(lex, t, 5):]
    'اطلقت الوزاره'
    >>> t = "كتب  د. سامي علي: اطلقت"
    >>> t[_name_end(lex, t, 5):]
    ' اطلقت'
    >>> _name_end(lex, "كتب: سامي علي وزملاؤه في الجريده", 5) is None
    True
    """
    verbs = lex.words("lede_verbs")
    for k, m in enumerate(TOKEN.finditer(ntext, start, start + 120)):
        if k > MAX_BYLINE_NAME_WORDS:
            break
        word = m.group()
        if k and (word.strip(".,;!?") in verbs or _field_at(lex, ntext, m.start())):
            return m.start()
        if word.endswith(":") and (k or word != ":"):
            return m.end()
    return None


def _field_at(lex: CompiledLexicon, ntext: str, at: int) -> bool:
    """Whether a field marker with its separator starts at ``at``."""
    mk = lex.head_at(ntext, at)
    return mk is not None and mk.role == "field" and mk.separator


def _byline_prefix(draft: Draft, i: int) -> int:
    """Cut the bylines that open block ``i`` (the first paragraph) off it as
    ``meta``, when the marker has its separator (``كتب: سامي علي أطلقت …``)
    or a tatweel for a dash (``كتب ـ سامي علي: …``) and the name ends within
    a few words; the index of what is left of the paragraph."""
    lex = draft.lexicon
    while True:
        b = draft.blocks[i]
        ntext = draft.norm_text(b)
        mk = lex.head(ntext)
        if mk is None or mk.kind is not Kind.META or mk.role != "field" or not (
            mk.separator or ntext[mk.end - 2 : mk.end] == "  "
        ):
            return i
        end = _name_end(lex, ntext, mk.end)
        if end is None:
            return i
        at = b.nstart + end
        pieces = draft.split(b, [draft.to_input(at, at)[0]], at=i)
        if len(pieces) != 2:
            return i
        draft.label(pieces[0], Kind.META, f"{mk.group}.field")
        i += 1


def _dateline_prefix(draft: Draft, i: int) -> None:
    """Cut a dateline off the start of block ``i`` (the first paragraph) as
    ``meta``: a place and a dash (with a desk or an agency after it), or a
    place, a slash or a tatweel, and a desk or an agency."""
    b = draft.blocks[i]
    lex = draft.lexicon
    ntext = draft.norm_text(b)
    m = _DATELINE_PREFIX(lex).match(ntext)
    end = m.end("dl") if m is not None else None
    if m is None or m.group("dl").rstrip().endswith(("-", "–", "—")):
        # the place and its dash alone (or no dash): an agency may follow
        place = m or _PLACE_SLASH.match(ntext)
        desk = desk_end(lex, ntext, place.end()) if place is not None else None
        if desk is not None:
            end = desk
        elif m is None:
            return
    if end is None or len(ntext[:end].split()) > 8:
        return
    at = b.nstart + end
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
        first_para = _byline_prefix(draft, first_para)
        _dateline_prefix(draft, first_para)
        if draft.blocks[first_para].kind is Kind.META:
            first_para += 1
    last_para = draft.last_paragraph()
    for i, b in enumerate(draft.blocks):
        if b.kind is not None:
            continue
        ntext = draft.norm_text(b)
        n = draft.words(b)
        if (n <= 30 and first_para is not None and first_para < i and last_para <= i
                and draft.raw(b).lstrip().startswith("*")):
            # "*desk name" or "*author bio" closing the article
            draft.label(b, Kind.META, "meta.credit")
            continue
        if n == 0 or n > 16 or len(ntext) > MAX_DATE_CHARS:
            continue
        if STUB(draft.lexicon).match(ntext):
            continue  # left for `stubs`
        if _DIGIT.search(ntext) and _mostly_dates(draft.lexicon, ntext):
            draft.label(b, Kind.META, "meta.date")
        elif n <= 7 and DATELINE.match(ntext) and (
            first_para is None or i < first_para or (
                draft.lexicon.words_literals(_DESK).found_in(ntext)
                and _DESK(draft.lexicon).search(ntext)
            )
        ):
            draft.label(b, Kind.META, "meta.dateline")
