"""The exceptions newsseg raises. All derive from :class:`NewssegError`.

>>> issubclass(InputError, NewssegError) and issubclass(InputError, ValueError)
True
"""

from __future__ import annotations

__all__ = ["InputError", "LexiconError", "NewssegError", "PipelineError"]


class NewssegError(Exception):
    """Base class of every error newsseg raises on purpose.

    >>> try:
    ...     raise LexiconError("no such group")
    ... except NewssegError as e:
    ...     print(type(e).__name__)
    LexiconError
    """


class InputError(NewssegError, ValueError):
    """The input cannot be segmented as given: wrong type, over a size limit,
    or binary data (an image, an executable, a compressed file) given as bytes.

    The message says what was wrong and what to do.

    >>> import newsseg
    >>> try:
    ...     newsseg.segment(None)
    ... except InputError as e:
    ...     print(e)
    segment() takes str or bytes, not NoneType
    >>> try:
    ...     newsseg.segment(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(100))
    ... except InputError as e:
    ...     print(str(e).split(":")[0])
    binary data, not a text page
    """


class LexiconError(NewssegError, ValueError):
    """A marker lexicon is malformed: unknown kind, empty group, bad pattern.

    >>> import newsseg
    >>> try:
    ...     newsseg.Lexicon.from_dict({"groups": {"x": {"kind": "nope", "phrases": ["a"]}}})
    ... except LexiconError as e:
    ...     print("kind" in str(e))
    True
    """


class PipelineError(NewssegError, ValueError):
    """A pipeline was built wrongly: unknown or duplicate stage name.

    >>> import newsseg
    >>> try:
    ...     newsseg.TEXT_PIPELINE.without("no-such-stage")
    ... except PipelineError as e:
    ...     print("no-such-stage" in str(e))
    True
    """
