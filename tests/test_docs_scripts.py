"""The docs' snippets that start worker processes, run the way a user runs them:
pasted into a file and started with ``python FILE.py`` in a fresh process.

(Run with ``exec()`` inside pytest, a snippet without an
``if __name__ == "__main__":`` guard passes, and fails as a script:
Dask's process pool breaks, datatrove's hangs.)
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pages import BOOKS, FOOTBALL, MARKET, RAIN, html_page

ROOT = Path(__file__).resolve().parents[1]


def doc_block(name: str, doc: str = "crawl.md") -> str:
    """The ```python block marked ``<!-- tested: NAME -->`` in ``docs/DOC``."""
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    m = re.search(rf"<!-- tested: {name} -->\s*```python\n(.*?)```", text, re.S)
    assert m, f"no block marked 'tested: {name}' in docs/{doc}"
    return m.group(1)


def run_script(code: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    script = cwd / "snippet.py"
    script.write_text(code, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, script.name], cwd=cwd, env=env, capture_output=True, text=True,
        encoding="utf-8", timeout=timeout, check=False,
    )


def test_every_snippet_that_starts_processes_is_guarded() -> None:
    text = (ROOT / "docs" / "crawl.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    starts = [b for b in blocks if re.search(r"\.run\(\)|scheduler=\"processes\"", b)]
    assert len(starts) >= 4  # datatrove local, Slurm, Ray; Dask
    for block in starts:
        assert 'if __name__ == "__main__":' in block, block


def test_dask_snippet_as_a_script(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    r = run_script(doc_block("dask"), tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "a عنوان الخبر",
        "b افتتاح المعرض الدولي للكتاب",
        "c missing_field",
    ]


def test_datatrove_snippet_as_a_script(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    from tests.pages import warc_record

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    pages = {"a": (BOOKS, MARKET), "b": (FOOTBALL, RAIN)}
    for name, blocks in pages.items():
        (crawl / f"{name}.warc.gz").write_bytes(b"".join(
            warc_record(f"https://x.example/{name}{i}", html_page(b).encode(), "text/html")
            for i, b in enumerate(blocks)))  # fmt: skip
    r = run_script(doc_block("datatrove"), tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    docs = []
    for path in sorted((tmp_path / "clean").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            docs += [json.loads(line) for line in f]
    titles = sorted(d["metadata"]["newsseg"]["title"] for d in docs)
    assert titles == sorted(b[0] for blocks in pages.values() for b in blocks)
    assert len(list((tmp_path / "clean" / "logs" / "completions").iterdir())) == 16
