"""The ``stubs`` stage: timestamp and counter stubs ("منذ 3 ساعات", "12:30")
between paragraphs are boilerplate.
"""

from __future__ import annotations

from newsseg.engine.draft import Draft
from newsseg.engine.pipeline import stage
from newsseg.lexicon import WordsPattern
from newsseg.model import Kind

__all__ = ["stubs"]

# A run of bare timestamps ("اليوم 12:30 امس 3 مايو 09:15"), left by stripped links.
STUB = WordsPattern(
    "months",
    r"^(?:\s*(?:{relative_days}|\d{1,2}\s+(?:{words}))(?:\s+\d{1,2}:\d{2})?){1,100}\s*$",
    others=("relative_days",),
)  # bounded: a long run must not backtrack


@stage("stubs")
def stubs(draft: Draft) -> None:
    """Runs of bare timestamps ("اليوم 12:27") are the remains of article links:
    ``teaser`` inside the body, ``related`` after it.

    >>> import newsseg
    >>> p = "نص الخبر الأول عن الطقس والأمطار الغزيرة في المدينة اليوم وغدا. "
    >>> doc = newsseg.segment(p + "  اليوم 12:27   اليوم 09:18  " + p * 5)
    >>> [s.kind.value for s in doc.segments]
    ['body', 'teaser', 'body']
    """
    blocks = draft.blocks
    last_para = draft.last_paragraph()
    stub = STUB(draft.lexicon)
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind is not None or not stub.match(draft.norm_text(b)):
            i += 1
            continue
        j = i
        while j < len(blocks) and (
            (blocks[j].kind is None and stub.match(draft.norm_text(blocks[j])))
            or (blocks[j].kind is Kind.RELATED and blocks[j].rule.endswith(".line"))
        ):
            j += 1
        # the run closes with a "more" link, or no text follows: a related list
        closes = any(x.kind is Kind.RELATED for x in blocks[i:j])
        later_text = last_para >= j
        kind = Kind.TEASER if later_text and not closes else Kind.RELATED
        for x in blocks[i:j]:
            if x.kind is None:
                draft.label(x, kind, f"{kind.value}.stubs")
        i = j
