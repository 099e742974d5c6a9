#!/usr/bin/env python3
"""How fast kgraph builds, set against the least any spaCy-based builder must do.

Makes a corpus of N documents by repeating ../shared/corpus/news (distinct file names and
URLs, so nothing deduplicates), then prints, for each N:

- floor:  python-frontmatter parsing plus a bare spacy.blank("en") tokenizer over the same
          texts, as a whole process like the build (start-up, imports and spacy.blank("en")
          included: any spaCy-based builder pays them); "loop" is the parse-and-tokenize
          loop alone, timed inside that process;
- build:  `kgraph build` of the corpus as a whole process, with seconds per stage;
- ratio:  build / floor, and build / loop; docs/s, words/s, peak RSS;
- turtle: rdflib's serializer against kgraph's Turtle writer, in triples/s (on the graph
          of the first N, and at most 6,000 documents, so rdflib finishes; both with the
          cyclic collector off, as in a build and as timeit does);
- workers: `--workers 1` against `--workers 2` on the corpus of --scaling-docs documents,
          in --scaling pairs taking turns: each pair's speed-up, their median, and
          whether the two graph.ttl files are the same bytes;
- cache:  with --cache-runs K, a cold build with the cache (a fresh output folder) against
          `--no-cache`, K times taking turns, on the --scaling-docs corpus; with
          --baseline DIR (another checkout, e.g. `git worktree add /tmp/base 31749c1`),
          the same two builds with that checkout's code in the same turns. Wall, user and
          system seconds of each, the median of each, and the cache file's size.

Timings on a shared machine wander by 20% from run to run: floor and build run --repeat
times (default 3), taking turns, and the fastest of each counts, as with timeit.

Usage: python benchmarks/bench_build.py [--sizes 600,6000,60000] [--workers N] [--repeat K]
                                        [--scaling PAIRS] [--cache-runs K] [--baseline DIR]
                                        [--keep DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news"
URL_LINE = re.compile(r'^((?:originalUrl|webUrl): *"?)([^"\n]+)', re.MULTILINE)


def make_corpus(n: int, folder: Path) -> list[Path]:
    """N files: the news corpus repeated, each copy with its own name and URLs."""
    sources = sorted(CORPUS.glob("*.md"))
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sources]
    paths = []
    for i in range(n):
        copy, k = divmod(i, len(sources))
        path = folder / f"c{copy:04d}-{sources[k].name}"
        head, sep, rest = texts[k].partition("\nrelated:")  # only the item's own URLs change
        head = URL_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)}?copy={copy}", head)
        path.write_text(head + sep + rest, encoding="utf-8")
        paths.append(path)
    return paths


def floor_loop(folder: Path) -> tuple[float, int]:
    """Seconds to parse front matter and tokenize every text; and the number of words."""
    import frontmatter
    import spacy

    nlp = spacy.blank("en")
    start = time.perf_counter()
    words = 0
    for path in sorted(folder.glob("*.md")):
        post = frontmatter.load(path)
        meta = post.metadata
        texts = [str(meta.get("title", "")), str(meta.get("excerpt", "")), post.content]
        for item in meta.get("related") or []:
            if isinstance(item, dict):
                texts += [str(item.get("title", "")), str(item.get("excerpt", ""))]
        for doc in nlp.pipe(t for t in texts if t):
            words += sum(1 for t in doc if not t.is_punct and not t.is_space)
    return time.perf_counter() - start, words


def floor(folder: Path) -> tuple[float, float, int]:
    """The floor as a process: its wall seconds, its loop's seconds, and the words."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--floor", str(folder)], check=True,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    loop, words = json.loads(done.stdout)
    return seconds, loop, words


def full_build(folder: Path, out: Path, workers: int | None, *, cache: bool = False,
               code: Path = ROOT) -> tuple[float, dict, int]:
    """Wall seconds of `kgraph build` as a process, its report, and its peak RSS in bytes.

    With ``cache``, a cold build with the cache on: ``out`` is emptied first. ``code`` is
    the checkout whose kgraph runs (another one's through PYTHONPATH).
    """
    cmd = [sys.executable, "-m", "kgraph", "build", str(folder), "-o", str(out), "-q"]
    cmd += [] if cache else ["--no-cache"]
    if workers:
        cmd += ["--workers", str(workers)]
    if cache and out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "PYTHONPATH": str(code)} if code != ROOT else None
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=code, env=env)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return seconds, json.loads((out / "report.json").read_text()), peak


def timed_build(folder: Path, out: Path, *, cache: bool, code: Path) -> tuple[float, float, float]:
    """Wall, user and system seconds of one build (its processes and their children)."""
    before = os.times()
    wall = full_build(folder, out, None, cache=cache, code=code)[0]
    after = os.times()
    return wall, after.children_user - before.children_user, \
        after.children_system - before.children_system


def cache_cost(base: Path, n: int, runs: int, baseline: Path | None) -> None:
    """Print cold builds with the cache against --no-cache, taking turns (and the baseline's)."""
    folder = base / f"corpus-{n}"
    if not folder.is_dir():
        make_corpus(n, folder)
    codes = {"this": ROOT, **({"baseline": baseline.resolve()} if baseline else {})}
    times: dict[str, list[tuple[float, float, float]]] = {}
    print(f"cache ({n:,} documents, {runs} turns): wall / user / system seconds", flush=True)
    for _ in range(runs):
        for name, code in codes.items():
            for cache in (False, True):
                label = f"{name} {'cache' if cache else 'no-cache'}"
                times.setdefault(label, []).append(
                    timed_build(folder, base / f"out-{n}-{name}", cache=cache, code=code))
                print(f"  {label:20} {'%6.2f / %5.2f / %5.2f' % times[label][-1]}", flush=True)
    for label, runs_of in times.items():
        wall, user, system = (statistics.median(r[i] for r in runs_of) for i in range(3))
        print(f"  median {label:20} {wall:6.2f} / {user:5.2f} / {system:5.2f}")
    for name in codes:
        ratio = statistics.median(r[0] for r in times[f"{name} cache"]) / statistics.median(
            r[0] for r in times[f"{name} no-cache"])
        cache = next(iter((base / f"out-{n}-{name}").glob(".kgraph-cache*")), None)
        size = sum(p.stat().st_size for p in cache.rglob("*")) if cache and cache.is_dir() \
            else cache.stat().st_size if cache else 0
        print(f"  {name}: cold cache / no-cache = {ratio:.2f}x; cache {size / 2**20:.1f} MB "
              f"in {'a folder' if cache and cache.is_dir() else 'one file'}")


def turtle_speed(folder: Path, limit: int) -> tuple[int, float, float]:
    """Triples, and triples/s of rdflib's serializer and of kgraph's writer."""
    import kgraph
    from kgraph.export.rdf import to_rdf
    from kgraph.export.turtle import write_turtle

    files = sorted(folder.glob("*.md"))[:limit]
    kg = kgraph.build(files)
    # Both writers as `kgraph build` runs its own, and as timeit times: the cyclic collector
    # off (a collection of the build's objects would land in whichever runs first).
    gc.collect()
    gc.disable()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            count = write_turtle(kg, Path(tmp) / "ours.ttl")
            ours = time.perf_counter() - start
            start = time.perf_counter()
            to_rdf(kg).serialize(Path(tmp) / "rdflib.ttl", format="turtle", encoding="utf-8")
            theirs = time.perf_counter() - start
    finally:
        gc.enable()
    return count, count / theirs, count / ours


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="600,6000,60000", help="corpus sizes (default: %(default)s)")
    parser.add_argument("--workers", type=int, help="kgraph build --workers (default: all cores)")
    parser.add_argument("--turtle-docs", type=int, default=6000,
                        help="documents for the Turtle comparison (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of floor and build per size; the fastest counts (default: %(default)s)")
    parser.add_argument("--scaling", type=int, default=5, metavar="PAIRS",
                        help="pairs of --workers 1 and 2 builds, 0 for none (default: %(default)s)")
    parser.add_argument("--scaling-docs", type=int, default=6000,
                        help="documents for the workers comparison (default: %(default)s)")
    parser.add_argument("--cache-runs", type=int, default=0, metavar="K",
                        help="turns of cold cache against --no-cache builds (default: none)")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="another kgraph checkout to time in the same turns (--cache-runs)")
    parser.add_argument("--keep", type=Path, help="make the corpora here and keep them")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)  # the floor's own process
    args = parser.parse_args()
    if args.floor:
        print(json.dumps(floor_loop(args.floor)))
        return 0
    if not CORPUS.is_dir():
        print(f"bench_build: {CORPUS} is absent: nothing to repeat", file=sys.stderr)
        return 1
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]  # "": none
    base = args.keep or Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    print(f"machine: {os.cpu_count()} cores; workers: {args.workers or 'all cores'}; "
          f"fastest of {args.repeat} runs")
    header = (f"{'N':>7} {'floor s':>8} {'loop s':>7} {'build s':>8} {'ratio':>6} {'/loop':>6} "
              f"{'docs/s':>7} {'words/s':>9} {'peak RSS':>9} {'ms/doc':>7}  stages (s)")
    print(header)
    for n in sizes:
        folder = base / f"corpus-{n}"
        if not folder.is_dir():
            make_corpus(n, folder)
        floors, builds = [], []
        for _ in range(args.repeat):  # interleaved, so both see the machine in the same mood
            floors.append(floor(folder))
            builds.append(full_build(folder, base / f"out-{n}", args.workers))
        floor_s, loop_s, words = min(floors)
        build_s, report, peak = min(builds, key=lambda run: run[0])
        stages = " ".join(f"{k}={v}" for k, v in report["seconds"].items())
        print(f"{n:>7} {floor_s:8.1f} {loop_s:7.1f} {build_s:8.1f} {build_s / floor_s:6.2f} "
              f"{build_s / loop_s:6.2f} {n / build_s:7.0f} "
              f"{words / build_s:9.0f} {peak / 2**20:7.0f}MB {1000 * build_s / n:7.2f}  {stages}",
              flush=True)
    if sizes:
        first = base / f"corpus-{sizes[0] if sizes[0] >= args.turtle_docs else max(sizes)}"
        count, rdflib_rate, ours_rate = turtle_speed(first, args.turtle_docs)
        print(f"turtle ({count:,} triples): rdflib {rdflib_rate:,.0f} triples/s, "
              f"kgraph {ours_rate:,.0f} triples/s, {ours_rate / rdflib_rate:.1f}x")
    if args.scaling > 0:
        scaling(base, args.scaling_docs, args.scaling)
    if args.cache_runs > 0:
        cache_cost(base, args.scaling_docs, args.cache_runs, args.baseline)
    return 0


def scaling(base: Path, n: int, pairs: int) -> None:
    """Print `--workers 1` against `--workers 2`, in pairs taking turns."""
    folder = base / f"corpus-{n}"
    if not folder.is_dir():
        make_corpus(n, folder)
    ratios = []
    outputs = {w: base / f"out-{n}-w{w}" for w in (1, 2)}
    print(f"workers ({n:,} documents, {pairs} pairs): --workers 1 s / --workers 2 s", flush=True)
    for _ in range(pairs):
        seconds = {w: full_build(folder, out, w)[0] for w, out in outputs.items()}
        ratios.append(seconds[1] / seconds[2])
        print(f"  {seconds[1]:6.2f} / {seconds[2]:5.2f} = {ratios[-1]:.2f}x", flush=True)
    same = (outputs[1] / "graph.ttl").read_bytes() == (outputs[2] / "graph.ttl").read_bytes()
    print(f"  median {statistics.median(ratios):.2f}x (from {min(ratios):.2f} to "
          f"{max(ratios):.2f}); graph.ttl the same bytes: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    sys.exit(main())
