#!/usr/bin/env python3
"""Coverage-guided fuzz target for ``newsseg.segment`` (atheris).

    fuzz/run.sh segment 600        # ten minutes; see fuzz/README.md

The fuzzer's bytes become a ``str`` in one of three ways (see
``_common.text_from``): UTF-8 with lone surrogates let through, raw UTF-16 code
units, or a page assembled from the lexicon's marker phrases. Run directly, it
takes libFuzzer's flags: ``python fuzz/fuzz_segment.py -help=1``.
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
    text = _common.text_from(data)
    try:
        doc = newsseg.segment(text)
    except newsseg.InputError:
        return
    _common.check_document(doc, text)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
