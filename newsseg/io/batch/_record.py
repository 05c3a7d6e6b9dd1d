"""One record in, one JSON-ready record out: decoding, segmenting, the output shape.

Everything here is stateless and picklable, so that any engine (the ``newsseg
batch`` command, datatrove, Spark, Dask, Ray) can call it in its own workers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import newsseg
from newsseg.errors import InputError
from newsseg.formats.decode import decode, looks_like_html
from newsseg.model import Document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "RecordError",
    "decode_page",
    "document_record",
    "process_record",
    "process_records",
]

#: Pages (or JSONL lines, or WARC payloads) larger than this are refused as ``too_large``.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class RecordError(Exception):
    """A record that cannot be turned into a document.

    ``reason`` is a short code that names the failure (``undecodable``,
    ``too_large``, ``segmenter_error``, ``missing_field``, ``bad_json``,
    ``corrupt_record``, ``read_error``); ``message`` says what was wrong.

    >>> e = RecordError("too_large", "page of 30000000 bytes > 20971520")
    >>> e.reason, str(e)
    ('too_large', 'page of 30000000 bytes > 20971520')
    >>> import pickle
    >>> pickle.loads(pickle.dumps(e)).reason
    'too_large'
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type[RecordError], tuple[str, str]]:
        # Crosses process boundaries (pool workers, datatrove's extractor sandbox).
        return (type(self), (self.reason, self.message))


# ----------------------------------------------------------------- decoding

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^\s;"',]+)""", re.IGNORECASE)


def header_charset(content_type: str | None) -> str | None:
    """The charset named in an HTTP ``Content-Type`` header, if any.

    >>> header_charset("text/html; charset=Windows-1256")
    'Windows-1256'
    >>> header_charset("text/html") is None
    True
    """
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def decode_page(data: bytes, *, declared: str | None = None, html: bool = True) -> str:
    """Decode a page's bytes with :func:`newsseg.formats.decode.decode`, the decoder
    of every entry point (``declared`` is the HTTP charset; ``html=False``
    does not look for a ``<meta charset>``). Binary data is a
    :class:`RecordError` (``undecodable``).

    >>> decode_page("خبر".encode("utf-8"))
    'خبر'
    >>> decode_page("خبر عاجل من العاصمة".encode("cp1256"), declared="windows-1256")
    'خبر عاجل من العاصمة'
    >>> page = '<meta charset="windows-1256"><p>خبر عاجل من العاصمة</p>'.encode("cp1256")
    >>> decode_page(page, declared="iso-8859-1")
    '<meta charset="windows-1256"><p>خبر عاجل من العاصمة</p>'
    >>> decode_page(bytes(range(256)) * 4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsseg.io.batch._record.RecordError: binary data, not a text page: ...
    """
    try:
        return decode(data, encoding=declared, html=html).text
    except InputError as e:
        raise RecordError("undecodable", str(e)) from e


# --------------------------------------------------------------- segmenting




def _size(page: str | bytes) -> int:
    if isinstance(page, bytes):
        return len(page)
    return len(page.encode("utf-8", errors="surrogatepass"))


def segment_page(
    page: str | bytes,
    *,
    html: bool | None,
    url: str | None = None,
    declared: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Segment one page, raising :class:`RecordError` for every kind of failure.

    ``html=None`` guesses the format from the page's first bytes; bytes are
    decoded with :func:`decode_page` (``declared`` is the HTTP charset).

    >>> page = "عنوان الخبر\\nنص الخبر الأول طويل بما يكفي ليكون فقرة من المقال."
    >>> segment_page(page, html=False).title
    'عنوان الخبر'
    >>> segment_page("x" * 100, html=False, max_bytes=10)
    Traceback (most recent call last):
    ...
    newsseg.io.batch._record.RecordError: page of 100 bytes is over the limit of 10 bytes
    """
    size = len(page) if isinstance(page, bytes) or len(page) * 4 <= max_bytes else _size(page)
    if size > max_bytes:
        raise RecordError(
            "too_large", f"page of {size} bytes is over the limit of {max_bytes} bytes"
        )
    if html is None:
        html = looks_like_html(page)
    text = decode_page(page, declared=declared, html=html) if isinstance(page, bytes) else page
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        if html:
            return newsseg.segment_html(text, url=url)
        return newsseg.segment(text)
    except RecordError:
        raise
    except Exception as e:  # any bug or limit of the segmenter: report, never stop a run
        raise RecordError("segmenter_error", f"{type(e).__name__}: {e}") from e


# ------------------------------------------------------------------ output


def article_text(doc: Document, *, title: bool = True) -> str:
    """The cleaned text of a page: its title (unless ``title=False``) and the
    article's paragraphs, separated by blank lines.

    >>> page = "عنوان الخبر\\nنص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.\\nالمصدر: وكالات"
    >>> print(article_text(newsseg.segment(page)))
    عنوان الخبر
    <BLANKLINE>
    نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.
    """
    head = doc.title if title else None
    body = doc.article
    if head and body.startswith(head):
        head = None
    return "\n\n".join(p for p in (head, body) if p)


def document_record(
    doc: Document,
    *,
    id: Any = None,
    url: str | None = None,
    segments: bool = True,
    article_only: bool = False,
) -> dict[str, Any]:
    """A :class:`~newsseg.Document` as one output record.

    The record has ``id``, ``url``, ``format``, the views (``title``,
    ``article``, ``source``, ``tags``, ``read_also``, ``related``,
    ``secondary``) and ``metadata``; with ``segments`` also the ``text`` that
    segment offsets point into and the ``segments`` themselves, so that
    :meth:`Document.from_dict` rebuilds the document. With ``article_only``
    it is just ``{"id", "url", "text"}``, ``text`` being :func:`article_text`.

    >>> doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
    >>> rec = document_record(doc, id="p1")
    >>> rec["id"], rec["source"], rec["tags"][:2]
    ('p1', 'وكالة الأنباء الرسمية', ['الزراعة', 'المياه'])
    >>> rec["title"]
    'وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا'
    >>> Document.from_dict(rec) == doc
    True
    >>> sorted(document_record(doc, id="p1", article_only=True))
    ['id', 'text', 'url']
    """
    if article_only:
        return {"id": id, "url": url, "text": article_text(doc)}
    rec: dict[str, Any] = {
        "id": id,
        "url": url,
        "format": doc.format,
        **doc.views(),
        "metadata": doc.metadata.to_dict(),
    }
    if segments:
        rec["text"] = doc.text
        rec["segments"] = [s.to_dict() for s in doc.segments]
    return rec


def error_record(
    id: Any,
    url: str | None,
    reason: str,
    message: str,
    where: str | None = None,
) -> dict[str, Any]:
    """The record of a failure: ``{"id", "url", "error", "message"}`` (and ``input``).

    >>> error_record("p9", None, "too_large", "too big")
    {'id': 'p9', 'url': None, 'error': 'too_large', 'message': 'too big'}
    """
    rec: dict[str, Any] = {"id": id, "url": url}
    if where is not None:
        rec["input"] = where
    rec["error"] = reason
    rec["message"] = message
    return rec


def _field(record: Mapping[str, Any], name: str | None) -> Any:
    if not name:
        return None
    value = record.get(name)
    return None if value == "" or value == b"" else value


def segment_fields(
    record: Mapping[str, Any],
    *,
    text_field: str | None,
    html_field: str | None,
    url: str | None,
    max_bytes: int,
) -> Document:
    """Segment the page held in ``record`` (HTML field first, then the text field)."""
    page = _field(record, html_field)
    html = True
    if page is None:
        page = _field(record, text_field)
        html = False
    if page is None:
        names = " or ".join(repr(f) for f in (html_field, text_field) if f)
        raise RecordError("missing_field", f"the record has no {names} field")
    if not isinstance(page, (str, bytes)):
        raise RecordError("bad_field", f"the page field holds {type(page).__name__}, not a string")
    declared = record.get("charset") if isinstance(page, bytes) else None
    return segment_page(
        page,
        html=html,
        url=url,
        declared=declared if isinstance(declared, str) else None,
        max_bytes=max_bytes,
    )


def process_record(
    record: Mapping[str, Any],
    *,
    text_field: str | None = "text",
    html_field: str | None = "html",
    id_field: str = "id",
    url_field: str = "url",
    segments: bool = True,
    article_only: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """Segment one record (a dict) and return the output record; never raises
    for a bad record.

    The page is ``record[html_field]`` (HTML, ``str`` or ``bytes``) if present,
    else ``record[text_field]`` (plain text). The result is
    :func:`document_record`'s (id, url, views, and segments unless
    ``segments=False``), or, for a record that cannot be processed, an
    ``{"id", "url", "error", "message"}`` record: filter with ``"error" in r``.

    The function is stateless and picklable, so Spark's ``mapPartitions``,
    Dask's ``map`` or Ray Data's ``map`` can ship it to their workers.

    >>> r = process_record({"id": 7, "text": newsseg.EXAMPLE_PAGE}, segments=False)
    >>> r["id"], r["title"], "segments" in r
    (7, 'وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا', False)
    >>> bad = process_record({"id": 8, "body": "..."})
    >>> bad["error"], bad["message"]
    ('missing_field', "the record has no 'html' or 'text' field")
    """
    rid = record.get(id_field)
    url = record.get(url_field)
    url = url if isinstance(url, str) else None
    try:
        doc = segment_fields(
            record, text_field=text_field, html_field=html_field, url=url, max_bytes=max_bytes
        )
    except RecordError as e:
        return error_record(rid, url, e.reason, e.message)
    return document_record(doc, id=rid, url=url, segments=segments, article_only=article_only)


def process_records(
    records: Iterable[Mapping[str, Any]],
    *,
    text_field: str | None = "text",
    html_field: str | None = "html",
    id_field: str = "id",
    url_field: str = "url",
    segments: bool = True,
    article_only: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[dict[str, Any]]:
    """:func:`process_record` over an iterable, lazily: one output record per input
    record, in order. Made for Spark's ``rdd.mapPartitions`` and Dask's
    ``bag.map_partitions``.

    >>> out = process_records([{"id": 1, "text": newsseg.EXAMPLE_PAGE}, {"id": 2}])
    >>> [("error" in r, r["id"]) for r in out]
    [(False, 1), (True, 2)]
    """
    for record in records:
        yield process_record(
            record,
            text_field=text_field,
            html_field=html_field,
            id_field=id_field,
            url_field=url_field,
            segments=segments,
            article_only=article_only,
            max_bytes=max_bytes,
        )


def dumps(record: Mapping[str, Any]) -> bytes:
    """One JSONL line (UTF-8, newline-terminated); lone surrogates are escaped.

    >>> dumps({"t": "خبر"})
    b'{"t": "\\xd8\\xae\\xd8\\xa8\\xd8\\xb1"}\\n'
    """
    line = json.dumps(record, ensure_ascii=False)
    try:
        return (line + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")
