"""newsseg: segment Arabic news pages into typed segments with exact offsets.

>>> import newsseg
>>> doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
>>> doc.title
'وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا'
>>> doc.source, doc.tags[0]
('وكالة الأنباء الرسمية', 'الزراعة')
"""

from __future__ import annotations

from newsseg._example import EXAMPLE_PAGE
from newsseg._version import __version__
from newsseg.decode import decode as _decode
from newsseg.errors import InputError, LexiconError, NewssegError, PipelineError
from newsseg.html import HTML_PIPELINE, segment_html
from newsseg.lexicon import Group, Lexicon
from newsseg.limits import DEFAULT_LIMITS, Limits
from newsseg.model import ARTICLE_KINDS, Document, Kind, Metadata, Segment
from newsseg.pipeline import Block, Draft, Pipeline, Stage, stage
from newsseg.stages import TEXT_STAGES

__all__ = [
    "ARTICLE_KINDS",
    "DEFAULT_LIMITS",
    "EXAMPLE_PAGE",
    "HTML_PIPELINE",
    "TEXT_PIPELINE",
    "Block",
    "Document",
    "Draft",
    "Group",
    "InputError",
    "Kind",
    "Lexicon",
    "LexiconError",
    "Limits",
    "Metadata",
    "NewssegError",
    "Pipeline",
    "PipelineError",
    "Segment",
    "Stage",
    "__version__",
    "clean",
    "segment",
    "segment_html",
    "stage",
]

#: The default plain-text segmenter.
TEXT_PIPELINE = Pipeline(TEXT_STAGES)


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
    :func:`newsseg.decode.decode` (a byte-order mark, UTF-16, UTF-8, the
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
