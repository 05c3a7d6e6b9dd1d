"""The ``newsseg batch`` command: many pages, every core, one JSONL record a page.

The parent process reads the inputs and cuts them into chunks of records, a
``ProcessPoolExecutor`` of workers decodes, segments and serializes each chunk,
and the parent writes the chunks' lines in input order. At most three chunks a
worker are read ahead, so memory does not grow with the input.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import logging
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
import warnings
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any, NamedTuple, TextIO, cast

import newsseg

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from newsseg.io.batch._inputs import (
    Counters,
    Source,
    Task,
    UsageError,
    expand_inputs,
    input_size,
    iter_tasks,
    peek_id,
)
from newsseg.io.batch._output import check_writable, open_output, prepare_resume, record_key
from newsseg.io.batch._parquet import is_parquet, missing_pyarrow
from newsseg.io.batch._record import (
    DEFAULT_MAX_BYTES,
    RecordError,
    document_record,
    dumps,
    error_record,
    segment_fields,
    segment_page,
)

_PIPE_BYTES = 1 << 20
#: Seconds between two flushes of the output (a run that is killed keeps what was flushed).
_FLUSH_EVERY = 2.0

log = logging.getLogger("newsseg.io.batch")

__all__ = ["Chunk", "Options", "available_cores", "main", "work", "work_chunk"]


@dataclass(frozen=True)
class Options:
    """How each record is read and written (shipped to the workers with each chunk)."""

    text_field: str | None = "text"
    html_field: str | None = "html"
    id_field: str = "id"
    url_field: str = "url"
    segments: bool = True
    article_only: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = None
    """Seconds a record may take (``None``: no limit); see :func:`work`."""


#: Whether this platform can stop a record that takes too long (``--timeout``).
CAN_TIME_OUT = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")


class _TimedOut(BaseException):
    """Raised by SIGALRM in the middle of a record that took too long (a
    ``BaseException``, so that no ``except Exception`` on the way swallows it)."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`_TimedOut` inside the block once ``seconds`` have passed (wall
    clock), with a one-shot ``ITIMER_REAL``; the alarm is disarmed on the way out.
    Only in a main thread (signals go there): elsewhere, no limit."""
    if not CAN_TIME_OUT or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = True

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed:  # not once the block is done, if the alarm comes just then
            raise _TimedOut

    old = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old if old is not None else signal.SIG_DFL)


def _load_line(line: bytes | str) -> dict[str, Any]:
    import json

    try:
        rec = json.loads(line)
    except UnicodeDecodeError as e:
        raise RecordError("undecodable", f"the line is not UTF-8: {e}") from e
    except ValueError as e:
        raise RecordError("bad_json", f"not a JSON line: {e}") from e
    if not isinstance(rec, dict):
        raise RecordError("bad_json", f"a JSON {type(rec).__name__}, not an object")
    return rec


def work(opts: Options, task: Task) -> tuple[bool, bytes]:
    """Process one task: ``(True, output line)`` or ``(False, errors-file line)``.

    Never raises (short of the process being killed). With ``opts.timeout``, a
    record that takes longer is stopped by ``SIGALRM`` (Unix, in a main thread)
    and reported as ``timeout``: the Python code of the segmenter and its
    regular expressions stop at once, a single call into libxml2 when it returns.

    >>> line = '{"id": 1, "text": "خبر"}'.encode()
    >>> ok, line = work(Options(segments=False), Task("line", None, None, "x.jsonl:1", line))
    >>> ok, line[:10]
    (True, b'{"id": 1, ')
    >>> work(Options(), Task("line", None, None, "x.jsonl:2", b"{oops"))[1][:60]
    b'{"id": null, "url": null, "input": "x.jsonl:2", "error": "ba'
    """
    if not opts.timeout:
        return _work(opts, task)
    try:
        with _deadline(opts.timeout):
            return _work(opts, task)
    except _TimedOut:
        rid = task.id
        if rid is None and task.kind == "line" and isinstance(task.payload, bytes):
            rid = peek_id(task.payload, opts.id_field)
        msg = f"timed out after {opts.timeout:g} s"
        return False, dumps(error_record(rid, task.url, "timeout", msg, task.where))


def _work(opts: Options, task: Task) -> tuple[bool, bytes]:
    rid, url = task.id, task.url
    try:
        if task.kind == "error":
            raise RecordError(task.reason, str(task.payload))
        if task.kind == "line":
            rec = _load_line(task.payload)
            rid = rec.get(opts.id_field, task.where)
            u = rec.get(opts.url_field)
            url = u if isinstance(u, str) else None
            doc = segment_fields(
                rec,
                text_field=opts.text_field,
                html_field=opts.html_field,
                url=url,
                max_bytes=opts.max_bytes,
            )
        elif task.kind == "file":
            try:
                data = Path(str(task.payload)).read_bytes()
            except OSError as e:
                raise RecordError("read_error", f"cannot read: {e.strerror or e}") from e
            doc = segment_page(data, html=task.html, url=url, max_bytes=opts.max_bytes)
        else:
            doc = segment_page(
                task.payload,
                html=task.html,
                url=url,
                declared=task.charset,
                max_bytes=opts.max_bytes,
            )
        out = document_record(
            doc, id=rid, url=url, segments=opts.segments, article_only=opts.article_only
        )
        return True, dumps(out)
    except RecordError as e:
        return False, dumps(error_record(rid, url, e.reason, e.message, task.where))
    except Exception as e:  # a bug of ours: report the record, keep going
        msg = f"{type(e).__name__}: {e}"
        return False, dumps(error_record(rid, url, "internal_error", msg, task.where))


# Ctrl-C and SIGTERM: blocked (not lost) while a worker is forked.
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_CAN_BLOCK = hasattr(signal, "pthread_sigmask")


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides what to do;
    # SIGTERM (how the pool stops its workers) must just end the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _CAN_BLOCK:  # the parent forked us with these blocked (see _Workers.submit)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    _die_with_parent()
    # Build the lazily compiled patterns once, not in the first record (whatever
    # goes wrong here, the records will report).
    with contextlib.suppress(Exception):
        newsseg.segment(newsseg.EXAMPLE_PAGE)
        newsseg.segment_html("<html><body><h1>عنوان</h1><p>نص الخبر.</p></body></html>")
    # What imports and the warm-up built lives as long as the worker: out of
    # every garbage collection from here on (full collections walked it all,
    # about 5 % of the time on the corpus HTML pages). The worker is ours; a
    # process that calls newsseg as a library is left as it is.
    gc.freeze()


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when its parent dies, however it
    dies (SIGKILL, a crash): an orphaned worker could otherwise wait forever on a
    full pipe that its siblings still hold open."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the call
            os._exit(1)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where known).

    >>> available_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------ window


class Chunk(NamedTuple):
    """What a worker sends back for a list of tasks: the output lines and the
    errors-file lines, each joined into one blob, and how many of each; ``read``
    (set by the parent) is how far the input had been read at its last task."""

    output: bytes
    errors: bytes
    ok: int
    failed: int
    read: int = 0


def work_chunk(opts: Options, tasks: Sequence[Task]) -> Chunk:
    """:func:`work` over a list of tasks, the lines joined (one pickle each way per chunk).

    >>> c = work_chunk(Options(), [Task("error", "p1", None, "x", "too big", reason="too_large")])
    >>> c.ok, c.failed, c.errors[:13]
    (0, 1, b'{"id": "p1", ')
    """
    out: list[bytes] = []
    err: list[bytes] = []
    for task in tasks:
        ok, line = work(opts, task)
        (out if ok else err).append(line)
    return Chunk(b"".join(out), b"".join(err), len(out), len(err))


def _chunks(tasks: Iterator[Task], max_items: int, max_bytes: int) -> Iterator[list[Task]]:
    buf: list[Task] = []
    size = 0
    try:
        for task in tasks:
            buf.append(task)
            size += task.size
            if len(buf) >= max_items or size >= max_bytes:
                yield buf
                buf, size = [], 0
        if buf:
            yield buf
    finally:
        close = getattr(tasks, "close", None)
        if close is not None:
            close()


# ---------------------------------------------------------------- progress


@dataclass
class _Stats:
    pages: int = 0
    ok: int = 0
    errors: int = 0
    resumed: int = 0
    """Records skipped because the output already holds them (``--resume``)."""


class _Progress:
    """The progress bar (tqdm) on standard error: the input bytes read of their
    total, the time left, and the pages and errors so far."""

    def __init__(self, enabled: bool, total: int | None, counters: Counters) -> None:
        self.start = time.monotonic()
        self.counters = counters
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                desc="newsseg batch",
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                file=sys.stderr,
                dynamic_ncols=True,
                mininterval=0.2,
                smoothing=0.1,
                leave=False,
            )

    def update(self, stats: _Stats, read: int) -> None:
        if self.bar is None:
            return
        skipped = sum(self.counters.skipped.values())
        self.bar.set_postfix_str(
            f"{stats.pages:,} pages, {stats.errors:,} errors"
            + (f", {skipped:,} skipped" if skipped else "")
            + (f", {stats.resumed:,} already done" if stats.resumed else "")
            + (f", file {self.counters.file}/{self.counters.files}"
               if self.counters.files > 1 else ""),
            refresh=False,
        )  # fmt: skip
        self.bar.update(max(0, read - self.bar.n))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _Console(logging.StreamHandler):  # type: ignore[type-arg]
    """Log lines on standard error, written around the progress bar (if any)."""

    def emit(self, record: logging.LogRecord) -> None:
        tqdm = sys.modules.get("tqdm")
        if tqdm is None:
            super().emit(record)
            return
        try:
            tqdm.tqdm.write(self.format(record), file=self.stream)
        except Exception:
            self.handleError(record)


@contextlib.contextmanager
def _logging(level: int) -> Iterator[None]:
    """Log ``newsseg.io.batch`` at ``level`` and up to standard error, while in the block."""
    handler = _Console(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    old = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(old[0])
        log.propagate = old[1]


# ------------------------------------------------------------------ output


def _binary(stream: TextIO) -> IO[bytes]:
    """The byte stream under a text stream (or an adapter, e.g. under doctest)."""
    buffer = getattr(stream, "buffer", None)
    return cast("IO[bytes]", buffer if buffer is not None else _TextSink(stream))


class _TextSink:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data.decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self.stream.flush()


class _Interrupted(KeyboardInterrupt):
    status = 130


class _Terminated(_Interrupted):
    status = 143


class _Stop:
    """What SIGINT (Ctrl-C) and SIGTERM do during a run: stop it at a record boundary.

    The first signal ends a wait for the workers at once (the handler raises
    :class:`_Interrupted` or :class:`_Terminated`), but never a write: inside
    :meth:`writing` it only takes note, and the write ends first, so that the
    output gets whole records and its compressor a consistent state; the
    exception is raised when the write is done. Once a run is stopping (and
    while it closes its files, :meth:`closing`), signals only take note. A
    signal that was ignored when the run started (``nohup``, a background job)
    stays ignored. Only in the main thread (where signals go).
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self._quiet = False
        self._old: dict[int, Any] = {}

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in _STOP_SIGNALS:
            old = signal.getsignal(sig)
            if old is not signal.SIG_IGN:
                self._old[sig] = old
                signal.signal(sig, self._handler)

    def restore(self) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)
        self._old.clear()

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is not None:
            return
        self.signum = signum
        if not self._quiet:
            raise self.error()

    def error(self) -> _Interrupted:
        return _Terminated() if self.signum == signal.SIGTERM else _Interrupted()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """A write that a signal must not cut; a signal during it is raised after it."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
        if self.signum is not None:
            raise self.error()

    def closing(self) -> None:
        """From now on, signals only take note."""
        self._quiet = True


# Seconds a worker has to end on SIGTERM before it gets SIGKILL.
_KILL_AFTER = 2.0


class _Workers:
    """A ``ProcessPoolExecutor`` whose workers ignore Ctrl-C, with wide pipes, that
    can be killed at once."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        ctx = multiprocessing.get_context()
        self.executor = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker)
        self._started = False
        for queue in ("_call_queue", "_result_queue"):
            _widen_pipe(getattr(getattr(self.executor, queue, None), "_writer", None))

    def submit(self, fn: Callable[..., Chunk], *args: Any) -> Future[Chunk]:
        if threading.current_thread() is not threading.main_thread():
            return self.executor.submit(fn, *args)
        # A submit may start (fork) a worker (the pool grows one at a time): it
        # must not inherit our handlers, not even before its initializer runs (a
        # worker stuck in C with our Python SIGTERM handler would never end).
        # Ctrl-C and SIGTERM are blocked meanwhile: held, not lost, for us; the
        # worker unblocks them once it has its own handlers.
        if _CAN_BLOCK:
            old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            try:
                return self._submit(fn, *args)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        if self._started:
            return self.executor.submit(fn, *args)
        old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
        old_term = signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            return self._submit(fn, *args)
        finally:
            signal.signal(signal.SIGINT, old_int)
            signal.signal(signal.SIGTERM, old_term)

    def _submit(self, fn: Callable[..., Chunk], *args: Any) -> Future[Chunk]:
        with warnings.catch_warnings():
            # A pool started after a worker died forks while the old pool's
            # threads still run (Python 3.12+ warns). Its workers only ever
            # touch their own queues, never a lock of those threads.
            warnings.filterwarnings(
                "ignore", r".*multi-threaded, use of fork\(\)", DeprecationWarning
            )
            future = self.executor.submit(fn, *args)
        self._started = True
        return future

    def close(self, *, kill: bool = False) -> None:
        if not kill:
            self.executor.shutdown(wait=True)
            return
        # Never wait on the queue that feeds the workers: with them gone, its
        # feeding thread can block forever on a full pipe.
        with contextlib.suppress(Exception):
            self.executor._call_queue.cancel_join_thread()  # type: ignore[attr-defined]
        procs = list((getattr(self.executor, "_processes", None) or {}).values())
        for proc in procs:
            with contextlib.suppress(Exception):
                proc.terminate()
        # a worker that does not end on SIGTERM would hang the exit (the pool
        # joins its workers then): SIGKILL what is still there after a moment
        deadline = time.monotonic() + _KILL_AFTER
        for proc in procs:
            with contextlib.suppress(Exception):
                proc.join(max(0.0, deadline - time.monotonic()))
                if proc.is_alive():
                    proc.kill()
        # A worker killed while writing its result leaves half a message in the
        # result pipe, and the pool's manager thread waits for the rest; the
        # exit then joins that thread forever. With the workers gone, our copy
        # of the pipe's write end is the last: closing it ends the wait (EOF).
        with contextlib.suppress(Exception):
            self.executor._result_queue._writer.close()  # type: ignore[attr-defined]
        with contextlib.suppress(Exception):
            self.executor.shutdown(wait=False, cancel_futures=True)
        # Let the pool's manager thread finish its clean-up now. Left running, it
        # closes its wake-up pipe while the exit wakes it up (Python 3.11: an
        # "OSError: Bad file descriptor" traceback at exit, 1 run in ~30).
        manager = getattr(self.executor, "_executor_manager_thread", None)
        if manager is not None and manager is not threading.current_thread():
            with contextlib.suppress(Exception):
                manager.join(_KILL_AFTER)


def _widen_pipe(conn: Any) -> None:
    """Give a pipe 1 MiB (Linux): a chunk then crosses in one or two writes instead
    of sixteen 64 KiB ones, each of which wakes a process."""
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setpipe is not None and conn is not None:
        with contextlib.suppress(Exception):
            fcntl.fcntl(conn.fileno(), setpipe, _PIPE_BYTES)


def _died(task: Task, id_field: str) -> Chunk:
    msg = "the worker process died on this record (killed, out of memory or crashed)"
    rid = task.id
    if rid is None and task.kind == "line" and isinstance(task.payload, bytes):
        rid = peek_id(task.payload, id_field)
    line = dumps(error_record(rid, task.url, "worker_died", msg, task.where))
    return Chunk(b"", line, 0, 1)


def _isolate(fn: Callable[[list[Task]], Chunk], chunk: list[Task], id_field: str) -> Chunk:
    """Redo a chunk one record at a time in a worker of its own, so that a record
    that kills its worker is known and reported, and only that one is lost."""
    solo = _Workers(1)
    parts: list[Chunk] = []
    done = False
    try:
        for task in chunk:
            try:
                parts.append(solo.submit(fn, [task]).result())
            except BrokenProcessPool:
                parts.append(_died(task, id_field))
                solo.close(kill=True)
                solo = _Workers(1)
        done = True
    finally:
        solo.close(kill=not done)
    return Chunk(
        b"".join(p.output for p in parts),
        b"".join(p.errors for p in parts),
        sum(p.ok for p in parts),
        sum(p.failed for p in parts),
    )


def _results(
    tasks: Iterator[Task],
    opts: Options,
    jobs: int,
    chunksize: int,
    chunk_bytes: int,
    counters: Counters | None = None,
) -> Generator[Chunk, None, None]:
    """Chunk results in input order, with at most ``3 * jobs`` chunks read ahead
    (each with ``read`` from ``counters``, when given).

    When a worker dies (a crash, the OOM killer), the pool is restarted, the
    chunks in flight are sent again, and the chunk at the head is redone one
    record at a time, so that only the record that kills a worker is lost.
    """
    chunks = _chunks(tasks, chunksize, chunk_bytes)

    def read() -> int:
        return counters.read if counters is not None else 0

    if jobs <= 1:
        for chunk in chunks:
            at = read()
            yield work_chunk(opts, chunk)._replace(read=at)
        return
    fn = functools.partial(work_chunk, opts)
    workers = _Workers(jobs)
    pending: deque[tuple[list[Task], Future[Chunk], int]] = deque()
    finished = False

    def restart() -> None:
        # A new pool, and the chunks that were in flight sent to it again.
        nonlocal workers
        log.warning(
            "newsseg batch: a worker process died: the workers are restarted and the "
            "records in flight done again (the one that killed it goes to the errors file)"
        )
        workers.close(kill=True)
        workers = _Workers(jobs)
        again = [(chunk, at) for chunk, _, at in pending]
        pending.clear()
        pending.extend((chunk, workers.submit(fn, chunk), at) for chunk, at in again)

    def head() -> Chunk:
        chunk, future, at = pending.popleft()
        try:
            return future.result()._replace(read=at)
        except BrokenProcessPool:
            restart()
        return _isolate(fn, chunk, opts.id_field)._replace(read=at)

    try:
        for chunk in chunks:
            at = read()
            try:
                future = workers.submit(fn, chunk)
            except BrokenProcessPool:  # a worker died since the last result
                restart()
                future = workers.submit(fn, chunk)
            pending.append((chunk, future, at))
            if len(pending) >= 3 * jobs:
                yield head()
        while pending:
            yield head()
        finished = True
    finally:
        try:
            workers.close(kill=not finished)
        except BaseException:  # Ctrl-C while the pool shut down: it is killed instead
            workers.close(kill=True)
            raise


def _not_done(
    tasks: Iterator[Task], done: Counter[str], id_field: str, stats: _Stats
) -> Iterator[Task]:
    """``tasks`` less the records the output already holds (``--resume``): a record
    whose id is in ``done`` is skipped, as many times as the output holds it. Once
    every record of ``done`` is met, the rest goes through without a look."""
    left = sum(done.values())
    for task in tasks:
        if left:
            rid = task.id
            if task.kind == "line":
                try:
                    rid = _load_line(task.payload).get(id_field, task.where)
                except RecordError:
                    rid = None  # the worker reports it
            key = record_key(rid) if rid is not None else None
            if key is not None and done[key] > 0:
                done[key] -= 1
                left -= 1
                stats.resumed += 1
                continue
        yield task


def run(
    sources: Sequence[Source],
    output: str,
    *,
    errors: str | None,
    opts: Options,
    jobs: int,
    chunksize: int = 32,
    chunk_bytes: int = 1 << 20,
    progress: bool = False,
    resume: bool = False,
) -> int:
    """Process ``sources`` into ``output`` (and failures into ``errors``; ``None``:
    to standard error); returns the exit status (0 all done, 1 some record failed,
    130 interrupted, 143 terminated).

    With ``resume``, the records ``output`` already holds are kept and skipped,
    and the new ones appended. Raises :class:`UsageError` when ``output`` cannot
    be resumed.
    """
    counters = Counters()
    stats = _Stats()
    stop = _Stop()
    out: IO[bytes] | None = None
    err: IO[bytes] | None = None
    bar: _Progress | None = None
    results: Generator[Chunk, None, None] | None = None
    status = 0
    start = time.monotonic()
    stop.install()
    try:
        done: Counter[str] = Counter()
        if resume and output != "-":
            held = prepare_resume(output)
            done = held.ids
            if held.problem:
                log.warning(
                    "newsseg batch: %s ended in %s: kept the %s complete records before it",
                    output, held.problem, f"{held.records:,}",
                )  # fmt: skip
            if held.records:
                log.info(
                    "newsseg batch: resuming: %s records already in %s are kept and skipped",
                    f"{held.records:,}", output,
                )  # fmt: skip
        out = _binary(sys.stdout) if output == "-" else open_output(output, append=bool(done))
        err = _binary(sys.stderr) if errors is None else open_output(errors)
        bar = _Progress(progress, input_size(sources), counters)
        tasks = iter_tasks(
            sources, max_bytes=opts.max_bytes, id_field=opts.id_field, counters=counters
        )
        if done:
            tasks = _not_done(tasks, done, opts.id_field, stats)
        results = _results(tasks, opts, jobs, chunksize, chunk_bytes, counters)
        last_flush = time.monotonic()
        for chunk in results:
            with stop.writing():  # whole, whatever signal comes meanwhile
                stats.pages += chunk.ok + chunk.failed
                stats.ok += chunk.ok
                stats.errors += chunk.failed
                if chunk.output:
                    out.write(chunk.output)
                if chunk.errors:
                    err.write(chunk.errors)
                bar.update(stats, chunk.read)
                now = time.monotonic()
                if now - last_flush >= _FLUSH_EVERY:
                    out.flush()
                    err.flush()
                    last_flush = now
    except KeyboardInterrupt as e:
        status = e.status if isinstance(e, _Interrupted) else 130
    except BrokenPipeError:  # `-o - | head`
        _silence_stdout()
        status = -1
    finally:
        stop.closing()  # what was written is closed whole, whatever comes now
        with contextlib.ExitStack() as cleanup:  # each step, even if one before fails
            cleanup.callback(stop.restore)
            if bar is not None:
                cleanup.callback(bar.close)
            if results is not None:  # stops the workers now, wherever the loop was left
                cleanup.callback(results.close)
            cleanup.callback(_close, err, errors is None)
            cleanup.callback(_close, out, output == "-")  # first: the output is safe
    if stop.signum is not None and status <= 0:
        status = stop.error().status  # a signal while the files were closed
    if status == -1:
        status = 0
    elif status == 0 and stats.errors:
        status = 1
    _summary(stats, counters, time.monotonic() - start, output, errors, jobs, status)
    return status


def _close(f: IO[bytes] | None, stream: bool) -> None:
    if f is None:
        return
    if not stream:
        f.close()
        return
    try:
        f.flush()
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _summary(
    stats: _Stats,
    counters: Counters,
    secs: float,
    output: str,
    errors: str | None,
    jobs: int,
    status: int,
) -> None:
    rate = stats.pages / max(secs, 1e-9)
    head = "interrupted" if status >= 128 else "done"
    parts = [
        f"newsseg batch {head}: {stats.pages:,} pages in {secs:.1f} s "
        f"({rate:,.1f} pages/s, {jobs} job{'s' if jobs != 1 else ''})",
        f"{stats.ok:,} written to {'stdout' if output == '-' else output}",
    ]
    if stats.errors:
        where = "stderr" if errors is None else errors
        parts.append(f"{stats.errors:,} failed (see {where})")
    else:
        parts.append("0 failed")
    if counters.skipped:
        detail = ", ".join(f"{n:,} {why}" for why, n in counters.skipped.most_common())
        parts.append(f"{sum(counters.skipped.values()):,} skipped ({detail})")
    if stats.resumed:
        parts.append(f"{stats.resumed:,} already in the output (--resume)")
    log.info(", ".join(parts))
    if status >= 128 and output != "-":
        log.info("newsseg batch: to go on from there, run the same command with --resume")


# ---------------------------------------------------------------- command


def _bytes_arg(value: str) -> int:
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    v = value.strip().upper().removesuffix("B").removesuffix("I")
    unit = v[-1:] if v[-1:] in units and v[-1:] else ""
    try:
        n = float(v[: len(v) - len(unit)] if unit else v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 20M)") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
    return int(n * units[unit])


def _seconds_arg(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not n > 0 or n == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {value!r}")
    if not CAN_TIME_OUT:
        raise argparse.ArgumentTypeError("not available on this platform (no SIGALRM)")
    return n


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsseg batch",
        description=(
            "Segment many pages: folders or globs of .txt/.html pages, JSONL files "
            "(.gz/.zst/.bz2/.xz too) and WARC files, on every core, into JSONL."
        ),
        epilog=(
            "Ctrl-C (or SIGTERM) stops at a record boundary and closes the output whole; "
            "the same command with --resume then goes on from there. "
            "Exit status: 0 every record done, 1 some record failed (see the errors file), "
            "2 usage error, 130 interrupted (143 on SIGTERM)."
        ),
    )
    p.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files, folders, globs; - for JSONL on stdin"
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        help="output JSONL (.gz/.zst compress; .parquet: Parquet); - for stdout",
    )
    p.add_argument("--errors", metavar="PATH", help="errors file (default: OUTPUT.errors.jsonl)")
    again = p.add_mutually_exclusive_group()
    again.add_argument(
        "--resume",
        action="store_true",
        help="keep the records OUTPUT already holds and process only the others (by id)",
    )
    again.add_argument(
        "--force", action="store_true", help="overwrite OUTPUT even if it holds records"
    )
    p.add_argument(
        "-j", "--jobs", type=int, default=0, help="worker processes (default: all cores)"
    )
    p.add_argument(
        "--text-field", default="text", help="JSONL field with plain text (default: text)"
    )
    p.add_argument(
        "--html-field", default="html", help="JSONL field with HTML, used first (default: html)"
    )
    p.add_argument("--id-field", default="id", help="JSONL field with the record id (default: id)")
    p.add_argument("--url-field", default="url", help="JSONL field with the URL (default: url)")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument(
        "--no-segments", action="store_true", help="leave the segments (and text) out"
    )
    shape.add_argument(
        "--article-only",
        action="store_true",
        help='write {"id", "url", "text"} with the cleaned article only',
    )
    p.add_argument(
        "--max-bytes",
        type=_bytes_arg,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="refuse larger records (default: 20M)",
    )
    p.add_argument(
        "--timeout",
        type=_seconds_arg,
        default=None,
        metavar="SECONDS",
        help="stop a record that takes longer and report it as 'timeout' (default: no limit)",
    )
    p.add_argument(
        "--chunksize", type=int, default=32, help="records sent to a worker at once (default: 32)"
    )
    bar = p.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="show the progress bar (default: when stderr is a terminal, unless -q)",
    )
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    talk = p.add_mutually_exclusive_group()
    talk.add_argument(
        "-q", "--quiet", action="store_true", help="only warnings and errors: no summary"
    )
    talk.add_argument(
        "-v", "--verbose", action="store_true", help="also say what is read and when"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``newsseg batch``; returns the exit status.

    >>> main(["no/such/folder", "-o", "out.jsonl"])
    2
    """
    args = _parser().parse_args(argv)
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    try:
        with _logging(level):
            return _main(args)
    except KeyboardInterrupt:  # before the run began (e.g. while the inputs were listed)
        print("newsseg batch: interrupted", file=sys.stderr)
        return 130


def _usage(message: str) -> int:
    print(f"newsseg batch: error: {message}", file=sys.stderr)
    return 2


def _main(args: argparse.Namespace) -> int:
    try:
        sources = expand_inputs(args.inputs)
        for path in (args.output, args.errors):
            if path and path != "-":
                check_writable(path)
    except UsageError as e:
        return _usage(str(e))
    if args.jobs < 0 or args.chunksize < 1:
        return _usage("--jobs must be >= 0, --chunksize >= 1")
    if not sources:
        return _usage("no input files (.txt, .html, .jsonl, .warc…) found")
    if is_parquet(args.output) and (why := missing_pyarrow()):
        return _usage(why)
    if args.errors and is_parquet(args.errors):
        return _usage("--errors is written as JSONL: give a .jsonl path")
    if args.resume and is_parquet(args.output):
        return _usage("--resume cannot add to a Parquet file: give --force to write it "
                      "again, or write JSONL and convert it")
    stream = args.output in ("-", os.devnull)
    if args.resume and args.output == "-":
        return _usage("--resume needs an output file (-o PATH), not standard output")
    if not (args.resume or args.force) and _holds_something(args.output):
        return _usage(
            f"{args.output} is not empty: --resume keeps its records and processes "
            "only the others, --force overwrites it"
        )
    errors = args.errors or (None if stream else args.output + ".errors.jsonl")
    if errors == "-":
        errors = None
    # A folder holding the output of an earlier run must not read it back.
    mine = {os.path.realpath(p) for p in (args.output, errors) if p and p != "-"}
    sources = [s for s in sources if s.path == "-" or os.path.realpath(s.path) not in mine]
    if not sources:
        return _usage("no input files besides the output")
    opts = Options(
        text_field=args.text_field or None,
        html_field=args.html_field or None,
        id_field=args.id_field,
        url_field=args.url_field,
        segments=not args.no_segments,
        article_only=args.article_only,
        max_bytes=args.max_bytes,
        timeout=args.timeout,
    )
    jobs = args.jobs or available_cores()
    progress = args.progress
    if progress is None:  # on a terminal, unless -q
        progress = sys.stderr.isatty() and not args.quiet
    log.debug(
        "newsseg batch: %d input files (%s bytes), %d jobs, chunks of %d records",
        len(sources), f"{input_size(sources) or 0:,}", jobs, args.chunksize,
    )  # fmt: skip
    try:
        return run(
            sources,
            args.output,
            errors=errors,
            opts=opts,
            jobs=jobs,
            chunksize=args.chunksize,
            progress=progress,
            resume=args.resume,
        )
    except UsageError as e:  # an output that cannot be resumed
        return _usage(str(e))
    except OSError as e:  # the output cannot be written
        return _usage(str(e))


def _holds_something(path: str) -> bool:
    """Whether ``path`` is a file with something in it (not a device, not stdout)."""
    if path == "-":
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size > 0
