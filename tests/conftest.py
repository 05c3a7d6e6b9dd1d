"""Shared pytest configuration: Hypothesis profiles and the shared-corpus fixture.

Tests marked ``slow`` are skipped unless ``NEWSSEG_SLOW=1`` (see
:func:`pytest_collection_modifyitems`).

Hypothesis profiles (select with the ``HYPOTHESIS_PROFILE`` environment variable):

* ``default`` -- 100 examples per test, no deadline (local development);
* ``ci`` -- 200 examples per test, no deadline, derandomized and without the
  example database, so that a CI run is reproducible.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests marked ``slow`` unless ``NEWSSEG_SLOW=1`` (or ``-m`` names them).

    They are the timing screens (the cost of 10x the input, for every pattern
    and every marker) and the full-size hostile inputs: minutes of CPU that a
    change rarely needs locally. CI runs them: ``NEWSSEG_SLOW=1 python -m pytest``.
    """
    if os.environ.get("NEWSSEG_SLOW", "") not in ("", "0") or "slow" in config.option.markexpr:
        return
    skip = pytest.mark.skip(reason="slow: NEWSSEG_SLOW=1 python -m pytest runs it (CI does)")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)


#: Repository root (the directory holding ``pyproject.toml``).
REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """Path of the shared gold corpus (``../shared/corpus`` beside the repo).

    Override the location with the ``NEWSSEG_CORPUS`` environment variable.
    Tests using this fixture are skipped when the corpus is not there.
    """
    override = os.environ.get("NEWSSEG_CORPUS")
    path = Path(override) if override else REPO_ROOT.parent / "shared" / "corpus"
    if not path.is_dir():
        pytest.skip(f"shared corpus not found at {path}; set NEWSSEG_CORPUS")
    return path.resolve()
