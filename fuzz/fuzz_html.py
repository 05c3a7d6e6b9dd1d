#!/usr/bin/env python3
"""Coverage-guided fuzz target for ``newsseg.segment_html`` (atheris).

    fuzz/run.sh html 600        # ten minutes; see fuzz/README.md

The fuzzer's bytes go to ``segment_html`` as they are (any encoding, broken
markup, truncated characters) and, decoded as UTF-8 with lone surrogates let
through, as a ``str``. Run directly, it takes libFuzzer's flags.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Only newsseg's own code is instrumented: its branches guide the fuzzer.
with atheris.instrument_imports(include=["newsseg"]):
    import newsseg

import _common  # after newsseg, which it imports


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris expects
    try:
        doc = newsseg.segment_html(data)
    except newsseg.InputError:
        return
    _common.check_document(doc)
    if data[:1] == b"<":  # half the time, also the same page as a str
        text = data.decode("utf-8", errors="surrogateescape")
        try:
            doc = newsseg.segment_html(text)
        except newsseg.InputError:
            return
        _common.check_document(doc)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
