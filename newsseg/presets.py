"""The default pipelines, as data.

:data:`STAGES` holds every built-in stage by name. The text pipeline is the
list of names :data:`TEXT_ORDER`; the HTML pipeline is the text pipeline
changed by the named edits of :data:`HTML_EDITS` (the DOM stages go first,
three text stages that the DOM does better are left out, and the article
stage is the HTML one). A built-in stage added to :data:`TEXT_ORDER` is
therefore in both pipelines unless an edit says otherwise.

>>> TEXT_PIPELINE.names == TEXT_ORDER
True
>>> HTML_PIPELINE.names[:4]
('dom', 'boxes', 'dom_labels', 'blocks')
>>> [n for n in TEXT_ORDER if n not in HTML_PIPELINE.names]
['secondary', 'tag_runs', 'teasers', 'article']
"""

from __future__ import annotations

from newsseg.engine.pipeline import Pipeline, Stage
from newsseg.errors import PipelineError
from newsseg.rules.html.article import html_article
from newsseg.rules.html.boxes import boxes
from newsseg.rules.html.dom import dom
from newsseg.rules.html.dom_labels import dom_labels
from newsseg.rules.text.article import article
from newsseg.rules.text.blocks import blocks
from newsseg.rules.text.captions import captions
from newsseg.rules.text.dates import dates
from newsseg.rules.text.lists import lists
from newsseg.rules.text.markers import markers
from newsseg.rules.text.noise import noise
from newsseg.rules.text.secondary import secondary
from newsseg.rules.text.stubs import stubs
from newsseg.rules.text.tag_runs import tag_runs
from newsseg.rules.text.teasers import teasers

__all__ = ["HTML_EDITS", "HTML_PIPELINE", "STAGES", "TEXT_ORDER", "TEXT_PIPELINE", "edited"]

#: Every built-in stage by name (text stages, then the DOM stages).
STAGES: dict[str, Stage] = {
    s.name: s
    for s in (blocks, noise, markers, secondary, lists, dates, stubs, captions, tag_runs,
              teasers, article, dom, boxes, dom_labels, html_article)
}

#: The default text pipeline: stage names, in order.
TEXT_ORDER: tuple[str, ...] = (
    "blocks",
    "noise",
    "markers",
    "secondary",
    "lists",
    "dates",
    "stubs",
    "captions",
    "tag_runs",
    "teasers",
    "article",
)

#: How the HTML pipeline differs from the text pipeline: ``(edit, stage, *names)``
#: with the edits of :class:`~newsseg.Pipeline` (``before``, ``after``,
#: ``replace``, ``without``), applied in order by :func:`edited`.
HTML_EDITS: tuple[tuple[str, ...], ...] = (
    # the DOM knows where the article and the boxes are: these run first
    ("before", "blocks", "dom", "boxes", "dom_labels"),
    # a second article, teasers and runs of tags are boxes in the DOM
    ("without", "secondary", "tag_runs", "teasers"),
    ("replace", "article", "html_article"),
)


def edited(pipeline: Pipeline, edits: tuple[tuple[str, ...], ...]) -> Pipeline:
    """``pipeline`` changed by ``edits`` (see :data:`HTML_EDITS`), stages named
    from :data:`STAGES`.

    >>> edited(TEXT_PIPELINE, (("without", "teasers"),)).names[-2:]
    ('tag_runs', 'article')
    >>> edited(TEXT_PIPELINE, (("swap", "article"),))
    Traceback (most recent call last):
    ...
    newsseg.errors.PipelineError: unknown edit 'swap': use before, after, replace or without
    """
    for edit, *args in edits:
        if edit == "without":
            pipeline = pipeline.without(*args)
        elif edit == "replace":
            pipeline = pipeline.replace(args[0], STAGES[args[1]])
        elif edit == "before":  # "before x a b c": a, b, c in this order, before x
            for name in args[1:]:
                pipeline = pipeline.before(args[0], STAGES[name])
        elif edit == "after":  # "after x a b c": a, b, c in this order, after x
            anchor = args[0]
            for name in args[1:]:
                pipeline = pipeline.after(anchor, STAGES[name])
                anchor = name
        else:
            raise PipelineError(f"unknown edit {edit!r}: use before, after, replace or without")
    return pipeline


#: The default plain-text segmenter.
TEXT_PIPELINE = Pipeline(tuple(STAGES[n] for n in TEXT_ORDER))

#: The default HTML segmenter (customize it like :data:`TEXT_PIPELINE`).
HTML_PIPELINE = edited(TEXT_PIPELINE, HTML_EDITS)
