"""Add a rule of your own to the pipeline: a stage.

    python examples/custom_stage.py

Many sites close an article with the agency's name alone in brackets:
"(رافد)", "(سبأ)". The default lexicon lists the common agencies; rather than
listing every one, this stage says it as a rule: a line that is only one to
three words in brackets, after the article's last paragraph, is the
``source``. It runs before the ``article`` stage, which would otherwise take
the line for part of the body.
"""

from __future__ import annotations

from pathlib import Path

import regex

import newsseg
from newsseg import Draft, Kind

PAGE = Path(__file__).resolve().parent / "pages" / "fuel-prices.txt"

# The whole line in round or square brackets (normalized text: "(", not "﴿").
BRACKETED = regex.compile(r"^[(\[]\s*[^()\[\]]+?\s*[)\]]$")


@newsseg.stage("bracketed_source")
def bracketed_source(draft: Draft) -> None:
    """Label "(Agency)" lines after the last paragraph as the source."""
    last = draft.last_paragraph()  # index of the last unlabelled paragraph, or -1
    for i, block in enumerate(draft.blocks):
        if i <= last or block.kind is not None:
            continue
        if BRACKETED.match(draft.norm_text(block)) and draft.words(block) <= 3:
            draft.label(block, Kind.SOURCE, "bracketed_source")


def main() -> None:
    pipeline = newsseg.TEXT_PIPELINE.before("article", bracketed_source)
    print("stages:", " > ".join(pipeline.names))

    text = PAGE.read_text(encoding="utf-8")
    before = newsseg.segment(text)
    after = newsseg.segment(text, pipeline=pipeline)

    for old, new in zip(before.segments, after.segments, strict=True):
        if old.kind is not new.kind:
            print(f"{new.text}: {old.kind.value} ({old.rule}) -> {new.kind.value} ({new.rule})")
    print("source before:", before.source)
    print("source after: ", after.source)
    print(
        "article ends with (رافد):",
        before.article.endswith("(رافد)"),
        "->",
        after.article.endswith("(رافد)"),
    )


if __name__ == "__main__":
    main()
