"""Arabic words live in the lexicon, not in the engine's code.

A cue word written into a stage (``"و"``, ``"حقوق"``, ``"منذ|قبل"``) cannot be
changed by a user and would not carry over to a lexicon for another language
written in the same script (Persian, Urdu). So no string in the engine's
modules, docstrings aside, holds an Arabic letter; Arabic punctuation (``،``,
``؟``, ``؛``) is part of the script's shape and may appear. The normalizers'
letter tables (``normalize/arabic.py``) are the script itself, and the example page
is data: both are left out, as are the users' tools around the engine (the
command line, batch, the integrations, the decoder that tells scripts apart by
their letter ranges, the scorer that folds words as the shared corpus's scorer
does, the visual report).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newsseg"
# What the engine is: the stages, the pipeline, the lexicon's matcher, shapes, HTML rules.
ENGINE = sorted(
    p
    for p in PACKAGE.rglob("*.py")
    if p.relative_to(PACKAGE).as_posix() not in {"normalize/arabic.py", "_example.py"}
    and not {"batch", "integrations"} & set(p.relative_to(PACKAGE).parts)
    and p.name not in {"cli.py", "__main__.py", "evaluate.py", "report.py", "decode.py"}
)
# Arabic letters (hamza to yeh, the extended letters); not punctuation or digits.
LETTERS = {chr(c) for c in range(0x0621, 0x064B)} | {chr(c) for c in range(0x0671, 0x06D4)}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            found.add(id(node.value))  # module, class, function and attribute docstrings
    return found


def _arabic_strings(path: Path) -> list[str]:
    """``file:line: string`` for each string of ``path``, docstrings aside,
    that holds an Arabic letter."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [
        f"{path.name}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docs and LETTERS & set(node.value)
    ]


def test_the_scan_finds_an_arabic_word(tmp_path: Path) -> None:
    sample = tmp_path / "stage.py"
    sample.write_text('"""Doc: و."""\nX = "منذ"\nY = "[،,]"\n', encoding="utf-8")
    assert [s.split(": ", 1)[1] for s in _arabic_strings(sample)] == ["'منذ'"]


@pytest.mark.parametrize("path", ENGINE, ids=[str(p.relative_to(PACKAGE)) for p in ENGINE])
def test_engine_code_has_no_arabic_words(path: Path) -> None:
    found = _arabic_strings(path)
    assert not found, "Arabic words in engine code; move them to a lexicon group:\n" + "\n".join(
        found
    )
