"""Word lists of the lexicon (role ``words``): the vocabularies stages build their
patterns from are data, and a user's additions change what the stages do."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

import newsseg
from newsseg import Kind, Lexicon
from newsseg.lexicon import _BREAK, Group, LexiconError, WordsPattern
from newsseg.normalize import normalize

BODY = (
    "أعلنت وزارة النقل اليوم عن خطة لتوسيع شبكة الحافلات في العاصمة خلال العام المقبل، "
    "وقال الوزير إن المرحلة الأولى تشمل عشرة خطوط جديدة."
)
MORE = "وأضاف أن الوزارة ستطرح مناقصة لشراء مئتي حافلة كهربائية قبل نهاية الصيف الحالي."


def _words_patterns() -> list[tuple[str, WordsPattern]]:
    found = []
    for m in pkgutil.walk_packages(newsseg.__path__, "newsseg."):
        module = importlib.import_module(m.name)
        for attr, value in vars(module).items():
            if isinstance(value, WordsPattern):
                found.append((f"{m.name}.{attr}", value))
    return found


WORDS_PATTERNS = _words_patterns()


def test_the_stages_read_their_word_lists_from_the_lexicon() -> None:
    assert {wp.group for _, wp in WORDS_PATTERNS} >= {
        "caption_head", "kicker", "desk", "site_word", "sentence_opener", "months"
    }


@pytest.mark.parametrize(("where", "wp"), WORDS_PATTERNS, ids=[w for w, _ in WORDS_PATTERNS])
def test_every_words_pattern_has_its_group(where: str, wp: WordsPattern) -> None:
    lex = Lexicon.default()
    assert lex[wp.group].role == "words", where
    compiled = wp(lex.compile())
    assert "(?!)" not in compiled.pattern  # the words are in, not the never-matching stand-in
    assert wp(lex.compile()) is compiled  # compiled once per compiled lexicon


def test_words_are_normalized_like_the_text() -> None:
    c = Lexicon.default().compile()
    assert "وافق" in c.words("waw_verbs")
    assert "من جهته" in c.words("linking_phrases")
    # the data is written naturally (ة, أ), the text is matched folded (ه, ا)
    assert "صورة" in Lexicon.default()["caption_head"].phrases
    assert WordsPattern("caption_head", r"^\W*(?:{words})\b")(c).match("صوره ارشيفيه")


def test_a_missing_group_matches_nothing() -> None:
    c = Lexicon.default().without("kicker").compile()
    assert c.words("kicker") == frozenset()
    assert WordsPattern("kicker", r"^\W*(?:{words})\s*:")(c).match("بالفيديو: عنوان") is None
    assert c.words("no_such_group") == frozenset()


def test_a_words_group_needs_phrases_and_is_not_a_marker() -> None:
    with pytest.raises(LexiconError, match="has no phrases"):
        Group("mine", "caption", "words", phrases=[])
    # a word list is not matched by the markers stage: "صورة" alone is no caption marker
    lex = Lexicon.default().with_group(Group("mine", "source", "words", phrases=["الحافلات"]))
    doc = newsseg.segment(f"{BODY}\nالحافلات", lexicon=lex)
    assert doc.segments[-1].kind is not Kind.SOURCE


def test_user_caption_word() -> None:
    page = f"{BODY}\nلقطة أرشيفية لمحطة الحافلات المركزية\n{MORE}"
    assert Kind.CAPTION not in {s.kind for s in newsseg.segment(page).segments}
    lex = Lexicon.default().add("caption_head", ["لقطة"])
    doc = newsseg.segment(page, lexicon=lex)
    assert [s.rule for s in doc.segments if s.kind is Kind.CAPTION] == ["caption.credit"]


def test_user_kicker_word() -> None:
    page = (f"{BODY}\nاقرأ أيضا: الحافلات الكهربائية تصل إلى الموانئ\n"
            f"حصري: جولة داخل مصنع الحافلات الجديد\n{MORE}")
    kinds = [s.kind for s in newsseg.segment(page).segments]
    assert kinds.count(Kind.READ_ALSO) == 1
    lex = Lexicon.default().add("kicker", ["حصري"])
    doc = newsseg.segment(page, lexicon=lex)
    assert [s.rule for s in doc.segments if s.kind is Kind.READ_ALSO][-1] == "read_also.kicker"


def test_user_site_word() -> None:
    page = f"وزارة النقل توسع شبكة الحافلات في العاصمة - الحقيقة اليوم\n{BODY}\n{MORE}"
    assert newsseg.segment(page).title.endswith("الحقيقة اليوم")
    lex = Lexicon.default().add("site_word", ["الحقيقة"])
    doc = newsseg.segment(page, lexicon=lex)
    assert doc.title == "وزارة النقل توسع شبكة الحافلات في العاصمة"
    assert doc.segments[1].rule == "boilerplate.site_suffix"


def test_user_month_name() -> None:
    # a made-up calendar's month: "15 برعم" between paragraphs is a timestamp
    # stub left by a stripped link once the lexicon knows the month
    page = f"{BODY}\n15 برعم\n{MORE}"
    assert "teaser.stubs" not in {s.rule for s in newsseg.segment(page).segments}
    lex = Lexicon.default().add("months", ["برعم"])
    assert [s.rule for s in newsseg.segment(page, lexicon=lex).segments][1] == "teaser.stubs"


@given(st.lists(st.sampled_from(["المصدر", "مصدر", "والمصدر", "كلمات", "الوسوم", "نص", " ", "  ",
                                 "\t", ".", ":", '"', ")", "x", "،"]), max_size=14).map("".join))
def test_after_break_candidates_find_what_the_pattern_finds(text: str) -> None:
    """The str.find fast path gives the offsets the break pattern gives."""
    lex = Lexicon.default().compile()
    words = "|".join(map(regex.escape, lex._break_words))
    pattern = regex.compile(rf"{_BREAK}(?=(?:{words})(?!\w))")
    assert lex.after_break_candidates(text) == [m.end() for m in pattern.finditer(text)]


def test_no_marker_phrase_is_shadowed_by_an_earlier_group() -> None:
    """Heading and field groups are tried in order, and the first group with a
    matching phrase wins: a phrase that extends a phrase of an earlier group
    (``اقرأ الخبر كاملا`` after ``اقرأ الخبر``) would never label anything. The
    default lexicon puts the longer phrase's group first."""
    lex = Lexicon.default()
    c = lex.compile()
    marker_groups = [g for g in lex.groups if g.role in ("heading", "field")]
    shadowed = []
    for i, g in enumerate(marker_groups):
        for phrase in g.phrases:
            long = normalize(phrase, c.normalizer)
            for earlier in marker_groups[:i]:
                shadowed += [f"{g.name}: {phrase} (by {earlier.name}: {p})"
                             for p in earlier.phrases
                             if long.startswith(normalize(p, c.normalizer) + " ")]
    assert not shadowed, shadowed


@pytest.mark.parametrize(("line", "rule"), [
    ("اقرأ الخبر كاملا", "link_back.field"),
    ("آخر الأخبار العاجلة", "ticker.heading"),
    ("نشر في قسم: اقتصاد", "section_field.field"),
    ("اقرأ الخبر: البلدية تفتتح حديقة جديدة", "read_also.inline"),
])
def test_the_longer_phrase_labels_the_line(line: str, rule: str) -> None:
    doc = newsseg.segment(f"{BODY}\n{line}")
    assert [s.rule for s in doc.segments][1:] == [rule]


@pytest.mark.parametrize(("line", "kind"), [
    ("اقرأ أكثر: البلدية تفتتح حديقة جديدة", Kind.READ_ALSO),
    ("مقالات قد تعجبك", Kind.READ_ALSO),
    ("موضوعات تهمك", Kind.READ_ALSO),
    ("مواضيع مرتبطة", Kind.RELATED),
    ("وسوم الخبر: النقل، الحافلات", Kind.TAGS),
    ("كلمات البحث: النقل، الحافلات", Kind.TAGS),
    ("التاغات: النقل", Kind.TAGS),
    ("المقال التالي", Kind.BOILERPLATE),
    ("تكبير الخط", Kind.BOILERPLATE),
    ("أرسل إلى صديق", Kind.BOILERPLATE),
    ("اقرئي أيضاً: أفكار بسيطة لتنظيم المطبخ الصغير", Kind.READ_ALSO),
    ("شاهدي أيضا: أجمل تسريحات الشعر لهذا الموسم", Kind.READ_ALSO),
    ("اقرأ المحتوى الأصلي على موقع المثال", Kind.BOILERPLATE),
    ("تابع جديد أخبارنا على تطبيق الهاتف", Kind.BOILERPLATE),
    ("(بترا) رصد / أغ / اص / وم", Kind.BOILERPLATE),  # a wire's sign-off: editors' initials
    ("//انتهى// ع ح / م م", Kind.BOILERPLATE),
    ("أغ/اص/وم", Kind.BOILERPLATE),
])
def test_marker_variants_of_many_sites(line: str, kind: Kind) -> None:
    """Variants of the shared markers that sites print (read more, topics that
    concern you, linked topics, search words, pager and font-size controls)."""
    doc = newsseg.segment(f"{BODY}\n{line}")
    assert [s.kind for s in doc.segments] == [Kind.BODY, kind]


def test_a_pager_phrase_inside_a_sentence_is_text() -> None:
    doc = newsseg.segment(f"{BODY}\nوأشار الخبر السابق إلى أن الوزارة ستعلن أسماء الشركات قريبا.")
    assert [s.kind for s in doc.segments] == [Kind.BODY, Kind.BODY]


@pytest.mark.parametrize("marker", ["اقرأ أيضاً..", "اقرأ أيضا …", "اقرأ أيضا «", "اقرأ أيضا >>"])
def test_a_marker_with_only_punctuation_after_it_heads_the_next_line(marker: str) -> None:
    """Dots, an ellipsis, an arrow or a guillemet after a heading marker are no
    headline: the marker stands alone and the next line is its item."""
    doc = newsseg.segment(f"{BODY}\n{marker}\nالبلدية تفتتح حديقة جديدة في حي الزهور\n{MORE}")
    assert [s.rule for s in doc.segments][1:3] == ["read_also.heading", "read_also.item"]
    assert doc.read_also == ("البلدية تفتتح حديقة جديدة في حي الزهور",)


def test_a_collective_byline_under_the_title_is_meta() -> None:
    doc = newsseg.segment(f"النقل تطلق خطة الحافلات الجديدة\nهيئة التحرير\n{BODY}")
    assert [s.kind for s in doc.segments] == [Kind.TITLE, Kind.META, Kind.BODY]
