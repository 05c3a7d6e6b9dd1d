#!/usr/bin/env python3
"""Peak memory of newsseg on very large pages, as a multiple of the page's size.

    python benchmarks/bench_memory.py                  # 50 MB text, 5 MB HTML
    python benchmarks/bench_memory.py --text-mb 10 --html-mb 2 --json

Three inputs, built from synthetic pages (benchmarks/synth.py):

- ``text-lines``: a text page of ``--text-mb`` MB, synthetic pages one after another;
- ``text-line``: the same size as one single line (every newline made a space);
- ``html``: one HTML page of ``--html-mb`` MB, an article followed by a long list.

Each input is measured in two child processes: one that imports newsseg and
builds the input (the baseline), and one that does the same and then segments
it. The figure is the second's peak RSS (VmHWM) less the first's RSS once the
input is built, divided by the input's size in UTF-8 bytes; a peak reached while
building the input counts against newsseg, so the figure errs high. Where Linux
allows it, the measuring child also resets its peak right before segmenting
(``/proc/self/clear_refs``), which gives a second figure free of that noise.

Bars: text below 4x the page's size, HTML below 20x. At a few MB the lexicon
compiled on first use (about 9 MB) weighs on the text figure: the bar is for
the default 50 MB.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import evaluate
import synth

BARS = {"text-lines": 4.0, "text-line": 4.0, "html": 20.0}
MB = 1_000_000


def _status_kb(field: str) -> int | None:
    """A ``kB`` field of ``/proc/self/status`` (VmHWM, VmRSS), or None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _peak_kb() -> int:
    peak = _status_kb("VmHWM")
    if peak is not None:
        return peak
    import resource  # ru_maxrss is in kB on Linux, in bytes on macOS

    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss // 1024 if sys.platform == "darwin" else maxrss


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux 4.0+); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        return False
    return True


def utf8_size(text: str, chunk: int = 1 << 20) -> int:
    """The UTF-8 size of ``text``, encoded a piece at a time to keep the peak low."""
    return sum(len(text[i : i + chunk].encode("utf-8")) for i in range(0, len(text), chunk))


def build_input(kind: str, target_bytes: int) -> str:
    """The page to segment: ``text-lines``, ``text-line`` or ``html``, of about that size."""
    if kind == "html":
        return synth.big_html_page(target_bytes)
    pages = list(synth.text_pages(300))  # cycled: making 50 MB of new pages takes long
    sep = "\n" if kind == "text-lines" else " "
    if kind == "text-line":
        pages = [" ".join(p.split("\n")).strip() for p in pages]
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        page = pages[len(parts) % len(pages)]
        parts.append(page)
        size += len(page.encode("utf-8")) + 1
    return sep.join(parts)


def child(kind: str, target_bytes: int, measure: bool) -> dict[str, Any]:
    """Run in the child: build the input, segment it if ``measure``, report memory."""
    import newsseg

    page = build_input(kind, target_bytes)
    gc.collect()
    rss_before = _status_kb("VmRSS")
    out: dict[str, Any] = {"input_bytes": utf8_size(page), "chars": len(page)}
    out["rss_kb"] = rss_before if rss_before is not None else _peak_kb()
    if not measure:
        out["peak_kb"] = _peak_kb()
        return out
    reset = _reset_peak()
    t0 = time.perf_counter()
    doc = newsseg.segment_html(page) if kind == "html" else newsseg.segment(page)
    out["seconds"] = time.perf_counter() - t0
    out["peak_kb"] = _peak_kb()
    out["segments"] = len(doc.segments)
    if reset and rss_before is not None:
        out["in_child_kb"] = out["peak_kb"] - rss_before
    return out


def _run_child(kind: str, target_bytes: int, measure: bool, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    cmd += ["--bytes", str(target_bytes)] + (["--measure"] if measure else [])
    # The child imports the newsseg that this process would import.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p or os.getcwd() for p in sys.path))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"child exited {proc.returncode}: {tail}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def measure(kind: str, target_bytes: int, timeout: float = 900.0) -> dict[str, Any]:
    """Peak RSS of segmenting one input over the baseline child's, as a multiple of its size."""
    base = _run_child(kind, target_bytes, False, timeout)
    run = _run_child(kind, target_bytes, True, timeout)
    res: dict[str, Any] = {"kind": kind, "bar": BARS[kind]}
    if "error" in base or "error" in run:
        res["error"] = base.get("error") or run.get("error")
        return res
    size = run["input_bytes"]
    extra = (run["peak_kb"] - base["rss_kb"]) * 1024
    res.update(
        input_MB=size / MB,
        seconds=run["seconds"],
        segments=run["segments"],
        baseline_MB=base["rss_kb"] * 1024 / MB,
        baseline_peak_MB=base["peak_kb"] * 1024 / MB,
        peak_MB=run["peak_kb"] * 1024 / MB,
        extra_MB=extra / MB,
        multiple=extra / size,
    )
    if "in_child_kb" in run:
        res["in_child_multiple"] = run["in_child_kb"] * 1024 / size
    res["ok"] = res["multiple"] < BARS[kind]
    return res


HEADER = "peak memory of segmenting, over a child that only builds the input"


def run(
    text_mb: float = 50.0,
    html_mb: float = 5.0,
    timeout: float = 900.0,
    progress: Callable[[dict[str, Any]], object] | None = None,
) -> list[dict[str, Any]]:
    """Measure the three inputs, handing each result to ``progress`` as it comes."""
    sizes = {"text-lines": text_mb, "text-line": text_mb, "html": html_mb}
    results = []
    for kind, mb in sizes.items():
        results.append(measure(kind, int(mb * MB), timeout))
        if progress:
            progress(results[-1])
    return results


def report_line(r: dict[str, Any]) -> str:
    """One result as a line of text."""
    if "error" in r:
        return f"  {r['kind']:<10} ERROR: {r['error']}"
    also = f", {r['in_child_multiple']:.1f}x from a reset peak" if "in_child_multiple" in r else ""
    return (
        f"  {r['kind']:<10} {r['input_MB']:6.1f} MB in {r['seconds']:6.1f} s: "
        f"+{r['extra_MB']:.0f} MB = {r['multiple']:.1f}x the page{also} "
        f"(bar < {r['bar']:.0f}x: {'ok' if r['ok'] else 'OVER'})"
    )


def report(results: Sequence[dict[str, Any]]) -> str:
    """The results as lines of text."""
    return "\n".join([HEADER, *map(report_line, results)])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--text-mb", type=float, default=50.0, help="text page size (default 50)")
    ap.add_argument("--html-mb", type=float, default=5.0, help="HTML page size (default 5)")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per child")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--child", choices=sorted(BARS), help=argparse.SUPPRESS)
    ap.add_argument("--bytes", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.bytes, args.measure)))
        return 0
    evaluate.use_checkout()
    if args.json:
        results = run(args.text_mb, args.html_mb, args.timeout)
        print(json.dumps(results, indent=1))
    else:
        print(HEADER, flush=True)
        results = run(
            args.text_mb, args.html_mb, args.timeout, lambda r: print(report_line(r), flush=True)
        )
    return 0 if all(r.get("ok") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
