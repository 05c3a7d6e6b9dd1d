#!/usr/bin/env python3
"""Run the corpus scores, the speed benchmark and the memory benchmark in turn.

    python benchmarks/run_all.py                 # all three, summary at the end
    python benchmarks/run_all.py --no-memory --reps 3

The corpus scores need the shared corpus (``../shared/corpus`` or
``$NEWSSEG_CORPUS``) and are left out without it; the speed benchmark then times
synthetic pages. Run it with a Python that also has trafilatura and resiliparse
to get the ratios. The closing block is meant to be pasted into an issue note.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import bench_memory
import bench_speed
import evaluate


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(evaluate.REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.stdout.strip() or "no commit"


def summary_block(results: dict[str, Any]) -> str:
    """The figures of all three benchmarks as one block of text."""
    lines = [
        f"newsseg {results['version']} @ {results['commit']}, Python {results['python']}, "
        f"{results['date']}"
    ]
    for fmt, s in results.get("corpus", {}).items():
        kinds = " ".join(f"{k}={v:.2f}" for k, v in s["kind_F1"].items())
        char = f" char_acc={s['char_acc']:.3f}" if fmt == "text" else ""
        lines.append(
            f"corpus {fmt} ({s['pages']} pages, {s['failures']} failures): "
            f"article P={s['article_P']:.3f} R={s['article_R']:.3f} F1={s['article_F1']:.3f} "
            f"clean={s['clean']:.2f}{char}"
        )
        lines.append(f"  kind F1: {kinds}")
    if "corpus_skipped" in results:
        lines.append(f"corpus: skipped ({results['corpus_skipped']})")
    if "speed" in results:
        lines.append(bench_speed.report(results["speed"]))
    if "memory" in results:
        lines.append(bench_memory.report(results["memory"]))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder")
    ap.add_argument("--synthetic", action="store_true", help="time synthetic pages for speed")
    ap.add_argument("--reps", type=int, default=5, help="timed passes per system (default 5)")
    ap.add_argument("--text-mb", type=float, default=50.0, help="memory: text page size")
    ap.add_argument("--html-mb", type=float, default=5.0, help="memory: HTML page size")
    ap.add_argument("--mem-timeout", type=float, default=900.0, help="memory: seconds per child")
    ap.add_argument("--no-memory", action="store_true", help="leave out the memory benchmark")
    ap.add_argument("--json", action="store_true", help="also print all results as JSON")
    args = ap.parse_args(argv)
    evaluate.use_checkout()
    import newsseg

    corpus: Path = args.corpus or evaluate.default_corpus()
    results: dict[str, Any] = {
        "version": str(getattr(newsseg, "__version__", "?")),
        "commit": _commit(),
        "python": platform.python_version(),
        "date": datetime.date.today().isoformat(),
    }

    if (corpus / "gold").is_dir():
        results["corpus"] = {}
        for fmt in ("text", "html"):
            if fmt == "html" and not hasattr(newsseg, "segment_html"):
                results["corpus_skipped"] = "html: newsseg.segment_html does not exist"
                continue
            summary = evaluate.evaluate(corpus, only=fmt)
            if summary["pages"]:
                results["corpus"][fmt] = summary
                print(evaluate.format_summary(summary).replace("newsseg:", f"newsseg ({fmt}):"))
    else:
        results["corpus_skipped"] = f"no corpus at {corpus}"

    results["speed"] = bench_speed.run(corpus, synthetic=args.synthetic, reps=args.reps)
    print(bench_speed.report(results["speed"]))

    if not args.no_memory:
        print(bench_memory.HEADER, flush=True)
        results["memory"] = bench_memory.run(
            args.text_mb,
            args.html_mb,
            args.mem_timeout,
            lambda r: print(bench_memory.report_line(r), flush=True),
        )

    print("\n---- summary ----")
    print(summary_block(results))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
