"""``newsseg show``: the report's HTML as written (no browser here; see
``test_report_chromium.py`` for the rendered page).

Every segment is an element whose ``data-*`` attributes equal ``newsseg PAGE
--json``; the page text is the Document's text, escaped; the file loads nothing
from outside; several pages get an index.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lhtml

import newsseg
from newsseg.io.report import IndexEntry, main, render_index, render_report

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PAGES = REPO / "examples" / "pages"

BODY = "وقالت الوزارة في بيان إن أعمال الصيانة ستستمر حتى نهاية الشهر الجاري في جميع المحافظات."
HOSTILE = (
    'عنوان <script>alert("x")</script> & "اقتباس" \'مفرد\'\r\n'
    f"{BODY} </main><img src=x onerror=alert(1)>\r\n"
    "اقرأ أيضا: <b>خبر</b> آخر عن المياه\n"
    "المصدر: وكالات <!-- -->\n"
    "الوسوم: <a href='https://example.org'>المياه</a>، الصيانة\n"
)
HOSTILE_HTML = (
    "<html><head><title>خبر &lt;script&gt;alert(1)&lt;/script&gt;</title>"
    '<meta property="og:site_name" content="&quot;&gt;&lt;script&gt;x()&lt;/script&gt;">'
    "</head><body><h1>عنوان &lt;img src=x onerror=alert(1)&gt;</h1>"
    f"<p>{BODY} &lt;/span&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>"
    f"<p>{BODY}</p><p>المصدر: وكالات</p></body></html>"
)


def cli_json(page: Path) -> dict[str, Any]:
    r = subprocess.run(
        [sys.executable, "-m", "newsseg", "--json", str(page)], capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120, check=True,
    )
    out: dict[str, Any] = json.loads(r.stdout)
    return out


def segments_in(report: str) -> list[dict[str, Any]]:
    root = lhtml.document_fromstring(report)
    return [
        {"kind": el.get("data-kind"), "rule": el.get("data-rule"),
         "start": int(el.get("data-start")), "end": int(el.get("data-end")),
         "text": el.text_content()}
        for el in root.xpath('//main[@id="page"]//*[contains(@class, "seg")]')
    ]


def page_text_in(report: str) -> str:
    root = lhtml.document_fromstring(report)
    (main_el,) = root.xpath('//main[@id="page"]')
    text: str = main_el.text_content()
    return text


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    out = {"hostile": tmp_path / "hostile.txt", "hostile_html": tmp_path / "hostile.html"}
    out["hostile"].write_bytes(HOSTILE.encode("utf-8"))
    out["hostile_html"].write_text(HOSTILE_HTML, encoding="utf-8")
    for src in EXAMPLE_PAGES.iterdir():
        out[src.stem] = tmp_path / src.name
        out[src.stem].write_bytes(src.read_bytes())
    return out


@pytest.mark.parametrize("name", ["hostile", "hostile_html", "book-fair", "fuel-prices",
                                  "one-line-football", "desalination-plant"])
def test_segments_are_the_json_ones(pages: dict[str, Path], tmp_path: Path, name: str) -> None:
    page = pages[name]
    out = tmp_path / "r.html"
    assert main([str(page), "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    want = cli_json(page)
    got = segments_in(report)
    assert got == [
        {k: s[k] for k in ("kind", "rule", "start", "end", "text")} for s in want["segments"]
    ]
    assert page_text_in(report) == want["text"]  # the whole text, gaps included
    root = lhtml.document_fromstring(report)
    assert root.get("dir") == "rtl"
    assert root.xpath('//main[@id="page"]')[0].get("dir") == "rtl"


def test_untrusted_text_stays_text(pages: dict[str, Path], tmp_path: Path) -> None:
    for name in ("hostile", "hostile_html"):
        out = tmp_path / "out" / f"{name}.html"
        assert main([str(pages[name]), "-o", str(out)]) == 0
        report = out.read_text(encoding="utf-8")
        root = lhtml.document_fromstring(report)
        assert len(root.xpath("//script")) == 1  # ours, and only ours
        assert not root.xpath("//img | //iframe | //object | //embed | //link | //a[@href]")
        assert not root.xpath("//*[@onerror or @onload or @onclick or @src]")
        assert "alert(" not in root.xpath("//script")[0].text
        assert "<script>alert" not in report
    hostile_report = (tmp_path / "out" / "hostile.html").read_text(encoding="utf-8")
    assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in hostile_report
    html_report = lhtml.document_fromstring((tmp_path / "out" / "hostile_html.html").read_text("utf-8"))
    (site,) = html_report.xpath('//dd[@data-meta="site_name"]')
    assert site.text_content() == '"><script>x()</script>'
    (title,) = html_report.xpath('//dd[@data-field="title"]')
    assert title.text_content() == "عنوان <img src=x onerror=alert(1)>"


def test_self_contained_and_csp_hashes(pages: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main([str(pages["desalination-plant"]), "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", report)
    assert "@import" not in report
    assert "url(" not in report
    root = lhtml.document_fromstring(report)
    csp = root.xpath('//meta[@http-equiv="Content-Security-Policy"]')[0].get("content")
    assert "default-src 'none'" in csp
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        assert len(root.xpath(f"//{tag}")) == 1
        body = re.search(rf"<{tag}>(.*?)</{tag}>", report, re.S)
        assert body is not None
        digest = base64.b64encode(hashlib.sha256(body.group(1).encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp, tag


def test_legend_counts_and_fields(pages: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["--example", "-o", str(out)]) == 0
    root = lhtml.document_fromstring(out.read_text(encoding="utf-8"))
    doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
    legend = {b.get("data-kind"): int(b.xpath("b")[0].text) for b in root.xpath("//ul/li/button")}
    want: dict[str, int] = {}
    for s in doc.segments:
        want[s.kind.value] = want.get(s.kind.value, 0) + 1
    assert legend == want
    fields = {dd.get("data-field"): dd for dd in root.xpath("//dd[@data-field]")}
    assert fields["title"].text_content() == doc.title
    assert fields["source"].text_content() == doc.source
    for field in ("tags", "read_also", "related"):
        assert [li.text_content() for li in fields[field].xpath(".//li")] == list(
            getattr(doc, field))


def test_render_keeps_carriage_returns_and_odd_characters() -> None:
    text = "عنوان\r\nنص\x00خبر \ud800 قصير\r\n"
    doc = newsseg.Document(text, (newsseg.Segment("body", text[7:18], 7, 18, rule="r"),))
    report = render_report(doc)
    assert "&#13;" in report
    report.encode("utf-8")  # a lone surrogate would not encode
    got = page_text_in(report)
    assert got == text.replace("\x00", "\ufffd").replace("\ud800", "\ufffd")


def test_several_pages_get_an_index(pages: dict[str, Path], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.txt"
    out = tmp_path / "report"
    names = [pages["fuel-prices"], pages["desalination-plant"], missing, pages["fuel-prices"]]
    assert main([str(p) for p in names] + ["-o", str(out)]) == 1
    cap = capsys.readouterr()
    assert f"newsseg show: {missing}: FileNotFoundError" in cap.err
    written = [Path(line) for line in cap.out.splitlines()]
    assert [p.name for p in written] == [
        "fuel-prices.html", "desalination-plant.html", "fuel-prices-2.html", "index.html"]
    index = lhtml.document_fromstring((out / "index.html").read_text(encoding="utf-8"))
    hrefs = [a.get("href") for a in index.xpath("//table//a")]
    assert hrefs == ["fuel-prices.html", "desalination-plant.html", "fuel-prices-2.html"]
    assert all((out / h).is_file() for h in hrefs)
    assert "missing.txt" in index.xpath('//tr[@class="failed"]')[0].text_content()
    report = lhtml.document_fromstring((out / "fuel-prices.html").read_text(encoding="utf-8"))
    assert report.xpath('//header//a[@href="index.html"]')


def test_index_escapes_names() -> None:
    doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
    page = render_index([IndexEntry('"><script>x</script>.txt', "a b.html", doc),
                         IndexEntry("<bad>", None, None, "InputError: <too big>")])
    root = lhtml.document_fromstring(page)
    assert len(root.xpath("//script")) == 0
    assert root.xpath("//a")[0].get("href") == "a%20b.html"
    assert root.xpath("//a")[0].text_content() == '"><script>x</script>.txt'
    assert "InputError: <too big>" in root.xpath('//tr[@class="failed"]')[0].text_content()


def test_output_choices(pages: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([str(pages["book-fair"])]) == 0  # default: the folder newsseg-report
    assert (tmp_path / "newsseg-report" / "book-fair.html").is_file()
    assert not (tmp_path / "newsseg-report" / "index.html").exists()
    capsys.readouterr()
    assert main([str(pages["book-fair"]), "-o", "here.html"]) == 0  # a file in this folder
    assert (tmp_path / "here.html").is_file()
    assert capsys.readouterr().out == f"{tmp_path / 'here.html'}\n"
    assert main([str(pages["book-fair"]), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main([str(pages["book-fair"]), str(pages["fuel-prices"]), "-o", "x.html"]) == 2
    assert "give -o a folder, not a file" in capsys.readouterr().err
    assert main([]) == 2
    assert "give a PAGE" in capsys.readouterr().err
    assert main([str(pages["book-fair"]), "-o", str(pages["book-fair"])]) == 2
    assert "is one of the pages" in capsys.readouterr().err
    assert pages["book-fair"].read_text(encoding="utf-8").startswith("معرض الكتاب")


def test_stdin_and_the_command_line(pages: dict[str, Path], tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "newsseg", "show", "-", "-o", str(tmp_path / "in.html")],
        input=pages["fuel-prices"].read_bytes(), capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120, check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().strip() == str(tmp_path / "in.html")
    report = (tmp_path / "in.html").read_text(encoding="utf-8")
    assert segments_in(report)[0]["kind"] == "boilerplate"
    assert "<h1 dir=\"auto\">&lt;stdin&gt;</h1>" in report
