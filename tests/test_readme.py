"""The README, as a new user reads it: its examples run, its links work on the
package page, its set-up commands are the ones CI runs.

The quick tour runs on a page written here (``page.txt``, in windows-1256 to
show that bytes in any encoding are read) and a site lexicon
(``site-lexicon.json``), once as a script in a fresh process, once in this
process to look at what it built.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsseg
from newsseg import Kind

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

PAGE = "\n".join([
    "محليات",
    "افتتاح جسر جديد يربط ضفتي النهر في العاصمة",
    "العاصمة - خاص",
    "افتتح رئيس الوزراء صباح اليوم جسراً جديداً يربط ضفتي النهر في العاصمة، بعد "
    "ثلاث سنوات من العمل، ويتوقع أن يخفف الازدحام عن الجسور القديمة بنحو الثلث.",
    "لا تفوّت: مواعيد إغلاق الطرق المؤدية إلى الجسر خلال عطلة نهاية الأسبوع",
    "وقال وزير النقل إن الجسر صمم ليتحمل حركة عشرات الآلاف من السيارات يومياً، "
    "وإن مساراً خاصاً خصص للحافلات العامة والدراجات الهوائية.",
    "https://news.example/bridge-opening",
    "المصدر: وكالة الأنباء",
    "كلمات دلالية: الجسور، النقل، العاصمة",
]) + "\n"  # fmt: skip
SITE_LEXICON = {"format": 1, "groups": {
    "site_sections": {"kind": "boilerplate", "role": "line", "phrases": ["محليات"]},
}}  # fmt: skip


def tour() -> str:
    m = re.search(r"## A quick tour\n.*?```python\n(.*?)```", README, re.S)
    assert m, "no python block under '## A quick tour'"
    return m.group(1)


def write_inputs(folder: Path) -> None:
    (folder / "page.txt").write_bytes(PAGE.encode("cp1256"))
    (folder / "site-lexicon.json").write_text(
        json.dumps(SITE_LEXICON, ensure_ascii=False), encoding="utf-8"
    )


def test_quick_tour_as_a_script(tmp_path: Path) -> None:
    write_inputs(tmp_path)
    (tmp_path / "tour.py").write_text(tour(), encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    r = subprocess.run(
        [sys.executable, "tour.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
        encoding="utf-8", timeout=120, check=False,
    )
    assert r.returncode == 0, r.stderr
    doc = newsseg.segment(PAGE)
    assert r.stdout.splitlines() == [
        f"{s.kind.value} {s.rule} {s.text}" for s in doc.segments
    ]


def test_quick_tour_builds_what_it_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    ns: dict[str, Any] = {}
    exec(compile(tour(), "README.md", "exec"), ns)
    assert ns["text"] == PAGE  # windows-1256 bytes, read right
    assert ns["article"] == newsseg.clean(PAGE)
    assert ns["article"].startswith("افتتاح جسر جديد")
    # the merged file lexicon has the site's group after the default ones
    assert ns["lexicon"].names[-1] == "site_sections"
    # the last document comes from the pipeline with the url_lines stage
    url = next(s for s in ns["doc"].segments if s.text.startswith("https://"))
    assert (url.kind, url.rule) == (Kind.BOILERPLATE, "url_lines")
    # the lexicon step: the new read-also phrase and the site-section line
    first = newsseg.segment(PAGE, lexicon=newsseg.Lexicon.default()
                            .add("read_also", ["لا تفوّت"])
                            .with_group(newsseg.Group("site_sections", Kind.BOILERPLATE, "line",
                                                      phrases=["محليات", "اقتصاد"])))
    assert first.read_also == ("مواعيد إغلاق الطرق المؤدية إلى الجسر خلال عطلة نهاية الأسبوع",)
    assert newsseg.segment(PAGE).read_also == ()


def test_readme_doctests() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(README, {}, "README.md", str(ROOT / "README.md"), 0)
    assert test.examples
    runner = doctest.DocTestRunner(
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    )
    result = runner.run(test)
    assert result.failed == 0


def test_links_are_absolute() -> None:
    """Relative links break on the package page, which shows the README alone."""
    links = re.findall(r"\]\(([^)]+)\)", README)
    assert links
    for link in links:
        assert link.startswith("https://"), link


def test_setup_commands() -> None:
    """The first line installs from a checkout (newsseg is not on PyPI yet) and
    runs the example; the second runs the tests. .ci/run runs both."""
    block = re.search(r"^# newsseg\n\n```sh\n(.*?)```", README, re.S)
    assert block
    first, second = block.group(1).splitlines()
    assert first == "pip install . && newsseg --example"
    assert second == "pip install -e '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README_FIRST" in ci
    assert "python -m pytest" in ci
