"""newsseg as a datatrove step: examples/datatrove_pipeline.py on a WARC file made here."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("warcio")

from datatrove.data import Document as DtDocument

from newsseg.integrations.datatrove import NewssegExtractor, extract
from tests.pages import BOOKS, RAIN, html_page

ROOT = Path(__file__).resolve().parents[1]





def _record(url: str, body: bytes, ctype: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(rec)
    return buf.getvalue()


def write_warc(path: Path) -> None:
    broken = bytearray(_record("https://x.example/broken", html_page(BOOKS).encode(), "text/html"))
    broken[len(broken) // 3 : len(broken) // 3 + 40] = b"\x00" * 40
    path.write_bytes(
        b"".join(
            [
                _record("https://x.example/books", html_page(BOOKS).encode(), "text/html"),
                _record("https://x.example/logo", b"\x89PNG" + bytes(100), "image/png"),
                bytes(broken),
                _record(
                    "https://x.example/rain",
                    html_page(RAIN, charset=None).encode("cp1256"),
                    "text/html; charset=windows-1256",
                ),
            ]
        )
    )


def _load_example() -> Any:
    spec = importlib.util.spec_from_file_location(
        "datatrove_pipeline", ROOT / "examples" / "datatrove_pipeline.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_pipeline_on_a_warc_file(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_warc(crawl / "part-0.warc.gz")
    out = tmp_path / "clean"
    example = _load_example()
    assert example.main([str(crawl), str(out), "--tasks", "1", "--workers", "1"]) == 0
    files = sorted(out.glob("*.jsonl.gz"))
    assert len(files) == 1
    with gzip.open(files[0], "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    assert [d["metadata"]["url"] for d in docs] == [
        "https://x.example/books",
        "https://x.example/rain",
    ]
    books, rain = docs
    assert books["text"] == "\n\n".join(BOOKS[:3])
    assert rain["text"].startswith(RAIN[0])
    assert RAIN[1] in rain["text"]
    meta = books["metadata"]["newsseg"]
    assert meta["title"] == BOOKS[0]
    assert meta["source"] == "وكالة الأنباء"
    assert "title" in [s["kind"] for s in meta["segments"]]
    stats = json.loads((out / "logs" / "stats.json").read_text())
    names = json.dumps(stats)
    assert "error_corrupt_record" in names
    assert "skipped_not_html" in names


def test_extractor_step_directly() -> None:
    step = NewssegExtractor(segments=False, metadata_key=None, include_title=False)
    docs = [
        DtDocument(text=html_page(RAIN), id="r", metadata={"url": "https://x.example/r"}),
        DtDocument(text="", id="empty"),
    ]
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["r"]
    assert out[0].text == f"{RAIN[1]}\n\n{RAIN[2]}"
    assert out[0].metadata["title"] == RAIN[0]
    assert "segments" not in out[0].metadata
    assert step.extract(html_page(BOOKS)).startswith(BOOKS[1])
    assert extract(html_page(BOOKS), html=True)[1]["tags"] == []


@pytest.mark.skipif(
    importlib.util.find_spec("cchardet") is None or importlib.util.find_spec("magic") is None,
    reason="datatrove's own WarcReader needs datatrove[io]",
)
def test_with_datatrove_own_warc_reader(tmp_path: Path) -> None:
    from datatrove.pipeline.readers import WarcReader

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / "a.warc.gz").write_bytes(
        _record("https://x.example/books", html_page(BOOKS).encode(), "text/html")
    )
    reader = WarcReader(str(crawl))
    docs = list(NewssegExtractor().run(reader.run()))
    assert [d.metadata["newsseg"]["title"] for d in docs] == [BOOKS[0]]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
