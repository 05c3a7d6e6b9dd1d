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
    text: str,
    *,
    lexicon: Lexicon | None = None,
    pipeline: Pipeline | None = None,
    limits: Limits | None = None,
) -> Document:
    """Segment a news page given as plain text.

    ``lexicon`` replaces the marker lexicon (see :class:`Lexicon`),
    ``pipeline`` the chain of stages (see :class:`Pipeline`), ``limits`` the
    size limits (see :class:`Limits` and ``docs/robustness.md``).

    >>> doc = segment("عنوان الخبر\\n"
    ...               "نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.\\n"
    ...               "المصدر: وكالات")
    >>> for s in doc.segments:
    ...     print(s.kind.value, "|", s.text)
    title | عنوان الخبر
    body | نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.
    source | المصدر: وكالات

    Offsets point into the input:

    >>> s = doc.segments[2]
    >>> doc.text[s.start:s.end] == s.text
    True

    Anything but ``str`` is an :class:`InputError`:

    >>> segment(None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newsseg.errors.InputError: segment() takes str, not NoneType: decode bytes first ...
    """
    return (pipeline or TEXT_PIPELINE).run(text, lexicon=lexicon, limits=limits)


def clean(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    pipeline: Pipeline | None = None,
    limits: Limits | None = None,
) -> str:
    """The main article only: title, body and subheadings, paragraphs separated
    by a blank line.

    >>> print(clean("عنوان الخبر\\n"
    ...             "نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.\\n"
    ...             "اقرأ أيضا: خبر آخر"))
    عنوان الخبر
    <BLANKLINE>
    نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.
    """
    doc = segment(text, lexicon=lexicon, pipeline=pipeline, limits=limits)
    keep = {Kind.TITLE, *ARTICLE_KINDS}
    return "\n\n".join(s.text.strip() for s in doc.segments if s.kind in keep)
