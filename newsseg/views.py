"""Turn the values of labelled segments into what a user wants: a source
name, tags, headlines. :class:`~newsseg.Document`'s views (``source``,
``tags``, ``read_also``, ``related``) are built from these.

They work on a segment's value (the text after its marker, when it has one)
and need no lexicon: the engine has already cut the markers off with the
pipeline's own lexicon (see :meth:`newsseg.Draft.to_document`).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

__all__ = ["BULLET", "VIEWS", "headlines", "source_value", "split_tags"]

#: The names of a document's views, in the order records and JSON list them.
VIEWS = ("title", "article", "source", "tags", "read_also", "related", "secondary")

_STRIP = regex.compile(r"^[\s\W_]+|(?<![\s\W_])[\s\W_]+$")
# A list bullet or a number opening a line ("• ", "3- ", "2) "); ``space``
# tells a numbered item ("3. ") from a number (engine.shape.is_bullet).
BULLET = regex.compile(r"^\s*(?:(?P<mark>[-*•·●▪■◆►▶>]+)|\d{1,2}[-.)](?P<space>\s)?)\s*")
_TAG_SEP = regex.compile(r"(?:(?<!\s)|\G)\s*(?:[،,;|#\n]|\s-\s|\s–\s)\s*")


def _clean(value: str) -> str:
    value = _STRIP.sub("", value)
    return " ".join(value.split())


def source_value(value: str) -> str:
    """The attribution's name in a source segment's value: ``الحرة`` for
    ``الحرة``, ``وات`` for ``-وات-``.

    >>> source_value("-وات-"), source_value(" (وكالات) ")
    ('وات', 'وكالات')
    """
    return _clean(value)


def split_tags(value: str) -> list[str]:
    """The tags of one tag segment's value.

    >>> split_tags("النفط، أوبك | الطاقة")
    ['النفط', 'أوبك', 'الطاقة']
    """
    return [t for t in (_clean(p) for p in _TAG_SEP.split(value)) if t]


def headlines(values: Iterable[str]) -> tuple[str, ...]:
    """Headlines from the values of read-also or related segments: bullets
    and edge punctuation dropped, duplicates kept once.

    >>> headlines(["عنوان", "• عنوان آخر", "2) عنوان", ""])
    ('عنوان', 'عنوان آخر')
    """
    out: list[str] = []
    for text in values:
        value = " ".join(BULLET.sub("", text).split()).strip(" :-")
        if value and value not in out:
            out.append(value)
    return tuple(out)
