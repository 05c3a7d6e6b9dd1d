"""Hostile input: every class of bad page gives a Document, or one documented
exception (:class:`newsseg.InputError`, :class:`newsseg.LexiconError`), in time
linear in its size, and nothing is fetched. The promise is ``docs/robustness.md``.

Times are compared, never held against a wall-clock threshold: the CPU time of
a page 10x as large must grow at most :data:`FACTOR` times (linear: about 10;
quadratic: about 100). These timing screens and the full-size cases (a 50 MB
line, a million lines, a 20 MB HTML page) are marked ``slow``: the default run
skips them, ``NEWSSEG_SLOW=1 python -m pytest`` (what CI runs) runs them too;
the other tests use a few MB.
"""

from __future__ import annotations

import json
import random
import socket
import time
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsseg
from newsseg import InputError, Kind, LexiconError, Limits
from newsseg.formats.decode import decode
from newsseg.lexicon import Group, Lexicon
from newsseg.normalize import DISPLAY, MATCHING, align, normalize
from tests.strategies import (
    BIDI_MARKS,
    CONTROLS,
    LONE_SURROGATES,
    NONCHARACTERS,
    OTHER_SCRIPTS,
    hostile_html,
    hostile_text,
    news_html,
    news_like_text,
)
from tests.support import check_document

#: Growth of the CPU time for 10x the input above which a case fails.
FACTOR = 25
#: Timings under this many CPU seconds are noise: the input grows first.
FLOOR = 0.02

slow = [pytest.mark.slow]  # skipped unless NEWSSEG_SLOW=1 (see tests/conftest.py)

BODY = "نص الخبر الأول عن الطقس والأمطار الغزيرة في المدينة اليوم وغدا."


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def cpu(fn: Callable[[Any], object], arg: Any, repeat: int = 2) -> float:
    """Least CPU seconds of ``repeat`` calls of ``fn(arg)``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn(arg)
        best = min(best, time.process_time() - t0)
    return best


def assert_linear(
    build: Callable[[int], Any], k: int, fn: Callable[[Any], object] = newsseg.segment
) -> tuple[float, float]:
    """``fn(build(10k))`` costs at most FACTOR times ``fn(build(k))``; ``k`` first
    grows until the small case costs FLOOR (so the ratio is not noise)."""
    small = cpu(fn, build(k))
    while small < FLOOR and k < 10**7:
        k *= 4
        small = cpu(fn, build(k))
    large = cpu(fn, build(10 * k), repeat=1)
    if large > FACTOR * small:  # once more, to rule out a busy machine
        small, large = cpu(fn, build(k), repeat=3), cpu(fn, build(10 * k), repeat=2)
    assert large <= FACTOR * small, (
        f"10x the input cost {large / small:.0f}x the time ({small:.3f}s -> {large:.3f}s "
        f"at k={k}): not linear"
    )
    return small, large


def repeat_to(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _phrases() -> list[tuple[str, str]]:
    return [(g.name, p) for g in Lexicon.default().groups for p in g.phrases]


# ---------------------------------------------------------------------------
# empty and whitespace-only
# ---------------------------------------------------------------------------

WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n", "\r\n" * 100, "\t \n" * 1000, WHITESPACE, WHITESPACE * 50, "\n" * 100_000],
    ids=["empty", "space", "newline", "crlf", "mixed", "every-space", "every-space-x50", "lines"],
)
def test_whitespace_only_gives_no_segments(text: str) -> None:
    doc = check_document(newsseg.segment(text), text)
    assert doc.segments == ()
    assert newsseg.clean(text) == ""
    html = check_document(newsseg.segment_html(text))
    assert html.segments == ()
    assert check_document(newsseg.segment_html(text.encode("utf-8"))).segments == ()


@pytest.mark.parametrize("text", ["\u200b", "\u200f\u200e" * 10, "\ufeff", "\u2060\u00ad"])
def test_invisible_only(text: str) -> None:
    check_document(newsseg.segment(text), text)
    check_document(newsseg.segment_html(text))


# ---------------------------------------------------------------------------
# one very long line
# ---------------------------------------------------------------------------

LINE_UNITS = [
    "كلمة ", "ا", "ا.", ". ", " ", "-", "(", '"', "…", "\u0640", "\u064e", "؟",
    "اليوم ", "اليوم 12:27 ", BODY + "  اقرأ أيضا: عنوان خبر  ", "* ", "\x01",
    "pic.twitter.com/a ", "• عنوان ", "a@b.", "© ", "(وكالات) ",
    # a menu, then an inline marker: each marker is checked against the menus
    # before it
    "الرئيسية اخبار رياضة اقتصاد فن كلمة اقرأ أيضا عنوان ",
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("unit", LINE_UNITS, ids=[repr(u)[:24] for u in LINE_UNITS])
def test_one_long_line_is_linear(unit: str) -> None:
    assert_linear(lambda n: repeat_to(unit, n), 20_000)


def test_a_few_mb_on_one_line() -> None:
    text = repeat_to(BODY + " ", 3_000_000)  # ~5.5 MB of UTF-8
    check_document(newsseg.segment(text), text)


@pytest.mark.parametrize("unit", ["كلمة ", "ا", "ا."])
def test_50_mb_on_one_line(unit: str) -> None:
    text = repeat_to(unit, 50_000_000)
    doc = newsseg.segment(text)
    assert doc.text == text
    assert doc.segments
    assert sum(len(s.text) for s in doc.segments) <= len(text)


for _mark in slow:
    test_50_mb_on_one_line = _mark(test_50_mb_on_one_line)


# Lines that are cut into pieces (a gap, a marker inside), on a page whose
# offset map has a breakpoint at every mark: each piece's offsets must cost the
# breakpoints it spans, not all those before it.
MARKED_CUT_LINE = ("وَقَالَ المُتَحَدِّثُ إِنَّ الخُطَّةَ سَتَبْدَأُ قَرِيبًا فِي المُدُنِ.  "
                   "اقرأ أيضا: عنوان خبر آخر عن الاقتصاد\n")


@pytest.mark.slow
def test_cut_lines_with_marks_are_linear() -> None:
    assert_linear(lambda n: MARKED_CUT_LINE * n, 200)


# ---------------------------------------------------------------------------
# millions of tiny lines
# ---------------------------------------------------------------------------

TINY_LINES = ["ا\n", "نص\n", "المزيد\n", "* ا\n", "اليوم 12:27\n", "•\n", "1\n", "اقرأ أيضا\n"]


@pytest.mark.slow
@pytest.mark.parametrize("unit", TINY_LINES, ids=[repr(u) for u in TINY_LINES])
def test_many_tiny_lines_are_linear(unit: str) -> None:
    assert_linear(lambda n: BODY + "\n" + unit * n, 2_000)


def test_over_max_lines_is_an_input_error_that_says_what_to_do() -> None:
    text = "ا\n" * 1001
    with pytest.raises(InputError, match=r"Limits\.max_lines") as e:
        newsseg.segment(text, limits=Limits(max_lines=1000))
    assert "limits=Limits(max_lines=" in str(e.value)
    newsseg.segment(text, limits=Limits(max_lines=1001))
    # blank lines are not counted
    check_document(newsseg.segment("ا\n\n\n" * 500, limits=Limits(max_lines=500)))


def test_default_max_lines_rejects_before_working() -> None:
    text = "ا\n" * (newsseg.DEFAULT_LIMITS.max_lines + 1)
    t0 = time.process_time()
    with pytest.raises(InputError):
        newsseg.segment(text)
    assert time.process_time() - t0 < cpu(newsseg.segment, "ا\n" * 20_000) * 50 + 1


def test_a_million_lines() -> None:
    text = "نص\n" * 1_000_000
    doc = newsseg.segment(text)
    assert len(doc.segments) >= 1


for _mark in slow:
    test_a_million_lines = _mark(test_a_million_lines)


# ---------------------------------------------------------------------------
# NUL and other controls
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("ch", list(CONTROLS), ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character(ch: str) -> None:
    for text in (
        ch,
        ch * 1000,
        f"{ch}{BODY}\n{ch}اقرأ أيضا: عنوان{ch}\nالمصدر:{ch} وكالات",
        ch.join(BODY.split()),
        f"{BODY}\n" + ch * 3 + " صورة",
    ):
        check_document(newsseg.segment(text), text)
        check_document(newsseg.segment_html(f"<p>{text}</p>"))
        data = f"<p>{text}</p>".encode()
        if binary_by_rule(data):  # as bytes, mostly control characters: binary data
            with pytest.raises(InputError, match=r"^binary data, not a text page"):
                newsseg.segment_html(data)
        else:
            check_document(newsseg.segment_html(data))


def binary_by_rule(data: bytes) -> bool:
    """The documented rule (docs/robustness.md): more than 1%, and at least 8,
    of the bytes are C0 controls other than tab, LF, VT, FF, CR, ESC and the
    separators FS, GS, RS, US. (Pages with a byte-order mark, or in UTF-16, are
    judged by their characters; none is made here.)"""
    controls = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B)])
    n = len(data) - len(data.translate(None, controls))
    return n >= 8 and n > len(data) / 100


def test_nul_everywhere() -> None:
    text = "\x00".join(newsseg.EXAMPLE_PAGE)
    doc = check_document(newsseg.segment(text), text)
    assert any(s.kind is Kind.BODY for s in doc.segments)


# ---------------------------------------------------------------------------
# lone surrogates, noncharacters, mixed scripts, bidi marks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("ch", list(LONE_SURROGATES + NONCHARACTERS))
def test_lone_surrogates_and_noncharacters(ch: str) -> None:
    for text in (ch, ch * 500, f"{BODY}{ch}\nالمصدر: {ch}", f"اقرأ{ch} أيضا: {ch}"):
        doc = check_document(newsseg.segment(text), text)
        assert ch in "".join(s.text for s in doc.segments)  # nothing lost
    check_document(newsseg.segment_html(f"<p>{ch}{BODY}</p>"))
    assert normalize(ch * 3) == ch * 3
    assert align(ch).to_original(1) == 1


def test_mixed_scripts_and_bidi_marks_everywhere() -> None:
    rng = random.Random(5)
    marks = BIDI_MARKS + OTHER_SCRIPTS
    text = "".join(c + (rng.choice(marks) if rng.random() < 0.5 else "") for c in newsseg.EXAMPLE_PAGE)
    check_document(newsseg.segment(text), text)
    check_document(newsseg.segment_html("<p>" + text.replace("\n", "</p><p>") + "</p>"))


@pytest.mark.parametrize("mark", list(BIDI_MARKS), ids=[f"U+{ord(c):04X}" for c in BIDI_MARKS])
def test_a_marker_read_through_bidi_marks(mark: str) -> None:
    line = mark.join("اقرأ أيضا: عنوان خبر آخر")
    doc = check_document(newsseg.segment(f"{BODY}\n{line}"))
    assert doc.segments[-1].kind is Kind.READ_ALSO


# ---------------------------------------------------------------------------
# every marker alone, repeated, in quotes, at the start and the end
# ---------------------------------------------------------------------------


def _marker_pages(phrase: str) -> Iterator[str]:
    yield phrase
    yield phrase + ":"
    yield "\n".join([phrase] * 30)
    yield " ".join([phrase] * 30)
    yield phrase * 30
    yield f"«{phrase}»"
    yield f'"«"{phrase}"»"'
    yield f"({phrase}: «{phrase}»)"
    yield f"{phrase}: {BODY}\n{BODY}"
    yield f"{BODY}\n{BODY}\n{phrase}"
    yield f"{BODY}  {phrase}: عنوان  {BODY}"
    yield "\n".join(f"{phrase}: عنوان {i}" for i in range(20))


@pytest.mark.parametrize(("group", "phrase"), _phrases(), ids=[f"{g}:{p}" for g, p in _phrases()])
def test_every_marker_alone_repeated_quoted_at_start_and_end(group: str, phrase: str) -> None:
    for text in _marker_pages(phrase):
        check_document(newsseg.segment(text), text)


def _marker_units() -> dict[str, str]:
    units: dict[str, str] = {}
    for g in Lexicon.default().groups:
        if not g.phrases:
            continue
        p = g.phrases[0]
        units[f"{g.name} alone"] = p + "\n"
        units[f"{g.name} field"] = p + ": عنوان خبر\n"
        units[f"{g.name} inline"] = f"{BODY}  {p}: عنوان خبر  "
        units[f"{g.name} quoted"] = f"«{p}»\n"
        units[f"{g.name} glued"] = p + " "
    units.update({
        "credit star": "* نص\n", "stub": "اليوم 12:27\n", "bullet": "• عنوان\n",
        "paragraph": BODY + "\n", "paragraph + credit": f"{BODY}\n*نص\n",
        "embed": "pic.twitter.com/abc\n", "dateline": "القاهرة - خاص\n",
        "teaser": "هل تنجح خطة الري الجديدة في مصر؟ أعلنت الوزارة أمس عن خطة.\n",
        "related + paragraph": f"مقالات ذات صلة\n{BODY}\n", "tag run": f"المعرض\nالكتاب\n{BODY}\n",
        "controls": "\x01\x02 نص\n", "site suffix": "عنوان - Site\n",
    })  # fmt: skip
    return units


MARKER_UNITS = _marker_units()


@pytest.mark.slow
@pytest.mark.parametrize("unit", list(MARKER_UNITS.values()), ids=list(MARKER_UNITS))
def test_repeated_markers_are_linear(unit: str) -> None:
    assert_linear(lambda n: f"{BODY}\n" + unit * n, 100)


# ---------------------------------------------------------------------------
# limits and documented errors
# ---------------------------------------------------------------------------


def test_over_max_chars_is_an_input_error_that_says_what_to_do() -> None:
    with pytest.raises(InputError, match=r"Limits\.max_chars") as e:
        newsseg.segment("ا" * 101, limits=Limits(max_chars=100))
    assert "segment(text, limits=Limits(max_chars=202))" in str(e.value)
    with pytest.raises(InputError, match=r"Limits\.max_chars"):
        newsseg.clean("ا" * 101, limits=Limits(max_chars=100))
    assert newsseg.segment("ا" * 100, limits=Limits(max_chars=100)).segments


@pytest.mark.parametrize("value", [None, 12, ["list"], 1.5])
def test_wrong_types_are_input_errors(value: object) -> None:
    with pytest.raises(InputError, match="takes str or bytes"):
        newsseg.segment(value)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="takes str or bytes"):
        newsseg.clean(value)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="takes str or bytes"):
        newsseg.segment_html(value)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="takes str"):
        newsseg.TEXT_PIPELINE.run(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10", True])
def test_limits_must_be_positive_ints(bad: object) -> None:
    with pytest.raises(InputError, match="positive int"):
        Limits(max_chars=bad)  # type: ignore[arg-type]


def test_a_backtracking_pattern_in_a_users_lexicon_is_a_lexicon_error() -> None:
    lex = Lexicon.default().with_group(
        Group("mine", "meta", "pattern", patterns=[r"^(\w|\w\w)+$"])
    )
    text = "ك" * 40 + "!"
    with pytest.raises(LexiconError, match="mine") as e:
        newsseg.segment(text, lexicon=lex)
    assert "backtrack" in str(e.value)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_random_bytes_to_segment_html(seed: int) -> None:
    data = random.Random(seed).randbytes(random.Random(seed).randint(0, 5000))
    assert not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
    if binary_by_rule(data):  # random bytes are about 9% controls: refused as binary
        with pytest.raises(InputError, match=r"^binary data, not a text page"):
            newsseg.segment_html(data)
    else:
        check_document(newsseg.segment_html(data))


def test_truncated_multibyte_sequences() -> None:
    page = f"<html><body><h1>عنوان</h1><p>{BODY}</p><p>😀 ﷺ</p></body></html>".encode()
    for cut in range(len(page) + 1):
        check_document(newsseg.segment_html(page[:cut]))
    for cut in range(0, len(page), 7):  # a byte dropped mid-sequence
        check_document(newsseg.segment_html(page[:cut] + page[cut + 1 :]))


@pytest.mark.parametrize("closed", [True, False])
def test_html_nested_100000_deep(closed: bool) -> None:
    depth = 100_000
    page = "<div>" * depth + f"<p>{BODY}</p>" + ("</div>" * depth if closed else "")
    doc = check_document(newsseg.segment_html(page))
    assert BODY in doc.text
    mixed = "".join(f"<{t}>" for t in ["div", "span", "b", "section"] * (depth // 4)) + BODY
    assert BODY in check_document(newsseg.segment_html(mixed)).text


def test_html_nested_as_deep_as_libxml2_keeps_the_text() -> None:
    page = "<div>" * 1000 + f"<p>{BODY}</p>" + "</div>" * 1000
    assert BODY in check_document(newsseg.segment_html(page)).text


def test_html_depth_is_linear() -> None:
    def page(d: int) -> str:
        return "<div>" * d + BODY + "</div>" * d

    assert_linear(page, 2_000, fn=newsseg.segment_html)


DEEP_REGION_PAGE = (
    "<html><head><title>عنوان الصفحة - موقع المثال</title></head><body>"
    "<nav><ul><li><a href='/'>الرئيسية</a></li><li><a href='/s'>رياضة</a></li></ul></nav>"
    f"<article><h1>افتتاح الجسر الجديد فوق النهر</h1><p>{BODY}</p>"
    "<div class='box'>{deep}<p>فقرة في أعماق الصفحة الأولى</p><p>فقرة في أعماق الصفحة الثانية</p>"
    "{close}</div>"
    "<p>وأضاف المهندس أن الجسر يختصر الطريق بين الضفتين إلى عشر دقائق فقط.</p></article>"
    "<footer><p>جميع الحقوق محفوظة لموقع المثال</p></footer></body></html>"
)


@pytest.mark.parametrize("tags", [["div"], ["div", "span", "b", "section"]], ids=["div", "mixed"])
@pytest.mark.parametrize("closed", [True, False])
def test_html_nested_deep_in_one_region_keeps_the_rest(tags: list[str], closed: bool) -> None:
    depth = 20_000
    opening = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth)))
    page = DEEP_REGION_PAGE.format(deep=opening, close=closing if closed else "")
    doc = check_document(newsseg.segment_html(page))
    lines = doc.text.split("\n")
    # the deep paragraphs: kept, each a line of its own
    assert "فقرة في أعماق الصفحة الأولى" in lines
    assert "فقرة في أعماق الصفحة الثانية" in lines
    # and the page around them keeps its structure
    assert doc.title == "افتتاح الجسر الجديد فوق النهر"
    assert doc.of_kind("title")[0].path == "/html/body/article/h1"
    nav = [s for s in doc.segments if s.text == "الرئيسية"]
    assert nav
    assert nav[0].kind is Kind.BOILERPLATE
    assert nav[0].path.startswith("/html/body/nav")
    assert BODY in doc.article
    footer = [s for s in doc.segments if "جميع الحقوق محفوظة" in s.text]
    assert footer
    assert footer[0].kind is Kind.BOILERPLATE
    after = [s for s in doc.segments if "يختصر الطريق" in s.text]
    assert after
    if closed:  # out of the deep region again: a paragraph of the article
        assert after[0].path == "/html/body/article/p[2]"
        assert after[0].kind is Kind.BODY
        assert footer[0].path.startswith("/html/body/footer")


def test_html_too_deep_for_libxml2_loses_no_word() -> None:
    inner = (
        "<h2>عنوان فرعي</h2><p>السطر الأول<br>السطر الثاني</p><ul><li>بند أول<li>بند ثان</ul>"
        "<table><tr><td>خانة<td>أخرى<tr><td>صف ثان</table><p>نهاية <b>الفقرة</b> هنا"
    )
    shallow_doc = newsseg.segment_html(f"<div>{inner}</div>")
    deep_doc = check_document(newsseg.segment_html("<div>" * 5_000 + inner))
    assert sorted(deep_doc.text.split()) == sorted(shallow_doc.text.split())
    assert "السطر الأول" in deep_doc.text.split("\n")


def test_html_too_deep_for_libxml2_drops_scripts_and_resolves_nothing(
    no_network: list[object],
) -> None:
    deep = "<div>" * 5_000
    page = (
        '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body>'
        f"{deep}<p>{BODY} &x; &amp; &#1575;</p><script>var secret = '<p>سر</p>';</script>"
        "<style>p { color: red }</style><svg><text>رسم</text></svg>"
        "<textarea>نص <b>الحقل</b></textarea><!-- تعليق <p>مخفي</p> --></body></html>"
    )
    doc = check_document(newsseg.segment_html(page))
    assert f"{BODY} &x; & ا" in doc.text  # character references only
    assert "root:" not in doc.text
    for hidden in ("secret", "سر", "color", "رسم", "تعليق", "مخفي"):
        assert hidden not in doc.text
    assert "نص <b>الحقل</b>" in doc.text  # a textarea's content is text
    assert no_network == []


def test_html_too_deep_for_libxml2_is_linear() -> None:
    def page(d: int) -> str:
        return "<div><span>" * d + f"<p>{BODY}</p>" * (d // 100)

    assert_linear(page, 3_000, fn=newsseg.segment_html)


def test_only_pages_too_deep_for_libxml2_are_rewritten(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsseg.formats.html import dom

    calls: list[int] = []
    real = dom.shallow

    def spy(page: str, bound: int = dom.FALLBACK_DEPTH) -> str:
        calls.append(bound)
        return real(page, bound)

    monkeypatch.setattr(dom, "shallow", spy)
    for page in ("<div>" * 1000 + BODY, _big_html(200_000), newsseg.EXAMPLE_PAGE, ""):
        newsseg.segment_html(page)
    assert calls == []
    assert BODY in newsseg.segment_html("<div>" * 3000 + BODY).text
    assert calls == [dom.FALLBACK_DEPTH]


def test_shallow_keeps_the_page_as_it_is_within_the_bound() -> None:
    from newsseg.formats.html.dom import extract, parse, shallow

    page = _big_html(20_000) + "<p>a < b &amp; c<br/>د</p><img src=x/><div/><p title='x>y'>هـ"
    assert extract(parse(shallow(page, 10**6))).text == extract(parse(page)).text
    # past the bound: the text, a line break for each block element
    assert shallow("<div><div><p>أ</p><p>ب<i>ج</i></p></div></div>", 1) == (
        "<div>\nأ\nبج\n</div>"
    )


def test_html_over_max_lines_is_an_input_error_that_says_what_to_do() -> None:
    page = "<p>ا</p>" * 1001
    with pytest.raises(InputError, match=r"Limits\.max_lines") as e:
        newsseg.segment_html(page, limits=Limits(max_lines=1000))
    assert "segment_html() got 1_001 lines of visible text" in str(e.value)
    assert "segment_html(page, limits=Limits(max_lines=2_002))" in str(e.value)
    assert len(newsseg.segment_html(page, limits=Limits(max_lines=1001)).segments) >= 1
    # lines without visible text are not counted
    blank = "<p> </p><div>\n</div><script>x</script>" * 2000 + "<p>ا</p>"
    check_document(newsseg.segment_html(blank, limits=Limits(max_lines=1)))
    with pytest.raises(InputError, match=r"Limits\.max_lines"):
        newsseg.segment_html(page.encode(), limits=Limits(max_lines=10))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to open a connection is recorded and refused."""
    calls: list[object] = []

    def refuse(self: socket.socket, address: object, *a: object) -> None:
        calls.append(address)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    return calls


ENTITY_PAYLOADS = {
    "file": '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    "http": '<!DOCTYPE html [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
    "public-dtd": '<!DOCTYPE html PUBLIC "-//X//DTD X//EN" "http://127.0.0.1:9/x.dtd">',
    "parameter": '<!DOCTYPE html [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    "xml-decl": '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    "xinclude": "",
}


@pytest.mark.parametrize("kind", list(ENTITY_PAYLOADS))
def test_external_entities_are_never_resolved(kind: str, no_network: list[object]) -> None:
    body = (
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>'
        if kind == "xinclude" else f"<p>{BODY} &x;</p>"
    )
    page = ENTITY_PAYLOADS[kind] + f"<html><body><h1>عنوان</h1>{body}<img src='http://127.0.0.1:9/i.png'></body></html>"
    for data in (page, page.encode()):
        doc = check_document(newsseg.segment_html(data))
        assert "root:" not in doc.text
        assert "/bin/" not in doc.text
        assert "root:" not in json.dumps(doc.to_dict())
    assert no_network == []


def test_billion_laughs() -> None:
    lol = "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    page = f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{lol}]><html><body><p>&lol9;</p><p>{BODY}</p></body></html>'
    t0 = time.process_time()
    doc = check_document(newsseg.segment_html(page))
    assert len(doc.text) < 10_000
    assert time.process_time() - t0 < 60
    doc = check_document(newsseg.segment_html(page.encode()))
    assert len(doc.text) < 10_000


@pytest.mark.parametrize(
    "charset", ["x-no-such-charset", "utf-7", "", "utf-16", "\x00", "a" * 500, "utf-8\"><p>x", "cp1256"]
)
def test_meta_charset_naming_an_unknown_or_odd_encoding(charset: str) -> None:
    page = f'<html><head><meta charset="{charset}"></head><body><p>{BODY}</p></body></html>'
    doc = check_document(newsseg.segment_html(page.encode("utf-8")))
    assert BODY in doc.text
    check_document(
        newsseg.segment_html(
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}"><p>{BODY}</p>'.encode()
        )
    )
    check_document(newsseg.segment_html(b"<p>x</p>", encoding=charset or None))


def _big_html(n_bytes: int) -> str:
    para = f"<p>{BODY}</p>\n"
    parts = ['<html><head><meta charset="utf-8"><title>عنوان</title></head><body><article><h1>عنوان الخبر</h1>']
    blocks = ["<div class='related'><h3>مقالات ذات صلة</h3><ul><li><a href='/x'>عنوان</a></li></ul></div>",
              "<nav><a href='/'>الرئيسية</a></nav>", "<div><div><span>المصدر: وكالات</span></div></div>"]
    size = 0
    i = 0
    while size < n_bytes:
        piece = para if i % 4 else blocks[(i // 4) % 3]
        parts.append(piece)
        size += len(piece.encode())
        i += 1
    return "".join(parts) + "</article></body></html>"


def test_html_size_is_linear() -> None:
    assert_linear(lambda n: _big_html(n), 50_000, fn=newsseg.segment_html)


def _short_lines_html(n_bytes: int) -> str:
    """An article whose paragraphs alternate with short lines (credits, captions)."""
    para = f"<p>{BODY}</p>"
    short = "<p>تصوير محمد علي</p>"
    unit = para + short
    return "<html><body><h1>عنوان الخبر</h1><article>" + unit * (n_bytes // len(unit.encode()) + 1) + "</article></body></html>"


def test_html_many_short_lines_in_the_body_are_linear() -> None:
    # the photo-credit check sliced the text up to each short line: quadratic
    assert_linear(lambda n: _short_lines_html(n), 300_000, fn=newsseg.segment_html)


def test_a_2_mb_html_page() -> None:
    page = _big_html(2_000_000).encode()
    doc = check_document(newsseg.segment_html(page))
    assert doc.of_kind("body")


def test_a_20_mb_html_page() -> None:
    page = _big_html(20_000_000).encode()
    doc = check_document(newsseg.segment_html(page))
    assert doc.of_kind("body")


for _mark in slow:
    test_a_20_mb_html_page = _mark(test_a_20_mb_html_page)


def test_over_max_html_bytes_is_an_input_error() -> None:
    page = _big_html(5000)
    with pytest.raises(InputError, match=r"Limits\.max_html_bytes") as e:
        newsseg.segment_html(page.encode(), limits=Limits(max_html_bytes=1000))
    assert "segment_html(page, limits=Limits(max_html_bytes=" in str(e.value)
    with pytest.raises(InputError, match=r"Limits\.max_html_bytes"):
        newsseg.segment_html(page, limits=Limits(max_html_bytes=1000))


# ---------------------------------------------------------------------------
# properties over the public functions
# ---------------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(hostile_text())
def test_segment_and_clean_on_hostile_text(text: str) -> None:
    doc = check_document(newsseg.segment(text), text)
    cleaned = newsseg.clean(text)
    kept = [s.text.strip() for s in doc.segments if s.kind in (Kind.TITLE, *newsseg.ARTICLE_KINDS)]
    assert cleaned == "\n\n".join(kept)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(news_like_text())
def test_segment_html_of_the_text_as_paragraphs(text: str) -> None:
    from html import escape

    page = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    doc = check_document(newsseg.segment_html(page))
    words = [w for line in text.split("\n") for w in line.split()]
    plain = [w for w in words[:50] if all(unicodedata.category(c)[0] == "L" for c in w)]
    assert all(w in doc.text for w in plain)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(hostile_html())
def test_segment_html_on_hostile_bytes(data: bytes) -> None:
    try:
        doc = newsseg.segment_html(data)
    except InputError:  # random bytes: binary data, refused in one clear message
        with pytest.raises(InputError, match=r"^binary data, not a text page: \d+ of its"):
            decode(data)
        return
    check_document(doc)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(news_html())
def test_segment_html_on_news_html(page: str) -> None:
    a = check_document(newsseg.segment_html(page))
    assert a == newsseg.segment_html(page.encode("utf-8"))


@given(hostile_text(), st.sampled_from([MATCHING, DISPLAY]))
def test_normalizers_on_hostile_text(text: str, normalizer: Any) -> None:
    a = align(text, normalizer)
    assert a.text == normalize(text, normalizer)
    n = len(a.text)
    offsets = [a.to_original(i) for i in range(n + 1)]
    assert offsets == sorted(offsets)
    assert offsets[-1] == len(text)
    assert all(0 <= o <= len(text) for o in offsets)


@given(hostile_text(60))
def test_lexicon_matchers_on_hostile_text(text: str) -> None:
    lex = Lexicon.default().compile()
    ntext = normalize(text)
    for line in ntext.split("\n"):
        mk = lex.head(line)
        assert mk is None or 0 <= mk.start <= mk.end <= len(line)
        lex.line(line)
        lex.contains(line)
        lex.pattern(line)
        for m in lex.inline(line):
            assert 0 <= m.start <= m.end <= len(line)


@pytest.mark.slow
def test_normalizers_are_linear() -> None:
    for unit in ("\u064e", "ا\u064e", "…", "ﻻ", "\u200f", "\ufdfa"):
        assert_linear(lambda n, u=unit: repeat_to(u, n), 100_000, fn=align)
