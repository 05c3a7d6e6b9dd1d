"""What a page says about itself outside its visible text: JSON-LD, ``<meta>``
tags, ``<title>`` and ``<link rel=canonical>`` (:class:`PageHead`).

>>> from newsseg.formats.html.dom import parse
>>> root = parse('''<html lang="ar"><head>
... <title>عنوان الخبر - صحيفة المثال</title>
... <meta property="og:site_name" content="صحيفة المثال">
... <meta property="article:tag" content="اقتصاد"><meta property="article:tag" content="نفط">
... <link rel="canonical" href="/news/1">
... <script type="application/ld+json">{"@type": "NewsArticle", "headline": "عنوان الخبر",
...  "author": {"@type": "Person", "name": "سارة علي"}, "datePublished": "2024-05-01"}</script>
... </head><body></body></html>''')
>>> facts = read_head(root, url="https://example.com/a")
>>> m = facts.metadata
>>> m.title, m.author, m.published, m.site_name
('عنوان الخبر', 'سارة علي', '2024-05-01', 'صحيفة المثال')
>>> m.url, m.language, m.tags
('https://example.com/news/1', 'ar', ('اقتصاد', 'نفط'))
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

import attrs
import lxml.etree

from newsseg.model import Metadata

__all__ = ["PageHead", "jsonld_objects", "read_head"]

# JSON-LD types that describe an article.
_ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "socialmediaposting",
    "liveblogposting", "scholarlyarticle", "techarticle", "report", "webpage", "posting",
})
# Largest JSON-LD script parsed, and the most objects visited in it.
MAX_JSONLD_CHARS = 2_000_000
MAX_JSONLD_NODES = 20_000
_SPLIT_TAGS = re.compile(r"(?<!\s)\s*[,،;|]\s*|(?<=\s)[,،;|]\s*")  # linear on runs of spaces


@attrs.frozen(slots=True)
class PageHead:
    """What the page says about itself, for :attr:`Document.metadata` and the stages.

    >>> PageHead().metadata.title is None
    True
    """

    metadata: Metadata = attrs.field(factory=Metadata)
    headline: str | None = None
    """The headline from JSON-LD or ``og:title`` (no site name)."""
    title_tag: str | None = None
    """The text of ``<title>``."""
    article_body: str | None = None
    """JSON-LD ``articleBody``, where the page has one."""
    description: str | None = None
    keywords: tuple[str, ...] = ()
    """Tags and keywords from ``article:tag``, JSON-LD and ``<meta name=keywords>``."""


def _text(value: object) -> str | None:
    if isinstance(value, str):
        # str.split() and the \s of re split on the same (str.isspace) characters
        s = " ".join(value.split())
        return s or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _name(value: object) -> str | None:
    """A name from a JSON-LD value: a string, ``{"name": …}``, or a list of those."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value[:20]) if n]
        return "، ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        return _text(value.get("name"))
    s = _text(value)
    if s and s.startswith(("http://", "https://")):
        return None
    return s


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def jsonld_objects(text: str) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD script (``@graph`` and lists included);
    invalid or hostile JSON yields nothing.

    >>> [o.get("@type") for o in jsonld_objects('{"@graph": [{"@type": "NewsArticle"}]}')]
    [None, 'NewsArticle']
    >>> list(jsonld_objects("[" * 100000))
    []
    """
    if len(text) > MAX_JSONLD_CHARS:
        return
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return
    stack: list[Any] = [data]
    seen = 0
    while stack and seen < MAX_JSONLD_NODES:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            yield item
            for v in item.values():
                if isinstance(v, (dict, list)):
                    stack.append(v)
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _keywords(value: object) -> list[str]:
    if isinstance(value, list):
        out: list[str] = []
        for v in value[:100]:
            out.extend(_keywords(v))
        return out
    s = _text(value)
    return [t for t in _SPLIT_TAGS.split(s) if t] if s else []


def _first(*values: str | None) -> str | None:
    for v in values:
        if v:
            return v
    return None


def read_head(root: lxml.etree._Element, *, url: str | None = None) -> PageHead:
    """Read the page's metadata: JSON-LD first, then ``og:``/``article:``/``twitter:``
    and named ``<meta>`` tags, ``<link rel=canonical>``, ``<html lang>``.

    >>> from newsseg.formats.html.dom import parse
    >>> read_head(parse("<p>نص</p>")).metadata.title is None
    True
    """
    props: dict[str, list[str]] = {}
    title_tag: str | None = None
    canonical: str | None = None
    objects: list[dict[str, Any]] = []
    for el in root.iter("meta", "link", "script", "title"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop")
                   or el.get("http-equiv") or "").strip().lower()
            content = _text(el.get("content"))
            if key and content:
                props.setdefault(key, []).append(content)
        elif tag == "link":
            if canonical is None and "canonical" in (el.get("rel") or "").lower().split():
                canonical = _text(el.get("href"))
        elif tag == "script":
            if "ld+json" in (el.get("type") or "").lower() and el.text:
                objects.extend(jsonld_objects(el.text))
        elif title_tag is None:
            title_tag = _text("".join(str(t) for t in el.itertext()))

    article: dict[str, Any] = {}
    page: dict[str, Any] = {}
    for obj in objects:
        types = _types(obj)
        if types & _ARTICLE_TYPES and "webpage" not in types:
            if not article or ("articleBody" in obj and "articleBody" not in article):
                article = obj
        elif "webpage" in types and not page:
            page = obj
    src = article or page

    def prop(*keys: str) -> str | None:
        for k in keys:
            if props.get(k):
                return props[k][0]
        return None

    headline = _first(_text(src.get("headline")), _text(src.get("name")) if article else None,
                      prop("og:title", "twitter:title", "headline"))
    author = _first(_name(src.get("author")), _name(src.get("creator")),
                    prop("author", "article:author", "dc.creator", "byl", "sailthru.author"))
    if author and author.startswith(("http://", "https://")):
        author = None
    published = _first(_text(src.get("datePublished")), _text(src.get("dateCreated")),
                       prop("article:published_time", "datepublished", "pubdate", "publishdate",
                            "publish-date", "date", "dc.date", "dc.date.issued",
                            "og:published_time", "article:modified_time"))
    publisher = src.get("publisher")
    site_name = _first(prop("og:site_name", "application-name"), _name(publisher))
    page_url = _first(canonical, prop("og:url"), _text(src.get("url")),
                      _text(src.get("mainEntityOfPage")) if isinstance(
                          src.get("mainEntityOfPage"), str) else None, url)
    if page_url and url:
        with contextlib.suppress(ValueError):
            page_url = urllib.parse.urljoin(url, page_url)
    language = _first(_text(root.get("lang")), _text(root.get("{http://www.w3.org/XML/1998/"
                                                               "namespace}lang")),
                      prop("content-language", "language", "og:locale"),
                      _text(src.get("inLanguage")))
    tags = list(props.get("article:tag", ()))
    if not tags:
        tags = _keywords(src.get("keywords"))
    if not tags:
        tags = _keywords(prop("news_keywords", "keywords"))
    tags = list(dict.fromkeys(t for t in tags if len(t) <= 100))[:50]
    body = _text(src.get("articleBody")) if article else None
    meta = Metadata(
        title=headline or title_tag,
        author=author,
        published=published,
        site_name=site_name,
        url=page_url,
        language=language,
        tags=tuple(tags),
    )
    return PageHead(
        metadata=meta,
        headline=headline,
        title_tag=title_tag,
        article_body=body,
        description=_first(_text(src.get("description")),
                           prop("og:description", "description", "twitter:description")),
        keywords=tuple(tags),
    )
