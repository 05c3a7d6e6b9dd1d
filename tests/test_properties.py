"""Invariants of ``segment`` that must hold for every input."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsseg
from newsseg import Kind

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
TATWEEL = "\u0640"

word = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=9)
sentence = st.lists(word, min_size=1, max_size=30).map(" ".join).flatmap(
    lambda s: st.sampled_from(["", ".", "؟", ":", "!"]).map(lambda p: s + p)
)
MARKER_LINES = [
    "اقرأ أيضا:", "إقرأ أيضاً:", "مقالات مشابهة", "المصدر: وكالات", "كلمات دلالية: اقتصاد، نفط",
    "الأكثر قراءة", "(وكالات)", "جميع الحقوق محفوظة", "• عنوان خبر", "اليوم 12:30", "بقلم كاتب",
    "pic.twitter.com/abc", "-----",
]
line = st.one_of(sentence, st.sampled_from(MARKER_LINES), st.just(""))
news_text = st.lists(line, max_size=25).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n", "   ", " "]).map(lambda sep: sep.join(lines))
)
any_text = st.one_of(news_text, st.text(max_size=300))


def _check_invariants(text: str) -> newsseg.Document:
    doc = newsseg.segment(text)
    assert doc.text == text
    last = 0
    covered = bytearray(len(text))
    for s in doc.segments:
        assert isinstance(s.kind, Kind)
        assert last <= s.start < s.end <= len(text), (s, last)
        assert text[s.start : s.end] == s.text
        assert s.rule
        covered[s.start : s.end] = b"\1" * (s.end - s.start)
        last = s.end
    for i, ch in enumerate(text):
        if not covered[i] and not (i == 0 and ch == "\ufeff"):  # a leading BOM is no content
            assert ch.isspace(), f"non-space character {ch!r} at {i} is in no segment"
    return doc


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_segments_slice_sorted_disjoint_covering(text: str) -> None:
    _check_invariants(text)


@given(st.text(max_size=200))
def test_never_raises_on_any_str(text: str) -> None:
    _check_invariants(text)


@given(news_text)
def test_deterministic_and_json_round_trip(text: str) -> None:
    a, b = newsseg.segment(text), newsseg.segment(text)
    assert a == b
    assert newsseg.Document.from_dict(json.loads(json.dumps(a.to_dict()))) == a


def _decorate(marker: str, data: st.DataObject) -> str:
    out = []
    for ch in marker:
        out.append(ch)
        if ch in ARABIC_LETTERS and data.draw(st.booleans()):
            out.append(data.draw(st.sampled_from([TATWEEL, *DIACRITICS])))
    return "".join(out)


BODY = "أعلنت الشركة اليوم عن نتائجها المالية للربع الثالث وسط توقعات بنمو الأرباح خلال العام المقبل."


@given(
    st.sampled_from([
        ("اقرأ أيضا: عنوان خبر آخر", Kind.READ_ALSO),
        ("مقالات ذات صلة", Kind.RELATED),
        ("المصدر: وكالة الأنباء", Kind.SOURCE),
        ("كلمات دلالية: الاقتصاد", Kind.TAGS),
        ("الأكثر قراءة", Kind.RELATED),
    ]),
    st.data(),
)
def test_diacritics_and_tatweel_inside_markers_keep_the_kind(
    case: tuple[str, Kind], data: st.DataObject
) -> None:
    marker, kind = case
    plain = newsseg.segment(f"{BODY}\n{marker}")
    noisy_marker = _decorate(marker, data)
    noisy = newsseg.segment(f"{BODY}\n{noisy_marker}")
    assert plain.segments[-1].kind is kind
    assert noisy.segments[-1].kind is kind
    assert noisy.segments[-1].text == noisy_marker


@given(st.sampled_from(["ی", "ک", "ى"]))
def test_letter_variants_in_markers(variant: str) -> None:
    marker = "كلمات دلالية: الرئيس".replace("ي", variant) if variant != "ک" else \
        "كلمات دلالية: الرئيس".replace("ك", "ک")
    doc = newsseg.segment(f"{BODY}\n{marker}")
    assert doc.segments[-1].kind is Kind.TAGS
