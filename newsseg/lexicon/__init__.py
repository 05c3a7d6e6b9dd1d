"""The marker lexicon: phrases that announce a kind, kept as data apart from the engine.

The default lexicon ships as ``newsseg/data/lexicon.json``. A user extends it
without touching the package:

>>> import newsseg
>>> lex = newsseg.Lexicon.default().add("read_also", ["لا تفوّت"])
>>> newsseg.segment("لا تفوت: عنوان خبر آخر", lexicon=lex).read_also
('عنوان خبر آخر',)

or loads a whole file of their own with :meth:`Lexicon.from_file` (same JSON
shape, see ``docs/lexicon.md``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import attrs
import regex

from newsseg.errors import LexiconError
from newsseg.lexicon.literals import Literals, required_literals
from newsseg.model import Kind
from newsseg.normalize import (
    MATCHING,
    Normalizer,
    chain,
    fold_alef,
    fold_hamza,
    fold_persian,
    fold_teh_marbuta,
    fold_yeh,
    normalize,
    strip_diacritics,
    strip_tatweel,
)

__all__ = [
    "CompiledLexicon",
    "Group",
    "Lexicon",
    "Literals",
    "MarkerMatch",
    "Role",
    "WordsPattern",
    "required_literals",
    "split_words",
]

Role = Literal["heading", "field", "line", "contains", "pattern", "words"]
ROLES: tuple[str, ...] = ("heading", "field", "line", "contains", "pattern", "words")

# Characters allowed around a marker: bullets, brackets, quotes, dashes, stars.
# Anything that is not a letter or digit may stand before a marker: bullets,
# brackets, quotes, dashes, emoji ("📌 اقرأ أيضا:").
_LEAD = r"[\W_]*"
_LEAD_RE = regex.compile(_LEAD)
# Letters and digits (ASCII and Arabic) that _LEAD does not match: a line
# opening with one has no lead, found without running the pattern.
_PLAIN_START = frozenset(
    c for c in map(chr, (*range(0x30, 0x7B), *range(0x600, 0x700)))
    if not regex.match(r"[\W_]", c)
)
_TOKEN = regex.compile(r"\w+")
_LEAD_CHAR = regex.compile(r"[\W_]")
_NO_WORDS: frozenset[str] = frozenset()
# Characters that are no word characters (checked with _TOKEN's \w itself):
# stripped off the ends of a space-separated token, they leave its word.
_EDGE = "".join(c for c in "\"'()*,-./:;?!@[]{}|«»،؛؟–—…“”‘’•·" if not _TOKEN.match(c))
# A break inside a line: a sentence end (a closing quote or bracket, a colon) and
# any spaces after it, or a run of two spaces or more.
_BREAK = r"(?:[.!?:\")][ \t]*+|(?<![ \t])[ \t]{2,}+)"  # possessive: linear on runs
_BREAK_CHARS = frozenset('.!?:")')  # what _BREAK's first branch opens with
_WORD_CHAR = regex.compile(r"\w")
#: Kinds whose inline field markers (their words are common nouns that also end
#: longer words: مصدر, وكالة, علامات) are looked for only right after a break,
#: and kept only with their separator; never glued to the word before.
AFTER_BREAK_KINDS = frozenset({Kind.SOURCE, Kind.TAGS})
#: A marker phrase with its separator is at most this long (head_at looks this far).
MAX_HEAD_CHARS = 80
# Only letter folds touch a regex pattern (punctuation and case folds would change
# its syntax: \W is not \w).
_PATTERN_FOLD = chain(strip_diacritics, strip_tatweel, fold_alef, fold_yeh, fold_persian,
                      fold_hamza, fold_teh_marbuta)
_SEP = r"[\s]*(?:[:\-|]+|\.(?!\.))?[\s]*"


def _kind(value: object) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        raise LexiconError(
            f"unknown kind {value!r}; use one of: {', '.join(k.value for k in Kind)}"
        ) from None


def _str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _group_tuple(values: Iterable[Group]) -> tuple[Group, ...]:
    return tuple(values)


def _role(value: object) -> str:
    if value not in ROLES:
        raise LexiconError(f"unknown role {value!r}; use one of: {', '.join(ROLES)}")
    return str(value)


@attrs.frozen(slots=True, cache_hash=True)
class Group:
    """A named set of marker phrases (or patterns) for one kind and role.

    >>> g = Group("promo", Kind.BOILERPLATE, "contains", phrases=("حمل التطبيق",))
    >>> g.kind.value, g.role
    ('boilerplate', 'contains')
    """

    name: str
    kind: Kind = attrs.field(converter=_kind)
    role: str = attrs.field(converter=_role)
    phrases: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    patterns: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    inline: bool = False
    """Headings only: also look for the phrase in the middle of long lines."""
    ends_article: bool = False
    """A block this group labels closes the main article: what follows it is
    not the article (a copyright line, an end marker such as ``انتهى``, an
    "about us" section)."""
    comment: str = ""

    def __attrs_post_init__(self) -> None:
        if self.role == "pattern":
            if not self.patterns:
                raise LexiconError(f"group {self.name!r}: role 'pattern' needs 'patterns'")
            for p in self.patterns:
                try:
                    regex.compile(p)
                except regex.error as e:
                    raise LexiconError(f"group {self.name!r}: bad pattern {p!r}: {e}") from None
        elif not any(p.strip() for p in self.phrases):
            raise LexiconError(f"group {self.name!r} has no phrases; give at least one")

    def to_dict(self) -> dict[str, Any]:
        """The group as JSON data (the shape of a lexicon file's groups).

        >>> Group("x", "tags", "field", phrases=["وسوم"]).to_dict()["role"]
        'field'
        """
        d: dict[str, Any] = {"kind": self.kind.value, "role": self.role}
        if self.phrases:
            d["phrases"] = list(self.phrases)
        if self.patterns:
            d["patterns"] = list(self.patterns)
        if self.inline:
            d["inline"] = True
        if self.ends_article:
            d["ends_article"] = True
        if self.comment:
            d["comment"] = self.comment
        return d


def _group_from(name: str, data: Mapping[str, Any]) -> Group:
    if not isinstance(data, Mapping):
        raise LexiconError(f"group {name!r} must be an object, got {type(data).__name__}")
    unknown = set(data) - {
        "kind", "role", "phrases", "patterns", "inline", "ends_article", "comment"
    }
    if unknown:
        raise LexiconError(f"group {name!r}: unknown field(s) {sorted(unknown)}")
    if "kind" not in data:
        raise LexiconError(f"group {name!r} needs a 'kind'")
    return Group(
        name,
        data["kind"],
        data.get("role", "heading"),
        phrases=tuple(data.get("phrases", ())),
        patterns=tuple(data.get("patterns", ())),
        inline=bool(data.get("inline", False)),
        ends_article=bool(data.get("ends_article", False)),
        comment=str(data.get("comment", "")),
    )


@attrs.frozen(slots=True, cache_hash=True)
class Lexicon:
    """An immutable collection of marker :class:`Group` objects.

    >>> lex = Lexicon.default()
    >>> "read_also" in lex.names and lex["source"].kind.value == "source"
    True
    """

    groups: tuple[Group, ...] = attrs.field(converter=_group_tuple)

    def __attrs_post_init__(self) -> None:
        names = [g.name for g in self.groups]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise LexiconError(f"duplicate group name(s): {sorted(dup)}")

    @property
    def names(self) -> tuple[str, ...]:
        """Group names in order.

        >>> Lexicon.default().names[0]
        'more_info'
        """
        return tuple(g.name for g in self.groups)

    def __getitem__(self, name: str) -> Group:
        for g in self.groups:
            if g.name == name:
                return g
        raise LexiconError(f"no group named {name!r}; groups: {', '.join(self.names)}")

    # ------------------------------------------------------------ loading

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lexicon:
        """Build a lexicon from data shaped like ``lexicon.json``.

        >>> Lexicon.from_dict({"groups": {"t": {"kind": "tags", "role": "field",
        ...                                     "phrases": ["وسوم"]}}}).names
        ('t',)
        """
        groups = data.get("groups") if isinstance(data, Mapping) else None
        if not isinstance(groups, Mapping):
            raise LexiconError("a lexicon needs a 'groups' object mapping names to groups")
        return cls(tuple(_group_from(str(n), g) for n, g in groups.items()))

    @classmethod
    def from_file(cls, path: str | Path) -> Lexicon:
        """Load a lexicon JSON file.

        >>> import json, tempfile, os
        >>> f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
        >>> _ = f.write(json.dumps({"groups": {"t": {"kind": "tags", "role": "field",
        ...                                          "phrases": ["وسوم"]}}}))
        >>> f.close()
        >>> Lexicon.from_file(f.name).names
        ('t',)
        >>> os.unlink(f.name)
        """
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise LexiconError(f"lexicon file not found: {p}") from None
        except json.JSONDecodeError as e:
            raise LexiconError(f"lexicon file {p} is not valid JSON: {e}") from None
        return cls.from_dict(data)

    @classmethod
    def default(cls) -> Lexicon:
        """The lexicon shipped with newsseg (``newsseg/data/lexicon.json``).

        >>> len(Lexicon.default()["read_also"].phrases) > 10
        True
        """
        return _default()

    def to_dict(self) -> dict[str, Any]:
        """JSON data that :meth:`from_dict` reads back.

        >>> Lexicon.from_dict(Lexicon.default().to_dict()) == Lexicon.default()
        True
        """
        return {"format": 1, "groups": {g.name: g.to_dict() for g in self.groups}}

    # ----------------------------------------------------------- changing

    def add(
        self, name: str, phrases: Iterable[str] = (), *, patterns: Iterable[str] = ()
    ) -> Lexicon:
        """A lexicon with more phrases (or patterns) in group ``name``.

        >>> lex = Lexicon.default().add("tags", ["هاشتاقات"])
        >>> "هاشتاقات" in lex["tags"].phrases
        True
        """
        g = self[name]
        new = attrs.evolve(
            g,
            phrases=(*g.phrases, *(p for p in phrases if p not in g.phrases)),
            patterns=(*g.patterns, *(p for p in patterns if p not in g.patterns)),
        )
        return self.with_group(new)

    def remove(self, name: str, phrases: Iterable[str]) -> Lexicon:
        """A lexicon without some phrases of group ``name``.

        >>> "مواضيع" in Lexicon.default().remove("tags", ["مواضيع"])["tags"].phrases
        False
        """
        drop = set(phrases)
        g = self[name]
        kept = tuple(p for p in g.phrases if p not in drop)
        return self.with_group(attrs.evolve(g, phrases=kept))

    def with_group(self, group: Group) -> Lexicon:
        """A lexicon where ``group`` replaces the group of the same name, or is added.

        >>> g = Group("promo", "boilerplate", "contains", phrases=["حمل التطبيق"])
        >>> Lexicon.default().with_group(g).names[-1]
        'promo'
        """
        if group.name in self.names:
            return Lexicon(tuple(group if g.name == group.name else g for g in self.groups))
        return Lexicon((*self.groups, group))

    def without(self, *names: str) -> Lexicon:
        """A lexicon without the named groups.

        >>> "related_more" in Lexicon.default().without("related_more").names
        False
        """
        for n in names:
            self[n]
        return Lexicon(tuple(g for g in self.groups if g.name not in names))

    def merge(self, other: Lexicon) -> Lexicon:
        """Groups of ``other`` added to (or extending) this lexicon's.

        >>> extra = Lexicon.from_dict({"groups": {"read_also": {"kind": "read_also",
        ...                                                     "phrases": ["لا تفوت"]}}})
        >>> "لا تفوت" in Lexicon.default().merge(extra)["read_also"].phrases
        True
        """
        out = self
        for g in other.groups:
            if g.name in out.names:
                out = out.add(g.name, g.phrases, patterns=g.patterns)
            else:
                out = out.with_group(g)
        return out

    def compile(self, normalizer: Normalizer = MATCHING) -> CompiledLexicon:
        """Compile to matchers (cached: compiling the same lexicon twice is free).

        >>> Lexicon.default().compile() is Lexicon.default().compile()
        True
        """
        key = (id(self), id(normalizer))
        hit = _BY_ID.get(key)
        if hit is not None and hit[0] is self and hit[1] is normalizer:
            return hit[2]
        compiled = _compile(self, normalizer)
        if len(_BY_ID) > 64:
            _BY_ID.clear()
        _BY_ID[key] = (self, normalizer, compiled)
        return compiled


# compile() by object identity first: hashing a whole lexicon on every page costs
# more than segmenting a short page.
_BY_ID: dict[tuple[int, int], tuple[Lexicon, Normalizer, CompiledLexicon]] = {}


@functools.lru_cache(maxsize=1)
def _default() -> Lexicon:
    text = resources.files("newsseg").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    return Lexicon.from_dict(json.loads(text))


@functools.lru_cache(maxsize=1)
def _vetted() -> frozenset[str]:
    """The shipped lexicon's patterns (as folded and compiled): tests/test_patterns.py
    proves each linear on hostile input, so they run without a time budget."""
    return frozenset(
        normalize(p, _PATTERN_FOLD)
        for g in _default().groups if g.role == "pattern" for p in g.patterns
    )


def _compile(lexicon: Lexicon, normalizer: Normalizer) -> CompiledLexicon:
    return CompiledLexicon(lexicon, normalizer)


@attrs.frozen(slots=True)
class MarkerMatch:
    """A marker found at the head of (or inside) a block's normalized text.

    Offsets are in the block's normalized text: ``start:end`` is the marker
    with its separator, ``end`` is where the value or headline begins.

    >>> m = Lexicon.default().compile().head("اقرا ايضا: عنوان")
    >>> (m.group, m.kind.value, m.end)
    ('read_also', 'read_also', 11)
    """

    group: str
    kind: Kind
    role: str
    start: int
    end: int
    separator: bool
    """Whether a ':' / '-' followed the marker."""


# A first word this short is often a common word (قد, عن, آخر, شارك): an
# inline phrase is searched for by its first two words instead.
MIN_KEY_CHARS = 5


def _search_key(phrase: str) -> str:
    """What a page is searched for to find a normalized inline ``phrase``: its
    first word, or its first two words when the first is short.

    >>> _search_key("قد يهمك ايضا"), _search_key("الاكثر قراءه")
    ('قد يهمك', 'الاكثر')
    """
    words = phrase.split()
    if len(words[0]) < MIN_KEY_CHARS and len(words) > 1:
        return f"{words[0]} {words[1]}"
    return words[0]


# A needle is this long at least (or the whole word): shorter substrings are
# common in any text, and each hit costs a check in Python.
MIN_NEEDLE_CHARS = 4


@attrs.frozen(slots=True)
class _Needles:
    """Every occurrence of a set of words, found with few ``str.find`` scans:
    each word is looked for through a *needle*, a substring it shares with
    other words (``اقرا `` for all the ``اقرا …`` phrases, `` ايضا`` for the
    ``… ايضا`` ones), and checked with ``startswith`` where the needle is.
    A scan costs about as much whatever the needle, so fewer needles than
    words is fewer passes over the page.

    >>> n = _Needles.of(["اقرا ايضا", "اقرا كذلك", "تابع ايضا"])
    >>> sorted(n.find("تابع ايضا. اقرا كذلك"))
    [(0, 'تابع ايضا'), (11, 'اقرا كذلك')]
    """

    plan: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """(needle, ((word, where the needle is in the word), ...)), each word once."""

    @classmethod
    def of(cls, words: Iterable[str]) -> _Needles:
        """Needles for ``words``, chosen greedily: the substring (of at least
        :data:`MIN_NEEDLE_CHARS`) in the most words left, the longer on a tie."""
        left = set(words)
        plan: list[tuple[str, tuple[tuple[str, int], ...]]] = []
        while left:
            holders: dict[str, set[str]] = {}
            for w in left:
                for a in range(len(w)):
                    for b in range(a + min(MIN_NEEDLE_CHARS, len(w)), len(w) + 1):
                        holders.setdefault(w[a:b], set()).add(w)
            needle = max(holders, key=lambda s: (len(holders[s]), len(s), s))
            plan.append((needle, tuple((w, w.find(needle)) for w in sorted(holders[needle]))))
            left -= holders[needle]
        return cls(tuple(plan))

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        """Each ``(offset, word)`` where a word occurs in ``text`` (overlaps
        included), in no particular order."""
        for needle, holders in self.plan:
            j = text.find(needle)
            while j >= 0:
                for w, at in holders:
                    i = j - at
                    if i >= 0 and text.startswith(w, i):
                        yield i, w
                j = text.find(needle, j + 1)


def _phrase_regex(phrase: str, normalizer: Normalizer) -> str:
    norm = normalize(phrase, normalizer).strip()
    words = [regex.escape(w) for w in norm.split()]
    return r"\s*".join(words)


def _phrase_parts(phrases: Iterable[str], normalizer: Normalizer) -> list[tuple[str, str]]:
    """(first word, regex) of each phrase, in the order of its alternation."""
    parts = {
        _phrase_regex(p, normalizer): normalize(p, normalizer).split()[0]
        for p in phrases if p.strip()
    }
    # longest first so that "اقرأ أيضا في" wins over "اقرأ أيضا"
    return [(parts[rx], rx) for rx in sorted(parts, key=lambda s: (-len(s), s))]


def _alternation(phrases: Iterable[str], normalizer: Normalizer) -> str:
    return "|".join(rx for _, rx in _phrase_parts(phrases, normalizer))


# First words are looked up by their first this many characters; the words
# found for at most this many keys (a text's next characters) are kept.
_KEY_CHARS = 4
MAX_KEYS = 4096
# A sub-alternation is compiled for each set of first words met (a page meets
# a few sets, a corpus some dozens); past this many, the whole one is used.
MAX_SUB_ALTERNATIONS = 512


# The groups of an alternation: (group id, [(first word, phrase pattern), …]).
_Parts = list[tuple[str, list[tuple[str, str]]]]


class _Alternation:
    """An alternation of named groups of phrases, ``(?P<g0>…|…)|(?P<g1>…)``,
    set in ``template`` at ``{alt}``: compiled whole (:attr:`whole`), and for
    the phrases of some first words only (:meth:`only`). A phrase's pattern
    opens with its first word, so where none of the other first words stands,
    the sub-alternation matches as the whole one does (same order, same group
    names), at a fraction of the cost: the whole one tries every phrase.
    A phrase whose first word opens with a character of ``[\\W_]`` is
    :attr:`wild`: a lead of the template (``[\\W_]*``) could take part of it,
    so after a lead the whole alternation is used (:meth:`after_lead`; with
    only wild phrases, the lead's backtracking would cost more than the whole
    alternation does).
    """

    __slots__ = ("_by_start", "_cache", "_near", "_parts", "_template", "firsts", "whole",
                 "wild")

    def __init__(self, parts: _Parts, template: str) -> None:
        self._parts = parts
        self._template = template
        self.firsts = frozenset(w for _, phrases in parts for w, _ in phrases)
        self.wild = frozenset(w for w in self.firsts if _LEAD_CHAR.match(w))
        # the first words by their first _KEY_CHARS characters, the shorter
        # ones by their first character
        by_start: dict[str, list[str]] = {}
        for w in sorted(self.firsts):
            by_start.setdefault(w[:_KEY_CHARS] if len(w) >= _KEY_CHARS else w[0], []).append(w)
        self._by_start = {k: tuple(v) for k, v in by_start.items()}
        # (key, the words that may stand where a text goes on with it), for
        # the keys met, up to MAX_KEYS of them
        self._near: dict[str, tuple[str, ...]] = {}
        self._cache: dict[frozenset[str], regex.Pattern[str]] = {}
        self.whole = self._compile(None)

    def _compile(self, words: frozenset[str] | None) -> regex.Pattern[str]:
        groups = []
        for gid, phrases in self._parts:
            kept = [rx for w, rx in phrases if words is None or w in words]
            if kept:
                groups.append(f"(?P<{gid}>{'|'.join(kept)})")
        return regex.compile(self._template.replace("{alt}", "|".join(groups) or "(?!)"))

    def at(self, text: str, i: int) -> frozenset[str]:
        """The first words that stand at ``i`` in ``text``."""
        key = text[i : i + _KEY_CHARS]
        near = self._near.get(key)
        if near is None:
            near = self._by_start.get(key, ()) if len(key) == _KEY_CHARS else ()
            near += self._by_start.get(key[:1], ())
            if len(self._near) < MAX_KEYS:
                self._near[key] = near
        if not near:
            return _NO_WORDS
        return frozenset(w for w in near if text.startswith(w, i))

    def only(self, words: frozenset[str]) -> regex.Pattern[str]:
        """The alternation of the phrases that open with one of ``words``."""
        found = self._cache.get(words)
        if found is None:
            if len(self._cache) >= MAX_SUB_ALTERNATIONS:
                return self.whole  # so many sets of words: no more compiling
            found = self._cache[words] = self._compile(words)
        return found

    def after_lead(self, text: str, at: int) -> regex.Pattern[str] | None:
        """The alternation to match ``text`` with after a lead ending at
        ``at`` (a phrase opening with a letter starts where the lead ends):
        that of the first words that stand there, or the whole one after a
        lead that wild phrases may start in; ``None``: no phrase can match."""
        if at and self.wild:
            return self.whole
        words = self.at(text, at)
        return self.only(words) if words else None


@attrs.frozen(slots=True, eq=False)
class WordsPattern:
    r"""A pattern a stage builds around the words of a lexicon group of role
    ``words``: ``template`` with ``{words}`` where the alternation of the
    group's phrases goes (normalized as the text is, longest first). The words
    are data, and a user changes them in the lexicon; the shape around them is
    the stage's. Call it with a compiled lexicon for the pattern.

    >>> kicker = WordsPattern("kicker", r"^\W*(?:{words})\s*:")
    >>> kicker(Lexicon.default().compile()).match("بالفيديو: عنوان") is not None
    True
    >>> lex = Lexicon.default().add("kicker", ["حصري"]).compile()
    >>> kicker(lex).match("حصري: عنوان") is not None
    True
    """

    group: str
    template: str
    flags: int = 0
    others: tuple[str, ...] = ()
    """More 'words' groups the template names as ``{group_name}``."""

    def __call__(self, lexicon: CompiledLexicon) -> regex.Pattern[str]:
        return lexicon.words_pattern(self)


def _lead_end(ntext: str) -> int:
    """Where the lead of ``ntext`` (``_LEAD``: bullets, brackets, quotes) ends."""
    if ntext[:1] in _PLAIN_START:
        return 0  # no lead: most lines open with a letter
    lead = _LEAD_RE.match(ntext)
    return lead.end() if lead else 0


def split_words(text: str) -> list[str]:
    """The words of ``text``, the runs of ``\\w`` characters that
    ``regex.findall(r"\\w+", text)`` gives, in order: found by splitting at
    spaces and stripping punctuation, many times cheaper than the pattern
    (which is left the tokens with marks, digits among letters or inner
    punctuation). A token of letters only, or of digits only, is one word.

    >>> split_words("(تابعونا) على: x-ray 2024")
    ['تابعونا', 'على', 'x', 'ray', '2024']
    """
    found: list[str] = []
    for token in text.split():
        if token.isalpha() or token.isdecimal():
            found.append(token)
            continue
        core = token.strip(_EDGE)
        if core.isalpha() or core.isdecimal():
            found.append(core)
        elif core:
            found += _TOKEN.findall(core)
    return found


class CompiledLexicon:
    """A lexicon compiled into a few `regex` patterns.

    Its methods take text already normalized with the lexicon's normalizer
    (``normalize(text, MATCHING)``: ``ة`` is ``ه``, ``أ`` is ``ا``, …).

    >>> c = Lexicon.default().compile()
    >>> c.line("(وكالات)").kind.value
    'source'
    >>> c.head("وقال المصدر ان الاجتماع تاجل") is None
    True
    """

    def __init__(self, lexicon: Lexicon, normalizer: Normalizer = MATCHING) -> None:
        self.lexicon = lexicon
        self.normalizer = normalizer
        self.groups: dict[str, Group] = {g.name: g for g in lexicon.groups}
        self._ending = frozenset(g.name for g in lexicon.groups if g.ends_article)
        self._names: dict[str, str] = {}
        head_parts: _Parts = []
        inline_parts: _Parts = []
        inline_firsts: set[str] = set()
        break_firsts: set[str] = set()  # of AFTER_BREAK_KINDS groups
        line_parts: _Parts = []
        contains_parts: _Parts = []
        # First passes that rule most blocks out without running an alternation:
        # the first words of head phrases (by their first two letters), those of
        # 'contains' ones.
        head_firsts: dict[str, set[str]] = {}
        contains_firsts: set[str] = set()
        # (group, pattern, vetted: one of the shipped patterns, run without a
        # time budget, which costs more than the search itself; the literals
        # one of which any match holds, looked for first: required_literals)
        self._patterns: list[tuple[Group, regex.Pattern[str], bool, Literals]] = []
        vetted = _vetted()
        self._word_patterns: dict[WordsPattern, regex.Pattern[str]] = {}
        self._word_literals: dict[WordsPattern, Literals] = {}
        self._word_sets: dict[str, frozenset[str]] = {}
        for i, g in enumerate(lexicon.groups):
            gid = f"g{i}"
            self._names[gid] = g.name
            if g.role == "words":
                continue  # word lists stages read (see WordsPattern), matched nowhere else
            if g.role == "pattern":
                for p in g.patterns:
                    # fold the Arabic letters of the pattern as the text is folded, so
                    # patterns are written naturally (دقائق matches the folded دقايق)
                    folded = normalize(p, _PATTERN_FOLD)
                    compiled = regex.compile(folded, regex.IGNORECASE)
                    self._patterns.append(
                        (g, compiled, folded in vetted, required_literals(compiled))
                    )
                continue
            phrases = _phrase_parts(g.phrases, normalizer)
            if not phrases:
                continue
            part = (gid, phrases)
            firsts = {normalize(p, normalizer).split()[0] for p in g.phrases if p.strip()}
            if g.role in ("heading", "field"):
                head_parts.append(part)
                for w in firsts:
                    head_firsts.setdefault(w[:2], set()).add(w)
                if g.inline:
                    inline_parts.append(part)
                    after_break = g.kind in AFTER_BREAK_KINDS and g.role == "field"
                    (break_firsts if after_break else inline_firsts).update(
                        _search_key(normalize(p, normalizer)) for p in g.phrases if p.strip()
                    )
            elif g.role == "line":
                line_parts.append(part)
            else:
                contains_parts.append(part)
                contains_firsts.update(firsts)
        end = r"(?=$|[\s:\-|.,;!?()\[\]\"'»«]|\p{P})"
        self._head = _Alternation(head_parts, rf"^{_LEAD}(?:{{alt}}){end}(?P<sep>{_SEP})")
        self._inline = _Alternation(inline_parts, rf"(?:{{alt}}){end}(?P<sep>{_SEP})")
        # A cheap first pass for `inline`: the first words of its phrases, found
        # with str.find (far faster than scanning with an alternation). A word
        # holding another (المصدر holds مصدر) is found through it: one scan less.
        finds = {w for w in inline_firsts if not any(o != w and o in w for o in inline_firsts)}
        # where each sits in the longer first words that hold it
        self._inline_backs: dict[str, tuple[int, ...]] = {
            w: tuple(sorted({
                k for o in inline_firsts if o != w
                for k in range(1, len(o)) if o.startswith(w, k)
            }))
            for w in finds
        }
        self._inline_needles = _Needles.of(finds)
        # those of AFTER_BREAK_KINDS: the word right after a break, in long lines
        only_after = sorted(break_firsts - inline_firsts, key=lambda w: (-len(w), w))
        # found with str.find, then the break before each checked by hand (the
        # two branches of _BREAK, which defines it): most pages have few
        self._break_words: tuple[str, ...] = tuple(only_after)
        self._break_needles = _Needles.of(only_after)
        # by their first two letters (a dict lookup), then startswith on the
        # few first words that share them: most lines fail one of the two
        self._head_firsts = {k: tuple(sorted(v)) for k, v in head_firsts.items()}
        # (only a first word that is a word throughout can be one of a text's words)
        self._contains_firsts = frozenset(w for w in contains_firsts if _TOKEN.fullmatch(w))
        self._line = _Alternation(line_parts, rf"^{_LEAD}(?:{{alt}}){_LEAD}$")
        self._contains = _Alternation(contains_parts, r"(?<!\w)(?:{alt})(?!\w)")

    def words(self, name: str) -> frozenset[str]:
        """The phrases of 'words' group ``name``, normalized (empty if there is no
        such group): vocabularies a stage consults, e.g. verbs that begin with و.

        >>> "وافق" in Lexicon.default().compile().words("waw_verbs")
        True
        """
        found = self._word_sets.get(name)
        if found is None:
            g = self.groups.get(name)
            found = frozenset(
                normalize(p, self.normalizer).strip() for p in g.phrases if p.strip()
            ) if g is not None and g.role == "words" else frozenset()
            self._word_sets[name] = found
        return found

    def words_pattern(self, wp: WordsPattern) -> regex.Pattern[str]:
        r"""``wp``'s template with the alternation of its group's words, compiled
        once per compiled lexicon (a pattern that never matches if there is no
        such group).

        >>> wp = WordsPattern("caption_head", r"^\W*(?:{words})\b")
        >>> Lexicon.default().compile().words_pattern(wp).match("تصوير: علي") is not None
        True
        """
        found = self._word_patterns.get(wp)
        if found is None:
            template = wp.template
            for name, slot in ((wp.group, "{words}"), *((o, f"{{{o}}}") for o in wp.others)):
                g = self.groups.get(name)
                alt = _alternation(g.phrases, self.normalizer) if g and g.role == "words" else ""
                template = template.replace(slot, alt or "(?!)")
            found = regex.compile(template, wp.flags)
            self._word_patterns[wp] = found
        return found

    def words_literals(self, wp: WordsPattern) -> Literals:
        """The :func:`required_literals` of ``wp``'s pattern, found once per
        compiled lexicon: a text with none of them is not searched.

        >>> wp = WordsPattern("desk", r"-\\s*(?:{words})\\b")
        >>> lex = Lexicon.default().compile()
        >>> lex.words_literals(wp).found_in("text - more")
        False
        """
        found = self._word_literals.get(wp)
        if found is None:
            found = self._word_literals[wp] = required_literals(self.words_pattern(wp))
        return found

    def ends_article(self, rule: str) -> bool:
        """Whether a block labelled with ``rule`` (``group.how``) closes the
        article: its group is marked ``ends_article`` in the lexicon.

        >>> c = Lexicon.default().compile()
        >>> c.ends_article("copyright.contains"), c.ends_article("read_also.inline")
        (True, False)
        """
        return rule.partition(".")[0] in self._ending

    def _group(self, m: regex.Match[str]) -> Group:
        """The group whose phrase matched (named groups g0, g1, … map to groups)."""
        gid = next(k for k, v in m.groupdict().items() if v is not None and k != "sep")
        return self.groups[self._names[gid]]

    def _marker(self, m: regex.Match[str], start: int) -> MarkerMatch:
        g = self._group(m)
        sep = m.group("sep")
        return MarkerMatch(g.name, g.kind, g.role, start, m.end(), bool(sep.strip()))

    def head(self, ntext: str) -> MarkerMatch | None:
        """A heading or field marker opening ``ntext`` (normalized), or ``None``.

        >>> Lexicon.default().compile().head("كلمات دلاليه: اقتصاد").kind.value
        'tags'
        """
        at = _lead_end(ntext)
        firsts = self._head_firsts.get(ntext[at : at + 2])
        if firsts is None or not ntext.startswith(firsts, at):
            return None
        pattern = self._head.after_lead(ntext, at)
        m = pattern.match(ntext) if pattern is not None else None
        if m is None:
            return None
        return self._marker(m, 0)

    def inline_candidates(self, ntext: str) -> list[int]:
        """Sorted offsets in ``ntext`` where an inline marker could start (a
        first word of one of their phrases); a cheap first pass, done once per page.

        >>> c = Lexicon.default().compile()
        >>> c.inline_candidates("نص. اقرا ايضا: عنوان")
        [4]
        >>> c.inline_candidates("نص. المصدر: وكالات")
        []
        """
        starts: set[int] = set()
        add = starts.add
        backs = self._inline_backs  # where a word sits in longer first words
        for i, w in self._inline_needles.find(ntext):
            add(i)
            for k in backs[w]:
                if 0 < k <= i:
                    add(i - k)
        return sorted(starts)

    def after_break_candidates(self, ntext: str) -> list[int]:
        """Offsets in ``ntext`` where an inline marker of :data:`AFTER_BREAK_KINDS`
        could start: a first word of their phrases right after a sentence end or
        a run of spaces (:data:`_BREAK`; never inside a word). Meant for the
        lines that lost their breaks, one at a time.

        >>> Lexicon.default().compile().after_break_candidates(
        ...     "وقال لوكاله الانباء: نعم. المصدر: وكالات")
        [26]
        """
        found: set[int] = set()
        n = len(ntext)
        for i, w in self._break_needles.find(ntext):
            end = i + len(w)
            if end == n or not _WORD_CHAR.match(ntext, end):
                # the break before it: a sentence end, a colon, a closing
                # quote or bracket (then any spaces), or two spaces or more
                j = i
                while j > 0 and ntext[j - 1] in " \t":
                    j -= 1
                if i - j >= 2 or (j > 0 and ntext[j - 1] in _BREAK_CHARS):
                    found.add(i)
        return sorted(found)

    def head_at(self, ntext: str, pos: int) -> MarkerMatch | None:
        """:meth:`head` of ``ntext`` from ``pos``: a marker that starts there,
        with offsets from ``pos``. Cheap where no phrase can start.

        >>> Lexicon.default().compile().head_at("نص. كلمات دلاليه: اقتصاد", 4).kind.value
        'tags'
        """
        firsts = self._head_firsts.get(ntext[pos : pos + 2])
        if firsts is None and (
            ntext[pos : pos + 1] in _PLAIN_START or _WORD_CHAR.match(ntext, pos)
        ):
            return None  # a letter no phrase starts with (punctuation may lead one)
        return self.head(ntext[pos : pos + MAX_HEAD_CHARS])

    def inline(
        self, ntext: str, pos: int = 0, candidates: Iterable[int] | None = None
    ) -> Iterator[MarkerMatch]:
        """Inline heading markers anywhere in ``ntext`` (for lines that lost their breaks).

        ``candidates`` (offsets from :meth:`inline_candidates`) skips the first pass.

        >>> [m.group for m in Lexicon.default().compile().inline("نص. اقرا ايضا: عنوان")]
        ['read_also']
        """
        done = pos
        for i in self.inline_candidates(ntext) if candidates is None else candidates:
            if i < done:
                continue
            words = self._inline.at(ntext, i)
            m = self._inline.only(words).match(ntext, i) if words else None
            if m is not None:
                yield self._marker(m, i)
                done = m.end()

    def line(self, ntext: str) -> Group | None:
        """The group whose phrase is the whole of ``ntext``, or ``None``.

        >>> Lexicon.default().compile().line("• تصفح المزيد").name
        'related_more'
        """
        pattern = self._line.after_lead(ntext, _lead_end(ntext))
        m = pattern.match(ntext) if pattern is not None else None
        return self._group(m) if m else None

    def contains(self, ntext: str) -> Group | None:
        """The first 'contains' group found in ``ntext``, or ``None``.

        >>> Lexicon.default().compile().contains("جميع الحقوق محفوظه 2024").name
        'copyright'
        """
        return next((g for g, _ in self.contains_matches(ntext)), None)

    def contains_matches(self, ntext: str) -> Iterator[tuple[Group, regex.Match[str]]]:
        """Every 'contains' phrase found in ``ntext``, with its group, in order.

        >>> [m.group() for _, m in Lexicon.default().compile().contains_matches(
        ...     "تابعونا على تويتر جميع الحقوق محفوظه")]
        ['تابعونا', 'جميع الحقوق محفوظه']
        """
        if self._contains_firsts.isdisjoint(split_words(ntext)):
            return
        words = frozenset(w for w in self._contains.firsts if w in ntext)
        if not words:
            return
        for m in self._contains.only(words).finditer(ntext):
            yield self._group(m), m

    def pattern(self, ntext: str, kinds: Iterable[Kind] | None = None) -> Group | None:
        """The first 'pattern' group with a match in ``ntext``, or ``None``.

        >>> Lexicon.default().compile().pattern("-----------").kind.value
        'boilerplate'
        """
        found = self.pattern_match(ntext, kinds)
        return found[0] if found else None

    def pattern_match(
        self, ntext: str, kinds: Iterable[Kind] | None = None
    ) -> tuple[Group, regex.Match[str]] | None:
        """Like :meth:`pattern`, with the match; a pattern's named group ``value``
        marks the value of the line (``نقلا عن X`` → ``X``).

        >>> g, m = Lexicon.default().compile().pattern_match("نقلا عن صحيفه الايام")
        >>> g.kind.value, m.group("value")
        ('source', 'صحيفه الايام')
        """
        wanted = set(kinds) if kinds is not None else None
        for g, p, vetted, needs in self._patterns:
            if wanted is not None and g.kind not in wanted:
                continue
            # a literal the pattern needs: most texts have none (not the lowered
            # ones: lowering a short line costs as much as a pattern anchored there)
            for lit in needs.any_of:
                if lit in ntext:
                    break
            else:
                if needs.any_of:
                    continue
            if vetted:
                m = p.search(ntext)
                if m:
                    return g, m
                continue
            try:  # the budget grows with the line: only a backtracking pattern runs out
                m = p.search(ntext, timeout=1.0 + len(ntext) / 1e6)
            except TimeoutError:
                raise LexiconError(
                    f"pattern {p.pattern!r} of group {g.name!r} ran out of time on a line of "
                    f"{len(ntext)} characters: it backtracks catastrophically; rewrite it "
                    "without nested or adjacent repeats that can match the same text "
                    "(see docs/robustness.md)"
                ) from None
            if m:
                return g, m
        return None
