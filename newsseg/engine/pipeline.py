"""Composable segmenters: a :class:`Pipeline` is a named chain of stages.

A stage is any object with a ``name`` and a ``__call__(draft)`` that labels or
splits the :class:`Block` objects of a :class:`Draft`. The default text
segmenter is :data:`newsseg.TEXT_PIPELINE`; build your own by dropping,
inserting or replacing stages:

>>> import newsseg
>>> from newsseg import Draft, stage
>>> @stage("shout")
... def shout(draft: Draft) -> None:
...     for b in draft.unlabelled():
...         if draft.raw(b).endswith("!!"):
...             draft.label(b, "boilerplate", "shout")
>>> mine = newsseg.TEXT_PIPELINE.before("article", shout)
>>> "shout" in mine.names
True
>>> doc = mine.run("خبر عاجل عن الطقس والأمطار الغزيرة في المدينة اليوم.\\nيا للروعة!!")
>>> [(s.kind.value, s.rule) for s in doc.segments]
[('body', 'article.body'), ('boilerplate', 'shout')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

import attrs

from newsseg.engine.draft import Draft
from newsseg.errors import InputError, PipelineError
from newsseg.lexicon import Lexicon
from newsseg.limits import DEFAULT_LIMITS, Limits
from newsseg.model import Document
from newsseg.normalize import MATCHING, Normalizer

__all__ = ["Pipeline", "Stage", "stage"]


@runtime_checkable
class Stage(Protocol):
    """One step of a pipeline: anything with a ``name`` that can be called on a :class:`Draft`.

    A stage may also declare the facts it reads and writes (``reads``,
    ``writes``: tuples of names such as ``"list_head"`` or ``"zones"``, see
    :func:`stage`); a :class:`Pipeline` then refuses an order where a stage
    reads a fact that only a later stage writes.

    >>> from newsseg.presets import STAGES
    >>> isinstance(STAGES["markers"], Stage)
    True
    """

    @property
    def name(self) -> str: ...

    def __call__(self, draft: Draft) -> None: ...


@attrs.frozen(slots=False)
class _FunctionStage:
    name: str
    func: Callable[[Draft], None]
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        # the function's name, module and docstring, as functools.wraps gives
        # them: help() shows the stage's own text, and doctest (which unwraps
        # through __wrapped__) finds and runs its examples
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            object.__setattr__(self, attr, getattr(self.func, attr, None))
        object.__setattr__(self, "__wrapped__", self.func)

    def __call__(self, draft: Draft) -> None:
        self.func(draft)


def stage(
    name: str, *, reads: Iterable[str] = (), writes: Iterable[str] = ()
) -> Callable[[Callable[[Draft], None]], Stage]:
    """Decorator: turn ``func(draft) -> None`` into a named :class:`Stage`.

    ``reads`` and ``writes`` name the facts the stage reads and leaves for
    later stages (the :class:`Block` fields ``value_at``, ``keep_apart``,
    ``list_head``, ``value_next``, ``tail``; page facts such as the HTML
    ``zones``; or names of your own).

    >>> @stage("noop")
    ... def noop(draft):
    ...     pass
    >>> noop.name
    'noop'
    >>> @stage("heads", reads=["list_head"])
    ... def heads(draft):
    ...     pass
    >>> heads.reads
    ('list_head',)
    """

    def wrap(func: Callable[[Draft], None]) -> Stage:
        return _FunctionStage(name, func, tuple(reads), tuple(writes))

    return wrap


def _stage_tuple(stages: Iterable[Stage]) -> tuple[Stage, ...]:
    return tuple(stages)


def _facts(s: Stage, which: str) -> tuple[str, ...]:
    """A stage's declared ``reads`` or ``writes`` (none for a stage that declares none)."""
    names = getattr(s, which, ())
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise PipelineError(
            f"stage {s.name!r}: `{which}` must be a tuple of fact names, got {names!r}"
        )
    return tuple(names)


def _check_order(stages: tuple[Stage, ...]) -> None:
    """Refuse a stage that reads a fact which only later stages write (a fact
    no stage writes is simply absent: a pipeline without ``markers`` has no
    list heads, and ``lists`` then finds none)."""
    writers: dict[str, list[int]] = {}
    for i, s in enumerate(stages):
        for fact in _facts(s, "writes"):
            writers.setdefault(fact, []).append(i)
    for i, s in enumerate(stages):
        for fact in _facts(s, "reads"):
            at = writers.get(fact, [])
            if at and min(at) > i:
                raise PipelineError(
                    f"stage {s.name!r} reads {fact!r}, which only a later stage writes "
                    f"({stages[at[0]].name!r}); move {s.name!r} after it"
                )


def _stage_name(s: Stage) -> str:
    name = getattr(s, "name", None)
    if not isinstance(name, str) or not name:
        raise PipelineError(
            f"a stage needs a non-empty str `name`, got {s!r}; use @newsseg.stage(name)"
        )
    return name


@attrs.frozen(slots=True)
class Pipeline:
    """An immutable, named chain of stages. Methods return new pipelines.

    >>> import newsseg
    >>> p = newsseg.TEXT_PIPELINE
    >>> p.names[:2]
    ('blocks', 'noise')
    >>> p.without("teasers").names == tuple(n for n in p.names if n != "teasers")
    True
    """

    stages: tuple[Stage, ...] = attrs.field(converter=_stage_tuple)
    lexicon: Lexicon | None = None
    """The lexicon this pipeline uses when :meth:`run` is given none (``None``: the default)."""
    normalizer: Normalizer = MATCHING
    """How block text is normalized for matching."""

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for s in self.stages:
            name = _stage_name(s)
            if name in seen:
                raise PipelineError(f"two stages are named {name!r}; stage names must be unique")
            seen.add(name)
        _check_order(self.stages)

    @property
    def names(self) -> tuple[str, ...]:
        """The stage names, in order.

        >>> import newsseg
        >>> "markers" in newsseg.TEXT_PIPELINE.names
        True
        """
        return tuple(s.name for s in self.stages)

    def _find(self, name: str) -> int:
        for i, s in enumerate(self.stages):
            if s.name == name:
                return i
        raise PipelineError(f"no stage named {name!r}; this pipeline has: {', '.join(self.names)}")

    def __getitem__(self, name: str) -> Stage:
        return self.stages[self._find(name)]

    def before(self, name: str, new: Stage) -> Pipeline:
        """A pipeline with ``new`` inserted before stage ``name``.

        >>> import newsseg
        >>> p = newsseg.TEXT_PIPELINE.before("markers", newsseg.stage("x")(lambda d: None))
        >>> p.names.index("x") + 1 == p.names.index("markers")
        True
        """
        i = self._find(name)
        return attrs.evolve(self, stages=(*self.stages[:i], new, *self.stages[i:]))

    def after(self, name: str, new: Stage) -> Pipeline:
        """A pipeline with ``new`` inserted after stage ``name``.

        >>> import newsseg
        >>> p = newsseg.TEXT_PIPELINE.after("markers", newsseg.stage("x")(lambda d: None))
        >>> p.names.index("x") - 1 == p.names.index("markers")
        True
        """
        i = self._find(name) + 1
        return attrs.evolve(self, stages=(*self.stages[:i], new, *self.stages[i:]))

    def without(self, *names: str) -> Pipeline:
        """A pipeline without the named stages.

        >>> import newsseg
        >>> "teasers" in newsseg.TEXT_PIPELINE.without("teasers").names
        False
        """
        for n in names:
            self._find(n)
        return attrs.evolve(self, stages=tuple(s for s in self.stages if s.name not in names))

    def replace(self, name: str, new: Stage) -> Pipeline:
        """A pipeline with stage ``name`` replaced by ``new``.

        >>> import newsseg
        >>> p = newsseg.TEXT_PIPELINE.replace("teasers", newsseg.stage("teasers")(lambda d: None))
        >>> p.names == newsseg.TEXT_PIPELINE.names
        True
        """
        i = self._find(name)
        return attrs.evolve(self, stages=(*self.stages[:i], new, *self.stages[i + 1 :]))

    def append(self, new: Stage) -> Pipeline:
        """A pipeline with ``new`` as its last stage.

        >>> import newsseg
        >>> newsseg.TEXT_PIPELINE.append(newsseg.stage("last")(lambda d: None)).names[-1]
        'last'
        """
        return attrs.evolve(self, stages=(*self.stages, new))

    def with_lexicon(self, lexicon: Lexicon) -> Pipeline:
        """The same stages with another lexicon.

        >>> import newsseg
        >>> lex = newsseg.Lexicon.default().add("read_also", ["تابع كذلك"])
        >>> p = newsseg.TEXT_PIPELINE.with_lexicon(lex)
        >>> p.run("خبر طويل بما يكفي عن افتتاح المعرض الدولي للكتاب في العاصمة.\\n"
        ...       "تابع كذلك: عنوان آخر").read_also
        ('عنوان آخر',)
        """
        return attrs.evolve(self, lexicon=lexicon)

    def apply(self, draft: Draft) -> Draft:
        """Run every stage on ``draft`` in order and return it.

        >>> import newsseg
        >>> d = Draft.from_text("نص قصير", newsseg.Lexicon.default().compile())
        >>> newsseg.TEXT_PIPELINE.apply(d) is d
        True
        """
        for s in self.stages:
            s(draft)
        return draft

    def run(
        self, text: str, *, lexicon: Lexicon | None = None, limits: Limits | None = None
    ) -> Document:
        """Segment plain ``text`` with this pipeline (``limits``: see :mod:`newsseg.limits`).

        >>> import newsseg
        >>> newsseg.TEXT_PIPELINE.run("").segments
        ()
        """
        if not isinstance(text, str):
            raise InputError(
                f"Pipeline.run() takes str, not {type(text).__name__}: give bytes to "
                "newsseg.segment(text, pipeline=...), which decodes them, or decode them "
                "with newsseg.formats.decode.decode(data).text"
            )
        (limits or DEFAULT_LIMITS).check_text(text)
        lex = (lexicon or self.lexicon or Lexicon.default()).compile(self.normalizer)
        draft = self.apply(Draft.from_text(text, lex, normalizer=self.normalizer))
        draft.drop_norm()
        return draft.to_document()

