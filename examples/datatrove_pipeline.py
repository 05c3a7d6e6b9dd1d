#!/usr/bin/env python3
"""Clean a folder of WARC files with datatrove and newsseg: WARC → newsseg → JSONL.

    pip install 'newsseg[datatrove]'
    python examples/datatrove_pipeline.py CRAWL_DIR OUT_DIR [--tasks 4] [--workers 2]

Every ``*.warc`` / ``*.warc.gz`` file under CRAWL_DIR is read; each HTML page
becomes one JSON line in OUT_DIR/00000.jsonl.gz (one file per task), whose
``text`` is the cleaned article and whose ``metadata.newsseg`` holds the title,
source, tags, related headlines and segments. datatrove's logs and stats go
to OUT_DIR/logs (a finished task is skipped when the pipeline runs again).

This runs on the local executor. On a Slurm cluster or a Ray cluster the
pipeline is the same: build it with :func:`build_pipeline` and hand it to
``SlurmPipelineExecutor`` or ``RayPipelineExecutor`` instead (see
``docs/crawl.md``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any


def build_pipeline(crawl_dir: str, out_dir: str, *, limit: int = -1) -> list[Any]:
    """The three steps: read the WARC files, segment each page, write JSONL."""
    from datatrove.pipeline.writers import JsonlWriter

    from newsseg.io.integrations.datatrove import NewssegExtractor, NewssegWarcReader

    return [
        NewssegWarcReader(crawl_dir, glob_pattern="**/*.warc*", limit=limit),
        NewssegExtractor(),
        JsonlWriter(out_dir),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("crawl_dir", help="folder of .warc / .warc.gz files")
    ap.add_argument("out_dir", help="folder for the JSONL output")
    ap.add_argument("--tasks", type=int, default=1, help="shards of the input (default: 1)")
    ap.add_argument("--workers", type=int, default=-1, help="tasks run at once (default: all)")
    ap.add_argument("--limit", type=int, default=-1, help="documents per task, for a trial run")
    ap.add_argument("--logs", help="datatrove's logging folder (default: OUT_DIR/logs)")
    args = ap.parse_args(argv)
    try:
        from datatrove.executor import LocalPipelineExecutor
    except ImportError:
        print("this example needs datatrove: pip install 'newsseg[datatrove]'", file=sys.stderr)
        return 2
    executor = LocalPipelineExecutor(
        pipeline=build_pipeline(args.crawl_dir, args.out_dir, limit=args.limit),
        tasks=args.tasks,
        workers=args.workers,
        logging_dir=args.logs or f"{args.out_dir}/logs",
    )
    executor.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
