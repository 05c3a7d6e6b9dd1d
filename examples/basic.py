"""Segment the built-in example page and print what newsseg found.

    python examples/basic.py

Prints the views of the Document (title, source, tags, read-also and related
headlines, the article text) and then every segment with its kind, rule and
offsets.
"""

from __future__ import annotations

import newsseg


def main() -> None:
    doc = newsseg.segment(newsseg.EXAMPLE_PAGE)

    print("title:    ", doc.title)
    print("source:   ", doc.source)
    print("tags:     ", " | ".join(doc.tags))
    print("read also:", " | ".join(doc.read_also))
    print("related:  ", " | ".join(doc.related))
    print()
    print("article:")
    print(doc.article)
    print()
    print("segments:")
    for s in doc.segments:
        # every segment is exactly the text at its offsets
        assert doc.text[s.start : s.end] == s.text
        print(f"{s.start:5}-{s.end:<5} {s.kind.value:<12} {s.rule:<22} {s.text[:50]}")


if __name__ == "__main__":
    main()
