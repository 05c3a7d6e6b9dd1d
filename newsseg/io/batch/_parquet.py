"""Parquet output for ``newsseg batch IN -o out.parquet`` (needs ``newsseg[parquet]``).

The workers write JSONL records as for any output; :class:`ParquetSink` takes
those lines in the parent, keeps at most one row group of them, and writes each
full row group to the file as it goes, so memory stays bounded however large
the run. One row a page:

========== ======================================== ==================================
column     type                                     what it holds
========== ======================================== ==================================
id         string                                   the record's id (a JSON number as
                                                    written: ``7`` is ``"7"``)
url        string (null where unknown)              the page's URL
format     string                                   ``text`` or ``html``
title      string (null)                            :attr:`Document.title`
article    string                                   :attr:`Document.article`
source     string (null)                            :attr:`Document.source`
tags       list<string>                             :attr:`Document.tags`
read_also  list<string>                             :attr:`Document.read_also`
related    list<string>                             :attr:`Document.related`
secondary  string                                   :attr:`Document.secondary`
metadata   struct                                   :class:`~newsseg.Metadata`
text       string (null with ``--no-segments``)     what segment offsets point into
segments   list<struct<kind, rule, start, end>>     the segments (null with
                                                    ``--no-segments``)
========== ======================================== ==================================

With ``--article-only`` the rows are ``id``, ``url`` and ``text`` (the article).
"""

from __future__ import annotations

import importlib
import json
from typing import Any

__all__ = [
    "ROW_GROUP_BYTES",
    "ROW_GROUP_ROWS",
    "ParquetSink",
    "is_parquet",
    "missing_pyarrow",
]

#: Rows kept before a row group is written (whichever of the two limits comes first).
ROW_GROUP_ROWS = 2048
#: JSON bytes kept before a row group is written.
ROW_GROUP_BYTES = 64 << 20


def is_parquet(path: str) -> bool:
    """Whether ``-o path`` asks for Parquet.

    >>> is_parquet("out/pages.parquet"), is_parquet("pages.jsonl.gz"), is_parquet("-")
    (True, False, False)
    """
    return path.lower().endswith((".parquet", ".pq"))


def missing_pyarrow() -> str | None:
    """``None`` when pyarrow can be imported, else the one-line error to show.

    >>> missing_pyarrow() is None or "newsseg[parquet]" in missing_pyarrow()
    True
    """
    try:
        importlib.import_module("pyarrow.parquet")
    except ImportError as e:
        return (
            f"Parquet output needs pyarrow, which is not installed ({e}): "
            "pip install 'newsseg[parquet]'"
        )
    return None


def _schemas() -> tuple[Any, Any]:
    pa = importlib.import_module("pyarrow")
    strings = pa.list_(pa.string())
    metadata = pa.struct([
        ("title", pa.string()),
        ("author", pa.string()),
        ("published", pa.string()),
        ("site_name", pa.string()),
        ("url", pa.string()),
        ("language", pa.string()),
        ("tags", strings),
    ])  # fmt: skip
    segment = pa.struct([
        ("kind", pa.string()),
        ("rule", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
    ])  # fmt: skip
    full = pa.schema([
        ("id", pa.string()),
        ("url", pa.string()),
        ("format", pa.string()),
        ("title", pa.string()),
        ("article", pa.string()),
        ("source", pa.string()),
        ("tags", strings),
        ("read_also", strings),
        ("related", strings),
        ("secondary", pa.string()),
        ("metadata", metadata),
        ("text", pa.string()),
        ("segments", pa.list_(segment)),
    ])  # fmt: skip
    article = pa.schema([("id", pa.string()), ("url", pa.string()), ("text", pa.string())])
    return full, article


def _id(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _row(rec: dict[str, Any], names: list[str]) -> dict[str, Any]:
    row = {name: rec.get(name) for name in names}
    row["id"] = _id(rec.get("id"))
    segs = rec.get("segments")
    if segs is not None:
        row["segments"] = [
            {"kind": s["kind"], "rule": s.get("rule", ""), "start": s["start"], "end": s["end"]}
            for s in segs
        ]
    return row


class ParquetSink:
    """A binary sink for batch output lines that writes them as Parquet row groups.

    It takes what ``newsseg batch`` writes to a JSONL file (whole lines, any
    number at a time) and has the ``write``/``flush``/``close`` of a file.
    ``flush`` writes nothing (a row group per flush would make tiny groups);
    ``close`` writes the rest and the footer, and the file is readable once closed.

    >>> import os, tempfile, pyarrow.parquet as pq
    >>> path = os.path.join(tempfile.mkdtemp(), "out.parquet")
    >>> sink = ParquetSink(path, row_group_rows=1)
    >>> sink.write(b'{"id": 7, "url": null, "text": "\\xd8\\xae\\xd8\\xa8\\xd8\\xb1"}\\n'
    ...            b'{"id": "b", "url": "https://example.org/b", "text": ""}\\n')
    97
    >>> sink.close()
    >>> pq.ParquetFile(path).metadata.num_row_groups
    2
    >>> pq.read_table(path).to_pylist()[0]
    {'id': '7', 'url': None, 'text': 'خبر'}
    """

    def __init__(
        self,
        path: str,
        *,
        row_group_rows: int | None = None,
        row_group_bytes: int | None = None,
    ) -> None:
        self.path = path
        self.row_group_rows = row_group_rows or ROW_GROUP_ROWS
        self.row_group_bytes = row_group_bytes or ROW_GROUP_BYTES
        self._pq = importlib.import_module("pyarrow.parquet")
        self._pa = importlib.import_module("pyarrow")
        self._rows: list[dict[str, Any]] = []
        self._bytes = 0
        self._partial = b""
        self._schema: Any = None
        self._writer: Any = None
        self.closed = False
        # Created now, as a JSONL output is: a folder that cannot be written fails at once.
        open(path, "wb").close()

    def write(self, data: bytes) -> int:
        """Take whole JSONL lines (a line cut in two is kept until its end comes)."""
        lines = (self._partial + data).split(b"\n")
        self._partial = lines.pop()
        for line in lines:
            if line.strip():
                self._add(json.loads(line))
                self._bytes += len(line)
        if len(self._rows) >= self.row_group_rows or self._bytes >= self.row_group_bytes:
            self._write_group()
        return len(data)

    def _add(self, rec: dict[str, Any]) -> None:
        if self._schema is None:
            full, article = _schemas()
            self._schema = full if "article" in rec else article
        self._rows.append(_row(rec, self._schema.names))
        if len(self._rows) >= self.row_group_rows:
            self._write_group()

    def _write_group(self) -> None:
        if not self._rows:
            return
        if self._writer is None:
            self._writer = self._pq.ParquetWriter(self.path, self._schema, compression="zstd")
        table = self._pa.Table.from_pylist(self._rows, schema=self._schema)
        self._writer.write_table(table, row_group_size=len(self._rows))
        self._rows = []
        self._bytes = 0

    def flush(self) -> None:
        """Nothing: rows are written a whole row group at a time."""

    def close(self) -> None:
        """Write the rows kept and the footer (an empty file still has the schema)."""
        if self.closed:
            return
        self.closed = True
        if self._partial.strip():
            self._add(json.loads(self._partial))
            self._partial = b""
        if self._schema is None:
            self._schema = _schemas()[0]
        self._write_group()
        if self._writer is None:
            self._writer = self._pq.ParquetWriter(self.path, self._schema, compression="zstd")
        self._writer.close()
