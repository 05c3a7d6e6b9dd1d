"""The ``lists`` stage: a marker that stands alone (``مقالات مشابهة``) extends
over the headlines listed after it.
"""

from __future__ import annotations

from newsseg.engine.draft import Block, Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import headline_like, is_bullet, words
from newsseg.model import Kind
from newsseg.rules.text.markers import KICKER, LIST_KINDS, MAX_SOURCE_VALUE_WORDS

__all__ = ["lists"]


def _item_like(draft: Draft, b: Block, kind: Kind) -> bool:
    ntext = draft.norm_text(b)
    if b.kind is not None and not (b.rule.endswith(".contains") and is_bullet(draft.raw(b))):
        # a bulleted headline that merely mentions a boilerplate word stays in the list
        return False
    if is_bullet(draft.raw(b)):
        return words(ntext) <= 40
    return headline_like(ntext, 30 if kind is Kind.RELATED else 25, n=draft.words(b))


@stage("lists", reads=("list_head", "value_next"))
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
        if not head.list_head or head.kind not in LIST_KINDS:
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
            draft.label(b, kind, f"{head.rule.split('.')[0]}.item", force=True)
            j += 1
        i = j
    # a source label alone ("المصدر:") and its value on the next line
    for k, b in enumerate(blocks[:-1]):
        if b.kind is Kind.SOURCE and b.value_next:
            nxt = blocks[k + 1]
            if nxt.kind is None and 0 < draft.words(nxt) <= MAX_SOURCE_VALUE_WORDS:
                draft.label(nxt, Kind.SOURCE, "source.value")
    # a read-also line may be followed by a kicker headline ("بالصور: …")
    for k, b in enumerate(blocks[:-1]):
        if b.kind is Kind.READ_ALSO and not b.list_head:
            nxt = blocks[k + 1]
            if nxt.kind is None and KICKER(draft.lexicon).match(draft.norm_text(nxt)) and \
                    headline_like(draft.norm_text(nxt), n=draft.words(nxt)):
                draft.label(nxt, Kind.READ_ALSO, "read_also.kicker")
