"""Class and id vocabularies: which words in ``class``/``id`` say what an element holds.

The vocabularies are data (``newsseg/data/html_vocab.json``), apart from the
engine, like the marker lexicon. :meth:`Vocab.classify` turns an attribute
value into a bit mask of categories:

>>> v = Vocab.default()
>>> v.names(v.classify("post-tags relatedNews"))
('article', 'related', 'tags')
>>> v.names(v.classify("col-md-8"))
()
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from newsseg.errors import LexiconError

__all__ = ["Vocab", "tokens"]

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^0-9a-z\u0600-\u06ff]+")
# Single-word entries at least this long also match a word made of the entry and
# one of these endings ("relatedposts", "commentlist"), never any word that
# merely starts with it ("shareable" is no share bar).
MIN_PREFIX = 5
SUFFIXES = frozenset({
    "s", "es", "bar", "bars", "box", "boxes", "list", "lists", "wrap", "wrapper", "container",
    "cont", "block", "blocks", "area", "section", "widget", "widgets", "link", "links", "menu",
    "panel", "button", "buttons", "btn", "btns", "icon", "icons", "tool", "tools", "news",
    "post", "posts", "article", "articles", "story", "stories", "item", "items", "content",
    "title", "text", "holder", "inner", "outer", "zone", "module", "col", "column", "head",
    "header", "body", "main", "top", "bottom", "nav", "info", "data", "name", "by", "on",
    "wrapp", "div", "part", "tab", "tabs", "slider", "carousel", "feed", "grid", "row",
})
# A word after one of these names what an element lacks ("no-share", "no-sidebar").
NEGATIONS = frozenset({"no", "without"})
_CACHE_MAX = 50_000


def tokens(value: str) -> list[str]:
    """The lower-case words of a ``class`` or ``id`` value.

    >>> tokens("article__body relatedNews td_post-tags")
    ['article', 'body', 'related', 'news', 'td', 'post', 'tags']
    """
    return [t for t in _SPLIT.split(_CAMEL.sub(" ", value[:500]).lower()) if t]


class Vocab:
    """Compiled class/id vocabularies, one bit per category.

    >>> v = Vocab({"tags": ["tags", "wasom"], "share": ["social share"]})
    >>> v.names(v.classify("article-wasom socialShare"))
    ('tags', 'share')
    >>> v.bit("share")
    2
    """

    def __init__(self, categories: Mapping[str, Iterable[str]]) -> None:
        self.categories: tuple[str, ...] = tuple(categories)
        if len(self.categories) > 60:
            raise LexiconError("a vocabulary has at most 60 categories")
        self._bits = {name: 1 << i for i, name in enumerate(self.categories)}
        self._joined: dict[str, int] = {}
        self._multi: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self._prefix: dict[str, list[tuple[str, int]]] = {}
        for name, entries in categories.items():
            bit = self._bits[name]
            for entry in entries:
                toks = tuple(tokens(entry))
                if not toks:
                    continue
                joined = "".join(toks)
                self._joined[joined] = self._joined.get(joined, 0) | bit
                if len(toks) > 1:
                    self._multi.setdefault(toks[0], []).append((toks, bit))
                elif len(joined) >= MIN_PREFIX:
                    self._prefix.setdefault(joined[:3], []).append((joined, bit))
        self._cache: dict[str, int] = {}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Vocab:
        """Build from data shaped like ``html_vocab.json``.

        >>> Vocab.from_dict({"categories": {"ads": {"entries": ["banner"]}}}).categories
        ('ads',)
        """
        cats = data.get("categories") if isinstance(data, Mapping) else None
        if not isinstance(cats, Mapping):
            raise LexiconError("a vocabulary needs a 'categories' object")
        out: dict[str, list[str]] = {}
        for name, cat in cats.items():
            entries = cat.get("entries") if isinstance(cat, Mapping) else cat
            if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
                raise LexiconError(f"category {name!r} needs a list of 'entries' (strings)")
            out[str(name)] = entries
        return cls(out)

    @classmethod
    def from_file(cls, path: str | Path) -> Vocab:
        """Load a vocabulary JSON file (the shape of ``html_vocab.json``).

        >>> import tempfile, os
        >>> f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        >>> _ = f.write('{"categories": {"ads": {"entries": ["banner"]}}}')
        >>> f.close()
        >>> Vocab.from_file(f.name).categories
        ('ads',)
        >>> os.unlink(f.name)
        """
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise LexiconError(f"cannot read vocabulary {path}: {e}") from None
        return cls.from_dict(data)

    @classmethod
    def default(cls) -> Vocab:
        """The vocabulary shipped with newsseg (cached).

        >>> "related" in Vocab.default().categories
        True
        """
        return _default()

    def bit(self, name: str) -> int:
        """The bit of category ``name`` (0 for a category this vocabulary lacks).

        >>> Vocab.default().bit("no-such-category")
        0
        """
        return self._bits.get(name, 0)

    def names(self, mask: int) -> tuple[str, ...]:
        """The category names of a bit mask, in vocabulary order.

        >>> v = Vocab.default()
        >>> v.names(v.bit("ads") | v.bit("nav"))
        ('nav', 'ads')
        """
        return tuple(n for n in self.categories if mask & self._bits[n])

    def classify(self, value: str) -> int:
        """The categories a ``class`` or ``id`` value names, as a bit mask (cached).

        >>> v = Vocab.default()
        >>> v.names(v.classify("mostReadNews"))
        ('related',)

        A word after ``no`` is a feature the element lacks ("no-share",
        "no-sidebar" are layout switches), not one it holds:

        >>> v.names(v.classify("entry-content no-share"))
        ('body', 'article')
        """
        hit = self._cache.get(value)
        if hit is not None:
            return hit
        mask = 0
        toks = tokens(value)
        joined, multi, prefix = self._joined, self._multi, self._prefix
        for i, t in enumerate(toks):
            if i and toks[i - 1] in NEGATIONS:
                continue
            mask |= joined.get(t, 0)
            for seq, bit in multi.get(t, ()):
                if tuple(toks[i : i + len(seq)]) == seq:
                    mask |= bit
            if len(t) > MIN_PREFIX:
                for p, bit in prefix.get(t[:3], ()):
                    if t.startswith(p) and t[len(p):] in SUFFIXES:
                        mask |= bit
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[value] = mask
        return mask


@functools.lru_cache(maxsize=1)
def _default() -> Vocab:
    text = resources.files("newsseg").joinpath("data/html_vocab.json").read_text(encoding="utf-8")
    return Vocab.from_dict(json.loads(text))
