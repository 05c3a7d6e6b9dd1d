#!/usr/bin/env python3
"""Seed a fuzz corpus directory with a few made-up pages (only when it is empty).

    python fuzz/seeds.py segment fuzz/work/corpus/segment
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

import newsseg  # noqa: E402


def seeds(target: str) -> list[bytes]:
    """Seed inputs for ``target`` ('segment' or 'html')."""
    if target == "segment":
        pages = [newsseg.EXAMPLE_PAGE, *synth.text_pages(3, seed=7)]
        out = [b"\x00" + p.encode("utf-8") for p in pages]  # mode 0: UTF-8
        out.append(b"\x02" + bytes(range(0, 120, 3)))  # mode 2: lexicon phrases
        return out
    pages = list(synth.html_pages(3, seed=7))
    return [p.encode("utf-8") for p in pages] + [
        b'<html><head><meta charset="x-unknown"></head><body><p>\xd9\x86\xd8\xb5</p></body></html>',
        b"<div>" * 50 + b"\xd9\x86\xd8\xb5",
    ]


def main() -> None:
    target, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        return
    for i, data in enumerate(seeds(target)):
        (out / f"seed-{i}").write_bytes(data)


if __name__ == "__main__":
    main()
