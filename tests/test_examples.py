"""Run every script in ``examples/`` as a user would and check what it prints.

Each script runs in a subprocess, from a temporary working directory, with the
repository (not an installed newsseg) first on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import newsseg

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
PAGES = EXAMPLES / "pages"


def run(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("page", sorted(p.name for p in PAGES.glob("*.txt")))
def test_example_pages_are_utf8_news_pages(page: str) -> None:
    text = (PAGES / page).read_text(encoding="utf-8")
    doc = newsseg.segment(text)
    assert doc.title
    assert len(doc.article) > 300
    assert doc.tags


def test_basic(tmp_path: Path) -> None:
    r = run("basic.py", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "title:     وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا" in out
    assert "source:    وكالة الأنباء الرسمية" in out
    assert "tags:      الزراعة | المياه | الري الحديث" in out
    assert "read also: ارتفاع منسوب النيل يثير مخاوف المزارعين في الصعيد" in out
    article = out.split("article:\n", 1)[1].split("\nsegments:\n", 1)[0]
    assert article.strip() == newsseg.segment(newsseg.EXAMPLE_PAGE).article
    assert "اقرأ أيضاً" not in article
    rows = out.split("\nsegments:\n", 1)[1].splitlines()
    assert len(rows) == len(newsseg.segment(newsseg.EXAMPLE_PAGE).segments)
    assert rows[0].split()[:3] == ["0-55", "title", "article.title"]
    assert rows[-1].split()[1:3] == ["boilerplate", "copyright.contains"]


def test_custom_lexicon(tmp_path: Path) -> None:
    r = run("custom_lexicon.py", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    # the new read-also phrase
    assert (
        "subheading (article.subheading) -> read_also (read_also.inline): "
        "لا تفوّت: دور النشر العربية تطالب بخفض رسوم المشاركة في المعارض"
    ) in out
    assert "read also: [] -> ['دور النشر العربية تطالب بخفض رسوم المشاركة في المعارض']" in out
    # the new group of section names
    assert "boilerplate (boilerplate.section) -> boilerplate (site_sections.line): اقتصاد" in out
    # the lexicon file it writes goes to a temporary folder, not the working directory
    assert list(tmp_path.iterdir()) == []


def test_custom_stage(tmp_path: Path) -> None:
    r = run("custom_stage.py", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "teasers > bracketed_source > article" in out
    assert "(رافد): body (article.body) -> source (bracketed_source)" in out
    assert "source before: None" in out
    assert "source after:  رافد" in out
    assert "article ends with (رافد): True -> False" in out
    # nothing else changed kind
    assert sum(" -> " in line for line in out.splitlines()) == 2


def test_clean_folder_to_file(tmp_path: Path) -> None:
    out_file = tmp_path / "clean.jsonl"
    r = run("clean_folder.py", "-o", str(out_file), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""  # records go to the file, progress to stderr
    pages = sorted(PAGES.glob("*.txt"))
    assert f"[{len(pages)}/{len(pages)}] {pages[-1].name}: kept" in r.stderr
    assert f"{len(pages)} pages cleaned, 0 failed" in r.stderr

    records = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [rec["id"] for rec in records] == [p.stem for p in pages]
    for rec, page in zip(records, pages, strict=True):
        assert rec["text"] == newsseg.clean(page.read_text(encoding="utf-8"))

    fair = next(rec for rec in records if rec["id"] == "book-fair")
    assert fair["title"] == "معرض الكتاب يستقبل أكثر من مليون زائر في أسبوعه الأول"
    assert fair["source"] == "وكالة الأنباء السعودية"
    assert fair["tags"] == ["معرض الكتاب", "الرياض", "الثقافة"]
    assert fair["text"].startswith(fair["title"] + "\n\nأعلنت اللجنة المنظمة")
    # the teaser, the read-also marker and the second article are not article text
    assert "هل تعود الكتب الورقية" not in fair["text"]
    assert "اقرأ أيضاً" not in fair["text"]
    assert "جائزة الرواية العربية" not in fair["text"]
    assert {"teaser", "read_also", "secondary", "source", "tags"} <= set(fair["dropped_chars"])


def test_clean_folder_to_stdout_and_odd_files(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    page = (PAGES / "one-line-football.txt").read_text(encoding="utf-8")
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + page.encode("utf-8"))
    (folder / "latin1.txt").write_bytes("caf\xe9 ".encode("latin-1") + page.encode("utf-8"))
    (folder / "notes.md").write_text("not a page", encoding="utf-8")
    r = run("clean_folder.py", str(folder), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["id"] for rec in records] == ["bom", "latin1"]
    assert records[0]["title"] == "المنتخب يتأهل إلى نصف النهائي بعد فوز صعب على ضيفه"
    assert records[0]["source"] == "وكالات"
    assert "2 pages cleaned, 0 failed" in r.stderr


def test_clean_folder_without_pages_fails(tmp_path: Path) -> None:
    r = run("clean_folder.py", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == ""
    assert "no .txt pages" in r.stderr
