#!/usr/bin/env python3
"""Cost of newsseg at megabyte scale, page shape by page shape.

    python benchmarks/bench_scale.py                  # 0.5 MB and 2 MB of every shape
    python benchmarks/bench_scale.py --mb 1 --times 8 --only html

``tests/test_hostile.py`` proves linear cost from small pages up; a step that
copies the text before every line (a slice of ``text[:start]``) costs little
there, because the copy runs at memory speed, and only shows at megabytes. This
benchmark builds pages of one repeated shape (short lines between paragraphs,
marker lines, lists, headlines, dates, a page on one line, captions, teaser
questions; in HTML link lists, figures, headings, nested divs, tag boxes, credit
lines) at ``--mb`` and ``--times`` that size, and prints the CPU time of each and
their ratio: near ``--times`` is linear, its square quadratic. It exits 1 when a
ratio passes twice ``--times``. All text is made up for the benchmark.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import newsseg

BODY = (
    "وقال المتحدث باسم الوزارة إن الخطة تستهدف توفير كميات كبيرة من المياه خلال "
    "العام المقبل، مشيرا إلى أن التنفيذ سيبدأ قريبا."
)

TEXT_SHAPES = {
    "short-lines": f"صورة من الحدث\n{BODY}\n",
    "markers": f"{BODY}\nاقرأ أيضا: عنوان خبر آخر عن الاقتصاد\nالمصدر: وكالات\n"
    "كلمات دلالية: اقتصاد، مياه\n",
    "lists": f"مقالات ذات صلة\n- عنوان أول للخبر هنا\n- عنوان ثان للخبر هنا\n{BODY}\n",
    "headlines": f"عنوان خبر قصير\n{BODY}\n{BODY}\n",
    "dates": f"الأحد 15 نوفمبر 2026\n{BODY}\nبقلم: محمد علي\n",
    "one-line": f"{BODY}  اقرأ أيضا: عنوان آخر   ",
    "captions": f"(صورة: رويترز)\n{BODY}\n© أ ف ب\n",
    "questions": f"هل تنجح الخطة الجديدة في توفير المياه؟ {BODY}\n",
}
HTML_SHAPES = {
    "links": "<li><a href='/x'>عنوان خبر مرتبط هنا</a></li>",
    "link-paragraphs": f"<p>{BODY}</p><p><a href='/y'>اقرأ أيضا: عنوان آخر</a></p>",
    "figures": f"<figure><img src='a.jpg'><figcaption>صورة من الحدث</figcaption></figure>"
    f"<p>{BODY}</p>",
    "headings": f"<h2>عنوان فرعي</h2><p>{BODY}</p>",
    "divs": f"<div class='item'><span>تاريخ 2024</span><div>{BODY}</div></div>",
    "tag-boxes": f"<p>{BODY}</p>"
    "<div class='tags'><a href='/t'>وسم</a><a href='/t2'>وسم آخر</a></div>",
    "credits": f"<p>©</p><p>رويترز</p><p>{BODY}</p>",
}


def page(unit: str, n_bytes: int, html: bool) -> str:
    """``unit`` repeated to about ``n_bytes`` of UTF-8, as a page."""
    body = unit * max(1, n_bytes // len(unit.encode("utf-8")))
    if html:
        return f"<html><body><h1>عنوان الخبر</h1><article>{body}</article></body></html>"
    return body


def cpu(fn: Callable[[str], object], text: str) -> float:
    t0 = time.process_time()
    fn(text)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=0.5, help="the smaller page, MB (default 0.5)")
    ap.add_argument("--times", type=int, default=4, help="the larger page is this many times it")
    ap.add_argument("--only", choices=["text", "html"], help="one format only")
    args = ap.parse_args(argv)
    small = int(args.mb * 1e6)
    bad = 0
    print(f"{'':5s} {'shape':16s} {args.mb:>5g} MB {args.mb * args.times:>6g} MB   ratio")
    for fmt, shapes, fn in (("text", TEXT_SHAPES, newsseg.segment),
                            ("html", HTML_SHAPES, newsseg.segment_html)):
        if args.only and args.only != fmt:
            continue
        for name, unit in shapes.items():
            a = cpu(fn, page(unit, small, fmt == "html"))
            b = cpu(fn, page(unit, small * args.times, fmt == "html"))
            ratio = b / a if a else float("inf")
            flag = "  <- superlinear" if ratio > 2 * args.times else ""
            bad += bool(flag)
            print(f"{fmt:5s} {name:16s} {a:7.2f}s {b:8.2f}s  x{ratio:5.1f}{flag}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
