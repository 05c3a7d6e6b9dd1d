"""The Arabic steps (diacritics, tatweel, letter variants, digits, spaces,
punctuation, presentation forms) and the two presets built from them.

>>> normalize("إِقْـرَأْ")
'اقرا'
"""

from __future__ import annotations

import unicodedata

from newsseg.normalize.aligned import AlignedText, _check_str
from newsseg.normalize.steps import (
    Normalizer,
    PatternStep,
    Sequence,
    TableStep,
    _check_normalizer,
    _checked_result,
)

# ---------------------------------------------------------------------------
# Character tables of the built-in steps
# ---------------------------------------------------------------------------


def _chars(*ranges: tuple[int, int] | int) -> list[str]:
    out: list[str] = []
    for r in ranges:
        if isinstance(r, int):
            out.append(chr(r))
        else:
            out.extend(chr(c) for c in range(r[0], r[1] + 1))
    return out


# Combining marks written over or under Arabic letters. The ranges are spelled
# out (not taken from unicodedata) so that every Python version strips the
# same set. Only nonspacing marks are listed: U+06DD and U+08E2 (end of ayah,
# they enclose a number) and U+06DE, U+06E9 (symbols) are visible and stay.
_DIACRITICS = _chars(
    (0x064B, 0x0652),  # tanween, harakat, shadda, sukun
    # maddah and hamza above/below: NFC text composes them into آ أ إ ؤ ئ,
    # so only decomposed text has them; dropping them agrees with fold_alef.
    (0x0653, 0x0655),
    (0x0656, 0x065F),  # subscript alef, inverted damma and other vowel signs
    0x0670,  # dagger (superscript) alef
    (0x0610, 0x061A),  # honorific signs and small Quranic vowels
    (0x06D6, 0x06DC),  # Quranic annotation (small high ligatures)
    (0x06DF, 0x06E4),
    # small waw / small yeh (category Lm, but written after a letter like a
    # vowel sign in Quranic text, e.g. the long vowel of a pronoun)
    (0x06E5, 0x06E6),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0897, 0x089F),  # Quranic marks added in Unicode 14 and 16
    (0x08CA, 0x08E1),
    (0x08E3, 0x08FF),
)

_TATWEEL = "\u0640"

# Invisible format and control characters that only get in the way of
# matching. \t \n \r \v \f and U+0085 stay: they separate words and lines
# (str.splitlines breaks on \v \f U+0085), and removing them would glue
# lines together. U+2028/U+2029 stay for the same reason.
_INVISIBLE = _chars(
    (0x0000, 0x0008),  # C0 controls, NUL included
    (0x000E, 0x001F),
    0x007F,  # DEL
    (0x0080, 0x0084),  # C1 controls, minus U+0085 (NEL, a line break)
    (0x0086, 0x009F),
    0x00AD,  # soft hyphen
    0x034F,  # combining grapheme joiner
    0x061C,  # Arabic letter mark
    0x180E,  # Mongolian vowel separator (was a space, now a format char)
    # ZWSP, ZWNJ, ZWJ, LRM, RLM. ZWNJ matters in Persian spelling
    # (می‌خواهم), but in Arabic news it is an artefact of copy and paste, and
    # for matching a word must match with or without it.
    (0x200B, 0x200F),
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible math operators
    (0x2066, 0x2069),  # bidi isolates
    (0x206A, 0x206F),  # deprecated format characters
    0xFEFF,  # byte order mark / zero width no-break space
)

# Space characters that look like a plain space. 1:1: runs are not collapsed
# (use a PatternStep for that), so offsets never move.
_SPACES = _chars(0x00A0, 0x1680, (0x2000, 0x200A), 0x202F, 0x205F, 0x3000)

_ALEF = {
    "\u0623": "ا",  # alef with hamza above
    "\u0625": "ا",  # alef with hamza below
    "\u0622": "ا",  # alef with madda
    "\u0671": "ا",  # alef wasla
    "\u0672": "ا",  # alef with wavy hamza above
    "\u0673": "ا",  # alef with wavy hamza below
    "\u0675": "ا",  # high hamza alef (NFKC gives alef + U+0674)
}

_YEH = {"\u0649": "ي"}  # alef maqsura; ئ is a hamza seat, see fold_hamza

_HAMZA = {
    "\u0624": "و",  # waw with hamza above
    "\u0626": "ي",  # yeh with hamza above
}  # the lone hamza ء is a letter of its own and stays

_TEH_MARBUTA = {"\u0629": "ه"}

# Persian and Urdu letters to the Arabic letter an Arabic reader would write.
# They come in through Persian/Urdu keyboards and CMSs (ی and ک above all);
# each maps 1:1.
_PERSIAN = {
    "\u06cc": "ي",  # ی Farsi yeh: the everyday Persian yeh
    "\u06d0": "ي",  # ې Pashto/Uyghur e
    "\u06cd": "ي",  # ۍ yeh with tail (Pashto)
    "\u06d2": "ي",  # ے yeh barree (Urdu)
    # ۓ is ے with hamza above: keep the hamza, as ئ, so that this step alone
    # loses nothing; fold_hamza then takes it to ي.
    "\u06d3": "\u0626",
    "\u06a9": "ك",  # ک keheh: the Persian/Urdu kaf
    "\u06aa": "ك",  # ڪ swash kaf
    # Heh shapes. ە (Kurdish ae) and ہ (Urdu heh goal) are written where an
    # Arabic writer puts ه. ھ (heh doachashmee) is an aspiration mark in Urdu
    # but Kurdish and Uyghur keyboards type it for plain ه, which is how it
    # shows up in Arabic news text, so it folds to ه too. ۀ and ۂ are those
    # hehs with a hamza (the Persian ezafe); the hamza is dropped.
    "\u06d5": "ه",
    "\u06c1": "ه",
    "\u06be": "ه",
    "\u06c0": "ه",
    "\u06c2": "ه",
    "\u06c3": "\u0629",  # ۃ teh marbuta goal (Urdu) is a teh marbuta
    # Not folded: گ gaf, پ peh, چ tcheh, ژ jeh, ڤ veh and the Urdu
    # retroflexes (ٹ ڈ ڑ) are separate sounds. Arabic writers spell them with
    # different letters (گ as ج, غ or ك depending on the country), so no
    # single fold is right, and no marker needs them.
}

_DIGITS = {
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic ٠-٩
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian ۰-۹
}

_PUNCTUATION = {
    "\u060c": ",",  # ، Arabic comma
    "\u061b": ";",  # ؛ Arabic semicolon
    "\u061f": "?",  # ؟ Arabic question mark
    "\u06d4": ".",  # ۔ Arabic full stop (Urdu)
    "\u066a": "%",  # ٪ Arabic percent sign
    "\u066b": ".",  # ٫ Arabic decimal separator
    "\u066c": ",",  # ٬ Arabic thousands separator
    "\u066d": "*",  # ٭ Arabic five-pointed star, used as a bullet/asterisk
    "\uff01": "!",  # fullwidth forms, from East Asian input methods
    "\uff0c": ",",
    "\uff1a": ":",
    "\uff1b": ";",
    "\uff1f": "?",
    "\u00ab": '"',  # « guillemets, the usual Arabic quotes
    "\u00bb": '"',  # »
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",  # horizontal bar
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # … ellipsis: one character becomes three
}


def _presentation_forms() -> dict[str, str]:
    """NFKC of each Arabic presentation form (U+FB50-FDFF, U+FE70-FEFF).

    Computed per character, so lam-alef ligatures expand 1 -> 2 and ﷺ to a
    whole phrase. One exception: the spacing forms of the harakat (U+FE70...,
    U+FC5E-FC63) decompose to a space plus the mark; the space is dropped
    so that a stray spacing mark does not split a word in two.
    """
    table: dict[str, str] = {}
    for lo, hi in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF)):
        for code in range(lo, hi + 1):
            ch = chr(code)
            nfkc = unicodedata.normalize("NFKC", ch)
            if nfkc == ch:
                continue
            if nfkc[:1] == " " and all(unicodedata.category(c) == "Mn" for c in nfkc[1:]):
                nfkc = nfkc[1:]
            table[ch] = nfkc
    return table


# ---------------------------------------------------------------------------
# Built-in steps
# ---------------------------------------------------------------------------

strip_diacritics = TableStep(
    "strip_diacritics",
    dict.fromkeys(_DIACRITICS, ""),
    doc="""Delete harakat, tanween, shadda, sukun, dagger alef and Quranic marks.

    >>> normalize("مُحَمَّدٌ", strip_diacritics)
    'محمد'
    >>> a = align("كَتَبَ", strip_diacritics)
    >>> a.text, a.to_original(1), a.span_to_original(0, 1)
    ('كتب', 2, (0, 2))
    """,
)

strip_tatweel = TableStep(
    "strip_tatweel",
    {_TATWEEL: ""},
    doc="""Delete tatweel (kashida, U+0640), the elongation stroke.

    >>> normalize("الـعـربـيـة", strip_tatweel)
    'العربية'
    """,
)

fold_alef = TableStep(
    "fold_alef",
    _ALEF,
    doc="""Fold alef with hamza, madda or wasla (أ إ آ ٱ ٲ ٳ ٵ) to bare alef ا.

    >>> normalize("إسلام أحمد آمن ٱلعلم", fold_alef)
    'اسلام احمد امن العلم'
    """,
)

fold_yeh = TableStep(
    "fold_yeh",
    _YEH,
    doc="""Fold alef maqsura ى to yeh ي (ئ is left to fold_hamza).

    >>> normalize("مستشفى على", fold_yeh)
    'مستشفي علي'
    """,
)

fold_persian = TableStep(
    "fold_persian",
    _PERSIAN,
    doc="""Fold Persian/Urdu yeh, kaf and heh shapes to the Arabic letters.

    >>> normalize("کلمات دلالیة", fold_persian)
    'كلمات دلالية'
    >>> normalize("ھذہ", fold_persian)
    'هذه'
    """,
)

fold_teh_marbuta = TableStep(
    "fold_teh_marbuta",
    _TEH_MARBUTA,
    doc="""Fold teh marbuta ة to heh ه (writers often swap them at word end).

    >>> normalize("مدرسة جديدة", fold_teh_marbuta)
    'مدرسه جديده'
    """,
)

fold_hamza = TableStep(
    "fold_hamza",
    _HAMZA,
    doc="""Fold hamza on a seat to the seat: ؤ -> و, ئ -> ي; a lone ء stays.

    >>> normalize("مسؤول رئيس سماء", fold_hamza)
    'مسوول رييس سماء'
    """,
)

fold_digits = TableStep(
    "fold_digits",
    _DIGITS,
    doc="""Fold Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII 0-9.

    >>> normalize("عام ٢٠٢٤ و۱۴۰۳", fold_digits)
    'عام 2024 و1403'
    """,
)

strip_invisible = TableStep(
    "strip_invisible",
    dict.fromkeys(_INVISIBLE, ""),
    doc="""Delete zero-width, bidi and control characters (not \\t \\n \\r).

    >>> normalize("خبر\\u200f عاجل\\u200b\\n", strip_invisible)
    'خبر عاجل\\n'
    """,
)

fold_spaces = TableStep(
    "fold_spaces",
    dict.fromkeys(_SPACES, " "),
    doc="""Fold no-break and typographic spaces to ' ' (1:1, runs kept).

    >>> normalize("قبل\\u00a0ساعة\\u2009واحدة", fold_spaces)
    'قبل ساعة واحدة'
    """,
)

fold_punctuation = TableStep(
    "fold_punctuation",
    _PUNCTUATION,
    doc="""Fold Arabic and typographic punctuation to ASCII.

    The ellipsis … becomes ``...``: an expansion that the map keeps.

    >>> normalize("ماذا حدث؟ قال: «لا شيء»…", fold_punctuation)
    'ماذا حدث? قال: "لا شيء"...'
    >>> normalize("٥٠٪، تقريبا", fold_punctuation)
    '٥٠%, تقريبا'
    """,
)

fold_ligatures = TableStep(
    "fold_ligatures",
    _presentation_forms(),
    doc="""Replace Arabic presentation forms by their letters (NFKC per char).

    Lam-alef ligatures expand 1 -> 2; both letters map back to the ligature.

    >>> a = align("ﻻ ﺑﺄﺱ", fold_ligatures)
    >>> a.text, a.span_to_original(1, 2)
    ('لا بأس', (0, 1))
    >>> normalize("ﷲ", fold_ligatures)
    'الله'
    """,
)

lowercase_ascii = TableStep(
    "lowercase_ascii",
    {chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
    doc="""Lowercase ASCII A-Z only (other scripts and letters untouched).

    >>> normalize("CNN عربي", lowercase_ascii)
    'cnn عربي'
    """,
)


# ---------------------------------------------------------------------------
# Presets
# ---------------------------------------------------------------------------

MATCHING = Sequence(
    [
        strip_invisible,
        fold_ligatures,  # before the folds: ligatures produce ى, ة, marks...
        strip_diacritics,
        strip_tatweel,
        fold_alef,
        fold_yeh,
        fold_persian,  # ۓ -> ئ, so before fold_hamza
        fold_hamza,
        fold_teh_marbuta,
        fold_digits,
        fold_spaces,
        fold_punctuation,
        lowercase_ascii,
    ],
    name="matching",
    doc="""Everything that should not stop a marker from matching.

    Runs as a single translate table. Lossy on purpose: use it to find
    things, then map the match back with span_to_original.

    >>> variants = ["إقرأ أيضاً", "اقرأ ايضا", "اقـرأ أيـضـاً", "اقرأ أيضًا", "اقراْ ايضا"]
    >>> {normalize(v) for v in variants}
    {'اقرا ايضا'}
    >>> normalize("کلمات دلالیة: الرئیس") == normalize("كلمات دلالية: الرئيس")
    True
    """,
)

DISPLAY = Sequence(
    [strip_invisible, fold_spaces, strip_tatweel],
    name="display",
    doc="""A conservative clean-up for text shown to people.

    Only removes what cannot be seen or carries no meaning: invisible and
    control characters, exotic spaces (to ' ') and tatweel. Letters,
    hamza, diacritics, digits and punctuation are left exactly as written.

    >>> normalize("الـعـربية\\u200f\\u00a0اليوم", DISPLAY)
    'العربية اليوم'
    >>> normalize("مُحَمَّد ٢٠٢٤", DISPLAY)
    'مُحَمَّد ٢٠٢٤'
    """,
)


# ---------------------------------------------------------------------------
# Convenience
# ---------------------------------------------------------------------------


def align(text: str, normalizer: Normalizer = MATCHING) -> AlignedText:
    """Normalize ``text`` and keep the map back to it.

    >>> a = align("كلمات دلالية: الرئیس")
    >>> a.text
    'كلمات دلاليه: الرييس'
    >>> start = a.text.index("الرييس")
    >>> a.original[slice(*a.span_to_original(start, start + 6))]
    'الرئیس'
    """
    _check_str(text, "align()")
    _check_normalizer(normalizer)
    given = AlignedText.identity(text)
    return _checked_result(normalizer(given), given, normalizer)


def normalize(text: str, normalizer: Normalizer = MATCHING) -> str:
    """Normalize ``text`` without building the map (same text as :func:`align`).

    >>> normalize("اقـرأ أيـضـاً")
    'اقرا ايضا'
    """
    _check_str(text, "normalize()")
    _check_normalizer(normalizer)
    if isinstance(normalizer, (TableStep, PatternStep, Sequence)):
        return normalizer.normalize_str(text)
    given = AlignedText.identity(text)
    return _checked_result(normalizer(given), given, normalizer).text


__test__ = {
    step.name: step.doc
    for step in (
        strip_diacritics,
        strip_tatweel,
        fold_alef,
        fold_yeh,
        fold_persian,
        fold_teh_marbuta,
        fold_hamza,
        fold_digits,
        strip_invisible,
        fold_spaces,
        fold_punctuation,
        fold_ligatures,
        lowercase_ascii,
        MATCHING,
        DISPLAY,
    )
}
