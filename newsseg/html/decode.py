"""Find the encoding of an HTML page given as bytes, and decode it without ever raising.

The order is the one browsers use, with a fallback right for Arabic pages:
a byte-order mark, then ``<meta charset>`` or ``<meta http-equiv="Content-Type">``
in the first bytes, then UTF-8 if the bytes are valid UTF-8, then
windows-1256. Bytes that are not valid in the chosen encoding are replaced
(U+FFFD), and an unknown charset name is ignored.

>>> page = "<meta charset='windows-1256'><p>خبر</p>".encode("cp1256")
>>> text, encoding = decode(page)
>>> encoding, "خبر" in text
('cp1256', True)
>>> decode(b"<p>\\xd8\\xae\\xd8\\xa8\\xd8\\xb1</p>")
('<p>خبر</p>', 'utf-8')
"""

from __future__ import annotations

import codecs
import re

__all__ = ["FALLBACK", "declared_encoding", "decode", "sniff"]

#: The encoding of pages that declare none and are not valid UTF-8.
FALLBACK = "cp1256"

# How far into the page a <meta> declaration is looked for (browsers: 1024 bytes;
# real Arabic pages put long <head>s first, so look further).
PRESCAN = 8192

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HIGH = bytes(range(0x80, 0x100))
_META = re.compile(rb"<meta\b[^>]{0,1000}?>", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE)
# What browsers take a few labels to mean (the WHATWG Encoding standard).
_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252",
    "iso-8859-6": "iso8859-6", "arabic": "iso8859-6", "windows-1256": "cp1256",
    "x-cp1256": "cp1256", "cp1256": "cp1256", "iso-8859-9": "cp1254", "tis-620": "cp874",
    "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030", "x-user-defined": "cp1252",
    # a page served as bytes cannot be UTF-16 if its <meta> was readable as ASCII
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "utf-32": "utf-8",
}


def _canonical(label: str) -> str | None:
    """A Python codec name for a charset label, or ``None`` if unknown or unsafe."""
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    name = info.name
    # only text encodings; never a codec that is not a charset (rot13, zlib, …)
    if not getattr(info, "_is_text_encoding", True):
        return None
    return "utf-8" if name in ("utf-8", "utf_8") else name


def sniff(data: bytes) -> str | None:
    """The encoding a byte-order mark names, or ``None``.

    >>> sniff(b"\\xef\\xbb\\xbf<p>"), sniff(b"<p>")
    ('utf-8', None)
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding a ``<meta charset>`` or ``http-equiv`` declaration names
    in the first bytes, or ``None`` (also for a name Python does not know).

    >>> declared_encoding(b'<meta http-equiv="Content-Type" '
    ...                   b'content="text/html; charset=windows-1256">')
    'cp1256'
    >>> declared_encoding(b'<meta charset="no-such-charset">') is None
    True
    """
    head = data[:PRESCAN]
    for m in _META.finditer(head):
        c = _CHARSET.search(m.group(0))
        if c is not None:
            name = _canonical(c.group(1).decode("ascii", "replace"))
            if name is not None:
                return name
    return None


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; returns ``(text, encoding used)``. Never raises.

    ``encoding`` (e.g. from an HTTP header) comes after a byte-order mark and
    before the page's own declaration; an unknown name is ignored. Two
    corrections for pages as they are found: a page declared in a legacy
    charset whose bytes are valid UTF-8 (with some non-ASCII) is UTF-8 (a
    page re-encoded with its old ``<meta>`` kept; legacy Arabic text is
    never valid UTF-8 by chance), and a page declared UTF-8 whose non-ASCII
    bytes are mostly invalid UTF-8 falls back to windows-1256.

    >>> decode(b"<p>\\xff ok</p>")  # not UTF-8, no declaration: windows-1256
    ('<p>ے ok</p>', 'cp1256')
    >>> decode("<p>خبر</p>".encode("utf-8"), encoding="no-such-charset")[1]
    'utf-8'
    >>> decode("<meta charset=windows-1256><p>خبر</p>".encode("utf-8"))[1]
    'utf-8'
    """
    name = sniff(data)
    if name is not None:
        bom = next(b for b, n in _BOMS if n == name)
        return data[len(bom):].decode(name, "replace"), name
    as_utf8 = _utf8(data)
    if as_utf8 is not None and not data.isascii():
        return as_utf8, "utf-8"  # whatever the page declares (see above)
    given = _canonical(encoding) if encoding else None
    name = given or declared_encoding(data)
    if as_utf8 is not None and name in (None, "utf-8"):
        return as_utf8, "utf-8"
    if name == "utf-8":
        text = data.decode("utf-8", "replace")
        high = len(data) - len(data.translate(None, _HIGH))
        if text.count("\ufffd") * 4 < high:
            return text, "utf-8"
        return data.decode(FALLBACK, "replace"), FALLBACK
    if name is not None:
        try:
            return data.decode(name, "replace"), name
        except (LookupError, ValueError, TypeError):  # a codec that fails on bytes
            pass
    return data.decode(FALLBACK, "replace"), FALLBACK
