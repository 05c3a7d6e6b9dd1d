"""The ``captions`` stage: photo credits and captions, and embedded posts
(``pic.twitter.com/…``), dropped into the running text.
"""

from __future__ import annotations

import regex

from newsseg.engine.draft import Draft
from newsseg.engine.pipeline import stage
from newsseg.engine.shape import ends_sentence
from newsseg.lexicon import WordsPattern, required_literals
from newsseg.model import Kind

__all__ = ["captions"]

_EMBED = regex.compile(r"pic\.twitter\.com/\w+|twitter\.com/\w+/status", regex.IGNORECASE)
_EMBED_NEEDS = required_literals(_EMBED)  # a text without them has none
# A caption opening with a word of the lexicon's caption_head list ("صورة أرشيفية").
_CAPTION_HEAD = WordsPattern("caption_head", r"^\W*(?:{words})\b", regex.IGNORECASE)
# Control characters: what is left of a lost image.
_CONTROL = frozenset(map(chr, (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)))


@stage("captions", reads=("tail",))
def captions(draft: Draft) -> None:
    """Embedded posts (ending in a picture link), photo credits and captions are ``caption``.

    >>> import newsseg
    >>> doc = newsseg.segment("نص الخبر الأول عن الطقس والأمطار في المدينة اليوم.\\n"
    ...                       "لقطة من الأمطار في المدينة pic.twitter.com/AbC123")
    >>> doc.segments[1].kind.value
    'caption'
    """
    text = draft.text
    page_has_embeds = _EMBED_NEEDS.found_in(text) and _EMBED.search(text) is not None
    head = _CAPTION_HEAD(draft.lexicon)
    head_needs = draft.lexicon.words_literals(_CAPTION_HEAD)
    for b in draft.unlabelled():
        raw = draft.raw(b)
        ntext = draft.norm_text(b)
        if page_has_embeds and _EMBED.search(raw) and draft.words(b) <= 80:
            draft.label(b, Kind.CAPTION, "caption.embed")
        elif draft.words(b) <= 25 and head_needs.found_in(ntext) and head.match(ntext):
            draft.label(b, Kind.CAPTION, "caption.credit")
        elif b.tail and not ends_sentence(ntext):
            draft.label(b, Kind.CAPTION, "caption.embed_title")
        elif raw[0] in _CONTROL and draft.words(b) <= 15 and not ends_sentence(ntext):
            draft.label(b, Kind.CAPTION, "caption.lost_image")
