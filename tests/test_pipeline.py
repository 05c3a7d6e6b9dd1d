"""The engine's contracts: pipelines built from data, the order of declared
facts, page facts on the draft, block facts through splits."""

from __future__ import annotations

import doctest
import sys

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsseg
from newsseg import Draft, PipelineError
from newsseg.presets import HTML_EDITS, HTML_PIPELINE, STAGES, TEXT_ORDER, TEXT_PIPELINE, edited

LEX = newsseg.Lexicon.default().compile()


@pytest.mark.parametrize("pipeline", [TEXT_PIPELINE, HTML_PIPELINE], ids=["text", "html"])
def test_every_fact_a_default_stage_reads_is_written_before_it(pipeline: newsseg.Pipeline) -> None:
    written: set[str] = set()
    every_write = {f for s in pipeline.stages for f in getattr(s, "writes", ())}
    for s in pipeline.stages:
        for fact in getattr(s, "reads", ()):
            assert fact in written or fact not in every_write, (s.name, fact)
        written |= set(getattr(s, "writes", ()))
    # the declarations are not empty: the check has something to check
    assert {"list_head", "value_at"} <= every_write


def test_a_stage_before_the_writer_of_what_it_reads_is_refused() -> None:
    with pytest.raises(PipelineError, match=r"'lists' reads 'list_head'.*'markers'"):
        newsseg.Pipeline([STAGES["blocks"], STAGES["lists"], STAGES["markers"]])
    with pytest.raises(PipelineError, match="'html_article' reads 'zones'"):
        HTML_PIPELINE.without("html_article").before("dom", STAGES["html_article"])
    # a fact that no stage writes is only absent: dropping a writer is allowed
    assert "lists" in TEXT_PIPELINE.without("markers").names


def test_user_stages_declare_facts_too() -> None:
    @newsseg.stage("mark", writes=["mine"])
    def mark(draft: Draft) -> None:
        pass

    @newsseg.stage("use", reads=["mine"])
    def use(draft: Draft) -> None:
        pass

    assert TEXT_PIPELINE.append(mark).append(use).names[-2:] == ("mark", "use")
    with pytest.raises(PipelineError, match="'use' reads 'mine'"):
        TEXT_PIPELINE.append(use).append(mark)

    @attrs.frozen
    class Bad:
        name: str = "bad"
        reads: str = "list_head"  # a str, not a tuple of names

        def __call__(self, draft: Draft) -> None:
            pass

    with pytest.raises(PipelineError, match="tuple of fact names"):
        TEXT_PIPELINE.append(Bad())


@pytest.mark.parametrize("pipeline", [TEXT_PIPELINE, HTML_PIPELINE], ids=["text", "html"])
def test_stage_functions_keep_their_docs_for_help_and_doctest(
    pipeline: newsseg.Pipeline,
) -> None:
    # a stage made with @stage reads as its function: help() shows its text,
    # and doctest (which unwraps it) runs its example
    finder = doctest.DocTestFinder()
    for s in pipeline.stages:
        func = s.func  # type: ignore[attr-defined]
        assert (s.__doc__, s.__module__, s.__name__) == (
            func.__doc__, func.__module__, func.__name__)
        module = sys.modules[s.__module__]
        found = [t for t in finder.find(module) if t.name == f"{s.__module__}.{s.__name__}"]
        assert found, f"doctest does not find stage {s.name!r}"
        assert found[0].examples, f"stage {s.name!r} has no example"


def test_html_pipeline_is_the_text_pipeline_edited() -> None:
    assert edited(TEXT_PIPELINE, HTML_EDITS).names == HTML_PIPELINE.names
    assert TEXT_PIPELINE.names == TEXT_ORDER
    # a text stage the edits do not name is in both, in the same order
    kept = [n for n in TEXT_ORDER if n in HTML_PIPELINE.names]
    assert [n for n in HTML_PIPELINE.names if n in TEXT_ORDER] == kept
    assert edited(TEXT_PIPELINE, (("after", "noise", "dom", "boxes"),)).names[:4] == (
        "blocks", "noise", "dom", "boxes")
    with pytest.raises(PipelineError, match="unknown edit"):
        edited(TEXT_PIPELINE, (("insert", "dom"),))


def test_page_facts_by_type() -> None:
    d = Draft.from_text("نص", LEX)

    @attrs.frozen
    class Section:
        name: str

    assert d.find(Section) is None
    d.put(Section("رياضة"))
    d.put(Section("اقتصاد"))  # one fact a type: the last one wins
    assert d.fact(Section).name == "اقتصاد"
    with pytest.raises(PipelineError, match="no int"):
        d.fact(int)


def test_an_html_stage_on_a_text_draft_says_what_is_missing() -> None:
    d = Draft.from_text("عنوان\nنص الخبر", LEX)
    with pytest.raises(PipelineError, match="no HtmlPage"):
        STAGES["dom"](d)


@given(st.integers(0, 40), st.booleans(), st.booleans())
def test_split_pieces_keep_the_block_facts(cut: int, apart: bool, head: bool) -> None:
    text = "اقرأ أيضا: عنوان خبر آخر. ونص بعده في السطر نفسه"
    d = Draft.from_text(text, LEX)
    b = d.blocks[0]
    b.value_at, b.keep_apart, b.list_head, b.value_next, b.tail = 11, apart, head, True, True
    for p in d.split(b, [cut]):
        assert (p.value_at, p.keep_apart, p.list_head, p.value_next, p.tail) == (
            11, apart, head, True, True)
        assert p.line == b.line


@pytest.mark.parametrize("page", ["book-fair.txt", "fuel-prices.txt", "one-line-football.txt"])
def test_a_page_too_long_for_the_ntext_cache_segments_the_same(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from newsseg.engine import draft

    text = (Path(__file__).resolve().parents[1] / "examples" / "pages" / page).read_text("utf-8")
    cached = newsseg.segment(text)
    monkeypatch.setattr(draft, "NTEXT_CACHE_CHARS", 0)
    d = Draft.from_text(text, LEX)
    TEXT_PIPELINE.apply(d)
    assert all(b.ntext is None for b in d.blocks)  # sliced at each call, never kept
    assert d.to_document() == cached
