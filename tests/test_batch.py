"""Tests of ``newsseg batch`` and the record API (newsseg.batch)."""

from __future__ import annotations

import functools
import gzip
import io
import json
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
from newsseg.batch import decode_page, main, process_record, process_records
from newsseg.batch._inputs import Task
from newsseg.batch._run import CAN_TIME_OUT, Options, _results, _Workers, work
from newsseg.cli import main as cli_main
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
    with pytest.raises(newsseg.batch.RecordError) as e:
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
    for _ in range(2):
        assert main([str(folder), "-o", str(out), "-j", "1", "-q"]) == 0
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
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "newsseg", "batch", str(folder), "-o", str(tmp_path / "o.jsonl")]
    raw = subprocess.run([*cmd, "--progress", "-q"], capture_output=True, env=env, timeout=120)
    assert b"pages/s" in raw.stderr
    assert b"\r" in raw.stderr


def test_usage_errors(tmp_path: Path) -> None:
    assert main(["/no/such/dir", "-o", str(tmp_path / "o.jsonl")]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty), "-o", str(tmp_path / "o.jsonl")]) == 2
    r = run_cli(str(empty))
    assert r.returncode == 2


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_flushes_what_was_done(tmp_path: Path, sig: int, status: int) -> None:
    inp = tmp_path / "in.jsonl"
    line = json.dumps({"id": "x", "text": text_page(BOOKS) * 40}, ensure_ascii=False)
    inp.write_text((line + "\n") * 20_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "newsseg", "batch", str(inp), "-o", str(out), "-j", "2"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 1000):
        time.sleep(0.1)
    # Like Ctrl-C on a terminal: the signal goes to the whole process group.
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == status, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    recs = read_jsonl(out)
    assert 0 < len(recs) < 20_000


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
