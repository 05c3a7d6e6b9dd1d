"""``newsseg evaluate``: scoring on one's own labelled pages, with score.py's figures.

The figures are checked against the shared corpus's ``score.py`` (skipped, with
the reason, when it is not beside the repository), on the example gold of
``examples/gold``, on the shared corpus, and on made-up pages with the shapes
that could make two scorers differ (CRLF line ends, marks, comments, scripts).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsseg.io import evaluate as ev

REPO = Path(__file__).resolve().parents[1]
SCORE_PY = REPO.parent / "shared" / "tools" / "score.py"
EXAMPLES = REPO / "examples"
FIGURES = ("pages", "failures", "article_P", "article_R", "article_F1", "clean", "char_acc")


def newsseg_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "newsseg", *args], capture_output=True, text=True,
        env=env, cwd=cwd, timeout=300, check=False,
    )


def score_py(gold: Path, pages: Path, predictor: str, *, path: Path | None = None) -> dict[str, Any]:
    """score.py's JSON summary of ``predictor`` on ``gold``/``pages``."""
    if not SCORE_PY.is_file():
        pytest.skip(f"score.py not found at {SCORE_PY}")
    pythonpath = os.pathsep.join(str(p) for p in (path, REPO) if p)
    r = subprocess.run(
        [sys.executable, str(SCORE_PY), "--gold", str(gold), "--pages", str(pages),
         "--predictor", predictor, "--json"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": pythonpath},
        cwd=path or REPO, timeout=300, check=False,
    )
    assert r.returncode == 0, r.stderr
    out: dict[str, Any] = json.loads(r.stdout)
    return out


def ours(gold: Path, pages: Path, *extra: str, cwd: Path | None = None) -> dict[str, Any]:
    r = newsseg_cli("evaluate", "--gold", str(gold), "--pages", str(pages), "--json", *extra,
                    cwd=cwd)
    assert r.returncode == 0, r.stderr
    out: dict[str, Any] = json.loads(r.stdout)
    return out


def assert_same_figures(a: dict[str, Any], b: dict[str, Any]) -> None:
    for key in FIGURES:
        x, y = a[key], b[key]
        assert (math.isnan(x) and math.isnan(y)) or x == y, (key, x, y)
    assert a["kind_F1"] == b["kind_F1"]


# ------------------------------------------------------------ the examples


def test_examples_gold_is_valid() -> None:
    r = newsseg_cli("evaluate", "--gold", str(EXAMPLES / "gold"), "--pages",
                    str(EXAMPLES / "pages"), "--check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 gold files, 0 with errors" in r.stdout


def test_examples_figures() -> None:
    """The hand gold says ``(رافد)`` is the source line; newsseg keeps it as body."""
    s = ours(EXAMPLES / "gold", EXAMPLES / "pages")
    assert set(FIGURES) | {"kind_F1"} <= set(s)
    assert s["pages"] == 2
    assert s["failures"] == 0
    assert s["article_R"] == 1.0
    assert s["article_P"] < 1.0
    assert s["kind_F1"]["source"] == 0.5  # right on the HTML page, missed on the text page
    pages = ev.load_corpus(EXAMPLES / "gold", EXAMPLES / "pages")
    text_page = next(p for p in pages if p.format == "text")
    extra = len(ev.tokens("(رافد)"))
    gold_words = sum(len(ev.tokens(text_page.text[g["start"]:g["end"]]))
                     for g in text_page.gold if g["kind"] in ev.ARTICLE)
    assert s["article_P"] == pytest.approx((1 + gold_words / (gold_words + extra)) / 2)


def test_examples_match_score_py() -> None:
    gold, pages = EXAMPLES / "gold", EXAMPLES / "pages"
    assert_same_figures(ours(gold, pages), score_py(gold, pages, "newsseg"))


def test_per_page_json_and_text() -> None:
    gold, pages = str(EXAMPLES / "gold"), str(EXAMPLES / "pages")
    r = newsseg_cli("evaluate", "--gold", gold, "--pages", pages, "--json", "--per-page")
    rows = json.loads(r.stdout)["per_page"]
    assert [row["id"] for row in rows] == ["desalination-plant", "fuel-prices"]
    assert "char_acc" in rows[1]
    assert "char_acc" not in rows[0]
    r = newsseg_cli("evaluate", "--gold", gold, "--pages", pages, "--per-page", "--only", "text")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].startswith("fuel-prices ")
    assert "newsseg: 1 pages, 0 failures" in r.stdout


# ------------------------------------------------------- the shared corpus


def test_shared_corpus_matches_score_py(shared_corpus: Path) -> None:
    gold, pages = shared_corpus / "gold", shared_corpus / "pages"
    assert_same_figures(ours(gold, pages), score_py(gold, pages, "newsseg"))


def test_own_pipeline_matches_score_py(shared_corpus: Path, tmp_path: Path) -> None:
    """``--pipeline module:object`` scores a weaker pipeline as score.py scores the same."""
    (tmp_path / "mypipes.py").write_text(
        "import newsseg\n"
        "TEXT = newsseg.TEXT_PIPELINE.without('markers', 'dates')\n"
        "HTML = newsseg.HTML_PIPELINE.without('markers')\n"
        "BOTH = {'text': TEXT, 'html': HTML}\n"
        "def predict(page, fmt):\n"
        "    if fmt == 'html':\n"
        "        return [(s.kind.value, s.text) for s in newsseg.segment_html(page, pipeline=HTML)]\n"
        "    return [(s.kind.value, s.text, s.start, s.end)\n"
        "            for s in newsseg.segment(page, pipeline=TEXT)]\n",
        encoding="utf-8",
    )
    gold, pages = shared_corpus / "gold", shared_corpus / "pages"
    mine = ours(gold, pages, "--pipeline", "mypipes:BOTH", cwd=tmp_path)
    theirs = score_py(gold, pages, "mypipes:predict", path=tmp_path)
    assert_same_figures(mine, theirs)
    default = ours(gold, pages)
    assert mine["article_F1"] != default["article_F1"]  # the pipeline was really used
    assert mine["predictor"] == "mypipes:BOTH"


# ---------------------------------------------------- made-up hard pages

_P1 = "وقالت الوزارةُ في بيانٍ إن أعمالَ الصيانة ستستمر حتى نهاية الشهر الجاري في جميع المحافظات."
_P2 = "وأضاف المتحدث أن الفرق الفنية تعمل على مدار الساعة لإعادة الخدمة إلى الأحياء المتضررة."


def _made_up_corpus(root: Path) -> tuple[Path, Path]:
    gold, pages = root / "gold", root / "pages"
    gold.mkdir()
    pages.mkdir()
    text = "\r\n".join([
        "عاجـــل: انقطاع المياه عن أحياء في المدينة", "الرياض - متابعات", "", _P1, "",
        "اقرأ أيضاً: ارتفاع أسعار الخضار في الأسواق", _P2, "المصدر: وكالات",
        "الوسوم: المياه، الصيانة", "جميع الحقوق محفوظة",
    ])
    (pages / "crlf.txt").write_bytes(text.encode("utf-8"))
    html = (
        "<html><head><title>خبر</title><script>var x = '<p>لا</p>';</script></head><body>"
        "<nav>الرئيسية | محليات</nav><h1>انقطاع <b>المياه</b> عن أحياء</h1><!-- تعليق -->"
        f"<p>{_P1}<br>{_P2}</p><div>إقرأ أيضا: <a href='#'>خبر آخر عن المياه</a></div>"
        "<ul><li>مقالات ذات صلة</li><li>  خبر   أول </li></ul><noscript>فعّل</noscript>"
        "<footer>© 2026</footer></body></html>"
    )
    (pages / "tricky.html").write_text(html, encoding="utf-8")
    for path in sorted(pages.iterdir()):
        draft = ev.draft_gold(path)
        # Correct the draft the way a person would, differently from newsseg.
        for i, seg in enumerate(draft["segments"]):
            if i % 3 == 1 and seg["kind"] == "body":
                seg["kind"] = "teaser"
            elif seg["kind"] == "boilerplate" and i % 2:
                seg["kind"] = "related"
        (gold / f"{path.stem}.json").write_text(json.dumps(draft, ensure_ascii=False),
                                               encoding="utf-8")
    return gold, pages


def test_made_up_pages_match_score_py(tmp_path: Path) -> None:
    gold, pages = _made_up_corpus(tmp_path)
    for predictor in ("newsseg", "everything"):
        args = ("--pipeline", "newsseg.io.evaluate:predict_everything") if predictor != "newsseg" else ()
        assert_same_figures(ours(gold, pages, *args), score_py(gold, pages, predictor))


def test_made_up_pages_in_process(tmp_path: Path) -> None:
    gold, pages = _made_up_corpus(tmp_path)
    loaded = ev.load_corpus(gold, pages)
    crlf = next(p for p in loaded if p.id == "crlf")
    assert "\r" not in crlf.text  # read as score.py reads it: line ends made "\n"
    for page in loaded:
        assert not ev.check_page(page), page.id
        for seg in page.gold:
            assert page.text[seg["start"]:seg["end"]] == seg["text"]
    s = ev.evaluate(gold, pages)
    assert s["pages"] == 2
    assert 0 < s["article_F1"] < 1


# ------------------------------------------------------------ user errors


def test_check_reports_bad_gold(tmp_path: Path) -> None:
    gold, pages = tmp_path / "gold", tmp_path / "pages"
    gold.mkdir()
    pages.mkdir()
    (pages / "p.txt").write_text("عنوان\nنص الخبر", encoding="utf-8")
    (gold / "p.json").write_text(json.dumps({
        "id": "p", "format": "text", "sha256": "0" * 64,
        "segments": [{"kind": "titel", "start": 0, "end": 5},
                     {"kind": "body", "start": 6, "end": 9, "text": "غير"}],
    }), encoding="utf-8")
    r = newsseg_cli("evaluate", "--gold", str(gold), "--pages", str(pages), "--check")
    assert r.returncode == 1
    for problem in ("unknown kind 'titel'", "text differs from the page at 6-9",
                    "uncovered non-space character at 9", "does not match the sha256"):
        assert problem in r.stdout
    r = newsseg_cli("evaluate", "--gold", str(gold), "--pages", str(pages))
    assert r.returncode == 0
    assert "does not match the gold file's sha256" in r.stderr


def test_missing_page_and_bad_gold_are_usage_errors(tmp_path: Path) -> None:
    gold, pages = tmp_path / "gold", tmp_path / "pages"
    gold.mkdir()
    pages.mkdir()
    (gold / "a.json").write_text('{"id": "a", "format": "html", "segments": []}', "utf-8")
    r = newsseg_cli("evaluate", "--gold", str(gold), "--pages", str(pages))
    assert r.returncode == 2
    assert "a.json: cannot read its page" in r.stderr
    assert "a.html" in r.stderr
    (gold / "a.json").write_text('{"id": "a"}', "utf-8")
    r = newsseg_cli("evaluate", "--gold", str(gold), "--pages", str(pages))
    assert r.returncode == 2
    assert "not a gold file: it needs the keys format, segments" in r.stderr
    r = newsseg_cli("evaluate", "--gold", str(tmp_path / "none"), "--pages", str(pages))
    assert r.returncode == 2
    assert "no such folder" in r.stderr
    r = newsseg_cli("evaluate")
    assert r.returncode == 2
    assert "give --gold DIR and --pages DIR" in r.stderr


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nosuchmodule:P", "cannot import nosuchmodule"),
        ("newsseg:NOPE", "newsseg has no 'NOPE'"),
        ("newsseg", "give module:object"),
        ("newsseg:__version__", "cannot score a str"),
        ("missing.py:P", "no file missing.py"),
    ],
)
def test_bad_pipeline_is_a_usage_error(spec: str, message: str) -> None:
    r = newsseg_cli("evaluate", "--gold", str(EXAMPLES / "gold"), "--pages",
                    str(EXAMPLES / "pages"), "--pipeline", spec)
    assert r.returncode == 2
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_pipeline_from_file_and_a_failing_predictor(tmp_path: Path) -> None:
    (tmp_path / "preds.py").write_text(
        "def predict(page, fmt):\n"
        "    if fmt == 'html':\n"
        "        raise ValueError('no HTML here')\n"
        "    return [('body', line) for line in page.splitlines() if line.strip()]\n",
        encoding="utf-8",
    )
    s = ours(EXAMPLES / "gold", EXAMPLES / "pages", "--pipeline",
             str(tmp_path / "preds.py") + ":predict")
    assert s["failures"] == 1
    assert s["article_R"] == 0.5  # the HTML page scores as empty: recall 0 there, 1 on text


def test_draft_of_an_html_page_points_into_its_visible_text() -> None:
    page = EXAMPLES / "pages" / "desalination-plant.html"
    draft = ev.draft_gold(page)
    text = ev.visible_text(page.read_text(encoding="utf-8"))
    assert draft["format"] == "html"
    assert draft["segments"]
    kinds = {s["kind"] for s in draft["segments"]}
    assert {"title", "body", "subheading", "caption", "source", "tags", "related"} <= kinds
    for s in draft["segments"]:
        assert text[s["start"]:s["end"]] == s["text"]
    r = newsseg_cli("evaluate", "--draft", str(page))
    assert r.returncode == 0
    assert json.loads(r.stdout) == draft
