"""``newsseg batch IN -o out.parquet``: one row a page, in row groups, readable elsewhere.

pyarrow comes with ``newsseg[parquet]`` (and the test extra); without it the
tests that write Parquet are skipped and the error message is tested alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsseg
from newsseg.io.batch import _parquet
from newsseg.io.batch import main as batch_main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PAGES = REPO / "examples" / "pages"

BODY = "وقالت الوزارة في بيان إن أعمال الصيانة ستستمر حتى نهاية الشهر الجاري في جميع المحافظات."


def _pages(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"page-{i:03d}.txt"
        p.write_text(f"خبر رقم {i} عن المياه\n{BODY}\nالمصدر: وكالات\nالوسوم: المياه، الصيانة",
                     encoding="utf-8")
        out.append(p)
    for src in EXAMPLE_PAGES.iterdir():  # the example pages, text and HTML
        (folder / src.name).write_bytes(src.read_bytes())
        out.append(folder / src.name)
    return out


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def pq() -> Any:
    return pytest.importorskip("pyarrow.parquet", reason="Parquet needs newsseg[parquet]")


def test_one_row_a_page_as_in_jsonl(tmp_path: Path, pq: Any) -> None:
    pages = _pages(tmp_path / "in", 5)
    out = tmp_path / "out.parquet"
    assert batch_main([str(tmp_path / "in"), "-o", str(out), "-j", "2", "-q"]) == 0
    table = pq.read_table(out)
    assert table.num_rows == len(pages)
    assert {"id", "url", "title", "article", "source", "tags", "read_also", "related",
            "segments"} <= set(table.column_names)
    seg_type = table.schema.field("segments").type.value_type
    assert [seg_type.field(i).name for i in range(seg_type.num_fields)] == [
        "kind", "rule", "start", "end"]
    assert batch_main([str(tmp_path / "in"), "-o", str(tmp_path / "out.jsonl"), "-j", "1",
                       "-q"]) == 0
    want = {r["id"]: r for r in _jsonl(tmp_path / "out.jsonl")}
    rows = table.to_pylist()
    assert {r["id"] for r in rows} == set(want)
    for row in rows:
        rec = want[row["id"]]
        for col in ("url", "title", "article", "source", "tags", "read_also", "related", "text"):
            assert row[col] == rec[col], (row["id"], col)
        assert row["segments"] == [
            {"kind": s["kind"], "rule": s["rule"], "start": s["start"], "end": s["end"]}
            for s in rec["segments"]
        ]
        doc = newsseg.Document.from_dict(rec)
        for s in row["segments"]:  # the offsets point into the text column
            assert row["text"][s["start"]:s["end"]] == doc.text[s["start"]:s["end"]]
    by_id = {r["id"]: r for r in rows}
    html = next(r for i, r in by_id.items() if i.endswith(".html"))
    assert html["format"] == "html"
    assert html["metadata"]["site_name"] == "صحيفة المرفأ"


def test_row_groups_as_it_goes(tmp_path: Path, pq: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parquet, "ROW_GROUP_ROWS", 4)
    pages = _pages(tmp_path / "in", 13)
    out = tmp_path / "out.parquet"
    assert batch_main([str(tmp_path / "in"), "-o", str(out), "-j", "1", "-q"]) == 0
    meta = pq.ParquetFile(out).metadata
    assert meta.num_rows == len(pages)
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert max(sizes) <= 4
    assert sum(sizes) == len(pages)


def test_sink_keeps_at_most_one_row_group(tmp_path: Path, pq: Any) -> None:
    sink = _parquet.ParquetSink(str(tmp_path / "x.parquet"), row_group_rows=10,
                                row_group_bytes=1 << 30)
    line = json.dumps({"id": 1, "url": None, "text": BODY}, ensure_ascii=False).encode() + b"\n"
    kept = []
    blob = line * 7
    for i in range(0, len(blob) * 5, 97):  # lines cut anywhere, as pipes deliver them
        sink.write((blob * 5)[i:i + 97])
        kept.append(len(sink._rows))
    sink.close()
    assert max(kept) < 10
    assert pq.read_table(tmp_path / "x.parquet").num_rows == 35


def test_ids_article_only_and_no_segments(tmp_path: Path, pq: Any) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": 7, "url": "https://example.org/7", "text": f"عنوان\n{BODY}"},
        {"id": "b", "html": f"<h1>عنوان</h1><p>{BODY}</p>"},
        {"id": None, "text": BODY},
    ]), encoding="utf-8")
    out = tmp_path / "a.parquet"
    assert batch_main([str(src), "-o", str(out), "-j", "1", "-q", "--article-only"]) == 0
    table = pq.read_table(out)
    assert table.column_names == ["id", "url", "text"]
    assert table.column("id").to_pylist() == ["7", "b", None]
    assert table.column("url").to_pylist()[0] == "https://example.org/7"
    assert table.column("text").to_pylist()[2] == BODY
    out = tmp_path / "n.parquet"
    assert batch_main([str(src), "-o", str(out), "-j", "1", "-q", "--no-segments"]) == 0
    rows = pq.read_table(out).to_pylist()
    assert [r["segments"] for r in rows] == [None, None, None]
    assert rows[0]["article"] == BODY


def test_no_pages_still_a_parquet_file(tmp_path: Path, pq: Any) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1}\n{oops\n', encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert batch_main([str(src), "-o", str(out), "-j", "1", "-q"]) == 1
    table = pq.read_table(out)
    assert table.num_rows == 0
    assert "segments" in table.column_names
    errors = _jsonl(tmp_path / "out.parquet.errors.jsonl")
    assert len(errors) == 2


def test_errors_file_must_be_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _pages(tmp_path / "in", 1)
    status = batch_main([str(tmp_path / "in"), "-o", str(tmp_path / "o.parquet"),
                         "--errors", str(tmp_path / "e.parquet")])
    assert status == 2
    assert "--errors is written as JSONL" in capsys.readouterr().err


def test_without_pyarrow_one_clear_line(tmp_path: Path) -> None:
    _pages(tmp_path / "in", 1)
    out = tmp_path / "out.parquet"
    code = (
        "import sys\n"
        "sys.modules['pyarrow'] = None\n"  # import pyarrow now raises ImportError
        "sys.modules['pyarrow.parquet'] = None\n"
        "from newsseg.io.cli import main\n"
        f"sys.exit(main(['batch', {str(tmp_path / 'in')!r}, '-o', {str(out)!r}]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120, check=False)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("newsseg batch: error: Parquet output needs pyarrow")
    assert "pip install 'newsseg[parquet]'" in lines[0]
    assert not out.exists()


# ------------------------------------------------------------- other readers


@pytest.fixture
def written(tmp_path: Path, pq: Any) -> tuple[Path, int]:
    pages = _pages(tmp_path / "in", 3)
    out = tmp_path / "out.parquet"
    assert batch_main([str(tmp_path / "in"), "-o", str(out), "-j", "1", "-q"]) == 0
    return out, len(pages)


def test_duckdb_reads_it(written: tuple[Path, int]) -> None:
    duckdb = pytest.importorskip("duckdb")
    out, n = written
    con = duckdb.connect()
    rows = con.execute(
        "SELECT id, len(segments), segments[1].kind FROM read_parquet(?) ORDER BY id", [str(out)]
    ).fetchall()
    assert len(rows) == n
    assert all(count > 0 for _, count, _ in rows)
    kinds = con.execute(
        "SELECT s.kind, count(*) FROM (SELECT unnest(segments) AS s FROM read_parquet(?)) "
        "GROUP BY 1", [str(out)]
    ).fetchall()
    assert {"title", "body", "source"} <= {k for k, _ in kinds}


def test_pandas_reads_it(written: tuple[Path, int]) -> None:
    pd = pytest.importorskip("pandas")
    out, n = written
    df = pd.read_parquet(out)
    assert len(df) == n
    assert list(df["id"]) == sorted(df["id"])


def test_polars_reads_it(written: tuple[Path, int]) -> None:
    pl = pytest.importorskip("polars")
    out, n = written
    df = pl.read_parquet(out)
    assert df.height == n
    assert df["segments"].list.len().min() > 0


def test_hf_datasets_reads_it(
    written: tuple[Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # a local file: no hub
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    out, n = written
    ds = datasets.load_dataset("parquet", data_files=str(out), split="train")
    assert ds.num_rows == n
    assert set(ds[0]["segments"][0]) == {"kind", "rule", "start", "end"}
