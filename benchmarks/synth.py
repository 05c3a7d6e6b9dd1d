#!/usr/bin/env python3
"""Synthetic Arabic news pages, for benchmarks that must run without the corpus.

A page is a list of blocks, each a ``(kind, text)`` pair of the kinds of
``../shared/corpus/FORMAT.md``: navigation, title, dateline, date, paragraphs and
subheadings, a caption, a read-also line, a source line, a tags line, a related
list and a footer. The words come from this file's own small vocabulary, drawn by
a seeded generator, so the same seed gives the same pages.

    python benchmarks/synth.py                       # print one text page
    python benchmarks/synth.py --html                # print one HTML page
    python benchmarks/synth.py --corpus-out DIR -n 50  # write a corpus with gold files
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

Block = tuple[str, str]  # (kind, text)

# ------------------------------------------------------------- vocabulary

_ACTORS = (
    "وزير الخارجية", "رئيس الوزراء", "المتحدث باسم الحكومة", "وزارة الصحة",
    "البنك المركزي", "مجلس النواب", "الأمين العام للجامعة العربية", "وزير المالية",
    "قائد الشرطة", "محافظ المدينة", "الهيئة العامة للإحصاء", "رئيس الجمهورية",
    "منظمة الصحة العالمية", "وزارة التعليم", "الاتحاد الأوروبي", "وزير الطاقة",
)  # fmt: skip
_VERBS = (
    "أعلن", "أكد", "أوضح", "كشف", "نفى", "أشار إلى", "شدد على", "دعا إلى",
    "حذر من", "قال إن", "أفاد بأن",
)  # fmt: skip
_TOPICS = (
    "خطة جديدة لتطوير البنية التحتية", "ارتفاع أسعار النفط في الأسواق العالمية",
    "استئناف المفاوضات بين الطرفين", "تراجع معدلات التضخم خلال الربع الأخير",
    "إطلاق حملة وطنية للتطعيم", "توقيع اتفاقية للتعاون الاقتصادي",
    "زيادة الاستثمارات في قطاع الطاقة المتجددة", "تحسن الأوضاع الأمنية في المنطقة",
    "افتتاح مستشفى جديد في العاصمة", "تأجيل الانتخابات المحلية",
    "إجراءات لدعم المشروعات الصغيرة", "نتائج امتحانات الثانوية العامة",
    "تعزيز التبادل التجاري مع الدول المجاورة", "مشروع قانون لتنظيم الإعلام",
)  # fmt: skip
_CONNECTORS = (
    "وأضاف أن", "ومن جهته، أوضح أن", "وفي السياق ذاته، أشار إلى أن", "كما لفت إلى أن",
    "وبحسب البيان، فإن", "وتابع قائلاً إن", "في حين رأى مراقبون أن", "وجاء ذلك بعد أن",
)  # fmt: skip
_CLAUSES = (
    "الحكومة تعمل على تنفيذ الإصلاحات المطلوبة في أقرب وقت",
    "المرحلة المقبلة ستشهد تعاوناً أوسع بين المؤسسات المعنية",
    "الأرقام الأخيرة تعكس تحسناً ملحوظاً في أداء الاقتصاد",
    "الاجتماع ناقش عدداً من الملفات الإقليمية والدولية",
    "اللجنة المختصة ستصدر تقريرها النهائي خلال الأسابيع القادمة",
    "المواطنين سيلمسون نتائج هذه القرارات قريباً",
    "الوضع لا يزال يتطلب مزيداً من الحذر والمتابعة",
    "الميزانية الجديدة تتضمن زيادة في مخصصات الصحة والتعليم",
    "المشروع سيوفر آلاف فرص العمل للشباب",
    "الجانبين اتفقا على مواصلة المشاورات الأسبوع المقبل",
)  # fmt: skip
_PLACES = (
    "القاهرة", "الرياض", "بيروت", "عمّان", "الرباط", "تونس", "بغداد", "دبي",
    "الدوحة", "الكويت", "الخرطوم", "الجزائر", "واشنطن", "باريس",
)  # fmt: skip
_AGENCIES = ("وكالات", "واس", "رويترز", "أ ف ب", "قنا", "وام", "كونا", "الأناضول")
_NAMES = ("محمد", "أحمد", "سارة", "خالد", "ليلى", "يوسف", "منى", "عمر", "هدى", "طارق")
_FAMILY = ("العلي", "الحسن", "المصري", "الشمري", "بن علي", "الخطيب", "السيد", "النجار")
_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
_DAYS = ("السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة")
_TAGS = (
    "اقتصاد", "سياسة", "صحة", "تعليم", "النفط", "الانتخابات", "الطاقة", "كورونا",
    "الخليج", "مصر", "السعودية", "لبنان", "التضخم", "الاستثمار", "رياضة", "تكنولوجيا",
)  # fmt: skip
_READ_ALSO = ("اقرأ أيضاً:", "إقرأ أيضا:", "اقرأ المزيد:", "شاهد أيضاً:")
_RELATED = ("مقالات ذات صلة", "أخبار ذات صلة", "الأكثر قراءة", "مواضيع مشابهة")
_SOURCES = ("المصدر: {}", "(وكالات)", "المصدر : وكالة الأنباء", "المصدر: {} - وكالات")
_SITES = ("الخبر اليوم", "صوت العرب", "الوطن نيوز", "المشهد", "البلاد")
_NAV = ("الرئيسية", "أخبار", "اقتصاد", "رياضة", "فن", "منوعات", "فيديو", "اتصل بنا")
_FOOTER = (
    "جميع الحقوق محفوظة © {}", "تابعونا على فيسبوك وتويتر", "شارك هذا المقال",
    "اشترك في النشرة البريدية", "سياسة الخصوصية | من نحن | أعلن معنا",
)  # fmt: skip
_SUBHEADINGS = ("تفاصيل القرار", "ردود الفعل", "خلفية الأزمة", "ماذا بعد؟", "أرقام ودلالات")


class PageMaker:
    """Seeded maker of synthetic pages: the same seed makes the same pages."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def _pick(self, items: Sequence[str]) -> str:
        return self.rng.choice(items)

    def headline(self) -> str:
        return f"{self._pick(_ACTORS)} {self._pick(_VERBS)} {self._pick(_TOPICS)}"

    def sentence(self) -> str:
        first = f"{self._pick(_ACTORS)} {self._pick(_VERBS)} {self._pick(_TOPICS)}"
        rest = " ".join(
            f"{self._pick(_CONNECTORS)} {self._pick(_CLAUSES)}،"
            for _ in range(self.rng.randint(1, 3))
        )
        return f"{first}، {rest.rstrip('،')}."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def date(self) -> str:
        r = self.rng
        return (
            f"{self._pick(_DAYS)} {r.randint(1, 28)} {self._pick(_MONTHS)} "
            f"{r.randint(2012, 2024)} - {r.randint(1, 12):02d}:{r.randint(0, 59):02d}"
        )

    def blocks(self, paragraphs: tuple[int, int] = (4, 9)) -> list[Block]:
        """One page as ``(kind, text)`` blocks in reading order."""
        r = self.rng
        site = self._pick(_SITES)
        out: list[Block] = [("boilerplate", " ".join(r.sample(_NAV, 5)))]
        out.append(("title", self.headline()))
        out.append(("meta", f"{site} – {self._pick(_PLACES)}"))
        out.append(("meta", self.date()))
        if r.random() < 0.5:
            out.append(("meta", f"بقلم: {self._pick(_NAMES)} {self._pick(_FAMILY)}"))
        if r.random() < 0.4:
            out.append(
                ("caption", f"صورة أرشيفية لـ{self._pick(_ACTORS)} في {self._pick(_PLACES)}")
            )
        n = r.randint(*paragraphs)
        for i in range(n):
            if i and r.random() < 0.15:
                out.append(("subheading", self._pick(_SUBHEADINGS)))
            out.append(("body", self.paragraph()))
            if i == n // 2 and r.random() < 0.6:
                out.append(("read_also", f"{self._pick(_READ_ALSO)} {self.headline()}"))
        out.append(("source", self._pick(_SOURCES).format(self._pick(_AGENCIES))))
        tags = "، ".join(r.sample(_TAGS, r.randint(3, 6)))
        out.append(("tags", f"{self._pick(('كلمات دلالية:', 'الوسوم:'))} {tags}"))
        out.append(("related", self._pick(_RELATED)))
        out += [("related", self.headline()) for _ in range(r.randint(3, 6))]
        out.append(("boilerplate", self._pick(_FOOTER).format(r.randint(2015, 2024))))
        return out


def text_page(blocks: Sequence[Block]) -> tuple[str, list[dict[str, object]]]:
    """A plain-text page, one block a line, and its gold segments."""
    lines, gold, pos = [], [], 0
    for kind, text in blocks:
        gold.append({"kind": kind, "start": pos, "end": pos + len(text), "text": text})
        lines.append(text)
        pos += len(text) + 1
    return "\n".join(lines) + "\n", gold


_TEMPLATE = {
    "title": '<h1 class="headline">{}</h1>',
    "subheading": "<h2>{}</h2>",
    "body": "<p>{}</p>",
    "meta": '<div class="meta"><span>{}</span></div>',
    "caption": '<figure><img src="/img/photo.jpg" alt=""><figcaption>{}</figcaption></figure>',
    "read_also": '<p class="read-also"><strong>{}</strong></p>',
    "source": '<p class="source">{}</p>',
    "tags": '<div class="tags">{}</div>',
}


def html_page(blocks: Sequence[Block], title: str = "") -> str:
    """An HTML page of the blocks: header, article, aside with the related list, footer."""
    esc = html.escape
    nav, *middle, footer = blocks
    related = [text for kind, text in middle if kind == "related"]
    article = [(kind, text) for kind, text in middle if kind != "related"]
    parts = [
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title>" if title else "",
        "<style>body{font-family:sans-serif}</style>",
        "<script>window.dataLayer=window.dataLayer||[];</script></head><body>",
        "<header><nav><ul>",
        "".join(f'<li><a href="/s/{i}">{esc(w)}</a></li>' for i, w in enumerate(nav[1].split())),
        "</ul></nav></header>\n<main><article>\n",
    ]
    parts += [_TEMPLATE[kind].format(esc(text)) + "\n" for kind, text in article]
    parts.append('</article>\n<aside class="related">')
    if related:
        parts.append(f"<h3>{esc(related[0])}</h3><ul>")
        parts += [f'<li><a href="/a/{i}">{esc(t)}</a></li>' for i, t in enumerate(related[1:])]
        parts.append("</ul>")
    parts.append(f"</aside></main>\n<footer><p>{esc(footer[1])}</p></footer>")
    parts.append("<!-- ad slot --><script>loadAds();</script></body></html>\n")
    return "".join(parts)


def html_gold(page: str, blocks: Sequence[Block]) -> list[dict[str, object]]:
    """Gold segments of an HTML page made by :func:`html_page`, in its visible text."""
    from evaluate import visible_text

    text = visible_text(page)
    nav, *middle, _ = blocks
    # Start after the navigation, past the <title> line that repeats the headline.
    last_nav = f"\n{nav[1].split()[-1]}\n"
    gold, cursor = [], text.index(last_nav) + len(last_nav)
    # The related list is rendered after the article, so look the blocks up in page order.
    ordered = [b for b in middle if b[0] != "related"] + [b for b in middle if b[0] == "related"]
    for kind, block in ordered:
        start = text.find(block, cursor)
        if start < 0:
            raise ValueError(f"block not in the visible text: {block[:40]!r}")
        gold.append({"kind": kind, "start": start, "end": start + len(block), "text": block})
        cursor = start + len(block)
    return gold


def text_pages(n: int, seed: int = 0) -> Iterator[str]:
    """``n`` synthetic text pages."""
    maker = PageMaker(seed)
    for _ in range(n):
        yield text_page(maker.blocks())[0]


def html_pages(n: int, seed: int = 0) -> Iterator[str]:
    """``n`` synthetic HTML pages."""
    maker = PageMaker(seed)
    for _ in range(n):
        blocks = maker.blocks()
        yield html_page(blocks, title=blocks[1][1])


def big_html_page(target_bytes: int, seed: int = 0) -> str:
    """One HTML page of about ``target_bytes``: an article followed by a long archive list."""
    maker = PageMaker(seed)
    blocks = maker.blocks(paragraphs=(20, 20))
    head = html_page(blocks, title=blocks[1][1])
    cut = head.rindex("</aside>")
    items: list[str] = []
    size = len(head.encode("utf-8"))
    while size < target_bytes:
        item = (
            f'<div class="card"><h3><a href="/a">{html.escape(maker.headline())}</a></h3>'
            f"<p>{html.escape(maker.sentence())}</p><span>{maker.date()}</span></div>\n"
        )
        items.append(item)
        size += len(item.encode("utf-8"))
    return "".join([head[:cut], *items, head[cut:]])


def write_corpus(out: Path, n_text: int, n_html: int, seed: int = 0) -> None:
    """Write a corpus in the shared corpus's format, gold files included."""
    (out / "pages").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    maker = PageMaker(seed)
    for i in range(n_text + n_html):
        blocks = maker.blocks()
        fmt = "text" if i < n_text else "html"
        page_id = f"synth-{fmt}-{i:04d}"
        if fmt == "text":
            page, gold = text_page(blocks)
        else:
            page = html_page(blocks, title=blocks[1][1])
            gold = html_gold(page, blocks)
        ext = ".txt" if fmt == "text" else ".html"
        (out / "pages" / (page_id + ext)).write_text(page, encoding="utf-8")
        doc = {"id": page_id, "format": fmt, "segments": gold}
        (out / "gold" / (page_id + ".json")).write_text(
            json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--html", action="store_true", help="print an HTML page")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus-out", type=Path, help="write a corpus with gold files here")
    ap.add_argument("-n", type=int, default=20, help="pages of each format for --corpus-out")
    args = ap.parse_args(argv)
    if args.corpus_out:
        write_corpus(args.corpus_out, args.n, args.n, args.seed)
        print(f"wrote {2 * args.n} pages to {args.corpus_out}")
    else:
        page = next(html_pages(1, args.seed) if args.html else text_pages(1, args.seed))
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
