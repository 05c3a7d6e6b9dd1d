"""Quality floor on the shared gold corpus, and the scorer's agreement with score.py.

``benchmarks/evaluate.py`` scores newsseg on the shared corpus (``../shared/corpus``
beside the repository, or ``$NEWSSEG_CORPUS``); a figure below its floor in
:data:`FLOORS` fails. Everything here is skipped, with the reason, when the corpus
is absent. The scorer's own definitions are checked against the corpus's
``score.py`` (``../shared/tools/score.py``) when that file is there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import newsseg
from tests.support import load_file

# Floors for the means over the corpus pages of one format, as evaluate.py reports them.
# "max_failures" is a ceiling: pages on which newsseg raised (they also score zero).
FLOORS: dict[str, dict[str, Any]] = {
    # Text pages (61), measured 2026-12-02 after the unseen-sites work (#11):
    # P .990 R .999 F1 .994 clean .901 char .984; kinds title .890 meta .930
    # caption .649 teaser .937 source .933 tags .75 read_also .874 related .988
    # secondary 1.00. Each floor is that figure cut to three decimals (all at
    # or above the targets: P and R .98, clean .85, title, source,
    # read_also and related .85), so a change that costs a page fails here.
    "text": {
        "max_failures": 0,
        "article_P": 0.99,
        "article_R": 0.999,
        "article_F1": 0.994,
        "clean": 0.901,
        "char_acc": 0.984,
        "kind_F1": {
            "title": 0.89,
            "meta": 0.93,
            "caption": 0.649,
            "teaser": 0.937,
            "source": 0.933,
            "tags": 0.75,
            "read_also": 0.874,
            "related": 0.988,
            "secondary": 1.0,
        },
    },
    # HTML pages (9), measured 2026-12-02: P .995 R 1.000 F1 .997 clean 1.00;
    # kinds title 1.00 meta .963 caption 1.00 teaser 1.00 source 1.00
    # tags .983 read_also .965 related .999.
    "html": {
        "max_failures": 0,
        "article_P": 0.995,
        "article_R": 1.0,
        "article_F1": 0.997,
        "clean": 1.0,
        "kind_F1": {
            "title": 1.0,
            "meta": 0.963,
            "caption": 1.0,
            "teaser": 1.0,
            "source": 1.0,
            "tags": 0.983,
            "read_also": 0.965,
            "related": 0.999,
        },
    },
}

REPO = Path(__file__).resolve().parents[1]
SCORE_PY = REPO.parent / "shared" / "tools" / "score.py"


@pytest.fixture(scope="module")
def evaluate() -> ModuleType:
    return load_file(REPO / "benchmarks" / "evaluate.py", "_newsseg_bench_evaluate")


@pytest.fixture(scope="module")
def score_py() -> ModuleType:
    if not SCORE_PY.is_file():
        pytest.skip(f"score.py not found at {SCORE_PY}")
    return load_file(SCORE_PY, "_newsseg_shared_score")


def _newsseg_entry(fmt: str) -> Callable[..., Any]:
    """newsseg's entry point for ``fmt``."""
    return newsseg.segment_html if fmt == "html" else newsseg.segment


def _html_pages(corpus: Path) -> list[Path]:
    return sorted((corpus / "pages").glob("*.html"))


# ------------------------------------------------------------------ floors


@pytest.fixture(scope="module", params=["text", "html"])
def measured(
    request: pytest.FixtureRequest, shared_corpus: Path, evaluate: ModuleType
) -> tuple[str, dict[str, Any]]:
    fmt: str = request.param
    _newsseg_entry(fmt)
    if fmt == "html":
        pytest.importorskip("lxml", reason="the visible text of HTML pages needs lxml")
    summary: dict[str, Any] = evaluate.evaluate(shared_corpus, only=fmt)
    if not summary["pages"]:
        pytest.skip(f"the corpus at {shared_corpus} has no {fmt} pages")
    return fmt, summary


def _shortfalls(summary: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    out = []
    if summary["failures"] > floors["max_failures"]:
        out.append(f"failures {summary['failures']} > {floors['max_failures']}")
    for key, floor in floors.items():
        if key in ("max_failures", "kind_F1"):
            continue
        value = summary[key]
        if math.isnan(value) or value < floor:
            out.append(f"{key} {value:.3f} < {floor}")
    for kind, floor in floors["kind_F1"].items():
        value = summary["kind_F1"].get(kind)
        if value is None:
            out.append(f"kind_F1[{kind}] missing: neither gold nor newsseg has it on any page")
        elif value < floor:
            out.append(f"kind_F1[{kind}] {value:.3f} < {floor}")
    return out


def test_corpus_floor(measured: tuple[str, dict[str, Any]]) -> None:
    fmt, summary = measured
    shortfalls = _shortfalls(summary, FLOORS[fmt])
    figures = json.dumps(
        {k: v for k, v in summary.items() if k not in ("seconds", "pages_per_s", "MB_per_s")},
        ensure_ascii=False,
    )
    assert not shortfalls, f"{fmt} pages below the floor: {'; '.join(shortfalls)}\n{figures}"


def test_floors_name_known_kinds(evaluate: ModuleType) -> None:
    for fmt, floors in FLOORS.items():
        assert set(floors["kind_F1"]) <= set(evaluate.SCORED_KINDS), fmt


# ---------------------------------------------- agreement with score.py


_TRICKY_HTML = [
    "<p>a<br>b</p>c",
    "<div>x<!-- hidden -->y<script>z()</script>w</div>",
    "<ul><li>one</li><li> two\u00a0 three </li></ul><span>tail</span>",
    "<html><head><title>T</title><style>p{}</style></head><body>"
    "<svg><text>no</text></svg>after<table><tr><td>1</td><td>2</td></tr></table></body></html>",
    "<p>&amp; &lt;b&gt; <b>bold</b><i>it</i></p><template><p>t</p></template>x",
    "<div><p>deep<div>er</div>tail</p></div>",
    "<?php echo 1; ?><p>pi</p>",
    "<label>L<select><option>o1</option><option>o2</option></select></label>",
]


def test_visible_text_matches_score_py_on_made_up_html(
    evaluate: ModuleType, score_py: ModuleType
) -> None:
    pytest.importorskip("lxml")
    for page in _TRICKY_HTML:
        assert evaluate.visible_text(page) == score_py.visible_text(page), page


def test_visible_text_matches_score_py_on_corpus(
    shared_corpus: Path, evaluate: ModuleType, score_py: ModuleType
) -> None:
    pytest.importorskip("lxml")
    pages = _html_pages(shared_corpus)
    if not pages:
        pytest.skip(f"no HTML pages in {shared_corpus}")
    differ = [
        p.name
        for p in pages
        if evaluate.visible_text(p.read_text(encoding="utf-8"))
        != score_py.visible_text(p.read_text(encoding="utf-8"))
    ]
    assert not differ, f"visible text differs from score.py's on {differ}"


def test_scores_match_score_py_on_corpus(
    shared_corpus: Path, evaluate: ModuleType, score_py: ModuleType
) -> None:
    """The same predictions get the same figures, page by page, from both scorers."""
    pytest.importorskip("lxml")
    pages = evaluate.load_corpus(shared_corpus)
    assert pages, f"no pages in {shared_corpus}"
    for page in pages:
        gold = {"id": page.id, "format": page.format, "segments": page.gold}
        whole_lines = evaluate.predict_everything(page.page, page.format)
        as_gold = [
            (s["kind"], page.text[s["start"] : s["end"]], s["start"], s["end"]) for s in page.gold
        ]
        # Gold kinds on a crude split: every other line body, the rest kept as gold says.
        shuffled = [("body" if i % 2 else k, t, None, None) for i, (k, t, *_) in enumerate(as_gold)]
        for predicted in (whole_lines, as_gold, shuffled, []):
            theirs = score_py.score_page(gold, page.page, predicted)
            ours = dict(evaluate.score_page(page, predicted))
            assert ours == theirs, page.id
