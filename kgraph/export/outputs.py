"""Writing a build's output folder: the graph files and report.json, all or nothing."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph import _config, collector

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

__all__ = ["write_outputs"]


def write_outputs(kg: KnowledgeGraph, out_dir: str | os.PathLike[str], *,
                  formats: Iterable[str] = _config.DEFAULT_FORMATS,
                  max_nodes: int | None = None) -> dict[str, Any]:
    """Write ``graph.<format>`` for each of ``formats``, and ``report.json``, into ``out_dir``.

    Every file is written into a temporary folder first and moved into place at the end,
    so an interrupted build leaves the previous output whole. Returns the report,
    completed with the triple count and the export time. ``max_nodes`` is the HTML view's
    node budget (0: no limit).
    """
    import json
    import shutil
    import tempfile

    from kgraph.export.files import write_atomic
    from kgraph.export.formats import write_formats

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".kgraph-tmp-*"):  # left by an interrupted build
        shutil.rmtree(stale, ignore_errors=True)
    start = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=".kgraph-tmp-", dir=out))
    try:
        with collector.paused():
            triples, written = write_formats(kg, staging, formats, max_nodes=max_nodes)
        report = {**kg.report, "triples": triples}
        export = time.perf_counter() - start
        seconds = report.get("seconds", {})
        report["seconds"] = {**seconds, "export": round(export, 3),
                             "total": round(seconds.get("total", 0) + export, 3)}
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        write_atomic(staging / "report.json", text.encode("utf-8"))
        for path in [*written, staging / "report.json"]:
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report
