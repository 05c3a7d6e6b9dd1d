"""Batch processing of crawls: ``newsseg batch`` and a record API for other engines.

``newsseg batch INPUT... -o OUTPUT`` segments folders of pages, JSONL dumps
and WARC files on every core and writes one JSONL record a page (see
``docs/crawl.md``). :func:`process_record` and :func:`process_records` are the
same work as plain, stateless, picklable functions over dicts, for Spark,
Dask, Ray or any other engine:

>>> from newsseg.io.batch import process_record
>>> import newsseg
>>> rec = process_record({"id": "p1", "text": newsseg.EXAMPLE_PAGE}, segments=False)
>>> rec["title"]
'وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا'
>>> rec["article"].startswith("أعلنت وزارة الزراعة")
True
"""

from __future__ import annotations

from newsseg.io.batch._record import (
    DEFAULT_MAX_BYTES,
    RecordError,
    article_text,
    decode_page,
    document_record,
    process_record,
    process_records,
)
from newsseg.io.batch._run import available_cores, main

__all__ = [
    "DEFAULT_MAX_BYTES",
    "RecordError",
    "article_text",
    "available_cores",
    "decode_page",
    "document_record",
    "main",
    "process_record",
    "process_records",
]
