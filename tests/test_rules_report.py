"""Rules and phrases that fit one site only (``benchmarks/rules.py``).

No rule name and no lexicon phrase may fire on the pages of one site of the
shared corpus only, unless ``benchmarks/general.json`` says why it is general
vocabulary. The reasons file must name only groups and phrases the default
lexicon has, so that it cannot go stale silently.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

import newsseg
from tests.support import load_file

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def rules() -> ModuleType:
    sys.path.insert(0, str(BENCH))  # rules.py imports its neighbour evaluate.py
    try:
        return load_file(BENCH / "rules.py", "_newsseg_bench_rules")
    finally:
        sys.path.remove(str(BENCH))


def test_general_names_what_the_lexicon_has() -> None:
    general = json.loads((BENCH / "general.json").read_text(encoding="utf-8"))
    lex = newsseg.Lexicon.default()
    unknown_groups = [g for g in general["groups"] if g not in lex.names]
    assert not unknown_groups, unknown_groups
    stale = []
    for key in general["phrases"]:
        group, _, phrase = key.partition(": ")
        if group not in lex.names or phrase not in (*lex[group].phrases, *lex[group].patterns):
            stale.append(key)
    assert not stale, f"general.json names phrases the lexicon no longer has: {stale}"
    assert all(reason.strip() for part in ("groups", "phrases", "rules")
               for reason in general[part].values())


def test_no_rule_or_phrase_fits_one_site_only(rules: ModuleType, shared_corpus: Path) -> None:
    rows = rules.report(shared_corpus)
    assert rows, "the report found no rule at all"
    one_site = [f"{r['what']} {r['name']} ({r['site_list'][0]})" for r in rows if r["one_site"]]
    assert not one_site, (
        "these fire on one corpus site only; generalize them, move them to a site "
        "lexicon, or say in benchmarks/general.json why they are general:\n"
        + "\n".join(one_site)
    )
