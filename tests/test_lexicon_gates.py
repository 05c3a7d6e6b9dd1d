"""The cheap first passes of the lexicon give what the patterns they stand in
for give: the literals read off a pattern (``required_literals``), the words
found by splitting at spaces (``split_words``), and the sub-alternations of the
big marker patterns (``_Alternation``)."""

from __future__ import annotations

import functools

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import newsseg.rules.text.blocks
import newsseg.rules.text.captions
import newsseg.rules.text.dates
import newsseg.rules.text.runon
from newsseg.engine.shape import TERMINAL, ends_sentence
from newsseg.lexicon import (
    _TOKEN,
    Lexicon,
    WordsPattern,
    _lead_end,
    required_literals,
    split_words,
)
from newsseg.lexicon.literals import _WIDE_CASES
from newsseg.normalize import MATCHING, normalize
from tests.strategies import news_like_text, noisy_arabic_text, normalizer_text


@functools.cache
def _every_character() -> str:
    return "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)


@functools.cache
def _lex():  # type: ignore[no-untyped-def]
    return Lexicon.default().compile()


def test_wide_cases_are_the_ascii_letters_with_more_cases() -> None:
    everything = _every_character()
    wide = {
        c for c in "abcdefghijklmnopqrstuvwxyz"
        if len(regex.findall(c, everything, flags=regex.IGNORECASE)) != 2
    }
    assert wide == set(_WIDE_CASES)


def test_letters_and_digits_are_word_characters() -> None:
    # split_words takes a token of letters (or of digits) for one \w+ run
    word = regex.compile(r"\w")
    assert all(word.match(c) for c in _every_character() if c.isalpha() or c.isdecimal())
    # and str.split cuts at every character \s takes
    space = regex.compile(r"\s")
    assert all(c.isspace() for c in _every_character() if space.match(c))


@settings(max_examples=300, deadline=None)
@given(st.one_of(noisy_arabic_text(), news_like_text(), normalizer_text()))
def test_split_words_is_findall(text: str) -> None:
    assert split_words(text) == _TOKEN.findall(text)
    norm = normalize(text, MATCHING)
    assert split_words(norm) == _TOKEN.findall(norm)


@pytest.mark.parametrize(("pattern", "flags", "needs", "lowered"), [
    (r"abc", 0, {"abc"}, set()),
    (r"a(?:b|c)d", 0, {"d"}, set()),  # one of the runs (ties: the last in sorted order)
    (r"x+yz", 0, {"yz"}, set()),
    (r"(?:foo|bar)\s+baz", 0, {"baz"}, set()),
    (r"(?:foo|barfoo)", 0, {"foo"}, set()),
    (r"a?b*", 0, set(), set()),
    (r"(?:a|)", 0, set(), set()),
    (r"(?i)abc", 0, set(), set()),  # inline flags: not read
    (r"\bGMT\b", regex.IGNORECASE, {"T", "t"}, {"gmt"}),  # either case; lowered
    (r"\bsite\b", regex.IGNORECASE, {"t", "T"}, {"te"}),  # s, i: cases beyond ASCII
    (r"\bGMT\b|ساعه", regex.IGNORECASE, {"T", "t", "ساعه"}, {"gmt", "ساعه"}),
    (r"تحديث|Update", regex.IGNORECASE, {"تحديث", "U", "u"}, {"تحديث", "update"}),
    (r"[abc]+\.com", 0, {".com"}, set()),
    (r"\p{L}+-x", 0, {"-x"}, set()),
    (r"(?<=ab)cd", 0, {"cd"}, set()),
    (r"a{2,3}bc", 0, {"bc"}, set()),
    (r"\L<words>", 0, set(), set()),
])
def test_required_literals(pattern: str, flags: int, needs: set[str], lowered: set[str]) -> None:
    named = {"words": ["a"]} if r"\L" in pattern else {}
    found = required_literals(regex.compile(pattern, flags, **named))
    assert set(found.any_of) == needs
    assert set(found.lowered) == lowered


def _gated_patterns() -> list[regex.Pattern[str]]:
    lex = _lex()
    found = [p for _, p, _, _ in lex._patterns]
    found += [newsseg.rules.text.blocks._EMBED_END, newsseg.rules.text.captions._EMBED]
    for wp in (newsseg.rules.text.dates._DESK, newsseg.rules.text.captions._CAPTION_HEAD):
        assert isinstance(wp, WordsPattern)
        found.append(lex.words_pattern(wp))
    return found


@settings(max_examples=200, deadline=None)
@given(st.one_of(noisy_arabic_text(), news_like_text(), normalizer_text()),
       st.sampled_from(["", "GMT", "Pic.Twitter.com/x", "نقلا عن الوكاله", "منشور في 2020",
                        "© 2024", "www.example.com", "a@b.co", "دقيقتان للقراءه"]))
def test_a_text_without_the_literals_has_no_match(text: str, extra: str) -> None:
    for sample in (text, normalize(text + " " + extra, MATCHING), extra):
        for p in _gated_patterns():
            if p.search(sample) is not None:
                assert required_literals(p).found_in(sample), (p.pattern, sample)


@settings(max_examples=300, deadline=None)
@given(st.one_of(noisy_arabic_text(), news_like_text()),
       st.sampled_from(["", "اقرأ أيضا: ", "• المصدر: ", "-انتهى-", "(أ ف ب)", "جميع الحقوق محفوظة",
                        "تابعونا على تويتر", "كلمات دلالية: ", "... ", "لا توجد تعليقات"]))
def test_sub_alternations_match_as_the_whole(text: str, marker: str) -> None:
    lex = _lex()
    for raw in (marker + text, text + " " + marker + text[:40], marker):
        ntext = normalize(raw, MATCHING)
        whole = lex._line.whole.match(ntext)
        assert lex.line(ntext) == (lex._group(whole) if whole else None)
        at = _lead_end(ntext)
        firsts = lex._head_firsts.get(ntext[at : at + 2])
        whole = lex._head.whole.match(ntext)
        gated = firsts is not None and ntext.startswith(firsts, at)  # head()'s first pass
        assert lex.head(ntext) == (lex._marker(whole, 0) if gated and whole else None)
        expected = [(lex._group(m), m.span()) for m in lex._contains.whole.finditer(ntext)]
        if not lex._contains_firsts.isdisjoint(_TOKEN.findall(ntext)):
            assert [(g, m.span()) for g, m in lex.contains_matches(ntext)] == expected
        else:
            assert list(lex.contains_matches(ntext)) == []
        for i in range(min(len(ntext), 200)):
            m = lex._inline.whole.match(ntext, i)
            found = list(lex.inline(ntext, candidates=[i]))
            assert found == ([lex._marker(m, i)] if m else [])


@settings(max_examples=300, deadline=None)
@given(st.one_of(noisy_arabic_text(), news_like_text()),
       st.text(alphabet=".!?…\"')]»  \t\x1c\u00a0ab", max_size=8))
def test_ends_sentence_searches_as_the_pattern(text: str, tail: str) -> None:
    for sample in (text, text + tail, tail):
        assert ends_sentence(sample) == (TERMINAL.search(sample) is not None)


def test_first_words_are_found_at_the_end_of_a_text() -> None:
    alt = _lex()._line
    for w in sorted(alt.firsts):
        for text in (w, "xx " + w, w + " xx", "xx " + w + "yy"):
            assert w in alt.at(text, text.index(w)), (w, text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    noisy_arabic_text(), news_like_text(),
    st.text(alphabet="ab .!?*\x01\x02\x7f\t\nس", max_size=40),
))
def test_trailer_scan_finds_what_the_pattern_finds(text: str) -> None:
    blocks = newsseg.rules.text.blocks
    assert blocks._trailers(text) == [m.start() for m in blocks._TRAILER.finditer(text)]
