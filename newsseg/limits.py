"""Size limits that keep one hostile page from costing a whole batch.

newsseg's work is linear in the size of its input (see ``docs/robustness.md``),
so the limits here are not about time but about memory and about refusing, with
a clear message, a page no news site would serve. The defaults are generous: a
50 MB single-line text page and a 20 MB HTML page go through.

>>> import newsseg
>>> DEFAULT_LIMITS.max_chars >= 100_000_000
True
>>> newsseg.segment("نص قصير", limits=Limits(max_chars=3))
Traceback (most recent call last):
...
newsseg.errors.InputError: segment() got 7 characters, over the limit of 3 (Limits.max_chars): ...

Every limit is a keyword of :class:`Limits`; derive a variant of the defaults
with :meth:`Limits.evolve`:

>>> DEFAULT_LIMITS.evolve(max_depth=64).max_depth
64
"""

from __future__ import annotations

from typing import Any

import attrs
import regex

from newsseg.errors import InputError

__all__ = ["DEFAULT_LIMITS", "Limits"]

# A line with something on it: from its first non-space character to its end.
_NON_BLANK_LINE = regex.compile(r"[^\s][^\n]*")


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(f"Limits.{attribute.name} must be a positive int, got {value!r}")


@attrs.frozen(slots=True)
class Limits:
    """The limits newsseg enforces on one page.

    Pass one to :func:`newsseg.segment`, :func:`newsseg.clean` or
    :meth:`newsseg.Pipeline.run` (``limits=``); ``None`` means
    :data:`DEFAULT_LIMITS`. Over a size limit is an
    :class:`~newsseg.errors.InputError` whose message names the limit and how
    to raise it; over the depth limit is not an error (deeper HTML elements are
    flattened into their ancestor at that depth).

    >>> Limits(max_chars=1_000).max_chars
    1000
    >>> Limits(max_depth=0)
    Traceback (most recent call last):
    ...
    newsseg.errors.InputError: Limits.max_depth must be a positive int, got 0
    """

    max_chars: int = attrs.field(default=200_000_000, validator=_positive)
    """Longest plain-text page, in characters (code points) of the ``str``
    given to :func:`newsseg.segment`. The default, 200 million, lets through a
    page of 100 MB of UTF-8 Arabic text (two bytes a letter), and memory use is
    about 20 bytes a character at the peak."""

    max_lines: int = attrs.field(default=1_000_000, validator=_positive)
    """Most non-blank lines in a plain-text page, and most lines of visible
    text (one a block element) in an HTML page. Each line becomes at least
    one block and one segment, about 600 bytes of memory, so this bounds the
    memory a page of millions of one-letter lines takes (a real page has a few
    hundred lines). Blank lines are free and not counted."""

    max_html_bytes: int = attrs.field(default=256 * 2**20, validator=_positive)
    """Largest HTML page, in bytes (a ``str`` page counts its UTF-8 length,
    estimated from its length in characters), given to
    :func:`newsseg.segment_html`. Default 256 MiB."""

    max_depth: int = attrs.field(default=256, validator=_positive)
    """Deepest HTML element whose nesting is kept: the content of elements
    nested deeper is kept as text, attached to their ancestor at this depth,
    so a page nested 100,000 deep is segmented without recursion (past the
    2,048 levels libxml2 builds, see :func:`newsseg.formats.html.dom.parse`). Default
    256 (real pages stay under 60)."""

    def evolve(self, **changes: Any) -> Limits:
        """A copy with some limits changed.

        >>> Limits().evolve(max_chars=10).max_chars
        10
        """
        return attrs.evolve(self, **changes)

    def check_text(self, text: str, *, what: str = "segment()") -> None:
        """Raise :class:`~newsseg.errors.InputError` if ``text`` is longer than
        :attr:`max_chars` or has more than :attr:`max_lines` non-blank lines.

        >>> Limits(max_chars=5).check_text("12345")
        >>> Limits(max_chars=4).check_text("12345", what="clean()")
        Traceback (most recent call last):
        ...
        newsseg.errors.InputError: clean() got 5 characters, over the limit of 4 ...
        >>> try:
        ...     Limits(max_chars=4).check_text("12345")
        ... except InputError as e:
        ...     print(str(e).split(": ", 1)[1])
        cut the page, or pass a higher limit, e.g. segment(text, limits=Limits(max_chars=10))
        """
        n = len(text)
        if n > self.max_chars:
            name = what.removesuffix("()")
            raise InputError(
                f"{what} got {n:_} characters, over the limit of {self.max_chars:_} "
                f"(Limits.max_chars): cut the page, or pass a higher limit, e.g. "
                f"{name}(text, limits=Limits(max_chars={2 * n:_}))"
            )
        self.check_lines(text, what=what)

    def check_lines(self, text: str, *, what: str = "segment()") -> None:
        """Raise :class:`~newsseg.errors.InputError` if ``text`` has more than
        :attr:`max_lines` non-blank lines (blank lines are not counted).

        >>> Limits(max_lines=2).check_lines("أ\\n\\n\\n  \\nب")
        >>> Limits(max_lines=2).check_lines("أ\\nب\\nج")
        Traceback (most recent call last):
        ...
        newsseg.errors.InputError: segment() got 3 non-blank lines, over the limit of 2 ...
        """
        if text.count("\n") < self.max_lines:
            return
        n = 0
        for _ in _NON_BLANK_LINE.finditer(text):
            n += 1
        if n > self.max_lines:
            raise self._over_lines(n, "non-blank lines", what, "text")

    def check_html_lines(self, n: int, *, what: str = "segment_html()") -> None:
        """Raise :class:`~newsseg.errors.InputError` if an HTML page's visible
        text has ``n`` lines (blocks) and that is more than :attr:`max_lines`.

        >>> Limits(max_lines=2).check_html_lines(2)
        >>> Limits(max_lines=2).check_html_lines(3)
        Traceback (most recent call last):
        ...
        newsseg.errors.InputError: segment_html() got 3 lines of visible text, over the limit ...
        """
        if n > self.max_lines:
            raise self._over_lines(n, "lines of visible text", what, "page")

    def _over_lines(self, n: int, lines: str, what: str, arg: str) -> InputError:
        name = what.removesuffix("()")
        return InputError(
            f"{what} got {n:_} {lines}, over the limit of {self.max_lines:_} "
            f"(Limits.max_lines; each line costs about 600 bytes of memory): cut the "
            f"page, or pass a higher limit, e.g. "
            f"{name}({arg}, limits=Limits(max_lines={2 * n:_}))"
        )

    def check_html(self, page: str | bytes | bytearray | memoryview, *,
                   what: str = "segment_html()") -> None:
        """Raise :class:`~newsseg.errors.InputError` if ``page`` is larger than
        :attr:`max_html_bytes` (a ``str`` page counts at least one byte a
        character, and is encoded only when that estimate is close).

        >>> Limits(max_html_bytes=10).check_html(b"<p>x</p>")
        >>> Limits(max_html_bytes=10).check_html("<p>نص عربي</p>")
        Traceback (most recent call last):
        ...
        newsseg.errors.InputError: segment_html() got 20 bytes of HTML, over the limit of 10 ...
        """
        if isinstance(page, str):
            n = len(page)
            if 4 * n > self.max_html_bytes:  # UTF-8 is at most 4 bytes a character
                n = len(page.encode("utf-8", "surrogatepass"))
        else:
            n = memoryview(page).nbytes
        self.check_html_size(n, what=what)

    def check_html_size(self, n: int, *, what: str = "segment_html()",
                        more: bool = False) -> None:
        """Raise :class:`~newsseg.errors.InputError` if an HTML page of ``n``
        bytes (``more``: of more than ``n`` bytes) is over :attr:`max_html_bytes`,
        before it is read.

        >>> Limits(max_html_bytes=10).check_html_size(10)
        >>> Limits(max_html_bytes=10).check_html_size(10, more=True)
        Traceback (most recent call last):
        ...
        newsseg.errors.InputError: segment_html() got more than 10 bytes of HTML, over the ...
        """
        if n > self.max_html_bytes or (more and n >= self.max_html_bytes):
            name = what.removesuffix("()")
            raise InputError(
                f"{what} got {'more than ' if more else ''}{n:_} bytes of HTML, over the "
                f"limit of {self.max_html_bytes:_} (Limits.max_html_bytes): cut the page, or "
                f"pass a higher limit, e.g. "
                f"{name}(page, limits=Limits(max_html_bytes={2 * n:_}))"
            )

    def max_text_bytes(self) -> int:
        """The most bytes of UTF-8 a text page of :attr:`max_chars` characters can
        take (4 a character, and a byte-order mark): a larger one is surely over.

        >>> Limits(max_chars=10).max_text_bytes()
        43
        """
        return 4 * self.max_chars + 3

    def check_text_size(self, n: int, *, what: str = "segment()", more: bool = False) -> None:
        """Raise :class:`~newsseg.errors.InputError` if a text page of ``n`` bytes
        of UTF-8 (``more``: of more than ``n`` bytes) surely has more than
        :attr:`max_chars` characters (more than :meth:`max_text_bytes`), before
        it is read and decoded. Between :attr:`max_chars` and that many bytes,
        only the decoded text tells (:meth:`check_text`).

        >>> Limits(max_chars=10).check_text_size(43)
        >>> Limits(max_chars=10).check_text_size(44)
        Traceback (most recent call last):
        ...
        newsseg.errors.InputError: segment() got 44 bytes of text, so at least 11 characters ...
        """
        cap = self.max_text_bytes()
        if n > cap or (more and n >= cap):
            name = what.removesuffix("()")
            chars = -(-(n - 3) // 4)
            raise InputError(
                f"{what} got {'more than ' if more else ''}{n:_} bytes of text, so "
                f"{'more than' if more else 'at least'} {chars:_} characters (UTF-8 takes at "
                f"most 4 bytes a character), over the limit of {self.max_chars:_} "
                f"(Limits.max_chars): cut the page, or pass a higher limit, e.g. "
                f"{name}(text, limits=Limits(max_chars={2 * chars:_}))"
            )


#: The limits used when none are given.
DEFAULT_LIMITS = Limits()
