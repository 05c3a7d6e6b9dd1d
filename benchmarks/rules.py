#!/usr/bin/env python3
"""Which rules and lexicon phrases fire where: are they general, or one site's?

    python benchmarks/rules.py                  # every rule and phrase: pages, sites
    python benchmarks/rules.py --one-site       # only those that fire on one site
    python benchmarks/rules.py --loso           # leave one site out (see below)
    python benchmarks/rules.py --corpus DIR --json
    python benchmarks/rules.py --one-site --also PROBES   # and where else they fire

A rule is the name a segment carries (``read_also.inline``); a phrase is an
entry of a lexicon group. A phrase *fires* on a page when a segment labelled by
its group matched it (for groups of role ``words``, which stages read
themselves, when a stage matched it while segmenting the page). Sites come from
the corpus's ``MANIFEST.tsv`` (its ``site`` column; the first word of it).

A rule or phrase that fires on the pages of one site only is a smell: it fits
that site and says little of the sites newsseg has not seen. The report marks
it, unless ``benchmarks/general.json`` lists it as general vocabulary, with the
reason (a word every Arabic news site may use that this corpus happens to show
on one site only).

``--loso`` (leave one site out) scores each site's pages twice: as newsseg
stands, and with the rules and phrases that only that site needs switched off
(the phrases dropped from the lexicon, the rules refused when a stage labels a
block with them, so the block goes on to the next stage). The second figure is
what newsseg would score on that site had it never seen it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import evaluate as ev

GENERAL = Path(__file__).resolve().parent / "general.json"


# ----------------------------------------------------------------- sites


def sites(corpus: Path) -> dict[str, str]:
    """Page id -> site, from the corpus's MANIFEST.tsv (unknown pages: their id)."""
    out: dict[str, str] = {}
    manifest = corpus / "MANIFEST.tsv"
    if not manifest.is_file():
        return out
    lines = manifest.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t") if lines else []
    col = header.index("site") if "site" in header else 2
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) > col and cells[0]:
            site = cells[col].split()[0].lower() if cells[col].split() else cells[0]
            out[cells[0]] = site.removeprefix("www.")
    return out


# ----------------------------------------------------------- attribution


class _Trace:
    """What the lexicon's word lists matched while one page was segmented."""

    page: ClassVar[str | None] = None
    hits: ClassVar[dict[tuple[str, str], set[str]]] = collections.defaultdict(set)

    @classmethod
    def record(cls, group: str, phrase: str) -> None:
        if cls.page is not None:
            cls.hits[(group, phrase)].add(cls.page)


@contextlib.contextmanager
def _word_trace() -> Iterator[None]:
    """While inside: CompiledLexicon.words / words_pattern record word-list hits."""
    import regex

    from newsseg.lexicon import CompiledLexicon

    plain_words = CompiledLexicon.words
    plain_pattern = CompiledLexicon.words_pattern

    class TracedSet(frozenset[str]):
        """A word list that records its hits; a union of two keeps tracing
        (stages join lists: months | date_words)."""

        groups: tuple[tuple[str, frozenset[str]], ...] = ()

        def __contains__(self, item: object) -> bool:
            hit = super().__contains__(item)
            if hit and isinstance(item, str):
                for group, members in self.groups:
                    if item in members:  # a plain frozenset
                        _Trace.record(group, item)
                        break
            return hit

        def __or__(self, other: Any) -> TracedSet:  # type: ignore[override]
            joined = TracedSet(frozenset.__or__(self, other))
            joined.groups = self.groups + tuple(getattr(other, "groups", ()))
            return joined

    def words(self: CompiledLexicon, name: str) -> frozenset[str]:
        plain = plain_words(self, name)
        found = TracedSet(plain)
        found.groups = ((name, plain),)
        return found

    class TracedPattern:
        def __init__(self, pattern: regex.Pattern[str], group: str, vocab: list[str]) -> None:
            self._p, self._group, self._vocab = pattern, group, vocab

        def _note(self, m: Any) -> Any:
            if m is not None:
                text = m.group()
                for w in self._vocab:  # longest first: the word the match holds
                    if w in text:
                        _Trace.record(self._group, w)
                        break
            return m

        def search(self, *a: Any, **k: Any) -> Any:
            return self._note(self._p.search(*a, **k))

        def match(self, *a: Any, **k: Any) -> Any:
            return self._note(self._p.match(*a, **k))

        def fullmatch(self, *a: Any, **k: Any) -> Any:
            return self._note(self._p.fullmatch(*a, **k))

        def finditer(self, *a: Any, **k: Any) -> Iterator[Any]:
            for m in self._p.finditer(*a, **k):
                yield self._note(m)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._p, name)

    def words_pattern(self: CompiledLexicon, wp: Any) -> Any:
        vocab = sorted(plain_words(self, wp.group), key=len, reverse=True)
        return TracedPattern(plain_pattern(self, wp), wp.group, vocab)

    CompiledLexicon.words = words  # type: ignore[method-assign]
    CompiledLexicon.words_pattern = words_pattern  # type: ignore[method-assign]
    try:
        yield
    finally:
        CompiledLexicon.words = plain_words  # type: ignore[method-assign]
        CompiledLexicon.words_pattern = plain_pattern  # type: ignore[method-assign]


def _phrase_matchers(lexicon: Any) -> dict[str, list[tuple[str, Callable[[str], bool]]]]:
    """For each matching group: (phrase, test on a segment's normalized text), longest first."""
    import regex

    from newsseg.normalize import normalize

    c = lexicon.compile()
    out: dict[str, list[tuple[str, Callable[[str], bool]]]] = {}
    end = r"(?=$|[\s:\-|.,;!?()\[\]\"'»«]|\p{P})"
    for g in lexicon.groups:
        tests: list[tuple[str, Callable[[str], bool]]] = []
        if g.role == "pattern":
            from newsseg.lexicon import _PATTERN_FOLD

            for p in g.patterns:
                rx = regex.compile(normalize(p, _PATTERN_FOLD), regex.IGNORECASE)
                tests.append((p, lambda t, rx=rx: rx.search(t) is not None))
        elif g.role != "words":
            for p in sorted(g.phrases, key=len, reverse=True):
                words = normalize(p, c.normalizer).split()
                if not words:
                    continue
                body = r"\s*".join(regex.escape(w) for w in words)
                if g.role in ("heading", "field"):
                    rx = regex.compile(rf"^[\W_]*{body}{end}")
                elif g.role == "line":
                    rx = regex.compile(rf"^[\W_]*{body}[\W_]*$")
                else:
                    rx = regex.compile(rf"(?<!\w){body}(?!\w)")
                fn = rx.match if g.role != "contains" else rx.search
                tests.append((p, lambda t, fn=fn: fn(t) is not None))
        out[g.name] = tests
    return out


def fired(doc: Any, lexicon: Any, matchers: Mapping[str, list[tuple[str, Callable[[str], bool]]]]
          ) -> tuple[set[str], set[tuple[str, str]]]:
    """The rules and the (group, phrase) pairs that labelled segments of ``doc``."""
    from newsseg.normalize import normalize

    c = lexicon.compile()
    rules: set[str] = set()
    phrases: set[tuple[str, str]] = set()
    for s in doc.segments:
        rules.add(s.rule)
        group, _, how = s.rule.partition(".")
        if group not in matchers or how in ("item", "value", "kicker"):
            continue
        ntext = normalize(s.text, c.normalizer)
        for phrase, test in matchers[group]:
            if test(ntext):
                phrases.add((group, phrase))
                break
    return rules, phrases


# --------------------------------------------------------------- report


def _segment(page: ev.Page, lexicon: Any = None) -> Any:
    import newsseg

    if page.format == "html":
        return newsseg.segment_html(page.page, lexicon=lexicon)
    return newsseg.segment(page.page, lexicon=lexicon)


def collect(pages: Iterable[ev.Page]) -> dict[str, dict[str, set[str]]]:
    """``{"rules": {rule: pages}, "phrases": {"group: phrase": pages}}``."""
    import newsseg

    lexicon = newsseg.Lexicon.default()
    matchers = _phrase_matchers(lexicon)
    rules: dict[str, set[str]] = collections.defaultdict(set)
    phrases: dict[str, set[str]] = collections.defaultdict(set)
    _Trace.hits.clear()
    for page in pages:
        _Trace.page = page.id
        try:
            with _word_trace():
                doc = _segment(page)
        finally:
            _Trace.page = None
        r, p = fired(doc, lexicon, matchers)
        for name in r:
            rules[name].add(page.id)
        for g, ph in p:
            phrases[f"{g}: {ph}"].add(page.id)
    for (g, w), ids in _Trace.hits.items():
        phrases[f"{g}: {w}"] |= ids
    return {"rules": dict(rules), "phrases": dict(phrases)}


def load_general(path: Path = GENERAL) -> dict[str, dict[str, str]]:
    """The rules, phrases and whole word-list groups marked as general
    vocabulary, each with its reason."""
    if not path.is_file():
        return {"rules": {}, "phrases": {}, "groups": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: dict(data.get(k, {})) for k in ("rules", "phrases", "groups")}


def general_reason(general: Mapping[str, Mapping[str, str]], what: str, name: str
                   ) -> str | None:
    """Why ``name`` (a rule, or ``"group: phrase"``) is general vocabulary, if
    ``general.json`` says so: by its own entry, or for a phrase by its group's."""
    reason = general.get(what, {}).get(name)
    if reason is None and what == "phrases":
        reason = general.get("groups", {}).get(name.partition(": ")[0])
    return reason


def report(corpus: Path, only: str | None = None, also: Iterable[Path] = ()
           ) -> list[dict[str, Any]]:
    """One row per rule and per phrase: pages, sites, and whether it is one
    site's; ``also``: more corpora (probe pages) whose sites are counted apart."""
    pages = ev.load_corpus(corpus, only)
    site_of = sites(corpus)
    found = collect(pages)
    extra_sites: dict[str, set[str]] = collections.defaultdict(set)
    for other in also:
        other_sites = sites(other)
        for what, table in collect(ev.load_corpus(other, only)).items():
            for name, ids in table.items():
                extra_sites[f"{what}:{name}"] |= {other_sites.get(i, i) for i in ids}
    general = load_general()
    rows = []
    for what, table in found.items():
        for name, ids in sorted(table.items()):
            where = sorted({site_of.get(i, i) for i in ids})
            reason = general_reason(general, what, name)
            rows.append({
                "what": what[:-1], "name": name, "pages": len(ids), "sites": len(where),
                "site_list": where, "one_site": len(where) == 1 and reason is None,
                "general": reason,
                "other_sites": sorted(extra_sites.get(f"{what}:{name}", ())),
            })
    return rows


# ---------------------------------------------------------- leave one out


@contextlib.contextmanager
def refusing(rules: set[str]) -> Iterator[None]:
    """While inside: ``Draft.label`` refuses to label with any of ``rules``."""
    from newsseg.engine.draft import Draft

    plain = Draft.label

    def label(block: Any, kind: Any, rule: str, *, force: bool = False) -> bool:
        if rule in rules:
            return False
        return plain(block, kind, rule, force=force)

    Draft.label = staticmethod(label)  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        Draft.label = staticmethod(plain)  # type: ignore[method-assign, assignment]


def _lexicon_without(phrases: Iterable[str]) -> Any:
    import attrs

    import newsseg

    lex = newsseg.Lexicon.default()
    drop: dict[str, set[str]] = collections.defaultdict(set)
    for key in phrases:
        g, _, ph = key.partition(": ")
        drop[g].add(ph)
    for g, items in drop.items():
        group = lex[g]
        kept_p = tuple(p for p in group.phrases if p not in items)
        kept_r = tuple(p for p in group.patterns if p not in items)
        if not any(p.strip() for p in kept_p) and not kept_r:
            lex = lex.without(g)
        else:
            lex = lex.with_group(attrs.evolve(group, phrases=kept_p, patterns=kept_r))
    return lex


def loso(corpus: Path, only: str | None = None) -> list[dict[str, Any]]:
    """For each site: its pages' figures as they are and without what only it needs."""
    pages = ev.load_corpus(corpus, only)
    site_of = sites(corpus)
    found = collect(pages)
    by_site: dict[str, list[ev.Page]] = collections.defaultdict(list)
    for p in pages:
        by_site[site_of.get(p.id, p.id)].append(p)
    own: dict[str, dict[str, set[str]]] = collections.defaultdict(
        lambda: {"rules": set(), "phrases": set()})
    for what, table in found.items():
        for name, ids in table.items():
            where = {site_of.get(i, i) for i in ids}
            if len(where) == 1:
                own[next(iter(where))][what].add(name)
    rows = []
    for site, site_pages in sorted(by_site.items()):
        before = ev.summarize(ev.score_corpus(site_pages, ev.predict_newsseg))
        mine = own.get(site, {"rules": set(), "phrases": set()})
        lex = _lexicon_without(mine["phrases"])

        def predict(page: str, fmt: str, lex: Any = lex) -> list[ev.Predicted]:
            import newsseg

            doc = (newsseg.segment_html(page, lexicon=lex) if fmt == "html"
                   else newsseg.segment(page, lexicon=lex))
            text_page = fmt == "text"
            return [(s.kind.value, s.text, s.start if text_page else None,
                     s.end if text_page else None) for s in doc.segments]

        with refusing(mine["rules"]):
            after = ev.summarize(ev.score_corpus(site_pages, predict))
        rows.append({
            "site": site, "pages": len(site_pages),
            "own_rules": sorted(mine["rules"]), "own_phrases": sorted(mine["phrases"]),
            "before": before, "after": after,
        })
    return rows


# ------------------------------------------------------------------ CLI


def _kinds(s: Mapping[str, Any]) -> str:
    return " ".join(f"{k}={v:.2f}" for k, v in s["kind_F1"].items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder")
    ap.add_argument("--only", choices=("text", "html"), help="pages of one format")
    ap.add_argument("--one-site", action="store_true", help="only what fires on one site")
    ap.add_argument("--loso", action="store_true", help="leave one site out")
    ap.add_argument("--json", action="store_true", help="JSON output")
    ap.add_argument("--also", type=Path, action="append", default=[],
                    help="another corpus (probe pages) whose sites are counted apart")
    args = ap.parse_args(argv)
    ev.use_checkout()
    corpus: Path = args.corpus or ev.default_corpus()
    if not (corpus / "gold").is_dir():
        print(f"no corpus at {corpus} (give --corpus or set NEWSSEG_CORPUS)", file=sys.stderr)
        return 2
    if args.loso:
        rows = loso(corpus, args.only)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
            return 0
        for r in rows:
            b, a = r["before"], r["after"]
            print(f"{r['site']:<28} {r['pages']:>2} pages  F1 {b['article_F1']:.3f} -> "
                  f"{a['article_F1']:.3f}  clean {b['clean']:.2f} -> {a['clean']:.2f}  "
                  f"own: {len(r['own_rules'])} rules, {len(r['own_phrases'])} phrases")
            if r["own_rules"] or r["own_phrases"]:
                print(f"{'':31}{', '.join(r['own_rules'] + r['own_phrases'])}")
                if _kinds(b) != _kinds(a):
                    print(f"{'':31}kinds {_kinds(b)}\n{'':31}   -> {_kinds(a)}")
        pages = sum(r["pages"] for r in rows)
        for when in ("before", "after"):
            f1 = sum(r[when]["article_F1"] * r["pages"] for r in rows) / pages
            clean = sum(r[when]["clean"] * r["pages"] for r in rows) / pages
            print(f"all sites, {when:<6}: article F1 {f1:.3f}  clean {clean:.2f}")
        return 0
    rows = report(corpus, args.only, args.also)
    total = len(rows)
    if args.one_site:
        rows = [r for r in rows if r["one_site"]]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        flag = "ONE SITE" if r["one_site"] else ("general" if r["general"] else "")
        where = ", ".join(r["site_list"][:4]) + (" …" if r["sites"] > 4 else "")
        probes = f"  (+{len(r['other_sites'])} other sites)" if r["other_sites"] else ""
        print(f"{r['what']:<6} {r['name'][:46]:<46} {r['pages']:>3} pages {r['sites']:>3} sites"
              f"  {flag:<8} {where}{probes}")
    one = [r for r in rows if r["one_site"]]
    print(f"\n{len(one)} of {total} rules and phrases fire on one site only")
    return 0


if __name__ == "__main__":
    sys.exit(main())
