"""The output of ``newsseg batch``: opened for writing or for appending (plain,
``.gz``, ``.zst``), and read back for ``--resume``.

A run that was stopped (Ctrl-C, SIGTERM) closes its output properly: the file
holds complete records. One that was killed (SIGKILL, a power cut) can end in
a cut line or, compressed, a cut stream. :func:`prepare_resume` keeps the
complete records at the start of the file and drops what follows them (a
plain file is truncated; a compressed one is rewritten to a temporary file
that then replaces it), so that the new records can be appended after them:
as a new gzip member or zstd frame, which every reader of those formats reads
as one stream.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import json
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from newsseg.io.batch._inputs import UsageError
from newsseg.io.batch._parquet import ParquetSink, is_parquet

__all__ = ["Held", "compression", "open_output", "prepare_resume", "read_held", "record_key"]

_BLOCK = 1 << 20
#: How every record of an output starts (the id comes first).
_START = b'{"id": '


def compression(path: str) -> str:
    """How a file is compressed, by its name: ``"gz"``, ``"zst"`` or ``""``.

    >>> compression("out.jsonl.gz"), compression("out.JSONL.ZST"), compression("out.jsonl")
    ('gz', 'zst', '')
    """
    low = path.lower()
    if low.endswith(".gz"):
        return "gz"
    if low.endswith((".zst", ".zstd")):
        return "zst"
    return ""


def _zstandard() -> Any:
    try:
        return importlib.import_module("zstandard")
    except ImportError as e:
        raise UsageError(
            "reading or writing .zst files needs the zstandard package: "
            "pip install 'newsseg[zstd]'"
        ) from e


def check_writable(path: str) -> None:
    """Raise :class:`UsageError` if writing ``path`` needs a package that is missing."""
    if compression(path) == "zst":
        _zstandard()


def open_output(path: str, *, append: bool = False) -> IO[bytes]:
    """A binary writer of ``path``, compressed by its extension; ``append`` adds to
    what the file holds (a new gzip member, a new zstd frame)."""
    p = Path(path)
    if p.parent != Path():
        p.parent.mkdir(parents=True, exist_ok=True)
    if is_parquet(path):  # rows in row groups (newsseg[parquet]); see _parquet.py
        return cast("IO[bytes]", ParquetSink(path))
    mode = "ab" if append else "wb"
    kind = compression(path)
    if kind == "gz":
        return cast("IO[bytes]", gzip.open(path, mode, compresslevel=6))
    if kind == "zst":
        zstd = _zstandard()
        raw = open(path, mode)  # noqa: SIM115 - closed through the writer
        writer: IO[bytes] = zstd.ZstdCompressor(level=3).stream_writer(raw, closefd=True)
        return writer
    return open(path, mode, buffering=_BLOCK)


def record_key(value: Any) -> str:
    """The key an id is known by when resuming: its canonical JSON.

    >>> record_key("p-1"), record_key(7), record_key({"b": 1, "a": 2})
    ('"p-1"', '7', '{"a": 2, "b": 1}')
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _line_key(line: bytes) -> str | None:
    try:
        rec = json.loads(line)
    except ValueError:  # UnicodeDecodeError too
        return None
    if not isinstance(rec, dict) or "id" not in rec:
        return None
    return record_key(rec["id"])


def _decompressed(f: IO[bytes], kind: str, problem: list[str]) -> Iterator[bytes]:
    """The decompressed bytes of ``f``, as far as they can be read; what stopped the
    reading early (a broken or cut stream) is appended to ``problem``."""
    if not kind:
        while block := f.read(_BLOCK):
            yield block
        return
    if kind == "gz":
        errors: tuple[type[Exception], ...] = (zlib.error,)

        def new() -> Any:
            return zlib.decompressobj(wbits=31)  # a gzip member, its CRC checked
    else:
        zstd = _zstandard()
        errors = (zstd.ZstdError,)
        new = zstd.ZstdDecompressor().decompressobj
    dec = new()
    fresh = True  # nothing of the current member (frame) read yet
    while data := f.read(_BLOCK):
        while data:
            try:
                out = dec.decompress(data)
            except errors as e:
                problem.append(f"a broken compressed stream ({e})")
                return
            fresh = False
            if out:
                yield out
            if dec.eof:  # the member ended: the next one starts in what is left
                data, dec, fresh = dec.unused_data, new(), True
            else:
                data = b""
    if not fresh:
        problem.append("the compressed stream is cut")


@dataclass
class Held:
    """What an output file holds, as :func:`read_held` found it."""

    ids: Counter[str] = field(default_factory=Counter)
    """How many records of each id (its :func:`record_key`) the good part holds."""
    records: int = 0
    """The complete records at the start of the file."""
    good: int = 0
    """Their size in bytes (uncompressed)."""
    problem: str = ""
    """What follows them, if anything: a cut line, a line that is not a record,
    a cut or broken compressed stream (empty: the file is just those records)."""
    foreign: bool = False
    """Whether what follows them is not what a cut would leave of a record (a
    line that is not one, a broken stream, bytes that do not start like one)."""


def read_held(path: str) -> Held:
    """The complete records at the start of the output ``path``: each a line that
    ends in a newline and holds a JSON object with an ``id``.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "out.jsonl")
    >>> with open(path, "wb") as f:
    ...     _ = f.write(b'{"id": "a"}\\n{"id": "b"}\\n{"id": "c", "te')
    >>> held = read_held(path)
    >>> held.records, held.good, held.problem, sorted(held.ids)
    (2, 24, 'a cut last line', ['"a"', '"b"'])
    """
    held = Held()
    problems: list[str] = []
    buf = bytearray()
    with open(path, "rb") as f:
        for block in _decompressed(f, compression(path), problems):
            buf += block
            start = 0
            while (end := buf.find(b"\n", start)) >= 0:
                key = _line_key(bytes(buf[start:end]))
                if key is None:
                    held.problem = f"line {held.records + 1} is not a newsseg record"
                    held.foreign = True
                    return held
                held.ids[key] += 1
                held.records += 1
                held.good += end + 1 - start
                start = end + 1
            del buf[:start]
    if buf:
        problems.insert(0, "a cut last line")
        held.foreign = not _START.startswith(bytes(buf[: len(_START)]))
    held.foreign = held.foreign or any(p.startswith("a broken") for p in problems)
    held.problem = "; ".join(problems)
    return held


def prepare_resume(path: str) -> Held:
    """Get the output ``path`` ready to be appended to by a resumed run, and say
    what it holds. Complete records are kept; a cut or broken end is dropped.

    Raises :class:`UsageError` for a file that does not start with a record (it
    is not the output of ``newsseg batch``: ``--force`` overwrites it).
    """
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        return Held()
    held = read_held(path)
    if not held.records and held.foreign:
        raise UsageError(
            f"{path}: --resume found no newsseg record at its start ({held.problem}); "
            "is it the output of an earlier run? --force overwrites it"
        )
    if held.problem:
        _keep_good(path, held.good)
    return held


def _keep_good(path: str, good: int) -> None:
    """Cut the file down to its first ``good`` (uncompressed) bytes."""
    kind = compression(path)
    if not kind:
        os.truncate(path, good)
        return
    p = Path(path)
    tmp = str(p.with_name(f".resume-{p.name}"))  # hidden, same extension
    try:
        with open(path, "rb") as f, open_output(tmp) as out:
            left = good
            for block in _decompressed(f, kind, []):
                out.write(block[:left])
                left -= min(left, len(block))
                if not left:
                    break
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
