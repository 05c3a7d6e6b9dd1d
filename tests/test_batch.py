"""Tests of ``newsseg batch`` and the record API (newsseg.io.batch)."""

from __future__ import annotations

import functools
import gzip
import io
import json
import logging
import multiprocessing
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsseg
from newsseg.io.batch import decode_page, main, process_record, process_records
from newsseg.io.batch._inputs import Task
from newsseg.io.batch._run import CAN_TIME_OUT, Options, _results, _Workers, work
from newsseg.io.cli import main as cli_main
from tests.pages import BOOKS, FOOTBALL, MARKET, html_page, text_page

ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------ pages




def read_jsonl(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "newsseg", "batch", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)


# ------------------------------------------------------------ record API


def test_process_record_text_views_and_segments() -> None:
    rec = process_record({"id": "b1", "url": "https://x.example/1", "text": text_page(BOOKS)})
    assert rec["id"] == "b1"
    assert rec["url"] == "https://x.example/1"
    assert rec["title"] == BOOKS[0]
    assert rec["source"] == "وكالة الأنباء"
    assert rec["article"] == f"{BOOKS[1]}\n\n{BOOKS[2]}"
    kinds = [s["kind"] for s in rec["segments"]]
    assert kinds == ["title", "body", "body", "source"]
    for s in rec["segments"]:
        assert rec["text"][s["start"] : s["end"]] == s["text"]
    assert newsseg.Document.from_dict(rec) == newsseg.segment(text_page(BOOKS))


def test_process_record_shapes_and_errors() -> None:
    lean = process_record({"id": 1, "text": text_page(BOOKS)}, segments=False)
    assert "segments" not in lean
    assert "text" not in lean
    only = process_record({"id": 1, "text": text_page(BOOKS)}, article_only=True)
    assert only == {"id": 1, "url": None, "text": "\n\n".join(BOOKS[:3])}
    big = process_record({"id": 2, "text": "خبر " * 100}, max_bytes=50)
    assert big["error"] == "too_large"
    custom = process_record(
        {"key": "k", "body": text_page(MARKET)}, text_field="body", id_field="key"
    )
    assert custom["id"] == "k"
    assert custom["title"] == MARKET[0]
    assert process_record({"id": 3, "text": 42})["error"] == "bad_field"


def test_process_record_html_bytes_with_charset() -> None:
    page = html_page(MARKET, charset="windows-1256").encode("cp1256")
    rec = process_record({"id": "m", "html": page}, segments=False)
    assert rec["title"] == MARKET[0]
    assert MARKET[1] in rec["article"]


def test_segmenter_exception_is_an_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str, **kw: Any) -> newsseg.Document:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(newsseg, "segment", boom)
    rec = process_record({"id": "x", "text": "نص"})
    assert rec["error"] == "segmenter_error"
    assert "kaboom" in rec["message"]


def test_api_is_picklable_and_lazy() -> None:
    fn = functools.partial(process_records, segments=False)
    again = pickle.loads(pickle.dumps(fn))
    out = again(iter([{"id": 1, "text": text_page(BOOKS)}, {"id": 2}]))
    assert isinstance(out, Iterator)
    assert [("error" in r) for r in out] == [False, True]
    assert pickle.loads(pickle.dumps(process_record)) is process_record


# ---------------------------------------------------------------- decoding


def test_decode_charsets() -> None:
    arabic = MARKET[1]
    assert decode_page(arabic.encode("utf-8")) == arabic
    assert decode_page(b"\xef\xbb\xbf" + arabic.encode("utf-8")) == arabic
    assert decode_page(arabic.encode("cp1256"), declared="windows-1256") == arabic
    # no declaration at all: windows-1256 recognised as Arabic
    assert decode_page(arabic.encode("cp1256")) == arabic
    # the page's meta wins over a server's Latin default
    page = html_page(MARKET, charset="windows-1256")
    assert decode_page(page.encode("cp1256"), declared="ISO-8859-1") == page
    # an unknown charset name is ignored
    assert decode_page(arabic.encode("cp1256"), declared="x-no-such") == arabic
    with pytest.raises(newsseg.io.batch.RecordError) as e:
        decode_page(bytes(range(1, 256)) * 40)
    assert e.value.reason == "undecodable"


# --------------------------------------------------------------- the CLI


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "pages"
    (d / "sub").mkdir(parents=True)
    (d / "b-books.txt").write_text(text_page(BOOKS), encoding="utf-8")
    (d / "a-market.txt").write_text(text_page(MARKET), encoding="utf-8")
    (d / "sub" / "c-football.txt").write_text(text_page(FOOTBALL), encoding="utf-8")
    (d / "notes.pdf").write_bytes(b"%PDF-1.4")
    (d / ".hidden.txt").write_text("x", encoding="utf-8")
    return d


def test_folder_of_pages(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main([str(folder), "-o", str(out), "--jobs", "1", "-q"]) == 0
    recs = read_jsonl(out)
    assert [Path(r["id"]).name for r in recs] == ["a-market.txt", "b-books.txt", "c-football.txt"]
    assert [r["title"] for r in recs] == [MARKET[0], BOOKS[0], FOOTBALL[0]]
    assert (tmp_path / "out.jsonl.errors.jsonl").read_text() == ""


def test_output_inside_the_input_folder_is_not_read_back(folder: Path) -> None:
    out = folder / "out.jsonl"
    for again in ([], ["--force"], ["--resume"]):
        assert main([str(folder), "-o", str(out), "-j", "1", "-q", *again]) == 0
        assert len(read_jsonl(out)) == 3


def test_glob_and_cli_dispatch(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.jsonl"
    assert cli_main(["batch", str(folder / "**" / "*.txt"), "-o", str(out), "-q"]) == 0
    assert len(read_jsonl(out)) == 3


def test_html_files(tmp_path: Path) -> None:
    d = tmp_path / "html"
    d.mkdir()
    (d / "1.html").write_text(html_page(BOOKS), encoding="utf-8")
    (d / "2.htm").write_bytes(html_page(MARKET, charset="windows-1256").encode("cp1256"))
    out = tmp_path / "o.jsonl"
    assert main([str(d), "-o", str(out), "-j", "1", "-q", "--no-segments"]) == 0
    recs = read_jsonl(out)
    assert [r["title"] for r in recs] == [BOOKS[0], MARKET[0]]
    assert all(r["format"] == "html" for r in recs)


def _jsonl_lines(n: int) -> list[str]:
    pages = [BOOKS, MARKET, FOOTBALL]
    return [
        json.dumps({"key": f"r{i}", "link": f"https://x/{i}", "body": text_page(pages[i % 3])},
                   ensure_ascii=False)
        for i in range(n)
    ]  # fmt: skip


@pytest.mark.parametrize("ext", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_compressed_and_fields(tmp_path: Path, ext: str) -> None:
    data = ("\n".join(_jsonl_lines(7)) + "\n\n").encode("utf-8")
    inp = tmp_path / f"in{ext}"
    if ext == ".jsonl.gz":
        data = gzip.compress(data)
    elif ext == ".jsonl.zst":
        zstd = pytest.importorskip("zstandard")
        data = zstd.ZstdCompressor().compress(data)
    inp.write_bytes(data)
    out = tmp_path / "out.jsonl.gz"
    args = [str(inp), "-o", str(out), "-q", "--text-field", "body", "--id-field", "key"]
    assert main([*args, "--url-field", "link", "--article-only"]) == 0
    recs = read_jsonl(out)
    assert [r["id"] for r in recs] == [f"r{i}" for i in range(7)]
    assert recs[1] == {"id": "r1", "url": "https://x/1", "text": "\n\n".join(MARKET[:3])}


def test_bad_records_go_to_the_errors_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _jsonl_lines(3)
    huge = json.dumps({"key": "huge", "body": "خبر " * 5000}, ensure_ascii=False)
    bomb = json.dumps({"key": "bomb", "body": "BOOM " + BOOKS[1]}, ensure_ascii=False)
    lines = [good[0].encode(), b"{not json", huge.encode(), good[1].encode(),
             b'{"key": "nobody"}', b'{"key": "bad-utf8", "body": "\xff\xfe"}', bomb.encode(),
             b"[1, 2]", good[2].encode()]  # fmt: skip
    inp = tmp_path / "in.jsonl"
    inp.write_bytes(b"\n".join(lines) + b"\n")
    real = newsseg.segment

    def flaky(text: str, **kw: Any) -> newsseg.Document:
        if text.startswith("BOOM"):
            raise ValueError("the segmenter broke")
        return real(text, **kw)

    monkeypatch.setattr(newsseg, "segment", flaky)
    out, errs = tmp_path / "out.jsonl", tmp_path / "errs.jsonl"
    args = [str(inp), "-o", str(out), "--errors", str(errs), "--text-field", "body"]
    status = main([*args, "--id-field", "key", "--max-bytes", "8K", "-j", "1", "-q"])
    assert status == 1
    assert [r["id"] for r in read_jsonl(out)] == ["r0", "r1", "r2"]
    got = [(e["id"], e["error"]) for e in read_jsonl(errs)]
    assert got == [
        (None, "bad_json"),
        ("huge", "too_large"),
        ("nobody", "missing_field"),
        (None, "undecodable"),
        ("bomb", "segmenter_error"),
        (None, "bad_json"),
    ]
    inputs = [e["input"] for e in read_jsonl(errs)]
    assert inputs == [f"{inp}:{n}" for n in (2, 3, 5, 6, 7, 8)]


def test_jobs_2_gives_the_same_output(tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(_jsonl_lines(150)) + "\n", encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        args = [str(inp), "-o", str(out), "-j", jobs, "--chunksize", "4", "-q"]
        assert main([*args, "--text-field", "body", "--id-field", "key"]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0].count(b"\n") == 150


def test_reading_is_bounded_by_the_workers_not_the_input() -> None:
    """At most three chunks a worker are read ahead of what is written."""
    pulled = 0

    def tasks() -> Iterator[Task]:
        nonlocal pulled
        for i in range(400):
            pulled += 1
            yield Task("error", f"r{i}", None, "x", "m", reason="bad_json", size=10)

    results = _results(tasks(), Options(), 2, 4, 1 << 20)
    first = next(results)
    assert first.failed == 4
    assert pulled <= 3 * 2 * 4 + 1
    assert sum(c.failed for c in results) == 396


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the patch must reach the workers"
)
def test_a_record_that_kills_its_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = newsseg.segment

    def deadly(text: str, **kw: Any) -> newsseg.Document:
        if text.startswith("DIE"):
            os._exit(3)
        return real(text, **kw)

    monkeypatch.setattr(newsseg, "segment", deadly)
    lines = _jsonl_lines(40)
    lines[13] = json.dumps({"key": "deadly", "body": "DIE " + BOOKS[1]}, ensure_ascii=False)
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [str(inp), "-o", str(out), "-j", "2", "--chunksize", "4", "-q"]
    assert main([*args, "--text-field", "body", "--id-field", "key"]) == 1
    assert [r["id"] for r in read_jsonl(out)] == [f"r{i}" for i in range(40) if i != 13]
    (err,) = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert (err["id"], err["error"], err["input"]) == ("deadly", "worker_died", f"{inp}:14")


def _slow_segmenter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages that start with SLOW spin for 30 s, SLEEP ones sleep for 30 s."""
    real = newsseg.segment

    def slow(text: str, **kw: Any) -> newsseg.Document:
        if text.startswith("SLOW"):  # busy, as a pattern that backtracks would be
            t0 = time.monotonic()
            while time.monotonic() - t0 < 30:
                pass
        elif text.startswith("SLEEP"):
            time.sleep(30)
        return real(text, **kw)

    monkeypatch.setattr(newsseg, "segment", slow)


@pytest.mark.skipif(not CAN_TIME_OUT, reason="needs SIGALRM")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_record_over_the_timeout_is_reported_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    if jobs != "1" and multiprocessing.get_start_method() != "fork":
        pytest.skip("the patch must reach the workers")
    _slow_segmenter(monkeypatch)
    lines = _jsonl_lines(12)
    lines[4] = json.dumps({"key": "spins", "body": "SLOW " + BOOKS[1]}, ensure_ascii=False)
    lines[9] = json.dumps({"key": "sleeps", "body": "SLEEP " + MARKET[1]}, ensure_ascii=False)
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [str(inp), "-o", str(out), "-j", jobs, "--chunksize", "3", "-q"]
    alarm = signal.getsignal(signal.SIGALRM)
    t0 = time.monotonic()
    assert main([*args, "--text-field", "body", "--id-field", "key", "--timeout", "0.5"]) == 1
    assert time.monotonic() - t0 < 20
    assert [r["id"] for r in read_jsonl(out)] == [f"r{i}" for i in range(12) if i not in (4, 9)]
    errs = [(e["id"], e["error"], e["message"], e["input"])
            for e in read_jsonl(tmp_path / "out.jsonl.errors.jsonl")]  # fmt: skip
    assert errs == [
        ("spins", "timeout", "timed out after 0.5 s", f"{inp}:5"),
        ("sleeps", "timeout", "timed out after 0.5 s", f"{inp}:10"),
    ]
    # nothing of the alarm is left behind in this process
    assert signal.getsignal(signal.SIGALRM) == alarm
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.skipif(not CAN_TIME_OUT, reason="needs SIGALRM")
def test_a_record_under_the_timeout_is_not_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    real = newsseg.segment

    def takes_a_while(text: str, **kw: Any) -> newsseg.Document:
        time.sleep(0.3)
        return real(text, **kw)

    monkeypatch.setattr(newsseg, "segment", takes_a_while)
    task = Task("page", "p1", None, "x.txt", text_page(BOOKS), html=False)
    ok, line = work(Options(timeout=5), task)
    assert ok
    assert json.loads(line)["title"] == BOOKS[0]
    # outside a main thread there is no SIGALRM: the record runs to its end
    results: list[tuple[bool, bytes]] = []
    thread = threading.Thread(target=lambda: results.append(work(Options(timeout=0.01), task)))
    thread.start()
    thread.join()
    assert results[0][0]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("value", ["0", "-1", "soon", "inf", "nan"])
def test_timeout_must_be_a_positive_number(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.txt"
    page.write_text(text_page(BOOKS), encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main([str(page), "-o", str(tmp_path / "o.jsonl"), "--timeout", value])
    assert e.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def test_progress_bar_only_on_request(folder: Path, tmp_path: Path) -> None:
    r = run_cli(str(folder), "-o", str(tmp_path / "o.jsonl"), "-j", "1")
    assert r.returncode == 0, r.stderr
    assert "\r" not in r.stderr
    assert re.search(r"done: 3 pages in .* 3 written .* 0 failed", r.stderr)


def test_progress_bar_has_a_total_and_an_eta(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = newsseg.segment

    def a_while(text: str, **kw: Any) -> newsseg.Document:
        time.sleep(0.02)  # 60 pages: over a second, several refreshes of the bar
        return real(text, **kw)

    monkeypatch.setattr(newsseg, "segment", a_while)
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(_jsonl_lines(60)) + "\n", encoding="utf-8")
    size = inp.stat().st_size
    args = [str(inp), "-o", str(tmp_path / "o.jsonl"), "-j", "1", "--chunksize", "1"]
    assert main([*args, "--text-field", "body", "--id-field", "key", "--progress", "-q"]) == 0
    err = capsys.readouterr().err
    assert "\r" in err
    assert "done:" not in err  # -q: no summary
    total = f"/{size / 1024:.1f}k"  # the input's bytes, as tqdm shows them
    shown = [line for line in err.split("\r") if line.startswith("newsseg batch:")]
    assert shown
    assert all(total in line for line in shown), shown[:3]
    # a percentage, the time spent and the time left, and the pages done
    assert re.search(r"\d+%\|.*\| .*\[\d\d:\d\d<\d\d:\d\d, .*, \d+ pages, 0 errors\]", err)


def test_verbose_and_quiet_go_through_logging(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "o.jsonl")
    assert main([str(folder), "-o", out, "-j", "1", "-v"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"reading .*a-market\.txt \(input 1 of 3\)", err)
    assert "done: 3 pages" in err
    assert main([str(folder), "-o", out, "-j", "1", "--force"]) == 0
    err = capsys.readouterr().err
    assert "reading" not in err
    assert "done: 3 pages" in err
    assert main([str(folder), "-o", out, "-j", "1", "--force", "-q"]) == 0
    assert capsys.readouterr().err == ""
    # the CLI's handler is gone afterwards: an application's logging is its own
    assert not logging.getLogger("newsseg.io.batch").handlers


def test_usage_errors(tmp_path: Path) -> None:
    assert main(["/no/such/dir", "-o", str(tmp_path / "o.jsonl")]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty), "-o", str(tmp_path / "o.jsonl")]) == 2
    r = run_cli(str(empty))
    assert r.returncode == 2


# ------------------------------------------------------- stop and resume

#: Records of the stop-and-resume input, and records a chunk (so a chunk is 4 lines).
N_RECORDS, CHUNK = 120, 4


def _uncompress(path: Path) -> bytes:
    """The whole of an output file, uncompressed; raises on a cut or broken stream."""
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(raw)  # every member whole, each CRC checked
    if path.name.endswith(".zst"):
        zstd = pytest.importorskip("zstandard")
        out = io.BytesIO()
        rest = raw
        while rest:  # frame by frame: a cut frame raises
            dec = zstd.ZstdDecompressor().decompressobj()
            out.write(dec.decompress(rest))
            assert dec.eof, "a cut zstd frame"
            rest = dec.unused_data
        return out.getvalue()
    return raw


def _complete_records(data: bytes) -> list[dict[str, Any]]:
    assert not data or data.endswith(b"\n"), f"a cut last line: {data[-60:]!r}"
    return [json.loads(line) for line in data.split(b"\n")[:-1]]


@pytest.fixture(scope="module")
def stop_input(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The input of the stop-and-resume tests, and what an uninterrupted run writes."""
    d = tmp_path_factory.mktemp("stop")
    inp = d / "in.jsonl"
    inp.write_text("\n".join(_jsonl_lines(N_RECORDS)) + "\n", encoding="utf-8")
    out = d / "whole.jsonl"
    assert main([*_stop_args(inp, out), "-j", "1", "-q"]) == 0
    return inp, out.read_bytes()


def _stop_args(inp: Path, out: Path) -> list[str]:
    return [str(inp), "-o", str(out), "--chunksize", str(CHUNK),
            "--text-field", "body", "--id-field", "key", "--no-segments"]  # fmt: skip


def _signalled(moment: str, n: int, sig: str, inp: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``newsseg batch -j 2`` signalled at a moment of its run (tests/batch_signals.py)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "tests.batch_signals", moment, str(n), sig,
           *_stop_args(inp, out), "-j", "2"]  # fmt: skip
    # a session of its own: SIGINT goes to its process group (it and its workers)
    return subprocess.run(
        cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
        start_new_session=True,
    )  # fmt: skip


def _resume_to_the_whole(inp: Path, out: Path, whole: bytes) -> None:
    """``--resume`` brings the output to every input record exactly once, in order:
    what an uninterrupted run writes."""
    assert main([*_stop_args(inp, out), "-j", "2", "-q", "--resume"]) == 0
    data = _uncompress(out)
    ids = [r["id"] for r in _complete_records(data)]
    assert ids == [f"r{i}" for i in range(N_RECORDS)]
    assert data == whole


# moment, at which time, how many records are written then (None: some, not all)
SIGINT_MOMENTS = [
    ("wait", 1, 0),  # before anything is written
    ("wait", 4, 3 * CHUNK),  # between two chunks, waiting for the workers
    ("write", 3, 3 * CHUNK),  # in the middle of writing a chunk: it is written whole
    ("flush", 2, 2 * CHUNK),  # inside a flush of the compressor
    ("read", 50, None),  # while the input is read
    ("close", 1, N_RECORDS),  # while the output is closed, everything written
    ("twice", 2, CHUNK),  # Ctrl-C again while the workers are stopped
]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("moment", "n", "written"), SIGINT_MOMENTS)
def test_ctrl_c_leaves_a_whole_gzip_stream_and_resume_completes_it(
    tmp_path: Path, stop_input: tuple[Path, bytes], moment: str, n: int, written: int | None
) -> None:
    inp, whole = stop_input
    out = tmp_path / "out.jsonl.gz"
    r = _signalled(moment, n, "SIGINT", inp, out)
    assert r.returncode == 130, r.stderr
    assert "newsseg batch interrupted" in r.stderr
    assert "--resume" in r.stderr
    assert "Traceback" not in r.stderr
    records = _complete_records(_uncompress(out))  # a valid gzip stream of whole lines
    if written is None:
        assert 0 < len(records) < N_RECORDS
        assert len(records) % CHUNK == 0
    else:
        assert len(records) == written
    assert [r["id"] for r in records] == [f"r{i}" for i in range(len(records))]
    # the same command again refuses to overwrite what was done
    assert main([*_stop_args(inp, out), "-j", "1", "-q"]) == 2
    assert len(_complete_records(_uncompress(out))) == len(records)
    _resume_to_the_whole(inp, out, whole)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("ext", [".jsonl.gz", ".jsonl.zst", ".jsonl"])
def test_sigterm_in_the_middle_of_a_write(
    tmp_path: Path, stop_input: tuple[Path, bytes], ext: str
) -> None:
    if ext == ".jsonl.zst":
        pytest.importorskip("zstandard")
    inp, whole = stop_input
    out = tmp_path / f"out{ext}"
    r = _signalled("write", 2, "SIGTERM", inp, out)
    assert r.returncode == 143, r.stderr
    assert "interrupted" in r.stderr
    assert "Traceback" not in r.stderr
    assert len(_complete_records(_uncompress(out))) == 2 * CHUNK
    _resume_to_the_whole(inp, out, whole)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("ext", [".jsonl.gz", ".jsonl.zst"])
def test_resume_after_a_kill_keeps_what_was_flushed(
    tmp_path: Path, stop_input: tuple[Path, bytes], ext: str
) -> None:
    if ext == ".jsonl.zst":
        pytest.importorskip("zstandard")
    inp, whole = stop_input
    out = tmp_path / f"out{ext}"
    r = _signalled("after", 3, "SIGKILL", inp, out)
    assert r.returncode == -signal.SIGKILL
    with pytest.raises(Exception):  # noqa: B017, PT011 - gzip and zstd say it differently
        _uncompress(out)  # killed: the compressed stream is cut
    _resume_to_the_whole(inp, out, whole)


@pytest.mark.parametrize("ext", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
@pytest.mark.parametrize("keep", [0.3, 0.77, 0.999])
def test_resume_keeps_the_whole_records_of_a_cut_output(
    tmp_path: Path, stop_input: tuple[Path, bytes], ext: str, keep: float
) -> None:
    """Whatever cut the output (a power cut, a full disk), --resume keeps the
    complete records at its start and redoes the rest."""
    inp, whole = stop_input
    out = tmp_path / f"out{ext}"
    assert main([*_stop_args(inp, out), "-j", "1", "-q"]) == 0
    raw = out.read_bytes()
    out.write_bytes(raw[: int(len(raw) * keep)])
    _resume_to_the_whole(inp, out, whole)


def test_resume_with_nothing_left_and_from_an_empty_or_missing_output(
    tmp_path: Path, stop_input: tuple[Path, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    inp, whole = stop_input
    out = tmp_path / "out.jsonl"
    _resume_to_the_whole(inp, out, whole)  # no output yet: a plain run
    before = out.stat().st_mtime_ns, out.read_bytes()
    assert main([*_stop_args(inp, out), "-j", "1", "--resume"]) == 0
    err = capsys.readouterr().err
    assert f"{N_RECORDS} records already in {out} are kept" in err
    assert re.search(r"done: 0 pages .* 0 written .* 120 already in the output", err)
    assert out.read_bytes() == before[1]
    out.write_bytes(b"")
    _resume_to_the_whole(inp, out, whole)


def test_resume_redoes_what_failed_and_counts_repeated_ids(tmp_path: Path) -> None:
    lines = _jsonl_lines(6)
    lines[4] = json.dumps({"key": "r4", "body": 5})  # bad_field: not in the output
    lines.append(lines[1])  # r1 twice: written twice, skipped twice on resume
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [str(inp), "-o", str(out), "--text-field", "body", "--id-field", "key", "-j", "1", "-q"]
    assert main(args) == 1
    assert [r["id"] for r in read_jsonl(out)] == ["r0", "r1", "r2", "r3", "r5", "r1"]
    inp.write_text("\n".join(_jsonl_lines(7)) + "\n" + lines[1] + "\n", encoding="utf-8")
    assert main([*args, "--resume"]) == 0  # r4 is good now, and r6 new
    assert [r["id"] for r in read_jsonl(out)] == ["r0", "r1", "r2", "r3", "r5", "r1", "r4", "r6"]
    assert (tmp_path / "out.jsonl.errors.jsonl").read_text() == ""  # this run's failures


def test_an_output_that_holds_something_else_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.txt"
    page.write_text(text_page(BOOKS), encoding="utf-8")
    out = tmp_path / "notes.jsonl.gz"
    out.write_bytes(b"my own notes, not gzip")
    assert main([str(page), "-o", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{out} is not empty: --resume" in err
    assert "--force overwrites it" in err
    assert main([str(page), "-o", str(out), "-q", "--resume"]) == 2
    err = capsys.readouterr().err
    assert "--resume found no newsseg record at its start" in err
    assert err.count("\n") == 1
    assert out.read_bytes() == b"my own notes, not gzip"
    assert main([str(page), "-o", str(out), "-q", "--force"]) == 0
    assert [r["title"] for r in read_jsonl(out)] == [BOOKS[0]]
    with pytest.raises(SystemExit):
        main([str(page), "-o", str(out), "--force", "--resume"])
    assert main([str(page), "-o", "-", "--resume"]) == 2
    assert "--resume needs an output file" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["output", "input"])
def test_zst_without_zstandard_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    monkeypatch.setitem(sys.modules, "zstandard", None)  # import zstandard fails
    page = tmp_path / "p.txt"
    page.write_text(text_page(BOOKS), encoding="utf-8")
    if where == "output":
        args = [str(page), "-o", str(tmp_path / "out.jsonl.zst")]
    else:
        (tmp_path / "in.jsonl.zst").write_bytes(b"")
        args = [str(tmp_path / "in.jsonl.zst"), "-o", str(tmp_path / "out.jsonl")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "zstandard" in err
    assert "pip install 'newsseg[zstd]'" in err
    assert not (tmp_path / "out.jsonl.zst").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_killing_the_pool_with_half_a_result_in_the_pipe_lets_the_process_exit() -> None:
    # A worker killed while writing its result leaves half a message in the
    # result pipe; the pool's manager thread then waited for the rest forever,
    # and the interpreter's exit joins that thread (one run in ~40 hung on 3.13).
    workers = _Workers(1)
    workers.submit(time.sleep, 30)
    manager = workers.executor._executor_manager_thread  # type: ignore[attr-defined]
    writer = workers.executor._result_queue._writer  # type: ignore[attr-defined]
    os.write(writer.fileno(), (1000).to_bytes(4, "big") + b"half a result")
    time.sleep(0.2)  # the manager thread is now reading the rest
    workers.close(kill=True)
    manager.join(10)
    assert not manager.is_alive()


# ------------------------------------------------------------------- WARC


def _warc_record(url: str, body: bytes, ctype: str, *, status: str = "200 OK") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(rec)
    req = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
    writer.write_record(req)
    return buf.getvalue()


def make_warc(path: Path) -> None:
    """Good UTF-8 page, windows-1256 page (HTTP charset only), an image, a 404, a
    corrupt record, another good page."""
    utf8 = html_page(BOOKS).encode("utf-8")
    cp1256 = html_page(MARKET, charset=None).encode("cp1256")
    corrupt = bytearray(_warc_record("https://news.example/broken", utf8, "text/html"))
    mid = len(corrupt) // 3
    corrupt[mid : mid + 40] = b"\x00" * 40
    parts = [
        _warc_record("https://news.example/books", utf8, "text/html; charset=utf-8"),
        _warc_record("https://news.example/market", cp1256, "text/html; charset=windows-1256"),
        _warc_record("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
        _warc_record("https://news.example/gone", b"<html>gone</html>", "text/html", status="404 Not Found"),
        bytes(corrupt),
        _warc_record("https://news.example/football", html_page(FOOTBALL).encode(), "text/html"),
    ]  # fmt: skip
    path.write_bytes(b"".join(parts))


def test_warc_good_bad_and_non_html(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    warc = tmp_path / "crawl.warc.gz"
    make_warc(warc)
    out = tmp_path / "out.jsonl"
    status = main([str(warc), "-o", str(out), "-j", "2", "--no-segments"])
    assert status == 1
    recs = read_jsonl(out)
    assert [r["url"] for r in recs] == [
        "https://news.example/books",
        "https://news.example/market",
        "https://news.example/football",
    ]
    assert [r["title"] for r in recs] == [BOOKS[0], MARKET[0], FOOTBALL[0]]
    assert MARKET[1] in recs[1]["article"]
    assert all(r["id"].startswith("<urn:uuid:") for r in recs)
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert len(errors) == 1
    assert errors[0]["error"] == "corrupt_record"
    assert errors[0]["input"].startswith(f"{warc}@")


def test_warc_from_the_command_line(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    warc = tmp_path / "crawl.warc.gz"
    make_warc(warc)
    r = run_cli(str(warc), "-o", str(tmp_path / "o.jsonl"))
    assert r.returncode == 1
    assert "3 written" in r.stderr
    assert "1 failed" in r.stderr
    assert "2 skipped" in r.stderr


def test_plain_warc_resyncs_after_a_broken_header(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    plain = []
    for blocks, url in ((BOOKS, "a"), (MARKET, "b"), (FOOTBALL, "c")):
        rec = gzip.decompress(
            _warc_record(f"https://x/{url}", html_page(blocks).encode(), "text/html")
        )
        plain.append(rec)
    plain[1] = plain[1].replace(b"WARC/1.", b"WXRC/1.", 1)
    warc = tmp_path / "plain.warc"
    warc.write_bytes(b"".join(plain))
    out = tmp_path / "o.jsonl"
    assert main([str(warc), "-o", str(out), "-j", "1", "-q"]) == 1
    assert [r["url"] for r in read_jsonl(out)] == ["https://x/a", "https://x/c"]


def test_wet_text_records(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, blocks in (("https://x/m", MARKET), ("https://x/f", FOOTBALL)):
        payload = io.BytesIO(text_page(blocks).encode("utf-8"))
        writer.write_record(
            writer.create_warc_record(
                url, "conversion", payload=payload, warc_content_type="text/plain"
            )
        )
    wet = tmp_path / "CC-MAIN-0001.warc.wet.gz"
    wet.write_bytes(buf.getvalue())
    out = tmp_path / "o.jsonl"
    assert main([str(tmp_path), "-o", str(out), "-j", "1", "-q", "--no-segments"]) == 0
    recs = read_jsonl(out)
    assert [(r["url"], r["format"], r["title"]) for r in recs] == [
        ("https://x/m", "text", MARKET[0]),
        ("https://x/f", "text", FOOTBALL[0]),
    ]


def test_warc_max_bytes(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    warc = tmp_path / "big.warc.gz"
    big = html_page((BOOKS[0], BOOKS[1] * 200, BOOKS[3])).encode()
    warc.write_bytes(_warc_record("https://x/big", big, "text/html") + _warc_record(
        "https://x/small", html_page(BOOKS).encode(), "text/html"))  # fmt: skip
    out = tmp_path / "o.jsonl"
    assert main([str(warc), "-o", str(out), "-j", "1", "-q", "--max-bytes", "20K"]) == 1
    assert [r["url"] for r in read_jsonl(out)] == ["https://x/small"]
    (err,) = read_jsonl(tmp_path / "o.jsonl.errors.jsonl")
    assert (err["url"], err["error"]) == ("https://x/big", "too_large")
