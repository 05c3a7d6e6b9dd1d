"""Shape tests on block text shared by the stages (word counts, headline-likeness)."""

from __future__ import annotations

import regex

from newsseg.views import BULLET

# A run of non-space characters: a word with the punctuation glued to it.
TOKEN = regex.compile(r"\S+")
LETTER = regex.compile(r"\p{L}")
# The Latin and Arabic letters (as LETTER tells them): a text that opens with
# one has letters, found without a search.
_LETTER_STARTS = frozenset(
    c for c in map(chr, (*range(0x41, 0x7B), *range(0x600, 0x700))) if LETTER.match(c)
)
# Sentence-final punctuation after normalization (؟ is folded to ?).
TERMINAL = regex.compile(r"[.!?…][\"')\]»]*\s*$")
# What may follow TERMINAL's stop: the match can only start where these end.
_CLOSERS = "\"')]»"
# A list bullet opening a line, with the spaces after it: marks ("•", "-",
# ">") or a number and its dot, dash or bracket ("3." "12)"). Views strip it
# off headlines; a line opens a list item when it has one (a number only with
# a space after it: see is_bullet).
# "site - desk", "city - city: paper", "city -": a dateline (no sentence inside).
DATELINE = regex.compile(r"^(?:(?![.!?]\s)[^!?]){2,50}?\s?-\s*[^!?]{0,50}$")
# A comma, Arabic or Latin (the text is normalized, but raw text has ، too).
COMMA = regex.compile(r"[،,]")
INNER_PUNCT = regex.compile(r"[,;]|\.(?=\s)|\.$")


def words(ntext: str) -> int:
    """Number of words in a (normalized) text.

    >>> words("اقرا ايضا: خبر")
    3
    """
    if len(ntext) > 160:
        # long text: every caller only compares with small numbers; count
        # separators instead of building a list of (maybe millions of) words
        return ntext.count(" ") - ntext.count("  ") + ntext.count("\n") + 1
    return len(ntext.split())


def is_bullet(text: str) -> bool:
    """Whether ``text`` opens with a list bullet: a mark, or a number with its
    dot, dash or bracket and a space (``3.14`` is no bullet).

    >>> is_bullet("• خبر"), is_bullet("3. خبر"), is_bullet("3.14 مليار")
    (True, True, False)
    """
    m = BULLET.match(text)
    return m is not None and (m.group("mark") is not None or m.group("space") is not None)


def has_letters(ntext: str) -> bool:
    """Whether the text has any letter at all.

    >>> has_letters("-- 12 --"), has_letters("نص")
    (False, True)
    """
    return ntext[:1] in _LETTER_STARTS or LETTER.search(ntext) is not None


def ends_sentence(ntext: str) -> bool:
    """Whether the text ends like a sentence (period, ellipsis, ! or ?).

    >>> ends_sentence("قال الوزير."), ends_sentence("عنوان الخبر")
    (True, False)
    """
    # searched from the stop before the closers and spaces that end the text
    # (str.rstrip takes every space \s does), not along the whole text
    tail = len(ntext.rstrip().rstrip(_CLOSERS)) - 1
    return TERMINAL.search(ntext, max(0, tail)) is not None


def headline_like(ntext: str, max_words: int = 25, n: int = -1) -> bool:
    """A short line that does not end with a period or colon: a title, a list item.

    >>> headline_like("وزير المالية يعرض الميزانية الجديدة")
    True
    >>> headline_like("وقال الوزير إن الميزانية جاهزة.")
    False
    """
    if n < 0:  # ``n``: the word count, when the caller has it
        n = words(ntext)
    if n == 0 or n > max_words:
        return False
    s = ntext.rstrip()
    return not s.endswith((".", ":", "،", ",", ";")) or s.endswith("..")


def paragraph_like(ntext: str, min_words: int = 12, n: int = -1) -> bool:
    """Running text: long enough, or a complete sentence of some length.

    >>> paragraph_like("وأضاف أن الحكومة ستعلن عن خطة جديدة خلال الأسابيع المقبلة لدعم المزارعين.")
    True
    """
    if n < 0:  # ``n``: the word count, when the caller has it
        n = words(ntext)
    if n >= 2 * min_words or (n >= 6 and ends_sentence(ntext)):
        return True
    # a long line with a comma or a full stop inside is a sentence, not a headline
    return n >= min_words and INNER_PUNCT.search(ntext.rstrip()[:-1]) is not None
