"""Run ``newsseg batch`` and signal it at a chosen moment, for tests/test_batch.py.

    python -m tests.batch_signals MOMENT N SIGNAL BATCH-ARGUMENT...

The signal is sent from inside the process, the N-th time the run gets to
MOMENT, so that a test stops a run at the same point on every try instead of
after a sleep. SIGINT goes to the whole process group, as Ctrl-C on a terminal
does (start this in a session of its own); SIGTERM and SIGKILL go to the
process alone. The output is flushed after every chunk here.

MOMENT is one of:

- ``wait``: before the N-th wait for a chunk of results from the workers;
- ``write``: halfway through the N-th write of a chunk to the output;
- ``flush``: inside the N-th flush of the output;
- ``read``: when the reader has read N records;
- ``close``: inside the close of the output, every record written;
- ``twice``: before the N-th wait, and again while the workers are stopped;
- ``after``: right after the N-th chunk is written and flushed (for SIGKILL).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import IO, Any

import newsseg.io.batch._run as run
from newsseg.io.batch import main


def send(sig: int) -> None:
    if sig == signal.SIGINT:
        os.killpg(os.getpgrp(), sig)
    else:
        os.kill(os.getpid(), sig)


class Writer:
    """The output's writer, with hooks in its write, flush and close."""

    def __init__(self, f: IO[bytes], moment: str, n: int, sig: int) -> None:
        self.f, self.moment, self.n, self.sig = f, moment, n, sig
        self.writes = self.flushes = 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        if self.moment == "write" and self.writes == self.n:
            half = len(data) // 2
            self.f.write(data[:half])
            send(self.sig)
            return self.f.write(data[half:]) + half
        written = self.f.write(data)
        if self.moment == "after" and self.writes == self.n:
            self.f.flush()
            send(self.sig)
        return written

    def flush(self) -> None:
        self.flushes += 1
        if self.moment == "flush" and self.flushes == self.n:
            send(self.sig)
        self.f.flush()

    def close(self) -> None:
        if self.moment == "close":
            send(self.sig)
        self.f.close()


def install(moment: str, n: int, sig: int, output: str) -> None:
    run._FLUSH_EVERY = 0.0
    real_open = run.open_output

    def open_output(path: str, **kw: Any) -> Any:
        f = real_open(path, **kw)
        return Writer(f, moment, n, sig) if path == output else f

    run.open_output = open_output  # type: ignore[assignment]

    if moment in ("wait", "twice"):
        real_result = Future.result
        waits = 0

        def result(self: Future[Any], timeout: float | None = None) -> Any:
            nonlocal waits
            waits += 1
            if waits == n:
                send(sig)
            return real_result(self, timeout)

        Future.result = result  # type: ignore[method-assign]

    if moment == "twice":
        real_close = run._Workers.close

        def close(self: run._Workers, *, kill: bool = False) -> None:
            send(sig)  # Ctrl-C again, while the workers are stopped
            real_close(self, kill=kill)

        run._Workers.close = close  # type: ignore[method-assign]

    if moment == "read":
        real_tasks = run.iter_tasks

        def iter_tasks(*args: Any, **kw: Any) -> Iterator[Any]:
            for i, task in enumerate(real_tasks(*args, **kw), 1):
                yield task
                if i == n:
                    send(sig)

        run.iter_tasks = iter_tasks  # type: ignore[assignment]


def _main(argv: list[str], start: Callable[[list[str]], int] = main) -> int:
    moment, n, name, *batch = argv
    # as a command started from a shell in the foreground (a background job
    # would start with Ctrl-C ignored, and newsseg leaves it ignored then)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    output = batch[batch.index("-o") + 1]
    install(moment, int(n), getattr(signal, name), output)
    return start(batch)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
