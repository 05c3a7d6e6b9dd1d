"""The ``blocks`` stage: shape the blocks before anything is labelled.

It cuts lines that lost their line breaks (a whole page on one line,
paragraphs separated by runs of spaces): at gaps, embedded posts and, in
run-on lines, every sentence end and every menu or share bar; before markers
found inside a line and where their headline ends; the title off the date,
byline and lede run into it (:mod:`~newsseg.rules.text.runon`).
"""

from __future__ import annotations

import bisect
import re

import regex

from newsseg.engine.draft import Block, Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import TOKEN
from newsseg.lexicon import (
    AFTER_BREAK_KINDS,
    CompiledLexicon,
    WordsPattern,
    required_literals,
)
from newsseg.model import Kind
from newsseg.normalize import normalize
from newsseg.rules.text.runon import (
    dash_list_cuts,
    date_runs,
    furniture_runs,
    head_cuts,
    sentence_cuts,
)

__all__ = ["blocks"]

# Two or more plain spaces (or a tab) inside a line: a lost paragraph break.
# Two or more plain spaces (or a tab) inside a line: a lost paragraph break.
_ANY_GAP = regex.compile(r"[ \t]{2,}")
# Two spaces are also typed inside sentences, so they count only after a
# sentence end, a closing quote or bracket, or a number (a timestamp stub).
_GAP = regex.compile(r"[ \t]{3,}|\t|(?<=[.!?؟:\"”»)\d])[ ]{2,}")
# An embedded post ends with its picture link.
_EMBED_END = regex.compile(r"pic\.twitter\.com/\w+", regex.IGNORECASE)
_EMBED_END_NEEDS = required_literals(_EMBED_END)  # a line without them has none
# A sentence opener glued to the previous word ("بالقاهرةوأضاف"): a lost break.
# Also with a space: headlines do not contain "وأضاف", running text starts with it.
_GLUED_OPENER = WordsPattern("sentence_opener", r"(?:(?<=\p{L}{2})|\s)(?=(?:{words})\b)")
# An agency in brackets closing the last paragraph: "… في المدينة. (وكالات)".
# Also between dashes: "… منذ مارس 2015 -وات-".
# A place may come before it and dots after it: "… الندوات. ذمار (سبأ)..".
_BRACKET_END = regex.compile(
    r"(?:[(\[]\s*(?P<inner>[^()\[\]]{2,40})\s*[)\]]|(?<=\s)-\s*(?P<inner>[^\-\s][^\-]{1,39})-)"
    r"[.\s]*$"
)
# The bracket is looked for in the last this many characters of the line.
_BRACKET_WINDOW = 50
_PLACE_BEFORE = regex.compile(r"(?<=[.!?]\s{1,3})\w+\s+$")
_SENTENCE_END = regex.compile(r"[.!?](?=\s)")
# A credit ("*desk name") or a run of control characters (a lost image) after a sentence.
# Also a run of stars after a space ("… المصرية ** جميع المقالات …"): a footnote.
_TRAILER = regex.compile(r"(?<=[.!?]\s{0,3})\*|(?<=\s)\*{2,}|[\x00-\x08\x0e-\x1f\x7f]+")
# What a trailer needs, found by a plain character scan (stdlib re: several
# times faster than _TRAILER's lookbehind at every position): most pages have none.
_TRAILER_CHARS = re.compile(r"[*\x00-\x08\x0e-\x1f\x7f]")
# The same characters one by one: ``in`` is a plain memory scan, twice as
# fast as the class on a page that holds none of them (most pages).
_TRAILER_CHAR_LIST = ("*", *map(chr, (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)))
# A headline after an inline marker is looked for within this many characters.
MAX_HEADLINE_CHARS = 400
# A line this long is treated as possibly glued paragraphs.
LONG_LINE = 300
# A line this long is a run-on line (a page, or paragraphs, that lost their
# breaks): it is cut after every sentence too. A paragraph is rarely longer.
RUN_ON = 1000
# On a page of this many lines at most, any line of LONG_LINE characters is.
RUN_ON_PAGE_LINES = 3


def _cuts_in(draft: Draft, b: Block, trailers: list[int], candidates: list[int],
             labels: dict[int, tuple[Kind, str]] | None = None,
             run_on: bool = False, apart: set[int] | None = None) -> list[int]:
    """Input offsets where block ``b`` is cut; ``labels`` gets the kind and rule
    of the pieces found whole on the way (menus and share bars, an agency
    credit with its place), by their start; ``apart`` the starts of the items
    of a list run together (each stays a segment of its own)."""
    cuts: list[int] = _within(trailers, b.start + 1, b.end) if trailers else []
    furniture_ends: list[int] = []  # a menu or share bar ends where a marker may start
    if b.end - b.start >= LONG_LINE:
        text = draft.raw(b)
        if "  " in text or "\t" in text:  # what every gap holds (most lines have none)
            cuts += [b.start + m.end() for m in _GAP.finditer(text)]
        embeds: list[tuple[int, int]] = []
        for m in _EMBED_END.finditer(text) if _EMBED_END_NEEDS.found_in(text) else ():
            cuts.append(b.start + m.end())
            # the embedded post starts after the last sentence before it
            lo = max(0, m.start() - MAX_HEADLINE_CHARS * 4)
            prev = [e.end() for e in _SENTENCE_END.finditer(text, lo, m.start())]
            if prev:
                cuts.append(b.start + prev[-1])
            embeds.append((prev[-1] if prev else lo, m.end()))
        # a run-on line: cut after every sentence too, and around menus and
        # share bars run into it (see runon.py)
        run_on_line = run_on or b.end - b.start >= RUN_ON
        if run_on_line:
            cuts += [b.start + c for c in sentence_cuts(text)
                     if not any(s < c < e for s, e in embeds)]
            items = [b.start + c for c in dash_list_cuts(text)]
            cuts += items
            if apart is not None:
                apart.update(items)
        for s, e in furniture_runs(draft.lexicon, draft.norm_text(b)) if run_on_line else ():
            span = draft.to_input(b.nstart + s, b.nstart + e)
            cuts += span
            furniture_ends.append(e)
            if labels is not None:
                labels[span[0]] = (Kind.BOILERPLATE, "boilerplate.furniture")
    ntext = draft.norm_text(b)
    last = ntext[-1:]
    window = ntext[-_BRACKET_WINDOW:]
    bracket = (
        _BRACKET_END.search(ntext, max(0, len(ntext) - _BRACKET_WINDOW))
        if (last in (")", "]", "-", ".") or last.isspace())
        and (")" in window or "]" in window or "-" in window)  # what closes one
        else None
    )
    if bracket and bracket.start() > 0:
        agency = draft.lexicon.line(bracket.group("inner"))
        if agency is not None and agency.kind is Kind.SOURCE:
            # with the place the agency wrote from, when it stands alone after
            # the last sentence ("… الندوات. ذمار (سبأ)..")
            place = _PLACE_BEFORE.search(ntext, max(0, bracket.start() - 40), bracket.start())
            at = draft.to_input(b.nstart + (place.start() if place else bracket.start()),
                                b.nstart + bracket.start())[0]
            cuts.append(at)
            if place and labels is not None:  # place and agency: no line of the lexicon
                labels[at] = (Kind.SOURCE, "source.bracket")
    # from the block's start: a marker opening the block is matched (and then
    # skipped) so that the phrases inside it are not
    local = [c - b.nstart for c in _within(candidates, b.nstart, b.nend)] if candidates else []
    long_line = b.end - b.start >= LONG_LINE
    if long_line or run_on:  # a line that lost its breaks: fields after a break;
        # in a shorter one, a field that closes it ("… جماعي. المصدر: وكالات")
        local = sorted({*local, *draft.lexicon.after_break_candidates(ntext)})
    if not local or local == [0]:
        return cuts
    lex = draft.lexicon
    furniture_ends.sort()  # looked up by bisection for every marker
    last_heading = -1  # where the headline window of the last heading marker ends
    found = list(lex.inline(ntext, candidates=local))
    for k, mk in enumerate(found):
        # a headline ends at the latest where the next marker starts
        bound = min(len(ntext), mk.end + MAX_HEADLINE_CHARS,
                    found[k + 1].start if k + 1 < len(found) else len(ntext))
        if mk.start == 0:
            if mk.role == "heading":
                last_heading = mk.end + MAX_HEADLINE_CHARS
                if b.end - b.start >= LONG_LINE:  # its headline ends where the text starts
                    stop = _headline_end(lex, ntext, mk.end, bound,
                                         single=mk.kind is Kind.READ_ALSO)
                    if stop is not None:
                        cuts.append(draft.to_input(b.nstart + stop, b.nstart + stop)[0])
            continue
        # a marker inside a sentence is not a marker: it must follow a sentence
        # end, a gap, or be glued to the previous word (lost break), or come
        # with its separator after a comma ("…، اقرأ المزيد: …"), or follow
        # another heading's headline ("اقرأ أيضا: … اقرأ أيضا: …"); only a
        # short window before it is looked at (linear time on one-line pages)
        window = ntext[max(0, mk.start - 16) : mk.start]
        before = window.rstrip()
        glued = ntext[mk.start - 1].isalpha()
        if not (glued or before.endswith((".", "!", "?", ":", '"', ")"))
                or window[len(before):].count(" ") >= 2
                or (mk.separator and before.endswith(","))
                or _ends_near(furniture_ends, mk.start)
                or (len(ntext[mk.start : mk.end].split()) >= MIN_FREE_MARKER_WORDS
                    and not _completed(lex, ntext, mk.end))
                or (mk.role == "heading" and mk.start <= last_heading)):
            continue
        if mk.kind in AFTER_BREAK_KINDS and mk.role == "field" and (glued or not mk.separator or (
            not long_line and len(ntext[mk.end :].split()) > MAX_CLOSING_FIELD_WORDS
        )):
            continue  # "… شبان. المصدر: وكالات", not "… . المصدر أوضح أن" (see the lexicon)
        s, _ = draft.to_input(b.nstart + mk.start, b.nstart + mk.end)
        cuts.append(s)
        if mk.role == "heading":
            last_heading = mk.end + MAX_HEADLINE_CHARS
        # the headline after an inline marker ends at a sentence opener, a gap
        # or a conjunction that starts the next sentence, within the length of
        # a headline
        stop = _headline_end(lex, ntext, mk.end, bound, single=mk.kind is Kind.READ_ALSO)
        if stop is not None:
            cut, _ = draft.to_input(b.nstart + stop, b.nstart + stop)
            cuts.append(cut)
    return cuts


def _ends_near(ends: list[int], at: int) -> bool:
    """Whether one of the sorted ``ends`` lies 0 to 2 characters before ``at``
    (by bisection: a one-line page has thousands of menus and markers).

    >>> _ends_near([5, 40], 42), _ends_near([5, 40], 43), _ends_near([], 1)
    (True, False, False)
    """
    k = bisect.bisect_left(ends, at - 2)
    return k < len(ends) and ends[k] <= at


# A marker phrase of this many words is no sentence's: it is cut wherever it
# stands ("… التأهل عزيزي الزائر لقد قرأت خبر …", "… مواضيع ذات صلة …").
MIN_FREE_MARKER_WORDS = 3


def _completed(lex: CompiledLexicon, ntext: str, end: int) -> bool:
    """Whether the word at ``end`` (right after a marker phrase, in normalized
    ``ntext``) completes the phrase as a sentence's words do: it opens with a
    preposition and its object of the lexicon's ``marker_complements``
    ("… قضايا ذات صلة بالتاريخ …"), is no media kicker (``بالفيديو``) and
    has no separator after it (a comma goes on with the sentence).

    >>> from newsseg.lexicon import Lexicon
    >>> lex = Lexicon.default().compile()
    >>> t = "قضايا ذات صله بالتاريخ والادب"
    >>> _completed(lex, t, 14), _completed(lex, "قضايا ذات صله بالامن, والاقتصاد", 14)
    (True, True)
    >>> _completed(lex, "ذات صله بالفيديو: هدف", 8), _completed(lex, "ذات صله بالصور - هدف", 8)
    (False, False)
    >>> _completed(lex, "ذات صله وزير المالية", 8)
    False
    """
    m = TOKEN.match(ntext, end, end + MAX_COMPLEMENT_CHARS)
    if m is None:
        return False
    word = m.group().rstrip(",;")
    return (word[-1:].isalpha() and word.startswith(tuple(lex.words("marker_complements")))
            and word not in lex.words("kicker")
            and not ntext.startswith((" :", " -", " .."), m.end()))


# The word that completes a marker phrase is looked at in this many characters.
MAX_COMPLEMENT_CHARS = 40
# In a line shorter than LONG_LINE, a source or tags field is cut off only
# when it closes the line with a value this short.
MAX_CLOSING_FIELD_WORDS = 12
# A headline after an inline marker has this many words at least before the
# next sentence can start.
MIN_HEADLINE_WORDS = 3
# A headline has this many words at most (a stop further on is not its end).
MAX_HEADLINE_WORDS = 18
# The sentence after a headline runs on this many words at least.
MIN_NEXT_SENTENCE_WORDS = 6


def _headline_end(lex: CompiledLexicon, ntext: str, start: int, end: int,
                  single: bool = True) -> int | None:
    """Where the headline that starts at ``start`` (after an inline marker)
    ends, in normalized ``ntext``, or ``None`` when nothing ends it there.

    It ends before a sentence opener of the lexicon (glued or not) or at a
    gap; one headline (``single``) also before a verb that opens a lede
    (``lede_verbs``) or a linking word (``linking_phrases``: ``كما``), whichever
    comes first. Failing those within a headline's length, it ends before a
    word that opens with a conjunction (the lexicon's ``conjunctions``, not
    before the article ``ال``: a noun of the headline). Each of the last three
    only where a sentence of some length follows.

    >>> from newsseg.lexicon import Lexicon
    >>> lex = Lexicon.default().compile()
    >>> t = "وزير المالية يعرض الميزانيه الجديده وتقول الحكومه انها ستخفض العجز هذا العام."
    >>> t[_headline_end(lex, t, 0, len(t)):][:10]
    'وتقول الحك'
    """
    stops: list[int] = []
    opener = _GLUED_OPENER(lex).search(ntext, start, end)
    if opener:
        stops.append(opener.start())
    gap = _ANY_GAP.search(ntext, start, end)  # a headline has no full stop to wait for
    if gap:
        stops.append(gap.start())
    near = bool(stops) and len(ntext[start : min(stops)].split()) <= MAX_HEADLINE_WORDS
    end = min(stops) if stops else end
    conj = lex.words("conjunctions")
    article = tuple(lex.words("definite_article"))
    strong = lex.words("lede_verbs") | lex.words("linking_phrases") if single else frozenset()
    # the linking phrases of more words, looked for where their first word stands
    multi = [p for p in lex.words("linking_phrases") if " " in p] if single else []
    for k, w in enumerate(TOKEN.finditer(ntext, start, end)):
        if k < MIN_HEADLINE_WORDS:
            continue
        word = w.group()
        if word not in strong and not (multi and _phrase_at(ntext, w.start(), word, multi)) and (
            near or len(word) < 4 or word[0] not in conj or word[1:].startswith(article)
        ):
            continue
        if ntext[start : w.start()].rstrip().endswith(("..", ":")):
            continue  # "… حقوقية.. ومنال الشريف": the headline's second half
        tail = ntext[w.start() : w.start() + 200]
        stop = _SENTENCE_END.search(tail)
        if len((tail[: stop.start()] if stop else tail).split()) >= MIN_NEXT_SENTENCE_WORDS:
            return w.start()
    return end if stops else None


def _phrase_at(ntext: str, at: int, word: str, phrases: list[str]) -> bool:
    """Whether one of ``phrases`` (of several words) starts at ``at`` in
    ``ntext``, where ``word`` stands, as whole words ("في المقابل, طالب …").

    >>> t = "عنوان في المقابل, طالب السكان"
    >>> _phrase_at(t, 6, "في", ["في المقابل"]), _phrase_at(t + "ه", 6, "في", ["في السكان"])
    (True, False)
    """
    for p in phrases:
        if p.startswith(word + " ") and ntext.startswith(p, at):
            after = ntext[at + len(p) : at + len(p) + 1]
            if not after or not after.isalnum():
                return True
    return False


def _within(points: list[int], lo: int, hi: int) -> list[int]:
    """The sorted ``points`` in ``[lo, hi)``."""
    return points[bisect.bisect_left(points, lo) : bisect.bisect_left(points, hi)]


# "Headline - Site Name" on the title line: the site suffix is not the title.
_SITE_SUFFIX = regex.compile(r"(?<!\s)\s+[-|–—]\s*(?P<site>[^-|–—.!?]{2,30})$")
_SITE_DASHES = "-|–—"


def _site_suffix(text: str) -> regex.Match[str] | None:
    """``_SITE_SUFFIX.search(text)``, started where it can match: the site
    holds no dash or bar, so the one before it is the text's last, and the
    match starts at the spaces before that."""
    dash = max(text.rfind(c) for c in _SITE_DASHES)
    if dash < 0:
        return None
    # str.rstrip takes every space \s does (and a few more): from there on, no
    # match is missed
    return _SITE_SUFFIX.search(text, len(text[:dash].rstrip()))


_LATIN = regex.compile(r"[A-Za-z]")
# Words of site names (after normalization): "صحيفة الغد", "بوابة الأهرام", "مصر 24".
_SITE_WORD = WordsPattern("site_word", r"\b(?:{words})\b")
# The last sentence of a piece cut at a gap, when it has no final punctuation,
# is an embed's title (a video, a post) dropped after the paragraph.
_LAST_SENTENCE = regex.compile(r"[.!?]\s+(?=[^.!?]{15,200}$)")


def _tail_cut(draft: Draft, b: Block) -> list[Block]:
    text = draft.raw(b)
    m = None
    for m in _LAST_SENTENCE.finditer(text):  # noqa: B007 - the last match is wanted
        continue
    if m is None:
        return [b]
    tail = text[m.end():]
    n = len(tail.split())
    if 4 <= n <= 20 and not tail.rstrip().endswith((".", "!", "?", ":", "؟", "،")):
        pieces = draft.pieces(b, [b.start + m.end()])
        if len(pieces) == 2:
            pieces[1].tail = True
        return pieces
    return [b]


# The short lines above the first paragraph: at most this many, this long.
MAX_HEAD_LINES = 6
MAX_HEAD_LINE_WORDS = 20
# A date is cut off a head line only when this many words stand beside it.
MIN_DATE_CUT_WORDS = 3


def _head_lines(draft: Draft) -> set[Block]:
    """The short lines before the first line of running text (title, byline,
    date lines), by identity."""
    found: set[Block] = set()
    for b in draft.blocks[:MAX_HEAD_LINES]:
        if draft.words(b) > MAX_HEAD_LINE_WORDS or draft.is_paragraph(b):
            break
        found.add(b)
    return found


def _date_cuts(draft: Draft, b: Block) -> list[int]:
    """A date inside a short head line is cut off it: "X نشر في Y يوم 18 - 10 -
    2012", "عنوان الخبر الأحد 15 نوفمبر 2026" (see :func:`runon.date_runs`)."""
    ntext = draft.norm_text(b)
    cuts: list[int] = []
    for s, e in date_runs(draft.lexicon, ntext):
        if len(ntext[:s].split()) < MIN_DATE_CUT_WORDS and (
            len(ntext[e:].split()) < MIN_DATE_CUT_WORDS
        ):
            continue  # a date line ("جنيف 25 شوال 1436 هـ … واس"): the dates stage's
        for at in (s, e):
            if 0 < at < len(ntext):
                cuts.append(draft.to_input(b.nstart + at, b.nstart + at)[0])
    return cuts


def _cut_head(draft: Draft, pieces: list[Block]) -> list[Block]:
    """In the pieces of a run-on first line, cut the title off what follows it
    (:func:`runon.head_cuts`): in the first piece that is no menu, no marker
    line and has a few words."""
    lex = draft.lexicon
    for k, piece in enumerate(pieces):
        if piece.kind is not None:
            continue
        ntext = draft.norm_text(piece)
        if lex.head(ntext) is not None or draft.words(piece) < 3:
            continue
        cuts = head_cuts(draft, piece)
        return [*pieces[:k], *draft.pieces(piece, cuts), *pieces[k + 1 :]] if cuts else pieces
    return pieces


def _run_on_head(draft: Draft) -> Block | None:
    """The first long line of a page whose head lost its breaks: the first
    block of at least :data:`LONG_LINE` characters, when the blocks before it
    (a menu word, a section name) are too short to be a title."""
    for b in draft.blocks[:4]:
        if b.end - b.start >= LONG_LINE:
            return b if b.kind is None else None
        if draft.words(b) > 2:
            return None
    return None


def _trailers(text: str) -> list[int]:
    """Where ``_TRAILER.finditer(text)`` finds its matches: a trailer opens with
    one of ``_TRAILER_CHARS``, so the scan is a plain character search and
    ``_TRAILER`` is tried only there (many pages hold a star or two, and the
    lookbehind tried at every position costs far more).

    >>> t = "نص. *قسم الأخبار وكلام **  و" + chr(1) * 2
    >>> [t[i : i + 2] for i in _trailers(t)]
    ['*ق', '**', '\\x01\\x01']
    """
    found: list[int] = []
    if not any(c in text for c in _TRAILER_CHAR_LIST):
        return found
    end = 0
    for c in _TRAILER_CHARS.finditer(text):
        at = c.start()
        if at < end:
            continue  # inside the last trailer
        m = _TRAILER.match(text, at)
        if m is not None:
            found.append(at)
            end = m.end()
    return found


@stage("blocks", writes=("tail", "keep_apart"))
def blocks(draft: Draft) -> None:
    """Cut lines that lost their breaks (see the module's docstring), and
    label the pieces found whole on the way (menus, agency credits).

    >>> import newsseg
    >>> page = "فقرة أولى من الخبر عن الأمطار.  اقرأ أيضا: عنوان آخر  " + "نص " * 100
    >>> doc = newsseg.segment(page)
    >>> [s.kind.value for s in doc.segments][:2]
    ['body', 'read_also']
    """
    # one pass over the whole page for each cheap pattern, then per block by bisection
    text = draft.text
    trailers = _trailers(text)
    candidates = draft.lexicon.inline_candidates(draft.norm.text)
    out: list[Block] = []
    # a page of a few lines that lost its breaks: every long line is run-on
    run_on = len(draft.blocks) <= RUN_ON_PAGE_LINES
    head = _run_on_head(draft)
    dated = _head_lines(draft)
    for b in draft.blocks:
        labels: dict[int, tuple[Kind, str]] = {}
        apart: set[int] = set()
        cuts = (_cuts_in(draft, b, trailers, candidates, labels, run_on, apart)
                if b.kind is None else None)
        if b in dated:
            cuts = [*(cuts or ()), *_date_cuts(draft, b)]
        if not cuts:
            out.append(b)
            continue
        pieces = draft.pieces(b, cuts)
        if len(draft.raw(b)) >= LONG_LINE:
            for piece in pieces:
                found = labels.get(piece.start)
                if found is not None:
                    draft.label(piece, *found)
                if piece.start in apart:
                    piece.keep_apart = True
            if b is head:
                pieces = _cut_head(draft, pieces)
            for piece in pieces[:-1]:
                nxt = draft.text[piece.end : piece.end + 3]
                if nxt.isspace() and len(nxt) == 3:  # the piece ended at a wide gap
                    out.extend(_tail_cut(draft, piece))
                else:
                    out.append(piece)
            out.append(pieces[-1])
        else:
            out.extend(pieces)
    draft.blocks = out
    for i, b in enumerate(draft.blocks[:3]):
        m = _site_suffix(draft.raw(b)) if b.kind is None else None
        if m is None or len(m.group("site").split()) > 4:
            continue
        site = normalize(m.group("site"), draft.lexicon.normalizer)
        lex = draft.lexicon
        if len(m.string) - len(m.group(0)) >= 15 and (
            _LATIN.search(site) or _SITE_WORD(lex).search(site) or lex.contains(site)
        ):
            pieces = draft.split(b, [b.start + m.start()], at=i)
            if len(pieces) == 2:
                draft.label(pieces[1], Kind.BOILERPLATE, "boilerplate.site_suffix")
