"""Reading pages for the commands: a file or standard input, its format
(text or HTML), refused over a size limit before it is read whole; then
segmented with the decoder every entry point shares.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

import newsseg
from newsseg.formats.decode import SNIFF_BYTES, looks_like_html
from newsseg.limits import DEFAULT_LIMITS, Limits
from newsseg.model import Document

__all__ = ["read_page", "segment_bytes"]

_HTML_EXT = (".html", ".htm", ".xhtml", ".shtml")
_STEP = 1 << 20  # bytes read at a time from a stream

# The limits a page is checked against before it is read whole (segment and
# segment_html check the library's defaults again).
_LIMITS: Limits = DEFAULT_LIMITS


def read_page(path: str, fmt: str) -> tuple[bytes, bool]:
    """``(bytes, is_html)`` of a page (``-``: standard input); a page over a size
    limit is an :class:`~newsseg.errors.InputError` before it is read whole.
    ``fmt`` is ``"auto"`` (by the file's extension, else its first bytes),
    ``"text"`` or ``"html"``.

    >>> import os, tempfile
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
    ...     _ = f.write("نص".encode())
    >>> read_page(f.name, "auto")
    (b'\\xd9\\x86\\xd8\\xb5', False)
    >>> os.unlink(f.name)
    """
    if path == "-":
        return _read_page("<stdin>", sys.stdin.buffer, None, fmt)
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        size = st.st_size if stat.S_ISREG(st.st_mode) and st.st_size > 0 else None
        return _read_page(path, f, size, fmt)


def _read_page(name: str, f: BinaryIO, size: int | None, fmt: str) -> tuple[bytes, bool]:
    head = b""
    if fmt == "auto" and not name.lower().endswith(_HTML_EXT):
        head = f.read(SNIFF_BYTES)  # the format is in the first bytes
    is_html = fmt == "html" or (
        fmt == "auto" and (name.lower().endswith(_HTML_EXT) or looks_like_html(head))
    )
    limits = _LIMITS
    check = limits.check_html_size if is_html else limits.check_text_size
    cap = limits.max_html_bytes if is_html else limits.max_text_bytes()
    if size is not None:
        check(size)  # before reading: the file says its size
        f.seek(0)  # and is read in one piece, not joined to its head
        head = b""
    parts = [head] if head else []
    total = len(head)
    step = size + 1 if size is not None else _STEP
    while total <= cap:
        chunk = f.read(max(1, min(step, cap + 1 - total)))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        step = _STEP
    if total > cap:  # a stream, or a file that grew: stopped one byte past the limit
        check(cap, more=True)
    return parts[0] if len(parts) == 1 else b"".join(parts), is_html


def segment_bytes(data: bytes, is_html: bool) -> Document:
    """Segment a page read by :func:`read_page`.

    >>> segment_bytes(b"<p>\\xd9\\x86\\xd8\\xb5</p>", True).text
    'نص'
    """
    # both decode the bytes with newsseg.formats.decode.decode, as batch and datatrove do
    if is_html:
        return newsseg.segment_html(data)
    return newsseg.segment(data)
