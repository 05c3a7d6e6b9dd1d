"""The kinds of normalizer step: a character table (:class:`TableStep`), a
regex substitution (:class:`PatternStep`) and a chain of steps
(:class:`Sequence`, :func:`chain`).

>>> from newsseg.normalize import fold_alef, normalize, strip_tatweel
>>> from newsseg.normalize import strip_tatweel, fold_alef
>>> chain(strip_tatweel, fold_alef)(AlignedText.identity("أحمـد")).text
'احمد'
"""

from __future__ import annotations

import collections.abc
import re
from array import array
from functools import lru_cache
from typing import Protocol, TypeAlias

import attrs

from newsseg.normalize.aligned import AlignedText, _check_str, _new_map

# ---------------------------------------------------------------------------
# Normalizer protocol and the two generic step kinds
# ---------------------------------------------------------------------------


class Normalizer(Protocol):
    """Anything with a ``name`` that turns an AlignedText into another.

    A user's own normalizer is any object of that shape; it can be chained
    with the built-in steps. Use :meth:`AlignedText.edit` to keep the map.

    >>> from newsseg.normalize import align
    >>> class ExpandSAW:
    ...     name = "expand_saw"
    ...     def __call__(self, text: AlignedText) -> AlignedText:
    ...         i = text.text.find("ﷺ")
    ...         if i < 0:
    ...             return text
    ...         return text.edit([(i, i + 1, "صلى الله عليه وسلم")])
    >>> align("النبي ﷺ قال", ExpandSAW()).text
    'النبي صلى الله عليه وسلم قال'
    """

    @property
    def name(self) -> str:
        """Short identifier of the step, used in names of chains."""
        ...

    def __call__(self, text: AlignedText) -> AlignedText:
        """Return the normalized form of ``text``, map included."""
        ...



Replacement: TypeAlias = "str | collections.abc.Callable[[re.Match[str]], str]"


def _check_aligned(value: object, name: str) -> None:
    if not isinstance(value, AlignedText):
        raise TypeError(
            f"normalizer {name!r} expects an AlignedText, got "
            f"{type(value).__name__}; use align(text, normalizer) or "
            f"normalize(text, normalizer) for a str"
        )


def _check_normalizer(value: object) -> None:
    if not callable(value) or not isinstance(getattr(value, "name", None), str):
        raise TypeError(
            f"expected a Normalizer (a callable with a str 'name'), got {type(value).__name__}"
        )


def _checked_result(result: object, given: AlignedText, step: Normalizer) -> AlignedText:
    if not isinstance(result, AlignedText):
        raise TypeError(
            f"normalizer {step.name!r} returned {type(result).__name__}, expected AlignedText"
        )
    if result.original is not given.original and result.original != given.original:
        raise ValueError(f"normalizer {step.name!r} returned an AlignedText of another input")
    return result


def _freeze_mapping(
    mapping: collections.abc.Mapping[str, str] | collections.abc.Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """Validate a char table and store it as sorted pairs (identities dropped)."""
    items = mapping.items() if isinstance(mapping, collections.abc.Mapping) else mapping
    out: dict[str, str] = {}
    for key, value in items:
        if not isinstance(key, str) or len(key) != 1:
            raise TypeError(f"table keys must be single characters, got {key!r}")
        if not isinstance(value, str):
            raise TypeError(f"table values must be str ('' deletes), got {value!r} for {key!r}")
        if key != value:
            out[key] = value
    return tuple(sorted(out.items()))


@lru_cache(maxsize=1)
def _identity_bmp() -> list[str]:
    """``[chr(0), chr(1), ...]`` for the BMP; tables share these objects."""
    return [chr(i) for i in range(0x10000)]


@attrs.frozen(eq=False)
class _CompiledTable:
    """What a TableStep needs at run time, built on first use."""

    translate: collections.abc.Mapping[int, str] | list[str]
    changing: re.Pattern[str] | None
    lengths: dict[str, int]
    keys: re.Pattern[str] | None = None
    """Every character the table changes (``None``: :func:`_apply` always translates)."""
    values: dict[str, str] = attrs.field(factory=dict)


# str.translate looks every character up through a Python int (~30 ns each);
# on short texts, finding the few characters that change and replacing each
# with str.replace is several times faster. Past these bounds (a long text;
# many distinct characters: one pass each) the table is used.
_FAST_MAX_CHARS = 1 << 16
_FAST_MAX_DISTINCT = 64


def _apply(s: str, compiled: _CompiledTable) -> str:
    """``s.translate(compiled.translate)``, faster on short texts.

    The first character that changes is found, replaced everywhere, and the
    next one looked for from there: no replacement holds a character the
    table changes (``keys`` is ``None`` otherwise), so what lies before is
    done, and each distinct character costs one search and one replace.
    """
    keys = compiled.keys
    if keys is None or len(s) > _FAST_MAX_CHARS:
        return s.translate(compiled.translate)
    values = compiled.values
    m = keys.search(s)
    distinct = 0
    while m is not None:
        distinct += 1
        if distinct > _FAST_MAX_DISTINCT:
            return s.translate(compiled.translate)
        at = m.start()
        c = s[at]
        s = s.replace(c, values[c])
        m = keys.search(s, at)
    return s


def _char_class(chars: collections.abc.Iterable[str]) -> str:
    """A regex character class for ``chars``, runs written as ranges."""
    codes = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return f"[{''.join(parts)}]"


def _compile_table(mapping: tuple[tuple[str, str], ...]) -> _CompiledTable:
    # A list indexed by code point is ~2.4x faster in str.translate than a
    # dict; code points past its end raise IndexError, which translate treats
    # as "unchanged" (cheaply). Tables with astral keys fall back to a dict.
    translate: collections.abc.Mapping[int, str] | list[str]
    max_key = max((ord(k) for k, _ in mapping), default=-1)
    if max_key < 0x10000:
        table = _identity_bmp()[: max_key + 1]
        for key, value in mapping:
            table[ord(key)] = value
        translate = table
    else:
        translate = {ord(k): v for k, v in mapping}
    # One plain character class, one character per match: sre scans for it
    # several times faster than for ``[...]+`` or an alternation.
    lengths = {k: len(v) for k, v in mapping if len(v) != 1}
    changing = re.compile(_char_class(lengths)) if lengths else None
    values = {k: v for k, v in mapping if k != v}
    # replacing one character after another equals translating at once only
    # when no replacement holds a character the table changes again
    fixed = values and all(c not in values for v in values.values() for c in v)
    keys = re.compile(_char_class(values)) if fixed else None
    return _CompiledTable(translate, changing, lengths, keys, values)


def _table_map(
    src: str, changing: re.Pattern[str], lengths: dict[str, int], limit: int
) -> tuple[array[int], array[int]]:
    """Breakpoints of a translate table over ``src``: one per change.

    This is the hot loop (one iteration per deleted or expanded character),
    so it appends directly instead of calling :func:`_push`; the result is
    canonical by construction. A deleted character at ``s`` (output
    position ``q``) adds ``(q, s + 1 - q)``, or adds 1 to the last delta when
    it follows another deleted character (same ``q``). A character expanded
    to ``k`` adds ``k - 1`` breakpoints after its first output character,
    each delta one smaller, so all ``k`` map to ``s``.
    """
    pos = _new_map(limit)
    dl = _new_map(limit)
    add_pos, add_delta = pos.append, dl.append
    shift = 0  # output position minus input position, so far
    last_deleted_end = -1
    for m in changing.finditer(src):
        s = m.start()
        k = lengths[src[s]]
        if k == 0:
            if s == last_deleted_end:
                dl[-1] += 1
            else:
                q = s + shift
                add_pos(q)
                add_delta(s + 1 - q)
            shift -= 1
            last_deleted_end = s + 1
        else:
            q = s + shift
            for j in range(1, k):
                add_pos(q + j)
                add_delta(s - q - j)
            shift += k - 1
    return pos, dl


@attrs.frozen
class TableStep:
    """A step that maps each character independently (``str.translate``).

    ``mapping`` maps single characters to a replacement: one character
    (1:1, the map is untouched), ``''`` (deleted) or several characters
    (expanded; every produced character maps back to the input character).
    Most built-in steps are TableSteps, and :class:`Sequence` fuses
    consecutive ones into a single table, so a whole preset runs as one
    pass of the table (``str.translate``, or on a short text one
    ``str.replace`` for each character it changes) plus one regex scan for the
    deletions and expansions.

    >>> from newsseg.normalize import align, normalize
    >>> strip_sukun = TableStep("strip_sukun", {"ْ": ""})
    >>> normalize("اقراْ", strip_sukun)
    'اقرا'
    >>> a = align("بْت", strip_sukun)
    >>> a.text, a.to_original(1)
    ('بت', 2)
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    """Short identifier of the step."""

    mapping: tuple[tuple[str, str], ...] = attrs.field(converter=_freeze_mapping)
    """The table, as sorted ``(character, replacement)`` pairs."""

    doc: str = attrs.field(default="", eq=False, repr=False, kw_only=True)
    """What the step does and why (built-in steps carry a runnable example)."""

    _cache: list[_CompiledTable] = attrs.field(init=False, factory=list, eq=False, repr=False)

    def _compiled(self) -> _CompiledTable:
        cache = self._cache
        if not cache:
            cache.append(_compile_table(self.mapping))
        return cache[0]

    def __call__(self, text: AlignedText) -> AlignedText:
        """Apply the table to ``text``, keeping the map."""
        _check_aligned(text, self.name)
        compiled = self._compiled()
        src = text.text
        out = _apply(src, compiled)
        if compiled.changing is None:  # 1:1 table: offsets do not move
            return AlignedText(out, text.original, _positions=text._positions, _deltas=text._deltas)
        limit = len(out) + len(src) + len(text.original)
        pos, dl = _table_map(src, compiled.changing, compiled.lengths, limit)
        return text._derive(out, pos, dl)

    def normalize_str(self, s: str) -> str:
        """Apply the table to a plain string (no map is built)."""
        _check_str(s, f"{self.name}.normalize_str()")
        return _apply(s, self._compiled())


def _compile_pattern(pattern: str | re.Pattern[str]) -> re.Pattern[str]:
    if isinstance(pattern, re.Pattern):
        if not isinstance(pattern.pattern, str):
            raise TypeError("PatternStep needs a str pattern, not a bytes one")
        return pattern
    if isinstance(pattern, str):
        return re.compile(pattern)
    raise TypeError(f"PatternStep pattern must be str or re.Pattern, got {type(pattern).__name__}")


@attrs.frozen
class PatternStep:
    """A step that substitutes regex matches (like ``re.sub``), keeping the map.

    ``repl`` is a template (``\\1`` works) or a function of the match. A
    replacement of the same length as its match is mapped 1:1; any other
    one maps all its characters to the start of the match. Unlike a table
    step, a pattern step need not be idempotent: that is up to its pattern.

    >>> from newsseg.normalize import align
    >>> squeeze = PatternStep("squeeze_spaces", r"[ \\t]{2,}", " ")
    >>> a = align("عاجل    الآن", squeeze)
    >>> a.text, a.span_to_original(5, 9)
    ('عاجل الآن', (8, 12))
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    """Short identifier of the step."""

    pattern: re.Pattern[str] = attrs.field(converter=_compile_pattern)
    """The compiled pattern (a str given here is compiled with ``re``)."""

    repl: Replacement = attrs.field()
    """Replacement template or function, as for ``re.sub``."""

    @repl.validator
    def _check_repl(self, _: attrs.Attribute[Replacement], value: object) -> None:
        if not isinstance(value, str) and not callable(value):
            raise TypeError(f"PatternStep repl must be str or callable, got {type(value).__name__}")

    def __call__(self, text: AlignedText) -> AlignedText:
        """Substitute every match in ``text``, keeping the map."""
        _check_aligned(text, self.name)
        repl = self.repl
        edits: list[tuple[int, int, str]] = []
        if isinstance(repl, str):
            literal = "\\" not in repl
            for m in self.pattern.finditer(text.text):
                edits.append((m.start(), m.end(), repl if literal else m.expand(repl)))
        else:
            for m in self.pattern.finditer(text.text):
                rep = repl(m)
                if not isinstance(rep, str):
                    raise TypeError(
                        f"PatternStep {self.name!r}: repl returned "
                        f"{type(rep).__name__}, expected str"
                    )
                edits.append((m.start(), m.end(), rep))
        return text.edit(edits)

    def normalize_str(self, s: str) -> str:
        """Substitute every match in a plain string (no map is built)."""
        _check_str(s, f"{self.name}.normalize_str()")
        return self.pattern.sub(self.repl, s)


# ---------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------


def _fuse(a: TableStep, b: TableStep) -> TableStep:
    """One table equal to applying ``a`` then ``b`` (translate composes)."""
    first = dict(a.mapping)
    second = {ord(k): v for k, v in b.mapping}
    keys = set(first) | {k for k, _ in b.mapping}
    fused = {k: first.get(k, k).translate(second) for k in keys}
    return TableStep(f"{a.name}+{b.name}", fused)


def _to_steps(
    steps: collections.abc.Iterable[Normalizer],
) -> tuple[Normalizer, ...]:
    given: object = steps  # typed for callers; checked for everyone else
    if isinstance(given, (str, bytes)) or not isinstance(given, collections.abc.Iterable):
        raise TypeError(f"Sequence expects an iterable of normalizers, got {type(given).__name__}")
    out = tuple(steps)
    for step in out:
        _check_normalizer(step)
    return out


@attrs.frozen
class Sequence:
    """Several normalizers applied in order, as one normalizer.

    Consecutive :class:`TableStep` s (also inside nested sequences) are fused
    into a single table, so the result equals running the steps one by one
    but costs one pass. ``name`` defaults to the steps' names joined by
    ``+``.

    >>> from newsseg.normalize import normalize, strip_diacritics, strip_tatweel
    >>> clean = Sequence([strip_tatweel, strip_diacritics])
    >>> clean.name
    'strip_tatweel+strip_diacritics'
    >>> normalize("الـعَـرَبِـيّـة", clean)
    'العربية'
    """

    steps: tuple[Normalizer, ...] = attrs.field(converter=_to_steps)
    """The steps, in the order they run."""

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    """Short identifier; defaults to the steps' names joined by ``+``."""

    doc: str = attrs.field(default="", eq=False, repr=False, kw_only=True)
    """What the sequence is for (the presets carry a runnable example)."""

    _plan: tuple[Normalizer, ...] = attrs.field(init=False, eq=False, repr=False)

    @name.default
    def _default_name(self) -> str:
        return "+".join(step.name for step in self.steps)

    @_plan.default
    def _default_plan(self) -> tuple[Normalizer, ...]:
        plan: list[Normalizer] = []
        for step in self.steps:
            for sub in step._plan if isinstance(step, Sequence) else (step,):
                if plan and isinstance(sub, TableStep) and isinstance(plan[-1], TableStep):
                    plan[-1] = _fuse(plan[-1], sub)
                else:
                    plan.append(sub)
        return tuple(plan)

    def __call__(self, text: AlignedText) -> AlignedText:
        """Run every step on ``text`` in order, keeping the map."""
        _check_aligned(text, self.name)
        for step in self._plan:
            text = _checked_result(step(text), text, step)
        return text

    def normalize_str(self, s: str) -> str:
        """Run every step on a plain string (maps skipped where possible)."""
        _check_str(s, f"{self.name}.normalize_str()")
        for step in self._plan:
            if isinstance(step, (TableStep, PatternStep)):
                s = step.normalize_str(s)
            else:
                given = AlignedText.identity(s)
                s = _checked_result(step(given), given, step).text
        return s


def chain(*steps: Normalizer) -> Sequence:
    """Compose ``steps`` into one normalizer (same as ``Sequence(steps)``).

    >>> from newsseg.normalize import fold_alef, normalize, strip_diacritics
    >>> normalize("أَحْمَد", chain(strip_diacritics, fold_alef))
    'احمد'
    """
    return Sequence(steps)
