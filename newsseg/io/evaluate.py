"""Score newsseg, or a pipeline of your own, on pages you labelled by hand.

    newsseg evaluate --gold DIR --pages DIR [--json] [--per-page] [--only text|html]
                     [--pipeline module:object]
    newsseg evaluate --gold DIR --pages DIR --check     # validate the gold files
    newsseg evaluate --draft PAGE                       # a gold file to correct by hand

The gold format is the one of the shared gold corpus (``docs/evaluate.md``
describes it): ``GOLD/ID.json`` holds the kinds and offsets of a page
``PAGES/ID.txt`` or ``PAGES/ID.html``. The figures are defined exactly as the
corpus's ``score.py`` defines them, each the mean over pages:

- ``article_P``, ``article_R``, ``article_F1``: bag-of-words precision, recall
  and F1 of the kinds ``body`` and ``subheading`` against the gold, after a
  light Arabic folding of the words (:func:`tokens`);
- ``clean``: the share of pages whose article F1 is at least 0.98;
- ``kind_F1``: the same F1 for one kind, over the pages where the gold or the
  prediction has it;
- ``char_acc``: on text pages, the share of non-space characters given the gold kind.

>>> tokens("أعلنت الوزارةُ، اليومَ")
['اعلنت', 'الوزارة', 'اليوم']

The doctests below score this page, written for them:

>>> print(_PAGE)
عنوان الخبر
نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.
المصدر: وكالات
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import importlib
import importlib.util
import io
import json
import math
import os
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from newsseg.engine.pipeline import Pipeline
from newsseg.errors import InputError
from newsseg.model import Document, Segment

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "ARTICLE",
    "CLEAN_F1",
    "KINDS",
    "SCORED_KINDS",
    "Page",
    "PageScore",
    "Predicted",
    "Predictor",
    "Summary",
    "char_labels",
    "check_page",
    "draft_gold",
    "evaluate",
    "format_row",
    "format_summary",
    "load_corpus",
    "load_pipeline",
    "main",
    "predict_everything",
    "predict_newsseg",
    "predictor_for",
    "prf",
    "score_corpus",
    "score_page",
    "summarize",
    "tokens",
    "visible_text",
]

#: Every kind of the gold format, in the order the summary lists them (:class:`~newsseg.Kind`).
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

# A made-up page for the doctests.
_PAGE = "عنوان الخبر\nنص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.\nالمصدر: وكالات"


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

    >>> tokens("إلى المُستشفى")
    ['الي', 'المستشفي']
    """
    folded = _MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_LETTERS)
    return _WORDS.findall(folded.lower())


def prf(predicted: Iterable[str], gold: Iterable[str]) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of ``predicted`` against ``gold``.

    Two empty bags agree perfectly; one empty bag against a full one scores F1 0.

    >>> prf(["a", "b", "b"], ["b", "c"])
    (0.3333333333333333, 0.5, 0.4)
    >>> prf([], ["a"])
    (1.0, 0.0, 0.0)
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
_BLOCK_TAGS: frozenset[str] = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
    "tr", "ul", "title", "body", "html", "head", "option", "select", "button", "label",
})  # fmt: skip
# Elements whose content is never shown (their tail still is).
_HIDDEN_TAGS: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "object"}
)


def visible_text(page: str) -> str:
    """An HTML page's visible text: the text that the gold offsets of HTML pages point into.

    Every block element starts and ends a line, white space inside a line
    collapses to one space, and empty lines are dropped. (This is not
    :attr:`Document.text <newsseg.Document.text>` of ``segment_html``: the gold
    format fixes its own text so that any segmenter can be scored on it.)

    >>> visible_text("<p>أ <b>ب</b></p>ج<br>د<script>x</script>")
    'أ ب\\nج\\nد'
    """
    from lxml import html as lhtml

    root = lhtml.document_fromstring(page)
    out: list[str] = []
    # (element, leaving): an element is visited once on the way in and once on
    # the way out; an explicit stack, so deep pages do not reach the recursion limit.
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        el, leaving = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""  # comments and PIs have no name
        if leaving:
            if tag in _BLOCK_TAGS:
                out.append("\n")
            if el.tail:
                out.append(el.tail)
            continue
        if tag in _HIDDEN_TAGS:
            if el.tail:
                out.append(el.tail)
            continue
        if tag in _BLOCK_TAGS:
            out.append("\n")
        if tag and el.text:  # a comment's text is not shown
            out.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


# ----------------------------------------------------------------- corpus


class Page(NamedTuple):
    """One labelled page with its gold segmentation.

    >>> Page("p1", "text", "نص", "نص", [{"kind": "body", "start": 0, "end": 2}]).gold[0]["kind"]
    'body'
    """

    id: str
    format: str
    """``"text"`` or ``"html"``."""
    page: str
    """The page file as read (UTF-8, line ends made ``\\n``)."""
    text: str
    """What gold offsets point into: the page, or an HTML page's :func:`visible_text`."""
    gold: list[dict[str, Any]]
    """The gold segments: ``kind``, ``start``, ``end`` (and ``text`` where given)."""
    sha256: str | None = None
    """The gold file's ``sha256`` of the page, where it has one."""


def _read_gold(path: Path) -> dict[str, Any]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read the gold file: {e}") from e
    missing = (
        [k for k in ("id", "format", "segments") if k not in gold]
        if isinstance(gold, dict)
        else ["id", "format", "segments"]
    )
    if missing:
        raise InputError(
            f"{path}: not a gold file: it needs the keys {', '.join(missing)} "
            "(see docs/evaluate.md)"
        )
    if gold["format"] not in ("text", "html"):
        raise InputError(f"{path}: format must be 'text' or 'html', not {gold['format']!r}")
    out: dict[str, Any] = gold
    return out


def load_corpus(gold_dir: Path, pages_dir: Path, only: str | None = None) -> list[Page]:
    """The labelled pages: every ``gold_dir/*.json`` in name order with its page
    ``pages_dir/ID.txt`` (format ``text``) or ``pages_dir/ID.html`` (format ``html``),
    ``ID`` being the gold file's ``id``; of format ``only`` if given.

    A gold file that cannot be read, or whose page is missing, is an
    :class:`~newsseg.InputError` that names it.

    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "gold").mkdir(); (root / "pages").mkdir()
    >>> _ = (root / "pages" / "p1.txt").write_text("خبر قصير", encoding="utf-8")
    >>> gold = {"id": "p1", "format": "text", "segments": [{"kind": "body", "start": 0, "end": 8}]}
    >>> _ = (root / "gold" / "p1.json").write_text(json.dumps(gold), encoding="utf-8")
    >>> [(p.id, p.text) for p in load_corpus(root / "gold", root / "pages")]
    [('p1', 'خبر قصير')]
    """
    pages = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = _read_gold(path)
        fmt = gold["format"]
        if only and fmt != only:
            continue
        page_path = Path(pages_dir) / (str(gold["id"]) + (".txt" if fmt == "text" else ".html"))
        try:
            # Text mode, as score.py reads it: "\r\n" and "\r" become "\n".
            page = page_path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(
                f"{path}: cannot read its page {page_path}: {e.strerror or e} "
                f"(a {fmt} page is PAGES/{gold['id']}{'.txt' if fmt == 'text' else '.html'})"
            ) from e
        except UnicodeDecodeError as e:
            raise InputError(f"{page_path}: not UTF-8 ({e}); save the page as UTF-8") from e
        text = page if fmt == "text" else visible_text(page)
        sha = gold.get("sha256")
        pages.append(
            Page(str(gold["id"]), fmt, page, text, gold["segments"], sha if sha else None)
        )
    return pages


# ------------------------------------------------------------- predictors

#: A predicted segment: kind, text, and its offsets when the predictor gives them.
Predicted = tuple[str, str, int | None, int | None]
#: ``predict(page, fmt)`` as score.py calls it; ``fmt`` is ``"text"`` or ``"html"``.
Predictor = Callable[[str, str], Sequence[Predicted]]


def _from_document(doc: Document, fmt: str) -> list[Predicted]:
    # On an HTML page a Document's offsets point into its own text, which is not
    # the gold's visible text: there only the segment texts are scored (as score.py does).
    text_page = fmt == "text"
    return [
        (s.kind.value, s.text, s.start if text_page else None, s.end if text_page else None)
        for s in doc.segments
    ]


def predict_newsseg(page: str, fmt: str) -> list[Predicted]:
    """newsseg's segments of a page, with offsets on text pages (as score.py takes them).

    >>> predict_newsseg(_PAGE, "text")[2]
    ('source', 'المصدر: وكالات', 63, 77)
    """
    import newsseg

    doc = newsseg.segment_html(page) if fmt == "html" else newsseg.segment(page)
    return _from_document(doc, fmt)


def predict_everything(page: str, fmt: str) -> list[Predicted]:
    """Every line is body: the floor that any segmenter must beat on precision.

    >>> predict_everything("سطر\\n\\nآخر", "text")
    [('body', 'سطر', None, None), ('body', 'آخر', None, None)]
    """
    text = page if fmt == "text" else visible_text(page)
    return [("body", line, None, None) for line in text.split("\n") if line.strip()]


def _as_predicted(seg: Any) -> Predicted:
    if isinstance(seg, Segment):
        return (seg.kind.value, seg.text, seg.start, seg.end)
    kind = getattr(seg[0], "value", seg[0])
    if len(seg) >= 4:
        return (str(kind), str(seg[1]), seg[2], seg[3])
    return (str(kind), str(seg[1]), None, None)


def predictor_for(obj: object) -> Predictor:
    """A predictor from what ``--pipeline`` names.

    - a :class:`~newsseg.Pipeline`: used on the pages of its format (a pipeline
      whose first stage is ``dom``, like :data:`newsseg.HTML_PIPELINE`, on HTML
      pages; any other on text pages); newsseg's default segments the others;
    - a mapping ``{"text": Pipeline, "html": Pipeline}`` (either may be left out);
    - a callable ``predict(page, fmt)`` as ``score.py`` takes it, returning a
      :class:`~newsseg.Document`, or a list of :class:`~newsseg.Segment` or of
      ``(kind, text)`` / ``(kind, text, start, end)`` tuples.

    >>> import newsseg
    >>> predict = predictor_for(newsseg.TEXT_PIPELINE.without("teasers"))
    >>> [kind for kind, *_ in predict(_PAGE, "text")]
    ['title', 'body', 'source']
    """
    import newsseg

    if isinstance(obj, Pipeline):
        key = "html" if obj.names[:1] == ("dom",) else "text"
        return predictor_for({key: obj})
    if isinstance(obj, Mapping):
        unknown = set(obj) - {"text", "html"}
        if unknown or not all(isinstance(p, Pipeline) for p in obj.values()):
            raise InputError(
                "a mapping of pipelines has the keys 'text' and 'html' and Pipeline values"
            )
        text_p: Pipeline | None = obj.get("text")
        html_p: Pipeline | None = obj.get("html")

        def predict(page: str, fmt: str) -> list[Predicted]:
            if fmt == "html":
                return _from_document(newsseg.segment_html(page, pipeline=html_p), fmt)
            return _from_document(newsseg.segment(page, pipeline=text_p), fmt)

        return predict
    if callable(obj):
        call = obj

        def wrapped(page: str, fmt: str) -> list[Predicted]:
            out = call(page, fmt)
            if isinstance(out, Document):
                return _from_document(out, fmt)
            return [_as_predicted(s) for s in out]

        return wrapped
    raise InputError(
        f"cannot score a {type(obj).__name__}: give a Pipeline, a mapping "
        "{'text': Pipeline, 'html': Pipeline} or a function predict(page, fmt)"
    )


def load_pipeline(spec: str) -> Predictor:
    """The predictor named by ``module:object`` (or ``path/to/file.py:object``).

    The current folder is searched first, as ``python -m`` does; see
    :func:`predictor_for` for what ``object`` may be.

    >>> predict = load_pipeline("newsseg:TEXT_PIPELINE")
    >>> [kind for kind, *_ in predict(_PAGE, "text")]
    ['title', 'body', 'source']
    >>> load_pipeline("newsseg")
    Traceback (most recent call last):
    ...
    newsseg.errors.InputError: --pipeline 'newsseg': give module:object, e.g. mypipes:PIPELINE
    """
    module_name, _, attr = spec.rpartition(":")
    if not module_name or not attr:
        raise InputError(f"--pipeline {spec!r}: give module:object, e.g. mypipes:PIPELINE")
    try:
        if module_name.endswith(".py"):
            where = Path(module_name)
            loader = importlib.util.spec_from_file_location(where.stem, where)
            if loader is None or loader.loader is None or not where.is_file():
                raise InputError(f"--pipeline {spec!r}: no file {where}")
            module = importlib.util.module_from_spec(loader)
            sys.modules.setdefault(where.stem, module)
            loader.loader.exec_module(module)
        else:
            if os.getcwd() not in sys.path and "" not in sys.path:
                sys.path.insert(0, os.getcwd())
            module = importlib.import_module(module_name)
    except InputError:
        raise
    except ImportError as e:
        raise InputError(
            f"--pipeline {spec!r}: cannot import {module_name}: {e} (run from the folder "
            "that holds it, or put it on PYTHONPATH)"
        ) from e
    obj = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise InputError(f"--pipeline {spec!r}: {module_name} has no {attr!r}")
        obj = getattr(obj, part)
    return predictor_for(obj)


# ---------------------------------------------------------------- scoring


class _PageFigures(TypedDict):
    id: str
    format: str
    P: float
    R: float
    F1: float
    kinds: dict[str, float]


class PageScore(_PageFigures, total=False):
    """The figures of one page: ``char_acc`` only on text pages; ``seconds``,
    ``bytes`` and ``failed`` once :func:`score_corpus` ran the predictor."""

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

    >>> char_labels("ab cd", [("body", "cd", None, None), ("meta", "", 0, 1)])
    ['meta', None, None, 'body', 'body']
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
    """The figures of one page given the predictor's segments.

    >>> gold = [{"kind": "title", "start": 0, "end": 5}, {"kind": "body", "start": 6, "end": 14}]
    >>> page = Page("p1", "text", "عنوان\\nنص الخبر", "عنوان\\nنص الخبر", gold)
    >>> row = score_page(page, [("title", "عنوان", 0, 5), ("body", "نص", 6, 8)])
    >>> row["P"], row["R"], round(row["F1"], 3), row["kinds"], round(row["char_acc"], 3)
    (1.0, 0.5, 0.667, {'title': 1.0}, 0.583)
    """
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
    """Run ``predict`` on every page and score it; a page on which it raises
    scores as if it had predicted nothing, and counts as a failure.

    >>> page = Page("p1", "text", "نص الخبر", "نص الخبر", [{"kind": "body", "start": 0, "end": 8}])
    >>> [(r["F1"], r["failed"]) for r in score_corpus([page], predict_everything)]
    [(1.0, False)]
    """
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
        row["bytes"] = len(page.page.encode("utf-8", errors="surrogatepass"))
        row["failed"] = failed
        rows.append(row)
    return rows


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.fmean(values) if values else math.nan


def summarize(rows: Sequence[PageScore], predictor: str = "newsseg") -> Summary:
    """The means over pages, as score.py's JSON summary gives them (``NaN`` where
    no page has the figure, e.g. ``char_acc`` without text pages).

    >>> page = Page("p1", "text", "نص الخبر", "نص الخبر", [{"kind": "body", "start": 0, "end": 8}])
    >>> s = summarize(score_corpus([page], predict_everything), "everything")
    >>> s["pages"], s["article_F1"], s["clean"], s["char_acc"]
    (1, 1.0, 1.0, 1.0)
    """
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
    gold_dir: Path,
    pages_dir: Path,
    *,
    only: str | None = None,
    predict: Predictor = predict_newsseg,
    name: str = "newsseg",
) -> Summary:
    """Score ``predict`` (newsseg by default) on the labelled pages and return the summary.

    ``only`` keeps the pages of one format, ``"text"`` or ``"html"``.

    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "gold").mkdir(); (root / "pages").mkdir()
    >>> _ = (root / "pages" / "p1.txt").write_text("خبر قصير", encoding="utf-8")
    >>> gold = {"id": "p1", "format": "text", "segments": [{"kind": "body", "start": 0, "end": 8}]}
    >>> _ = (root / "gold" / "p1.json").write_text(json.dumps(gold), encoding="utf-8")
    >>> evaluate(root / "gold", root / "pages", predict=predict_everything)["article_F1"]
    1.0
    """
    return summarize(score_corpus(load_corpus(gold_dir, pages_dir, only), predict), name)


# ------------------------------------------------------------- gold files


def check_page(page: Page) -> list[str]:
    """What is wrong with a page's gold segments (empty when nothing is), as
    ``score.py --check`` sees it, and a ``sha256`` that does not match the page.

    >>> gold = [{"kind": "titel", "start": 0, "end": 5}]
    >>> page = Page("p1", "text", "عنوان\\nنص", "عنوان\\nنص", gold)
    >>> check_page(page)  # doctest: +NORMALIZE_WHITESPACE
    ["segment 0: unknown kind 'titel'", "uncovered non-space character at 6: 'نص'",
     'no body or subheading segment']
    """
    errs: list[str] = []
    text = page.text
    last = 0
    covered = bytearray(len(text))
    for i, s in enumerate(page.gold):
        if s.get("kind") not in KINDS:
            errs.append(f"segment {i}: unknown kind {s.get('kind')!r}")
        st, en = s.get("start"), s.get("end")
        if not (isinstance(st, int) and isinstance(en, int) and last <= st < en <= len(text)):
            errs.append(f"segment {i}: bad or unsorted offsets {st}-{en}")
            continue
        if "text" in s and text[st:en] != s["text"]:
            errs.append(f"segment {i}: text differs from the page at {st}-{en}")
        covered[st:en] = b"\1" * (en - st)
        last = en
    if page.format == "text":
        for j, ch in enumerate(text):
            if not covered[j] and not ch.isspace():
                errs.append(f"uncovered non-space character at {j}: {text[j:j + 30]!r}")
                break
    if page.sha256 and hashlib.sha256(page.page.encode("utf-8")).hexdigest() != page.sha256:
        errs.append("page does not match the sha256 of the gold file")
    if not {s.get("kind") for s in page.gold} & ARTICLE:
        errs.append("no body or subheading segment")
    return errs


def draft_gold(path: Path, *, page_id: str | None = None) -> dict[str, Any]:
    """A gold file for the page at ``path`` (``.txt`` or ``.html``) with newsseg's
    own segmentation as kinds: a draft to correct by hand, not a gold.

    On an HTML page the offsets point into :func:`visible_text`: each line of a
    newsseg segment is looked for there, and the lines it does not find are left
    out (they count as boilerplate).

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "p1.txt"
    >>> _ = p.write_text(_PAGE, encoding="utf-8")
    >>> d = draft_gold(p)
    >>> d["id"], d["format"], [(s["kind"], s["start"], s["end"]) for s in d["segments"]]
    ('p1', 'text', [('title', 0, 11), ('body', 12, 62), ('source', 63, 77)])
    """
    import newsseg

    path = Path(path)
    fmt = "html" if path.suffix.lower() in (".html", ".htm") else "text"
    page = path.read_text(encoding="utf-8")
    segs: list[dict[str, Any]] = []
    if fmt == "text":
        doc = newsseg.segment(page)
        for s in doc.segments:
            segs.append({"kind": s.kind.value, "start": s.start, "end": s.end, "text": s.text})
    else:
        text = visible_text(page)
        cursor = 0
        for s in newsseg.segment_html(page).segments:
            for line in s.text.split("\n"):
                needle = " ".join(line.split())
                at = text.find(needle, cursor) if needle else -1
                if at < 0:
                    continue
                end = at + len(needle)
                segs.append({"kind": s.kind.value, "start": at, "end": end, "text": needle})
                cursor = end
    return {
        "id": page_id or path.stem,
        "format": fmt,
        "sha256": hashlib.sha256(page.encode("utf-8")).hexdigest(),
        "segments": segs,
    }


# -------------------------------------------------------------------- CLI


def format_row(row: PageScore) -> str:
    """One line of ``--per-page`` output, as score.py prints it.

    >>> format_row({"id": "p1", "format": "html", "P": 1.0, "R": 0.5, "F1": 0.667, "kinds": {}})
    'p1                                       P=1.000 R=0.500 F1=0.667 '
    """
    kinds = " ".join(f"{k}={v:.2f}" for k, v in sorted(row["kinds"].items()))
    char = f" char={row['char_acc']:.3f}" if "char_acc" in row else ""
    return f"{row['id']:<40} P={row['P']:.3f} R={row['R']:.3f} F1={row['F1']:.3f}{char} {kinds}"


def format_summary(s: Summary) -> str:
    """The summary as score.py prints it.

    >>> page = Page("p1", "text", "نص الخبر", "نص الخبر", [{"kind": "body", "start": 0, "end": 8}])
    >>> print(format_summary(summarize(score_corpus([page], predict_everything), "everything")))
    ... # doctest: +ELLIPSIS
    everything: 1 pages, 0 failures
      article P=1.000 R=1.000 F1=1.000 clean=1.00 char_acc=1.000
      kind F1:
      speed: ... pages/s, ... MB/s (in process)
    """
    return "\n".join(
        [
            f"{s['predictor']}: {s['pages']} pages, {s['failures']} failures",
            f"  article P={s['article_P']:.3f} R={s['article_R']:.3f} F1={s['article_F1']:.3f} "
            f"clean={s['clean']:.2f} char_acc={s['char_acc']:.3f}",
            "  kind F1: " + " ".join(f"{k}={v:.2f}" for k, v in s["kind_F1"].items()),
            f"  speed: {s['pages_per_s']:.1f} pages/s, {s['MB_per_s']:.2f} MB/s (in process)",
        ]
    )


def _dump_gold(gold: Mapping[str, Any]) -> str:
    """A gold file as JSON with one segment a line, easy to correct by hand."""
    head = {k: v for k, v in gold.items() if k != "segments"}
    lines = [json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ","]
    segs = [json.dumps(s, ensure_ascii=False) for s in gold.get("segments", ())]
    lines.append(' "segments": [')
    lines.extend(f"  {s}," for s in segs[:-1])
    lines.extend(f"  {s}" for s in segs[-1:])
    lines.append(" ]\n}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsseg evaluate",
        description=(
            "Score newsseg, or your own pipeline, on pages you labelled by hand "
            "(the gold format: docs/evaluate.md)."
        ),
        epilog="Exit status: 0 scored (or every gold file valid), 1 --check found problems, "
        "2 usage error or unreadable gold.",
    )
    p.add_argument("--gold", type=Path, metavar="DIR", help="folder of gold files ID.json")
    p.add_argument("--pages", type=Path, metavar="DIR", help="folder of pages ID.txt / ID.html")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--per-page", action="store_true", help="the figures of every page too")
    p.add_argument("--only", choices=("text", "html"), help="score only pages of one format")
    p.add_argument(
        "--pipeline",
        metavar="MODULE:OBJECT",
        help="score this Pipeline (or mapping, or predict function) instead of newsseg's",
    )
    p.add_argument("--check", action="store_true", help="validate the gold files and stop")
    p.add_argument(
        "--draft",
        type=Path,
        metavar="PAGE",
        help="print a gold file for PAGE with newsseg's kinds, to correct by hand",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``newsseg evaluate``; returns the exit status.

    >>> main(["--gold", "no/such/gold", "--pages", "no/such/pages"])
    2
    """
    args = _parser().parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        if args.draft is not None:
            print(_dump_gold(draft_gold(args.draft)))
            return 0
        if args.gold is None or args.pages is None:
            raise InputError("give --gold DIR and --pages DIR (or --draft PAGE)")
        for what, folder in (("--gold", args.gold), ("--pages", args.pages)):
            if not folder.is_dir():
                raise InputError(f"{what} {folder}: no such folder")
        pages = load_corpus(args.gold, args.pages, args.only)
        if not pages:
            raise InputError(f"no gold files (*.json) in {args.gold}")
        if args.check:
            bad = 0
            for page in pages:
                errs = check_page(page)
                if errs:
                    bad += 1
                    print(f"{page.id}:")
                    for e in errs[:10]:
                        print("   ", e)
            print(f"{len(pages)} gold files, {bad} with errors")
            return 1 if bad else 0
        predict = load_pipeline(args.pipeline) if args.pipeline else predict_newsseg
    except (InputError, OSError, UnicodeDecodeError) as e:
        print(f"newsseg evaluate: error: {e}", file=sys.stderr)
        return 2
    for page in pages:
        if page.sha256 and hashlib.sha256(page.page.encode("utf-8")).hexdigest() != page.sha256:
            print(
                f"newsseg evaluate: warning: {page.id}: the page does not match the gold "
                "file's sha256; its offsets may point at the wrong text",
                file=sys.stderr,
            )
    rows = score_corpus(pages, predict)
    summary = summarize(rows, args.pipeline or "newsseg")
    if args.json:
        out: dict[str, Any] = dict(summary)
        if args.per_page:
            out["per_page"] = rows
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if args.per_page:
        for row in rows:
            print(format_row(row))
    print(format_summary(summary))
    return 0
