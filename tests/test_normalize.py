"""Tests of newsseg.normalize: examples per step, the offset map, properties.

The map is checked against a slow, obviously-correct oracle that carries the
source index of every character through each step one character at a time.
"""

from __future__ import annotations

import doctest
import itertools
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsseg.normalize as nz
import newsseg.normalize.aligned as nz_aligned
import newsseg.normalize.arabic as nz_arabic
import newsseg.normalize.steps as nz_steps
from newsseg.normalize import (
    DISPLAY,
    MATCHING,
    AlignedText,
    Normalizer,
    PatternStep,
    Sequence,
    TableStep,
    align,
    chain,
    fold_alef,
    fold_digits,
    fold_hamza,
    fold_ligatures,
    fold_persian,
    fold_punctuation,
    fold_spaces,
    fold_teh_marbuta,
    fold_yeh,
    lowercase_ascii,
    normalize,
    strip_diacritics,
    strip_invisible,
    strip_tatweel,
)
from tests.strategies import (
    MARKER_PHRASES,
    news_like_text,
    noisy_arabic_text,
    normalizer_text,
)

STEPS: list[TableStep] = [
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
]
ONE_TO_ONE = [
    fold_alef,
    fold_yeh,
    fold_persian,
    fold_teh_marbuta,
    fold_hamza,
    fold_digits,
    fold_spaces,
    lowercase_ascii,
]
DELETE_ONLY = [strip_diacritics, strip_tatweel, strip_invisible]
PRESETS: list[Sequence] = [MATCHING, DISPLAY]
ALL: list[Normalizer] = [*STEPS, *PRESETS]

# Pattern steps that shrink, grow and delete, to exercise map composition.
SQUEEZE = PatternStep("squeeze_spaces", r"[ \t]{2,}", " ")
DROP_AL = PatternStep("drop_al", r"\bال", "")
SPELL_PCT = PatternStep("spell_percent", "%", " بالمئة")
SWAP = PatternStep("swap_pair", r"(\d)(\d)", r"\2\1")  # same length: 1:1
DEL_ONE = PatternStep("delete_tatweel_one_by_one", "\u0640", "")  # adjacent edits
PATTERNS: list[Normalizer] = [SQUEEZE, DROP_AL, SPELL_PCT, SWAP, DEL_ONE]
MIXED: list[Normalizer] = [*STEPS, *PATTERNS]


def ids(steps: list[Normalizer] | list[TableStep] | list[Sequence]) -> list[str]:
    return [s.name for s in steps]


# ---------------------------------------------------------------------------
# The oracle: each character carries its source index through every step.
# ---------------------------------------------------------------------------

Tracked = list[tuple[str, int]]


def _oracle_table(step: TableStep, chars: Tracked) -> Tracked:
    table = dict(step.mapping)
    return [(out, src) for ch, src in chars for out in table.get(ch, ch)]


def _oracle_pattern(step: PatternStep, chars: Tracked, n_original: int) -> Tracked:
    text = "".join(c for c, _ in chars)
    out: Tracked = []
    last = 0
    for m in step.pattern.finditer(text):
        s, e = m.span()
        out.extend(chars[last:s])
        assert isinstance(step.repl, str)
        rep = m.expand(step.repl)
        if len(rep) == e - s:
            out.extend((r, chars[s + j][1]) for j, r in enumerate(rep))
        else:
            src = chars[s][1] if s < len(chars) else n_original
            out.extend((r, src) for r in rep)
        last = e
    out.extend(chars[last:])
    return out


def _flat(step: Normalizer) -> list[Normalizer]:
    if isinstance(step, Sequence):
        return [sub for s in step.steps for sub in _flat(s)]
    return [step]


def oracle(text: str, steps: list[Normalizer]) -> tuple[str, list[int]]:
    """Normalized text and ``to_original`` for every offset, the slow way."""
    chars: Tracked = [(c, i) for i, c in enumerate(text)]
    for step in [sub for s in steps for sub in _flat(s)]:
        if isinstance(step, TableStep):
            chars = _oracle_table(step, chars)
        else:
            assert isinstance(step, PatternStep)
            chars = _oracle_pattern(step, chars, len(text))
    return "".join(c for c, _ in chars), [src for _, src in chars] + [len(text)]


def full_map(a: AlignedText) -> list[int]:
    return [a.to_original(i) for i in range(len(a.text) + 1)]


# ---------------------------------------------------------------------------
# Examples, one or more per step
# ---------------------------------------------------------------------------

EXAMPLES = [
    (strip_diacritics, "وَقَالَ الرَّئِيسُ", "وقال الرئيس"),
    (strip_diacritics, "كِتَابٌ جَدِيدٌ", "كتاب جديد"),
    (strip_diacritics, "هٰذا", "هذا"),  # dagger alef
    (strip_diacritics, "رحمه الله\u0612", "رحمه الله"),  # honorific sign
    (strip_diacritics, "ا\u0654", "ا"),  # decomposed hamza above
    (strip_diacritics, "\u06dd١", "\u06dd١"),  # end of ayah stays: it is visible
    (strip_tatweel, "مـــبـــروك", "مبروك"),
    (fold_alef, "أمس إلى آخر ٱلخبر", "امس الى اخر الخبر"),
    (fold_yeh, "مصطفى ومنى", "مصطفي ومني"),
    (fold_yeh, "رئيس", "رئيس"),  # the hamza seat is fold_hamza's business
    (fold_persian, "کابل ی", "كابل ي"),
    (fold_persian, "گزارش پرس", "گزارش پرس"),  # gaf and peh are not folded
    (fold_persian, "ۓ", "ئ"),
    (fold_persian, "صلوۃ", "صلوة"),
    (fold_teh_marbuta, "الحكومة", "الحكومه"),
    (fold_hamza, "المؤتمر الجزائري", "الموتمر الجزايري"),
    (fold_hamza, "جاء", "جاء"),
    (fold_digits, "في ١٢ مايو ۲۰۲۳", "في 12 مايو 2023"),
    (strip_invisible, "\ufeffسياسة\u200c\u200d\u2067عربية\u2069", "سياسةعربية"),
    (strip_invisible, "سطر\tأول\r\nسطر\x0bثان\x00", "سطر\tأول\r\nسطر\x0bثان"),
    (fold_spaces, "الساعة\u00a010\u202fصباحا", "الساعة 10 صباحا"),
    (fold_spaces, "  \u3000", "   "),  # runs are not collapsed
    (fold_punctuation, "نعم، لا؛ ربما؟", "نعم, لا; ربما?"),
    (fold_punctuation, "‘قال’ – “نعم” — ―", "'قال' - \"نعم\" - -"),
    (fold_punctuation, "٣٫٥٪ و١٬٠٠٠", "٣.٥% و١,٠٠٠"),
    (fold_punctuation, "انتهى…", "انتهى..."),
    (fold_ligatures, "ﻻ ﻷ ﻹ ﻵ", "لا لأ لإ لآ"),
    (fold_ligatures, "ﺍﻟﻌﺮﺑﻴﺔ", "العربية"),
    (fold_ligatures, "\ufe70", "\u064b"),  # the spacing tanween loses its space
    (lowercase_ascii, "BBC Arabic ÉTÉ", "bbc arabic ÉtÉ"),  # É is not ASCII
]


@pytest.mark.parametrize(
    ("step", "given_text", "expected"),
    EXAMPLES,
    ids=[f"{s.name}-{i}" for i, (s, _, _) in enumerate(EXAMPLES)],
)
def test_step_example(step: TableStep, given_text: str, expected: str) -> None:
    assert normalize(given_text, step) == expected
    assert align(given_text, step).text == expected


@pytest.mark.parametrize(
    "variant",
    [
        "إقرأ أيضاً",
        "اقرأ ايضا",
        "اقـرأ أيـضـاً",
        "اقرأ أيضًا",
        "اقراْ ايضا",
        "ﺍﻗﺮﺃ ﺃﻳﻀﺎ",
        "\u200fاقرأ أيضا",
    ],
)
def test_marker_variants_match(variant: str) -> None:
    assert normalize(variant) == "اقرا ايضا"


def test_marker_is_found_and_mapped_back_to_the_input() -> None:
    page = "نص الخبر.\nإقـرأ أيضاً: عنوان آخر"
    a = align(page)
    m = re.search("اقرا ايضا", a.text)
    assert m is not None
    start, end = a.span_to_original(*m.span())
    assert page[start:end] == "إقـرأ أيضاً"  # trailing tanween included


def test_persian_yeh_and_kaf_match_arabic() -> None:
    persian = "کلمات دلالیة: الرئیس"
    arabic = "كلمات دلالية: الرئيس"
    assert normalize(persian) == normalize(arabic)
    a = align(persian)
    m = re.search(normalize("الرئيس"), a.text)
    assert m is not None
    assert persian[slice(*a.span_to_original(*m.span()))] == "الرئیس"


def test_digits_fold_in_matching() -> None:
    assert normalize("عام ٢٠٢٤ و١٤٤٥ و۱۴۰۳") == "عام 2024 و1445 و1403"


def test_lam_alef_ligature_expands_and_maps_to_the_ligature() -> None:
    text = "قال ﻻ بد"
    a = align(text, fold_ligatures)
    assert a.text == "قال لا بد"
    lig = text.index("ﻻ")
    assert a.to_original(4) == lig
    assert a.to_original(5) == lig
    assert a.to_original(6) == lig + 1
    # either half of the expansion covers the whole ligature
    assert a.span_to_original(4, 5) == (lig, lig + 1)
    assert a.span_to_original(5, 6) == (lig, lig + 1)
    assert a.span_to_original(4, 6) == (lig, lig + 1)
    assert a.span_to_original(5, 5) == (lig, lig)


def test_word_ligature_expands_to_a_phrase() -> None:
    a = align("النبي ﷺ", MATCHING)
    assert a.text == "النبي صلي الله عليه وسلم"
    start = a.text.index("الله")
    assert a.span_to_original(start, start + 4) == (6, 7)


def test_ellipsis_expansion_maps_to_one_character() -> None:
    text = "وبعد… انتهى"
    a = align(text, fold_punctuation)
    assert a.text == "وبعد... انتهى"
    assert [a.to_original(i) for i in range(4, 8)] == [4, 4, 4, 5]
    assert a.span_to_original(5, 6) == (4, 5)
    assert a.span_to_original(0, 5) == (0, 5)


def test_leading_deletions_point_at_first_kept_character() -> None:
    text = "\u200f\u200eَخبر"
    a = align(text, MATCHING)
    assert a.text == "خبر"
    assert a.to_original(0) == 3
    assert a.span_to_original(0, 3) == (3, 6)


def test_trailing_marks_belong_to_the_letter_before_them() -> None:
    text = "كتابٌ\u200f"
    a = align(text, MATCHING)
    assert a.text == "كتاب"
    assert a.to_original(4) == len(text)
    assert a.span_to_original(3, 4) == (3, len(text))


def test_marks_between_letters_are_inside_spans_not_at_their_start() -> None:
    text = "مُحَمَّد"
    a = align(text, strip_diacritics)
    assert a.text == "محمد"
    assert a.span_to_original(1, 2) == (2, 4)  # ح and its fatha
    assert a.span_to_original(2, 3) == (4, 7)  # م, fatha and shadda
    assert a.span_to_original(0, 0) == (0, 0)
    assert a.span_to_original(1, 1) == (2, 2)


def test_everything_deleted() -> None:
    text = "\u064e\u0651\u0640\u200f"
    a = align(text, MATCHING)
    assert a.text == ""
    assert a.to_original(0) == len(text)
    assert a.span_to_original(0, 0) == (len(text), len(text))


def test_empty_text() -> None:
    a = align("")
    assert a.text == a.original == ""
    assert a.to_original(0) == 0
    assert a.breakpoints == ()


def test_display_is_conservative() -> None:
    text = "قالَ الـرئيس\u00a0«إنّ» ١٢٣ مؤتمر\u200f؟ ﻻ"
    assert normalize(text, DISPLAY) == "قالَ الرئيس «إنّ» ١٢٣ مؤتمر؟ ﻻ"


def test_matching_covers_the_whole_preset_list() -> None:
    text = "ﻷنّ الـرئیس\u200b قال\u00a0«نعم»… ١٠٪ CNN مؤتمر مدرسة مستشفى"
    assert normalize(text) == 'لان الرييس قال "نعم"... 10% cnn موتمر مدرسه مستشفي'


# ---------------------------------------------------------------------------
# The map's storage and validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("step", ONE_TO_ONE, ids=ids(ONE_TO_ONE))
def test_one_to_one_steps_add_no_breakpoints(step: TableStep) -> None:
    a = align("أإآ ى ی ة ؤئ ٠١۲ \u00a0ABC " * 50, step)
    assert a.breakpoints == ()


def test_map_size_follows_the_changes_not_the_text() -> None:
    text = ("خبر عادي بلا تشكيل " * 5000) + "مُهِمّ"
    a = align(text, MATCHING)
    assert len(a.breakpoints) == 3
    assert a.to_original(len(a.text)) == len(text)


def test_breakpoints_are_canonical() -> None:
    # the same map reached by different routes is stored the same way
    text = "بـَـت"
    one = align(text, chain(strip_tatweel, strip_diacritics))
    two = align(text, chain(strip_diacritics, strip_tatweel))
    three = strip_tatweel(strip_diacritics(AlignedText.identity(text)))
    assert one == two == three
    assert one.breakpoints == ((1, 3),)
    # an expansion followed by a deletion: one breakpoint per position
    assert align("…\u200fب", MATCHING).breakpoints == ((1, -1), (2, -2), (3, -1))


def test_aligned_text_validation() -> None:
    assert AlignedText("ابت", "ابت").to_original(2) == 2
    with pytest.raises(ValueError, match="len\\(original\\)"):
        AlignedText("اب", "ابت")
    with pytest.raises(TypeError):
        AlignedText(b"ab", "ab")  # type: ignore[arg-type]


def test_offsets_out_of_range() -> None:
    a = align("سلام")
    with pytest.raises(IndexError, match="out of range"):
        a.to_original(5)
    with pytest.raises(IndexError):
        a.to_original(-1)
    with pytest.raises(IndexError):
        a.span_to_original(3, 2)
    with pytest.raises(IndexError):
        a.span_to_original(0, 5)
    with pytest.raises(TypeError):
        a.to_original(1.5)  # type: ignore[arg-type]


def test_edit_keeps_the_map_and_rejects_bad_edits() -> None:
    a = align("ذَهَبَ الولد", strip_diacritics)
    b = a.edit([(0, 3, "راح"), (4, 6, "")])
    assert b.text == "راح ولد"
    assert b.span_to_original(0, 3) == (0, 6)
    assert b.to_original(4) == 9
    with pytest.raises(ValueError, match="overlapping"):
        a.edit([(0, 3, "x"), (2, 4, "y")])
    with pytest.raises(ValueError, match="out of range"):
        a.edit([(0, 99, "x")])
    with pytest.raises(TypeError):
        a.edit([(0, 1, 5)])  # type: ignore[list-item]
    assert a.edit([]) is a
    # adjacent edits leave one breakpoint per position
    c = AlignedText.identity("ـــب").edit([(0, 1, ""), (1, 2, ""), (2, 3, "")])
    assert c.text == "ب"
    assert c.breakpoints == ((0, 3),)


def test_repr_of_a_long_text_is_short() -> None:
    r = repr(align("نص طويل " * 10_000))
    assert len(r) < 300
    assert "chars>" in r


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [b"\xd8\xa7", None, 5, ["ا"]])
def test_non_str_input_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__) as err:
        align(bad)  # type: ignore[arg-type]
    assert "str" in str(err.value)
    with pytest.raises(TypeError, match=type(bad).__name__):
        normalize(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=type(bad).__name__):
        AlignedText.identity(bad)  # type: ignore[arg-type]


def test_bytes_input_suggests_decoding() -> None:
    with pytest.raises(TypeError, match="decode"):
        normalize("نص".encode())  # type: ignore[arg-type]


def test_steps_want_an_aligned_text() -> None:
    with pytest.raises(TypeError, match=r"AlignedText.*align"):
        fold_alef("أحمد")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="AlignedText"):
        MATCHING("أحمد")  # type: ignore[arg-type]


def test_bad_normalizers_are_type_errors() -> None:
    with pytest.raises(TypeError, match="Normalizer"):
        chain(object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="iterable"):
        Sequence("fold_alef")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Normalizer"):
        align("نص", "MATCHING")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="single characters"):
        TableStep("bad", {"ab": "c"})
    with pytest.raises(TypeError, match="str"):
        PatternStep("bad", "ا", 3)  # type: ignore[arg-type]


class _Broken:
    name = "broken"

    def __call__(self, text: AlignedText) -> AlignedText:
        return "oops"  # type: ignore[return-value]


class _Forgetful:
    name = "forgetful"

    def __call__(self, text: AlignedText) -> AlignedText:
        return AlignedText.identity(text.text + "!")


def test_a_misbehaving_user_normalizer_is_reported() -> None:
    with pytest.raises(TypeError, match="'broken' returned str"):
        align("نص", _Broken())
    with pytest.raises(ValueError, match="another input"):
        align("نص", chain(strip_tatweel, _Forgetful()))


@pytest.mark.parametrize("text", ["\ud800", "ا\udfffب", "\x00", "\x00\u064e\ud83d", "😀ﻻ😀", ""])
@pytest.mark.parametrize("n", ALL, ids=ids(ALL))
def test_any_str_is_accepted(text: str, n: Normalizer) -> None:
    a = align(text, n)
    assert normalize(text, n) == a.text
    assert a.to_original(len(a.text)) == len(text)


# ---------------------------------------------------------------------------
# User normalizers and pattern steps
# ---------------------------------------------------------------------------


class _Abbrev:
    """A user's own normalizer: expands the abbreviation ``د.`` (doctor)."""

    name = "expand_dr"

    def __call__(self, text: AlignedText) -> AlignedText:
        return text.edit((m.start(), m.end(), "دكتور ") for m in re.finditer(r"\bد\. ?", text.text))


def test_user_normalizer_chains_with_builtins() -> None:
    text = "قال د. أحمد"
    n = chain(_Abbrev(), MATCHING)
    assert normalize(text, n) == "قال دكتور احمد"
    a = align(text, n)
    assert a.text == "قال دكتور احمد"
    assert a.span_to_original(4, 9) == (4, 7)
    assert a.original[slice(*a.span_to_original(10, 14))] == "أحمد"


def test_pattern_step_with_a_function() -> None:
    step = PatternStep("upper_ascii", re.compile("[a-z]+"), lambda m: m.group().upper())
    assert normalize("خبر bbc", step) == "خبر BBC"
    assert align("خبر bbc", step).breakpoints == ()


def test_sequence_fuses_tables() -> None:
    assert len(MATCHING._plan) == 1
    mixed = chain(strip_tatweel, fold_alef, SQUEEZE, fold_yeh, chain(fold_hamza, strip_diacritics))
    assert [type(s).__name__ for s in mixed._plan] == ["TableStep", "PatternStep", "TableStep"]
    assert (
        mixed.name == "strip_tatweel+fold_alef+squeeze_spaces+fold_yeh+fold_hamza+strip_diacritics"
    )


# ---------------------------------------------------------------------------
# Tables and docs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", ALL, ids=ids(ALL))
def test_tables_are_idempotent_by_construction(n: Normalizer) -> None:
    (table_step,) = [s for s in nz.Sequence([n])._plan if isinstance(s, TableStep)]
    table = dict(table_step.mapping)
    produced = {c for v in table.values() for c in v}
    assert not produced & set(table), "a step produces characters it would change again"


def test_presentation_form_table_is_nfkc_of_the_blocks() -> None:
    table = dict(fold_ligatures.mapping)
    assert 600 < len(table) < 800
    assert all(0xFB50 <= ord(k) <= 0xFDFF or 0xFE70 <= ord(k) <= 0xFEFF for k in table)
    assert table["\ufefb"] == "لا"
    assert table["\ufdf2"] == "الله"
    assert "\ufeff" not in table  # the BOM is strip_invisible's


def test_doctests_run_and_pass() -> None:
    attempted = 0
    for module in (nz, nz_aligned, nz_steps, nz_arabic):
        result = doctest.testmod(module)  # strict: no ELLIPSIS, "..." is real text here
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted >= 50


@pytest.mark.parametrize("name", nz.__all__)
def test_every_public_name_has_an_example(name: str) -> None:
    obj = getattr(nz, name)
    doc = obj.doc if isinstance(obj, (TableStep, Sequence)) else obj.__doc__
    assert doc, f"{name} has no documentation"
    assert ">>>" in doc, f"{name} has no example"


def test_all_is_sorted_and_complete() -> None:
    public = {n for n in vars(nz) if not n.startswith("_")}
    assert set(nz.__all__) <= public
    for name in ("align", "normalize", "chain", "AlignedText", "MATCHING", "DISPLAY"):
        assert name in nz.__all__


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

# Short texts over a few characters that every step changes in some way:
# they reach the corner cases of map composition (a deletion right before an
# expansion, an expansion at the very end...) far sooner than long texts.
dense = st.text(alphabet="اب َـ\u200f\u00a0ﻻ…ﷺ%٣أ\t", max_size=10)
texts = st.one_of(normalizer_text(), noisy_arabic_text(), news_like_text(6), dense)


@given(text=texts, n=st.sampled_from(ALL))
def test_idempotent(text: str, n: Normalizer) -> None:
    once = align(text, n).text
    assert align(once, n).text == once
    assert normalize(once, n) == once


@given(text=texts, n=st.sampled_from([*ALL, *PATTERNS]))
def test_map_is_monotone_in_range_and_anchored(text: str, n: Normalizer) -> None:
    a = align(text, n)
    m = full_map(a)
    assert all(0 <= o <= len(text) for o in m)
    assert all(x <= y for x, y in itertools.pairwise(m))
    assert m[-1] == len(text)
    # to_original(0) is 0 unless leading characters were deleted
    first = m[0]
    assert normalize(text[:first], n) == ""
    if a.text and not isinstance(n, PatternStep):
        assert normalize(text[first], n) != ""


@given(text=texts, n=st.sampled_from(ONE_TO_ONE))
def test_one_to_one_steps_keep_length(text: str, n: TableStep) -> None:
    a = align(text, n)
    assert len(a.text) == len(text)
    assert full_map(a) == list(range(len(text) + 1))


@given(text=texts, n=st.sampled_from(DELETE_ONLY))
def test_deletion_steps_keep_characters_in_place(text: str, n: TableStep) -> None:
    a = align(text, n)
    for i, ch in enumerate(a.text):
        assert text[a.to_original(i)] == ch


@given(text=texts, n=st.sampled_from(ALL))
def test_kept_character_comes_from_a_character_that_normalizes_to_it(
    text: str, n: Normalizer
) -> None:
    a = align(text, n)
    first_of: dict[int, int] = {}
    for i, ch in enumerate(a.text):
        o = a.to_original(i)
        f = first_of.setdefault(o, i)
        assert normalize(text[o], n)[i - f] == ch


@given(text=texts, steps=st.lists(st.sampled_from(MIXED), min_size=1, max_size=4))
def test_stored_map_is_canonical(text: str, steps: list[Normalizer]) -> None:
    bps = align(text, Sequence(steps)).breakpoints
    positions = [p for p, _ in bps]
    deltas = [0] + [d for _, d in bps]
    assert positions == sorted(set(positions))
    assert all(a != b for a, b in itertools.pairwise(deltas))


@pytest.mark.parametrize("text", ["َﻻ", "…\u200f", "ﻻَ", "َ…َ", "ﷺ\u200f", "\u200f%ﻻ", "ﻻ"])
@pytest.mark.parametrize("first", MIXED, ids=ids(MIXED))
@pytest.mark.parametrize("second", MIXED, ids=ids(MIXED))
def test_pairs_on_edit_corners(text: str, first: Normalizer, second: Normalizer) -> None:
    stepwise = second(first(AlignedText.identity(text)))
    assert align(text, chain(first, second)) == stepwise
    assert (stepwise.text, full_map(stepwise)) == oracle(text, [first, second])


@given(text=texts, n=st.sampled_from([*ALL, *PATTERNS]))
def test_normalize_equals_align_text(text: str, n: Normalizer) -> None:
    assert normalize(text, n) == align(text, n).text


@given(text=texts, n=st.sampled_from(ALL))
def test_map_equals_the_oracle(text: str, n: Normalizer) -> None:
    expected_text, expected_map = oracle(text, [n])
    a = align(text, n)
    assert a.text == expected_text
    assert full_map(a) == expected_map


@given(
    text=texts,
    steps=st.lists(st.sampled_from(MIXED), min_size=1, max_size=4),
)
def test_chaining_equals_sequence_and_the_oracle(text: str, steps: list[Normalizer]) -> None:
    stepwise = AlignedText.identity(text)
    for step in steps:
        stepwise = step(stepwise)
    together = align(text, Sequence(steps))
    assert together == stepwise  # same text, same (canonical) map
    expected_text, expected_map = oracle(text, steps)
    assert together.text == expected_text
    assert full_map(together) == expected_map


@given(text=texts, a_step=st.sampled_from(STEPS), b_step=st.sampled_from(STEPS))
def test_chain_of_two_equals_applying_them_in_turn(
    text: str, a_step: TableStep, b_step: TableStep
) -> None:
    assert align(text, chain(a_step, b_step)) == b_step(a_step(AlignedText.identity(text)))


@given(text=texts, n=st.sampled_from(ALL), data=st.data())
def test_spans_cover_whole_input_characters(text: str, n: Normalizer, data: st.DataObject) -> None:
    a = align(text, n)
    size = len(a.text)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    os, oe = a.span_to_original(start, end)
    assert 0 <= os <= oe <= len(text)
    if start == end:
        assert os == oe == a.to_original(start)
        return
    src = full_map(a)
    assert os == src[start]
    # the span covers the input of every character in text[start:end] ...
    assert oe > src[end - 1]
    # ... and what it covers normalizes to a stretch containing that text
    assert a.text[start:end] in normalize(text[os:oe], n)
    # ... ending on a kept character (or the end): deleted marks are included
    assert oe == len(text) or normalize(text[oe], n) != ""
    # ... and no further than the input character of text[end - 1] and the
    # characters deleted after it
    assert normalize(text[src[end - 1] + 1 : oe], n) == ""


@given(text=news_like_text())
def test_every_marker_phrase_is_found_at_its_input_span(text: str) -> None:
    a = align(text)
    for phrase in MARKER_PHRASES:
        for m in re.finditer(re.escape(normalize(phrase)), a.text):
            s, e = a.span_to_original(*m.span())
            assert normalize(text[s:e]) == m.group()


def _apply_all(text: str, steps: list[Normalizer], fn: Callable[[str, Normalizer], str]) -> str:
    for step in steps:
        text = fn(text, step)
    return text


@given(text=texts)
def test_matching_equals_its_steps_one_by_one(text: str) -> None:
    assert normalize(text, MATCHING) == _apply_all(text, list(MATCHING.steps), normalize)


# Characters every built-in table changes, with a few it leaves alone: texts
# drawn from them reach the many-distinct and long-text fallbacks of _apply too.
def _matching_table() -> TableStep:
    step = MATCHING._plan[0]
    assert isinstance(step, TableStep)
    return step


_TABLE = _matching_table()
_CHANGED = sorted(_TABLE._compiled().values)
_changing_text = st.text(alphabet=st.sampled_from([*_CHANGED, "ب", "ا", " ", "x"]), max_size=200)


@given(_changing_text)
def test_table_fast_path_equals_translate(s: str) -> None:
    compiled = _TABLE._compiled()
    assert nz_steps._apply(s, compiled) == s.translate(compiled.translate)


@given(_changing_text, st.sampled_from([0, 3, 10_000]))
def test_table_fast_path_bounds_keep_the_result(s: str, distinct: int) -> None:
    compiled = _TABLE._compiled()
    old = nz_steps._FAST_MAX_DISTINCT, nz_steps._FAST_MAX_CHARS
    try:
        nz_steps._FAST_MAX_DISTINCT, nz_steps._FAST_MAX_CHARS = distinct, 50
        assert nz_steps._apply(s, compiled) == s.translate(compiled.translate)
    finally:
        nz_steps._FAST_MAX_DISTINCT, nz_steps._FAST_MAX_CHARS = old


def test_table_with_a_changed_output_translates_at_once() -> None:
    # أ -> ا then ا -> ب: replacing one after another would give ب for أ
    step = TableStep("chain", {"أ": "ا", "ا": "ب"})
    assert step._compiled().keys is None
    assert normalize("أا", step) == "اب"


@given(texts, st.lists(st.integers(0, 80), max_size=30))
def test_norm_offsets_equals_norm_index(s: str, raw: list[int]) -> None:
    import newsseg
    from newsseg.engine.draft import Draft, norm_offsets

    d = Draft.from_text(s, newsseg.Lexicon.default().compile())
    offsets = sorted(min(o, len(s)) for o in raw)
    expected = [d.norm_index(o) for o in offsets]
    assert norm_offsets(d.norm, offsets) == expected
    # started at the first offset's run (Draft.pieces does, for linear time)
    assert norm_offsets(d.norm, offsets, inverse=d._inverse_map()) == expected


@given(st.text(alphabet="ab ـَّﷺﻻ", max_size=40), st.lists(st.integers(0, 50), max_size=20))
def test_norm_offsets_from_a_run_with_expansions_and_deletions(
    s: str, raw: list[int]
) -> None:
    # a pattern step maps a long replacement back to one character, a table
    # step deletes marks and expands a ligature: runs whose deltas fall and rise
    import newsseg
    from newsseg.engine.draft import Draft, norm_offsets
    from newsseg.normalize import MATCHING, PatternStep, chain

    expand = PatternStep("saw", "ﷺ", "صلى الله عليه وسلم")
    normalizer = chain(expand, MATCHING)
    d = Draft.from_text(s, newsseg.Lexicon.default().compile(normalizer), normalizer=normalizer)
    offsets = sorted(min(o, len(s)) for o in raw)
    expected = [d.norm_index(o) for o in offsets]
    assert norm_offsets(d.norm, offsets) == expected
    assert norm_offsets(d.norm, offsets, inverse=d._inverse_map()) == expected
