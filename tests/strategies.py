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


# ---------------------------------------------------------------------------
# Hostile input (tests/test_hostile.py, tests/test_regressions.py)
# ---------------------------------------------------------------------------

#: C0 and C1 controls, NUL first, and DEL.
CONTROLS = "".join(chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)))

#: Lone surrogates and noncharacters: valid in a Python str, invalid in UTF-8.
LONE_SURROGATES = "\ud800\udbff\udc00\udfff"
NONCHARACTERS = "\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff"

#: Right-to-left and left-to-right marks, embeddings, overrides and isolates.
BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

#: Letters of other scripts that share pages with Arabic.
OTHER_SCRIPTS = "aZéßщЖאבגְ中文字한글ไทยहिन्दी😀🇸🇦"


def hostile_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Text made of what breaks naive code: controls, NUL, lone surrogates,
    noncharacters, bidi marks, other scripts, odd line breaks, mixed into
    Arabic news lines and marker phrases."""
    nasty = st.sampled_from(
        CONTROLS + LONE_SURROGATES + NONCHARACTERS + BIDI_MARKS + OTHER_SCRIPTS
        + "\r\n\u2028\u2029\x85\x0b\x0c"
    )
    piece = st.one_of(
        nasty,
        nasty,
        st.sampled_from(MARKER_PHRASES),
        arabic_words(),
        st.sampled_from(PUNCTUATION),
        st.text(max_size=5),
    )
    return st.one_of(
        st.lists(piece, max_size=max_size // 4).map("".join),
        news_like_text(8).flatmap(
            lambda page: st.lists(
                st.tuples(st.integers(0, len(page)), nasty), max_size=12
            ).map(lambda ins: _insert(page, ins))
        ),
    )


def _insert(text: str, inserts: list[tuple[int, str]]) -> str:
    for at, ch in sorted(inserts, reverse=True):
        text = text[:at] + ch + text[at:]
    return text


_BLOCK_TAGS = ("p", "div", "h1", "h2", "li", "span", "td", "article", "section", "figcaption")


def news_html(max_blocks: int = 12) -> st.SearchStrategy[str]:
    """An HTML page of news-like blocks: a title, paragraphs, lists, marker
    lines, navigation and footer, in random (often unclosed) tags."""
    block = st.tuples(
        st.sampled_from(_BLOCK_TAGS),
        st.one_of(news_like_text(3), noisy_arabic_text(6), st.sampled_from(MARKER_PHRASES)),
        st.booleans(),
    ).map(lambda t: f"<{t[0]}>{t[1]}" + (f"</{t[0]}>" if t[2] else ""))
    return st.tuples(
        st.lists(block, min_size=1, max_size=max_blocks),
        st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0"?>']),
        st.sampled_from(["", '<meta charset="utf-8">', '<meta charset="x-no-such">']),
    ).map(
        lambda t: f"{t[1]}<html><head>{t[2]}<title>عنوان</title></head><body>"
        + "".join(t[0])
        + "</body></html>"
    )


def hostile_html() -> st.SearchStrategy[bytes]:
    """Bytes for ``segment_html``: random bytes, HTML cut mid-character or
    mid-tag, pages in odd encodings, deep nesting, entity payloads."""
    page = news_html(6)
    return st.one_of(
        st.binary(max_size=300),
        page.map(lambda p: p.encode("utf-8")),
        page.flatmap(
            lambda p: st.integers(0, len(p.encode("utf-8"))).map(
                lambda cut: p.encode("utf-8")[:cut]  # truncated multibyte sequences
            )
        ),
        page.map(lambda p: p.encode("utf-16")),
        page.map(lambda p: p.encode("cp1256", errors="replace")),
        st.integers(1, 3000).map(lambda d: b"<div>" * d + "نص".encode() + b"</div>" * (d // 2)),
        st.sampled_from([
            b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>',
            b'<!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><p>&b;</p>',
            b"<p>\xd9</p><p>\xd9\x86\xd8</p>",
            b"<svg><script>x</script><style>y</style></svg>\x00\x00",
        ]),
    )
