"""Doctest set-up: the examples in ``kgraph/`` run on the seeds, built once per session.

Docstring examples use ``kg``, the graph of ``seeds/`` (``kgraph.build(["seeds/"])``), and
``Path``; they run from the repository root (``pytest --doctest-modules kgraph``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def _seeds_graph() -> Any:
    import kgraph

    return kgraph.build([ROOT / "seeds"])


@pytest.fixture(autouse=True)
def _doctest_seeds(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """For doctests only: ``kg`` and ``Path`` in the namespace, the repository as working folder."""
    if not isinstance(request.node, pytest.DoctestItem):
        return
    namespace = request.getfixturevalue("doctest_namespace")
    namespace["kg"] = request.getfixturevalue("_seeds_graph")
    namespace["Path"] = Path
    monkeypatch.chdir(ROOT)
