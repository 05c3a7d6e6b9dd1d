"""The last text stage: decide the article's title, body and subheadings.

The article runs from its first paragraph to the last paragraph before a hard
end (tags, a secondary article, a related list with no text after it). Before
it: the title and the lines around it; inside it: paragraphs are ``body``,
short lines that introduce a paragraph are ``subheading``; after it,
whatever is left is ``boilerplate``.
"""

from __future__ import annotations

import itertools

import regex

from newsseg.engine.draft import Block, Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import COMMA, ends_sentence, headline_like
from newsseg.lexicon import WordsPattern
from newsseg.model import Kind

__all__ = ["article", "label_lines"]

_ARABIC = regex.compile(r"[\u0600-\u06ff]")

# Kinds after which the article does not resume.
_HARD_END = (Kind.TAGS, Kind.SECONDARY)
MAX_TITLE_WORDS = 30
MAX_SUBHEADING_WORDS = 14
# Unmarked read-also items: runs of this many headlines at most, each this long at least.
MAX_UNMARKED_ITEMS = 3
MIN_ITEM_WORDS = 6
# A run of this many headlines after the article is a list of other articles.
MIN_LIST_ITEMS = 3
# A title repeated later is recognized from this many words on.
MIN_TITLE_REPEAT_WORDS = 3
_LETTER_FIRST = regex.compile(r"^\W*\p{Arabic}")
# Items of the article's own lists: names joined by dashes, "label: value".
_FIELDS = regex.compile(r"\S-\s|\s-\S|:")
# Words with which a paragraph announces the list after it ("كالآتي", "التالية").
_LIST_INTRO = WordsPattern("list_intro", r"(?<!\w)(?:{words})(?!\w)")
# Ledes of other stories after the article: at least this many, each this long,
# after a story whose paragraphs carry on with a conjunction at least this often.
MIN_LEDES = 3
MIN_LEDE_WORDS = 15
JOINED_SHARE = 0.6
# Verbs whose first letter is و ("waw_verbs") and phrases that carry a story on
# without a conjunction ("linking_phrases") are word lists of the lexicon.
_EDGE = regex.compile(r"^\W+|\W+$")


def _first_paragraph(draft: Draft) -> int | None:
    for i, b in enumerate(draft.blocks):
        if b.kind is None and draft.is_paragraph(b):
            return i
    return None


def _end(draft: Draft, start: int) -> int:
    blocks = draft.blocks
    last_para = draft.last_paragraph()
    for i in range(start, len(blocks)):
        b = blocks[i]
        if b.kind in _HARD_END or draft.lexicon.ends_article(b.rule):
            return i
        if b.kind is Kind.RELATED and (b.rule.endswith((".line", ".stubs"))):
            return i  # a "more" link or timestamp stubs close the page's lists
        if b.kind is Kind.RELATED and b.list_head and last_para <= i:
            return i
    return len(blocks)


def _next_unlabelled_paragraph(draft: Draft, i: int, end: int) -> bool:
    blocks = draft.blocks
    for j in range(i + 1, min(end, i + 3)):
        b = blocks[j]
        if b.kind is None:
            return draft.is_paragraph(b)
        if b.kind not in (Kind.CAPTION, Kind.BOILERPLATE):
            return False
    return False


@stage("article", reads=("list_head",))
def article(draft: Draft) -> None:
    """Label what is left: title, body, subheadings, and boilerplate after the article.

    >>> import newsseg
    >>> doc = newsseg.segment("عنوان الخبر هنا\\n"
    ...     "فقرة أولى من نص الخبر تتحدث عن موضوع مهم في المدينة اليوم.\\n"
    ...     "عنوان فرعي\\n"
    ...     "فقرة ثانية من نص الخبر تتحدث عن تفاصيل أخرى مهمة جدا للقراء.")
    >>> [s.kind.value for s in doc.segments]
    ['title', 'body', 'subheading', 'body']
    """
    blocks = draft.blocks
    p0 = _first_paragraph(draft)
    if p0 is None:
        # no running text: a lone short page is all body (a brief), else a title + body
        for b in draft.unlabelled():
            draft.label(b, Kind.BODY, "article.body")
        return
    label_lines(draft)
    end = _end(draft, p0)
    _head(draft, blocks[:p0])
    _title_repeats(draft)
    _unmarked_read_also(draft, p0, end)
    _trailing_ledes(draft, p0, end)
    _trailing_list(draft, p0, end)
    for i in range(p0, end):
        b = blocks[i]
        if b.kind is not None:
            continue
        ntext = draft.norm_text(b)
        n = draft.words(b)
        if (
            n <= MAX_SUBHEADING_WORDS
            and not draft.is_paragraph(b)
            and (
                headline_like(ntext, MAX_SUBHEADING_WORDS, n=n)
                or (n <= 4 and ntext.rstrip().endswith(":"))
            )
            and _next_unlabelled_paragraph(draft, i, end)
        ):
            draft.label(b, Kind.SUBHEADING, "article.subheading")
        else:
            draft.label(b, Kind.BODY, "article.body")
    closer = blocks[end] if end < len(blocks) else None
    # the rest of the line a closing credit opens ("عزيزي الزائر لقد قرأت خبر …
    # في موقع …", cut at its sentences on a page without breaks) keeps its kind
    credit = (closer.kind if closer is not None and closer.kind is not Kind.BOILERPLATE
              and draft.lexicon.ends_article(closer.rule) else None)
    for b in blocks[end:]:
        if b.kind is not None:
            continue
        if credit is not None and closer is not None and b.line == closer.line:
            draft.label(b, credit, closer.rule)
        else:
            draft.label(b, Kind.BOILERPLATE, "article.after_end")


def _headline_item(draft: Draft, b: Block) -> bool:
    """A line that reads as another story's headline: letters first, no comma,
    no final stop, a few words."""
    ntext = draft.norm_text(b)
    n = draft.words(b)
    return (b.kind is None and MIN_ITEM_WORDS <= n <= MAX_SUBHEADING_WORDS
            and headline_like(ntext, MAX_SUBHEADING_WORDS, n=n) and not draft.is_paragraph(b)
            and _LETTER_FIRST.match(ntext) is not None and not COMMA.search(ntext))


def _unmarked_read_also(draft: Draft, start: int, end: int) -> None:
    """Two or three headlines in a row between paragraphs are links to other
    stories with their marker lost (a subheading stands alone before its text).

    >>> import newsseg
    >>> p = "وقال المتحدث إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة بحضور الوسطاء."
    >>> doc = newsseg.segment(p + "\\nوزير الخارجية يصل إلى العاصمة في زيارة رسمية\\n"
    ...     "الأمم المتحدة تدعو إلى هدنة إنسانية عاجلة في المدينة\\n" + p)
    >>> [s.kind.value for s in doc.segments]
    ['body', 'read_also', 'read_also', 'body']
    """
    blocks = draft.blocks
    i = start + 1
    while i < end:
        if not _headline_item(draft, blocks[i]):
            i += 1
            continue
        j = i
        while j + 1 < end and _headline_item(draft, blocks[j + 1]):
            j += 1
        before, after = blocks[i - 1], blocks[j + 1] if j + 1 < end else None
        if 1 <= j - i < MAX_UNMARKED_ITEMS and before.kind is None and after is not None \
                and after.kind is None and draft.is_paragraph(before) \
                and ends_sentence(draft.norm_text(before)) and draft.is_paragraph(after):
            for b in blocks[i : j + 1]:
                draft.label(b, Kind.READ_ALSO, "read_also.unmarked")
        i = j + 1


# A label alone before its value ("التاريخ:", "المصدر:"): a few words and a colon.
MAX_LABEL_WORDS = 3
_FIELD_KINDS = (Kind.META, Kind.SOURCE, Kind.TAGS)


def label_lines(draft: Draft) -> None:
    """A label alone on its line before a value another stage has labelled a
    date, a source or tags ("التاريخ:" over "12 مايو 2024") takes the value's
    kind: the label and its value are one field, split over two lines.

    >>> import newsseg
    >>> p = "افتتحت البلدية حديقة عامة جديدة في حي الزهور تضم ملاعب للأطفال ومسارا للمشي."
    >>> doc = newsseg.segment("\\n".join(["البلدية تفتتح حديقة جديدة", "التاريخ:",
    ...                                    "الأحد 12 مايو 2024", p, p]))
    >>> [(s.kind.value, s.rule) for s in doc.segments][1:3]
    [('meta', 'meta.label'), ('meta', 'meta.date')]
    """
    blocks = draft.blocks
    for b, nxt in itertools.pairwise(blocks):
        kind = nxt.kind
        if (b.kind is None and kind is not None and kind in _FIELD_KINDS
                and draft.words(b) <= MAX_LABEL_WORDS
                and draft.norm_text(b).rstrip().endswith(":")):
            draft.label(b, kind, f"{kind.value}.label")


def _title_repeats(draft: Draft) -> None:
    """A line that repeats the title word for word (a breadcrumb's last item,
    the title again above the text) is the title again: a page's repeated
    text keeps, at every copy, the kind it would have once.

    >>> import newsseg
    >>> p = "افتتحت البلدية حديقة عامة جديدة في حي الزهور تضم ملاعب للأطفال ومسارا للمشي."
    >>> t = "البلدية تفتتح حديقة جديدة"
    >>> doc = newsseg.segment("\\n".join([t, p, t, p]))
    >>> [(s.kind.value, s.rule) for s in doc.segments][2]
    ('title', 'title.repeat')
    """
    title = next((b for b in draft.blocks if b.kind is Kind.TITLE), None)
    if title is None or draft.words(title) < MIN_TITLE_REPEAT_WORDS:
        return
    for b in draft.blocks:
        if b.kind is None and _same_words(draft, b, title):
            draft.label(b, Kind.TITLE, "title.repeat")


def _same_words(draft: Draft, a: Block, b: Block) -> bool:
    """Whether two blocks say the same words, punctuation around them aside
    (the word count first: most blocks differ there)."""
    return draft.words(a) == draft.words(b) and (
        _EDGE.sub("", draft.norm_text(a)) == _EDGE.sub("", draft.norm_text(b))
    )


def _trailing_list(draft: Draft, start: int, end: int) -> None:
    """A run of headlines after the article's last paragraph, without a
    marker (lost with the links' box), is a list of other articles.

    >>> import newsseg
    >>> p = "افتتحت البلدية حديقة عامة جديدة في حي الزهور تضم ملاعب للأطفال ومسارا للمشي."
    >>> heads = ["ارتفاع أسعار الخضار في الأسواق المحلية هذا الأسبوع",
    ...          "المنتخب الوطني يستعد لمباراته الودية أمام ضيفه",
    ...          "افتتاح معرض الكتاب الدولي بمشاركة مئات الناشرين"]
    >>> [s.kind.value for s in newsseg.segment("\\n".join([p, p, *heads])).segments]
    ['body', 'body', 'related', 'related', 'related']
    """
    blocks = draft.blocks
    last = -1
    for i in range(start, end):
        b = blocks[i]
        if b.kind is None and draft.is_paragraph(b):
            last = i
    if last < 0:
        return
    run = [b for b in blocks[last + 1 : end] if b.kind is None]
    if len(run) < MIN_LIST_ITEMS or blocks[last + 1 : end][:1] != run[:1]:
        return
    # a list the article announces ("… كالآتي:") is the article's own
    intro = draft.norm_text(blocks[last]).rstrip()
    if intro.endswith(":") or _LIST_INTRO(draft.lexicon).search(intro):
        return
    if all(_headline_item(draft, b) and not _FIELDS.search(draft.norm_text(b)) for b in run):
        for b in run:
            draft.label(b, Kind.RELATED, "related.run")


def _joined(draft: Draft, ntext: str) -> bool:
    """Whether a paragraph carries on the story: it opens with a conjunction
    (the lexicon's ``conjunctions``: و, ف, but not the first letter of the
    ``waw_verbs`` وافق, وصل…) or a linking phrase."""
    head = [w for w in (_EDGE.sub("", w) for w in ntext.split(maxsplit=3)[:3]) if w]
    if not head:
        return False
    lex = draft.lexicon
    if head[0][:1] in lex.words("conjunctions") and head[0] not in lex.words("waw_verbs"):
        return True
    links = lex.words("linking_phrases")
    return any(" ".join(head[:k]) in links for k in (1, 2, 3))


def _lede_like(draft: Draft, b: Block) -> bool:
    ntext = draft.norm_text(b).lstrip()
    return (b.kind is None and draft.is_paragraph(b) and draft.words(b) >= MIN_LEDE_WORDS
            and _LETTER_FIRST.match(ntext) is not None and not _joined(draft, ntext))


def _trailing_ledes(draft: Draft, start: int, end: int) -> None:
    """Paragraphs after the story that each open a story of their own ("more
    from this section" ledes): a run of three or more at the end, none carrying
    on with a conjunction, after a body whose paragraphs mostly do.

    >>> import newsseg
    >>> body = ["أعلنت الحكومة اليوم خطة جديدة لدعم الصناعات الصغيرة بقيمة مليار دولار.",
    ...         "وقال وزير الصناعة إن الخطة تشمل قروضا ميسرة وإعفاءات ضريبية للمشروعات.",
    ...         "وأضاف أن الوزارة ستنشر شروط التقديم على موقعها الرسمي خلال الأسبوع المقبل.",
    ...         "ويأتي ذلك بعد شهور من المطالبات بدعم أصحاب الورش المتضررين من الغلاء."]
    >>> ledes = ["ارتفعت أسعار الذهب في الأسواق العالمية اليوم الثلاثاء إلى أعلى"
    ...          " مستوى لها منذ ثلاثة أشهر.",
    ...          "أعلنت شركة الطيران الوطنية عن تشغيل خط مباشر جديد بين العاصمة"
    ...          " ومدينة إسطنبول اعتبارا من الشهر المقبل.",
    ...          "قررت لجنة السياسة النقدية في البنك المركزي الإبقاء على أسعار"
    ...          " الفائدة دون تغيير للمرة الثالثة على التوالي."]
    >>> [s.kind.value for s in newsseg.segment("\\n".join(body + ledes)).segments]
    ['body', 'body', 'body', 'body', 'related', 'related', 'related']
    """
    blocks = draft.blocks
    k = end
    while k > start and _lede_like(draft, blocks[k - 1]):
        k -= 1
    if end - k < MIN_LEDES:
        return
    # each lede is a line of its own: sentences of one line that lost its
    # breaks are the story's
    lines = [b.line for b in blocks[k - 1 : end]]
    if len(set(lines)) != len(lines):
        return
    story = [b for b in blocks[start:k] if b.kind is None and draft.is_paragraph(b)][1:]
    if len(story) < MIN_LEDES or not _joined(draft, draft.norm_text(story[-1]).lstrip()):
        return
    if sum(_joined(draft, draft.norm_text(b).lstrip()) for b in story) < JOINED_SHARE * len(story):
        return
    for b in blocks[k:end]:
        draft.label(b, Kind.RELATED, "related.ledes")


def _longer_headline_follows(draft: Draft, head: list[Block], i: int, n: int) -> bool:
    for b in head[i + 1 :]:
        if b.kind is None:
            m = draft.words(b)
            return m > n and headline_like(draft.norm_text(b), MAX_TITLE_WORDS, n=m)
    return False


def _head(draft: Draft, head: list[Block]) -> None:
    """Lines before the first paragraph: the title, then decks and short lines."""
    title_at: int | None = None
    for i, b in enumerate(head):
        if b.kind is not None:
            continue
        ntext = draft.norm_text(b)
        n = draft.words(b)
        if n <= 4 and not _ARABIC.search(ntext):
            # a Latin-only agency or site name near the title
            draft.label(b, Kind.SOURCE, "source.latin_credit")
        elif title_at is None and n <= 2 and _longer_headline_follows(draft, head, i, n):
            # a section name above the headline ("اقتصاد", "محليات")
            draft.label(b, Kind.BOILERPLATE, "boilerplate.section")
        elif title_at is not None and head[title_at].kind is Kind.TITLE and (
            _same_words(draft, b, head[title_at])
        ):
            draft.label(b, Kind.TITLE, "title.repeat")  # the title printed twice
        elif title_at is None and headline_like(ntext, MAX_TITLE_WORDS, n=n) and (
            _ARABIC.search(ntext)
        ):
            draft.label(b, Kind.TITLE, "article.title")
            title_at = i
        elif title_at is not None and i == title_at + 1 and head[title_at].kind is Kind.TITLE \
                and headline_like(ntext, 14, n=n) and i + 1 < len(head) \
                and head[i + 1].kind is not None:
            # kicker + title: a second short headline right under the first
            draft.label(b, Kind.TITLE, "article.title")
        elif ends_sentence(ntext) or n > MAX_SUBHEADING_WORDS:
            draft.label(b, Kind.BODY, "article.body")
        else:
            draft.label(b, Kind.SUBHEADING, "article.deck")
