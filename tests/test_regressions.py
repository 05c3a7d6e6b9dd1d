"""Inputs that once hung, exhausted memory or crashed newsseg, each kept as a test
named after what it found (found by tests/test_patterns.py, tests/test_hostile.py
and the fuzzers in fuzz/). Each input is small enough to run in a blink now,
and large enough that the old code took seconds or minutes on it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import newsseg
from newsseg import views
from newsseg.engine import shape as _shape
from newsseg.formats.html import head as html_head
from newsseg.rules.text import blocks, stubs
from tests.test_hostile import BODY, assert_linear, check_document

REPO = Path(__file__).resolve().parents[1]


def _linear_pattern(run: object, unit: str, k: int) -> None:
    assert_linear(lambda n: unit * n + "\x02x", k, fn=run)  # type: ignore[arg-type]


def test_sentence_end_on_a_run_of_dots_stays_linear() -> None:
    # an earlier `[.!?…:]+…$` searched from every dot of a run: 100,000 dots took minutes
    _linear_pattern(_shape.TERMINAL.search, ".", 20_000)
    assert _shape.ends_sentence("قال." + "." * 50_000) is True


def test_site_suffix_on_a_run_of_spaces_was_quadratic() -> None:
    # `\s+[-|–—]…$` on a title line with 100,000 spaces took 99 s
    _linear_pattern(blocks._SITE_SUFFIX.search, " ", 20_000)
    check_document(newsseg.segment("عنوان" + " " * 200_000 + "خبر\n" + BODY))


def test_strip_and_tag_separators_on_runs_of_spaces_were_quadratic() -> None:
    _linear_pattern(lambda s: views._STRIP.sub("", "ا" + s), " ", 20_000)
    _linear_pattern(views._TAG_SEP.split, " ", 20_000)
    _linear_pattern(html_head._SPLIT_TAGS.split, " ", 20_000)
    assert views._TAG_SEP.split("أ , , ب") == ["أ", "", "ب"]
    assert html_head._SPLIT_TAGS.split("أ , ,ب") == ["أ", "", "ب"]


@pytest.mark.slow
def test_a_line_of_timestamp_stubs_was_quadratic_then_out_of_memory() -> None:
    # `^(?:\s*(?:اليوم|…)…)+\s*$`: 166,000 repeats took 60 s; made possessive,
    # the regex module ran out of memory at 3 million; now bounded
    stub = stubs.STUB(newsseg.Lexicon.default().compile())
    _linear_pattern(stub.match, "اليوم ", 20_000)
    stub.match("اليوم " * 3_000_000)
    assert stub.match("اليوم 12:27 اليوم 09:18")
    check_document(newsseg.segment(BODY + "\n" + "اليوم " * 500_000))


def test_meta_pattern_prefix_of_brackets_was_quadratic() -> None:
    # `^\W*\(?(اعداد|…)` with the V1 flag backtracked quadratically over " ( ( ( …"
    lex = newsseg.Lexicon.default().compile()
    _linear_pattern(lex.pattern, " (", 20_000)


def test_a_backtracking_user_pattern_raises_a_lexicon_error_not_timeout_error() -> None:
    # lexicon.pattern_match let the regex module's TimeoutError escape segment()
    lex = newsseg.Lexicon.default().with_group(
        newsseg.Group("mine", "meta", "pattern", patterns=[r"^(\w|\w\w)+$"])
    )
    with pytest.raises(newsseg.LexiconError, match="mine"):
        newsseg.segment("ك" * 40 + "!", lexicon=lex)


def test_cli_output_in_an_ascii_console_crashed() -> None:
    page = REPO / "tests" / "cases"
    r = subprocess.run(
        [sys.executable, "-m", "newsseg", "--example", "--clean"],
        capture_output=True, timeout=60, check=False, cwd=page,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "ascii"},
    )
    assert r.returncode == 0, r.stderr
    assert b"\\u" in r.stdout



def test_headline_views_cut_a_marker_of_the_callers_lexicon() -> None:
    """The views once cut a marker opening a headline with the default lexicon only."""
    lex = newsseg.Lexicon.default().add("related", ["ذو صلة"])
    d = newsseg.Draft.from_text("ذو صلة: الوزير يعد بدعم المكتبات العامة\n• عنوان آخر",
                                lex.compile())
    for b in d.blocks:
        d.label(b, "related", "mine")
    doc = d.to_document()
    assert doc.related == ("الوزير يعد بدعم المكتبات العامة", "عنوان آخر")
    assert [s.value for s in doc.segments] == ["الوزير يعد بدعم المكتبات العامة", None]
    # the value is in the document: a round trip through JSON keeps the view
    assert newsseg.Document.from_dict(doc.to_dict()).related == doc.related
    # with the default lexicon the phrase is no marker: the headline keeps it
    d = newsseg.Draft.from_text("ذو صلة: الوزير يعد بدعم المكتبات العامة",
                                newsseg.Lexicon.default().compile())
    d.label(d.blocks[0], "related", "mine")
    assert d.to_document().related == ("ذو صلة: الوزير يعد بدعم المكتبات العامة",)
