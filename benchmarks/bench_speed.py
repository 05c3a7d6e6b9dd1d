#!/usr/bin/env python3
"""Speed of newsseg against trafilatura and resiliparse, in one process.

    python benchmarks/bench_speed.py                 # the shared corpus
    python benchmarks/bench_speed.py --synthetic     # made-up pages, no corpus needed
    python benchmarks/bench_speed.py --reps 9 --only html --json

Text pages: ``newsseg.segment`` on the page, against trafilatura's
``bare_extraction(html, with_metadata=True)`` and resiliparse's
``extract_plain_text(html, main_content=True)`` on the same page wrapped in one
``<p>`` a line, as ``score.py`` wraps it (the wrapping is done once, untimed).
HTML pages: ``newsseg.segment_html`` against the same two on the page itself.

A warm-up pass runs every system once; then each repetition times one pass of
every system over all pages, the systems in a rotated order each time so that
drift in the machine's speed spreads over all of them. Figures are the median
pass; MB/s counts the UTF-8 bytes of the pages as found (the text pages, not
their wrapping), so the ratios are ratios of pages/s too.

trafilatura and resiliparse are optional: without them only newsseg is timed
(``pip install trafilatura resiliparse`` in the same environment as newsseg).
"""

from __future__ import annotations

import argparse
import html
import importlib
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import evaluate
import synth

INSTALL_HINT = "pip install trafilatura resiliparse  # in the environment that has newsseg"


def lines_as_html(page: str) -> str:
    """A text page as HTML, one ``<p>`` a non-blank line: score.py's ``_lines_as_html``."""
    paras = "".join(
        f"<p>{html.escape(line.strip())}</p>\n" for line in page.split("\n") if line.strip()
    )
    return f"<html><body><article>\n{paras}</article></body></html>"


class System(NamedTuple):
    """One thing to time: a function and the inputs it gets, one a page."""

    name: str
    run: Callable[[str], object]
    inputs: Sequence[str]


def baselines() -> tuple[dict[str, Callable[[str], object]], list[str]]:
    """The baseline extractors that import, and the names of those that do not."""
    found: dict[str, Callable[[str], object]] = {}
    missing: list[str] = []
    try:
        trafilatura = importlib.import_module("trafilatura")
    except ImportError:
        missing.append("trafilatura")
    else:
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
        logging.getLogger("htmldate").setLevel(logging.CRITICAL)

        def run_trafilatura(page: str) -> object:
            return trafilatura.bare_extraction(page, with_metadata=True)

        found["trafilatura"] = run_trafilatura
    try:
        html2text = importlib.import_module("resiliparse.extract.html2text")
    except ImportError:
        missing.append("resiliparse")
    else:

        def run_resiliparse(page: str) -> object:
            return html2text.extract_plain_text(page, main_content=True)

        found["resiliparse"] = run_resiliparse
    return found, missing


def systems_for(fmt: str, pages: Sequence[str]) -> tuple[list[System], list[str]]:
    """newsseg and the baselines at hand, with their inputs for pages of ``fmt``."""
    import newsseg

    own = newsseg.segment_html if fmt == "html" else newsseg.segment
    found, missing = baselines()
    html_pages = list(pages) if fmt == "html" else [lines_as_html(p) for p in pages]
    systems = [System("newsseg", own, pages)]
    systems += [System(name, fn, html_pages) for name, fn in found.items()]
    return systems, missing


def time_pass(system: System) -> tuple[float, int]:
    """Seconds for one pass over the inputs, and how many inputs raised."""
    errors = 0
    run = system.run
    t0 = time.perf_counter()
    for page in system.inputs:
        try:
            run(page)
        except Exception:  # a baseline that fails on a page is still timed
            errors += 1
    return time.perf_counter() - t0, errors


def bench(fmt: str, pages: Sequence[str], reps: int = 5) -> dict[str, Any]:
    """Time newsseg and the baselines on ``pages`` of ``fmt``; figures of the median pass."""
    systems, missing = systems_for(fmt, pages)
    nbytes = sum(len(p.encode("utf-8")) for p in pages)
    errors = {s.name: time_pass(s)[1] for s in systems}  # warm-up
    passes: dict[str, list[float]] = {s.name: [] for s in systems}
    for rep in range(reps):
        k = rep % len(systems)
        for system in systems[k:] + systems[:k]:
            passes[system.name].append(time_pass(system)[0])
    figures: dict[str, dict[str, float]] = {}
    for name, secs in passes.items():
        median, best = statistics.median(secs), min(secs)
        figures[name] = {
            "pages_per_s": len(pages) / median,
            "MB_per_s": nbytes / 1e6 / median,
            "best_pages_per_s": len(pages) / best,
            "median_pass_s": median,
            "errors": errors[name],
        }
    own = figures["newsseg"]["pages_per_s"]
    ratios = {
        f"newsseg/{name}": own / fig["pages_per_s"]
        for name, fig in figures.items()
        if name != "newsseg"
    }
    return {
        "format": fmt,
        "pages": len(pages),
        "MB": nbytes / 1e6,
        "reps": reps,
        "systems": figures,
        "ratios": ratios,
        "missing": missing,
    }


def load_pages(
    corpus: Path | None, synthetic: bool, n_text: int = 200, n_html: int = 50
) -> tuple[str, dict[str, list[str]]]:
    """The pages to time by format, and where they come from."""
    if not synthetic and corpus is not None and (corpus / "gold").is_dir():
        by_fmt: dict[str, list[str]] = {"text": [], "html": []}
        for path in sorted((corpus / "pages").iterdir()):
            fmt = {".txt": "text", ".html": "html"}.get(path.suffix)
            if fmt:
                by_fmt[fmt].append(path.read_text(encoding="utf-8"))
        return f"corpus {corpus}", by_fmt
    pages = {"text": list(synth.text_pages(n_text)), "html": list(synth.html_pages(n_html))}
    return "synthetic pages (benchmarks/synth.py, seed 0)", pages


def run(
    corpus: Path | None = None,
    *,
    synthetic: bool = False,
    reps: int = 5,
    only: str | None = None,
) -> dict[str, Any]:
    """Run the benchmark; the result has ``source`` and one entry a format."""
    import newsseg

    source, pages = load_pages(corpus, synthetic)
    result: dict[str, Any] = {"source": source}
    for fmt in ("text", "html"):
        entry = "segment_html" if fmt == "html" else "segment"
        if (only and fmt != only) or not pages[fmt]:
            continue
        if hasattr(newsseg, entry):
            result[fmt] = bench(fmt, pages[fmt], reps)
        else:
            result.setdefault("skipped", []).append(f"{fmt}: newsseg.{entry} does not exist")
    return result


def report(result: dict[str, Any]) -> str:
    """The result as lines of text."""
    lines = [f"speed on {result['source']}"]
    for fmt in ("text", "html"):
        if fmt not in result:
            continue
        r = result[fmt]
        lines.append(f"  {fmt}: {r['pages']} pages, {r['MB']:.2f} MB, median of {r['reps']} passes")
        for name, fig in r["systems"].items():
            err = f", {fig['errors']} pages raised" if fig["errors"] else ""
            lines.append(
                f"    {name:<12} {fig['pages_per_s']:9.1f} pages/s {fig['MB_per_s']:8.2f} MB/s"
                f"  (best pass {fig['best_pages_per_s']:.1f} pages/s{err})"
            )
        for name, ratio in r["ratios"].items():
            lines.append(f"    {name}: {ratio:.2f}x")
        if r["missing"]:
            lines.append(f"    not timed: {', '.join(r['missing'])} missing; {INSTALL_HINT}")
    lines += [f"  skipped {why}" for why in result.get("skipped", ())]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder")
    ap.add_argument("--synthetic", action="store_true", help="time synthetic pages, not the corpus")
    ap.add_argument("--reps", type=int, default=5, help="timed passes per system (default 5)")
    ap.add_argument("--only", choices=("text", "html"))
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    evaluate.use_checkout()
    corpus: Path = args.corpus or evaluate.default_corpus()
    if not args.synthetic and not (corpus / "gold").is_dir():
        print(f"no corpus at {corpus}: timing synthetic pages instead", file=sys.stderr)
    result = run(corpus, synthetic=args.synthetic, reps=args.reps, only=args.only)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
