"""Segment news pages given as HTML.

:func:`segment_html` reads a page (``str`` or ``bytes`` in any encoding),
takes its visible text — one line a block element, white space collapsed,
``script``/``style``/… dropped — and labels every line with the same kinds
as :func:`newsseg.segment`, using what the DOM says (``<article>``,
``<nav>``, ``<figure>``, class names, links, JSON-LD) together with the text
stages and marker lexicon of the plain-text segmenter.

>>> import newsseg
>>> page = '''<html><head><title>وزير الزراعة يفتتح المعرض - صحيفة المثال</title></head><body>
... <nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/eco">اقتصاد</a></li></ul></nav>
... <article><h1>وزير الزراعة يفتتح المعرض</h1><time>12 مايو 2024</time>
... <p>افتتح وزير الزراعة صباح اليوم المعرض الدولي للآلات الزراعية بمشاركة مئتي شركة.</p>
... <p>وقال الوزير إن المعرض يفتح الباب أمام المزارعين لتحديث أدواتهم بأسعار مناسبة.</p>
... <div class="tags"><a href="/t/1">الزراعة</a><a href="/t/2">المعارض</a></div></article>
... <footer>جميع الحقوق محفوظة</footer></body></html>'''
>>> doc = newsseg.segment_html(page)
>>> for s in doc.segments:
...     print(s.kind.value, "|", s.text)
boilerplate | وزير الزراعة يفتتح المعرض - صحيفة المثال
boilerplate | الرئيسية
boilerplate | اقتصاد
title | وزير الزراعة يفتتح المعرض
meta | 12 مايو 2024
body | افتتح وزير الزراعة صباح اليوم المعرض الدولي للآلات الزراعية بمشاركة مئتي شركة.
body | وقال الوزير إن المعرض يفتح الباب أمام المزارعين لتحديث أدواتهم بأسعار مناسبة.
tags | الزراعةالمعارض
boilerplate | جميع الحقوق محفوظة

Offsets point into ``doc.text``, and ``path`` into the DOM:

>>> s = doc.of_kind("title")[0]
>>> doc.text[s.start:s.end] == s.text, s.path
(True, '/html/body/article/h1')
"""

from __future__ import annotations

import attrs

from newsseg.engine.draft import Block, Draft, norm_offsets
from newsseg.engine.shape import words
from newsseg.errors import InputError
from newsseg.formats.decode import decode
from newsseg.formats.html.dom import Extract, Line, extract, parse
from newsseg.formats.html.head import PageHead, read_head
from newsseg.formats.html.vocab import Vocab
from newsseg.lexicon import Lexicon
from newsseg.limits import DEFAULT_LIMITS, Limits
from newsseg.normalize import MATCHING, AlignedText, Normalizer

__all__ = ["HtmlPage", "build_draft"]


@attrs.frozen(slots=True)
class HtmlPage:
    """What reading the HTML found, for the DOM stages: the page's lines and
    elements, its ``<head>`` facts and the class-name vocabulary.

    >>> d = build_draft("<title>عنوان</title><p>نص</p>")
    >>> d.fact(HtmlPage).head.metadata.title
    'عنوان'
    """

    extract: Extract
    head: PageHead
    vocab: Vocab

    def line(self, block: Block) -> Line:
        """The page line ``block`` comes from: its element (``node``), the
        deepest element holding all its text (``inner``) and the share of its
        characters inside links (``links``).

        >>> d = build_draft("<ul><li><a href='/a'>عنوان</a></li></ul>")
        >>> ln = d.fact(HtmlPage).line(d.blocks[0])
        >>> ln.node.tag, ln.inner.tag, ln.links
        ('li', 'a', 1.0)
        """
        return self.extract.lines[block.line]


def _for_parser(page: str | bytes | bytearray | memoryview,
                encoding: str | None) -> str | bytes:
    """What :func:`~newsseg.formats.html.dom.parse` reads: the page's own bytes when
    they are valid UTF-8 (no copy to decode and encode again), else its text."""
    if isinstance(page, str):
        return page
    data = bytes(page)
    decoded = decode(data, encoding=encoding)
    if decoded.how == "utf-8" and not decoded.text.endswith("\ufffd"):
        return data  # the bytes are valid UTF-8 (no BOM: that is how="bom")
    return decoded.text


def build_draft(
    page: str | bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    lexicon: Lexicon | None = None,
    normalizer: Normalizer = MATCHING,
    limits: Limits | None = None,
    vocab: Vocab | None = None,
) -> Draft:
    """Parse ``page`` into a :class:`~newsseg.engine.draft.Draft`: its visible text,
    one block a line, each with ``path`` (XPath); the page's facts are its
    :class:`HtmlPage` (``draft.fact(HtmlPage)``), whose ``line(block)``
    gives a block's element, inner element and share of linked text.
    :func:`newsseg.segment_html` runs the pipeline on it.

    >>> d = build_draft("<div><p>سطر أول</p><p>سطر <a href='/'>ثان</a></p></div>")
    >>> d.text
    'سطر أول\\nسطر ثان'
    >>> page = d.fact(HtmlPage)
    >>> [(b.path, page.line(b).node.tag, round(page.line(b).links, 1)) for b in d.blocks]
    [('/html/body/div/p[1]', 'p', 0.0), ('/html/body/div/p[2]', 'p', 0.4)]
    """
    limits = limits or DEFAULT_LIMITS
    if not isinstance(page, (str, bytes, bytearray, memoryview)):
        raise InputError(f"segment_html() takes str or bytes, not {type(page).__name__}")
    limits.check_html(page)
    root = parse(_for_parser(page, encoding))
    vocab = vocab or Vocab.default()
    head = read_head(root, url=url)
    ex = extract(root, vocab=vocab, max_depth=limits.max_depth)
    # the lines' blocks and segments are what costs memory; the parse is bounded
    # by max_html_bytes
    limits.check_html_lines(len(ex.lines))
    lex = (lexicon or Lexicon.default()).compile(normalizer)
    norm = normalizer(AlignedText.identity(ex.text))
    draft = Draft(ex.text, norm, [], lex, format="html")
    blocks = draft.blocks
    bounds = norm_offsets(norm, [x for ln in ex.lines for x in (ln.start, ln.end)])
    # every stage reads the blocks' normalized text and word counts: filled
    # here in one pass instead of on first use
    ntext = norm.text
    path = ex.path
    for i, ln in enumerate(ex.lines):
        ns, ne = bounds[2 * i], bounds[2 * i + 1]
        nt = ntext[ns:ne]
        blocks.append(Block(
            ln.start, ln.end, ns, ne, i, path=path(ln.node),
            ntext=nt, nwords=words(nt),
        ))
    draft.put(HtmlPage(ex, head, vocab))
    return draft

