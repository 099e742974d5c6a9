"""The documented Python sessions run as printed: docs/api.md and the README's API example."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^```(?:pycon|python)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _sessions(text: str) -> str:
    """The fenced blocks that hold ``>>>`` examples, one after the other."""
    return "\n".join(b for b in _FENCE.findall(text) if b.lstrip().startswith(">>>"))


@pytest.mark.parametrize("name", ["docs/api.md", "README.md"])
def test_walkthrough_prints_what_it_shows(name, tmp_path, monkeypatch):
    examples = _sessions((ROOT / name).read_text(encoding="utf-8"))
    assert examples.count(">>>") >= 2, f"{name} has no Python session"
    (tmp_path / "seeds").symlink_to(ROOT / "seeds", target_is_directory=True)
    (tmp_path / "output").mkdir()
    monkeypatch.chdir(tmp_path)  # the session's "seeds/" and "output/", not the repository's
    test = doctest.DocTestParser().get_doctest(examples, {}, name, str(ROOT / name), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=True)
    assert runner.failures == 0, "".join(report)


def test_the_readme_points_to_the_api_walkthrough():
    assert "docs/api.md" in (ROOT / "README.md").read_text(encoding="utf-8")
