"""``newsseg show`` reports opened in a real headless Chromium.

Chromium loads each report from a file, runs its script and renders it: the
DOM it dumps must hold every segment with the kind, rule and offsets of
``newsseg PAGE --json``, right to left, with no element the page text tried
to inject; its screenshot must show the colours of the kinds. Skipped, with
the reason, where no Chromium is installed (Debian: ``apt-get install -y chromium``).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lhtml

from newsseg.io.report import KIND_COLOURS

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PAGES = REPO / "examples" / "pages"
BODY = "وقالت الوزارة في بيان إن أعمال الصيانة ستستمر حتى نهاية الشهر الجاري في جميع المحافظات."
HOSTILE = (
    'عنوان الخبر <script>document.title="pwned"</script> & "اقتباس"\r\n'
    f"{BODY} </main><img src=x onerror=\"document.title='pwned'\">\r\n"
    f"{BODY}\n"
    "اقرأ أيضا: <b>خبر</b> آخر عن المياه\n"
    "المصدر: وكالات\n"
)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[list[str]]:
    exe = _chromium()
    if exe is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install -y chromium)")
    with tempfile.TemporaryDirectory(prefix="newsseg-chromium-") as profile:
        yield [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
            f"--user-data-dir={profile}",
        ]


def _run(browser: list[str], *args: str) -> subprocess.CompletedProcess[bytes]:
    r = subprocess.run([*browser, *args], capture_output=True, timeout=180, check=False)
    assert r.returncode == 0, r.stderr.decode(errors="replace")[-2000:]
    return r


def dump_dom(browser: list[str], page: Path) -> Any:
    r = _run(browser, "--virtual-time-budget=2000", "--dump-dom", page.as_uri())
    # The dump writes a carriage return of the DOM as it is; lxml would read it as
    # a line end, so it is given as a reference.
    return lhtml.document_fromstring(r.stdout.decode("utf-8").replace("\r", "&#13;"))


def screenshot(browser: list[str], page: Path, out: Path) -> Path:
    _run(browser, "--window-size=1200,900", f"--screenshot={out}", page.as_uri())
    assert out.is_file()
    return out


# ---------------------------------------------------------- a tiny PNG reader


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """``(width, height, rows)`` of an 8-bit RGB or RGBA PNG, each row as bytes."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    width = height = depth = colour = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert depth == 8, f"bit depth {depth}"
    assert colour in (2, 6), f"colour type {colour}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    if bpp == 4:  # drop alpha
        rows = [b"".join(r[i:i + 3] for i in range(0, len(r), 4)) for r in rows]
    return width, height, rows


def colour_counts(path: Path) -> dict[bytes, int]:
    _, _, rows = png_pixels(path)
    counts: dict[bytes, int] = {}
    for row in rows:
        for i in range(0, len(row), 3):
            px = row[i:i + 3]
            counts[px] = counts.get(px, 0) + 1
    return counts


def rgb(hex_colour: str) -> bytes:
    return bytes.fromhex(hex_colour.lstrip("#"))


def test_png_reader_on_a_made_png(tmp_path: Path) -> None:
    """The reader itself, on a PNG written here with every filter type."""
    width, height = 5, 5
    pixels = [[(x * 40, y * 50, (x + y) * 20) for x in range(width)] for y in range(height)]
    raw = b""
    prev = bytes(width * 3)
    for y, row in enumerate(pixels):
        line = bytes(v for px in row for v in px)
        f = y % 5
        if f == 0:
            enc = line
        elif f == 1:
            enc = bytes((line[i] - (line[i - 3] if i >= 3 else 0)) & 0xFF for i in range(len(line)))
        elif f == 2:
            enc = bytes((line[i] - prev[i]) & 0xFF for i in range(len(line)))
        elif f == 3:
            enc = bytes((line[i] - (((line[i - 3] if i >= 3 else 0) + prev[i]) >> 1)) & 0xFF
                        for i in range(len(line)))
        else:
            out = []
            for i in range(len(line)):
                a = line[i - 3] if i >= 3 else 0
                b, c = prev[i], (prev[i - 3] if i >= 3 else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                out.append((line[i] - (a if pa <= pb and pa <= pc else (b if pb <= pc else c)))
                           & 0xFF)
            enc = bytes(out)
        raw += bytes([f]) + enc
        prev = line

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    (tmp_path / "t.png").write_bytes(png)
    w, h, rows = png_pixels(tmp_path / "t.png")
    assert (w, h) == (width, height)
    assert rows == [bytes(v for px in row for v in px) for row in pixels]


# --------------------------------------------------------------- the reports


def _newsseg(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsseg", *args], input=stdin, capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=180, check=True,
    )


def _pages(tmp_path: Path) -> list[Path]:
    pages = [tmp_path / "hostile.txt", EXAMPLE_PAGES / "fuel-prices.txt",
             EXAMPLE_PAGES / "desalination-plant.html"]
    pages[0].write_bytes(HOSTILE.encode("utf-8"))
    corpus = Path(os.environ.get("NEWSSEG_CORPUS") or REPO.parent / "shared" / "corpus")
    real = sorted((corpus / "pages").glob("*.html"))[:1]  # a real page, read where it is
    return pages + real


def _check_dom(root: Any, want: dict[str, Any], name: str) -> None:
    assert root.get("dir") == "rtl", name
    (main_el,) = root.xpath('//main[@id="page"]')
    assert main_el.get("dir") == "rtl"
    got = [
        (el.get("data-kind"), el.get("data-rule"), int(el.get("data-start")),
         int(el.get("data-end")), el.text_content())
        for el in main_el.xpath('.//*[contains(concat(" ", @class, " "), " seg ")]')
    ]
    assert got == [(s["kind"], s["rule"], s["start"], s["end"], s["text"])
                   for s in want["segments"]], name
    assert main_el.text_content() == want["text"], name
    # the script ran (the CSP let it) and nothing from the page became an element
    assert root.xpath("//body")[0].get("data-ready") == "1", name
    assert root.xpath("//title")[0].text_content().startswith("newsseg · "), name
    assert len(root.xpath("//script")) == 1, name
    assert not root.xpath("//img | //iframe | //*[@onerror] | //main//b | //main//a"), name
    legend = {b.get("data-kind"): int(b.xpath("b")[0].text) for b in root.xpath("//ul/li/button")}
    counts: dict[str, int] = {}
    for s in want["segments"]:
        counts[s["kind"]] = counts.get(s["kind"], 0) + 1
    assert legend == counts, name


def test_reports_render_as_json_says(browser: list[str], tmp_path: Path) -> None:
    pages = _pages(tmp_path)
    out = tmp_path / "report"
    _newsseg("show", *map(str, pages), "-o", str(out))
    index = dump_dom(browser, out / "index.html")
    links = [a.get("href") for a in index.xpath("//table//a")]
    assert len(links) == len(pages)
    for page, href in zip(pages, links, strict=True):
        want = json.loads(_newsseg("--json", str(page)).stdout)
        _check_dom(dump_dom(browser, out / href), want, page.name)


def test_screenshot_shows_the_kinds(browser: list[str], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    _newsseg("show", str(EXAMPLE_PAGES / "desalination-plant.html"), "-o", str(out))
    counts = colour_counts(screenshot(browser, out, tmp_path / "shot.png"))
    assert len(counts) > 50, "the screenshot is (nearly) blank"
    top = max(counts.values())
    assert top < 0.8 * sum(counts.values()), "one colour fills the screenshot"
    for kind in ("title", "body", "meta", "caption", "read_also", "subheading"):
        assert counts.get(rgb(KIND_COLOURS[kind]), 0) > 200, f"no {kind} colour on screen"


def test_clicking_a_segment_fills_the_panel(browser: list[str], tmp_path: Path) -> None:
    """The report's own script, driven in the browser: a click shows rule and offsets."""
    out = tmp_path / "report.html"
    _newsseg("show", str(EXAMPLE_PAGES / "fuel-prices.txt"), "-o", str(out))
    # A copy that clicks its third segment once loaded (the copy drops the CSP, which
    # would rightly block the added script).
    text = out.read_text(encoding="utf-8")
    start = text.index('<meta http-equiv="Content-Security-Policy"')
    text = text[:start] + text[text.index(">", start) + 1:]
    text = text.replace("</body>", '<script>document.querySelectorAll(".seg")[2].click();'
                                   "</script></body>")
    clicked = tmp_path / "clicked.html"
    clicked.write_text(text, encoding="utf-8")
    root = dump_dom(browser, clicked)
    segs = root.xpath('//main//*[contains(@class, "seg")]')
    assert "sel" in segs[2].get("class").split()
    for key in ("kind", "rule", "start", "end"):
        assert root.xpath(f'//*[@id="d-{key}"]')[0].text_content() == segs[2].get(f"data-{key}")
    assert root.xpath('//*[@id="d-text"]')[0].text_content() == segs[2].text_content()
    assert root.xpath('//*[@id="detail"]')[0].get("hidden") is None
