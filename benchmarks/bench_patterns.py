#!/usr/bin/env python3
"""Every regular expression of newsseg against inputs built to make it backtrack.

    python benchmarks/bench_patterns.py              # the curve: n, 10n, 100n for each pattern
    python benchmarks/bench_patterns.py --list       # the patterns found, with where they live
    python benchmarks/bench_patterns.py --n 20000 --only blocks --json

The patterns are found by introspection, so a pattern added anywhere in
``newsseg/`` is covered without touching this file:

* every module-level ``regex``/``re`` pattern of every ``newsseg`` module (also
  inside module-level tuples, lists, dicts and newsseg objects such as the
  normalizer steps);
* every pattern spelled as a literal in a call such as ``regex.search(r"…", s)``
  inside a function (found in the modules' source with ``ast``);
* the compiled default lexicon: its heading, inline, line and contains
  matchers and each of its ``pattern`` rules.

For each pattern, :func:`hostile_inputs` builds strings of a given length that
are hard for a backtracking engine: long runs of every character the pattern
mentions (and of spaces, punctuation, letters, digits and controls), runs of
alternating pairs, the words spelled in the pattern repeated, and near-misses
of every lexicon marker (cut short, glued, doubled, in quotes, without their
value) repeated thousands of times; each ends with :data:`STOP` (a control
character, then a letter), which no pattern expects there, to force the engine
to give up and backtrack. :func:`cost` runs
``finditer`` to the end plus a ``match`` at the start (what the stages do:
search, match, sub, split and findall all reduce to those; a pattern anchored
with ``^`` only needs the match), with the ``regex``
module's ``timeout`` as a hard guard, and the curve is the cost at ``n``,
``10n`` and ``100n`` characters. A linear pattern costs about 10x per step; a
pattern that backtracks over its input costs 100x (quadratic) or times out.

``tests/test_patterns.py`` uses the same functions with a generous factor.
"""

from __future__ import annotations

import argparse
import ast
import functools
import importlib
import inspect
import itertools
import json
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import newsseg
from newsseg.lexicon import Lexicon, WordsPattern
from newsseg.normalize import normalize

AnyPattern = regex.Pattern[str] | re.Pattern[str]

#: Modules never imported here (they run something on import).
SKIP_MODULES = ("newsseg.__main__",)

#: The calls whose first argument is a pattern, for the source scan.
PATTERN_FUNCS = frozenset(
    {"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}
)

#: Characters every pattern is tried with, besides those it spells out.
BASE_CHARS = (
    " \t\n\r\x0b\x0c\x00\x01\x1f\x7f\x85\xa0\u2028\u200f\u200e\u202b\ufeff\u0640\u064e"
    "aZ_ا\u0647\u0648\u064a0٣.,;:!?-–—|*•·()[]\"'«»@/#…،؟٪&<>=+"
)
#: Words of a pattern tried, at most (a sample is taken from longer lists).
MAX_WORDS = 24

#: Ends every hostile string: a non-word and a word character, so that both a
#: pattern ending in ``\W*$`` and one ending in ``\w+$`` fail and backtrack.
STOP = "\x02x"


class Found(NamedTuple):
    """A pattern and where it was found (``module.NAME``, ``module:LINE`` or ``lexicon.…``)."""

    where: str
    pattern: AnyPattern


def _is_pattern(obj: object) -> bool:
    return isinstance(obj, (regex.Pattern, re.Pattern)) and isinstance(obj.pattern, str)


def _walk(obj: object, where: str, seen: set[int], depth: int) -> Iterator[Found]:
    """Patterns in ``obj``: itself, its items, and the attributes of newsseg objects."""
    if id(obj) in seen or depth > 6:
        return
    seen.add(id(obj))
    if _is_pattern(obj):
        yield Found(where, obj)  # type: ignore[arg-type]
        return
    if isinstance(obj, WordsPattern):  # a stage's pattern around a lexicon word list
        yield Found(where, obj(Lexicon.default().compile()))
        return
    if (
        isinstance(obj, (str, bytes, int, float, type))
        or inspect.ismodule(obj)
        or (callable(obj) and not type(obj).__module__.startswith("newsseg"))
    ):
        return
    if isinstance(obj, dict):
        for k, v in obj.items():
            # a set's repr follows the string hash, which differs between
            # processes: sorted, the name is the same in every test worker
            key = repr(sorted(k)) if isinstance(k, (set, frozenset)) else repr(k)
            yield from _walk(v, f"{where}[{key}]", seen, depth + 1)
        return
    if isinstance(obj, (list, tuple, set, frozenset)):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{where}[{i}]", seen, depth + 1)
        return
    if type(obj).__module__.startswith("newsseg"):
        if hasattr(obj, "_compiled"):  # a normalizer table step: build its matcher
            obj._compiled()
        names = list(getattr(obj, "__dict__", {}))
        for cls in type(obj).__mro__:
            names += [s for s in getattr(cls, "__slots__", ()) if isinstance(s, str)]
        for name in dict.fromkeys(names):
            try:
                value = getattr(obj, name)
            except AttributeError:
                continue
            yield from _walk(value, f"{where}.{name}", seen, depth + 1)


def _source_patterns(module: Any) -> Iterator[Found]:
    """Patterns written as literals in ``regex.X("…")`` / ``re.X("…")`` calls."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        base = node.func.value
        if not (isinstance(base, ast.Name) and base.id in ("regex", "re")):
            continue
        # compile() at module level is found by introspection; calls inside
        # functions that pass a literal pattern are what this scan is for
        if node.func.attr not in PATTERN_FUNCS or not node.args:
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            engine: Any = regex if base.id == "regex" else re
            yield Found(f"{module.__name__}:{node.lineno}", engine.compile(arg.value))


def collect_patterns() -> list[Found]:
    """Every pattern of newsseg, each once (the first place it was found names it)."""
    newsseg.segment(newsseg.EXAMPLE_PAGE)  # fill lazy caches (normalizer tables)
    seen: set[int] = set()
    found: list[Found] = []
    compiled = Lexicon.default().compile()
    for attr, value in vars(compiled).items():
        if attr == "_patterns":  # [(group, pattern, vetted, literals), ...]: 'pattern' rules
            for i, (group, p, *_) in enumerate(value):
                found.extend(_walk(p, f"lexicon.pattern.{group.name}[{i}]", seen, 0))
        else:
            found.extend(_walk(value, f"lexicon.{attr.lstrip('_')}", seen, 0))
    names = ["newsseg"] + [m.name for m in pkgutil.walk_packages(newsseg.__path__, "newsseg.")]
    for name in names:
        if name in SKIP_MODULES:
            continue
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("__"):
                continue
            if inspect.ismodule(value) or (
                (isinstance(value, type) or callable(value))
                and not _is_pattern(value)
                and not type(value).__module__.startswith("newsseg")
            ):
                continue
            found.extend(_walk(value, f"{name}.{attr}", seen, 0))
        found.extend(_source_patterns(module))
    unique: dict[tuple[str, int, str], Found] = {}
    for f in found:
        key = (f.pattern.pattern, int(f.pattern.flags), type(f.pattern).__module__)
        unique.setdefault(key, f)
    return list(unique.values())


# ------------------------------------------------------------------ hostile inputs


def _pattern_chars(pattern: AnyPattern) -> str:
    """The characters a pattern spells out (escapes resolved where simple)."""
    src = pattern.pattern
    chars = set(src) - set("\\^$()[]{}?*+|")
    for m in regex.finditer(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})", src):
        chars.add(chr(int(m.group(1) or m.group(2), 16)))
    return "".join(sorted(chars))


def _pattern_words(pattern: AnyPattern) -> list[str]:
    """Runs of two or more letters in the pattern's source (its literal words)."""
    src = regex.sub(r"\\[pPN]\{[^}]*\}|\\[a-zA-Z]", " ", pattern.pattern)
    return sorted(set(regex.findall(r"\p{L}{2,}", src)))


@functools.lru_cache(maxsize=1)
def _marker_variants() -> tuple[str, ...]:
    """Near-misses of every lexicon phrase (normalized as the matchers see them)."""
    out: list[str] = []
    for g in Lexicon.default().groups:
        for p in g.phrases:
            n = normalize(p).strip()
            if not n:
                continue
            words = n.split()
            out += [
                n,
                n[:-1],
                n + "x",
                n.replace(" ", ""),
                n + ":",
                f'"{n}" ',
                f"« {n} »",
                words[0],
                n + " " + n,
                "• " + n + " -",
            ]
    return tuple(out)


def families(pattern: AnyPattern) -> dict[str, tuple[str, str]]:
    """The kinds of hostile input for ``pattern``: name -> (head, unit); the input
    of length n is ``head`` then ``unit`` repeated to n characters, then :data:`STOP`."""
    chars = sorted(set(BASE_CHARS) | set(_pattern_chars(pattern)))
    out: dict[str, tuple[str, str]] = {}
    for c in chars:
        out[f"run {c!r}"] = ("", c)
        out[f"x + run {c!r}"] = ("x", c)
    pairs = ' .ا0-:*\n\t"(!?|،'
    for a, b in itertools.permutations(pairs, 2):
        out[f"alternate {a + b!r}"] = ("", a + b)
    words = _pattern_words(pattern)
    if len(words) > MAX_WORDS:  # a lexicon alternation: its phrases are in the near-misses
        words = words[:: len(words) // MAX_WORDS + 1]
    for w in words:
        for sep in (" ", "", ":", "\n", " 12:30 "):
            out[f"word {w!r} sep {sep!r}"] = ("", w + sep)
    variants = _marker_variants()
    for sep in (" ", "", "\n", ". ", ": ", "  "):
        out[f"near-miss markers sep {sep!r}"] = ("", sep.join(variants) + sep)
    first = sorted({v.split()[0] for v in variants if v.split()})
    out["marker first words"] = ("", " ".join(first) + " ")
    return out


def build(head: str, unit: str, n: int) -> str:
    """``head``, then ``unit`` repeated to ``n`` characters, then :data:`STOP`."""
    return head + (unit * (n // len(unit) + 1))[:n] + STOP


def hostile_inputs(pattern: AnyPattern, n: int) -> dict[str, str]:
    """Named strings of about ``n`` characters, each built to make ``pattern`` backtrack."""
    return {name: build(head, unit, n) for name, (head, unit) in families(pattern).items()}


# ------------------------------------------------------------------ measuring


class PatternTimeoutError(Exception):
    """The hard guard: one pattern run took longer than its timeout."""


def _anchored(pattern: AnyPattern) -> bool:
    """Whether ``pattern`` can only match at the start of the string: ``^`` first
    (not MULTILINE). A search for it fails at every other position in one step,
    so only the match at the start can backtrack."""
    multiline = pattern.flags & (regex.MULTILINE if isinstance(pattern, regex.Pattern)
                                 else re.MULTILINE)
    return pattern.pattern.startswith("^") and not multiline


def _run(pattern: AnyPattern, text: str, timeout: float) -> None:
    if isinstance(pattern, regex.Pattern):
        try:
            if not _anchored(pattern):
                for _ in pattern.finditer(text, timeout=timeout):
                    pass
            pattern.match(text, timeout=timeout)
        except TimeoutError as e:
            raise PatternTimeoutError(str(e)) from None
    else:  # `re` has no timeout: its regex twin is run first by `cost`
        if not _anchored(pattern):
            for _ in pattern.finditer(text):
                pass
        pattern.match(text)


def cost(pattern: AnyPattern, text: str, *, repeat: int = 3, timeout: float = 5.0) -> float:
    """CPU seconds for one run (the least of ``repeat``); raises
    :class:`PatternTimeoutError` when a run passes ``timeout`` (wall-clock) seconds."""
    if isinstance(pattern, re.Pattern):
        try:
            twin = regex.compile(pattern.pattern, pattern.flags & ~re.UNICODE)
        except regex.error:
            twin = None
        if twin is not None:
            _run(twin, text, timeout)  # the guard: a runaway `re` would hang us
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()  # CPU time: other processes on the machine do not count
        _run(pattern, text, timeout)
        best = min(best, time.process_time() - t0)
    return best


class Curve(NamedTuple):
    """The cost of one (pattern, input family) at n, 10n and 100n characters."""

    where: str
    family: str
    n: int
    costs: tuple[float, float, float]

    @property
    def ratios(self) -> tuple[float, float]:
        """Cost at 10n over cost at n, and at 100n over 10n (linear: about 10 and 10)."""
        a, b, c = self.costs
        return b / max(a, 1e-9), c / max(b, 1e-9)

    @property
    def ratio(self) -> float:
        """The growth of the cost for 10x the input, from 10n to 100n: the figure
        that counts (from n to 10n, caches and start-up costs still blur it).
        0.0 when the run at 10n cost under :data:`FLOOR`: a pattern that scans
        over a million characters that fast is linear (a quadratic one would
        take minutes), and its timings are memory-bandwidth noise."""
        return self.ratios[1] if self.costs[1] >= FLOOR else 0.0

    def describe(self) -> str:
        a, b, c = (f"{x * 1e3:.2f}ms" for x in self.costs)
        r1, r2 = self.ratios
        note = "" if self.costs[1] >= FLOOR else " [under 2 ms at 10n: not rated]"
        return f"{self.family}: n={self.n} {a}, 10n {b} (x{r1:.1f}), 100n {c} (x{r2:.1f}){note}"


#: Below this many seconds a timing is noise: the base length grows until the
#: cost at n is at least this much (or n has grown 64x).
FLOOR = 0.002


def curve(
    found: Found,
    family: str,
    make: Callable[[int], str],
    n: int,
    *,
    timeout: float = 5.0,
    repeat: int = 3,
) -> Curve:
    """Costs at ``n``, ``10n`` and ``100n`` characters; ``n`` is first raised until
    the run at ``n`` costs :data:`FLOOR`. Raises :class:`PatternTimeoutError`."""
    small = cost(found.pattern, make(n), repeat=repeat, timeout=timeout)
    grow = 1
    while small < FLOOR and grow < 64:
        grow *= 4 if small < FLOOR / 8 else 2
        small = cost(found.pattern, make(n * grow), repeat=repeat, timeout=timeout)
    n *= grow
    mid = cost(found.pattern, make(10 * n), repeat=repeat, timeout=timeout)
    large = cost(found.pattern, make(100 * n), repeat=max(1, repeat - 1), timeout=timeout)
    return Curve(found.where, family, n, (small, mid, large))


def screen(
    found: Found, n: int, *, factor: float, timeout: float = 5.0
) -> Iterator[tuple[str, str]]:
    """The families of hostile input on which ``found`` is not linear, with why.

    A first pass costs every family once at ``n`` and ``10n`` characters. A
    family whose cost grew more than ``factor`` times (a linear pattern: about
    10; one that backtracks over its input: about 100) and reached
    :data:`FLOOR` is measured again, from ``10n`` to ``100n`` (best of three),
    and reported only if it still grows more than ``factor`` times, or if any
    run passes ``timeout`` seconds.
    """
    for family, (head, unit) in families(found.pattern).items():
        try:
            small = cost(found.pattern, build(head, unit, n), repeat=1, timeout=timeout)
            large = cost(found.pattern, build(head, unit, 10 * n), repeat=1, timeout=timeout)
            if large < FLOOR or large <= factor * small:
                continue
            mid = cost(found.pattern, build(head, unit, 10 * n), repeat=3, timeout=timeout)
            big = cost(found.pattern, build(head, unit, 100 * n), repeat=2, timeout=timeout)
        except PatternTimeoutError:
            yield family, f"a run passed the {timeout}s timeout (at most {100 * n} characters)"
            continue
        if big > factor * mid:
            yield family, (
                f"{n} chars {small * 1e3:.2f}ms, {10 * n} chars {mid * 1e3:.2f}ms, "
                f"{100 * n} chars {big * 1e3:.2f}ms (x{big / max(mid, 1e-9):.0f} for 10x the input)"
            )


def worst_curves(found: Found, n: int, *, top: int = 3, timeout: float = 5.0) -> list[Curve]:
    """For the benchmark: the ``top`` families whose cost grew most from n to 10n,
    measured on the full curve, the worst growth (10n -> 100n) first."""
    first: list[tuple[float, str]] = []
    fams = families(found.pattern)
    for family, (head, unit) in fams.items():
        try:
            small = cost(found.pattern, build(head, unit, n), repeat=1, timeout=timeout)
            large = cost(found.pattern, build(head, unit, 10 * n), repeat=1, timeout=timeout)
        except PatternTimeoutError:
            small, large = 1.0, float("inf")
        first.append((large / max(small, 1e-9) if large >= FLOOR / 4 else 0.0, family))
    curves = []
    for _, family in sorted(first, reverse=True)[:top]:
        head, unit = fams[family]

        def make(k: int, head: str = head, unit: str = unit) -> str:
            return build(head, unit, k)

        try:
            curves.append(curve(found, family, make, n, timeout=timeout))
        except PatternTimeoutError:
            inf = float("inf")
            curves.append(Curve(found.where, family, n, (inf, inf, inf)))
    return sorted(curves, key=lambda c: -c.ratio)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="base length (default 2000)")
    ap.add_argument("--only", help="only patterns whose location contains this")
    ap.add_argument("--list", action="store_true", help="list the patterns and stop")
    ap.add_argument("--top", type=int, default=1, help="worst families shown per pattern")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    patterns = [f for f in collect_patterns() if not args.only or args.only in f.where]
    if args.list:
        for f in patterns:
            print(f"{f.where:50s} {f.pattern.pattern[:100]!r}")
        print(f"{len(patterns)} patterns")
        return 0
    results: list[dict[str, Any]] = []
    worst: Curve | None = None
    started = time.perf_counter()
    for f in patterns:
        curves = worst_curves(f, args.n, top=max(3, args.top))
        if worst is None or curves[0].ratio > worst.ratio:
            worst = curves[0]
        results.append(
            {
                "where": f.where,
                "pattern": f.pattern.pattern,
                "families": len(families(f.pattern)),
                "worst": [
                    {"family": c.family, "n": c.n, "costs_s": c.costs, "ratios": c.ratios}
                    for c in curves[: args.top]
                ],
            }
        )
        if not args.json:
            shown = "; ".join(c.describe() for c in curves[: args.top])
            print(f"{f.where:44s} worst of {len(families(f.pattern))} families: {shown}",
                  flush=True)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    elif worst is not None:
        print(
            f"\n{len(patterns)} patterns, {sum(r['families'] for r in results)} input families, "
            f"{time.perf_counter() - started:.0f}s. Worst growth of the cost for 10x the input "
            f"(10n -> 100n): x{worst.ratio:.1f} ({worst.where}, {worst.describe()}); "
            f"linear is ~10, quadratic ~100."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
