"""A page as newsseg sees it, in the browser: ``newsseg show PAGE… [-o FILE|DIR]``.

Each report is one self-contained HTML file (inline CSS and script, no network,
no external asset, a Content-Security-Policy that forbids any), written right
to left. The page's text (an HTML page's visible text: :attr:`Document.text
<newsseg.Document.text>`) is shown whole, every segment an element coloured by
kind with ``data-kind``, ``data-rule``, ``data-start`` and ``data-end`` equal to
the values of ``newsseg PAGE --json``. Hovering a segment shows its kind, rule
and offsets; clicking it shows them in the side panel, beside the legend (with
counts; a click dims a kind) and the extracted fields (title, source, tags,
read_also, related, secondary, metadata). Several pages get an ``index.html``
that links their reports.

Everything taken from the page is escaped: page text is untrusted.

>>> import newsseg
>>> html = render_report(newsseg.segment("عنوان <script>\\nالمصدر: وكالات"), name="p.txt")
>>> '<html lang="ar" dir="rtl">' in html, "عنوان <script>" in html, "عنوان &lt;script&gt;" in html
(True, False, True)
"""

from __future__ import annotations

import argparse
import base64
import collections
import hashlib
import html
import io
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import attrs

import newsseg
from newsseg.io.pages import read_page, segment_bytes
from newsseg.model import Document, Segment

__all__ = ["KIND_COLOURS", "IndexEntry", "main", "render_index", "render_report"]

#: The background colour of each kind in the report (a light tint, dark text on it).
KIND_COLOURS: dict[str, str] = {
    "title": "#ffd166",
    "body": "#cfe6ff",
    "subheading": "#8fc1ff",
    "meta": "#e0d1f5",
    "caption": "#bfeccf",
    "teaser": "#ffc9d9",
    "source": "#a8eadb",
    "tags": "#f6e58d",
    "read_also": "#ffc09f",
    "related": "#f3a6b8",
    "secondary": "#d6d59a",
    "boilerplate": "#e4e4e4",
}

# Characters a browser would not keep as they are: a lone surrogate cannot be
# written as UTF-8, NUL is dropped by the HTML parser; both become U+FFFD (one
# character for one, so offsets still count the same).
_UNSHOWABLE = re.compile("[\x00\ud800-\udfff]")


def _esc(text: str) -> str:
    """Text or attribute value, escaped (``"`` and ``'`` too); a carriage return is
    written as a reference, which the parser keeps (a raw one it makes ``\\n``)."""
    out = html.escape(_UNSHOWABLE.sub("\ufffd", text), quote=True)
    return out.replace("\r", "&#13;")


_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: #f6f6f3; color: #1d1d1d;
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New",
    "DejaVu Sans", "Arial", sans-serif; }
header.top { padding: 12px 20px; background: #243447; color: #fff; }
header.top h1 { margin: 0; font-size: 20px; font-weight: 600; }
header.top .sub { margin: 4px 0 0; font-size: 13px; opacity: .85; }
header.top a { color: #cfe6ff; }
.layout { display: flex; gap: 16px; padding: 16px; align-items: flex-start; }
main.page { flex: 1 1 auto; min-width: 0; background: #fff; border: 1px solid #ddd;
  border-radius: 6px; padding: 18px 22px; white-space: pre-wrap; line-height: 2.1;
  font-size: 17px; overflow-wrap: anywhere; }
aside.panel { flex: 0 0 340px; position: sticky; top: 12px; max-height: calc(100vh - 24px);
  overflow: auto; background: #fff; border: 1px solid #ddd; border-radius: 6px;
  padding: 10px 14px; font-size: 14px; }
aside h2 { font-size: 14px; margin: 12px 0 6px; color: #243447; border-bottom: 1px solid #eee;
  padding-bottom: 3px; }
.seg { position: relative; border-radius: 3px; padding: 1px 0; cursor: pointer;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.seg:hover, .seg:focus { outline: 2px solid #243447; outline-offset: 1px; }
.seg.sel { outline: 3px solid #d1495b; outline-offset: 1px; }
.seg:hover::after, .seg:focus::after {
  content: attr(data-kind) " \\00b7 " attr(data-rule) " \\00b7 "
    attr(data-start) "\\2013" attr(data-end);
  position: absolute; bottom: 100%; right: 0; z-index: 5; white-space: nowrap;
  direction: ltr; font: 12px/1.4 monospace; background: #243447; color: #fff;
  padding: 2px 6px; border-radius: 3px; pointer-events: none; }
.k-boilerplate { color: #6b6b6b; }
ul.legend { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
ul.legend button { font: inherit; font-size: 13px; border: 1px solid #bbb; border-radius: 12px;
  padding: 1px 9px; cursor: pointer; color: #1d1d1d; }
ul.legend button[aria-pressed="true"] { opacity: .35; text-decoration: line-through; }
ul.legend b { font-weight: 600; margin-inline-start: 6px; padding: 0 5px; border-radius: 8px;
  background: rgba(255, 255, 255, .7); }
dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 3px 10px; }
dt { color: #555; font-family: monospace; font-size: 12px; padding-top: 2px; direction: ltr;
  text-align: end; }
dd { margin: 0; overflow-wrap: anywhere; }
dd ul { margin: 0; padding-inline-start: 18px; }
.none { color: #999; }
.hint { color: #777; margin: 0; font-size: 13px; }
.ltr { direction: ltr; unicode-bidi: isolate; font-family: monospace; font-size: 12px; }
table.pages { border-collapse: collapse; background: #fff; width: 100%; font-size: 15px; }
table.pages th, table.pages td { border: 1px solid #ddd; padding: 6px 10px; text-align: start;
  vertical-align: top; }
table.pages th { background: #eef1f5; }
.failed { color: #a4161a; }
"""


def _kind_css() -> str:
    rules = []
    for kind, colour in KIND_COLOURS.items():
        rules.append(f".k-{kind} {{ background: {colour}; }}")
        rules.append(
            f"body.dim-{kind} .seg.k-{kind} {{ background: transparent; color: #9a9a9a; }}"
        )
    return "\n".join(rules)


_STYLE = _CSS + _kind_css() + "\n"

_SCRIPT = """
(function () {
  "use strict";
  var page = document.getElementById("page");
  var current = null;
  var keys = ["kind", "rule", "start", "end", "value", "path"];
  function show(el) {
    if (current) { current.classList.remove("sel"); }
    current = el;
    el.classList.add("sel");
    keys.forEach(function (k) {
      var v = el.getAttribute("data-" + k);
      var dd = document.getElementById("d-" + k);
      dd.textContent = v === null ? "\\u2014" : v;
    });
    document.getElementById("d-text").textContent = el.textContent;
    document.getElementById("detail").hidden = false;
    document.getElementById("detail-hint").hidden = true;
  }
  page.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest(".seg") : null;
    if (el) { show(el); }
  });
  page.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.classList.contains("seg")) {
      e.preventDefault();
      show(e.target);
    }
  });
  Array.prototype.forEach.call(document.querySelectorAll("ul.legend button"), function (b) {
    b.addEventListener("click", function () {
      var on = document.body.classList.toggle("dim-" + b.getAttribute("data-kind"));
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  });
  document.body.setAttribute("data-ready", "1");
})();
"""


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# No network and nothing from outside: only this style and this script run.
_CSP = (
    f"default-src 'none'; style-src {_csp_hash(_STYLE)}; script-src {_csp_hash(_SCRIPT)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def _head(title: str) -> list[str]:
    return [
        "<!DOCTYPE html>",
        '<html lang="ar" dir="rtl">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(_CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="newsseg {_esc(newsseg.__version__)}">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
    ]


def _segment_html(s: Segment) -> str:
    kind = s.kind.value
    attrs_ = [
        f'class="seg k-{kind}"',
        f'data-kind="{kind}"',
        f'data-rule="{_esc(s.rule)}"',
        f'data-start="{s.start}"',
        f'data-end="{s.end}"',
    ]
    if s.value is not None:
        attrs_.append(f'data-value="{_esc(s.value)}"')
    if s.path is not None:
        attrs_.append(f'data-path="{_esc(s.path)}"')
    tip = f"{kind} · {s.rule} · {s.start}–{s.end}"
    attrs_.append(f'title="{_esc(tip)}" tabindex="0"')
    return f"<span {' '.join(attrs_)}>{_esc(s.text)}</span>"


def _page_text(doc: Document) -> str:
    """The document's text with every segment in its element, in text order."""
    out: list[str] = []
    cursor = 0
    for s in sorted(doc.segments, key=lambda s: (s.start, s.end)):
        if s.start >= cursor:
            out.append(_esc(doc.text[cursor : s.start]))
            cursor = s.end
        out.append(_segment_html(s))  # (an overlapping segment, if any, still shows)
        cursor = max(cursor, s.end)
    out.append(_esc(doc.text[cursor:]))
    return "".join(out)


def _value(value: str | None) -> str:
    if value is None or value == "":
        return '<span class="none">—</span>'
    return _esc(value)


def _values(values: Sequence[str]) -> str:
    if not values:
        return '<span class="none">—</span>'
    return "<ul>" + "".join(f"<li>{_esc(v)}</li>" for v in values) + "</ul>"


def _counts(doc: Document) -> collections.Counter[str]:
    return collections.Counter(s.kind.value for s in doc.segments)


def render_report(
    doc: Document, *, name: str = "page", index_href: str | None = None
) -> str:
    """The report of one segmented page, a complete HTML document.

    ``name`` is shown as its heading (a file name, say); ``index_href``, where
    given, links back to the index of several reports.

    >>> import newsseg
    >>> doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
    >>> html = render_report(doc, name="example")
    >>> s = doc.segments[0]
    >>> f'data-kind="title" data-rule="{s.rule}" data-start="0" data-end="{s.end}"' in html
    True
    >>> html.count('class="seg ') == len(doc.segments)
    True
    """
    counts = _counts(doc)
    lines = _head(f"newsseg · {name}")
    lines.append(f'<body data-format="{_esc(doc.format)}">')
    back = f' · <a href="{_esc(index_href)}">all pages</a>' if index_href else ""
    lines.append(
        f'<header class="top"><h1 dir="auto">{_esc(name)}</h1>'
        f'<p class="sub" dir="ltr">{_esc(doc.format)} page · {len(doc.segments)} segments · '
        f"{len(doc.text):,} characters · newsseg {_esc(newsseg.__version__)}{back}</p></header>"
    )
    lines.append('<div class="layout">')
    lines.append(f'<main class="page" id="page" dir="rtl" lang="ar">{_page_text(doc)}</main>')
    lines.append('<aside class="panel" id="panel">')
    lines.append('<h2>Kinds</h2><ul class="legend" id="legend">')
    for kind in KIND_COLOURS:
        if counts[kind]:
            lines.append(
                f'<li><button type="button" class="k-{kind}" data-kind="{kind}" '
                f'aria-pressed="false" title="dim or show {kind}">{kind}'
                f'<b class="n">{counts[kind]}</b></button></li>'
            )
    lines.append("</ul>")
    lines.append('<h2>Segment</h2><p class="hint" id="detail-hint">Click a segment (or focus it '
                 "and press Enter) to see its kind, rule and offsets here.</p>")
    lines.append('<dl id="detail" hidden>')
    for key in ("kind", "rule", "start", "end", "value", "path"):
        lines.append(f'<dt>{key}</dt><dd id="d-{key}" dir="auto"></dd>')
    lines.append('<dt>text</dt><dd id="d-text" dir="auto"></dd></dl>')
    lines.append('<h2>Fields</h2><dl id="fields">')
    lines.append(f'<dt>title</dt><dd data-field="title">{_value(doc.title)}</dd>')
    lines.append(f'<dt>source</dt><dd data-field="source">{_value(doc.source)}</dd>')
    for field in ("tags", "read_also", "related"):
        values: tuple[str, ...] = getattr(doc, field)
        lines.append(f'<dt>{field}</dt><dd data-field="{field}">{_values(values)}</dd>')
    secondary = doc.secondary
    short = secondary if len(secondary) <= 300 else secondary[:300] + "…"
    lines.append(f'<dt>secondary</dt><dd data-field="secondary">{_value(short)}</dd>')
    lines.append("</dl>")
    lines.append('<h2>Metadata</h2><dl id="metadata">')
    meta = doc.metadata
    for field in ("title", "author", "published", "site_name", "url", "language"):
        value: str | None = getattr(meta, field)
        cls = ' class="ltr"' if field in ("url", "published", "language") and value else ""
        lines.append(f'<dt>{field}</dt><dd data-meta="{field}"{cls}>{_value(value)}</dd>')
    lines.append(f'<dt>tags</dt><dd data-meta="tags">{_values(meta.tags)}</dd>')
    lines.append("</dl></aside></div>")
    lines.append(f"<script>{_SCRIPT}</script>")
    lines.append("</body></html>")
    return "\n".join(lines) + "\n"


@attrs.frozen
class IndexEntry:
    """One page of an index: its name, the report's file name, and its
    document (``None``, with ``error``, for a page that could not be segmented).

    >>> IndexEntry("a.txt", "a.html", None, "InputError: too big").error
    'InputError: too big'
    """

    name: str
    href: str | None
    doc: Document | None
    error: str | None = None


def render_index(entries: Sequence[IndexEntry]) -> str:
    """An HTML page that links the reports of several pages, with their titles
    and the count of each kind.

    >>> import newsseg
    >>> doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
    >>> page = render_index([IndexEntry("a <b>.txt", "a.html", doc)])
    >>> '<a href="a.html">a &lt;b&gt;.txt</a>' in page
    True
    """
    lines = _head("newsseg · pages")
    lines.append("<body>")
    ok = sum(1 for e in entries if e.doc is not None)
    lines.append(
        f'<header class="top"><h1>newsseg</h1><p class="sub" dir="ltr">{ok} of {len(entries)} '
        f"pages segmented · newsseg {_esc(newsseg.__version__)}</p></header>"
    )
    lines.append('<div class="layout"><table class="pages" id="pages"><thead><tr>'
                 "<th>page</th><th>format</th><th>title</th><th>segments</th><th>kinds</th>"
                 "</tr></thead><tbody>")
    for e in entries:
        if e.doc is None or e.href is None:
            lines.append(
                f'<tr class="failed"><td dir="auto">{_esc(e.name)}</td><td colspan="4" dir="ltr">'
                f"{_esc(e.error or 'failed')}</td></tr>"
            )
            continue
        counts = _counts(e.doc)
        kinds = " ".join(
            f'<span class="seg k-{k}" data-kind="{k}">{k} {counts[k]}</span>'
            for k in KIND_COLOURS
            if counts[k]
        )
        lines.append(
            f'<tr><td dir="auto"><a href="{_esc(quote(e.href))}">{_esc(e.name)}</a></td>'
            f"<td>{_esc(e.doc.format)}</td><td>{_value(e.doc.title)}</td>"
            f"<td>{len(e.doc.segments)}</td><td>{kinds}</td></tr>"
        )
    lines.append("</tbody></table></div></body></html>")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ command


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsseg show",
        description=(
            "Write a self-contained HTML report of each page as newsseg segments it "
            "(open it in a browser); several pages get an index.html."
        ),
        epilog="Exit status: 0 all pages done, 1 some page failed, 2 usage error.",
    )
    p.add_argument("pages", nargs="*", metavar="PAGE", help="page files, or - for stdin")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR",
        help="the report file (one page), - for stdout (one page), or a folder "
        "(default: the folder newsseg-report)",
    )
    p.add_argument("--example", action="store_true", help="show the built-in example page")
    p.add_argument("--format", choices=("auto", "text", "html"), default="auto",
                   help="input format (default: by extension or content)")
    return p


def _report_name(name: str, taken: set[str]) -> str:
    if name == "-":
        stem = "stdin"
    elif name == "<example>":
        stem = "example"
    else:
        stem = Path(name).name
        for ext in (".html", ".htm", ".xhtml", ".shtml", ".txt", ".text"):
            if stem.lower().endswith(ext):
                stem = stem[: -len(ext)]
                break
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._") or "page"
    if stem.lower() == "index":
        stem = "index_"
    out, n = f"{stem}.html", 1
    while out.lower() in taken:
        n += 1
        out = f"{stem}-{n}.html"
    taken.add(out.lower())
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``newsseg show``; returns the exit status.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> main(["--example", "-o", os.path.join(folder, "example.html")])  # doctest: +ELLIPSIS
    /.../example.html
    0
    """

    args = _parser().parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    names = (["<example>"] if args.example else []) + list(args.pages)
    if not names:
        _parser().print_usage(sys.stderr)
        print("newsseg show: error: give a PAGE, - for stdin, or --example", file=sys.stderr)
        return 2
    out = args.output or "newsseg-report"
    single_file = out == "-" or (
        not os.path.isdir(out) and (out.lower().endswith((".html", ".htm")) or os.path.exists(out))
    )
    if single_file and len(names) > 1:
        print(
            f"newsseg show: error: {len(names)} pages make {len(names)} reports: "
            "give -o a folder, not a file",
            file=sys.stderr,
        )
        return 2
    inputs = {os.path.realpath(n) for n in names if n not in ("-", "<example>")}
    entries: list[IndexEntry] = []
    taken: set[str] = set()
    failed = 0
    for name in names:
        shown = "<stdin>" if name == "-" else name
        try:
            if name == "<example>":
                data = newsseg.EXAMPLE_PAGE.encode("utf-8")
                is_html = args.format == "html"
            else:
                data, is_html = read_page(name, args.format)
            doc = segment_bytes(data, is_html)
        except Exception as exc:  # one bad page must not end the run
            failed += 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            why = f"{type(exc).__name__}: {reason}"
            print(f"newsseg show: {shown}: {why}", file=sys.stderr)
            entries.append(IndexEntry(shown, None, None, why))
            continue
        entries.append(IndexEntry(shown, _report_name(name, taken), doc))
    several = len(names) > 1
    written: list[str] = []
    try:
        folder = os.path.dirname(out) if single_file else out
        if out != "-" and folder:
            os.makedirs(folder, exist_ok=True)
        for entry in entries:
            if entry.doc is None or entry.href is None:
                continue
            report = render_report(entry.doc, name=entry.name,
                                   index_href="index.html" if several else None)
            if out == "-":
                sys.stdout.write(report)
                continue
            path = out if single_file else os.path.join(out, entry.href)
            if os.path.realpath(path) in inputs:
                raise OSError(f"{path} is one of the pages: give -o another file or folder")
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(report)
            written.append(path)
        if several:
            index = os.path.join(out, "index.html")
            with open(index, "w", encoding="utf-8", newline="\n") as f:
                f.write(render_index(entries))
            written.append(index)
    except OSError as e:
        print(f"newsseg show: error: {e.strerror or e}: {e.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 2
    for path in written:
        print(os.path.abspath(path))
    return 1 if failed else 0
