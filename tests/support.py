"""Helpers shared by the test modules and the fuzz targets (``fuzz/_common.py``).

:func:`check_document` asserts the invariants every :class:`newsseg.Document`
keeps, whatever the input; :func:`load_file` imports a script that is not on
``sys.path`` (the benchmarks, the shared scorer).

>>> import newsseg
>>> check_document(newsseg.segment("عنوان\\nنص"), "عنوان\\nنص").text
'عنوان\\nنص'
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from newsseg import Document, Kind


def check_document(doc: Document, text: str | None = None) -> Document:
    """The invariants of every Document: segments in order, disjoint, each the
    exact slice of ``doc.text``; on text input they cover every character but
    white space (and a leading byte-order mark); the JSON form round-trips."""
    assert isinstance(doc, Document), type(doc)
    if text is not None:
        assert doc.text == text
    last = 0
    for s in doc.segments:
        assert isinstance(s.kind, Kind)
        assert last <= s.start < s.end <= len(doc.text), (s, last)
        assert doc.text[s.start : s.end] == s.text, s
        assert s.rule, s
        last = s.end
    if text is not None:
        covered = bytearray(len(text))
        for s in doc.segments:
            covered[s.start : s.end] = b"\1" * (s.end - s.start)
        i = covered.find(0)
        while i >= 0:
            # a leading byte-order mark is no content (Draft.from_text)
            assert text[i].isspace() or (i, text[i]) == (0, "\ufeff"), (
                f"{text[i]!r} at {i} is in no segment"
            )
            i = covered.find(0, i + 1)
    # ensure_ascii=False: with \u escapes, json.loads joins a surrogate pair that
    # a str may hold as two code points ("\ud800\udc00") into one character
    data = json.loads(json.dumps(doc.to_dict(), ensure_ascii=False))
    assert Document.from_dict(data) == doc
    return doc


def load_file(path: Path, name: str) -> ModuleType:
    """Import the file at ``path`` as module ``name`` (once: later calls return it)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
