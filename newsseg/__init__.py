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
from newsseg.api import clean, segment, segment_html
from newsseg.engine.draft import Block, Draft
from newsseg.engine.pipeline import Pipeline, Stage, stage
from newsseg.errors import InputError, LexiconError, NewssegError, PipelineError
from newsseg.lexicon import Group, Lexicon
from newsseg.limits import DEFAULT_LIMITS, Limits
from newsseg.model import ARTICLE_KINDS, Document, Kind, Metadata, Segment
from newsseg.presets import HTML_PIPELINE, TEXT_PIPELINE

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
