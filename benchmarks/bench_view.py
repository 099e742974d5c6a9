"""How long graph.html takes to become interactive in headless Chromium (run by hand).

    python benchmarks/bench_view.py --documents 10000          # builds the dev corpus x N
    python benchmarks/bench_view.py --page output/graph.html   # an existing page

Prints the page's size, the nodes and edges drawn, the seconds until the page was
interactive (positions loaded, first frame drawn: ``window.kgraphReadyAt``), the CPU
seconds Chromium used until then (what a busy machine does not change), and, for a build,
the seconds spent writing the page. Needs ``../shared/corpus/news`` for
``--documents``, and Chromium with Playwright (see tests/browser/harness.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests" / "browser")]


def build_page(documents: int, folder: Path, max_nodes: int | None) -> Path:
    """Build ``documents`` copies of the dev corpus into ``folder``; the page's path."""
    from bench_build import make_corpus

    from kgraph.export.html import DEFAULT_MAX_NODES, write_html
    from kgraph.pipeline import build

    make_corpus(documents, folder / "in")
    start = time.perf_counter()
    kg = build([folder / "in"])
    print(f"build: {time.perf_counter() - start:.1f} s, {kg.graph.number_of_nodes()} nodes, "
          f"{kg.graph.number_of_edges()} edges")
    page = folder / "graph.html"
    start = time.perf_counter()
    write_html(kg, page, max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes)
    print(f"write_html: {time.perf_counter() - start:.1f} s")
    return page


def _children_cpu() -> float:
    """CPU seconds (user + system) used so far by this process's descendants (Chromium)."""
    parents, cpu = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], cpu[pid] = int(fields[1]), (int(fields[11]) + int(fields[12]))
    me, total = os.getpid(), 0
    for pid in cpu:
        up = parents.get(pid)
        while up and up != me:
            up = parents.get(up)
        if up == me:
            total += cpu[pid]
    return total / os.sysconf("SC_CLK_TCK")


def open_page(page: Path, runs: int) -> None:
    """Open the page ``runs`` times in a fresh browser; print the fastest and the median."""
    from harness import offline_page, open_graph, unavailable

    reason = unavailable()
    if reason:
        raise SystemExit(f"bench_view: {reason}")
    times, clicks, cpu = [], [], []
    for _ in range(runs):
        with offline_page() as (browser_page, watch):
            browser_page.goto("about:blank")
            before = _children_cpu()
            times.append(open_graph(browser_page, page, timeout_ms=300_000))
            cpu.append(_children_cpu() - before)
            drawn = browser_page.evaluate("""() => { const n = window.kgraphNetwork;
                return [n.body.nodeIndices.length, n.body.edgeIndices.length,
                        !!document.getElementById('kg-notice')]; }""")
            start = time.perf_counter()
            browser_page.evaluate("kgraph.select(kgraph.data.rank ? kgraph.data.rank[0] : 0, false)")  # 0: older pages
            clicks.append(time.perf_counter() - start)
            problems = watch.problems()
    print(f"page: {page.stat().st_size / 1e6:.1f} MB, {drawn[0]} nodes and {drawn[1]} edges drawn, "
          f"banner: {'yes' if drawn[2] else 'no'}")
    print(f"interactive after {min(times):.2f} s at best, {statistics.median(times):.2f} s median "
          f"of {runs} (page clock, from navigation start); selecting the top node: "
          f"{statistics.median(clicks):.2f} s median")
    print(f"CPU time of Chromium until interactive: {min(cpu):.2f} s at best, "
          f"{statistics.median(cpu):.2f} s median; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    if problems:
        print("problems: " + "; ".join(problems))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--page", type=Path, help="time this page instead of building one")
    parser.add_argument("--max-nodes", type=int, help="node budget of the page (default: kgraph's)")
    parser.add_argument("--runs", type=int, default=5, help="times to open the page (default: 5)")
    args = parser.parse_args()
    if args.page:
        open_page(args.page, args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        open_page(build_page(args.documents, Path(tmp), args.max_nodes), args.runs)


if __name__ == "__main__":
    main()
