"""The built-in stages of the text segmenter, by name, and the default order.

>>> from newsseg.stages import STAGES, TEXT_STAGES
>>> [s.name for s in TEXT_STAGES] == list(STAGES)
True
"""

from __future__ import annotations

from newsseg.pipeline import Stage
from newsseg.stages.article import article
from newsseg.stages.blocks import noise, split_runs
from newsseg.stages.embeds import captions, dates, stubs, teasers
from newsseg.stages.markers import lists, markers, secondary, tag_runs

__all__ = ["STAGES", "TEXT_STAGES"]

#: The default text pipeline, in order.
TEXT_STAGES: tuple[Stage, ...] = (
    split_runs,
    noise,
    markers,
    secondary,
    lists,
    dates,
    stubs,
    captions,
    tag_runs,
    teasers,
    article,
)

#: Every built-in stage by name.
STAGES: dict[str, Stage] = {s.name: s for s in TEXT_STAGES}
