"""Where to cut a run-on line: a page, or paragraphs, that lost their line breaks.

Scraped dumps (CSV and JSON fields, one-line pages) often hold a whole page
on one line: title, date, byline, paragraphs, read-also lines, source, tags
and footer run together. The ``blocks`` stage cuts such a line into
sentence-sized blocks so that every other stage sees pieces of the size it
expects; pieces of one line that end up with the same kind and rule are
merged again in the :class:`~newsseg.model.Document`, so nothing changes
where the cuts were not needed.

The cuts are found from structure and the lexicon's word lists, never from
one site's strings:

- after every sentence end (:func:`sentence_cuts`);
- around a menu or share bar, three or more ``furniture_words`` in a row
  (:func:`furniture_runs`);
- in the head of the page (:func:`head_cuts`): a timestamp opening the line,
  and the title, which runs until the first date (``الأحد 15 نوفمبر 2026``,
  ``Fri, 11 Aug 2017 15:16:32 GMT``), byline or other field marker, dateline
  (``القاهرة - خاص``), repeat of its own first words, or the verb that opens
  the lede (the lexicon's ``lede_verbs``).
"""

from __future__ import annotations

import itertools
import re
import string

import regex

from newsseg.engine.draft import Block, Draft
from newsseg.engine.shape import TOKEN
from newsseg.lexicon import CompiledLexicon, WordsPattern
from newsseg.model import Kind

__all__ = ["date_runs", "furniture_runs", "head_cuts", "sentence_cuts"]

# The end of a sentence: final punctuation (with closing quotes or brackets)
# followed by a space; not a one-letter abbreviation ("د. محمد"), not the two
# dots that join the halves of a headline ("قمة الرياض.. اتفاق").
# (Each run of punctuation is tried once, from its start, and possessively:
# linear on runs of "!!!!" or "....".)
_SENTENCE_CUT = regex.compile(
    r"(?<!(?:^|\s)\w)(?:(?<![!?؟…])[!?؟…]++|(?<!\.)\.(?!\.)|(?<!\.)\.{3,}+)"
    r"[\"'»”)\]]*+(?=\s+\S)"
)
# The head of a page is looked at up to this many characters.
HEAD_CHARS = 400
# A title has this many words at least and at most.
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 25
# A token of a date: a number, a time, a date in digits, or a word of the
# lexicon's month, weekday and date word lists (checked by the caller).
_NUMBERISH = regex.compile(r"^\d{1,4}(?:[:/.\-]\d{1,4}){0,3}$")
_DIGIT = regex.compile(r"\d")
_YEAR_OR_TIME = regex.compile(r"^(?:1[89]|20)\d\d$|\d:\d\d|[/.\-](?:1[89]|20)\d\d$")
_TOKEN = regex.compile(r"[^\s,،\-–—/|]+")
# What may sit between the tokens of one date: spaces, commas, dashes, slashes.
_JOINER = regex.compile(r"^[\s,،\-–—/|]*$")
# A dash that may close a dateline's place.
_DASH = re.compile(r"[-–—]")
_WORD_START = regex.compile(r"\w")


def place_dashes(ntext: str, start: int, stop: int) -> list[tuple[int, int]]:
    """``(where the word before a dash starts, where the text after the dash
    starts)`` for each dash in ``ntext[start:stop]`` that stands after a word
    (spaces between them or not) and before a word: where a dateline's place
    ends and its desk or agency may start ("القاهره - ا ش ا"). The dashes are
    found first (a plain scan): most heads hold few.

    >>> t = "عنوان الخبر القاهره - ا ش ا اطلقت"
    >>> [(t[p : p + 7], t[a : a + 3]) for p, a in place_dashes(t, 0, len(t))]
    [('القاهره', 'ا ش')]
    """
    found: list[tuple[int, int]] = []
    head = ntext[start:stop]
    if "-" not in head and "–" not in head and "—" not in head:
        return found
    for m in _DASH.finditer(ntext, start, stop):
        end = m.start()
        while end > start and ntext[end - 1].isspace():
            end -= 1
        if end == start or ntext[end - 1] in "-–—":
            continue  # no word before it (or it follows another dash)
        place = end
        while place > 0 and not ntext[place - 1].isspace():
            place -= 1
        if place < start or _DASH.search(ntext, place, end):
            continue  # the word runs on before the head, or holds a dash itself
        after = m.end()
        while after < stop and ntext[after].isspace():
            after += 1
        if after < stop and _WORD_START.match(ntext, after):
            found.append((place, after))
    return found
# What closes a desk or an agency after the place: a dash or a colon.
_DESK_CLOSE = regex.compile(r"(?<!\s)\s*+[-–—:]{1,2}")
# An agency after the place is at most this many words ("أ ش أ").
MAX_AGENCY_WORDS = 4


def desk_end(lex: CompiledLexicon, ntext: str, at: int) -> int | None:
    """Where a desk of the lexicon (``desk``: ``متابعات``, ``خاص``) or an
    agency (a ``source`` line: ``واس``, ``أ ش أ``) that starts at ``at`` ends,
    with the dash or colon that closes it; ``None`` if none starts there.

    >>> from newsseg.lexicon import Lexicon
    >>> lex = Lexicon.default().compile()
    >>> t = "القاهره - ا ش ا: اطلقت الوزاره"
    >>> t[desk_end(lex, t, 10):]
    ' اطلقت الوزاره'
    >>> desk_end(lex, "القاهره - اطلقت الوزاره", 10) is None
    True
    """
    ends = [m.end() for m in TOKEN.finditer(ntext, at, at + 60)][:MAX_AGENCY_WORDS]
    for end in reversed(ends):  # the longest agency first ("وكالة الأنباء …")
        candidate = ntext[at:end]
        g = lex.line(candidate)
        if (g is not None and g.kind is Kind.SOURCE) or (
            candidate.rstrip(_PUNCT) in lex.words("desk")
        ):
            close = _DESK_CLOSE.match(ntext, end)
            return close.end() if close else end
    return None


# A preposition or adverbial that opens a lede's first clause: what comes
# before the lede's verb ("lede_verbs") is then part of the lede, not a title.
_OPENER = WordsPattern("clause_openers", r"(?:{words})(?!\w)")
# Three or more spaces, or a rule of underscores or dashes: a lost break
# between a menu word (a forum's signature) and the title.
_GAP = regex.compile(r"[ \t]{3,}|\t|[_=~*]{4,}|-{4,}")
# The first words of the head that come again later in it.
REPEAT_WORDS = 2
# What stands before a byline without its separator: two spaces or a bar.
_GAP_OR_BAR = regex.compile(r"[ \t]{2}|[|]\s*$")
# A title found only by the lede's verb after it is at most this long.
MAX_LEDE_TITLE_WORDS = 16


def sentence_cuts(text: str) -> list[int]:
    """Offsets in ``text`` just after each sentence end.

    >>> t = "قال د. أحمد إن الخطة جاهزة. وأضاف: نعم! قمة الرياض.. اتفاق جديد"
    >>> [t[:i][-6:] for i in sentence_cuts(t)]
    ['جاهزة.', ': نعم!']
    """
    return [m.end() for m in _SENTENCE_CUT.finditer(text)]


# A dash between spaces: what joins the items of a list of headlines that
# lost its line breaks ("… - عنوان أول - عنوان ثان - عنوان ثالث").
_ITEM_DASH = regex.compile(r"(?:(?<=\s)|^)[-–—](?=\s)")
# What no headline holds: a sentence end.
_STOP = regex.compile(r"[.!?؟]")
# A list of headlines run together has this many items between its dashes
# at least, each of this many words.
MIN_DASH_ITEMS = 3
MIN_ITEM_WORDS, MAX_ITEM_WORDS = 3, 14


def dash_list_cuts(text: str) -> list[int]:
    """Offsets in ``text`` of the dashes that open the items of a list of
    headlines run into a line (a box of links that lost its breaks): three
    items or more between dashes, each of three to fourteen words with no
    sentence end (dots may close one cut short), the first at the line's
    start, after a gap, a sentence end or a colon. The item after the last
    dash runs on to the next cut.

    >>> t = "نص الخبر. - عنوان أول عن الطقس - عنوان ثان عن الاسعار - عنوان ثالث عن الرياضه - اخر"
    >>> [t[i : i + 8] for i in dash_list_cuts(t)]
    ['- عنوان ', '- عنوان ', '- عنوان ', '- اخر']
    >>> len(dash_list_cuts("- عنوان اول قصير جدا... - عنوان ثان عن الاسعار - عنوان ثالث هنا - اخر"))
    4
    >>> dash_list_cuts("قال - في تصريح - إن الخطه - جاهزه - الان")
    []
    >>> dash_list_cuts("زار محطات عده - المصنع الجديد في المدينه - العمال في الموقع"
    ...                " - المعرض الدائم للمنتجات - ثم عاد")
    []
    """
    if " - " not in text and "–" not in text and "—" not in text:
        return []
    dashes = [m.start() for m in _ITEM_DASH.finditer(text)]
    cuts: list[int] = []
    run: list[int] = []  # the dashes of the current run, each opening an item
    for k, at in enumerate(dashes):
        nxt = dashes[k + 1] if k + 1 < len(dashes) else -1
        # (a headline cut short ends with dots: "… لإطلالة تليق...")
        item = text[at + 1 : nxt].rstrip().rstrip(".…") if nxt >= 0 else ""
        if nxt >= 0 and MIN_ITEM_WORDS <= len(item.split()) <= MAX_ITEM_WORDS and (
            not _STOP.search(item)
        ):
            run.append(at)
            continue
        if len(run) >= MIN_DASH_ITEMS and _opens_list(text, run[0]):
            cuts += run
            cuts.append(at)  # the last item opens at this dash
        run = []
    return cuts


def _opens_list(text: str, at: int) -> bool:
    """Whether a list may start at ``at``: at the line's start, after a gap,
    a sentence end or a colon (not inside a sentence: "… محطات عدة - زيارة …")."""
    before = text[max(0, at - 8) : at].rstrip()
    return not before or before.endswith((".", "!", "?", "؟", ":", "…"))


# A run of this many furniture words in a row is a menu or a share bar.
MIN_FURNITURE_RUN = 3
# Words are told apart by spaces and the separators of menus and share bars.
_FURNITURE_TOKEN = regex.compile(r"[^\s|•·/،,\-–—]+")
_SEPARATOR_TOKENS = frozenset("|•·/،,-–—")
# A line's words are listed this many characters at a time (cut at a space):
# the list of a whole one-line page's words takes 8 times the page's size.
_WORDS_CHUNK = 1 << 16
_SPACE = re.compile(r"\s")  # str.split's white space (stdlib re, as str.isspace)


def _word_flags(words: frozenset[str], text: str) -> bytes:
    """One byte a word of ``text`` split on white space: 1 when it is in ``words``.

    >>> _word_flags(frozenset({"b"}), " a b  c b ")
    b'\\x00\\x01\\x00\\x01'
    """
    parts: list[bytes] = []
    pos, n = 0, len(text)
    while pos < n:
        space = _SPACE.search(text, pos + _WORDS_CHUNK)
        cut = space.start() if space else n
        parts.append(bytes(map(words.__contains__, text[pos:cut].split())))
        pos = cut
    return b"".join(parts)


def furniture_runs(lex: CompiledLexicon, ntext: str) -> list[tuple[int, int]]:
    """Spans of normalized ``ntext`` that are runs of three or more words of
    the lexicon's ``furniture_words`` in a row: a menu, a share bar, print
    and font-size controls run into the text.

    >>> from newsseg.lexicon import Lexicon
    >>> from newsseg.normalize import normalize
    >>> lex = Lexicon.default().compile()
    >>> t = normalize("الرئيسية | أخبار | رياضة وزارة الصحة تطلق حملة طباعة أرسل لصديق A A")
    >>> [t[s:e] for s, e in furniture_runs(lex, t)]
    ['الرييسيه | اخبار | رياضه', 'طباعه ارسل لصديق a a']
    """
    vocab = lex.words("furniture_words")
    # a first look at the words split on spaces (a lone separator counts as
    # one): most lines have no three furniture words in a row, and end here
    flags = _word_flags(vocab | _SEPARATOR_TOKENS, ntext)
    if b"\x01" * MIN_FURNITURE_RUN not in flags:
        return []
    runs: list[tuple[int, int]] = []
    start = end = -1
    count = 0
    for m in _FURNITURE_TOKEN.finditer(ntext):
        if m.group() in vocab:
            if count == 0:
                start = m.start()
            end = m.end()
            count += 1
            continue
        if count >= MIN_FURNITURE_RUN:
            runs.append((start, end))
        count = 0
    if count >= MIN_FURNITURE_RUN:
        runs.append((start, end))
    return runs


def _date_token(tok: str, weekdays: frozenset[str], words: frozenset[str]) -> int:
    """3: a year or a time, or a weekday; 2: another number; 1: a month or a
    date word (``words``); 0: not a date."""
    if tok[0].isdigit():
        if _NUMBERISH.match(tok):
            return 3 if _YEAR_OR_TIME.search(tok) else 2
        return 0
    word = tok.strip(".()[]").lower()
    if word in weekdays:
        return 3
    return 1 if word in words else 0


def date_runs(lex: CompiledLexicon, ntext: str, lo: int = 0, hi: int | None = None
              ) -> list[tuple[int, int]]:
    """Spans of ``ntext[lo:hi]`` (normalized) that are a date or time: runs of
    two or more date tokens with a number, and a year, a time or a weekday,
    among them ("15 نوفمبر" alone may be a date inside a sentence; "صفر-1" is
    a score; "يوم الأربعاء الموافق" has no date yet).

    >>> from newsseg.lexicon import Lexicon
    >>> from newsseg.normalize import normalize
    >>> lex = Lexicon.default().compile()
    >>> t = normalize("عنوان الخبر الاحد 15 نوفمبر 2026 اعلنت الوزاره")
    >>> [t[s:e] for s, e in date_runs(lex, t)]
    ['الاحد 15 نوفمبر 2026']
    """
    hi = len(ntext) if hi is None else hi
    runs: list[tuple[int, int]] = []
    if not _DIGIT.search(ntext, lo, hi):
        return runs  # no date without a digit
    start = end = -1
    count = strong = 0
    ago = lex.words("ago_words")
    conj = lex.words("conjunctions")
    weekdays = lex.words("weekdays")
    words = lex.words("months") | lex.words("date_words")
    prev = ""
    for m in itertools.chain(_TOKEN.finditer(ntext, lo, hi), (None,)):  # None: the end closes a run
        tok = m.group() if m is not None else ""
        if m is not None and tok in conj and start >= 0:  # "منذ 3 سنوات و 7 شهور"
            continue
        kind = _date_token(tok, weekdays, words) if m is not None else 0
        if kind == 2 and prev in ago:
            kind = 3  # "منذ 3 ساعات": a stamp
        prev = tok
        if m is not None and kind and start >= 0 and _JOINER.match(ntext[end : m.start()]):
            end = m.end()
            count += 1
            strong += kind == 3
            continue
        if start >= 0 and count >= 2 and strong and _DIGIT.search(ntext, start, end):
            runs.append((start, end))
        start, end, count, strong = (m.start(), m.end(), 1, int(kind == 3)) if kind and (
            m is not None) else (-1, -1, 0, 0)
    return runs


def _repeat_of_start(edges: list[str]) -> int | None:
    """Index of the word where the first words come again (three words on or
    more): the title printed twice, or a lede that opens with the title's words.

    >>> _repeat_of_start("رومانسية الربيع عنوان لحملة رومانسية الربيع موضوع الحملة".split())
    4
    """
    if len(edges) < 2 * REPEAT_WORDS + 1:
        return None
    key = edges[:REPEAT_WORDS]
    for k in range(MIN_TITLE_WORDS, len(edges) - REPEAT_WORDS + 1):
        if edges[k] == key[0] and edges[k : k + REPEAT_WORDS] == key:
            return k
    return None


# The punctuation around a word of normalized text (Arabic marks are folded to these).
_PUNCT = "".join(sorted(set(string.punctuation) | set("«»“”‘’…")))


def head_cuts(draft: Draft, b: Block) -> list[int]:
    """Input offsets where the head of a run-on first block is cut: the title
    from the dates, bylines, datelines and lede that follow it on the same line.

    Nothing is cut unless the text before the first cut reads as a title
    (three to 25 words, no comma): a first paragraph that merely mentions a
    date keeps it.

    >>> import newsseg
    >>> page = ("وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري القاهرة - خاص "
    ...         "الأحد 15 نوفمبر 2026 أعلنت وزارة الزراعة اليوم عن خطة وطنية. " * 3)
    >>> d = newsseg.segment(page)
    >>> [s.kind.value for s in d.segments][:4]
    ['title', 'meta', 'meta', 'body']
    """
    lex = draft.lexicon
    ntext = draft.norm_text(b)
    stop = min(len(ntext), HEAD_CHARS)
    first = _SENTENCE_CUT.search(ntext, 0, stop)
    if first is not None:
        stop = first.start()
    runs = date_runs(lex, ntext, 0, stop)
    # a timestamp opening the line is cut off whatever follows ("03/01/2010
    # 08:24 تساقطت …"); the title, if any, comes after it
    start = 0
    opening: list[int] = []
    if runs and not ntext[: runs[0][0]].strip(" |-–—:/"):
        start = runs[0][1]
        opening.append(start)
        runs = runs[1:]
    kept = [draft.to_input(b.nstart + c, b.nstart + c)[0] for c in opening]
    points: set[int] = set()
    for s, e in runs:
        points.update((s, e))
    # the words of the head, where each starts and its letters
    found = list(TOKEN.finditer(ntext, start, stop))
    starts = [m.start() for m in found]
    edges = [m.group().strip(_PUNCT) for m in found]
    # field markers (bylines, sources) at a word start in the head, with their
    # separator or after a run of spaces or a bar ("… 2012   بقلم فلان | …")
    for i in starts[1:]:
        mk = lex.head_at(ntext, i)
        if mk is not None and mk.role == "field" and (
            mk.separator or _GAP_OR_BAR.search(ntext, max(0, i - 3), i)
        ):
            points.add(i)
    # a dateline: a place, a dash and a desk or an agency ("القاهرة - خاص",
    # "القاهرة - أ ش أ", "عمان - بترا -")
    for place, after in place_dashes(ntext, start, stop):
        if place not in points and desk_end(lex, ntext, after) is not None:
            points.add(place)
    again = _repeat_of_start(edges)
    if again is not None:  # the title printed twice, or a lede that repeats its words
        points.add(starts[again])
    # the lede opens with its verb after the title's first words: what comes
    # after it is the lede's, dates in it included
    verbs = lex.words("lede_verbs")
    lede = next((k for k in range(MIN_TITLE_WORDS, len(edges)) if edges[k] in verbs), None)
    if lede is not None:
        points = {p for p in points if p < starts[lede]}
    lede_only = not points
    if lede is not None:
        points.add(starts[lede])
    cuts = sorted(p for p in points if start < p < len(ntext))
    if not cuts:
        return kept
    # the title is the text before the first cut, after any run of spaces or
    # rule (a section name or a menu word may come first: "اخبار    عنوان …")
    gaps = [m.end() for m in _GAP.finditer(ntext, start, cuts[0])]
    title = ntext[gaps[-1] if gaps else start : cuts[0]]
    title_words = [w.strip(_PUNCT) for w in title.split()]
    n = len(title_words)
    ok = MIN_TITLE_WORDS <= n <= (MAX_LEDE_TITLE_WORDS if lede_only else MAX_TITLE_WORDS)
    # not a title: a sentence (a comma, a lede verb first, a linking word
    # inside: "… لكرة القدم حيث …"), the adverbial that opens the lede ("ضمن
    # فعاليات المعرض أعلنت …"), or a marker line
    links = lex.words("linking_phrases")
    if not ok or "," in title or title_words[0] in verbs or (
        _OPENER(lex).match(title.lstrip())
    ) or lex.head(title) or any(w in links for w in title_words):
        return kept
    if lede_only and lede is not None and edges[lede + 1 : lede + 4] == title_words[:3]:
        # "المراقب الدائم … صرح المراقب الدائم …": the lede's subject named
        # before it, a photo's caption, not a headline
        return kept
    if gaps:
        cuts.insert(0, gaps[-1])
    return kept + [draft.to_input(b.nstart + c, b.nstart + c)[0] for c in cuts]
