"""report.json: what a script reading it relies on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kgraph.cli import main

HOSTILE = Path(__file__).parent / "data" / "hostile"


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_total_seconds_include_the_export_and_reused_is_always_there(seeds_dir, tmp_path):
    assert main(["build", str(seeds_dir), "-o", str(tmp_path), "-q", "--no-cache",
                 "--format", "ttl,nt,html"]) == 0
    report = _report(tmp_path)
    assert report["reused"] == 0
    seconds = report["seconds"]
    assert seconds["total"] >= seconds["export"] + seconds["assemble"] > 0


def test_a_skip_read_from_the_cache_names_the_file_where_it_is_now(seeds_dir, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(seeds_dir / sorted(p.name for p in seeds_dir.iterdir())[0], first)
    shutil.copy(HOSTILE / "bad-yaml.md", first)
    out = tmp_path / "out"
    assert main(["build", str(first), "-o", str(out), "-q"]) == 0
    assert [s["file"] for s in _report(out)["skipped"]] == [str(first / "bad-yaml.md")]
    moved = first.rename(tmp_path / "moved")
    assert main(["build", str(moved), "-o", str(out), "-q"]) == 0
    report = _report(out)
    assert report["reused"] == 2
    assert [s["file"] for s in report["skipped"]] == [str(moved / "bad-yaml.md")]
