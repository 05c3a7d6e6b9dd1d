"""Turn labelled segments into the values a user wants: a source name, tags, headlines."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from newsseg.lexicon import Lexicon
from newsseg.model import Segment
from newsseg.normalize import MATCHING, align

_STRIP = regex.compile(r"^[\s\W_]+|[\s\W_]+$")
_BULLET = regex.compile(r"^\s*(?:[-*•·●▪■◆►▶>]+|\d{1,2}[-.)])\s*")
_TAG_SEP = regex.compile(r"\s*(?:[،,;|#\n]|\s-\s|\s–\s)\s*")


def _after_marker(text: str) -> str:
    """``text`` without the marker phrase that opens it (if any)."""
    aligned = align(text, MATCHING)
    mk = Lexicon.default().compile().head(aligned.text)
    if mk is None:
        return text
    return text[aligned.to_original(mk.end) :]


def _clean(value: str) -> str:
    value = _STRIP.sub("", value)
    return " ".join(value.split())


def source_value(text: str) -> str:
    """The attribution's value: ``الحرة`` for ``المصدر: الحرة``, ``وكالات`` for ``(وكالات)``.

    >>> source_value("المصدر: الحرة"), source_value("(وكالات)"), source_value("-وات-")
    ('الحرة', 'وكالات', 'وات')
    """
    return _clean(_after_marker(text))


def split_tags(text: str) -> list[str]:
    """The tags of one tag line, without the marker.

    >>> split_tags("كلمات دلالية: الاقتصاد، النفط، أوبك")
    ['الاقتصاد', 'النفط', 'أوبك']
    """
    rest = _after_marker(text)
    return [t for t in (_clean(p) for p in _TAG_SEP.split(rest)) if t]


def headlines(segments: Iterable[Segment]) -> tuple[str, ...]:
    """Headlines of read-also or related segments: markers, bullets and lone
    headings dropped, duplicates kept once.

    >>> from newsseg.model import Kind
    >>> headlines([Segment(Kind.READ_ALSO, "اقرأ أيضا: عنوان", 0, 16, "read_also.inline"),
    ...            Segment(Kind.READ_ALSO, "• عنوان آخر", 17, 28, "read_also.item")])
    ('عنوان', 'عنوان آخر')
    """
    out: list[str] = []
    for s in segments:
        if s.rule.endswith((".heading", ".line", ".stubs")):
            continue
        text = _after_marker(s.text)
        # a marker repeated by the page ("اقرأ أيضا: اقرأ أيضا: …")
        text = _after_marker(text)
        value = " ".join(_BULLET.sub("", text).split()).strip(" :-")
        if value and value not in out:
            out.append(value)
    return tuple(out)
