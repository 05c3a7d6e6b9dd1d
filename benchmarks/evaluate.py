#!/usr/bin/env python3
"""Score newsseg on a gold corpus of Arabic news pages.

    python benchmarks/evaluate.py                      # the shared corpus, both formats
    python benchmarks/evaluate.py --only html --per-page
    python benchmarks/evaluate.py --corpus PATH --json

The corpus is laid out as ``../shared/corpus/FORMAT.md`` describes (``gold/ID.json``
and ``pages/ID.txt`` or ``pages/ID.html``). By default it is ``../shared/corpus``
beside the repository, or the folder named by the ``NEWSSEG_CORPUS`` variable.

The figures are defined as the shared ``score.py`` defines them, and this file
reimplements them so that newsseg can be scored with the standard library alone
(plus lxml for the visible text of HTML pages):

- article P/R/F1: bag-of-words precision, recall and F1 of the kinds ``body`` and
  ``subheading`` against the gold, after a light Arabic folding of the words;
- clean: share of pages whose article F1 is at least 0.98;
- kind F1: the same F1 for one kind, over the pages where gold or prediction has it;
- char_acc: on text pages, share of non-space characters given the gold kind;
- pages/s and MB/s: in process, the time spent inside the predictor only.

Every figure is the mean over pages.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import json
import math
import os
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

if TYPE_CHECKING:
    from lxml.html import HtmlElement

KINDS: tuple[str, ...] = (
    "title", "body", "subheading", "meta", "caption", "teaser", "source",
    "tags", "read_also", "related", "secondary", "boilerplate",
)  # fmt: skip
#: The kinds that make up the main article's running text.
ARTICLE: frozenset[str] = frozenset({"body", "subheading"})
#: The kinds that get a kind F1 of their own (the article kinds are scored together).
SCORED_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k not in ARTICLE | {"boilerplate"})
#: A page whose article F1 reaches this is clean.
CLEAN_F1 = 0.98

REPO = Path(__file__).resolve().parent.parent


def use_checkout() -> None:
    """Let a script run from ``benchmarks/`` import this checkout's newsseg.

    The checkout goes right after the script's own folder, so it wins over an
    installed copy: a benchmark run from a checkout measures that checkout.
    """
    if str(REPO) not in sys.path:
        sys.path.insert(1, str(REPO))


def default_corpus() -> Path:
    """``$NEWSSEG_CORPUS`` if set, else ``../shared/corpus`` beside the repository."""
    env = os.environ.get("NEWSSEG_CORPUS")
    return Path(env) if env else REPO.parent / "shared" / "corpus"


# ------------------------------------------------------------------ words

# Arabic marks that do not change the word: harakat, Quranic marks, superscript
# alef, and the tatweel used to stretch words in headlines.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Letter variants written interchangeably: the hamza seats of alef and alef wasla
# become bare alef, alef maqsura and Farsi yeh become yeh, keheh becomes kaf.
_LETTERS = str.maketrans(
    {
        "\u0622": "\u0627",
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0671": "\u0627",
        "\u0649": "\u064a",
        "\u06cc": "\u064a",
        "\u06a9": "\u0643",
    }
)
_WORDS = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The folded words of ``text`` that the bag-of-words scores count.

    >>> tokens("أعلنت الوزارةُ، اليومَ")
    ['اعلنت', 'الوزارة', 'اليوم']
    """
    folded = _MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_LETTERS)
    return _WORDS.findall(folded.lower())


def prf(predicted: Iterable[str], gold: Iterable[str]) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of ``predicted`` against ``gold``.

    Two empty bags agree perfectly; one empty bag against a full one scores F1 0.

    >>> prf(["a", "b", "b"], ["b", "c"])
    (0.3333333333333333, 0.5, 0.4)
    """
    pred_bag, gold_bag = collections.Counter(predicted), collections.Counter(gold)
    n_pred, n_gold = sum(pred_bag.values()), sum(gold_bag.values())
    if not n_pred or not n_gold:
        if not n_pred and not n_gold:
            return 1.0, 1.0, 1.0
        return (1.0 if not n_pred else 0.0), (1.0 if not n_gold else 0.0), 0.0
    hits = sum((pred_bag & gold_bag).values())
    if not hits:
        return 0.0, 0.0, 0.0
    precision, recall = hits / n_pred, hits / n_gold
    return precision, recall, 2 * precision * recall / (precision + recall)


# ----------------------------------------------------------- visible text

# Elements that start and end a line of the visible text.
BLOCK_TAGS: frozenset[str] = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
    "tr", "ul", "title", "body", "html", "head", "option", "select", "button", "label",
})  # fmt: skip
# Elements whose content is never shown (their tail still is).
HIDDEN_TAGS: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "object"}
)


def visible_text(page: str) -> str:
    """An HTML page's visible text, the text that gold offsets of HTML pages point into.

    Every block element starts and ends a line, white space inside a line
    collapses to one space, and empty lines are dropped. Walks the tree with an
    explicit stack, so deeply nested pages do not reach the recursion limit.

    >>> visible_text("<p>أ <b>ب</b></p>ج<br>د<script>x</script>")
    'أ ب\\nج\\nد'
    """
    from lxml import html as lhtml  # only HTML pages need lxml

    root = lhtml.document_fromstring(page)
    out: list[str] = []
    # (element, leaving): an element is visited once on the way in and once on the way out.
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        el, leaving = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""  # comments and PIs have no name
        if leaving:
            if tag in BLOCK_TAGS:
                out.append("\n")
            if el.tail:
                out.append(el.tail)
            continue
        if tag in HIDDEN_TAGS:
            if el.tail:
                out.append(el.tail)
            continue
        if tag in BLOCK_TAGS:
            out.append("\n")
        if tag and el.text:  # a comment's text is not shown
            out.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


# ----------------------------------------------------------------- corpus


class Page(NamedTuple):
    """One corpus page with its gold segmentation."""

    id: str
    format: str  # "text" or "html"
    page: str  # the page file as found
    text: str  # what gold offsets point into: the page, or an HTML page's visible text
    gold: list[dict[str, Any]]  # gold segments: kind, start, end[, text]


def load_corpus(corpus: Path, only: str | None = None) -> list[Page]:
    """The pages of ``corpus`` in id order, of format ``only`` if given."""
    pages = []
    for path in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        fmt = gold["format"]
        if only and fmt != only:
            continue
        page_path = corpus / "pages" / (gold["id"] + (".txt" if fmt == "text" else ".html"))
        page = page_path.read_text(encoding="utf-8")
        text = page if fmt == "text" else visible_text(page)
        pages.append(Page(gold["id"], fmt, page, text, gold["segments"]))
    return pages


# ------------------------------------------------------------- predictors

#: A predicted segment: kind, text, and its offsets when the predictor gives them.
Predicted = tuple[str, str, int | None, int | None]
#: ``predict(page, fmt)`` as score.py calls it; ``fmt`` is "text" or "html".
Predictor = Callable[[str, str], Sequence[Predicted]]


def predict_newsseg(page: str, fmt: str) -> list[Predicted]:
    """newsseg's segments of a page, with offsets on text pages (as score.py takes them)."""
    import newsseg

    doc = newsseg.segment_html(page) if fmt == "html" else newsseg.segment(page)
    # On an HTML page newsseg's offsets point into its own text, which need not be
    # score.py's visible text, so there only the segment texts are scored.
    text_page = fmt == "text"
    return [
        (
            str(getattr(s.kind, "value", s.kind)),
            s.text,
            s.start if text_page else None,
            s.end if text_page else None,
        )
        for s in doc.segments
    ]


def predict_everything(page: str, fmt: str) -> list[Predicted]:
    """Every line is body: the floor that any segmenter must beat on precision."""
    text = page if fmt == "text" else visible_text(page)
    return [("body", line, None, None) for line in text.split("\n") if line.strip()]


PREDICTORS: dict[str, Predictor] = {"newsseg": predict_newsseg, "everything": predict_everything}


def load_predictor(spec: str) -> Predictor:
    """A built-in predictor by name, or ``module:function``."""
    if spec in PREDICTORS:
        return PREDICTORS[spec]
    module, _, name = spec.partition(":")
    fn: Predictor = getattr(importlib.import_module(module), name or "predict")
    return fn


def _as_predicted(seg: Sequence[Any]) -> Predicted:
    if len(seg) >= 4:
        return (str(seg[0]), str(seg[1]), seg[2], seg[3])
    return (str(seg[0]), str(seg[1]), None, None)


# ---------------------------------------------------------------- scoring


class _PageFigures(TypedDict):
    id: str
    format: str
    P: float
    R: float
    F1: float
    kinds: dict[str, float]


class PageScore(_PageFigures, total=False):
    """The figures of one page: ``char_acc`` only on text pages, the rest once predicted."""

    char_acc: float
    seconds: float
    bytes: int
    failed: bool


class Summary(TypedDict):
    """The means over pages, with the keys of score.py's JSON summary."""

    predictor: str
    pages: int
    failures: int
    article_P: float
    article_R: float
    article_F1: float
    clean: float
    char_acc: float
    kind_F1: dict[str, float]
    seconds: float
    pages_per_s: float
    MB_per_s: float


def char_labels(text: str, segments: Iterable[Predicted]) -> list[str | None]:
    """The kind of every character of ``text``.

    A segment with offsets labels its span; one without is looked for, stripped,
    from the end of the previous segment on, and labels nothing if not found.
    """
    labels: list[str | None] = [None] * len(text)
    cursor = 0
    for kind, seg_text, start, end in segments:
        if start is None or end is None:
            needle = seg_text.strip()
            if not needle:
                continue
            start = text.find(needle, cursor)
            if start < 0:
                continue
            end = start + len(needle)
        lo, hi = max(start, 0), min(end, len(text))
        if hi > lo:
            labels[lo:hi] = [kind] * (hi - lo)
        cursor = max(cursor, end)
    return labels


def score_page(page: Page, predicted: Sequence[Predicted]) -> PageScore:
    """The figures of one page given the predictor's segments."""
    gold_words: dict[str, list[str]] = collections.defaultdict(list)
    pred_words: dict[str, list[str]] = collections.defaultdict(list)
    gold_segs: list[Predicted] = []
    for seg in page.gold:
        start, end = seg["start"], seg["end"]
        gold_segs.append((seg["kind"], page.text[start:end], start, end))
        gold_words[seg["kind"]] += tokens(page.text[start:end])
    for kind, seg_text, _, _ in predicted:
        pred_words[kind] += tokens(seg_text)
    p, r, f = prf(
        [w for k in sorted(ARTICLE) for w in pred_words.get(k, ())],
        [w for k in sorted(ARTICLE) for w in gold_words.get(k, ())],
    )
    kinds = {
        k: prf(pred_words.get(k, ()), gold_words.get(k, ()))[2]
        for k in SCORED_KINDS
        if gold_words.get(k) or pred_words.get(k)
    }
    result = PageScore(id=page.id, format=page.format, P=p, R=r, F1=f, kinds=kinds)
    if page.format == "text":
        gold_labels = char_labels(page.text, gold_segs)
        pred_labels = char_labels(page.text, predicted)
        shown = [i for i, ch in enumerate(page.text) if not ch.isspace()]
        right = sum(
            (pred_labels[i] or "boilerplate") == (gold_labels[i] or "boilerplate") for i in shown
        )
        result["char_acc"] = right / len(shown) if shown else 1.0
    return result


def score_corpus(
    pages: Iterable[Page], predict: Predictor = predict_newsseg, *, log_failures: bool = True
) -> list[PageScore]:
    """Run ``predict`` on every page and score it; a crash scores the page as empty."""
    rows = []
    for page in pages:
        t0 = time.perf_counter()
        failed = False
        try:
            predicted = [_as_predicted(seg) for seg in predict(page.page, page.format)]
        except Exception as exc:  # a crash scores zero for that page, as in score.py
            if log_failures:
                print(f"{page.id}: predictor failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            predicted, failed = [], True
        seconds = time.perf_counter() - t0
        row = score_page(page, predicted)
        row["seconds"] = seconds
        row["bytes"] = len(page.page.encode("utf-8"))
        row["failed"] = failed
        rows.append(row)
    return rows


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.fmean(values) if values else math.nan


def summarize(rows: Sequence[PageScore], predictor: str = "newsseg") -> Summary:
    """The means over pages, as score.py's JSON summary gives them."""
    kind_f1: dict[str, float] = {}
    for k in KINDS:
        values = [r["kinds"][k] for r in rows if k in r["kinds"]]
        if values:
            kind_f1[k] = statistics.fmean(values)
    seconds = sum(r.get("seconds", 0.0) for r in rows)
    nbytes = sum(r.get("bytes", 0) for r in rows)
    return Summary(
        predictor=predictor,
        pages=len(rows),
        failures=sum(1 for r in rows if r.get("failed")),
        article_P=_mean(r["P"] for r in rows),
        article_R=_mean(r["R"] for r in rows),
        article_F1=_mean(r["F1"] for r in rows),
        clean=_mean(1.0 if r["F1"] >= CLEAN_F1 else 0.0 for r in rows),
        char_acc=_mean(r["char_acc"] for r in rows if "char_acc" in r),
        kind_F1=kind_f1,
        seconds=seconds,
        pages_per_s=len(rows) / seconds if seconds else math.inf,
        MB_per_s=nbytes / 1e6 / seconds if seconds else math.inf,
    )


def evaluate(
    corpus: Path, only: str | None = None, predictor: str | Predictor = "newsseg"
) -> Summary:
    """Score a predictor (newsseg by default) on ``corpus`` and return the summary.

    ``only`` keeps the pages of one format, ``"text"`` or ``"html"``.
    """
    name, predict = (
        (predictor, load_predictor(predictor))
        if isinstance(predictor, str)
        else (getattr(predictor, "__name__", "custom"), predictor)
    )
    return summarize(score_corpus(load_corpus(corpus, only), predict), name)


# -------------------------------------------------------------------- CLI


def format_row(row: PageScore) -> str:
    """One line of ``--per-page`` output, as score.py prints it."""
    kinds = " ".join(f"{k}={v:.2f}" for k, v in sorted(row["kinds"].items()))
    char = f" char={row['char_acc']:.3f}" if "char_acc" in row else ""
    return f"{row['id']:<40} P={row['P']:.3f} R={row['R']:.3f} F1={row['F1']:.3f}{char} {kinds}"


def format_summary(s: Summary) -> str:
    """The summary as score.py prints it."""
    return "\n".join(
        [
            f"{s['predictor']}: {s['pages']} pages, {s['failures']} failures",
            f"  article P={s['article_P']:.3f} R={s['article_R']:.3f} F1={s['article_F1']:.3f} "
            f"clean={s['clean']:.2f} char_acc={s['char_acc']:.3f}",
            "  kind F1: " + " ".join(f"{k}={v:.2f}" for k, v in s["kind_F1"].items()),
            f"  speed: {s['pages_per_s']:.1f} pages/s, {s['MB_per_s']:.2f} MB/s (in process)",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder")
    ap.add_argument("--only", choices=("text", "html"), help="score only pages of one format")
    ap.add_argument("--per-page", action="store_true", help="print a row for every page")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument(
        "--predictor",
        default="newsseg",
        help="newsseg (default), everything, or module:function",
    )
    args = ap.parse_args(argv)
    use_checkout()
    corpus: Path = args.corpus or default_corpus()
    if not (corpus / "gold").is_dir():
        print(f"no corpus at {corpus} (give --corpus or set NEWSSEG_CORPUS)", file=sys.stderr)
        return 2
    rows = score_corpus(load_corpus(corpus, args.only), load_predictor(args.predictor))
    summary = summarize(rows, args.predictor)
    if args.per_page:
        for row in rows:
            print(format_row(row))
    print(
        json.dumps(summary, ensure_ascii=False, indent=1) if args.json else format_summary(summary)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
