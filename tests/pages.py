"""Pages and page builders shared by the test modules (all text written for the tests).

>>> html_page(BOOKS).count("<p>")
3
"""

from __future__ import annotations

import lxml.html

BOOKS = (
    "افتتاح معرض الكتاب الدولي في دورته الجديدة بمشاركة واسعة",
    "افتتح وزير الثقافة صباح اليوم معرض الكتاب الدولي بمشاركة أكثر من خمسمائة دار نشر "
    "من عشرين دولة عربية وأجنبية، وسط إقبال كبير من الزوار منذ الساعات الأولى.",
    "وقال مدير المعرض إن الدورة الحالية تضم برنامجاً ثقافياً حافلاً يشمل ندوات فكرية "
    "وأمسيات شعرية وورش عمل للأطفال، إضافة إلى توقيع عشرات الإصدارات الجديدة.",
    "المصدر: وكالة الأنباء",
)
MARKET = (
    "ارتفاع أسعار الخضروات في الأسواق المحلية مع بداية فصل الشتاء",
    "شهدت أسواق الخضروات في العاصمة ارتفاعاً ملحوظاً في الأسعار خلال الأسبوع الجاري، "
    "إذ زاد سعر الطماطم بنحو الثلث بسبب تراجع الكميات الواردة من المزارع.",
    "وأرجع تجار الجملة هذا الارتفاع إلى موجة البرد التي ضربت مناطق الإنتاج، متوقعين "
    "أن تعود الأسعار إلى مستوياتها المعتادة مع نهاية الشهر المقبل.",
    "المصدر: الوطن",
)
FOOTBALL = (
    "فريق المدينة يفوز ببطولة الدوري للمرة الثالثة على التوالي",
    "حسم فريق المدينة لقب الدوري الممتاز بعد فوزه في المباراة الأخيرة بهدفين دون رد، "
    "ليحتفل لاعبوه وجماهيره باللقب الثالث على التوالي في تاريخ النادي.",
    "وأشاد المدرب بروح اللاعبين والتزامهم طوال الموسم، مؤكداً أن الفريق يستعد الآن "
    "للمشاركة في البطولة القارية الصيف المقبل.",
    "المصدر: وكالات",
)
RAIN = (
    "أمطار غزيرة تغلق عدداً من الطرق الرئيسية في المحافظة",
    "تسببت الأمطار الغزيرة التي هطلت منذ مساء أمس في إغلاق عدد من الطرق الرئيسية، "
    "فيما دفعت السلطات المحلية بفرق الطوارئ لسحب المياه من الشوارع والأنفاق.",
    "ودعت مديرية الأرصاد المواطنين إلى توخي الحذر وتجنب التنقل غير الضروري خلال "
    "الساعات المقبلة، مع توقع استمرار الحالة الجوية حتى نهاية الأسبوع.",
    "المصدر: الأرصاد",
)


def text_page(blocks: tuple[str, ...]) -> str:
    return "\n".join(blocks) + "\n"


def html_page(blocks: tuple[str, ...], charset: str | None = "utf-8") -> str:
    title, *paras, source = blocks
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (
        f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head>{meta}<title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>\n{body}<p>{source}</p></article></body></html>\n"
    )


def reference_visible_text(html: str) -> str:
    """An independent, recursive reading of the visible-text definition (small pages only)."""
    block = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl",
             "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
             "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
             "table", "td", "th", "tr", "ul", "title", "body", "html", "head", "option",
             "select", "button", "label"}
    skip = {"script", "style", "noscript", "template", "svg", "iframe", "object"}
    out: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in skip:
            out.append(el.tail or "")
            return
        if tag in block:
            out.append("\n")
        if isinstance(el.tag, str):
            out.append(el.text or "")
        for child in el:
            walk(child)
        if tag in block:
            out.append("\n")
        out.append(el.tail or "")

    walk(lxml.html.document_fromstring(html))
    lines = (" ".join(x.split()) for x in "".join(out).split("\n"))
    return "\n".join(x for x in lines if x)


def warc_record(url: str, body: bytes, ctype: str) -> bytes:
    """One gzipped WARC response record (needs ``warcio``)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(rec)
    return buf.getvalue()
