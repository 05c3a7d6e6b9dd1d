"""The typed outputs of newsseg: :class:`Kind`, :class:`Segment` and :class:`Document`.

All three are immutable. A :class:`Document` keeps the text it was built from,
so every :class:`Segment` can be checked against it: ``doc.text[s.start:s.end]
== s.text``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any

import attrs

from newsseg.views import VIEWS, headlines, source_value, split_tags

__all__ = ["ARTICLE_KINDS", "Document", "Kind", "Metadata", "Segment"]


class Kind(str, enum.Enum):
    """What a piece of a news page is.

    The values are the vocabulary of the gold corpus. ``Kind`` is a ``str``
    enum, so a kind compares equal to its value:

    >>> Kind("read_also") is Kind.READ_ALSO
    True
    >>> Kind.BODY == "body"
    True
    >>> [k.value for k in Kind][:3]
    ['title', 'body', 'subheading']
    """

    TITLE = "title"
    """The headline of the page's main article."""
    BODY = "body"
    """A paragraph of the main article's running text."""
    SUBHEADING = "subheading"
    """A heading inside the main article."""
    META = "meta"
    """Byline, dateline, date and time, reading time, "updated" lines."""
    CAPTION = "caption"
    """An image or video caption, a photo credit, an embedded post."""
    TEASER = "teaser"
    """A link-teaser of another article dropped into the body."""
    SOURCE = "source"
    """The attribution line: ``المصدر: …``, ``(وكالات)``."""
    TAGS = "tags"
    """Keyword and tag lines: ``كلمات دلالية: …``."""
    READ_ALSO = "read_also"
    """A "read also" marker and the headlines it links to."""
    RELATED = "related"
    """A list of related articles with its heading."""
    SECONDARY = "secondary"
    """The text of another whole article that the page also carries."""
    BOILERPLATE = "boilerplate"
    """Everything else: navigation, share prompts, ads, copyright, …"""

    def __str__(self) -> str:
        return self.value


#: The kinds that make up the main article's text (what :func:`newsseg.clean` keeps,
#: besides the title).
ARTICLE_KINDS: frozenset[Kind] = frozenset({Kind.BODY, Kind.SUBHEADING})


def _to_kind(value: Kind | str) -> Kind:
    return value if isinstance(value, Kind) else Kind(value)


@attrs.frozen(slots=True)
class Segment:
    """A labelled span of a page.

    >>> s = Segment(Kind.SOURCE, "المصدر: وكالات", 120, 134, rule="source.marker")
    >>> s.kind, s.end - s.start == len(s.text)
    (<Kind.SOURCE: 'source'>, True)
    """

    kind: Kind = attrs.field(converter=_to_kind)
    """What the span is."""
    text: str
    """The span's text, exactly ``Document.text[start:end]``."""
    start: int
    """Offset of the first character, in code points."""
    end: int
    """Offset just past the last character."""
    rule: str = ""
    """Name of the rule that decided the kind (e.g. ``"read_also.marker"``)."""
    path: str | None = None
    """For HTML input: an XPath of the element the segment came from."""
    value: str | None = None
    """For a marker line, the text after the marker: the headline of
    ``اقرأ أيضا: …``, the name in ``المصدر: …``, the list of ``الوسوم: …``
    (``""`` when the marker stands alone; ``None`` when there is no marker)."""

    def to_dict(self) -> dict[str, Any]:
        """The segment as plain JSON-ready data.

        >>> Segment(Kind.BODY, "نص", 0, 2, rule="article").to_dict()["kind"]
        'body'
        """
        d: dict[str, Any] = {
            "kind": self.kind.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
        }
        if self.path is not None:
            d["path"] = self.path
        if self.value is not None:
            d["value"] = self.value
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        """Rebuild a segment from :meth:`to_dict` output.

        >>> s = Segment(Kind.TAGS, "الوسوم: اقتصاد", 5, 19, rule="tags.marker")
        >>> Segment.from_dict(s.to_dict()) == s
        True
        """
        return cls(
            kind=Kind(data["kind"]),
            text=data["text"],
            start=int(data["start"]),
            end=int(data["end"]),
            rule=data.get("rule", ""),
            path=data.get("path"),
            value=data.get("value"),
        )


def _join(parts: Iterator[str]) -> str:
    return "\n\n".join(p for p in parts if p)


@attrs.frozen(slots=True)
class Metadata:
    """Page-level facts found outside the running text (mostly from HTML).

    >>> Metadata(site_name="صحيفة المثال").site_name
    'صحيفة المثال'
    """

    title: str | None = None
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data; the tuple of tags becomes a list.

        >>> Metadata(tags=("غزة",)).to_dict()["tags"]
        ['غزة']
        """
        d = attrs.asdict(self)
        d["tags"] = list(self.tags)
        return d


@attrs.frozen(slots=True)
class Document:
    """A segmented page: its text and the segments that cover it.

    ``segments`` are in reading order and never overlap; on plain-text input
    they cover every non-whitespace character of ``text``.

    >>> import newsseg
    >>> doc = newsseg.segment("عنوان الخبر\\n\\n"
    ...                       "نص الخبر الأول طويل بما يكفي ليكون فقرة من المقال.\\n\\n"
    ...                       "المصدر: وكالات")
    >>> doc.source
    'وكالات'
    >>> [s.kind.value for s in doc.segments]
    ['title', 'body', 'source']
    """

    text: str
    """The text that segment offsets point into (the page, or an HTML page's visible text)."""
    segments: tuple[Segment, ...]
    """All segments, in reading order."""
    format: str = "text"
    """``"text"`` or ``"html"``: what the input was."""
    metadata: Metadata = attrs.field(factory=Metadata)
    """Page-level metadata (title, author, date, site, URL, tags) where found."""

    def of_kind(self, *kinds: Kind | str) -> tuple[Segment, ...]:
        """The segments of the given kinds, in order.

        >>> import newsseg
        >>> doc = newsseg.segment("خبر قصير عن الطقس في المدينة اليوم ودرجات الحرارة.\\n"
        ...                       "المصدر: وكالات")
        >>> [s.text for s in doc.of_kind("source")]
        ['المصدر: وكالات']
        """
        wanted = {_to_kind(k) for k in kinds}
        return tuple(s for s in self.segments if s.kind in wanted)

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)

    # ------------------------------------------------------------- views

    @property
    def title(self) -> str | None:
        """The main article's headline, or ``None``.

        >>> import newsseg
        >>> newsseg.segment(newsseg.EXAMPLE_PAGE).title
        'وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا'
        """
        for s in self.segments:
            if s.kind is Kind.TITLE:
                return s.text.strip()
        return self.metadata.title

    @property
    def article(self) -> str:
        """The main article's running text (body and subheadings), paragraphs
        separated by a blank line.

        >>> import newsseg
        >>> newsseg.segment(newsseg.EXAMPLE_PAGE).article.startswith("أعلنت وزارة الزراعة")
        True
        """
        return _join(s.text.strip() for s in self.segments if s.kind in ARTICLE_KINDS)

    @property
    def source(self) -> str | None:
        """The attribution's value (``الحرة`` for ``المصدر: الحرة``), or ``None``.

        >>> import newsseg
        >>> newsseg.segment(newsseg.EXAMPLE_PAGE).source
        'وكالة الأنباء الرسمية'
        """
        for s in self.segments:
            if s.kind is Kind.SOURCE:
                value = source_value(s.value if s.value is not None else s.text)
                if value:
                    return value
        return self.metadata.site_name if self.format == "html" else None

    @property
    def tags(self) -> tuple[str, ...]:
        """The page's tags, without the marker.

        >>> import newsseg
        >>> newsseg.segment(newsseg.EXAMPLE_PAGE).tags
        ('الزراعة', 'المياه', 'الري الحديث')
        """
        out: list[str] = []
        for s in self.segments:
            if s.kind is Kind.TAGS:
                for t in split_tags(s.value if s.value is not None else s.text):
                    if t not in out:
                        out.append(t)
        if not out:
            out.extend(self.metadata.tags)
        return tuple(out)

    @property
    def read_also(self) -> tuple[str, ...]:
        """Headlines linked from "read also" markers.

        >>> import newsseg
        >>> newsseg.segment(newsseg.EXAMPLE_PAGE).read_also
        ('ارتفاع منسوب النيل يثير مخاوف المزارعين في الصعيد',)
        """
        return self._headlines(Kind.READ_ALSO)

    @property
    def related(self) -> tuple[str, ...]:
        """Headlines of related-article lists.

        >>> import newsseg
        >>> newsseg.segment(newsseg.EXAMPLE_PAGE).related[0]
        'أسعار الأسمدة تتراجع مع بداية الموسم الشتوي'
        """
        return self._headlines(Kind.RELATED)

    def _headlines(self, kind: Kind) -> tuple[str, ...]:
        # a lone marker line (".line") or a run of stubs (".stubs") names no headline
        return headlines(s.value if s.value is not None else s.text
                         for s in self.segments
                         if s.kind is kind and not s.rule.endswith((".line", ".stubs")))

    @property
    def secondary(self) -> str:
        """The text of other whole articles the page carries, paragraphs
        separated by a blank line (empty when there are none).

        >>> import newsseg
        >>> newsseg.segment(newsseg.EXAMPLE_PAGE).secondary
        ''
        """
        return _join(s.text.strip() for s in self.segments if s.kind is Kind.SECONDARY)

    def views(self) -> dict[str, Any]:
        """Every view by name (:data:`newsseg.views.VIEWS`), JSON-ready: what
        :meth:`to_dict`, batch records and the datatrove step store.

        >>> import newsseg
        >>> v = newsseg.segment(newsseg.EXAMPLE_PAGE).views()
        >>> list(v)
        ['title', 'article', 'source', 'tags', 'read_also', 'related', 'secondary']
        >>> v["tags"]
        ['الزراعة', 'المياه', 'الري الحديث']
        """
        out: dict[str, Any] = {}
        for name in VIEWS:
            value = getattr(self, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        return out

    # ------------------------------------------------------- serialization

    def to_dict(self) -> dict[str, Any]:
        """The document as JSON-ready data; :meth:`from_dict` reverses it.

        >>> import json, newsseg
        >>> doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
        >>> Document.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc
        True
        """
        return {
            "format": self.format,
            "text": self.text,
            "segments": [s.to_dict() for s in self.segments],
            "metadata": self.metadata.to_dict(),
            "views": self.views(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_dict` output (the views are recomputed).

        >>> Document.from_dict({"text": "", "segments": []}).segments
        ()
        """
        meta = dict(data.get("metadata") or {})
        meta["tags"] = tuple(meta.get("tags") or ())
        return cls(
            text=data["text"],
            segments=tuple(Segment.from_dict(s) for s in data.get("segments", [])),
            format=data.get("format", "text"),
            metadata=Metadata(**meta),
        )
