"""Required literals: the strings one of which every match of a pattern holds,
read off the pattern itself.

A pattern is tried on many short texts; a literal that every match holds,
looked for with ``in`` first, rules most of them out at a fraction of the
cost of a regex call.

>>> import regex
>>> lits = required_literals(regex.compile(r"pic\\.twitter\\.com/\\w+"))
>>> lits.any_of
('pic.twitter.com/',)
"""

from __future__ import annotations

import attrs
import regex

__all__ = ["Literals", "required_literals"]

# A literal this short is common in any text: a longer one, looked for in the
# lowered text (an IGNORECASE pattern's letters), gates better.
MIN_PLAIN_LITERAL = 3

_QUANT = regex.compile(r"[?*+]|\{(\d*)(?:(,)(\d*))?\}")
# Escapes of one character that stand for it: "\." is a dot (a letter or digit
# after a backslash is a class, an anchor, a reference or a code: opaque).
_OPAQUE = object()


# ASCII letters that IGNORECASE also matches with a letter outside ASCII (i and
# İ, k and the Kelvin sign, s and ſ; tests/test_lexicon_gates.py checks the list).
_WIDE_CASES = "iks"


def _caseless(c: str) -> bool:
    """A character ``regex.IGNORECASE`` matches only as itself (Arabic letters,
    digits, punctuation)."""
    return c.lower() == c == c.upper()


def _best(reqs: list[frozenset[str]]) -> frozenset[str] | None:
    """Of the requirements of a sequence (each: one of these literals), the one
    whose shortest literal is longest (then the one with fewest literals)."""
    if not reqs:
        return None
    return max(reqs, key=lambda r: (min(map(len, r)), -len(r), sorted(r)))


def _reduce(lits: frozenset[str]) -> frozenset[str]:
    """Drop the literals that hold a shorter one of the set (it is found anyway)."""
    return frozenset(a for a in lits if not any(b != a and b in a for b in lits))


class _LiteralParser:
    """Reads a pattern (the `regex` syntax the package writes) far enough to
    know the literals its matches hold; anything it does not know (inline
    flags, conditionals, nested sets, VERBOSE) gives up: no gate."""

    def __init__(self, pattern: str, ignorecase: bool, lower: bool) -> None:
        self.p = pattern
        self.i = 0
        self.ignorecase = ignorecase
        self.lower = lower  # IGNORECASE letters as lower case (for a lowered text)

    def fail(self) -> None:
        raise ValueError(self.p)

    def alternation(self) -> frozenset[str] | None:
        """Requirement of ``branch|branch|…`` up to a ``)`` or the end."""
        branches = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        if any(b is None for b in branches):
            return None
        return _reduce(frozenset().union(*branches))  # type: ignore[arg-type]

    def sequence(self) -> frozenset[str] | None:
        reqs: list[frozenset[str]] = []
        run: list[str] = []

        def close() -> None:
            if run:
                reqs.append(frozenset(["".join(run)]))
                run.clear()

        p = self.p
        while self.i < len(p) and p[self.i] not in "|)":
            atom = self.atom()
            q = _QUANT.match(p, self.i)
            if q is not None:
                self.i = q.end()
                if self.i < len(p) and p[self.i] in "?+":
                    self.i += 1  # lazy or possessive
                low = q.group(1) if q.group(0).startswith("{") else None
                least = (1 if q.group(0) == "+" else 0) if low is None else int(low or 0)
                close()
                if least >= 1 and isinstance(atom, frozenset):
                    reqs.append(atom)
                elif least >= 1 and isinstance(atom, str):
                    reqs.append(frozenset([atom]))
                continue
            if p.startswith("{", self.i):
                self.fail()  # a brace that is no quantifier: not read here
            if isinstance(atom, str):
                run.append(atom)
                continue
            close()
            if isinstance(atom, frozenset):
                reqs.append(atom)
        close()
        return _best(reqs)

    def atom(self) -> str | frozenset[str] | object:
        """One atom: a literal character (str), a group's requirement
        (frozenset), or something else (_OPAQUE)."""
        p = self.p
        c = p[self.i]
        self.i += 1
        if c == "\\":
            if self.i >= len(p):
                self.fail()
            e = p[self.i]
            self.i += 1
            if e.isalnum():
                if e in "pPN" and p.startswith("{", self.i):
                    self.i = p.index("}", self.i) + 1
                elif e in "pP":
                    self.i += 1  # a one-letter property: \pL
                elif e in "xuUgL" or e.isdigit():
                    self.fail()  # codes, references, named lists: not read here
                return _OPAQUE
            return self.literal(e)
        if c == "[":
            if p.startswith("^", self.i):
                self.i += 1
            if p.startswith("]", self.i):
                self.i += 1
            while self.i < len(p) and p[self.i] != "]":
                if p[self.i] == "[":
                    self.fail()  # a nested set or a POSIX class
                self.i += 2 if p[self.i] == "\\" else 1
            if self.i >= len(p):
                self.fail()
            self.i += 1
            return _OPAQUE
        if c == "(":
            look = False
            if p.startswith("?", self.i):
                for opener, around in (("?:", False), ("?>", False), ("?=", True), ("?!", True),
                                       ("?<=", True), ("?<!", True), ("?P<", False),
                                       ("?<", False)):
                    if p.startswith(opener, self.i):
                        self.i += len(opener)
                        look = around
                        if opener in ("?P<", "?<"):
                            self.i = p.index(">", self.i) + 1
                        break
                else:
                    self.fail()  # inline flags, comments, conditionals, branch resets
            inner = self.alternation()
            if not p.startswith(")", self.i):
                self.fail()
            self.i += 1
            return _OPAQUE if look or inner is None else inner
        if c in ".^$":
            return _OPAQUE
        if c in "?*+{)|":
            self.fail()
        return self.literal(c)

    def literal(self, c: str) -> str | frozenset[str] | object:
        if not self.ignorecase or _caseless(c):
            return c
        if c.isascii() and c.isalpha() and c.lower() not in _WIDE_CASES:
            # its two cases are all IGNORECASE takes for it: in a lowered
            # text, the lower one; else one of the two
            return c.lower() if self.lower else frozenset((c.lower(), c.upper()))
        return _OPAQUE


@attrs.frozen(slots=True)
class Literals:
    """Literals one of which every match of a pattern holds (see
    :func:`required_literals`): a text with none of them is not searched.

    >>> Literals(("x", "b")).found_in("abc"), Literals(("x",)).found_in("abc")
    (True, False)
    >>> Literals(("T", "t"), lowered=("gmt",)).found_in("12:00 GMT"), Literals().found_in("a")
    (True, True)
    """

    any_of: tuple[str, ...] = ()
    """The literals (none: the pattern may match anything)."""
    lowered: tuple[str, ...] = ()
    """Literals in lower case, one of which the lowered text holds too: looked
    for (lowering the text) only when the text holds one of :attr:`any_of`."""

    def found_in(self, text: str) -> bool:
        """Whether ``text`` (or any part of it) may hold a match."""
        if self.any_of and not _holds_one(text, self.any_of):
            return False
        return not self.lowered or _holds_one(text.lower(), self.lowered)


def _holds_one(text: str, literals: tuple[str, ...]) -> bool:
    for lit in literals:  # noqa: SIM110 - a loop: any() and its generator cost more
        if lit in text:
            return True
    return False


def _read_literals(pattern: str, ignorecase: bool, lower: bool) -> tuple[str, ...]:
    parser = _LiteralParser(pattern, ignorecase, lower)
    try:
        found = parser.alternation()
        if parser.i != len(pattern):
            return ()  # an unbalanced ")"
    except ValueError:
        return ()
    return tuple(sorted(found, key=lambda s: (-len(s), s))) if found else ()


def required_literals(pattern: regex.Pattern[str]) -> Literals:
    r"""Literals one of which every match of ``pattern`` holds, read off its
    source (none when the syntax is beyond this reader). With ``IGNORECASE``,
    a letter counts in its two cases (not i, k, s: they have more); when that
    gives only literals shorter than :data:`MIN_PLAIN_LITERAL`, longer ones in
    lower case are looked for in the lowered text too.

    >>> required_literals(regex.compile(r"(اخر|آخر)\s+تحديث")).any_of
    ('تحديث',)
    >>> sorted(required_literals(regex.compile(r"^\W*(?:نشر|نشرت|منشور)\s+\d")).any_of)
    ['منشور', 'نشر']
    >>> required_literals(regex.compile(r"pic\.twitter\.com/\w+", regex.IGNORECASE))
    Literals(any_of=('/',), lowered=('tter.com/',))
    """
    if pattern.flags & (regex.VERBOSE | regex.FULLCASE) or not isinstance(pattern.pattern, str):
        return Literals()
    ignorecase = bool(pattern.flags & regex.IGNORECASE)
    plain = _read_literals(pattern.pattern, ignorecase, lower=False)
    if ignorecase and min(map(len, plain), default=0) < MIN_PLAIN_LITERAL:
        lowered = _read_literals(pattern.pattern, ignorecase, lower=True)
        if min(map(len, lowered), default=0) > min(map(len, plain), default=0):
            return Literals(plain, lowered)
    return Literals(plain)
