"""Reading HTML pages out of WARC files, through warcio (``pip install newsseg[warc]``).

A corrupt record never ends the file: the reader reports it and resumes at the
next record (the next gzip member of a ``.warc.gz``, the next ``WARC/1.x`` line
of a plain ``.warc``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from newsseg.io.batch._record import DEFAULT_MAX_BYTES, RecordError, header_charset

__all__ = ["HTML_TYPES", "WarcItem", "iter_warc", "warcio_iterator"]

#: Media types read as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_PAGE_RECORDS = ("response", "resource", "conversion")
_RESYNC_BLOCK = 1 << 20


class WarcItem(NamedTuple):
    """What the reader found at one place of a WARC file.

    ``kind`` is ``"page"`` (``payload`` holds the page's bytes), ``"skip"`` (a
    page record that is not HTML or not a 2xx answer; ``reason`` says which)
    or ``"error"`` (``reason`` and ``message`` say what was wrong).
    """

    kind: str
    id: str | None
    url: str | None
    where: str
    payload: bytes = b""
    html: bool | None = True
    charset: str | None = None
    date: str | None = None
    reason: str = ""
    message: str = ""


def warcio_iterator() -> Any:
    """warcio's ``ArchiveIterator`` class, or an :class:`ImportError` saying how to get it."""
    try:
        mod = importlib.import_module("warcio.archiveiterator")
    except ImportError as e:
        raise ImportError("reading WARC files needs warcio: pip install 'newsseg[warc]'") from e
    return mod.ArchiveIterator


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    value = headers.get_header(name)
    return str(value) if value else None


def _item(record: Any, name: str, offset: int, max_bytes: int) -> WarcItem | None:
    rtype = record.rec_type
    if rtype not in _PAGE_RECORDS:
        return None
    h = record.rec_headers
    rid = _header(h, "WARC-Record-ID")
    url = _header(h, "WARC-Target-URI")
    date = _header(h, "WARC-Date")
    where = f"{name}@{offset}"
    http = record.http_headers if rtype == "response" else None
    if rtype == "response":
        if http is None:  # e.g. a dns: record
            return WarcItem("skip", rid, url, where, reason="no_http")
        status = str(http.get_statuscode() or "")
        if not status.startswith("2"):
            return WarcItem("skip", rid, url, where, reason=f"http_{status or 'status'}")
        ctype = _header(http, "Content-Type") or _header(h, "WARC-Identified-Payload-Type")
    else:
        ctype = _header(h, "Content-Type")
    mime = (ctype or "").split(";")[0].strip().lower()
    html: bool | None
    if mime in HTML_TYPES:
        html = True
    elif rtype == "conversion" and mime in ("text/plain", ""):
        html = False
    elif not mime:
        html = None  # guessed from the bytes
    else:
        return WarcItem("skip", rid, url, where, reason="not_html")
    length = int(getattr(record, "length", 0) or 0)
    if length > max_bytes:
        return WarcItem(
            "error", rid, url, where, reason="too_large",
            message=f"record of {length} bytes is over the limit of {max_bytes} bytes",
        )  # fmt: skip
    try:
        data = record.content_stream().read(max_bytes + 1)
    except Exception as e:
        return WarcItem(
            "error", rid, url, where, reason="corrupt_record",
            message=f"cannot read the payload: {type(e).__name__}: {e}",
        )  # fmt: skip
    if len(data) > max_bytes:
        return WarcItem(
            "error", rid, url, where, reason="too_large",
            message=f"payload over the limit of {max_bytes} bytes",
        )  # fmt: skip
    charset = header_charset(ctype) if html is not False else None
    return WarcItem("page", rid, url, where, data, html, charset, date)


def _resync(fh: IO[bytes], start: int, gz: bool) -> int | None:
    """Offset of the next record start at or after ``start``, or ``None``."""
    magic = b"\x1f\x8b\x08" if gz else b"WARC/1."
    pos = start
    fh.seek(pos)
    tail = b""
    while True:
        block = fh.read(_RESYNC_BLOCK)
        if not block:
            return None
        buf = tail + block
        i = buf.find(magic)
        if i >= 0:
            return pos - len(tail) + i
        tail = buf[-(len(magic) - 1) :]
        pos += len(block)


def iter_warc(
    fh: IO[bytes], name: str = "<warc>", *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[WarcItem]:
    """The page records of a WARC file (plain or gzip-per-record), as :class:`WarcItem`.

    ``fh`` must be a binary file open at the start of the WARC; if it is
    seekable, a corrupt record is reported (``kind="error"``) and reading
    resumes at the next record. Request, metadata and warcinfo records are
    passed over; response records that are not HTML (or not 2xx) come out as
    ``kind="skip"``. The charset of a page is the one its HTTP headers name.
    """
    archive_iterator = warcio_iterator()
    seekable = fh.seekable()
    start = fh.tell() if seekable else 0
    gz = False
    if seekable:
        gz = fh.read(2) == b"\x1f\x8b"
        fh.seek(start)
    reported = -1
    while True:
        it = archive_iterator(fh)
        offset = start
        try:
            for record in it:
                offset = int(it.offset)
                item = _item(record, name, offset, max_bytes)
                if item is None:
                    continue
                if item.kind == "error":
                    reported = offset
                yield item
            return
        except RecordError as e:  # pragma: no cover - _item reports its own
            message = e.message
        except Exception as e:
            message = f"{type(e).__name__}: {str(e).strip()[:200]}"
        offset = max(int(getattr(it, "offset", offset) or offset), start)
        if offset != reported:
            yield WarcItem(
                "error", None, None, f"{name}@{offset}", reason="corrupt_record", message=message
            )
        if not seekable:
            return
        nxt = _resync(fh, offset + 1, gz)
        if nxt is None:
            return
        start = nxt
        fh.seek(start)
