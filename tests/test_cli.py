"""The ``newsseg`` command: normal use, and a batch with bad pages in it.

A page that cannot be read or segmented is reported on standard error (which
page, what was wrong) and skipped; every other page's output is complete; the
exit status is 0 when every page was done, 1 when some page failed, 2 for a
usage error.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsseg
from newsseg.io import pages as page_input
from newsseg.io.cli import main

REPO = Path(__file__).resolve().parents[1]

BODY = "نص الخبر الأول عن الطقس والأمطار الغزيرة في المدينة اليوم وغدا."
PAGE = f"عنوان الخبر\n{BODY}\n{BODY}\nالمصدر: وكالات\nاقرأ أيضا: خبر آخر"
HTML = f"<html><body><h1>عنوان الخبر</h1><p>{BODY}</p><p>{BODY}</p></body></html>"


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    out = {
        "a": tmp_path / "a.txt",
        "b": tmp_path / "b.txt",
        "html": tmp_path / "page.html",
        "latin1": tmp_path / "latin1.txt",
        "bom": tmp_path / "bom.txt",
        "empty": tmp_path / "empty.txt",
    }
    out["a"].write_text(PAGE, encoding="utf-8")
    out["b"].write_text(PAGE.replace("الطقس", "الاقتصاد"), encoding="utf-8")
    out["html"].write_text(HTML, encoding="utf-8")
    out["latin1"].write_bytes(b"caf\xe9 \xff\xfe " + BODY.encode("utf-8"))
    out["bom"].write_bytes(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    out["empty"].write_bytes(b"")
    return out


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    """``python -m newsseg ARGS`` in a child process."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newsseg", *args], input=stdin, capture_output=True,
        env=full_env, timeout=120, check=False,
    )


# ---------------------------------------------------------------------------
# normal use
# ---------------------------------------------------------------------------


def test_readable_output(pages: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(pages["a"])]) == 0
    out = capsys.readouterr().out.splitlines()
    doc = newsseg.segment(PAGE)
    assert len(out) == len(doc.segments)
    for line, s in zip(out, doc.segments, strict=True):
        kind, rule, text = line.split(maxsplit=2)
        assert (kind, rule, text) == (s.kind.value, s.rule, s.text)


def test_readable_output_shows_line_breaks_inside_a_segment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p>سطر أول<br>سطر ثان</p>", encoding="utf-8")
    assert main([str(page)]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == len(newsseg.segment_html(page.read_bytes()).segments)


def test_json(pages: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", str(pages["a"])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert newsseg.Document.from_dict(data) == newsseg.segment(PAGE)


def test_json_compact_is_one_line_per_page(
    pages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--json", "--compact", str(pages["a"]), str(pages["html"]), str(pages["b"])]) == 0
    lines = capsys.readouterr().out.splitlines()
    docs = [newsseg.Document.from_dict(json.loads(line)) for line in lines]
    assert [d.format for d in docs] == ["text", "html", "text"]
    assert docs[0] == newsseg.segment(PAGE)


def test_clean(pages: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--clean", str(pages["a"])]) == 0
    assert capsys.readouterr().out == newsseg.clean(PAGE) + "\n"


def test_several_pages_get_headers(pages: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--clean", str(pages["a"]), str(pages["b"])]) == 0
    out = capsys.readouterr().out
    assert out.index(f"==> {pages['a']} <==") < out.index(f"==> {pages['b']} <==")


def test_html_by_extension_and_forced_format(
    pages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--json", "--compact", str(pages["html"])]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "html"
    assert main(["--json", "--compact", "--format", "text", str(pages["html"])]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "text"
    assert main(["--json", "--compact", "--format", "html", str(pages["a"])]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "html"


def test_bad_bytes_a_bom_and_an_empty_page(
    pages: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--json", "--compact", str(pages["latin1"]), str(pages["bom"]),
                 str(pages["empty"])]) == 0
    latin1, bom, empty = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert "\ufffd" in latin1["text"]
    assert newsseg.Document.from_dict(bom) == newsseg.segment(PAGE)
    assert empty["segments"] == []


def test_example_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--example", "--clean"]) == 0
    assert capsys.readouterr().out == newsseg.clean(newsseg.EXAMPLE_PAGE) + "\n"
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert newsseg.__version__ in capsys.readouterr().out


def test_stdin() -> None:
    r = run("--json", "-", stdin=PAGE.encode("utf-8"))
    assert r.returncode == 0, r.stderr
    assert newsseg.Document.from_dict(json.loads(r.stdout)) == newsseg.segment(PAGE)
    r = run("--clean", "-", stdin=b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    assert r.stdout.decode("utf-8") == newsseg.clean(PAGE) + "\n"
    r = run("-", stdin=HTML.encode("utf-8"))  # HTML recognised by its content
    assert r.returncode == 0
    assert b"title" in r.stdout


def test_stdin_empty_and_binary() -> None:
    assert run("-", stdin=b"").returncode == 0
    r = run("--json", "-", stdin=bytes(range(256)) * 50)
    assert r.returncode == 1
    assert r.stdout == b""
    err = r.stderr.decode("utf-8")
    assert err.startswith("newsseg: <stdin>: InputError: binary data, not a text page: ")
    assert err.count("\n") == 1, err


def test_windows_1256_page(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.encode("cp1256"))
    r = run("--json", str(path))
    assert r.returncode == 0, r.stderr
    doc = newsseg.Document.from_dict(json.loads(r.stdout))
    assert doc == newsseg.segment(PAGE)
    assert "\ufffd" not in doc.text


# ---------------------------------------------------------------------------
# bad pages in a batch, exit codes
# ---------------------------------------------------------------------------


def test_missing_file_is_reported_and_skipped(
    pages: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["--clean", str(pages["a"]), str(missing), str(pages["b"])]) == 1
    captured = capsys.readouterr()
    assert f"newsseg: {missing}: FileNotFoundError" in captured.err
    assert "No such file" in captured.err
    # the other pages' output is complete
    assert newsseg.clean(PAGE) in captured.out
    assert newsseg.clean(pages["b"].read_text(encoding="utf-8")) in captured.out
    assert str(missing) not in captured.out


def test_a_directory_and_an_unreadable_page(
    pages: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--json", "--compact", str(tmp_path), str(pages["a"])]) == 1
    captured = capsys.readouterr()
    assert f"newsseg: {tmp_path}: IsADirectoryError" in captured.err
    assert len(captured.out.splitlines()) == 1


def test_a_page_that_fails_to_segment_is_reported_with_what_to_do(
    pages: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    small = newsseg.Limits(max_chars=len(PAGE) - 1)
    real = newsseg.segment
    monkeypatch.setattr(newsseg, "segment", lambda text, **kw: real(text, limits=small, **kw))
    short = pages["a"].parent / "short.txt"
    short.write_text("خبر قصير", encoding="utf-8")
    assert main(["--clean", str(pages["a"]), str(short)]) == 1
    captured = capsys.readouterr()
    assert f"newsseg: {pages['a']}: InputError:" in captured.err
    assert "Limits.max_chars" in captured.err
    assert "خبر قصير" in captured.out


def test_an_unexpected_error_is_reported_and_the_batch_goes_on(
    pages: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = newsseg.segment

    def buggy(text: str | bytes, **kw: object) -> newsseg.Document:
        if "الاقتصاد".encode() in (text.encode() if isinstance(text, str) else text):
            raise RuntimeError("a bug")
        return real(text)

    monkeypatch.setattr(newsseg, "segment", buggy)
    assert main(["--clean", str(pages["b"]), str(pages["a"])]) == 1
    captured = capsys.readouterr()
    assert f"newsseg: {pages['b']}: RuntimeError: a bug" in captured.err
    assert newsseg.clean(PAGE) in captured.out


def test_exit_codes(pages: dict[str, Path], tmp_path: Path) -> None:
    assert run(str(pages["a"])).returncode == 0
    assert run(str(pages["a"]), str(tmp_path / "nope")).returncode == 1
    usage = run()
    assert usage.returncode == 2
    assert b"give a PAGE" in usage.stderr
    assert run("--json", "--clean", str(pages["a"])).returncode == 2  # exclusive options
    assert run("--format", "pdf", str(pages["a"])).returncode == 2
    assert run("--no-such-option").returncode == 2


def test_failures_name_the_page_in_a_child_process(pages: dict[str, Path], tmp_path: Path) -> None:
    r = run("--clean", str(pages["a"]), str(tmp_path / "gone.html"), str(pages["b"]))
    assert r.returncode == 1
    err = r.stderr.decode("utf-8")
    assert f"newsseg: {tmp_path / 'gone.html'}: FileNotFoundError" in err
    assert "Traceback" not in err
    assert r.stdout.decode("utf-8").count("==>") == 2


def test_output_to_a_closed_pipe(pages: dict[str, Path]) -> None:
    big = pages["a"].parent / "big.txt"
    big.write_text((PAGE + "\n") * 5000, encoding="utf-8")
    cmd = f"{sys.executable} -m newsseg {big} {big} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}"
    r = subprocess.run(["bash", "-c", cmd], capture_output=True, timeout=120, check=False,
                       env={**os.environ, "PYTHONPATH": str(REPO)})
    assert r.stdout.strip() in (b"0", b"1")
    assert b"Traceback" not in r.stderr


def test_output_in_an_encoding_without_arabic(pages: dict[str, Path]) -> None:
    r = run("--clean", str(pages["a"]), env={"PYTHONIOENCODING": "ascii"})
    assert b"Traceback" not in r.stderr
    assert r.returncode in (0, 1)


# ---------------------------------------------------------------------------
# size limits, checked before a page is read whole
# ---------------------------------------------------------------------------


class _CountingReads:
    """Counts the bytes read from the files the command opens."""

    def __init__(self) -> None:
        self.read: dict[str, int] = {}

    def open(self, path: str, mode: str = "r") -> io.BufferedReader:
        f = open(path, mode)  # noqa: SIM115 - returned open, closed by the caller
        real = f.read
        self.read.setdefault(path, 0)

        def read(n: int = -1) -> bytes:
            data = real(n)
            self.read[path] += len(data)
            return data

        f.read = read  # type: ignore[method-assign]
        return f  # type: ignore[return-value]


def test_a_file_over_a_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(page_input, "_LIMITS", newsseg.Limits(max_html_bytes=1000, max_chars=100))
    spy = _CountingReads()
    monkeypatch.setattr(page_input, "open", spy.open, raising=False)
    big_html = tmp_path / "big.html"
    big_html.write_text(HTML * 20, encoding="utf-8")
    big_text = tmp_path / "big.txt"
    big_text.write_text(PAGE * 10, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("خبر قصير", encoding="utf-8")
    assert main(["--clean", str(big_html), str(big_text), str(small)]) == 1
    err = capsys.readouterr()
    size = big_html.stat().st_size
    assert (
        f"newsseg: {big_html}: InputError: segment_html() got {size:_} bytes of HTML, over the "
        f"limit of 1_000 (Limits.max_html_bytes)"
    ) in err.err
    size = big_text.stat().st_size
    assert (
        f"newsseg: {big_text}: InputError: segment() got {size:_} bytes of text, so at least "
        f"{-(-(size - 3) // 4):_} characters"
    ) in err.err
    assert "over the limit of 100 (Limits.max_chars)" in err.err
    assert len(err.err.strip().splitlines()) == 2
    assert "خبر قصير" in err.out
    # the .html page was not read at all; the .txt page only as far as its format
    assert spy.read[str(big_html)] == 0
    assert spy.read[str(big_text)] == 2048
    assert spy.read[str(small)] >= small.stat().st_size


def test_a_page_at_the_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.html"
    page.write_text(HTML, encoding="utf-8")
    size = page.stat().st_size
    monkeypatch.setattr(page_input, "_LIMITS", newsseg.Limits(max_html_bytes=size))
    assert main(["--json", "--compact", str(page)]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "html"
    monkeypatch.setattr(page_input, "_LIMITS", newsseg.Limits(max_html_bytes=size - 1))
    assert main(["--json", "--compact", str(page)]) == 1


class _Endless(io.RawIOBase):
    """A stream that never ends (and fails the test past ``stop`` bytes)."""

    def __init__(self, unit: bytes, stop: int) -> None:
        self.unit = unit
        self.stop = stop
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = len(b)
        assert self.given + n <= self.stop, "read on past the limit"
        b[:n] = (self.unit * (n // len(self.unit) + 1))[:n]
        self.given += n
        return n


@pytest.mark.parametrize(
    ("unit", "limit"),
    [("<p>نص</p>".encode(), "max_html_bytes"), ("نص طويل ".encode(), "max_chars")],
    ids=["html", "text"],
)
def test_endless_stdin_stops_one_byte_past_the_limit(
    unit: bytes, limit: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(page_input, "_LIMITS", newsseg.Limits(max_html_bytes=5000, max_chars=2000))
    endless = _Endless(unit, stop=1 << 20)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    assert main(["-"]) == 1
    err = capsys.readouterr().err
    cap = 5000 if limit == "max_html_bytes" else 4 * 2000 + 3
    assert err.startswith("newsseg: <stdin>: InputError: ")
    assert f"got more than {cap:_} bytes" in err
    assert f"(Limits.{limit})" in err
    assert len(err.strip().splitlines()) == 1
    assert endless.given <= cap + 1 + io.DEFAULT_BUFFER_SIZE


def test_a_huge_sparse_file_fails_fast_with_the_default_limits(tmp_path: Path) -> None:
    pytest.importorskip("resource")
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as f:
        f.truncate(8 << 30)  # 8 GiB of nothing (sparse)
    for fmt in ("html", "text"):
        code = (  # 1 GiB of address space: reading the page would fail
            "import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from newsseg.io.cli import main\n"
            f"sys.exit(main([{str(huge)!r}, '--format', {fmt!r}]))\n"
        )
        r = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, timeout=60, check=False,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert r.returncode == 1, r.stderr
        err = r.stderr.decode("utf-8")
        assert err.startswith(f"newsseg: {huge}: InputError: "), err
        assert f"got {8 << 30:_} bytes" in err


def test_help_names_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # however argparse wraps it
    assert "newsseg batch INPUT... -o OUTPUT" in text
    assert "newsseg show PAGE..." in text
    assert "newsseg evaluate --gold DIR --pages DIR" in text
    with pytest.raises(SystemExit):
        main(["batch", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--resume" in text
    assert "--force" in text
    assert "-v, --verbose" in text
