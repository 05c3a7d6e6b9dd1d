"""One decoder for every way a page reaches newsseg as bytes.

:func:`newsseg.segment` and :func:`newsseg.segment_html` given ``bytes``, the
``newsseg`` command, ``newsseg batch`` and the datatrove step all decode a
page with :func:`decode`. In order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. UTF-16 without a byte-order mark, told by where its NUL bytes fall;
3. binary data (an image, an executable, a compressed file: more than 1%,
   and at least 8, of its bytes are control characters that no text holds)
   is an :class:`~newsseg.errors.InputError`. A stray NUL byte is not;
4. UTF-8, if the bytes are valid UTF-8, whatever the page declares (legacy
   Arabic text is never valid UTF-8 by chance, and pages re-encoded to UTF-8
   often keep their old ``<meta charset>``); UTF-8 cut in the middle of a
   character ends in one U+FFFD;
5. a page that is UTF-8 with some lines in a legacy encoding (a paragraph
   pasted from an old page): the lines that are mostly valid UTF-8 as UTF-8,
   the others as windows-1256 or ISO-8859-6, whichever reads as Arabic;
6. the charset declared by the caller (``encoding=``, e.g. from an HTTP
   header), then the page's own (``<meta charset>``, ``<meta http-equiv>``,
   ``<?xml encoding>``), if the bytes fit it. A Western default (ISO-8859-1,
   windows-1252, ASCII) that servers send for pages they know nothing about
   comes after the page's own declaration, and gives way to windows-1256 or
   ISO-8859-6 when that reads as Arabic;
7. windows-1256 or ISO-8859-6, whichever reads as Arabic (windows-1256,
   which maps every byte, when neither does).

Text is never lost for want of a charset: only binary data raises. Bytes that
are invalid in the chosen encoding become U+FFFD.

>>> page = "خبر عاجل من العاصمة عن افتتاح المعرض".encode("cp1256")
>>> d = decode(page)
>>> d.text[:8], d.encoding
('خبر عاجل', 'cp1256')
>>> decode("خبر".encode("utf-8") + b"\\x00").text  # one stray NUL: still text
'خبر\\x00'
>>> decode(b"\\x7fELF\\x02\\x01\\x01" + bytes(100))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
newsseg.errors.InputError: binary data, not a text page: 103 of its 107 bytes are control ...
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import Literal

import attrs

from newsseg.errors import InputError

__all__ = ["FALLBACK", "SNIFF_BYTES", "Decoded", "declared_encoding", "decode", "looks_like_html"]

#: The encoding of pages that declare none, are not UTF-8 and do not read as
#: Arabic in ISO-8859-6 either (it maps all 256 byte values).
FALLBACK = "cp1256"

How = Literal["bom", "utf-16", "utf-8", "mixed", "declared", "detected"]


@attrs.frozen
class Decoded:
    """A page decoded by :func:`decode`.

    ``text`` is the page's text (without a byte-order mark); ``encoding``
    the Python name of the codec used (``"utf-8"``, ``"cp1256"``,
    ``"iso8859-6"``, ``"utf-16-le"``, …); ``how`` which step chose it:
    ``"bom"``, ``"utf-16"`` (UTF-16 without a byte-order mark), ``"utf-8"``
    (valid UTF-8, or ASCII), ``"mixed"`` (mostly UTF-8, some lines in
    ``legacy``), ``"declared"`` (the caller's or the page's charset) or
    ``"detected"`` (the legacy Arabic encoding that reads as Arabic).
    ``legacy`` names the codec of the lines that were not UTF-8 in a
    ``"mixed"`` page, else it is ``None``.

    >>> decode("<p>خبر</p>".encode("utf-8"))
    Decoded(text='<p>خبر</p>', encoding='utf-8', how='utf-8', legacy=None)
    """

    text: str
    encoding: str
    how: How
    legacy: str | None = None


# --------------------------------------------------------------- binary data

# C0 control characters that text does not hold: all but tab, LF, VT, FF, CR,
# ESC (ISO-2022 text uses it) and the separators FS, GS, RS, US (white space
# to Unicode and to str.split).
_CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B)])
# More than this share of control bytes is binary data (random or compressed
# bytes hold about 10%; an executable's or an image's header more).
_BINARY_SHARE = 0.01
_BINARY_MIN = 8  # fewer control bytes than this is never binary: a stray NUL or two


def _binary_message(n: int, size: int, unit: str = "bytes") -> str:
    return (
        f"binary data, not a text page: {n} of its {size} {unit} are control characters "
        "(an image, an executable, a compressed file?); give newsseg a page's text or HTML"
    )


def _controls(data: bytes) -> int:
    # most pages hold none: looking for each byte (memchr) costs a fraction of
    # the copy that translate makes to count them
    if not any(c in data for c in _CONTROL):
        return 0
    return len(data) - len(data.translate(None, _CONTROL))


def _check_text(text: str) -> None:
    """Refuse a decoded text that is binary data (UTF-16 or UTF-32 by its BOM)."""
    n = _controls(text.encode("utf-8", "surrogatepass"))
    if n >= _BINARY_MIN and n > len(text) * _BINARY_SHARE:
        raise InputError(_binary_message(n, len(text), "characters"))


# --------------------------------------------------------------------- charsets

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# How far into a page its declaration is looked for (browsers: 1024 bytes; real
# Arabic pages put long <head>s first).
PRESCAN = 16384
_META = re.compile(rb"<meta\b[^>]{0,1000}?>", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE)
_XML = re.compile(rb"""^\s*<\?xml\b[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]{1,40})""",
                  re.IGNORECASE)
# What browsers take a few labels to mean (the WHATWG Encoding standard).
_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252",
    "iso-8859-6": "iso8859-6", "arabic": "iso8859-6", "windows-1256": "cp1256",
    "x-cp1256": "cp1256", "cp1256": "cp1256", "iso-8859-9": "cp1254", "tis-620": "cp874",
    "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030", "x-user-defined": "cp1252",
}
# Western defaults that servers send for any page: an Arabic page labelled with
# one is almost always windows-1256.
_WESTERN = frozenset({"cp1252", "iso8859-15", "latin-1", "iso8859-1", "ascii"})
_PROBE = "<meta charset=x> azAZ09+-\n"  # "+" is not itself in UTF-7


@functools.lru_cache(maxsize=64)
def _codec(label: str) -> str | None:
    """A Python codec name for a charset label, or ``None`` if unknown or not
    ASCII-compatible (a declaration readable as ASCII cannot be UTF-16, UTF-7
    or EBCDIC; nor a codec that is no charset: rot13, zlib)."""
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    try:
        if codecs.encode(_PROBE, info.name) != _PROBE.encode("ascii"):
            return None
    except (ValueError, TypeError, LookupError):  # a codec that fails on str
        return None
    return "utf-8" if info.name in ("utf-8", "utf_8") else info.name


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page declares in its first bytes (``<meta charset>``,
    ``<meta http-equiv="Content-Type">``, ``<?xml encoding>``), as a Python
    codec name, or ``None`` (also for a name Python does not know).

    >>> declared_encoding(b'<meta http-equiv="Content-Type" '
    ...                   b'content="text/html; charset=windows-1256">')
    'cp1256'
    >>> declared_encoding(b'<meta charset="no-such-charset">') is None
    True
    """
    head = data[:PRESCAN]
    m = _XML.search(head)
    if m is not None:
        name = _codec(m.group(1).decode("ascii"))
        if name is not None:
            return name
    for m in _META.finditer(head):
        c = _CHARSET.search(m.group(0))
        if c is not None:
            name = _codec(c.group(1).decode("ascii"))
            if name is not None:
                return name
    return None


# --------------------------------------------------------- how Arabic it reads

_SAMPLE = 1 << 16  # bytes of the page that choose between legacy encodings
# Arabic letters and punctuation; not harakat nor tatweel, which a legacy page
# read in the wrong legacy encoding is full of.
_ARABIC = re.compile("[\u060c\u061b\u061f\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
                     "\ufb50-\ufdff\ufe70-\ufefe]")
_HIGH = bytes(range(0x80, 0x100))


def _high(data: bytes) -> int:
    return len(data) - len(data.translate(None, _HIGH))


def _letters(codec: str) -> bytes:
    """The byte values that are Arabic letters in a single-byte ``codec``."""
    out = bytearray()
    for b in range(0x80, 0x100):
        try:
            ch = bytes([b]).decode(codec)
        except UnicodeDecodeError:
            continue
        if _ARABIC.match(ch):
            out.append(b)
    return bytes(out)


_LEGACY = {name: _letters(name) for name in (FALLBACK, "iso8859-6")}


def _legacy_arabic(data: bytes) -> tuple[str, float]:
    """windows-1256 or ISO-8859-6, whichever reads more as Arabic, and the
    share of Arabic letters among the non-ASCII bytes (0 with fewer than 8)."""
    sample = data[:_SAMPLE]
    high = _high(sample)
    best = (FALLBACK, 0.0)
    if high < 8:
        return best
    for name, letters in _LEGACY.items():
        share = (len(sample) - len(sample.translate(None, letters))) / high
        if share > best[1]:
            best = (name, share)
    return best


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _few_bad(text: str, size: int) -> bool:
    return text.count("\ufffd") <= max(4, size // 1000)


# ---------------------------------------------------------------------- UTF-16

_NOT_TEXTY = re.compile("[^\t\n\r\x20-\x7e\u00a0-\u00ff\u0600-\u06ff\u0750-\u077f"
                        "\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]")


def _utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text without a byte-order mark, or ``None``: the NUL
    bytes of its ASCII characters all fall on odd (LE) or even (BE) offsets,
    and it decodes to Arabic, Latin and punctuation."""
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < 2 or min(even, odd) * 20 > max(even, odd):
        return None
    name = "utf-16-le" if odd > even else "utf-16-be"
    text = sample[: len(sample) // 2 * 2].decode(name, "replace")
    if len(_NOT_TEXTY.findall(text)) > 0.05 * len(text):
        return None
    return name


# --------------------------------------------------------------------- decoding


# Non-ASCII bytes a line needs for its being valid UTF-8 to say the page is UTF-8
# (a legacy line can hold a valid pair by chance: windows-1256 "ة،" is C9 A1).
_UTF8_EVIDENCE = 6


def _mostly_utf8(line: bytes, high: int) -> bool:
    """Whether most non-ASCII bytes of ``line`` make valid UTF-8 sequences."""
    bad = line.decode("utf-8", "replace").count("\ufffd") - line.count(b"\xef\xbf\xbd")
    return bad * 4 < high


def _mixed(data: bytes) -> tuple[str, str] | None:
    """A page that is not all valid UTF-8 but has lines that are: ``(text,
    legacy codec)``, the lines that are mostly UTF-8 decoded as UTF-8 (bad
    bytes replaced), the others in the legacy Arabic encoding. ``None`` for a
    page in a legacy encoding: no line of it with a few non-ASCII characters
    is mostly valid UTF-8 (none is, in the corpus's pages in windows-1256 or
    ISO-8859-6)."""
    lines = data.splitlines(keepends=True)
    utf8: list[bool] = []
    evidence = False
    for ln in lines:
        h = _high(ln)
        u = h == 0 or _mostly_utf8(ln, h)
        utf8.append(u)
        evidence = evidence or (u and h >= _UTF8_EVIDENCE)
    if not evidence:
        return None
    legacy, _ = _legacy_arabic(b"".join(ln for ln, u in zip(lines, utf8, strict=True) if not u))
    return "".join(ln.decode("utf-8" if u else legacy, "replace")
                   for ln, u in zip(lines, utf8, strict=True)), legacy


def decode(data: bytes, *, encoding: str | None = None, html: bool = True) -> Decoded:
    """Decode a page's bytes (see the steps above); binary data is an
    :class:`~newsseg.errors.InputError`.

    ``encoding`` is a charset the caller knows of (an HTTP header's): an
    unknown name is ignored. ``html=False`` does not look for a declaration
    in the page.

    >>> decode("<meta charset='windows-1256'><p>خبر</p>".encode("cp1256")).encoding
    'cp1256'
    >>> d = decode("وزير الخارجية يزور العاصمة".encode("iso-8859-6"), encoding="iso-8859-1")
    >>> d.text, d.encoding, d.how
    ('وزير الخارجية يزور العاصمة', 'iso8859-6', 'detected')
    >>> decode("سطر أول\\n".encode("utf-8") + "سطر ثان".encode("cp1256")).text
    'سطر أول\\nسطر ثان'
    >>> decode("خبر".encode("utf-16")).text
    'خبر'
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"decode() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-32-le" and not _decodes(data[4:], name):
                bom, name = codecs.BOM_UTF16_LE, "utf-16-le"  # UTF-16 starting with a NUL
            text = data[len(bom) :].decode(name, "replace")
            _check_text(text)
            return Decoded(text, name, "bom")
    controls = _controls(data)
    if controls:
        name16 = _utf16(data)
        if name16 is not None:
            text = data.decode(name16, "replace")
            _check_text(text)
            return Decoded(text, name16, "utf-16")
        if controls >= _BINARY_MIN and controls > len(data) * _BINARY_SHARE:
            raise InputError(_binary_message(controls, len(data)))
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":  # valid UTF-8 cut mid-character
            return Decoded(data[: e.start].decode("utf-8") + "\ufffd", "utf-8", "utf-8")
    mixed = _mixed(data)
    if mixed is not None:
        return Decoded(mixed[0], "utf-8", "mixed", mixed[1])
    given = _codec(encoding) if encoding else None
    own = declared_encoding(data) if html else None
    # the page's own word wins over a server's Western default
    names = [own, given] if own and given in _WESTERN else [given, own]
    arabic: tuple[str, float] | None = None
    for name in dict.fromkeys(n for n in names if n and n != "utf-8"):
        if name in _WESTERN:
            arabic = arabic or _legacy_arabic(data)
            if arabic[1] >= 0.7:
                return Decoded(data.decode(arabic[0], "replace"), arabic[0], "detected")
        try:
            return Decoded(data.decode(name), name, "declared")
        except UnicodeDecodeError:
            text = data.decode(name, "replace")
            if _few_bad(text, len(data)):
                return Decoded(text, name, "declared")
        except (LookupError, ValueError, TypeError):  # a codec that fails on bytes
            continue
    legacy, _ = arabic or _legacy_arabic(data)
    return Decoded(data.decode(legacy, "replace"), legacy, "detected")


_HTML_HEAD = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")
SNIFF_BYTES = 2048
"""How many first bytes :func:`looks_like_html` reads."""


def looks_like_html(data: bytes | str) -> bool:
    """Whether a page of unknown format is HTML, by its first bytes.

    >>> looks_like_html(b"<!DOCTYPE html><html></html>"), looks_like_html("خبر")
    (True, False)
    """
    head = data[:SNIFF_BYTES]
    raw = head.encode("utf-8", errors="replace") if isinstance(head, str) else head
    low = raw.lstrip().lower()
    return low.startswith(_HTML_HEAD) or b"<html" in low or b"<div" in low or b"<p>" in low
