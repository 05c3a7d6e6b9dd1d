"""Example pages written for newsseg: each case gives the expected (kind, text) of every segment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import newsseg
from newsseg import Kind

CASES = Path(__file__).parent / "cases"


def _load(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((CASES / name).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("case", _load("text_cases.json"), ids=lambda c: c["label"])
def test_text_case(case: dict[str, Any]) -> None:
    doc = newsseg.segment(case["input"])
    got = [[s.kind.value, s.text] for s in doc.segments]
    assert got == case["expected"], case["comment"]
    for s in doc.segments:
        assert doc.text[s.start : s.end] == s.text
        assert s.rule, "every segment names the rule that decided it"


@pytest.mark.parametrize("case", _load("negative.json"), ids=lambda c: c["label"])
def test_negative_stays_body(case: dict[str, Any]) -> None:
    doc = newsseg.segment(case["input"])
    assert [s.kind for s in doc.segments] == [Kind.BODY], case["comment"]


def test_example_page_views() -> None:
    doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
    assert doc.title == "وزارة الزراعة تطلق خطة جديدة لترشيد مياه الري في الدلتا"
    assert doc.source == "وكالة الأنباء الرسمية"
    assert doc.tags == ("الزراعة", "المياه", "الري الحديث")
    assert doc.read_also == ("ارتفاع منسوب النيل يثير مخاوف المزارعين في الصعيد",)
    assert len(doc.related) == 3
    assert "دعم المزارعين" in doc.article
    assert "حقوق" not in doc.article
    assert doc.of_kind(Kind.SUBHEADING)[0].text == "دعم المزارعين"
    assert [s.kind for s in doc.of_kind(Kind.META)] == [Kind.META, Kind.META]


def test_views_on_secondary_page() -> None:
    case = next(c for c in _load("text_cases.json") if c["label"] == "secondary-after-read-also")
    doc = newsseg.segment(case["input"])
    assert doc.secondary.startswith("مهرجان للتمور")
    assert "افتتح محافظ" in doc.article
    assert "مهرجان" not in doc.article
    assert doc.related == ("افتتاح سوق جديد للخضار", "تمديد ساعات عمل المترو")
    assert doc.read_also == ()
    assert doc.source == "صحيفة المدينة"


def test_clean_keeps_title_and_article_only() -> None:
    out = newsseg.clean(newsseg.EXAMPLE_PAGE)
    paras = out.split("\n\n")
    assert paras[0] == newsseg.segment(newsseg.EXAMPLE_PAGE).title
    assert not any(p.startswith(("اقرأ", "المصدر", "كلمات", "•", "جميع")) for p in paras)


def test_document_json_round_trip() -> None:
    doc = newsseg.segment(newsseg.EXAMPLE_PAGE)
    again = newsseg.Document.from_dict(json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)))
    assert again == doc
    assert again.tags == doc.tags


def test_user_lexicon_phrase() -> None:
    page = ("أطلقت الهيئة حملة وطنية للتوعية بأهمية التبرع بالدم في المستشفيات الحكومية.\n"
            "لا يفوتك: مواعيد حملات التبرع في المحافظات")
    assert newsseg.segment(page).read_also == ()
    lex = newsseg.Lexicon.default().add("read_also", ["لا يفوتك"])
    assert newsseg.segment(page, lexicon=lex).read_also == ("مواعيد حملات التبرع في المحافظات",)


def test_bad_input_type() -> None:
    with pytest.raises(newsseg.InputError, match="takes str or bytes, not int"):
        newsseg.segment(1)  # type: ignore[arg-type]


def test_lines_in_a_row_that_are_not_lost_read_also_boxes() -> None:
    """Unmarked read-also items are two or three headlines of some length: a verse
    split in two short lines, a list after a colon and a longer run stay the article's."""
    p = "وقال المتحدث إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة بحضور جميع الوسطاء."
    verse = ["يا دار عبلة بالجواء تكلمي", "وعمي صباحا دار عبلة واسلمي"]
    listed = ["وتضمن الاتفاق عدة بنود أبرزها ما يلي:",
              "وقف إطلاق النار في جميع المناطق الحدودية فورا",
              "تبادل الأسرى على ثلاث مراحل خلال شهرين كاملين"]
    run = ["المرحلة الأولى من المشروع تشمل الأحياء الشمالية كلها",
           "المرحلة الثانية من المشروع تشمل الأحياء الجنوبية كلها",
           "المرحلة الثالثة من المشروع تشمل الأحياء الشرقية كلها",
           "المرحلة الرابعة من المشروع تشمل الأحياء الغربية كلها"]
    for lines in (verse, listed, run):
        doc = newsseg.segment("\n".join([p, *lines, p]))
        assert doc.read_also == (), lines
        assert all(line in doc.article for line in lines), lines


def test_closing_paragraphs_of_a_story_told_without_conjunctions_stay_body() -> None:
    """Ledes of other stories are told apart by a body that carries on with 'و';
    a story written in short standalone paragraphs keeps its last ones."""
    paras = ["أعلنت البلدية عن خطة لتجديد الحدائق العامة في الأحياء القديمة خلال العام المقبل كله.",
             "تشمل الخطة زراعة آلاف الأشجار وتركيب مقاعد جديدة وإنارة تعمل بالطاقة الشمسية في كل حديقة.",
             "يقول رئيس البلدية إن السكان طالبوا بهذه الخطوة منذ سنوات طويلة في اجتماعات الأحياء الدورية.",
             "تبدأ الأعمال في الحديقة المركزية الشهر المقبل على أن تنتهي قبل حلول فصل الصيف المقبل.",
             "تتولى شركة محلية تنفيذ المرحلة الأولى بتكلفة تقارب خمسة ملايين دينار وفق العقد الموقع.",
             "ينتظر السكان أن تخفف الحدائق الجديدة من حرارة الصيف في الشوارع المكتظة بالمباني."]
    doc = newsseg.segment("\n".join(paras))
    assert [s.kind.value for s in doc.segments] == ["body"] * len(paras)
