"""newsseg as a `datatrove <https://github.com/huggingface/datatrove>`_ pipeline step.

``pip install 'newsseg[datatrove]'``, then put :class:`NewssegExtractor` where a
FineWeb-style pipeline has its ``Trafilatura()`` step::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter
    from newsseg.io.integrations.datatrove import NewssegExtractor, NewssegWarcReader

    LocalPipelineExecutor(
        pipeline=[
            NewssegWarcReader("crawl/", glob_pattern="*.warc.gz"),
            NewssegExtractor(),
            JsonlWriter("clean/"),
        ],
        tasks=8,
        workers=2,
    ).run()

The step replaces each document's text (the page's HTML) with the cleaned
article (title and paragraphs) and stores the views (title, source, tags,
read-also and related headlines, secondary text), the page metadata and the
segments in ``doc.metadata["newsseg"]``. Documents whose article is empty are
dropped, as datatrove's extractors do. The same pipeline runs on Slurm or Ray
by swapping ``LocalPipelineExecutor`` for ``SlurmPipelineExecutor`` or
``RayPipelineExecutor`` (see ``docs/crawl.md``).

:class:`NewssegWarcReader` is a datatrove WARC reader that reads pages the way
``newsseg batch`` does: the charset from the HTTP headers and the page, non-HTML
and non-2xx records passed over, a corrupt record skipped (not the rest of the
file), and only ``warcio`` needed. datatrove's own ``WarcReader`` works with the
step too (it needs ``datatrove[io]``).

The work of the step, without datatrove, is :func:`extract`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from newsseg.io.batch._record import (
    DEFAULT_MAX_BYTES,
    RecordError,
    article_text,
    decode_page,
    segment_page,
)
from newsseg.io.batch._warc import iter_warc

__all__ = ["HAVE_DATATROVE", "NewssegExtractor", "NewssegWarcReader", "extract"]

_log = logging.getLogger("newsseg.io.integrations.datatrove")
_MISSING = "the datatrove step needs datatrove: pip install 'newsseg[datatrove]'"

try:
    from datatrove.pipeline.extractors.base import (  # type: ignore[import-untyped, import-not-found, unused-ignore]
        BaseExtractor as _BaseExtractor,
    )
    from datatrove.pipeline.readers.base import (  # type: ignore[import-untyped, import-not-found, unused-ignore]
        BaseDiskReader as _DiskReader,
    )

    HAVE_DATATROVE = True
except ImportError:  # the module still imports (for its docs and extract()); the classes refuse
    HAVE_DATATROVE = False

    class _BaseExtractor:  # type: ignore[no-redef]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise ImportError(_MISSING)

    class _DiskReader:  # type: ignore[no-redef]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise ImportError(_MISSING)


def extract(
    page: str | bytes,
    url: str | None = None,
    *,
    html: bool | None = None,
    title: bool = True,
    segments: bool = True,
    keep_text: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[str, dict[str, Any]]:
    """The cleaned text of one page and the metadata the datatrove step stores.

    The text is the title and the article's paragraphs (``title=False``: the
    paragraphs only). The metadata holds the views, the page-level
    ``metadata`` and, with ``segments``, the segments; their offsets point into
    the page's (visible) text, which ``keep_text=True`` stores as ``text``.
    ``html=None`` guesses the format. Raises :class:`~newsseg.io.batch.RecordError`
    for a page that cannot be segmented.

    >>> import newsseg
    >>> text, meta = extract(newsseg.EXAMPLE_PAGE, html=False)
    >>> text.splitlines()[0]
    'وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا'
    >>> meta["source"], meta["tags"][0], meta["segments"][0]["kind"]
    ('وكالة الأنباء الرسمية', 'الزراعة', 'title')
    """
    doc = segment_page(page, html=html, url=url, max_bytes=max_bytes)
    meta: dict[str, Any] = {
        "format": doc.format,
        # the article is the document's text itself
        **{k: v for k, v in doc.views().items() if k != "article"},
        "metadata": doc.metadata.to_dict(),
    }
    if keep_text:
        meta["text"] = doc.text
    if segments:
        meta["segments"] = [s.to_dict() for s in doc.segments]
    return article_text(doc, title=title), meta


class _InProcess:
    """Stands in for datatrove's ``ExtractorSandbox`` on versions without it."""

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def process_document(self, args: tuple[Any, ...], fn: Callable[..., Any]) -> Any:
        result = fn(*args)
        if isinstance(result, Exception):
            raise result
        return result


def _sandbox(timeout: float) -> Any:
    try:
        from datatrove.pipeline.extractors.base import (  # type: ignore[import-untyped, import-not-found, unused-ignore]
            ExtractorSandbox,
        )
    except ImportError:
        return _InProcess()
    return ExtractorSandbox(timeout=timeout, warmup_text=("", None))


class NewssegExtractor(_BaseExtractor):  # type: ignore[misc]
    """A datatrove extractor step: HTML in ``doc.text``, cleaned article out.

    Args:
        html: ``True``: the text is HTML; ``False``: plain text; ``None``
            (default): guess from the text.
        include_title: start the text with the title (default).
        segments: store the segments in the metadata (default).
        keep_text: also store the page's (visible) text the segment offsets
            point into.
        metadata_key: the metadata key for newsseg's fields (default
            ``"newsseg"``); ``None`` merges them into the metadata itself.
        keep_empty: keep documents whose article is empty (default: drop).
        timeout: seconds a page may take, as for datatrove's other extractors.
        max_bytes: larger pages are dropped.

    Each document's ``metadata["url"]`` (set by datatrove's WARC readers) is
    passed to the segmenter. The step's stats count ``extracted``,
    ``forwarded``, ``dropped``, ``timeout`` and ``error_<reason>`` (e.g.
    ``error_too_large``, ``error_segmenter_error``).
    """

    name = "📰 newsseg"
    _requires_dependencies: ClassVar[list[str]] = []

    def __init__(
        self,
        *,
        html: bool | None = None,
        include_title: bool = True,
        segments: bool = True,
        keep_text: bool = False,
        metadata_key: str | None = "newsseg",
        keep_empty: bool = False,
        timeout: float = 5.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        super().__init__(timeout)
        self.html = html
        self.include_title = include_title
        self.segments = segments
        self.keep_text = keep_text
        self.metadata_key = metadata_key
        self.keep_empty = keep_empty
        self.max_bytes = max_bytes

    def _extract(self, page: str, url: str | None) -> tuple[str, dict[str, Any]] | Exception:
        # Returns (not raises) its failure, so that datatrove's sandbox process lives on.
        if not page:
            return "", {}
        try:
            return extract(
                page,
                url,
                html=self.html,
                title=self.include_title,
                segments=self.segments,
                keep_text=self.keep_text,
                max_bytes=self.max_bytes,
            )
        except Exception as e:
            return e if isinstance(e, RecordError) else RecordError("segmenter_error", repr(e))

    def extract(self, text: str) -> str:
        """The cleaned article of one page (datatrove's ``BaseExtractor`` API)."""
        result = self._extract(text, None)
        if isinstance(result, Exception):
            raise result
        return result[0]

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
        """Extract every document of ``data``; yields the documents kept."""
        warned = False
        with _sandbox(self.timeout) as box:
            for doc in data:
                self.stat_update("total")
                with self.track_time():
                    url = doc.metadata.get("url") if isinstance(doc.metadata, dict) else None
                    try:
                        text, meta = box.process_document((doc.text, url), self._extract)
                        self.stat_update("extracted")
                    except TimeoutError:
                        self.stat_update("timeout")
                        continue
                    except EOFError:
                        self.stat_update("broken_process")
                        continue
                    except Exception as e:
                        reason = e.reason if isinstance(e, RecordError) else "clean_error"
                        self.stat_update(f"error_{reason}")
                        if not warned:
                            _log.warning("newsseg: %s on %s: %s", reason, doc.id, e)
                            warned = True
                        continue
                if not text and not self.keep_empty:
                    self.stat_update("dropped")
                    continue
                doc.text = text
                if self.metadata_key:
                    doc.metadata[self.metadata_key] = meta
                else:
                    doc.metadata.update(meta)
                self.stat_update("forwarded")
                with contextlib.suppress(Exception):
                    self.update_doc_stats(doc)
                yield doc


class NewssegWarcReader(_DiskReader):  # type: ignore[misc]
    """A datatrove WARC reader that reads pages the way ``newsseg batch`` does.

    Takes the arguments of datatrove's ``WarcReader`` (``data_folder``,
    ``glob_pattern``, ``limit``, ``compression``, …) and ``max_bytes``. Unlike
    it, it needs only ``warcio``. Each HTML response (2xx) becomes a
    document whose text is the page decoded with the charset of its HTTP
    headers or its ``<meta>``, with ``url`` and ``date`` in its metadata;
    a corrupt record is counted (``error_corrupt_record``) and reading goes on
    at the next record. Needs only ``warcio``.
    """

    name = "🕷 Warc (newsseg)"
    _requires_dependencies: ClassVar[list[str]] = ["warcio"]

    def __init__(
        self,
        *args: Any,
        compression: str | None = "infer",
        max_bytes: int = DEFAULT_MAX_BYTES,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.compression = compression
        self.max_bytes = max_bytes

    def read_file(self, filepath: str) -> Iterator[Any]:
        """The documents of one WARC file."""
        compression = self.compression
        low = filepath.lower()
        # warcio reads gzip members itself (and can skip a corrupt one); zstd it cannot.
        if compression == "infer":
            compression = "zstd" if low.endswith((".zst", ".zstd")) else None
        elif compression == "gzip":
            compression = None
        with self.data_folder.open(filepath, "rb", compression=compression) as f:
            for i, item in enumerate(iter_warc(f, filepath, max_bytes=self.max_bytes)):
                if item.kind == "skip":
                    self.stat_update(f"skipped_{item.reason}")
                    continue
                if item.kind == "error":
                    self.stat_update(f"error_{item.reason}")
                    _log.warning("newsseg: %s: %s: %s", item.where, item.reason, item.message)
                    continue
                with self.track_time():
                    try:
                        text = decode_page(
                            item.payload, declared=item.charset, html=item.html is not False
                        )
                    except RecordError as e:
                        self.stat_update(f"error_{e.reason}")
                        continue
                    data = {"text": text, "id": item.id, "url": item.url, "date": item.date}
                    document = self.get_document_from_dict(data, filepath, i)
                if document:
                    yield document
