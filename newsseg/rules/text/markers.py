"""The ``markers`` stage: label the blocks that open with (or are) a marker
phrase of the lexicon — a read-also line, ``المصدر: …``, a tag field, a
byline — and cut the lines that hold several.
"""

from __future__ import annotations

import regex

from newsseg.engine.draft import Block, Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import TOKEN, ends_sentence, words
from newsseg.lexicon import CompiledLexicon, MarkerMatch, WordsPattern
from newsseg.model import Kind

__all__ = ["markers"]

# 'pattern' groups are tried on blocks up to this long.
MAX_PATTERN_WORDS = 30
# 'line' phrases are short: longer blocks are not tried.
MAX_LINE_WORDS = 8
# Blocks longer than this are running text: 'contains' phrases there are quotes.
MAX_CONTAINS_WORDS = 30
# A field without a separator ("بقلم فلان") must be this short.
MAX_BARE_FIELD_WORDS = 16
# A heading with its headline on the same line: at most this many words in all.
MAX_INLINE_HEADING_WORDS = 40
# The value of a source label that stands alone is a short next line.
MAX_SOURCE_VALUE_WORDS = 8
# Kinds whose marker may stand alone on a line, followed by a list.
LIST_KINDS = (Kind.READ_ALSO, Kind.RELATED, Kind.TAGS)

# A one-word 'contains' phrase inside a sentence this long is a word of the story.
MIN_INCIDENTAL_WORDS = 8

_WORD = regex.compile(r"\w")
_SENTENCE_PUNCT = regex.compile(r"[.،,!?;]")
# A media kicker before a colon ("بالفيديو: …"): the lexicon's kicker list.
KICKER = WordsPattern("kicker", r"^\W*(?:{words})\s*:")


# Agencies and outlets joined by slashes or bars: "فرانس 24/ رويترز".
MAX_CREDIT_WORDS = 8
_CREDIT_SEP = regex.compile(r"[/|]")


def _credits(lex: CompiledLexicon, ntext: str) -> bool:
    """Whether ``ntext`` is a few short names joined by ``/`` or ``|`` with
    an agency of the lexicon's source lines among them.

    >>> from newsseg.lexicon import Lexicon
    >>> _credits(Lexicon.default().compile(), "قناه المثال/ رويترز")
    True
    """
    if "/" not in ntext and "|" not in ntext:
        return False
    parts = [p.strip() for p in _CREDIT_SEP.split(ntext.strip(" -()[]"))]
    if len(parts) < 2 or any(not p or words(p) > 3 for p in parts):
        return False
    return any((g := lex.line(p)) is not None and g.kind is Kind.SOURCE for p in parts)


# A marker line this long at most is looked at for a second marker or bullets.
MAX_CHAINED_WORDS = 60
# A bullet inside a line: the items of a list run together.
_BULLET_CUT = regex.compile(r"(?<=\s)[•·●▪■◆►](?=\s)")


def _next_marker(lex: CompiledLexicon, ntext: str, start: int) -> int | None:
    """Where a second marker with its separator starts after ``start`` in
    normalized ``ntext``: a field or heading run into the value of the one
    before ("المصدر: وكالة الأنباء كلمات دلالية: …"), or ``None``.

    >>> from newsseg.lexicon import Lexicon
    >>> t = "المصدر: وكاله الانباء كلمات دلاليه: الصحه"
    >>> t[_next_marker(Lexicon.default().compile(), t, 7):]
    'كلمات دلاليه: الصحه'
    """
    for m in TOKEN.finditer(ntext, start):
        i = m.start()
        if i == start:
            continue
        mk = lex.head_at(ntext, i)
        if mk is not None and mk.separator:
            return i
    return None


def _starts_line(draft: Draft, b: Block) -> bool:
    """Whether block ``b`` opens its line of the input (only spaces before it)."""
    text = draft.text
    i = b.start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    return i == 0 or text[i - 1] in "\n\r"


def _rest(ntext: str, mk: MarkerMatch) -> str:
    """What follows marker ``mk`` in ``ntext``, stripped; nothing when it is
    only punctuation ("اقرا ايضا..", "كلمات دلاليه »"): the marker stands alone.

    >>> from newsseg.lexicon import Lexicon
    >>> lex = Lexicon.default().compile()
    >>> a, b = "اقرا ايضا ..", "المصدر: رويترز"
    >>> _rest(a, lex.head(a)), _rest(b, lex.head(b))
    ('', 'رويترز')
    """
    rest = ntext[mk.end :].strip()
    return rest if _WORD.search(rest) else ""


def _field_ok(mk: MarkerMatch, ntext: str) -> bool:
    rest = _rest(ntext, mk)
    n = words(ntext)
    if mk.kind is Kind.SOURCE:
        # "المصدر: الحرة" — never "المصادر الأمنية قالت …"
        return (mk.separator and 0 < words(rest) <= 12) or (not rest)
    if mk.kind is Kind.TAGS:
        return mk.separator or not rest
    if mk.kind is Kind.META:
        # "بقلم فلان" or "بقلم فلان | المحرر | التاريخ": short, no sentence punctuation
        return (mk.separator and n <= 14) or (
            n <= MAX_BARE_FIELD_WORDS and not _SENTENCE_PUNCT.search(ntext)
        )
    if mk.kind is Kind.BOILERPLATE:
        return n <= MAX_CONTAINS_WORDS
    return mk.separator and n <= 20


def _incidental(ntext: str, m: regex.Match[str], n: int) -> bool:
    """A one-word 'contains' phrase inside a sentence of the story: 'اشتركوا'
    (took part), 'تابعوا' (followed), 'انضموا' (joined) are verbs of the news
    there, not a prompt. Prompts open their line ("تابعونا على …"), or are short.

    >>> import newsseg
    >>> newsseg.segment("وقالت الشرطة إن أربعة مسلحين اشتركوا في تنفيذ الهجوم "
    ...                 "على الحاجز العسكري قبل أن يفروا إلى الجبال.").segments[0].kind.value
    'body'
    >>> newsseg.segment("تابعونا على تويتر وفيسبوك لمعرفة آخر أخبار المنطقة أولا "
    ...                 "بأول ومن مصادرها المباشرة.").segments[0].kind.value
    'boilerplate'
    """
    return (n >= MIN_INCIDENTAL_WORDS and " " not in m.group().strip()
            and _WORD.search(ntext, 0, m.start()) is not None and ends_sentence(ntext))


@stage("markers", writes=("value_at", "keep_apart", "list_head", "value_next"))
def markers(draft: Draft) -> None:
    """Label blocks that open with, or are, a marker of the lexicon.

    >>> import newsseg
    >>> doc = newsseg.segment("نص الخبر الرئيسي عن افتتاح المعرض في العاصمة اليوم.\\n"
    ...                       "المصدر: وكالات\\nكلمات دلالية: المعرض، الكتاب")
    >>> [(s.kind.value, s.rule) for s in doc.segments][1:]
    [('source', 'source.field'), ('tags', 'tags.field')]
    """
    lex = draft.lexicon
    # blocks are rebuilt in one pass (a cut line gives two blocks, and the
    # second is matched again): splitting in place would be quadratic
    out: list[Block] = []
    pending = draft.blocks[::-1]
    while pending:
        b = pending.pop()
        out.append(b)
        if b.kind is not None:
            continue
        ntext = draft.norm_text(b)
        n = draft.words(b)
        g = lex.line(ntext) if n <= MAX_LINE_WORDS else None
        if g is not None:
            draft.label(b, g.kind, f"{g.name}.line")
            continue
        if n <= MAX_CREDIT_WORDS and _credits(lex, ntext):
            draft.label(b, Kind.SOURCE, "source.credits")
            continue
        mk = lex.head(ntext)
        if mk is not None:
            # a second marker run into this one's value ("المصدر: وكالة الأنباء
            # كلمات دلالية: …"), or a list's items joined by bullets: cut there
            points: list[int] = []
            if n <= MAX_CHAINED_WORDS:
                nxt = _next_marker(lex, ntext, mk.end)
                if nxt is not None:
                    points.append(nxt)
                if mk.role == "heading":
                    points += [m.start() for m in _BULLET_CUT.finditer(ntext, mk.end)]
            cuts = [draft.to_input(b.nstart + at, b.nstart + at)[0] for at in points]
            if cuts:
                pieces = draft.pieces(b, cuts)
                if len(pieces) > 1:
                    out[-1] = b = pieces[0]
                    for piece in pieces[1:]:
                        piece.keep_apart = True  # list items stay one segment each
                    pending.extend(reversed(pieces[1:]))
                    ntext = draft.norm_text(b)
                    n = draft.words(b)
            b.keep_apart = True  # two markers on one line stay two segments
            rest = _rest(ntext, mk)
            if rest or not ntext[mk.end :].strip():
                b.value_at = draft.to_input(b.nstart + mk.end, b.nstart + mk.end)[0]
            else:  # only punctuation after the marker: it stands alone, no value
                b.value_at = b.end
            if mk.role == "heading":
                if rest and lex.ends_article(mk.group):
                    # a heading that closes the page takes its whole block
                    # ("عزيزي الزائر لقد قرأت خبر … في موقع …")
                    draft.label(b, mk.kind, f"{mk.group}.heading")
                    continue
                if mk.kind is Kind.BOILERPLATE and rest and not (
                    mk.separator and not _starts_line(draft, b)
                ):
                    # pager or slider controls leading a line: cut them off, all
                    # at once (each look is bounded, so a line of them is linear)
                    off = mk.end
                    while off < len(ntext):
                        again = lex.head(ntext[off : off + 300])
                        if again is None or again.kind is not Kind.BOILERPLATE or (
                            again.role != "heading"
                        ):
                            break
                        off += again.end
                    cut, _ = draft.to_input(b.nstart + off, b.nstart + off)
                    pieces = draft.pieces(b, [cut])
                    out[-1] = pieces[0]
                    draft.label(pieces[0], mk.kind, f"{mk.group}.heading")
                    pending.extend(reversed(pieces[1:]))
                    continue
                if not rest:
                    draft.label(b, mk.kind, f"{mk.group}.heading")
                    b.list_head = True
                    continue
                if n <= MAX_INLINE_HEADING_WORDS and (mk.separator or not ends_sentence(ntext)
                                                      or n <= 25):
                    draft.label(b, mk.kind, f"{mk.group}.inline")
                    continue
            elif _field_ok(mk, ntext):
                draft.label(b, mk.kind, f"{mk.group}.field")
                if not rest and mk.kind in LIST_KINDS:
                    b.list_head = True
                elif not rest and mk.kind is Kind.SOURCE:
                    b.value_next = True  # "المصدر:" with its value on the next line
                continue
            b.value_at = -1  # not a marker after all: running text
        if n <= MAX_CONTAINS_WORDS:
            g = next((g for g, m in lex.contains_matches(ntext)
                      if not _incidental(ntext, m, n)), None)
            if g is not None:
                draft.label(b, g.kind, f"{g.name}.contains")
                continue
        if n <= MAX_PATTERN_WORDS:
            # meta patterns (dates, "بتوقيت") only on short lines; boilerplate
            # ones (an "about us" blurb) on longer ones too
            found = lex.pattern_match(ntext, None if n <= 16 else (Kind.BOILERPLATE,))
            if found is not None:
                g, m = found
                draft.label(b, g.kind, f"{g.name}.pattern")
                if "value" in m.re.groupindex and m.group("value") is not None:
                    b.value_at = draft.to_input(b.nstart + m.start("value"),
                                                        b.nstart + m.start("value"))[0]
    draft.blocks = out
