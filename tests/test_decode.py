"""The one decoder (``newsseg.formats.decode``) and every entry point that uses it.

The CLI, ``newsseg batch``, the datatrove step and the API's ``bytes`` input
must read the same bytes as the same text, and refuse binary data the same way.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from pathlib import Path
from typing import Any

import pytest

import newsseg
from newsseg.errors import InputError
from newsseg.formats.decode import Decoded, declared_encoding, decode
from newsseg.io.batch import RecordError, decode_page
from newsseg.io.batch import main as batch_main
from newsseg.io.cli import main as cli_main
from newsseg.io.integrations.datatrove import extract
from tests.pages import BOOKS, MARKET, html_page, text_page

TEXT = text_page(MARKET)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(200)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02"
       + zlib.compress(bytes(range(256)) * 8))


# ------------------------------------------------------------------ each step


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_byte_order_marks(codec: str) -> None:
    bom = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
           "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
           "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    assert decode(bom + TEXT.encode(codec)) == Decoded(TEXT, codec, "bom")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom(codec: str) -> None:
    assert decode(TEXT.encode(codec)) == Decoded(TEXT, codec, "utf-16")


@pytest.mark.parametrize("codec", ["cp1256", "iso-8859-6"])
def test_legacy_arabic_is_detected(codec: str) -> None:
    d = decode(TEXT.encode(codec))
    assert (d.text, d.how) == (TEXT, "detected")
    assert codecs.lookup(d.encoding).name == codecs.lookup(codec).name


def test_a_stray_nul_is_not_binary() -> None:
    data = TEXT.encode("cp1256") + b"\x00"
    assert decode(data).text == TEXT + "\x00"
    assert decode(TEXT.encode("utf-8") + b"\x00\x00").text == TEXT + "\x00\x00"


@pytest.mark.parametrize(
    "data",
    [ELF, PNG, gzip.compress(TEXT.encode("utf-8"), mtime=0), bytes(range(256)) * 4, bytes(64),
     codecs.BOM_UTF16_LE + "\x00\x01\x02 ".encode("utf-16-le") * 50],
    ids=["elf", "png", "gzip", "all-bytes", "nuls", "utf16-bom-controls"],
)
def test_binary_data_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^binary data, not a text page: \d+ of its \d+ "):
        decode(data)


def test_valid_utf8_wins_over_a_stale_declaration() -> None:
    page = html_page(MARKET, charset="windows-1256")
    d = decode(page.encode("utf-8"))
    assert (d.text, d.encoding, d.how) == (page, "utf-8", "utf-8")


def test_utf8_cut_mid_character() -> None:
    data = TEXT.encode("utf-8")[:-2]  # the last line ends inside a letter
    assert data[-1] >= 0x80
    d = decode(data)
    assert d.how == "utf-8"
    assert d.text.endswith("\ufffd")
    assert d.text[:-1] == data.decode("utf-8", "ignore")


def test_lines_in_a_legacy_encoding_in_a_utf8_page() -> None:
    lines = TEXT.splitlines(keepends=True)
    data = b"".join(ln.encode("cp1256" if i == 1 else "utf-8") for i, ln in enumerate(lines))
    d = decode(data)
    assert (d.text, d.encoding, d.how, d.legacy) == (TEXT, "utf-8", "mixed", "cp1256")


def test_the_declared_charset() -> None:
    latin = "Le café est fermé; à bientôt, les élèves."
    assert decode(latin.encode("cp1252"), encoding="windows-1252").text == latin
    page = f'<meta charset="iso-8859-15"><p>{latin}</p>'
    d = decode(page.encode("iso-8859-15"))
    assert (d.text, d.encoding, d.how) == (page, "iso8859-15", "declared")
    # html=False: the page's own declaration is not looked for
    assert decode(page.encode("iso-8859-15"), html=False).how == "detected"


def test_a_western_default_gives_way_to_arabic() -> None:
    data = TEXT.encode("cp1256")
    for header in ("ISO-8859-1", "windows-1252", "us-ascii"):
        d = decode(data, encoding=header)
        assert (d.text, d.encoding) == (TEXT, "cp1256")
    page = html_page(MARKET, charset="iso-8859-6")  # the page's word, over the server's
    assert decode(page.encode("iso-8859-6"), encoding="iso-8859-1").text == page


@pytest.mark.parametrize("label", ["x-no-such", "utf-7", "cp037", "utf-16", "rot13", "zlib"])
def test_unknown_or_unusable_charsets_are_ignored(label: str) -> None:
    data = TEXT.encode("cp1256")
    assert decode(data, encoding=label).text == TEXT
    page = f'<meta charset="{label}">{TEXT}'
    assert decode(page.encode("cp1256")).text == page
    assert declared_encoding(f'<meta charset="{label}">'.encode()) is None


def test_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="windows-1256"?><p>نص</p>'
    assert declared_encoding(page.encode("cp1256")) == "cp1256"


def test_wrong_type() -> None:
    with pytest.raises(InputError, match="takes bytes, not str"):
        decode("نص")  # type: ignore[arg-type]


# ------------------------------------------------------- every entry point

CASES: dict[str, bytes] = {
    "utf8": TEXT.encode("utf-8"),
    "cp1256": TEXT.encode("cp1256"),
    "iso-8859-6": TEXT.encode("iso-8859-6"),
    "utf16": TEXT.encode("utf-16"),
    "utf16-le": TEXT.encode("utf-16-le"),
    "cp1256-nul": TEXT.encode("cp1256") + b"\x00",
}


def _cli_text(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli_main(["--json", "--compact", str(path)]) == 0
    text: str = json.loads(capsys.readouterr().out)["text"]
    return text


def test_every_entry_point_reads_bytes_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, data in CASES.items():
        (folder / f"{name}.txt").write_bytes(data)
    out = tmp_path / "out.jsonl"
    assert batch_main([str(folder), "-o", str(out), "-j", "1", "-q"]) == 0
    batch = {Path(r["id"]).stem: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    assert sorted(batch) == sorted(CASES)
    for name, data in CASES.items():
        want = decode(data, html=False).text
        assert want.rstrip("\x00") == TEXT, name
        doc = newsseg.segment(data)
        assert doc.text == want, name
        assert doc == newsseg.segment(want)
        assert newsseg.clean(data) == newsseg.clean(want)
        assert _cli_text(folder / f"{name}.txt", capsys) == want, name
        assert "error" not in batch[name], batch[name]
        assert batch[name]["text"] == want, name
        assert decode_page(data, html=False) == want
        assert extract(data, html=False)[1]["title"] == MARKET[0]


def test_html_entry_points_read_bytes_alike(tmp_path: Path) -> None:
    page = html_page(BOOKS, charset="windows-1256")
    data = page.encode("cp1256")
    doc = newsseg.segment_html(data)
    assert doc == newsseg.segment_html(page)
    assert doc.title == BOOKS[0]
    (tmp_path / "p.html").write_bytes(data)
    out = tmp_path / "out.jsonl"
    assert batch_main([str(tmp_path / "p.html"), "-o", str(out), "-q"]) == 0
    rec: dict[str, Any] = json.loads(out.read_text("utf-8"))
    assert rec["text"] == doc.text


@pytest.mark.parametrize("data", [ELF, PNG], ids=["elf", "png"])
def test_every_entry_point_refuses_binary_data(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for call in (newsseg.segment, newsseg.clean, newsseg.segment_html):
        with pytest.raises(InputError, match=r"^binary data"):
            call(data)
    path = tmp_path / "file.bin"
    path.write_bytes(data)
    assert cli_main([str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # one line
    assert err.startswith(f"newsseg: {path}: InputError: binary data, not a text page:")
    with pytest.raises(RecordError, match=r"^binary data") as e:
        decode_page(data)
    assert e.value.reason == "undecodable"
    with pytest.raises(RecordError, match=r"^binary data"):
        extract(data)
