"""The functions a user calls: :func:`segment` (plain text), :func:`segment_html`
(HTML) and :func:`clean` (the article only). ``newsseg`` re-exports them.

>>> doc = segment("اقرأ أيضا: عنوان خبر آخر")
>>> doc.read_also
('عنوان خبر آخر',)
"""

from __future__ import annotations

from newsseg.engine.pipeline import Pipeline
from newsseg.errors import InputError
from newsseg.formats.decode import decode as _decode
from newsseg.formats.html.reader import HtmlPage, build_draft
from newsseg.lexicon import Lexicon
from newsseg.limits import DEFAULT_LIMITS, Limits
from newsseg.model import ARTICLE_KINDS, Document, Kind
from newsseg.presets import HTML_PIPELINE, TEXT_PIPELINE

__all__ = ["clean", "segment", "segment_html"]


def segment(
    text: str | bytes,
    *,
    encoding: str | None = None,
    lexicon: Lexicon | None = None,
    pipeline: Pipeline | None = None,
    limits: Limits | None = None,
) -> Document:
    """Segment a news page given as plain text.

    ``text`` is a ``str``, or ``bytes`` in any encoding: bytes are decoded by
    :func:`newsseg.formats.decode.decode` (a byte-order mark, UTF-16, UTF-8, the
    ``encoding`` given, then windows-1256 or ISO-8859-6), the decoder of every
    entry point, and binary data is an :class:`InputError`. ``lexicon``
    replaces the marker lexicon (see :class:`Lexicon`), ``pipeline`` the chain
    of stages (see :class:`Pipeline`), ``limits`` the size limits (see
    :class:`Limits` and ``docs/robustness.md``).

    >>> doc = segment("عنوان الخبر\\n"
    ...               "نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.\\n"
    ...               "المصدر: وكالات")
    >>> for s in doc.segments:
    ...     print(s.kind.value, "|", s.text)
    title | عنوان الخبر
    body | نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.
    source | المصدر: وكالات

    Offsets point into ``doc.text``: the input itself, or the decoded bytes.

    >>> s = doc.segments[2]
    >>> doc.text[s.start:s.end] == s.text
    True
    >>> page = "عنوان الخبر\\nنص الخبر الأول طويل بما يكفي ليكون فقرة من المقال."
    >>> segment(page.encode("cp1256")) == segment(page)
    True

    Anything but ``str`` or ``bytes`` is an :class:`InputError`, and so is
    binary data:

    >>> segment(None)
    Traceback (most recent call last):
    ...
    newsseg.errors.InputError: segment() takes str or bytes, not NoneType
    >>> segment(bytes(range(32)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsseg.errors.InputError: binary data, not a text page: ...
    """
    return (pipeline or TEXT_PIPELINE).run(_text(text, encoding, limits, "segment()"),
                                           lexicon=lexicon, limits=limits)


def _text(text: str | bytes, encoding: str | None, limits: Limits | None, what: str) -> str:
    if isinstance(text, str):
        return text
    if not isinstance(text, (bytes, bytearray, memoryview)):
        raise InputError(f"{what} takes str or bytes, not {type(text).__name__}")
    data = bytes(text)
    (limits or DEFAULT_LIMITS).check_text_size(len(data), what=what)
    return _decode(data, encoding=encoding, html=False).text


def clean(
    text: str | bytes,
    *,
    encoding: str | None = None,
    lexicon: Lexicon | None = None,
    pipeline: Pipeline | None = None,
    limits: Limits | None = None,
) -> str:
    """The main article only: title, body and subheadings, paragraphs separated
    by a blank line. ``text`` is a ``str`` or ``bytes``, as for :func:`segment`.

    >>> print(clean("عنوان الخبر\\n"
    ...             "نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.\\n"
    ...             "اقرأ أيضا: خبر آخر"))
    عنوان الخبر
    <BLANKLINE>
    نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.
    """
    doc = (pipeline or TEXT_PIPELINE).run(_text(text, encoding, limits, "clean()"),
                                          lexicon=lexicon, limits=limits)
    keep = {Kind.TITLE, *ARTICLE_KINDS}
    return "\n\n".join(s.text.strip() for s in doc.segments if s.kind in keep)


def segment_html(
    page: str | bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    lexicon: Lexicon | None = None,
    pipeline: Pipeline | None = None,
    limits: Limits | None = None,
) -> Document:
    """Segment a news page given as HTML.

    ``page`` is a ``str`` or ``bytes``; bytes are decoded by
    :func:`newsseg.formats.decode.decode`: their byte-order mark, UTF-8, the
    ``encoding`` given (e.g. from an HTTP header), the page's
    ``<meta charset>``, then windows-1256 or ISO-8859-6, replacing bad bytes.
    Binary data (an image, an executable) is an
    :class:`~newsseg.errors.InputError`.
    ``url`` is the page's address (for a relative canonical URL).
    ``Document.text`` is the page's visible text, one line a block; every
    segment's ``path`` is the XPath of its element. ``lexicon``,
    ``pipeline`` and ``limits`` work as in :func:`newsseg.segment`
    (``pipeline`` defaults to :data:`HTML_PIPELINE`).

    >>> doc = segment_html("<h1>خبر عاجل</h1>".encode("cp1256"))
    >>> doc.format, doc.text
    ('html', 'خبر عاجل')
    >>> segment_html("").segments
    ()
    """
    p = pipeline or HTML_PIPELINE
    draft = build_draft(page, url=url, encoding=encoding, lexicon=lexicon or p.lexicon,
                        normalizer=p.normalizer, limits=limits)
    p.apply(draft).drop_norm()
    return draft.to_document(metadata=draft.fact(HtmlPage).head.metadata)
