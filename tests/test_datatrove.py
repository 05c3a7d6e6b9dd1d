"""newsseg as a datatrove step: examples/datatrove_pipeline.py on WARC files made here,
on one task and on two tasks run by two workers at once, then run again."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("warcio")

from datatrove.data import Document as DtDocument

from newsseg.io.integrations.datatrove import NewssegExtractor, extract
from tests.pages import BOOKS, FOOTBALL, MARKET, RAIN, html_page, warc_record

ROOT = Path(__file__).resolve().parents[1]


def write_warc(path: Path) -> None:
    broken = bytearray(warc_record("https://x.example/broken", html_page(BOOKS).encode(), "text/html"))
    broken[len(broken) // 3 : len(broken) // 3 + 40] = b"\x00" * 40
    path.write_bytes(
        b"".join(
            [
                warc_record("https://x.example/books", html_page(BOOKS).encode(), "text/html"),
                warc_record("https://x.example/logo", b"\x89PNG" + bytes(100), "image/png"),
                bytes(broken),
                warc_record(
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


def _read_out(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_two_tasks_two_workers_and_a_rerun(tmp_path: Path) -> None:
    """Two shards run at once on the local executor; a rerun skips the finished
    task and redoes only the one whose completion mark is gone."""
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    pages = {"a": (BOOKS, MARKET), "b": (FOOTBALL, RAIN)}
    for name, blocks in pages.items():
        (crawl / f"{name}.warc.gz").write_bytes(b"".join(
            warc_record(f"https://x.example/{b[0][:12]}", html_page(b).encode(), "text/html")
            for b in blocks))  # fmt: skip
    out = tmp_path / "clean"
    example = _load_example()
    args = [str(crawl), str(out), "--tasks", "2", "--workers", "2"]
    assert example.main(args) == 0
    files = sorted(out.glob("*.jsonl.gz"))
    assert [f.name for f in files] == ["00000.jsonl.gz", "00001.jsonl.gz"]
    first = {f.name: _read_out(f) for f in files}
    titles = sorted(d["metadata"]["newsseg"]["title"] for docs in first.values() for d in docs)
    assert titles == sorted(b[0] for blocks in pages.values() for b in blocks)
    assert all(len(docs) == 2 for docs in first.values())  # one WARC file a task
    done = out / "logs" / "completions"
    assert sorted(p.name for p in done.iterdir()) == ["00000", "00001"]

    kept = files[0].stat().st_mtime_ns
    files[1].unlink()
    (done / "00001").unlink()
    assert example.main(args) == 0
    assert files[0].stat().st_mtime_ns == kept  # finished: skipped
    assert _read_out(files[1]) == first["00001.jsonl.gz"]  # redone, the same
    assert sorted(p.name for p in done.iterdir()) == ["00000", "00001"]


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
        warc_record("https://x.example/books", html_page(BOOKS).encode(), "text/html")
    )
    reader = WarcReader(str(crawl))
    docs = list(NewssegExtractor().run(reader.run()))
    assert [d.metadata["newsseg"]["title"] for d in docs] == [BOOKS[0]]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
