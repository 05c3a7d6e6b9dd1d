"""The ``noise`` stage: blocks without a single letter (rules, digits alone,
a digit date) are boilerplate.
"""

from __future__ import annotations

import regex

from newsseg.engine.draft import Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import has_letters
from newsseg.model import Kind

__all__ = ["noise"]

# A date or time in digits alone ("03/01/2010 08:24"): left for the dates stage.
_DIGIT_DATE = regex.compile(
    r"^\W*\d{1,4}(?:[/.\-:]\d{1,4}){1,2}(?:\W+\d{1,2}:\d{2}(?::\d{2})?)?\W*$"
)


@stage("noise")
def noise(draft: Draft) -> None:
    """Blocks with no letter at all (rules, control characters, stray numbers)
    are boilerplate; a date or time in digits alone is left for ``dates``.

    >>> import newsseg
    >>> newsseg.segment("-----------").segments[0].rule
    'noise'
    """
    for b in draft.unlabelled():
        ntext = draft.norm_text(b)
        if not has_letters(ntext) and not _DIGIT_DATE.match(ntext):
            draft.label(b, Kind.BOILERPLATE, "noise")
