"""Shared by the fuzz targets: turning fuzzer bytes into pages, and the checks.

A target calls :func:`text_from` (or :func:`html_from`) on the fuzzer's bytes
and then :func:`check_document` on what newsseg returned. Anything a check
rejects raises ``AssertionError``; newsseg raising anything but
:class:`newsseg.InputError` is a crash too, which atheris reports with the
input that caused it.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsseg.lexicon import Lexicon
from tests.support import check_document

__all__ = ["SEPARATORS", "check_document", "phrases", "text_from", "write_dict"]

#: Glue between pieces of a generated page: every separator the markers care about.
SEPARATORS = (
    " ", "\n", ": ", ":", " - ", "-", "\t", "  ", "\n\n", ". ", "، ", "|", "•", "*",
    "«", "»", "\"", "(", ")", "\u200f", "\u200e", "\u202b", "\x00", "\r\n", "\u2028",
    "\ufeff", "\u0640", "\u064e", "?", "!", "...", "؟",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def phrases() -> tuple[str, ...]:
    """Every phrase of the default lexicon (so new markers are fuzzed too), plus words."""
    out: list[str] = []
    for g in Lexicon.default().groups:
        out.extend(g.phrases)
    out += ["اليوم 12:30", "pic.twitter.com/abc", "12 يناير", "بالصور:", "-----", "عنوان الخبر",
            "نص الخبر الأول عن الطقس والأمطار في المدينة اليوم.", "<p>", "</p>", "&amp;"]
    return tuple(out)


def text_from(data: bytes) -> str:
    """A str from fuzzer bytes, in one of three ways chosen by the first byte.

    0: UTF-8 with lone surrogates let through (``surrogatepass``), bad bytes replaced;
    1: UTF-16 code units (any of them, surrogates included);
    2: a page assembled from lexicon phrases and separators, one byte per choice.
    """
    if not data:
        return ""
    mode, rest = data[0] % 3, data[1:]
    if mode == 0:
        return rest.decode("utf-8", errors="surrogatepass" if _valid(rest) else "replace")
    if mode == 1:
        if len(rest) % 2:
            rest = rest[:-1]
        return rest.decode("utf-16-le", errors="surrogatepass")
    words = phrases()
    parts: list[str] = []
    for i, b in enumerate(rest):
        parts.append(words[b % len(words)] if i % 2 == 0 else SEPARATORS[b % len(SEPARATORS)])
    return "".join(parts)


def _valid(data: bytes) -> bool:
    try:
        data.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError:
        return False
    return True


def write_dict(path: Path) -> int:
    """Write a libFuzzer dictionary of every lexicon phrase and separator; returns its size."""
    lines = []
    for token in (*phrases(), *SEPARATORS):
        escaped = "".join(f"\\x{b:02x}" for b in token.encode("utf-8", "surrogatepass"))
        lines.append(f'"{escaped}"')
    for tag in ("<p>", "</p>", "<div>", "<br>", "<html>", "<body>", "<meta charset=\"x\">",
                "<script>", "<!--", "-->", "<![CDATA[", "<!DOCTYPE", "&#", "&lt;", "<h1>",
                "<article>", "<a href=\"", "<li>", "<table>", "<td>", "<?xml"):
        lines.append('"' + "".join(f"\\x{b:02x}" for b in tag.encode()) + '"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return len(lines)


if __name__ == "__main__":
    print(write_dict(Path(sys.argv[1])), "dictionary entries")
