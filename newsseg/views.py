"""Turn labelled segments into the values a user wants: a source name, tags, headlines."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from newsseg.engine.shape import BULLET
from newsseg.lexicon import Lexicon
from newsseg.model import Segment
from newsseg.normalize import MATCHING, align

_STRIP = regex.compile(r"^[\s\W_]+|(?<![\s\W_])[\s\W_]+$")
_TAG_SEP = regex.compile(r"(?:(?<!\s)|\G)\s*(?:[،,;|#\n]|\s-\s|\s–\s)\s*")


def _strip_marker(text: str) -> str:
    """``text`` without a default-lexicon marker at its head (pages repeat markers)."""
    aligned = align(text, MATCHING)
    mk = Lexicon.default().compile().head(aligned.text)
    if mk is None:
        return text
    return text[aligned.to_original(mk.end) :]


def _clean(value: str) -> str:
    value = _STRIP.sub("", value)
    return " ".join(value.split())


def _value(seg: Segment) -> str:
    return seg.value if seg.value is not None else seg.text


def source_value(seg: Segment) -> str:
    """The attribution's value: ``الحرة`` for ``المصدر: الحرة``, ``وكالات`` for ``(وكالات)``.

    >>> from newsseg.model import Kind
    >>> source_value(Segment(Kind.SOURCE, "المصدر: الحرة", 0, 13, "source.field", value="الحرة"))
    'الحرة'
    >>> source_value(Segment(Kind.SOURCE, "-وات-", 0, 5, "source_line.line"))
    'وات'
    """
    return _clean(_value(seg))


def split_tags(seg: Segment) -> list[str]:
    """The tags of one tag segment, without the marker.

    >>> from newsseg.model import Kind
    >>> seg = Segment(Kind.TAGS, "وسوم: النفط، أوبك", 0, 17, "tags.field", value="النفط، أوبك")
    >>> split_tags(seg)
    ['النفط', 'أوبك']
    """
    return [t for t in (_clean(p) for p in _TAG_SEP.split(_value(seg))) if t]


def headlines(segments: Iterable[Segment]) -> tuple[str, ...]:
    """Headlines of read-also or related segments: markers, bullets and lone
    headings dropped, duplicates kept once.

    >>> from newsseg.model import Kind
    >>> headlines([Segment(Kind.READ_ALSO, "اقرأ أيضا: عنوان", 0, 16, "read_also.inline",
    ...                    value="عنوان"),
    ...            Segment(Kind.READ_ALSO, "• عنوان آخر", 17, 28, "read_also.item")])
    ('عنوان', 'عنوان آخر')
    """
    out: list[str] = []
    for s in segments:
        if s.rule.endswith((".line", ".stubs")):
            continue
        text = _strip_marker(_value(s))
        value = " ".join(BULLET.sub("", text).split()).strip(" :-")
        if value and value not in out:
            out.append(value)
    return tuple(out)
