#!/usr/bin/env python3
"""Throughput of newsseg.normalize on ~20 MB of made-up Arabic news text.

    python benchmarks/bench_normalize.py              # 20 MB, 5 repetitions
    python benchmarks/bench_normalize.py --mb 5 --reps 3

Times ``align(text, MATCHING)`` (normalized text plus offset map) and
``normalize(text, MATCHING)`` (text only), and, as a same-run baseline, a
bare ``str.translate`` with MATCHING's table as a plain ``str.maketrans``
dict: the least any char-by-char normalizer in pure Python has to pay.
Two texts: "news" (typical unvocalized news prose, with the noise pages
carry) and "vocalized" (every letter has a haraka: the worst case for the
map, one breakpoint per letter). MB/s counts UTF-8 bytes; figures are the
median of the repetitions.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsseg.normalize import MATCHING, TableStep, align, normalize

# Everyday words of news prose (with their hamzas, teh marbutas and alef
# maqsuras, which the folds touch), written for this benchmark.
_VOCABULARY = (
    "قال أعلن الرئيس الحكومة وزارة الخارجية في من على إلى عن أن الذي التي مع بعد "
    "قبل خلال مصدر مسؤول رئيس الوزراء البرلمان الاقتصاد النفط الأسعار ارتفاع انخفاض "
    "المدينة العاصمة الأمم المتحدة مجلس الأمن اجتماع مؤتمر صحفي بيان رسمي أكد أشار "
    "إطار اتفاق جديد مستشفى مصطفى سلطة الانتخابات المقبلة الماضي الأسبوع اليوم أمس "
    "الشرطة الجيش القوات المنطقة الحدود إسرائيل فلسطين مصر الأردن لبنان سوريا العراق "
    "السعودية الإمارات قطر الكويت المغرب الجزائر تونس ليبيا السودان اليمن عمان"
)
WORDS = tuple(_VOCABULARY.split())
MARKERS = ("اقرأ أيضا:", "إقرأ أيضاً:", "المصدر: وكالات", "كلمات دلالية:", "مقالات مشابهة")
HARAKAT = "\u064e\u064f\u0650\u0652"


def _word(rng: random.Random) -> str:
    w = rng.choice(WORDS)
    r = rng.random()
    if r < 0.03:
        w += "\u064b"  # tanween
    elif r < 0.035:
        w = w[:1] + "\u0640" + w[1:]  # tatweel
    elif r < 0.038:
        w = w.replace("ي", "\u06cc")  # Persian yeh
    elif r < 0.040:
        w = w.replace("لا", "\ufefb")  # lam-alef ligature
    return w


def _sentence(rng: random.Random) -> str:
    words = [_word(rng) for _ in range(rng.randint(6, 22))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), str(rng.randint(1, 2030)).translate(_INDIC))
    sep = rng.choice([" ", " ", " ", " ", "، ", "\u00a0"])
    return sep.join(words) + rng.choice([".", ".", ".", "؟", "…", ":"])


_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def news_text(megabytes: float, seed: int = 7) -> str:
    """Paragraphs, headlines, bullets and marker lines, ``megabytes`` of UTF-8."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    lines: list[str] = []
    size = 0
    while size < target:
        r = rng.random()
        if r < 0.6:
            line = " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))
        elif r < 0.75:
            line = " ".join(_word(rng) for _ in range(rng.randint(3, 8)))
        elif r < 0.85:
            line = "• " + " ".join(_word(rng) for _ in range(rng.randint(3, 8)))
        elif r < 0.92:
            line = rng.choice(MARKERS) + " " + _word(rng)
        else:
            line = "\u200f" + _sentence(rng)  # pasted text with a bidi mark
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    return "\n".join(lines)


def vocalized_text(megabytes: float, seed: int = 11) -> str:
    """Every Arabic letter followed by a haraka: one deletion per letter."""
    rng = random.Random(seed)
    plain = news_text(megabytes / 1.8, seed)
    return "".join(c + rng.choice(HARAKAT) if "\u0621" <= c <= "\u064a" else c for c in plain)


def _median_seconds(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench(label: str, text: str, reps: int) -> None:
    mb = len(text.encode("utf-8", "surrogatepass")) / 1_000_000
    (fused,) = MATCHING._plan  # MATCHING runs as one fused table
    assert isinstance(fused, TableStep)
    plain_table = str.maketrans({k: v for k, v in fused.mapping})

    t_translate = _median_seconds(lambda: text.translate(plain_table), reps)
    t_normalize = _median_seconds(lambda: normalize(text, MATCHING), reps)
    t_align = _median_seconds(lambda: align(text, MATCHING), reps)

    a = align(text, MATCHING)
    assert a.text == normalize(text, MATCHING) == text.translate(plain_table)
    breakpoints = len(a.breakpoints)
    map_bytes = sum(arr.buffer_info()[1] * arr.itemsize for arr in (a._positions, a._deltas))

    print(f"{label}: {mb:.1f} MB, {len(text):,} chars, median of {reps}")
    print(f"  str.translate (maketrans dict)  {mb / t_translate:7.1f} MB/s  (baseline)")
    print(
        f"  normalize(text, MATCHING)       {mb / t_normalize:7.1f} MB/s  "
        f"x{t_translate / t_normalize:.2f} of baseline"
    )
    print(
        f"  align(text, MATCHING)           {mb / t_align:7.1f} MB/s  "
        f"x{t_translate / t_align:.2f} of baseline"
    )
    print(
        f"  offset map: {breakpoints:,} breakpoints, {map_bytes / 1e6:.1f} MB "
        f"({breakpoints / max(len(text), 1):.2%} of the characters)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the text (UTF-8 MB)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions (median is shown)")
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}")
    bench("news", news_text(args.mb), args.reps)
    bench("vocalized", vocalized_text(args.mb), args.reps)


if __name__ == "__main__":
    main()
