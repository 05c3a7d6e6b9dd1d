"""Where the pages come from: folders, globs, page files, JSONL (plain, gz, zst, bz2,
xz) and WARC files, turned into a stream of small picklable :class:`Task` tuples.

The readers run in the parent process and do as little as they can: a page file
becomes its path, a JSONL line its raw bytes, a WARC record its payload bytes.
Decoding, JSON parsing and segmenting happen in the workers. A reader never
raises: whatever goes wrong becomes a task of kind ``"error"``.
"""

from __future__ import annotations

import bz2
import contextlib
import glob
import gzip
import importlib
import io
import json
import logging
import lzma
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple, cast

from newsseg.io.batch._warc import iter_warc

__all__ = [
    "Counters",
    "Source",
    "Task",
    "UsageError",
    "expand_inputs",
    "input_size",
    "iter_tasks",
]

_PAGE_EXT: dict[str, bool | None] = {
    ".txt": False,
    ".text": False,
    ".html": True,
    ".htm": True,
    ".xhtml": True,
    ".shtml": True,
}
_JSONL_EXT = tuple(
    base + comp
    for base in (".jsonl", ".ndjson")
    for comp in ("", ".gz", ".zst", ".zstd", ".bz2", ".xz")
)
_WARC_EXT = (".warc", ".warc.gz", ".wet", ".wet.gz", ".arc", ".arc.gz")
_LINE_BLOCK = 1 << 20

log = logging.getLogger("newsseg.io.batch")


class UsageError(Exception):
    """A problem with the command line (no such input, a missing optional package)."""


class Task(NamedTuple):
    """One unit of work for a worker.

    ``kind`` is ``"file"`` (``payload`` is a page file's path), ``"line"`` (a
    JSONL line's bytes), ``"page"`` (a page's bytes, e.g. from a WARC record) or
    ``"error"`` (``reason`` and the message in ``payload``: the worker only
    reports it). ``where`` locates the record (``path``, ``path:line``,
    ``path@offset``); ``size`` is its byte size, for the in-flight budget.
    """

    kind: str
    id: Any
    url: str | None
    where: str
    payload: bytes | str
    html: bool | None = None
    charset: str | None = None
    size: int = 0
    reason: str = ""


class Source(NamedTuple):
    """An input file: its path, how to read it (``page``, ``jsonl``, ``warc``) and,
    for a page, whether it is HTML (``None``: guess)."""

    path: str
    kind: str
    html: bool | None = None


@dataclass
class Counters:
    """What the readers counted (updated from the reading thread)."""

    files: int = 0
    file: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    read: int = 0
    """Bytes of the input files read so far (compressed bytes for a compressed file)."""


def classify(path: str) -> tuple[str, bool | None] | None:
    """How to read a file, by its name: ``(kind, html)`` or ``None``.

    >>> classify("crawl/CC-MAIN-0001.warc.gz"), classify("dump.jsonl.zst"), classify("a.HTML")
    (('warc', True), ('jsonl', None), ('page', True))
    >>> classify("notes.pdf") is None
    True
    """
    low = path.lower()
    if low.endswith(_WARC_EXT):
        return "warc", True
    if low.endswith(_JSONL_EXT):
        return "jsonl", None
    ext = os.path.splitext(low)[1]
    if ext in _PAGE_EXT:
        return "page", _PAGE_EXT[ext]
    return None


def _walk(folder: str) -> Iterator[Source]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            how = classify(path)
            if how is not None:
                yield Source(path, *how)


def _need(module: str, extra: str, what: str) -> None:
    try:
        importlib.import_module(module)
    except ImportError as e:
        raise UsageError(
            f"{what} needs the {module} package: pip install 'newsseg[{extra}]'"
        ) from e


def expand_inputs(args: Sequence[str]) -> list[Source]:
    """The input files named by ``args`` (files, folders, globs, ``-`` for JSONL
    on stdin), in a stable order: each argument in turn, folders and globs sorted.

    A folder contributes its page, JSONL and WARC files (recursively, hidden
    ones left out); a file named explicitly is read by its extension, and as a
    page of guessed format when the extension says nothing.

    >>> expand_inputs(["no/such/file.txt"])
    Traceback (most recent call last):
    ...
    newsseg.io.batch._inputs.UsageError: no/such/file.txt: no such file or folder
    """
    out: list[Source] = []
    for arg in args:
        if arg == "-":
            out.append(Source("-", "jsonl"))
        elif os.path.isdir(arg):
            out.extend(_walk(arg))
        elif os.path.isfile(arg):
            how = classify(arg)
            out.append(Source(arg, *how) if how else Source(arg, "page", None))
        elif any(c in arg for c in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise UsageError(f"{arg}: no file matches")
            for m in matches:
                if os.path.isdir(m):
                    out.extend(_walk(m))
                else:
                    how = classify(m)
                    if how is not None:
                        out.append(Source(m, *how))
        else:
            raise UsageError(f"{arg}: no such file or folder")
    kinds = {s.kind for s in out}
    if "warc" in kinds:
        _need("warcio", "warc", "reading WARC files")
    if any(s.path.lower().endswith((".zst", ".zstd")) for s in out):
        _need("zstandard", "zstd", "reading .zst files")
    return out


# ------------------------------------------------------------------ readers


def _decompressing(path: str, raw: IO[bytes]) -> IO[bytes]:
    """A reader of the file ``raw`` decompressed by the extension of ``path``, that
    leaves ``raw`` open (``raw.tell()`` then says how far it has read)."""
    low = path.lower()
    if low.endswith(".gz"):
        return cast("IO[bytes]", gzip.GzipFile(fileobj=raw, mode="rb"))
    if low.endswith((".zst", ".zstd")):
        zstd = importlib.import_module("zstandard")
        reader = zstd.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=False)
        return io.BufferedReader(reader, _LINE_BLOCK)
    if low.endswith(".bz2"):
        return bz2.BZ2File(raw, "rb")
    if low.endswith(".xz"):
        return lzma.LZMAFile(raw, "rb")
    return raw


def _error(where: str, reason: str, message: str, rid: Any = None, url: str | None = None) -> Task:
    return Task("error", rid, url, where, message, reason=reason)


def peek_id(head: bytes, id_field: str) -> Any:
    """The id of a JSONL line that was not parsed, if it shows near the start.

    >>> peek_id(b'{"id": "p-7", "text": "..."}', "id"), peek_id(b'{"n": 1}', "id")
    ('p-7', None)
    """
    key = re.escape(json.dumps(id_field).encode("utf-8"))
    m = re.search(key + rb'\s*:\s*("(?:[^"\\]|\\.){0,512}"|-?\d{1,30})', head[:65536])
    if not m:
        return None
    try:
        return json.loads(m.group(1))
    except ValueError:
        return None


def _page_tasks(src: Source, max_bytes: int, counters: Counters) -> Iterator[Task]:
    try:
        size = os.stat(src.path).st_size
    except OSError as e:
        yield _error(src.path, "read_error", f"cannot read: {e.strerror or e}", src.path)
        return
    if size > max_bytes:
        msg = f"page of {size} bytes is over the limit of {max_bytes} bytes"
        yield _error(src.path, "too_large", msg, src.path)
        return
    counters.read += size
    yield Task("file", src.path, None, src.path, src.path, src.html, size=size)


def _jsonl_tasks(
    src: Source, max_bytes: int, id_field: str, counters: Counters
) -> Iterator[Task]:
    name = "<stdin>" if src.path == "-" else src.path
    lineno = 0
    base = counters.read
    raw: IO[bytes] | None = None
    try:
        if src.path == "-":
            f = sys.stdin.buffer
        else:
            raw = open(src.path, "rb", buffering=_LINE_BLOCK)  # noqa: SIM115 - closed below
            f = _decompressing(src.path, raw)
    except (OSError, ImportError) as e:
        if raw is not None:
            raw.close()
        yield _error(name, "read_error", f"cannot open: {e}")
        return
    try:
        while True:
            try:
                line = f.readline(max_bytes + 1)
            except Exception as e:  # corrupt compressed stream: the rest of the file is lost
                yield _error(f"{name}:{lineno + 1}", "read_error", f"{type(e).__name__}: {e}")
                return
            if not line:
                return
            lineno += 1
            # how far the file has been read (for a stream: the bytes of its lines)
            counters.read = base + raw.tell() if raw is not None else counters.read + len(line)
            where = f"{name}:{lineno}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                size, rid = len(line), peek_id(line, id_field)
                while True:
                    try:
                        rest = f.readline(_LINE_BLOCK)
                    except Exception:
                        rest = b""
                    size += len(rest)
                    if not rest or rest.endswith(b"\n"):
                        break
                msg = f"line of {size} bytes is over the limit of {max_bytes} bytes"
                yield _error(where, "too_large", msg, rid)
                continue
            if not line.strip():
                continue
            yield Task("line", None, None, where, line, size=len(line))
    finally:
        if raw is not None:
            try:
                f.close()
            finally:
                raw.close()


def _warc_tasks(src: Source, max_bytes: int, counters: Counters) -> Iterator[Task]:
    try:
        fh = open(src.path, "rb")  # noqa: SIM115 - closed below
    except OSError as e:
        yield _error(src.path, "read_error", f"cannot open: {e.strerror or e}")
        return
    base = counters.read
    with fh:
        try:
            for item in iter_warc(fh, src.path, max_bytes=max_bytes):
                if item.kind == "skip":
                    counters.skipped[item.reason] += 1
                elif item.kind == "error":
                    yield _error(item.where, item.reason, item.message, item.id, item.url)
                else:
                    counters.read = base + fh.tell()
                    yield Task(
                        "page", item.id, item.url, item.where, item.payload,
                        item.html, item.charset, len(item.payload),
                    )  # fmt: skip
        except Exception as e:  # pragma: no cover - iter_warc reports its own errors
            yield _error(src.path, "read_error", f"{type(e).__name__}: {e}")


def input_size(sources: Sequence[Source]) -> int | None:
    """The bytes of all the input files (``None`` when one is standard input).

    >>> input_size([Source("-", "jsonl")]) is None
    True
    """
    total = 0
    for src in sources:
        if src.path == "-":
            return None
        with contextlib.suppress(OSError):
            total += os.path.getsize(src.path)
    return total


def iter_tasks(
    sources: Sequence[Source], *, max_bytes: int, id_field: str, counters: Counters
) -> Iterator[Task]:
    """The tasks of every source, in order; ``counters.read`` follows the reading."""
    counters.files = len(sources)
    for i, src in enumerate(sources, 1):
        counters.file = i
        log.debug("newsseg batch: reading %s (input %d of %d)", src.path, i, len(sources))
        base = counters.read
        if src.kind == "page":
            yield from _page_tasks(src, max_bytes, counters)
        elif src.kind == "jsonl":
            yield from _jsonl_tasks(src, max_bytes, id_field, counters)
        else:
            yield from _warc_tasks(src, max_bytes, counters)
        if src.path != "-":
            with contextlib.suppress(OSError):
                counters.read = base + os.path.getsize(src.path)
