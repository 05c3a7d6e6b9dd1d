"""Every regular expression of newsseg runs in time linear in its input.

The patterns are found by introspection (``benchmarks/bench_patterns.py``:
module-level patterns of every ``newsseg`` module, literal patterns passed to
``regex.search(...)``-style calls inside functions, and the compiled default
lexicon), so a pattern added anywhere is tested without touching this file.

Each pattern meets a few hundred kinds of hostile input (long runs of every
character it mentions, alternating pairs, its own words repeated, near-misses
of every lexicon marker repeated thousands of times, all ending where nothing
can match). The test compares costs, never against a wall-clock threshold: for
10x the input a linear pattern costs about 10x, one that backtracks over its
input about 100x; a pattern is failed when the cost grows more than
:data:`FACTOR` times from 10n to 100n characters, or when one run passes the
``regex`` module's ``timeout`` (the hard guard that keeps a runaway pattern
from hanging the suite). The curve itself is ``benchmarks/bench_patterns.py``.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
import regex

import newsseg
import newsseg.rules.text.blocks
from newsseg.lexicon import Group, Lexicon
from tests.support import load_file

REPO = Path(__file__).resolve().parents[1]

#: Growth of the cost for 10x the input above which a pattern fails (linear ~10, quadratic ~100).
FACTOR = 25
#: Base length of the hostile inputs (the screen runs n and 10n, the curve up to 100n or more).
N = 2000
#: Seconds one run may take before it counts as a hang.
TIMEOUT = 1.0


bench = load_file(REPO / "benchmarks" / "bench_patterns.py", "_newsseg_bench_patterns")
# in a fixed order: the discovery walks sets, whose order changes from one
# process to the next, and pytest-xdist's workers must all collect the same list
PATTERNS = sorted(bench.collect_patterns(), key=lambda f: (f.where, f.pattern.pattern))


@pytest.mark.slow
@pytest.mark.parametrize("found", PATTERNS, ids=[f.where for f in PATTERNS])
def test_pattern_cost_is_linear_on_hostile_input(found: bench.Found) -> None:
    bad = list(itertools.islice(bench.screen(found, N, factor=FACTOR, timeout=TIMEOUT), 3))
    assert not bad, f"{found.where} = {found.pattern.pattern!r} is not linear on (first 3):\n" + "\n".join(
        f"  {family}: {why}" for family, why in bad
    )


def test_discovery_covers_the_lexicon_and_every_module() -> None:
    where = {f.where for f in PATTERNS}
    # the big alternations, whole (their sub-alternations are found too, once compiled)
    assert {"lexicon.head.whole", "lexicon.inline.whole", "lexicon.line.whole",
            "lexicon.contains.whole"} <= where
    rules = [p for g in Lexicon.default().groups if g.role == "pattern" for p in g.patterns]
    assert sum(w.startswith("lexicon.pattern.") for w in where) == len(rules)
    # an independent, plainer walk: every module-level pattern object is in the list
    sources = {(f.pattern.pattern, f.pattern.flags) for f in PATTERNS}
    for name, module in list(sys.modules.items()):
        if not name.startswith("newsseg") or module is None:
            continue
        for attr, value in vars(module).items():
            if isinstance(value, regex.Pattern):
                assert (value.pattern, value.flags) in sources, f"{name}.{attr} was not found"
    # the normalizers' own matchers and in-function literal patterns are found too
    assert any(".changing" in w for w in where)
    assert any(w.startswith("newsseg.") and ":" in w for w in where)  # module:line


def test_a_new_pattern_is_covered_without_editing_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        newsseg.rules.text.blocks, "_A_NEW_RULE", regex.compile(r"(?:ab)+c"), raising=False
    )
    lex = Lexicon.default().with_group(
        Group("mine", "meta", "pattern", patterns=[r"^\W*موعد\s+\S+$"])
    )
    assert any(f.where == "newsseg.rules.text.blocks._A_NEW_RULE" for f in bench.collect_patterns())
    assert lex.compile() is not None  # a user's lexicon compiles; its patterns are searched
    # with a timeout that grows with the line (see test_hostile.py)


@pytest.mark.parametrize(
    "source",
    [
        r"\s+x$",  # quadratic: every start in a run of spaces scans the run
        r"^(\w+\s?)*$",  # exponential: nested repeats
        r"[.!?]+\s*$",  # quadratic on a run of dots, the bug once in _shape's sentence end
    ],
)
def test_the_screen_catches_backtracking_patterns(source: str) -> None:
    found = bench.Found("bad", regex.compile(source))
    first = next(iter(bench.screen(found, N, factor=FACTOR, timeout=0.5)), None)
    assert first is not None, f"{source!r} should have been caught"


def test_hostile_inputs_have_the_asked_length() -> None:
    found = PATTERNS[0]
    inputs = bench.hostile_inputs(found.pattern, 500)
    assert len(inputs) > 200
    assert all(500 <= len(s) <= 500 + 1 + len(bench.STOP) for s in inputs.values())
    assert all(s.endswith(bench.STOP) for s in inputs.values())
    assert newsseg.segment(next(iter(inputs.values()))).text  # usable as pages too
