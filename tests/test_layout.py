"""The package's layers (docs/layout.md): imports run one way, and no two
modules import each other, directly or round a longer loop."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newsseg"

# From the top down (docs/layout.md); a module may import any layer below its own.
LAYERS = ["__main__", "io", "__init__", "api", "presets", "rules", "formats", "engine",
          "lexicon", "model", "views", "limits", "normalize", "errors", "_example", "_version"]


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def _imports() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    out: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            found |= {t for t in targets if t in modules and t != name}
        out[name] = found
    return out


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_the_scan_sees_the_imports() -> None:
    graph = _imports()
    assert "newsseg.engine.draft" in graph["newsseg.engine.pipeline"]
    assert "newsseg.views" in graph["newsseg.model"]


@pytest.mark.parametrize("module", sorted(_imports()))
def test_imports_run_down_the_layers(module: str) -> None:
    mine = LAYERS.index(_layer(module))
    for target in sorted(_imports()[module]):
        theirs = LAYERS.index(_layer(target))
        assert theirs >= mine, f"{module} imports {target}, a layer above it"


def test_no_import_cycles() -> None:
    graph = _imports()
    done: set[str] = set()
    path: list[str] = []

    def visit(m: str) -> None:
        if m in path:
            loop = [*path[path.index(m):], m]
            raise AssertionError("import cycle: " + " -> ".join(loop))
        if m in done:
            return
        path.append(m)
        for t in sorted(graph[m]):
            visit(t)
        path.pop()
        done.add(m)

    for m in sorted(graph):
        visit(m)
