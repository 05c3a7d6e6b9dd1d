"""Teach newsseg a site's own markers with a lexicon, without touching the package.

    python examples/custom_lexicon.py

Two pages in ``examples/pages`` trip the default lexicon:

* ``book-fair.txt`` links another article with "لا تفوّت:", a marker the
  default lexicon does not know, so that line is kept as a subheading of the
  article;
* ``fuel-prices.txt`` opens with the site's section name ("اقتصاد"); newsseg
  already takes a one-word line above the headline for navigation, and a group
  of the site's section names says so by name (rule ``site_sections.line``).

The script adds a phrase to an existing group (``Lexicon.add``), adds a whole
new group (``Group`` + ``Lexicon.with_group``), saves the site's additions as
a lexicon file and loads it back (``Lexicon.from_file``, ``Lexicon.merge``),
and prints each page's segments that changed.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import newsseg
from newsseg import Group, Kind, Lexicon

PAGES = Path(__file__).resolve().parent / "pages"


def site_lexicon() -> Lexicon:
    """The site's additions to the default lexicon, built in code."""
    return (
        Lexicon.default()
        # one more "read also" phrase; written naturally, matched normalized
        .add("read_also", ["لا تفوّت"])
        # the site's section names, alone on a line, are navigation
        .with_group(
            Group(
                "site_sections",
                Kind.BOILERPLATE,
                "line",
                phrases=["اقتصاد", "رياضة", "ثقافة", "محليات", "منوعات"],
                comment="Section names of the site's breadcrumb.",
            )
        )
    )


def site_lexicon_from_file(folder: Path) -> Lexicon:
    """The same additions kept in a JSON file, merged into the default lexicon."""
    path = folder / "site-lexicon.json"
    data = {
        "format": 1,
        "groups": {
            "read_also": {"kind": "read_also", "phrases": ["لا تفوّت"]},
            "site_sections": {
                "kind": "boilerplate",
                "role": "line",
                "phrases": ["اقتصاد", "رياضة", "ثقافة", "محليات", "منوعات"],
                "comment": "Section names of the site's breadcrumb.",
            },
        },
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return Lexicon.default().merge(Lexicon.from_file(path))


def show_changes(name: str, before: newsseg.Document, after: newsseg.Document) -> None:
    print(f"== {name}")
    old = {(s.start, s.end): s for s in before.segments}
    for s in after.segments:
        was = old.get((s.start, s.end))
        if was is not None and (was.kind, was.rule) != (s.kind, s.rule):
            print(f"  {was.kind.value} ({was.rule}) -> {s.kind.value} ({s.rule}): {s.text}")
    print(f"  title:     {before.title} -> {after.title}")
    print(f"  read also: {list(before.read_also)} -> {list(after.read_also)}")


def main() -> None:
    lexicon = site_lexicon()
    with tempfile.TemporaryDirectory() as tmp:
        # a file gives the same lexicon as the code above
        assert site_lexicon_from_file(Path(tmp)) == lexicon
    for name in ("book-fair.txt", "fuel-prices.txt"):
        text = (PAGES / name).read_text(encoding="utf-8")
        show_changes(name, newsseg.segment(text), newsseg.segment(text, lexicon=lexicon))


if __name__ == "__main__":
    main()
