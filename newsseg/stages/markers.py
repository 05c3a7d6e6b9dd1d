"""Stages driven by the marker lexicon.

``markers`` labels blocks that open with (or are) a marker phrase;
``lists`` extends a marker that stands alone over the headlines listed after
it; ``secondary`` recognizes a whole other article after a read-also marker;
``tag_runs`` labels a run of very short keyword lines after the article.
"""

from __future__ import annotations

import regex

from newsseg.lexicon import MarkerMatch
from newsseg.model import Kind
from newsseg.pipeline import Block, Draft, stage
from newsseg.stages._shape import BULLET, ends_sentence, headline_like, paragraph_like, words

__all__ = ["lists", "markers", "secondary", "tag_runs"]

# Blocks longer than this are running text: 'contains' phrases there are quotes.
MAX_CONTAINS_WORDS = 30
# A field without a separator ("بقلم فلان") must be this short.
MAX_BARE_FIELD_WORDS = 7
# A heading with its headline on the same line: at most this many words in all.
MAX_INLINE_HEADING_WORDS = 40
# Kinds whose marker may stand alone on a line, followed by a list.
LIST_KINDS = (Kind.READ_ALSO, Kind.RELATED, Kind.TAGS)

_KICKER = regex.compile(r"^\W*(بالصور|بالفيديو|فيديو|صور|شاهد|انفوجراف|انفوغراف|فيديوجراف)\s*:")


def _field_ok(mk: MarkerMatch, ntext: str) -> bool:
    rest = ntext[mk.end :].strip()
    n = words(ntext)
    if mk.kind is Kind.SOURCE:
        # "المصدر: الحرة" — never "المصادر الأمنية قالت …"
        return (mk.separator and 0 < words(rest) <= 12) or (not rest)
    if mk.kind is Kind.TAGS:
        return mk.separator or not rest
    if mk.kind is Kind.META:
        return (mk.separator and n <= 14) or (n <= MAX_BARE_FIELD_WORDS and not ends_sentence(ntext))
    return mk.separator and n <= 20


@stage("markers")
def markers(draft: Draft) -> None:
    """Label blocks that open with, or are, a marker of the lexicon.

    >>> import newsseg
    >>> doc = newsseg.segment("نص الخبر الرئيسي عن افتتاح المعرض في العاصمة اليوم.\\n"
    ...                       "المصدر: وكالات\\nكلمات دلالية: المعرض، الكتاب")
    >>> [(s.kind.value, s.rule) for s in doc.segments][1:]
    [('source', 'source.field'), ('tags', 'tags.field')]
    """
    lex = draft.lexicon
    for b in draft.unlabelled():
        ntext = draft.norm_text(b)
        n = words(ntext)
        g = lex.line(ntext)
        if g is not None:
            draft.label(b, g.kind, f"{g.name}.line")
            continue
        mk = lex.head(ntext)
        if mk is not None:
            rest = ntext[mk.end :].strip()
            if mk.role == "heading":
                if not rest:
                    draft.label(b, mk.kind, f"{mk.group}.heading")
                    b.info["list_head"] = True
                    continue
                if n <= MAX_INLINE_HEADING_WORDS and (mk.separator or not ends_sentence(ntext)
                                                      or n <= 25):
                    draft.label(b, mk.kind, f"{mk.group}.inline")
                    continue
            elif _field_ok(mk, ntext):
                draft.label(b, mk.kind, f"{mk.group}.field")
                if not rest and mk.kind in LIST_KINDS:
                    b.info["list_head"] = True
                continue
        if n <= MAX_CONTAINS_WORDS:
            g = lex.contains(ntext)
            if g is not None:
                draft.label(b, g.kind, f"{g.name}.contains")
                continue
        if n <= 16:
            g = lex.pattern(ntext)
            if g is not None:
                draft.label(b, g.kind, f"{g.name}.pattern")


def _item_like(draft: Draft, b: Block, kind: Kind) -> bool:
    ntext = draft.norm_text(b)
    if b.kind is not None:
        return False
    if BULLET.match(draft.raw(b)):
        return words(ntext) <= 40
    return headline_like(ntext, 30 if kind is Kind.RELATED else 25)


@stage("lists")
def lists(draft: Draft) -> None:
    """Headlines after a marker that stands alone take the marker's kind.

    >>> import newsseg
    >>> doc = newsseg.segment("نص الخبر الرئيسي عن افتتاح المعرض الدولي للكتاب في العاصمة.\\n"
    ...                       "مقالات ذات صلة\\n• عنوان أول\\n• عنوان ثان")
    >>> doc.related
    ('عنوان أول', 'عنوان ثان')
    """
    blocks = draft.blocks
    i = 0
    while i < len(blocks):
        head = blocks[i]
        i += 1
        if not head.info.get("list_head") or head.kind not in LIST_KINDS:
            continue
        kind = head.kind
        assert kind is not None
        limit = 6 if kind is Kind.READ_ALSO else 60
        j = i
        while j < len(blocks) and j - i < limit:
            b = blocks[j]
            if b.kind is kind and b.rule.endswith(".line"):
                j += 1
                continue
            if not _item_like(draft, b, kind):
                break
            draft.label(b, kind, f"{head.rule.split('.')[0]}.item")
            j += 1
        i = j
    # a read-also line may be followed by a kicker headline ("بالصور: …")
    for k, b in enumerate(blocks[:-1]):
        if b.kind is Kind.READ_ALSO and not b.info.get("list_head"):
            nxt = blocks[k + 1]
            if nxt.kind is None and _KICKER.match(draft.norm_text(nxt)) and \
                    headline_like(draft.norm_text(nxt)):
                draft.label(nxt, Kind.READ_ALSO, "read_also.kicker")


@stage("secondary")
def secondary(draft: Draft) -> None:
    """A headline after a lone read-also marker, followed by paragraphs, is a whole
    other article: it and its paragraphs are ``secondary``, up to the next marker.

    >>> import newsseg
    >>> body = "نص الخبر الأول عن الاقتصاد المحلي وتطوراته خلال الأسبوع الماضي في البلاد. " * 2
    >>> other = "فقرة من خبر آخر تماما عن الرياضة ونتائج المباريات في الدوري المحلي أمس. " * 2
    >>> doc = newsseg.segment(f"{body}\\nاقرأ أيضا:\\nعنوان خبر آخر\\n{other}\\n{other}")
    >>> [s.kind.value for s in doc.segments]
    ['body', 'read_also', 'secondary', 'secondary', 'secondary']
    """
    blocks = draft.blocks
    for i, head in enumerate(blocks):
        if head.kind is not Kind.READ_ALSO or not head.info.get("list_head"):
            continue
        # the marker's list may have taken the title: look at what follows it
        j = i + 1
        if j >= len(blocks):
            continue
        title = blocks[j]
        if title.kind not in (None, Kind.READ_ALSO) or not headline_like(draft.norm_text(title)):
            continue
        k = j + 1
        paras = 0
        end = k
        while end < len(blocks) and blocks[end].kind in (None, Kind.META) and not (
            blocks[end].info.get("list_head")
        ):
            if paragraph_like(draft.norm_text(blocks[end])):
                paras += 1
            end += 1
        if paras < 2:
            continue
        for b in blocks[j:end]:
            draft.label(b, Kind.SECONDARY, "secondary.after_read_also", force=True)


@stage("tag_runs")
def tag_runs(draft: Draft) -> None:
    """A run of three or more very short keyword lines after the article's last
    paragraph (no marker) is a tag list.

    >>> import newsseg
    >>> doc = newsseg.segment("نص الخبر الرئيسي عن افتتاح المعرض الدولي للكتاب في العاصمة اليوم.\\n"
    ...                       "المعرض\\nالكتاب\\nالثقافة العربية")
    >>> doc.tags
    ('المعرض', 'الكتاب', 'الثقافة العربية')
    """
    blocks = draft.blocks
    last_para = -1
    for i, b in enumerate(blocks):
        if b.kind is None and paragraph_like(draft.norm_text(b)):
            last_para = i
    if last_para < 0:
        return
    i = last_para + 1
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind is None and _tag_like(draft.norm_text(blocks[j])):
            j += 1
        if j - i >= 3:
            for b in blocks[i:j]:
                draft.label(b, Kind.TAGS, "tags.run")
        i = max(j, i + 1)


def _tag_like(ntext: str) -> bool:
    n = words(ntext)
    return 1 <= n <= 4 and not regex.search(r"[.:!?،,\d]", ntext)
