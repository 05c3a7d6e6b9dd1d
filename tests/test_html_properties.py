"""Invariants of ``segment_html`` over generated DOM trees."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsseg
from newsseg import Kind
from newsseg.errors import InputError
from newsseg.formats.decode import decode
from tests.pages import reference_visible_text

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"
BLOCK = ["div", "p", "section", "article", "aside", "nav", "header", "footer", "ul", "li",
         "h1", "h2", "h3", "figure", "figcaption", "td", "table", "tr", "blockquote", "br"]
INLINE = ["span", "a", "b", "strong", "em", "time", "font", "i"]
SKIP = ["script", "style", "noscript", "template", "svg", "iframe"]
CLASSES = ["related", "tags", "share", "comments", "article-body", "menu", "ad", "caption",
           "byline", "date", "sidebar", "x1", "post-content", "most-read", "widget"]
MARKERS = ["اقرأ أيضا:", "مقالات ذات صلة", "الوسوم:", "المصدر: وكالات", "الأكثر قراءة",
           "جميع الحقوق محفوظة", "بقلم", "12 مايو 2024", "©"]

word = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=8)
sentence = st.lists(word, min_size=1, max_size=25).map(" ".join).flatmap(
    lambda s: st.sampled_from(["", ".", "؟", ":"]).map(lambda p: s + p))
spacing = st.sampled_from(["", " ", "\n", "\n   ", "\t", "\u00a0", " \r\n "])
text = st.one_of(sentence, st.sampled_from(MARKERS), spacing,
                 st.text(max_size=20).map(lambda t: t.replace("<", " ").replace("&", " ")))


def _attrs(draw: st.DrawFn, tag: str) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(f'class="{draw(st.sampled_from(CLASSES))}"')
    if tag == "a" and draw(st.booleans()):
        parts.append(f'href="{draw(st.sampled_from(["/x", "#top", "javascript:void(0)"]))}"')
    if draw(st.integers(0, 9)) == 0:
        parts.append('itemprop="articleBody"')
    return (" " + " ".join(parts)) if parts else ""


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 9))
    if depth > 6 or kind == 0:
        return draw(text)
    if kind == 1:
        tag = draw(st.sampled_from(SKIP))
        return f"<{tag}>{draw(text)}</{tag}>{draw(text)}"
    tag = draw(st.sampled_from(BLOCK if kind < 7 else INLINE))
    if tag == "br":
        return "<br>"
    children = draw(st.lists(element(depth + 1), max_size=4))
    close = "" if draw(st.integers(0, 7)) == 0 else f"</{tag}>"  # some left unclosed
    return f"<{tag}{_attrs(draw, tag)}>{''.join(children)}{close}{draw(text)}"


@st.composite
def page(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["", "<title>عنوان الصفحة</title>", '<meta charset="utf-8">',
                                 '<meta property="og:title" content="عنوان">']))
    body = "".join(draw(st.lists(element(), max_size=8)))
    return f"<html><head>{head}</head><body>{body}</body></html>"


def check(doc: newsseg.Document) -> None:
    last = 0
    for s in doc.segments:
        assert isinstance(s.kind, Kind)
        assert last <= s.start < s.end <= len(doc.text), (s, last)
        assert doc.text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert s.path is not None
        assert s.path.startswith("/html")
        last = s.end
    # every line of the visible text is covered by segments
    covered = bytearray(len(doc.text))
    for s in doc.segments:
        covered[s.start : s.end] = b"\1" * (s.end - s.start)
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(doc.text))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_generated_pages(html: str) -> None:
    doc = newsseg.segment_html(html)
    check(doc)
    assert doc.text == reference_visible_text(html)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_paths_find_the_elements(html: str) -> None:
    doc = newsseg.segment_html(html)
    root = lxml.html.document_fromstring(html)
    for s in doc.segments:
        assert len(root.xpath(s.path)) == 1, s.path


@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    """Any bytes are a Document, or refused as binary data by the decoder and
    the segmenter alike (an InputError, never another exception)."""
    try:
        text = decode(data).text
    except InputError:
        with pytest.raises(InputError, match=r"^binary data"):
            decode(data)
        with pytest.raises(InputError, match=r"^binary data"):
            newsseg.segment_html(data)
        return
    assert isinstance(text, str)
    check(newsseg.segment_html(data))


@given(st.text(max_size=500))
def test_any_text(data: str) -> None:
    check(newsseg.segment_html(data))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(page(), st.sampled_from(["cp1256", "utf-8", "utf-16"]))
def test_encodings_agree(html: str, encoding: str) -> None:
    try:
        data = html.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        decode(data)
    except InputError:  # generated text that is more than 1% control characters
        with pytest.raises(InputError, match=r"^binary data"):
            newsseg.segment_html(data)
        return
    if encoding == "utf-16":
        assert newsseg.segment_html(data).text == newsseg.segment_html(html).text
    else:
        declared = html.replace("<head>", f'<head><meta charset="{encoding}">', 1)
        assert newsseg.segment_html(declared.encode(encoding)) == newsseg.segment_html(declared)
