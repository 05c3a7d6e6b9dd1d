#!/usr/bin/env python3
"""How well decoders read the corpus's pages in the encodings Arabic pages come in.

    python benchmarks/bench_decode.py            # newsseg's decoder against the others
    python benchmarks/bench_decode.py --json out.json

Every page of the corpus (``../shared/corpus`` or ``$NEWSSEG_CORPUS``) is
re-encoded in each of the cases below, and each decoder is asked for its
text. A decode is right when it gives the page's text back (a byte-order
mark, U+FFFD and NUL characters aside; characters the encoding cannot hold
are '?' in both). Binary files (an executable, a PNG image, a gzip file,
random bytes) are right when the decoder refuses them.

Cases: ``utf-8``, ``utf-8-bom``, ``utf-16`` (with a BOM), ``utf-16-le`` and
``utf-16-be`` (without), ``cp1256`` (windows-1256), ``iso-8859-6``,
``cp1256+latin-header`` (windows-1256 bytes sent as ISO-8859-1, a server's
default), ``cp1256+nul`` (one trailing NUL byte), ``first-line-cp1256`` and
``first-line-iso-8859-6`` (a text page's first line alone: little to go
on), ``utf-8-truncated`` (cut
in the middle of a character), ``utf-8+cp1256-line`` (one paragraph in
windows-1256 in a UTF-8 page), and for HTML pages ``cp1256-meta-utf8`` and
``iso-8859-6-meta-utf8`` (re-encoded, the ``<meta charset>`` left saying
UTF-8). An HTML page's ``<meta charset>`` is otherwise rewritten to its
encoding; a text page declares nothing.

Decoders: ``newsseg`` (:func:`newsseg.formats.decode.decode`), ``utf-8-replace``
(what ``newsseg PAGE`` did before), ``charset-normalizer`` (``from_bytes(data)
.best()``), and for every page ``w3lib`` (``html_to_unicode``: BOM, HTTP
header, ``<meta>``, then UTF-8) and ``w3lib+cn`` (the same with
charset-normalizer as its detector). Those not installed are left out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsseg.errors import InputError  # noqa: E402
from newsseg.formats.decode import decode  # noqa: E402

# A decoder: (bytes, HTTP charset or None, is_html) -> text, or None if it refuses.
Decoder = Callable[[bytes, "str | None", bool], "str | None"]


def corpus_dir() -> Path:
    env = os.environ.get("NEWSSEG_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpus"


def _newsseg(data: bytes, header: str | None, html: bool) -> str | None:
    try:
        return decode(data, encoding=header, html=html).text
    except InputError:
        return None


def _utf8_replace(data: bytes, header: str | None, html: bool) -> str | None:
    return data.decode("utf-8", "replace").removeprefix("\ufeff")


def decoders() -> dict[str, Decoder]:
    out: dict[str, Decoder] = {"newsseg": _newsseg, "utf-8-replace": _utf8_replace}
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        from_bytes = None
    if from_bytes is not None:

        def _cn(data: bytes, header: str | None, html: bool) -> str | None:
            best = from_bytes(data).best()
            return None if best is None else str(best)

        out["charset-normalizer"] = _cn
    try:
        from w3lib.encoding import html_to_unicode
    except ImportError:
        return out

    def _w3lib(data: bytes, header: str | None, html: bool) -> str | None:
        ctype = f"text/html; charset={header}" if header else None
        return html_to_unicode(ctype, data)[1]

    out["w3lib"] = _w3lib
    if from_bytes is not None:

        def _detect(data: bytes) -> str | None:
            best = from_bytes(data).best()
            return None if best is None else best.encoding

        def _w3lib_cn(data: bytes, header: str | None, html: bool) -> str | None:
            ctype = f"text/html; charset={header}" if header else None
            return html_to_unicode(ctype, data, auto_detect_fun=_detect)[1]

        out["w3lib+cn"] = _w3lib_cn
    return out


# ------------------------------------------------------------------------ cases

_META = re.compile(r"""charset\s*=\s*["']?\s*utf-?8""", re.IGNORECASE)


def _declare(page: str, html: bool, label: str) -> str:
    return _META.sub(f"charset={label}", page) if html else page


def _legacy(page: str, codec: str) -> tuple[bytes, str]:
    data = page.encode(codec, "replace")
    return data, data.decode(codec)


def cases(page: str, html: bool) -> Iterator[tuple[str, bytes, str, str | None]]:
    """``(case, bytes, expected text, HTTP charset)`` for one page."""
    yield "utf-8", page.encode("utf-8"), page, None
    yield "utf-8-bom", b"\xef\xbb\xbf" + page.encode("utf-8"), page, None
    yield "utf-16", page.encode("utf-16"), page, None
    yield "utf-16-le", page.encode("utf-16-le"), page, None
    yield "utf-16-be", page.encode("utf-16-be"), page, None
    data, text = _legacy(_declare(page, html, "windows-1256"), "cp1256")
    yield "cp1256", data, text, None
    yield "cp1256+latin-header", data, text, "iso-8859-1"
    yield "cp1256+nul", data + b"\x00", text + "\x00", None
    data, text = _legacy(_declare(page, html, "iso-8859-6"), "iso-8859-6")
    yield "iso-8859-6", data, text, None
    first = next((ln for ln in page.split("\n") if ln.strip()), "")
    if not html and first:  # a short page: its first line alone
        for codec in ("cp1256", "iso-8859-6"):
            data, text = _legacy(first, codec)
            yield f"first-line-{codec}", data, text, None
    raw = page.encode("utf-8")
    cut = len(raw) // 2
    while cut < len(raw) and (raw[cut] & 0xC0) != 0x80:
        cut += 1  # inside a character
    if cut < len(raw):
        yield "utf-8-truncated", raw[:cut], raw[:cut].decode("utf-8", "ignore"), None
    lines = page.split("\n")
    arabic = [i for i, ln in enumerate(lines) if len(re.findall("[\u0621-\u064a]", ln)) >= 20]
    if arabic:
        i = arabic[len(arabic) // 2]
        try:
            legacy = lines[i].encode("cp1256")
        except UnicodeEncodeError:
            legacy = None
        if legacy is not None:
            parts = [ln.encode("utf-8") for ln in lines]
            parts[i] = legacy
            yield "utf-8+cp1256-line", b"\n".join(parts), page, None
    if html:
        data, text = _legacy(page, "cp1256")
        yield "cp1256-meta-utf8", data, text, None
        data, text = _legacy(page, "iso-8859-6")
        yield "iso-8859-6-meta-utf8", data, text, None


def binaries() -> Iterator[tuple[str, bytes]]:
    rng = random.Random(0)
    with open(sys.executable, "rb") as f:
        yield "elf-executable", f.read(1 << 16)
    pixels = bytes(rng.randrange(256) for _ in range(64 * 64 * 3))
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(13) + zlib.compress(pixels)
    yield "png-image", png
    yield "gzip-file", gzip.compress(("خبر عاجل " * 2000).encode("utf-8"), mtime=0)
    yield "random-bytes", bytes(rng.randrange(256) for _ in range(1 << 15))


def _same(got: str | None, want: str) -> bool:
    if got is None:
        return False
    drop = dict.fromkeys(map(ord, "\ufeff\ufffd\x00"))
    return got.translate(drop) == want.translate(drop)


def run(corpus: Path) -> dict[str, Any]:
    decs = decoders()
    pages = sorted((corpus / "pages").glob("*.*"))
    if not pages:
        raise SystemExit(f"no pages in {corpus / 'pages'} (set NEWSSEG_CORPUS)")
    right: dict[str, dict[str, int]] = {}
    total: dict[str, int] = {}
    seconds = dict.fromkeys(decs, 0.0)
    for path in pages:
        html = path.suffix == ".html"
        page = path.read_text("utf-8")
        for case, data, want, header in cases(page, html):
            total[case] = total.get(case, 0) + 1
            for name, fn in decs.items():
                t = time.perf_counter()
                try:
                    got = fn(data, header, html)
                except Exception:  # a decoder that crashes is wrong on that page
                    got = None
                seconds[name] += time.perf_counter() - t
                right.setdefault(case, dict.fromkeys(decs, 0))[name] += _same(got, want)
    for case, data in binaries():
        total[case] = 1
        right[case] = {}
        for name, fn in decs.items():
            try:
                got = fn(data, None, False)
            except Exception:
                got = None
            right[case][name] = int(got is None)
    return {"pages": len(pages), "total": total, "right": right, "seconds": seconds}


def report(res: dict[str, Any]) -> str:
    names = list(res["seconds"])
    width = max(len(c) for c in res["total"]) + 2
    lines = [f"{res['pages']} corpus pages; right / cases", ""]
    lines.append("case".ljust(width) + "".join(n.rjust(20) for n in names))
    sums = dict.fromkeys(names, 0)
    for case, n in res["total"].items():
        row = case.ljust(width)
        for name in names:
            k = res["right"][case][name]
            sums[name] += k
            row += f"{k}/{n}".rjust(20)
        lines.append(row)
    all_cases = sum(res["total"].values())
    lines.append("all".ljust(width) + "".join(f"{sums[n]}/{all_cases}".rjust(20) for n in names))
    lines.append("seconds".ljust(width) + "".join(f"{res['seconds'][n]:.2f}".rjust(20)
                                                  for n in names))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    res = run(args.corpus or corpus_dir())
    print(report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
