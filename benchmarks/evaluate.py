#!/usr/bin/env python3
"""Score newsseg on a gold corpus of Arabic news pages (the shared one by default).

    python benchmarks/evaluate.py                      # the shared corpus, both formats
    python benchmarks/evaluate.py --only html --per-page
    python benchmarks/evaluate.py --corpus PATH --json

The corpus is laid out as ``../shared/corpus/FORMAT.md`` describes (``gold/ID.json``
and ``pages/ID.txt`` or ``pages/ID.html``). By default it is ``../shared/corpus``
beside the repository, or the folder named by the ``NEWSSEG_CORPUS`` variable.

The scoring itself is the package's, :mod:`newsseg.io.evaluate` (``newsseg evaluate
--gold DIR --pages DIR`` on any labelled pages); this script only knows where
the shared corpus is, and keeps the names that the corpus floor test uses.
Each rule and phrase on the corpus, and a leave-one-site-out score, are
``benchmarks/rules.py``'s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def use_checkout() -> None:
    """Let a script run from ``benchmarks/`` import this checkout's newsseg.

    The checkout goes right after the script's own folder, so it wins over an
    installed copy: a benchmark run from a checkout measures that checkout.
    """
    if str(REPO) not in sys.path:
        sys.path.insert(1, str(REPO))


use_checkout()

from newsseg.io.evaluate import (  # noqa: E402 - after use_checkout()
    ARTICLE,
    CLEAN_F1,
    KINDS,
    SCORED_KINDS,
    Page,
    PageScore,
    Predicted,
    Predictor,
    Summary,
    char_labels,
    format_row,
    format_summary,
    predict_everything,
    predict_newsseg,
    prf,
    score_corpus,
    score_page,
    summarize,
    tokens,
    visible_text,
)
from newsseg.io.evaluate import load_corpus as _load_corpus  # noqa: E402
from newsseg.io.evaluate import load_pipeline as _load_pipeline  # noqa: E402

__all__ = [
    "ARTICLE",
    "CLEAN_F1",
    "KINDS",
    "PREDICTORS",
    "SCORED_KINDS",
    "Page",
    "PageScore",
    "Predicted",
    "Predictor",
    "Summary",
    "char_labels",
    "default_corpus",
    "evaluate",
    "format_row",
    "format_summary",
    "load_corpus",
    "load_predictor",
    "main",
    "predict_everything",
    "predict_newsseg",
    "prf",
    "score_corpus",
    "score_page",
    "summarize",
    "tokens",
    "use_checkout",
    "visible_text",
]

PREDICTORS: dict[str, Predictor] = {"newsseg": predict_newsseg, "everything": predict_everything}


def default_corpus() -> Path:
    """``$NEWSSEG_CORPUS`` if set, else ``../shared/corpus`` beside the repository."""
    env = os.environ.get("NEWSSEG_CORPUS")
    return Path(env) if env else REPO.parent / "shared" / "corpus"


def load_corpus(corpus: Path, only: str | None = None) -> list[Page]:
    """The pages of ``corpus`` (``gold/``, ``pages/``) in id order, of format ``only`` if given."""
    return _load_corpus(corpus / "gold", corpus / "pages", only)


def load_predictor(spec: str) -> Predictor:
    """A built-in predictor by name, or ``module:object``
    (``newsseg.io.evaluate.predictor_for``)."""
    if spec in PREDICTORS:
        return PREDICTORS[spec]
    return _load_pipeline(spec if ":" in spec else spec + ":predict")


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
        help="newsseg (default), everything, or module:object",
    )
    args = ap.parse_args(argv)
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
