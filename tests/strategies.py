"""Reusable hypothesis strategies for Arabic (news) text.

All example text here is made up for the tests; none is taken from a page.

* :func:`arabic_words` -- one plain Arabic word (letters only);
* :func:`noisy_arabic_text` -- words with the noise real pages carry:
  diacritics, tatweel, hamza/alef variants, Persian letters, invisible
  characters, odd spaces, Arabic punctuation, presentation forms;
* :func:`news_like_text` -- a multi-line page body: paragraphs, short
  headline-like lines, bullets, and marker lines such as ``اقرأ أيضا:``;
* :func:`normalizer_text` -- anything a normalizer may meet, weighted towards
  the characters the normalizers touch, plus arbitrary code points
  (lone surrogates and NUL included).
"""

from __future__ import annotations

from hypothesis import strategies as st

#: The 36 basic letters of the Arabic alphabet, hamza forms included.
ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"

#: Harakat, tanween, shadda, sukun and dagger alef.
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"

TATWEEL = "\u0640"

#: Alef with hamza, madda, wasla and wavy hamza.
ALEF_VARIANTS = "\u0623\u0625\u0622\u0671\u0672\u0673"

#: Persian/Urdu letters that stand in for Arabic ones (ی ک ه shapes, ۃ),
#: plus gaf and peh, which must stay as they are.
PERSIAN_LETTERS = (
    "\u06cc\u06a9\u06aa\u06d0\u06cd\u06d2\u06d3\u06d5\u06c0\u06c1\u06c2\u06be\u06c3\u06af\u067e"
)

#: Arabic-Indic, Persian and ASCII digits.
DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹0123456789"

#: Zero-width, bidi and control characters found in pasted CMS text.
INVISIBLES = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u061c\u2060\ufeff\u00ad\x00\x01\x1f\x7f\x9c"
)

#: Space characters other than U+0020.
ODD_SPACES = "\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000\u1680"

#: Arabic and typographic punctuation (the ellipsis expands to three dots).
PUNCTUATION = "،؛؟٪٫٬۔«»“”‘’–—―…:.!?,-•"

#: Arabic presentation forms: lam-alef ligatures, contextual letter forms,
#: word ligatures such as ﷲ and ﷺ, and spacing harakat.
PRESENTATION_FORMS = "\ufefb\ufefc\ufef5\ufef7\ufef9\ufe8d\ufe91\ufeb1\ufee0\ufef3\ufbfc\ufb8e\ufdf2\ufdfa\ufc5e\ufe70\ufe71\ufe7c"

#: Made-up-for-tests marker phrases of the kind news pages use.
MARKER_PHRASES = (
    "اقرأ أيضا",
    "إقرأ أيضاً",
    "المصدر",
    "كلمات دلالية",
    "مقالات مشابهة",
    "شاهد أيضا",
)

_STOPWORDS = ("في", "من", "على", "إلى", "عن", "أن", "الذي", "التي", "مع", "بعد")


def arabic_words(min_size: int = 1, max_size: int = 9) -> st.SearchStrategy[str]:
    """One word of plain Arabic letters (no marks, no spaces)."""
    return st.one_of(
        st.sampled_from(_STOPWORDS),
        st.text(alphabet=ARABIC_LETTERS, min_size=min_size, max_size=max_size),
    )


def _noisy_char(ch: str) -> st.SearchStrategy[str]:
    """``ch`` possibly followed by marks and/or tatweel, or swapped for a variant."""
    marks = st.text(alphabet=DIACRITICS, max_size=2)
    tatweel = st.sampled_from(["", "", "", TATWEEL, TATWEEL * 3])
    base: st.SearchStrategy[str] = st.just(ch)
    if ch == "ا":
        base = st.sampled_from("ا" + ALEF_VARIANTS)
    elif ch == "ي":
        base = st.sampled_from("يىی")
    elif ch == "ك":
        base = st.sampled_from("كک")
    elif ch == "ه":
        base = st.sampled_from("هھە")
    return st.tuples(base, marks, tatweel).map("".join)


def noisy_word() -> st.SearchStrategy[str]:
    """An Arabic word with per-letter noise (marks, tatweel, letter variants)."""
    return arabic_words().flatmap(lambda w: st.tuples(*(_noisy_char(c) for c in w)).map("".join))


def noisy_arabic_text(max_words: int = 20) -> st.SearchStrategy[str]:
    """One line of Arabic words carrying the noise real pages have."""
    separator = st.one_of(
        st.just(" "),
        st.sampled_from(ODD_SPACES),
        st.tuples(st.sampled_from(INVISIBLES), st.just(" ")).map("".join),
        st.sampled_from(["، ", " - ", "… ", ": ", "؟ "]),
    )
    token = st.one_of(
        noisy_word(),
        noisy_word(),
        st.text(alphabet=DIGITS, min_size=1, max_size=4),
        st.sampled_from(PRESENTATION_FORMS),
        st.sampled_from(PERSIAN_LETTERS).map(lambda c: "ال" + c + "ر"),
    )
    return st.lists(st.tuples(token, separator), min_size=1, max_size=max_words).map(
        lambda pairs: "".join(t + s for t, s in pairs).rstrip()
    )


def _sentence() -> st.SearchStrategy[str]:
    return st.tuples(
        st.lists(arabic_words(), min_size=3, max_size=18).map(" ".join),
        st.sampled_from([".", ".", "،", "؟", "!", ""]),
    ).map("".join)


def news_like_text(max_lines: int = 20) -> st.SearchStrategy[str]:
    """A multi-line news page body (plain text).

    Paragraphs of sentences, short headline-like lines, bullet lines (``•``),
    marker lines (a phrase from :data:`MARKER_PHRASES`, often followed by
    ``:`` and a value), noisy lines and blank lines.
    """
    paragraph = st.lists(_sentence(), min_size=1, max_size=4).map(" ".join)
    headline = st.lists(arabic_words(), min_size=2, max_size=7).map(" ".join)
    bullet = headline.map(lambda h: "• " + h)
    marker = st.tuples(
        st.sampled_from(MARKER_PHRASES),
        st.sampled_from([":", ": ", " :", "", " - "]),
        st.one_of(st.just(""), headline),
    ).map("".join)
    line = st.one_of(
        paragraph, paragraph, headline, bullet, marker, noisy_arabic_text(8), st.just("")
    )
    return st.lists(line, min_size=1, max_size=max_lines).map("\n".join)


def normalizer_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text mixing everything the normalizers handle with arbitrary code points."""
    interesting = (
        ARABIC_LETTERS
        + DIACRITICS
        + TATWEEL
        + ALEF_VARIANTS
        + PERSIAN_LETTERS
        + DIGITS
        + INVISIBLES
        + ODD_SPACES
        + PUNCTUATION
        + PRESENTATION_FORMS
        + " \t\n\rABCxyz"
    )
    char = st.one_of(
        st.sampled_from(interesting),
        st.sampled_from(interesting),
        st.sampled_from(interesting),
        st.characters(),  # any code point but a surrogate...
        st.sampled_from(["\ud800", "\udfff", "\x00"]),  # ...so add lone ones
    )
    return st.one_of(
        st.lists(char, max_size=max_size).map("".join),
        noisy_arabic_text(6),
    )
