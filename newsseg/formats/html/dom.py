"""From HTML to visible text, one line a block, with the DOM facts of every line.

:func:`parse` reads a page with lxml's HTML parser, never touching the network
nor resolving entities; :func:`extract` walks the tree without recursion
(``iter()`` and a stack of the open elements) and returns the page's visible
text (one line a block, white space inside a line collapsed,
``script``/``style``/… dropped) and, for every line, the :class:`Node` of the
block element it comes from.

>>> page = parse("<html><body><nav><a href='/'>الرئيسية</a></nav>"
...              "<article><h1>عنوان الخبر</h1><p>نص <a href='/x'>الخبر</a>.</p></article>"
...              "<script>var x = 1;</script></body></html>")
>>> ex = extract(page)
>>> print(ex.text)
الرئيسية
عنوان الخبر
نص الخبر.
>>> [(ln.node.tag, ln.node.in_nav, ln.node.in_article) for ln in ex.lines]
[('nav', True, False), ('h1', False, True), ('p', False, True)]
>>> ex.path(ex.lines[2].node), round(ex.lines[2].links, 2)
('/html/body/article/p', 0.56)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import Any

import lxml.etree
import lxml.html

from newsseg.formats.html.vocab import Vocab

__all__ = [
    "BLOCK_TAGS",
    "CTX_NAMES",
    "FALLBACK_DEPTH",
    "SKIP_TAGS",
    "Extract",
    "Line",
    "Node",
    "XPaths",
    "extract",
    "parse",
    "shallow",
]

#: Elements that start and end a line (the definition the gold corpus uses).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th",
    "tr", "ul", "title", "body", "html", "head", "option", "select", "button", "label",
})
#: Elements whose content is never visible text (their tail is).
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})

# Context bits: set on an element and inherited by everything inside it.
ARTICLE = 1 << 0
MAIN = 1 << 1
ASIDE = 1 << 2
NAV = 1 << 3
HEADER = 1 << 4
FOOTER = 1 << 5
FIGURE = 1 << 6
FIGCAPTION = 1 << 7
LIST = 1 << 8
LINK = 1 << 9
FORM = 1 << 10
HEADING = 1 << 11
TABLE = 1 << 12
QUOTE = 1 << 13
TIME = 1 << 14
BODY = 1 << 15
"""``itemprop="articleBody"``."""
AUTHOR = 1 << 16
"""``itemprop="author"``, ``rel="author"``, ``<address>``."""
DATE = 1 << 17
"""``itemprop="datePublished"`` and the like."""
HEADLINE = 1 << 18
"""``itemprop="headline"``."""
TAGREL = 1 << 19
"""``rel="tag"``, ``itemprop="keywords"``."""
DIALOG = 1 << 20
HIDDEN = 1 << 21
"""``hidden`` or ``aria-hidden="true"``."""
CONTROL = 1 << 22
"""Form controls: ``button``, ``select``, ``option``, ``label``."""
ANCHOR = 1 << 24
"""A link that goes nowhere else: ``href="#…"``, ``javascript:``, or no ``href``."""
HEAD = 1 << 23
"""Inside ``<head>`` (the ``<title>``)."""

#: Name of every context bit (for display and :meth:`Node.context`).
CTX_NAMES: dict[int, str] = {
    ARTICLE: "article", MAIN: "main", ASIDE: "aside", NAV: "nav", HEADER: "header",
    FOOTER: "footer", FIGURE: "figure", FIGCAPTION: "figcaption", LIST: "list", LINK: "link",
    FORM: "form", HEADING: "heading", TABLE: "table", QUOTE: "quote", TIME: "time",
    BODY: "body", AUTHOR: "author", DATE: "date", HEADLINE: "headline", TAGREL: "tag",
    DIALOG: "dialog", HIDDEN: "hidden", CONTROL: "control", HEAD: "head", ANCHOR: "anchor",
}

_TAG_CTX: dict[str, int] = {
    "article": ARTICLE, "main": MAIN, "aside": ASIDE, "nav": NAV, "header": HEADER,
    "footer": FOOTER, "figure": FIGURE, "figcaption": FIGCAPTION | FIGURE, "ul": LIST,
    "ol": LIST, "dl": LIST, "li": LIST, "menu": LIST | NAV, "a": LINK, "form": FORM,
    "button": CONTROL, "select": CONTROL, "option": CONTROL, "label": CONTROL,
    "input": CONTROL, "textarea": CONTROL, "fieldset": FORM,
    "h1": HEADING, "h2": HEADING, "h3": HEADING, "h4": HEADING, "h5": HEADING,
    "h6": HEADING, "table": TABLE, "blockquote": QUOTE, "time": TIME, "address": AUTHOR,
    "dialog": DIALOG, "head": HEAD,
}
_MEDIA = frozenset({"img", "picture", "video", "amp-img", "image"})
#: The tags of images and videos (an element holding one is near a caption).
MEDIA_TAGS: tuple[str, ...] = tuple(sorted(_MEDIA))
# On extract's stack: a block element nested past max_depth (its text joins its
# ancestor's line, between spaces).
DEEP_BLOCK = 2
# Class and id of these say nothing about the content (WordPress puts
# "has-sidebar", "comments-open"… on <body>).
_NO_VOCAB = frozenset({"html", "body"})
# What each attribute that matters says: 1 vocabulary (class, id, labels),
# 2 role, 3 itemprop, 4 rel, 5 hidden, 6 aria-hidden.
_ATTR_KIND: dict[str | bytes, int] = {  # by name as lxml gives it
    "class": 1, "id": 1, "aria-label": 1, "aria-labelledby": 1, "role": 2, "itemprop": 3,
    "rel": 4, "hidden": 5, "aria-hidden": 6,
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# What extract needs to know of a tag, in one lookup: (block, context bits,
# heading level, media, class and id ignored); a tag not in it is a plain
# inline element, one of SKIP_TAGS maps to _SKIP_INFO.
_TAG_INFO: dict[str, tuple[bool, int, int, bool, bool]] = {
    t: (t in BLOCK_TAGS, _TAG_CTX.get(t, 0), _HEADINGS.get(t, 0), t in _MEDIA, t in _NO_VOCAB)
    for t in BLOCK_TAGS | _TAG_CTX.keys() | _HEADINGS.keys() | _MEDIA | _NO_VOCAB
}
_SKIP_INFO = (False, 0, 0, False, True)
_PLAIN = (False, 0, 0, False, False)
_TAG_INFO.update(dict.fromkeys(SKIP_TAGS, _SKIP_INFO))
_ROLE_CTX: dict[str, int] = {
    "navigation": NAV, "banner": HEADER, "contentinfo": FOOTER, "complementary": ASIDE,
    "main": MAIN, "article": ARTICLE, "dialog": DIALOG, "alertdialog": DIALOG, "menu": NAV,
    "menubar": NAV, "tablist": NAV, "search": FORM, "button": CONTROL,
}
_ITEMPROP_CTX: dict[str, int] = {
    "articlebody": BODY, "author": AUTHOR, "creator": AUTHOR, "datepublished": DATE,
    "datemodified": DATE, "datecreated": DATE, "headline": HEADLINE, "keywords": TAGREL,
}

_PARSER_OPTIONS = {
    "no_network": True,
    "remove_comments": True,
    "remove_pis": True,
    "huge_tree": True,
    "encoding": "utf-8",
    # no table of id attributes (for XPath's id()): nothing here looks one up
    "collect_ids": False,
}


class Node:
    """An element of the page, with what its ancestors say about it.

    ``ctx`` holds context bits (inside an ``<article>``, a ``<nav>``, a link,
    …), inherited from the ancestors; ``vocab`` the class/id categories of
    the element and its ancestors, ``own`` those of the element alone (see
    :class:`~newsseg.formats.html.vocab.Vocab`). Stages also keep per-element
    sums here (``words``, ``pwords``…).

    >>> ex = extract(parse("<div class='post-tags'><ul><li>غزة</li></ul></div>"))
    >>> n = ex.lines[0].node
    >>> n.tag, n.in_list, n.categories(Vocab.default())
    ('li', True, ('article', 'tags'))
    """

    __slots__ = (
        "ctx",
        "depth",
        "el",
        "first",
        "heading",
        "index",
        "last",
        "lines",
        "lwords",
        "mark",
        "media",
        "own",
        "paras",
        "parent",
        "pwords",
        "tag",
        "vocab",
        "words",
    )

    def __init__(self, el: lxml.etree._Element | None, tag: str, parent: Node | None,
                 ctx: int, own: int, heading: int, index: int) -> None:
        self.el = el
        self.tag = tag
        self.parent = parent
        self.depth: int = parent.depth + 1 if parent is not None else 0
        self.ctx = ctx
        self.own = own
        self.vocab: int = own | (parent.vocab if parent is not None else 0)
        self.heading = heading
        self.index = index
        self.words = 0
        self.pwords = 0
        self.lwords = 0
        self.paras = 0
        self.lines = 0
        self.first = -1
        self.last = -1
        self.mark = 0
        self.media = 0

    def has(self, bits: int) -> bool:
        """Whether any of the context ``bits`` is set.

        >>> from newsseg.formats.html import dom
        >>> extract(parse("<aside><p>نص</p></aside>")).lines[0].node.has(dom.ASIDE | dom.NAV)
        True
        """
        return bool(self.ctx & bits)

    def context(self) -> tuple[str, ...]:
        """The names of the context bits set (``('article', 'list')``…).

        >>> extract(parse("<nav><ul><li>أ</li></ul></nav>")).lines[0].node.context()
        ('nav', 'list')
        """
        return tuple(name for bit, name in CTX_NAMES.items() if self.ctx & bit)

    def categories(self, vocab: Vocab, *, own: bool = False) -> tuple[str, ...]:
        """The vocabulary categories of the element and its ancestors (``own``: of it alone).

        >>> n = extract(parse("<div id='sidebar'><p class='ad'>إعلان</p></div>")).lines[0].node
        >>> n.categories(Vocab.default()), n.categories(Vocab.default(), own=True)
        (('sidebar', 'ads'), ('ads',))
        """
        return vocab.names(self.own if own else self.vocab)

    def ancestors(self) -> Iterator[Node]:
        """The element itself, then its ancestors up to ``<html>``.

        >>> [n.tag for n in extract(parse("<div><p>نص</p></div>")).lines[0].node.ancestors()]
        ['p', 'div', 'body', 'html']
        """
        n: Node | None = self
        while n is not None and n.depth >= 0:
            yield n
            n = n.parent

    in_article = property(lambda self: bool(self.ctx & ARTICLE), doc="Inside ``<article>``.")
    in_main = property(lambda self: bool(self.ctx & MAIN), doc="Inside ``<main>``.")
    in_aside = property(lambda self: bool(self.ctx & ASIDE), doc="Inside ``<aside>``.")
    in_nav = property(lambda self: bool(self.ctx & NAV), doc="Inside ``<nav>``.")
    in_header = property(lambda self: bool(self.ctx & HEADER), doc="Inside ``<header>``.")
    in_footer = property(lambda self: bool(self.ctx & FOOTER), doc="Inside ``<footer>``.")
    in_figure = property(lambda self: bool(self.ctx & FIGURE), doc="Inside ``<figure>``.")
    in_list = property(lambda self: bool(self.ctx & LIST), doc="Inside a list.")
    in_link = property(lambda self: bool(self.ctx & LINK), doc="Inside ``<a>``.")

    def __repr__(self) -> str:
        return f"<Node {self.tag} depth={self.depth}>"


# The kinds of extract's frames (besides DEEP_BLOCK): an inline element, a
# block, an element whose content is never text (its tail is), and one inside it.
_INLINE, _BLOCK, _SKIP, _SKIPPED = 0, 1, 3, 4

# extract's frame of an open element: (element, node, kind).
_Frame = tuple[Any, "Node", int]


class XPaths:
    """The XPaths of a tree's elements (``/html/body/div[2]/p[3]``), each
    computed when first asked for, ancestors' shared: a step names the tag, and
    its position among the parent's children of that tag when there are several.

    The children of one tag of a parent are counted once, for all of them (by
    lxml, which skips the others): a page's paths cost time linear in the
    elements on them and their siblings of the same tag.

    >>> root = parse("<div><p>أ</p><p>ب</p></div><p>ج</p>")
    >>> paths = XPaths(root)
    >>> [paths(el) for el in root.iter("p")]
    ['/html/body/div/p[1]', '/html/body/div/p[2]', '/html/body/p']
    """

    __slots__ = ("_paths", "_steps")

    def __init__(self, root: lxml.etree._Element) -> None:
        # by element (a key keeps lxml's proxy alive, so identity stays valid)
        self._paths: dict[lxml.etree._Element, str] = {root: f"/{root.tag}"}
        # the steps of the siblings of a large group (see _step)
        self._steps: dict[lxml.etree._Element, str] = {}

    def __call__(self, el: lxml.etree._Element) -> str:
        """The XPath of ``el``, the root or an element under it."""
        paths = self._paths
        path = paths.get(el)
        if path is not None:
            return path
        parent = el.getparent()
        if parent is None:
            raise ValueError("the element is not under the root of these XPaths")
        prefix = paths.get(parent)
        if prefix is not None:
            # a child's line already asked for the parent's path: no chain to climb
            step = self._steps.get(el)
            if step is None:
                return self._step(el, parent, prefix)
            path = paths[el] = prefix + step
            return path
        chain = [(el, parent)]  # (element, parent), up to an element whose path is known
        el = parent
        while prefix is None:
            parent = el.getparent()
            if parent is None:
                raise ValueError("the element is not under the root of these XPaths")
            chain.append((el, parent))
            el = parent
            prefix = paths.get(el)
        steps = self._steps
        for e, parent in reversed(chain):
            step = steps.get(e)
            if step is None:
                prefix = self._step(e, parent, prefix)
            else:
                prefix = paths[e] = prefix + step
        return prefix

    def _step(self, el: lxml.etree._Element, parent: lxml.etree._Element, prefix: str) -> str:
        """The path of ``el``, whose ``parent``'s path is ``prefix``; its
        siblings of the same tag are counted too, and their paths kept (a
        sibling of a line is most often a line: found by one lookup then, no
        ``getparent()``), or only their steps for a group whose paths would
        cost more than _EAGER_CHARS (thousands of children that are no lines)."""
        paths = self._paths
        tag = el.tag
        # an only child needs no counting (len() counts in lxml, no proxies)
        same = [el] if len(parent) == 1 else list(parent.iterchildren(tag))
        if len(same) == 1:
            path = paths[el] = f"{prefix}/{tag}"
            return path
        if len(same) * len(prefix) <= _EAGER_CHARS:
            for k, sib in enumerate(same, 1):
                paths[sib] = f"{prefix}/{tag}[{k}]"
            return paths[el]
        steps = self._steps
        for k, sib in enumerate(same, 1):
            steps[sib] = f"/{tag}[{k}]"
        path = paths[el] = prefix + steps[el]
        return path


# The characters of the paths XPaths._step makes for a group of siblings at once.
_EAGER_CHARS = 4096


class Line:
    """One line of the visible text: its span, its block element, and a few facts.

    ``node`` is the block element the line belongs to; ``inner`` the deepest
    element holding all of the line's text (the ``<a>`` of ``<li><a>…</a></li>``);
    ``links`` the share of the line's characters inside links.

    >>> ln = extract(parse("<ul><li><a href='/a'>عنوان</a></li></ul>")).lines[0]
    >>> ln.node.tag, ln.inner.tag, ln.links
    ('li', 'a', 1.0)
    """

    __slots__ = ("end", "inner", "links", "node", "start")

    def __init__(self, start: int, end: int, node: Node, inner: Node, links: float) -> None:
        self.start = start
        self.end = end
        self.node = node
        self.inner = inner
        self.links = links

    def __repr__(self) -> str:
        return f"<Line {self.start}:{self.end} {self.node.tag}>"


class Extract:
    """What :func:`extract` returns: the visible text, its lines, and every element.

    >>> ex = extract(parse("<p>أ</p>"))
    >>> ex.text, len(ex.lines), ex.root.tag
    ('أ', 1, 'html')
    """

    __slots__ = ("_xpaths", "lines", "nodes", "root", "text")

    def __init__(self, text: str, lines: list[Line], nodes: list[Node], root: Node,
                 xpaths: XPaths) -> None:
        self.text = text
        self.lines = lines
        self.nodes = nodes
        self.root = root
        self._xpaths = xpaths

    def path(self, node: Node) -> str:
        """The XPath of a block element (a line's ``node``), computed once;
        ``""`` for a node that keeps no element (an inline one, or the
        document above the root).

        >>> ex = extract(parse("<p>أ</p><p>ب</p>"))
        >>> ex.path(ex.lines[1].node)
        '/html/body/p[2]'
        """
        el = node.el
        return "" if el is None else self._xpaths(el)


def parse(page: str | bytes) -> lxml.etree._Element:
    """Parse an HTML page (``str``, or UTF-8 ``bytes``) into an lxml tree.

    No network access, no entity resolution, comments and processing
    instructions dropped; broken markup is repaired the way libxml2 does.
    An empty page gives an empty ``<html>``.

    libxml2 stops building the tree at a depth of 2,048 elements and drops the
    rest of the page. When it does, the page is parsed again from
    :func:`shallow`'s rewrite of it (elements past :data:`FALLBACK_DEPTH`
    dropped, their text kept, a line break for each block element dropped),
    and, should libxml2 still give up, from the page's text alone: no text is
    lost, in time linear in the page.

    >>> parse("<p>نص").tag
    'html'
    >>> parse("").tag
    'html'
    >>> deep = "<div>" * 100_000 + "<p>نص عميق</p>"
    >>> "".join(parse(deep).itertext())
    '\\nنص عميق\\n'
    """
    data = page.encode("utf-8", "surrogatepass") if isinstance(page, str) else page
    if not data or data.isspace():  # what data.strip() would empty, without copying the page
        return lxml.etree.Element("html")
    root, too_deep = _parse_data(data)
    if too_deep:
        text = page if isinstance(page, str) else page.decode("utf-8", "replace")
        for bound in (FALLBACK_DEPTH, 0):
            root, too_deep = _parse_data(shallow(text, bound).encode("utf-8", "surrogatepass"))
            if not too_deep:
                break
    if root is None:
        return lxml.etree.Element("html")
    return root


def _parse_data(data: bytes) -> tuple[lxml.etree._Element | None, bool]:
    """libxml2's tree of ``data`` (``None`` if none), and whether libxml2 gave up
    because the elements nest too deep (it then drops the rest of the page)."""
    parser = lxml.html.HTMLParser(**_PARSER_OPTIONS)  # type: ignore[arg-type]
    # plain lxml elements: lxml.html's per-element Python class lookup costs a
    # tenth of the whole segmentation, and nothing here needs HtmlElement methods
    parser.set_element_class_lookup()
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        root = None
    too_deep = any(
        e.type == _RESOURCE_LIMIT or "depth" in (e.message or "").lower()
        for e in parser.error_log.filter_from_fatals()
    )
    return root, too_deep


#: Depth past which :func:`shallow` drops elements when libxml2 gave up on a
#: page (its own limit is 2048 levels): under :func:`extract`'s default
#: ``max_depth`` (256), so that each line of the deep part stays a line.
FALLBACK_DEPTH = 200

_RESOURCE_LIMIT = lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT
# A tag, a comment, a doctype or processing instruction, a bogus end tag.
# (No possessive quantifiers here: the stdlib ``re`` accepts them only from 3.11.)
_TOKEN = re.compile(r"<(?:(/?)([A-Za-z][^\t\n\f\r />]*)|(!--)|[!?/])")
# In the rest of a tag after its name, what matters is the next ">" or the next
# attribute value in quotes (which may hold ">"); a quote that is not a value's
# (not after "=") or is never closed is an ordinary character.
_TAG_NEXT = re.compile(r"""=[\t\n\f\r ]*(["'])|>""")


def _tag_end(page: str, i: int) -> int:
    """The index after the ``>`` that ends the tag whose attributes start at
    ``i``, or -1 if the page ends first. A loop, not one regex with nested
    repeats: the stdlib ``re`` keeps a backtracking state per repeat, which on
    a hostile tag of millions of attributes costs gigabytes.

    >>> _tag_end('<a href="x>y" title=z>t', 2), _tag_end("<a b='c", 2)
    (22, -1)
    >>> _tag_end('<a x="y>z', 2)  # a quote never closed is a character
    8
    """
    while True:
        m = _TAG_NEXT.search(page, i)
        if m is None:
            return -1
        quote = m.group(1)
        if quote is None:
            return m.end()
        close = page.find(quote, m.end())
        i = m.end() if close < 0 else close + 1

_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
    "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
})
# Elements whose content is text up to their end tag (RAWTEXT: "&" is literal too).
_RAWTEXT = frozenset({"script", "style", "iframe", "xmp", "noembed", "noframes", "plaintext"})
_RCDATA = frozenset({"textarea", "title"})
_RAW_END = {
    t: re.compile(rf"</{t}(?=[\t\n\f\r />])", re.IGNORECASE) for t in _RAWTEXT | _RCDATA
    if t != "plaintext"
}
# Before the "/" of "<div/>" (not "<a href=x/>", whose "/" is in the value).
_SELF_CLOSE = frozenset(" \t\n\r\f\"'")
_ONCE = frozenset({"html", "head", "body"})
# Elements an opening tag closes when they are the current element (libxml2 does
# much the same), so that a page of unclosed <p> or <li> is not counted as deep.
_P_CLOSERS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "ul", "xmp",
})
_CLOSES: dict[str, frozenset[str]] = {t: frozenset({"p"}) for t in _P_CLOSERS}
_CLOSES.update({
    "li": frozenset({"p", "li"}),
    "dt": frozenset({"p", "dt", "dd"}),
    "dd": frozenset({"p", "dt", "dd"}),
    "option": frozenset({"option"}),
    "optgroup": frozenset({"option", "optgroup"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "tr": frozenset({"td", "th", "tr"}),
    "thead": frozenset({"td", "th", "tr", "thead", "tbody", "tfoot"}),
    "tbody": frozenset({"td", "th", "tr", "thead", "tbody", "tfoot"}),
    "tfoot": frozenset({"td", "th", "tr", "thead", "tbody", "tfoot"}),
})


def shallow(page: str, bound: int = FALLBACK_DEPTH) -> str:
    """``page`` with the elements nested deeper than ``bound`` taken out, in one
    linear pass and without recursion: their text stays where it was, a block
    element taken out leaves a line break, and what is never visible text in
    them (``script``, ``style``, ``svg``…) goes. Tags, comments and character
    references are left as they were (nothing is resolved here: libxml2 reads
    the result); ``bound=0`` leaves the text alone.

    Depth is counted the way libxml2 builds the tree, closely enough: void
    elements, ``<x/>`` and end tags are understood, and an opening ``<p>``,
    ``<li>``, ``<td>``… closes the current one of its kind.

    >>> shallow("<div><div><p>أ</p><span>ب</span></div></div>", 1)
    '<div>\\nأ\\nب\\n</div>'
    >>> shallow("<p>أ<br>ب<script>x<y</script>&amp;</p>", 0)
    'أ\\nب&amp;\\n'
    """
    out: list[str] = []
    emit = out.append
    stack: list[str] = []
    open_count: dict[str, int] = {}
    skip_from = -1  # index in stack of a dropped element whose content is dropped
    block_tags, skip_tags, closes = BLOCK_TAGS, SKIP_TAGS, _CLOSES

    def newline() -> None:
        if skip_from < 0 and out and out[-1] != "\n":
            emit("\n")

    def pop() -> None:
        nonlocal skip_from
        open_count[stack.pop()] -= 1
        if skip_from >= len(stack):
            skip_from = -1

    i = 0
    n = len(page)
    while i < n:
        m = _TOKEN.search(page, i)
        if m is None:
            if skip_from < 0:
                emit(page[i:])
            break
        if m.start() > i and skip_from < 0:
            emit(page[i : m.start()])
        name = m.group(2)
        if name is None:
            if m.group(3):  # a comment: <!-->, <!--->, <!-- … -->
                j = m.end()
                if page.startswith(">", j):
                    i = j + 1
                    continue
                if page.startswith("->", j):
                    i = j + 2
                    continue
                k = page.find("-->", j)
                i = k + 3
            else:  # <!DOCTYPE …>, <?…>, </3…>: no text
                k = page.find(">", m.end())
                i = k + 1
            if k < 0:  # cut off by the end of the page: libxml2 reads it as before
                if skip_from < 0:
                    emit(page[m.start() :])
                break
            continue
        after = _tag_end(page, m.end())
        if after < 0:  # a tag cut off by the end of the page, likewise
            if skip_from < 0:
                emit(page[m.start() :])
            break
        i = after
        tag = name.lower()
        token = page[m.start() : i]
        if m.group(1):  # an end tag
            if open_count.get(tag):
                while stack[-1] != tag:
                    pop()
                depth = len(stack)
                pop()
                if depth <= bound:
                    emit(token)
                elif tag in block_tags:
                    newline()
            continue
        if tag in _ONCE and open_count.get(tag):
            continue  # a second <body> or <html> adds nothing (libxml2 merges it)
        shut = closes.get(tag)
        while shut is not None and stack and stack[-1] in shut:
            pop()
        keep = len(stack) < bound
        if tag in _RAWTEXT or tag in _RCDATA:
            end = _RAW_END.get(tag)
            e = end.search(page, i) if end is not None else None
            content = page[i : e.start() if e is not None else n]
            close = ""
            if e is not None:
                k = page.find(">", e.end())
                close = page[e.start() : k + 1 if k >= 0 else n]
                i = k + 1 if k >= 0 else n
            else:
                i = n
            if skip_from >= 0:
                continue
            if keep:
                emit(token)
                emit(content)
                emit(close)
            elif tag not in skip_tags:  # <title>, <textarea>, <xmp>: their text
                if tag in block_tags:
                    newline()
                if tag in _RAWTEXT:
                    content = content.replace("&", "&amp;")
                emit(content.replace("<", "&lt;"))
                if tag in block_tags:
                    newline()
            continue
        if keep:
            emit(token)
        elif tag in block_tags:
            newline()
        attrs = page[m.end() : i - 1]
        if tag in _VOID or (attrs[-1:] == "/" and (len(attrs) == 1 or attrs[-2] in _SELF_CLOSE)):
            continue  # <br>, <div/>: nothing inside
        if not keep and tag in skip_tags and skip_from < 0:
            skip_from = len(stack)
        stack.append(tag)
        open_count[tag] = open_count.get(tag, 0) + 1
    return "".join(out)


def _lca(a: Node, b: Node, stop: Node) -> Node:
    """The deepest common ancestor of ``a`` and ``b``, never above ``stop``."""
    while a.depth > b.depth:
        a = a.parent  # type: ignore[assignment]
    while b.depth > a.depth:
        b = b.parent  # type: ignore[assignment]
    while a is not b:
        if a is stop or b is stop:
            return stop
        a = a.parent  # type: ignore[assignment]
        b = b.parent  # type: ignore[assignment]
    return a


def _attr_ctx(kind: int, value: str) -> int:
    """The context bits of an attribute of ``kind`` 2 to 6 (see _ATTR_KIND)."""
    if kind == 2:
        return _ROLE_CTX.get(value.strip().lower(), 0)
    ctx = 0
    if kind == 3:
        for w in value.lower().split():
            ctx |= _ITEMPROP_CTX.get(w, 0)
    elif kind == 4:
        low = value.lower()
        if "tag" in low.split():
            ctx |= TAGREL
        if "author" in low:
            ctx |= AUTHOR
    elif kind == 5 or value.strip().lower() == "true":
        ctx |= HIDDEN
    return ctx


def extract(root: lxml.etree._Element, *, vocab: Vocab | None = None,
            max_depth: int = 256) -> Extract:
    """Walk ``root`` (no recursion) into visible text, lines and element facts.

    Elements nested deeper than ``max_depth`` are kept as text of their
    ancestor at that depth (no line breaks, no facts of their own; a block
    element among them is set apart by spaces, so words do not run together).

    >>> ex = extract(parse("<div>a<div>b<div>c</div></div></div>"), max_depth=4)
    >>> ex.text, [ln.node.tag for ln in ex.lines]
    ('a\\nb c', ['div', 'div'])
    >>> extract(parse("<div><p>أ</p><p>ب</p></div>"), max_depth=3).text
    'أ ب'
    """
    if isinstance(root, lxml.etree._ElementTree):  # as lxml.etree.iterwalk takes it
        root = root.getroot()
    if root.tag.__class__ is not str:  # a comment, as iterwalk says
        cls = type(root)
        raise ValueError(f"Input object is not an XML element: {cls.__module__}.{cls.__name__}")
    vocab = vocab or Vocab.default()
    classify = vocab.classify
    # classify's own cache: a hit costs a lookup, not a call (unless a subclass
    # classifies its own way)
    known = vocab._cache if type(vocab).classify is Vocab.classify else {}
    tag_info, attr_kind, skip_info, plain = _TAG_INFO, _ATTR_KIND, _SKIP_INFO, _PLAIN
    block_tags = BLOCK_TAGS
    new = Node.__new__
    limit = max_depth - 1
    out: list[str] = []
    lines: list[Line] = []
    nodes: list[Node] = []
    buf: list[str] = []
    frames: list[Node] = []
    pos = 0
    top = Node(None, "#document", None, 0, 0, 0, -1)
    top.depth = -1
    owners: list[Node] = [top]

    def flush() -> None:
        nonlocal pos
        one = len(buf) == 1  # most lines: one piece of text, one element
        raw = buf[0] if one else "".join(buf)
        parts = raw.split()
        if parts:
            line = " ".join(parts)
            owner = owners[-1]
            if one:
                inner: Node | None = frames[0]
                link = len(raw.strip()) if frames[0].ctx & LINK else 0
            else:
                inner = None
                link = 0
                for s, f in zip(buf, frames, strict=True):
                    if s.isspace() or not s:
                        continue
                    inner = f if inner is None else (
                        inner if inner is owner else _lca(inner, f, owner))
                    if f.ctx & LINK:
                        link += len(s.strip())
            n = len(line)
            lines.append(Line(pos, pos + n, owner, inner or owner,
                              link / n if link < n else 1.0))
            out.append(line)
            pos += n + 1
        buf.clear()
        frames.clear()

    push_frame, push_buf = frames.append, buf.append

    def put_lines(s: str, owner: Node) -> None:
        """Text of ``owner`` with line breaks and words: a line ended at each break."""
        pieces = s.split("\n")
        for piece in pieces[:-1]:
            push_buf(piece)
            push_frame(owner)
            flush()
        push_buf(pieces[-1])
        push_frame(owner)

    # A piece of text (an element's text, or its tail) of a node is kept for the
    # current line; where it has line breaks, put_lines ends a line at each (white
    # space alone just ends the line).
    #
    # The innermost open element is (open_el, parent: the node that speaks for
    # it, its own or an ancestor's, open_kind: _INLINE, _BLOCK, DEEP_BLOCK,
    # _SKIP, _SKIPPED); the stack holds the frames of the elements around it.
    # ``iter()`` gives no end events: the open elements up to the next one's
    # parent have ended (lxml hands out one proxy an element while it is
    # referenced, so ``is`` finds the parent); their ends (a block's line, a
    # tail) are handled there, innermost first. A last ``None`` ends them all.
    stack: list[_Frame] = []
    push, pop = stack.append, stack.pop
    stop: Any = root.getparent()  # (None, for a page's root)
    open_el, parent, open_kind = stop, top, _INLINE
    for el in chain(root.iter(), (None,)):
        p = stop if el is None else el.getparent()
        while open_el is not p:
            done, kind = open_el, open_kind
            open_el, parent, open_kind = pop()
            if kind == _SKIPPED:  # inside <svg>…: not even its tail is text
                continue
            if kind == _BLOCK:
                if buf:
                    flush()
                owners.pop()
            elif kind == DEEP_BLOCK:
                push_buf(" ")
                push_frame(parent)
            tail = done.tail
            if tail:
                if "\n" not in tail:
                    push_buf(tail)
                    push_frame(parent)
                elif not tail.isspace():
                    put_lines(tail, parent)
                elif buf:
                    flush()
        if el is None:
            break
        push((open_el, parent, open_kind))
        if open_kind >= _SKIP:
            open_el, open_kind = el, _SKIPPED
            continue
        tag = el.tag
        if tag.__class__ is not str:
            # lxml.etree.iterwalk, which extract walked with, gives entity
            # references (their tails are text) but no comments or processing
            # instructions (nor their tails)
            open_el, open_kind = el, _SKIP if tag is lxml.etree.Entity else _SKIPPED
            continue
        kind = _INLINE
        block, tc, heading, media, novocab = info = tag_info.get(tag, plain)
        if info is skip_info:
            kind = _SKIP
        elif parent.depth >= limit:
            # too deep: its text belongs to the ancestor at max_depth, a
            # block element's kept apart from its neighbours' by spaces
            if block:
                push_buf(" ")
                push_frame(parent)
                kind = DEEP_BLOCK
        else:
            ctx = own = 0
            if not novocab:
                # (an element's keys(), not its children)
                for name in el.keys():  # noqa: SIM118
                    a = attr_kind.get(name)
                    if a is not None:
                        v = el.get(name, "")
                        if a != 1:
                            ctx |= _attr_ctx(a, v)
                        elif v:  # class, id, aria-label…
                            m = known.get(v)
                            own |= m if m is not None else classify(v)
            if media:
                parent.media += 1
                if parent.parent is not None and parent.tag not in block_tags:
                    parent.parent.media += 1  # <a><img></a>: the link's parent holds it
            if block or tc or ctx or own:
                if tag == "a":
                    href = el.get("href")
                    if not href or href[:1] == "#" or href[:11].lower() == "javascript:":
                        ctx |= ANCHOR
                # Node(...) without the call, the costliest part of the walk
                # (keep in step with Node.__init__)
                cur = new(Node)
                cur.el = el if block else None
                cur.tag = tag
                cur.parent = parent
                cur.depth = parent.depth + 1
                cur.ctx = parent.ctx | ctx | tc
                cur.own = own
                cur.vocab = own | parent.vocab
                cur.heading = heading or parent.heading
                cur.index = len(nodes)
                cur.words = cur.pwords = cur.lwords = cur.paras = cur.lines = 0
                cur.first = cur.last = -1
                cur.mark = cur.media = 0
                nodes.append(cur)
                parent = cur
                if block:
                    kind = _BLOCK
                    if buf:
                        flush()
                    owners.append(cur)
        if kind != _SKIP:
            text = el.text
            if text:
                if "\n" not in text:
                    push_buf(text)
                    push_frame(parent)
                elif not text.isspace():
                    put_lines(text, parent)
                elif buf:
                    flush()
        open_el, open_kind = el, kind
    flush()
    return Extract("\n".join(out), lines, nodes, nodes[0] if nodes else top, XPaths(root))
