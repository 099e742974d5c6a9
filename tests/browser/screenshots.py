"""Screenshots of the seeds graph for the docs: the whole graph, and a node selected.

Run by hand from the checkout: ``python tests/browser/screenshots.py``. Writes
``docs/screenshots/seeds-graph.png`` and ``docs/screenshots/seeds-node-selected.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from harness import offline_page, open_graph, unavailable  # noqa: E402

__all__ = ["main"]


def main() -> int:
    """Build seeds/, render the page, open it offline and take both screenshots."""
    from kgraph.export.html import write_html
    from kgraph.pipeline import build

    reason = unavailable()
    if reason:
        sys.stderr.write(f"screenshots: {reason}\n")
        return 1
    kg = build([ROOT / "seeds"])
    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, offline_page() as (page, watch):
        page_path = Path(tmp) / "graph.html"
        write_html(kg, page_path)
        open_graph(page, page_path)
        page.wait_for_timeout(300)
        page.screenshot(path=str(target / "seeds-graph.png"))
        page.fill("#kg-search", "dermatology")
        page.press("#kg-search", "Enter")  # the first suggestion: the Specialty
        page.wait_for_timeout(800)  # the focus animation
        page.screenshot(path=str(target / "seeds-node-selected.png"))
        if watch.problems():
            sys.stderr.write("screenshots: " + "; ".join(watch.problems()) + "\n")
            return 1
    sys.stdout.write(f"wrote {target / 'seeds-graph.png'} and {target / 'seeds-node-selected.png'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
