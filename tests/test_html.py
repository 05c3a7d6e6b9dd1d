"""segment_html on HTML pages written for these tests (tests/html_pages/)."""

from __future__ import annotations

import codecs
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import lxml.html
import pytest

import newsseg
from newsseg import HTML_PIPELINE, Document, InputError, Kind, Limits
from newsseg.formats.decode import declared_encoding, decode
from newsseg.formats.html.dom import extract, parse
from newsseg.formats.html.reader import HtmlPage, build_draft
from tests.pages import reference_visible_text

PAGES = Path(__file__).parent / "html_pages"
SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def kinds_of(doc: Document, needle: str) -> set[str]:
    """The kinds of the segments whose text contains ``needle``."""
    found = {s.kind.value for s in doc.segments if needle in s.text}
    assert found, f"no segment contains {needle!r}"
    return found


def check_offsets(doc: Document) -> None:
    last = 0
    for s in doc.segments:
        assert last <= s.start < s.end <= len(doc.text)
        assert doc.text[s.start : s.end] == s.text
        last = s.end


# ------------------------------------------------------------- a WordPress-like page


@pytest.fixture(scope="module")
def wordpress() -> Document:
    return newsseg.segment_html(page("wordpress.html"))


def test_wordpress_article(wordpress: Document) -> None:
    doc = wordpress
    check_offsets(doc)
    assert doc.format == "html"
    assert doc.title == "افتتاح أكبر محطة لتحلية المياه في المنطقة الشرقية"
    assert [s.text for s in doc.of_kind("subheading")] == ["تمويل مشترك", "حماية البيئة البحرية"]
    assert len(doc.of_kind("body")) == 5
    assert doc.article.startswith("افتتحت وزارة المياه")
    assert "مشروع رائع" not in doc.article  # a comment
    assert "اشترك ليصلك" not in doc.article  # a sidebar widget


def test_wordpress_around_the_article(wordpress: Document) -> None:
    doc = wordpress
    assert kinds_of(doc, "بقلم سلمى الحربي") == {"meta"}
    assert kinds_of(doc, "18 أبريل 2024") == {"meta"}
    assert kinds_of(doc, "جانب من محطة التحلية") == {"caption"}
    assert kinds_of(doc, "لجنة حكومية تدرس") == {"read_also"}
    assert kinds_of(doc, "المصدر: وكالة الأنباء الرسمية") == {"source"}
    assert doc.source == "وكالة الأنباء الرسمية"
    assert kinds_of(doc, "الوسوم:") == {"tags"}
    assert kinds_of(doc, "خطة وطنية لخفض الفاقد") == {"related"}
    assert kinds_of(doc, "الأكثر قراءة") == {"related"}
    assert kinds_of(doc, "المنتخب الوطني يستعد") == {"related"}
    for junk in ("وزير الصحة يعلن خطة", "ثقافة وفنون", "شارك:", "اترك تعليقا",
                 "جميع الحقوق محفوظة"):
        assert kinds_of(doc, junk) == {"boilerplate"}, junk


def test_wordpress_metadata(wordpress: Document) -> None:
    m = wordpress.metadata
    assert m.site_name == "جريدة الساحل"
    assert m.url == "https://sahil.example/2024/04/desalination"
    assert m.published == "2024-04-18T09:30:00+03:00"
    assert m.language == "ar"
    assert m.tags == ("المياه", "الطاقة الشمسية")


def test_segment_paths_point_into_the_dom(wordpress: Document) -> None:
    root = lxml.html.document_fromstring(page("wordpress.html"))
    for s in wordpress.segments:
        assert s.path is not None
        found = root.xpath(s.path)
        assert len(found) == 1, s.path
        words = " ".join(found[0].text_content().split())
        assert s.text.split()[0] in words
    title = wordpress.of_kind("title")[0]
    assert title.path == "/html/body/div/div/main/article/header/h1"


# ------------------------------------------------------------- an old table page in windows-1256


def test_legacy_windows_1256_page() -> None:
    data = page("legacy_cp1256.html")
    doc = newsseg.segment_html(data)
    check_offsets(doc)
    assert doc.title == "الأمطار تغلق طرقا جبلية في الشمال وتعليق الدراسة يومين"
    assert len(doc.of_kind("body")) == 4
    assert kinds_of(doc, "الاثنين 3 فبراير 2020") == {"meta"}
    assert kinds_of(doc, "المصدر: وكالات") == {"source"}
    assert kinds_of(doc, "أخبار أخرى") == {"related"}
    assert len(doc.of_kind("related")) == 4
    assert kinds_of(doc, "عربي ودولي") == {"boilerplate"}


def test_windows_1256_page_equals_its_utf8_form() -> None:
    data = page("legacy_cp1256.html")
    text = data.decode("cp1256")
    doc = newsseg.segment_html(data)
    assert newsseg.segment_html(text.encode("utf-8")) == doc  # <meta> still says 1256
    assert newsseg.segment_html(text) == doc
    fixed = text.replace("windows-1256", "utf-8").encode("utf-8")
    assert newsseg.segment_html(fixed).segments == doc.segments


# ------------------------------------------------------------- generic class names, JSON-LD


def test_jsonld_page_with_generic_classes() -> None:
    doc = newsseg.segment_html(page("jsonld_generic.html"), url="https://future.example/a/b")
    check_offsets(doc)
    m = doc.metadata
    assert m.title == "باحثون يطورون اختبارا سريعا للكشف عن أمراض النخيل"
    assert m.author == "هند القحطاني، مروان سعيد"
    assert m.published == "2023-11-02T14:05:00Z"
    assert m.site_name == "موقع المستقبل"
    assert m.url == "https://future.example/science/palm-test-2291"
    assert m.tags == ("النخيل", "الزراعة", "البحث العلمي")
    assert len(doc.of_kind("body")) == 4
    assert kinds_of(doc, "هند القحطاني") == {"meta"}
    assert kinds_of(doc, "صادرات التمور") == {"teaser"}
    assert kinds_of(doc, "pic.twitter.com") == {"caption"}
    assert kinds_of(doc, "إعلان") == {"boilerplate"}
    assert kinds_of(doc, "قد يعجبك أيضا") == {"read_also"}
    assert doc.read_also[-1] == "مبادرة لزراعة مليون شجرة في المدن خلال ثلاث سنوات"


# ------------------------------------------------------------- pages that are not articles


def test_page_without_article_has_no_body() -> None:
    doc = newsseg.segment_html(page("section_front.html"))
    check_offsets(doc)
    assert not doc.of_kind("body", "subheading")
    assert doc.article == ""
    assert doc.title == "أخبار الاقتصاد - بوابة الشرق"  # the metadata's title


def test_english_page_is_segmented() -> None:
    doc = newsseg.segment_html(page("english.html"))
    assert doc.metadata.language == "en"
    assert doc.title == "City opens new tram line connecting the harbour and the university"
    assert [s.kind.value for s in doc.segments if s.kind.value in ("body", "subheading")] == [
        "body", "body", "subheading", "body"]
    assert kinds_of(doc, "Tags:") == {"tags"}
    assert doc.related[-2:] == ("Bus drivers agree new contract after months of talks",
                                "Harbour district plans new pedestrian bridge over the river")


def test_broken_markup() -> None:
    doc = newsseg.segment_html(page("broken.html"))
    check_offsets(doc)
    assert doc.title == "انقطاع الكهرباء عن أحياء العاصمة لساعات بسبب عطل فني"
    assert len(doc.of_kind("body")) == 3


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_text_is_the_visible_text(name: str) -> None:
    text = decode(page(name)).text
    doc = newsseg.segment_html(page(name))
    assert doc.text == reference_visible_text(text)


@pytest.mark.skipif(not SCORER.exists(), reason="shared/tools/score.py is not beside the repo")
@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_text_agrees_with_the_scorer(name: str) -> None:
    spec = importlib.util.spec_from_file_location("newsseg_test_score", SCORER)
    assert spec is not None
    assert spec.loader is not None
    score: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("newsseg_test_score", score)
    spec.loader.exec_module(score)
    text = decode(page(name)).text
    assert newsseg.segment_html(page(name)).text == score.visible_text(text)


# ------------------------------------------------------------- encodings


ARABIC = "<html><head>{meta}</head><body><h1>عنوان الخبر العاجل اليوم</h1><p>نص الخبر.</p></body></html>"


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta charset="windows-1256">', "cp1256"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', "cp1256"),
        ("<meta charset=iso-8859-6>", "iso8859-6"),
        ('<meta charset="utf-8">', "utf-8"),
        ("", "utf-8"),
    ],
)
def test_declared_encodings(meta: str, encoding: str) -> None:
    html = ARABIC.format(meta=meta)
    data = html.encode(encoding)
    text = decode(data).text
    assert text == html
    assert newsseg.segment_html(data).text == newsseg.segment_html(html).text


def test_byte_order_marks() -> None:
    html = ARABIC.format(meta='<meta charset="windows-1256">')
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        d = decode(bom + html.encode(enc))
        assert (d.text, d.encoding, d.how) == (html, enc, "bom")


def test_undeclared_legacy_page_falls_back_to_windows_1256() -> None:
    html = ARABIC.format(meta="")
    d = decode(html.encode("cp1256"))
    assert (d.text, d.encoding) == (html, "cp1256")


def test_unknown_and_unsafe_charsets_are_ignored() -> None:
    assert declared_encoding(b'<meta charset="x-unknown-42">') is None
    assert declared_encoding(b'<meta charset="rot13">') is None
    html = ARABIC.format(meta='<meta charset="x-unknown-42">')
    assert newsseg.segment_html(html.encode("utf-8")).title == "عنوان الخبر العاجل اليوم"


def test_bad_bytes_are_replaced() -> None:
    data = ARABIC.format(meta='<meta charset="utf-8">').encode("utf-8")
    data = data.replace("نص".encode(), b"\xff\xfe\x80")
    doc = newsseg.segment_html(data)
    assert "\ufffd" in doc.text
    assert doc.title == "عنوان الخبر العاجل اليوم"


def test_explicit_encoding_argument() -> None:
    html = ARABIC.format(meta="")
    doc = newsseg.segment_html(html.encode("iso8859-6"), encoding="ISO-8859-6")
    assert doc.title == "عنوان الخبر العاجل اليوم"


# ------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "html",
    [
        "<html><body>" + "<div>ن" * 100_000 + "</div>" * 100_000 + "</body></html>",
        "<p>" + "<span>ن " * 100_000 + "</span>" * 100_000 + "</p>",
        "<body>" + "<b>نص " * 100_000,
        "<table><tr><td>" * 20_000,
    ],
    ids=["divs", "spans", "unclosed", "tables"],
)
def test_deep_nesting_never_recurses(html: str) -> None:
    doc = newsseg.segment_html(html)
    check_offsets(doc)


def test_max_depth_flattens_deeper_elements() -> None:
    html = "<div>أ<div>ب<div>ج</div></div></div>"
    shallow = newsseg.segment_html(html, limits=Limits(max_depth=4))
    assert shallow.text == "أ\nب ج"  # flattened, words still apart
    assert newsseg.segment_html(html).text == "أ\nب\nج"


def test_entities_are_not_resolved_and_nothing_is_fetched() -> None:
    html = ('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<html><body><p>قبل &x; بعد &amp; &#1575;</p>'
            '<img src="http://127.0.0.1:9/never"></body></html>')
    doc = newsseg.segment_html(html)
    assert "root:" not in doc.text
    assert "بعد & ا" in doc.text


@pytest.mark.parametrize(
    "data",
    [b"", "", "   ", "<", "<<<>>>", "\x00\x01\x02", b"\xff\xfe\xfd" * 1000, "نص بلا وسوم",
     "<script>var a = '<p>x</p>';</script>", '<?xml version="1.0" encoding="latin-1"?><p>نص</p>',
     '<script type="application/ld+json">' + "[" * 50_000 + "</script><p>x</p>",
     '<script type="application/ld+json">{"@type": "NewsArticle", "author": [1, {"name": 2}],'
     ' "headline": ["x"], "keywords": {"a": 1}}</script><h1>x y</h1>', "<p>\ud800</p>"],
)
def test_hostile_input_never_raises(data: str | bytes) -> None:
    check_offsets(newsseg.segment_html(data))


def test_wrong_types_and_limits() -> None:
    with pytest.raises(InputError, match="str or bytes"):
        newsseg.segment_html(None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="max_html_bytes"):
        newsseg.segment_html(b"<p>" + b"x" * 100, limits=Limits(max_html_bytes=50))


def test_large_page_is_linear() -> None:
    one = page("wordpress.html").decode("utf-8")
    head, rest = one.split("<body", 1)
    body = rest.split(">", 1)[1].rsplit("</body>", 1)[0]
    big = head + "<body>" + body * 120 + "</body></html>"  # about 1.3 MB
    t = time.process_time()
    doc = newsseg.segment_html(big)
    assert time.process_time() - t < 20
    check_offsets(doc)
    assert len(doc.segments) > 120 * 30


# ------------------------------------------------------------- composition


def test_html_pipeline_reuses_the_text_stages() -> None:
    assert newsseg.HTML_PIPELINE is HTML_PIPELINE
    for name in ("markers", "lists", "dates", "captions", "noise"):
        assert name in HTML_PIPELINE.names
        assert HTML_PIPELINE[name] is newsseg.TEXT_PIPELINE[name]
    assert HTML_PIPELINE.names[0] == "dom"
    assert HTML_PIPELINE.names[-1] == "html_article"


def test_custom_stage_and_lexicon() -> None:
    html = ("<h1>عنوان الخبر الرئيسي اليوم</h1><div><p>" + "نص الخبر الطويل " * 6 + "انتهى.</p>"
            "<p>" + "نص آخر في الخبر " * 6 + "انتهى.</p></div>"
            "<div><b>لا تفوتك قراءة</b> <a href='/x'>عنوان خبر آخر عن الاقتصاد المحلي</a></div>")
    assert kinds_of(newsseg.segment_html(html), "لا تفوتك قراءة") != {"read_also"}
    lex = newsseg.Lexicon.default().add("read_also", ["لا تفوتك قراءة"])
    assert kinds_of(newsseg.segment_html(html, lexicon=lex), "لا تفوتك قراءة") == {"read_also"}

    @newsseg.stage("no_titles")
    def no_titles(draft: newsseg.Draft) -> None:
        for b in draft.blocks:
            if b.kind is Kind.TITLE:
                draft.label(b, Kind.BOILERPLATE, "mine", force=True)

    mine = HTML_PIPELINE.before("html_article", no_titles)
    assert not newsseg.segment_html(html, pipeline=mine).of_kind("title")


def test_draft_carries_dom_facts() -> None:
    d = build_draft("<nav><a href='/'>الرئيسية</a></nav><article><p>نص</p></article>")
    nav, para = d.blocks
    page = d.fact(HtmlPage)
    assert page.line(nav).node.in_nav
    assert page.line(nav).links == 1.0
    assert page.line(para).node.in_article
    assert para.path == "/html/body/article/p"
    ex = extract(parse("<p>نص</p>"))
    assert ex.text == d.text.split("\n")[1]


def test_sidebar_before_the_article_and_title_in_h2() -> None:
    doc = newsseg.segment_html(page("sidebar_first.html"))
    check_offsets(doc)
    assert doc.title == "المجلس البلدي يقر موازنة العام المقبل بزيادة في مخصصات النقل العام"
    assert kinds_of(doc, "النهار") == {"boilerplate"}  # the logo in <h1>
    assert kinds_of(doc, "الأكثر قراءة") == {"related"}
    assert kinds_of(doc, "فريق الجامعة يفوز") == {"related"}
    assert kinds_of(doc, "الأحد 14 يناير 2024") == {"meta"}
    assert len(doc.of_kind("body")) == 3


def test_read_also_inside_the_body_and_text_after_an_ad() -> None:
    doc = newsseg.segment_html(page("inline_boxes.html"))
    check_offsets(doc)
    assert doc.read_also == ("شبكة محطات شحن جديدة على الطرق السريعة بين المدن",
                             "كيف تختار بطارية سيارتك الكهربائية قبل الشراء")
    assert len(doc.of_kind("body")) == 4  # the last one after the advertisement
    assert kinds_of(doc, "نشر في: 5 مارس 2024") == {"meta"}
    assert kinds_of(doc, "المصدر: اتحاد مصنعي السيارات") == {"source"}
    assert kinds_of(doc, "أخبار ذات صلة") == {"related"}
    assert len(doc.of_kind("related")) == 3


def test_a_related_box_heading_is_no_headline_of_the_view() -> None:
    # "مواضيع ذات علاقة" opens with a word that also opens tags fields
    # ("مواضيع: …"): as a related heading, all of it is the marker
    para = "أعلنت وزارة الصحة اليوم إطلاق حملة تطعيم واسعة في جميع المحافظات. " * 3
    doc = newsseg.segment_html(
        f"<article><h1>وزارة الصحة تطلق حملة تطعيم</h1><p>{para}</p><p>{para}</p></article>"
        "<div class='related'><div><span>مواضيع ذات علاقة</span></div><ul>"
        "<li><a href='/a'>افتتاح مستشفى جديد في المدينة الشمالية</a></li>"
        "<li><a href='/b'>ارتفاع أعداد المراجعين للمراكز الصحية</a></li></ul></div>")
    check_offsets(doc)
    heading = next(s for s in doc.segments if s.text == "مواضيع ذات علاقة")
    assert (heading.kind.value, heading.value) == ("related", "")
    assert doc.related == ("افتتاح مستشفى جديد في المدينة الشمالية",
                           "ارتفاع أعداد المراجعين للمراكز الصحية")


def test_theme_entry_header_no_share_and_sibling_read_also() -> None:
    doc = newsseg.segment_html(page("theme_blocks.html"))
    check_offsets(doc)
    assert doc.title == "افتتاح متحف للخط العربي في المدينة القديمة"
    # the byline and date inside "entry-header" are the article's, not a site menu
    assert kinds_of(doc, "كتب سلمى يوسف") == {"meta"}
    assert kinds_of(doc, "2024/03/12") == {"meta"}
    # "entry-content no-share" holds no share bar: its boxes keep their kinds
    assert doc.read_also == ("مهرجان للكتاب المستعمل يجذب آلاف الزوار في عطلة نهاية الأسبوع",
                             "ترميم أقدم مكتبة عامة في البلاد بعد إغلاق دام عامين")
    assert kinds_of(doc, "تاجز") == {"tags"}
    assert len(doc.of_kind("body")) == 4


def test_poll_widget_source_label_and_follow_prompt() -> None:
    doc = newsseg.segment_html(page("poll_and_source_label.html"))
    check_offsets(doc)
    assert kinds_of(doc, "هل تؤيد تقديم امتحانات") == {"boilerplate"}  # a poll's question
    assert kinds_of(doc, "(عمان - الصحيفة)") == {"source"}  # the value under "المصدر:"
    assert kinds_of(doc, "تابعوا أخبار الجامعات") == {"boilerplate"}  # no teaser
    assert len(doc.of_kind("body")) == 3
    assert "هل تؤيد" not in doc.article


def test_xpaths_of_every_element_in_any_order() -> None:
    # XPaths keeps the paths of small groups of siblings and only the steps of
    # large ones: both give the XPath libxml2 gives, whatever is asked first
    from newsseg.formats.html.dom import XPaths

    page = ("<div>" * 40 + "<p>أ</p>" * 300 + "<span><p>ب</p></span>" * 3 + "</div>" * 40
            + "<ul>" + "<li><a href='/'>ج</a><p>د</p></li>" * 50 + "</ul><p>هـ</p>")
    root = parse(page)
    elements = list(root.iter())
    for order in (elements, elements[::-1], elements[::7] + elements):
        paths = XPaths(root)
        for el in order:
            assert paths(el) == root.getroottree().getpath(el)


def test_a_paragraph_wrapped_over_source_lines_is_body_next_to_an_image() -> None:
    # a line break inside a <p>'s text is a line of the visible text (the gold
    # corpus's definition); its pieces, under an image, were captions
    wrapped = ["وقال الوزير في مؤتمر صحفي إن الطريق الجديد",
               "سيختصر زمن الرحلة بين المدينتين إلى النصف تقريبا، وإن",
               "الوزارة ستبدأ العمل في المرحلة الثانية من المشروع في المنطقة الجنوبية."]
    doc = newsseg.segment_html(
        "<article><h1>وزارة النقل تفتتح طريقا جديدا بين المدينتين</h1>"
        "<img src='road.jpg'><p>\n" + "\n".join(wrapped) + "\n</p>"
        "<img src='map.jpg'><p>خريطة الطريق الجديد</p>"
        "<p>وأضاف أن كلفة المشروع بلغت مئتي مليون دولار، وأن الشركات المنفذة ستلتزم"
        " بالجدول الزمني المعلن دون أي تأخير.</p></article>")
    check_offsets(doc)
    kinds = {s.text: s.kind.value for s in doc.segments}
    assert [kinds[t] for t in wrapped] == ["body", "body", "body"]
    # a short line under an image, alone in its <p>, is still a caption
    assert kinds["خريطة الطريق الجديد"] == "caption"
