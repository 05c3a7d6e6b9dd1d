"""Invariants of pages that lost their line breaks: cuts inside a line.

A one-line page is cut at sentence ends, around markers, dates, menus and
share bars (``newsseg/rules/text/runon.py``, the ``blocks`` stage). Whatever the
cuts, offsets stay exact and every character is covered; a marker inside the
line comes out as a segment that starts at the marker, whatever diacritics
and tatweel it carries; and a body made of plain sentences is never cut into
another kind.
"""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

import newsseg
from newsseg import Kind
from newsseg.rules.text.runon import place_dashes, sentence_cuts
from tests.support import check_document

# The words inside a sentence (its opener comes first, from OPENERS).
WORDS = [
    "الحكومة", "اليوم", "عن", "خطة", "جديدة", "لدعم", "المزارعين", "في", "المناطق",
    "الريفية", "الوزير", "إن", "المشروع", "سيبدأ", "الشهر", "المقبل", "بتمويل", "محلي",
    "أن", "التكلفة", "تبلغ", "مليون", "دينار", "وسط", "ترحيب", "واسع", "من", "الأهالي",
]  # fmt: skip
DIACRITICS = "\u064b\u064c\u064e\u064f\u0650\u0651\u0652"
TATWEEL = "\u0640"

# A news sentence opens with a verb or a conjunction and ends with a full stop.
OPENERS = ["وقال", "وأضاف", "أعلنت", "وأشار", "كما", "وأوضح", "كشفت"]
sentence = st.tuples(
    st.sampled_from(OPENERS), st.lists(st.sampled_from(WORDS), min_size=7, max_size=21)
).map(lambda t: " ".join([t[0], *t[1]]) + ".")
body = st.lists(sentence, min_size=2, max_size=8)
# (marker line, its kind): each comes out as a segment of its own inside a line
MARKERS = [
    ("اقرأ أيضا: ارتفاع أسعار القمح في الأسواق العالمية", Kind.READ_ALSO),
    ("المصدر: وكالة الأنباء الوطنية", Kind.SOURCE),
    ("كلمات دلالية: الزراعة، القمح، الأسواق", Kind.TAGS),
]


def _decorate(text: str, marks: list[bool]) -> str:
    """Put a diacritic or a tatweel after the Arabic letters where ``marks`` says."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and marks[i % len(marks)]:
            out.append(TATWEEL if i % 3 else DIACRITICS[i % len(DIACRITICS)])
    return "".join(out)


@given(body, st.sampled_from(["", "  ", "\u00a0"]))
def test_a_one_line_body_is_body_with_exact_offsets(sentences: list[str], pad: str) -> None:
    text = pad + " ".join(sentences) + pad
    doc = check_document(newsseg.segment(text), text)
    assert {s.kind for s in doc.segments} <= {Kind.BODY, Kind.TITLE, Kind.SUBHEADING}
    assert "".join(doc.article.split()) in "".join(text.split())


@given(body, st.sampled_from(MARKERS), st.integers(min_value=1, max_value=8),
       st.lists(st.booleans(), min_size=1, max_size=7))
def test_a_marker_inside_a_line_is_cut_at_its_offset(
    sentences: list[str], marker: tuple[str, Kind], at: int, marks: list[bool]
) -> None:
    line, kind = marker
    line = _decorate(line, marks)
    at = min(at, len(sentences))  # after the first sentence: a page opens with its text
    if kind in (Kind.SOURCE, Kind.TAGS):
        at = len(sentences)  # fields close the article
    parts = [*sentences[:at], line, *sentences[at:]]
    text = " ".join(parts)
    doc = check_document(newsseg.segment(text), text)
    start = len(" ".join(parts[:at])) + (1 if at else 0)
    found = [s for s in doc.segments if s.start == start]
    assert found, f"no segment starts at the marker (offset {start})"
    assert found[0].kind is kind, (found[0].kind, found[0].text)
    # the sentences around it stay the article's
    for s in sentences:
        assert "".join(s.split()) in "".join(doc.article.split())


@given(st.text(alphabet=" .!?؟…\"»)اب", max_size=60))
def test_sentence_cuts_fall_after_punctuation_before_a_space(text: str) -> None:
    for i in sentence_cuts(text):
        assert 0 < i < len(text)
        assert text[i - 1] in ".!?؟…\"'»”)]"
        assert text[i].isspace()


@given(st.lists(st.sampled_from(["a", "b", " ", "  ", "\t", "\u00a0", "\n", "\u2003"]),
                max_size=60).map("".join), st.integers(1, 8))
def test_words_are_flagged_a_piece_at_a_time_as_all_at_once(text: str, chunk: int) -> None:
    from newsseg.rules.text import runon

    words = frozenset({"b", "ab"})
    whole = bytes(map(words.__contains__, text.split()))
    saved = runon._WORDS_CHUNK
    runon._WORDS_CHUNK = chunk  # pieces of a few characters instead of 64 K
    try:
        assert runon._word_flags(words, text) == whole
    finally:
        runon._WORDS_CHUNK = saved


_PLACE_DASH = regex.compile(r"(?:^|(?<=\s))(?P<place>\S+?)\s*[-–—]\s*(?=\w)")


@given(st.text(alphabet=["ا", "ب", "ق", " ", "-", "–", "—", ":", "1", "\n", ".", "\t"],
               max_size=30), st.data())
def test_place_dashes_find_what_the_pattern_finds(text: str, data: st.DataObject) -> None:
    """``place_dashes`` (a scan of the dashes) finds the places and dashes the
    pattern it replaced found by trying every word start, but a "place" that
    is itself made of dashes."""
    start = data.draw(st.integers(0, len(text)))
    stop = data.draw(st.integers(start, len(text)))
    want = [(m.start("place"), m.end()) for m in _PLACE_DASH.finditer(text, start, stop)
            if not regex.search(r"[-–—]", m.group("place"))]
    assert place_dashes(text, start, stop) == want
