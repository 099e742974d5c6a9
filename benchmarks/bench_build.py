#!/usr/bin/env python3
"""How fast kgraph builds, set against the least any spaCy-based builder must do.

Makes a corpus of N documents by repeating ../shared/corpus/news (distinct file names and
URLs, so nothing deduplicates), then prints, for each N:

- floor:  python-frontmatter parsing plus a bare spacy.blank("en") tokenizer over the same
          texts, in one process;
- build:  `kgraph build` of the corpus as a whole process, with seconds per stage;
- ratio:  build / floor; docs/s, words/s, peak RSS;
- turtle: rdflib's serializer against kgraph's Turtle writer, in triples/s (on the graph
          of the first N, and at most 6,000 documents, so rdflib finishes).

Usage: python benchmarks/bench_build.py [--sizes 600,6000,60000] [--workers N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
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


def floor(paths: list[Path]) -> tuple[float, int]:
    """Seconds to parse front matter and tokenize every text; and the number of words."""
    import frontmatter
    import spacy

    nlp = spacy.blank("en")
    start = time.perf_counter()
    words = 0
    for path in paths:
        post = frontmatter.load(path)
        meta = post.metadata
        texts = [str(meta.get("title", "")), str(meta.get("excerpt", "")), post.content]
        for item in meta.get("related") or []:
            if isinstance(item, dict):
                texts += [str(item.get("title", "")), str(item.get("excerpt", ""))]
        for doc in nlp.pipe(t for t in texts if t):
            words += sum(1 for t in doc if not t.is_punct and not t.is_space)
    return time.perf_counter() - start, words


def full_build(folder: Path, out: Path, workers: int | None) -> tuple[float, dict, int]:
    """Wall seconds of `kgraph build` as a process, its report, and its peak RSS in bytes."""
    cmd = [sys.executable, "-m", "kgraph", "build", str(folder), "-o", str(out), "-q", "--no-cache"]
    if workers:
        cmd += ["--workers", str(workers)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return seconds, json.loads((out / "report.json").read_text()), peak


def turtle_speed(folder: Path, limit: int) -> tuple[int, float, float]:
    """Triples, and triples/s of rdflib's serializer and of kgraph's writer."""
    import kgraph
    from kgraph.export.rdf import to_rdf

    files = sorted(folder.glob("*.md"))[:limit]
    kg = kgraph.build(files)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        from kgraph.export.turtle import write_turtle

        count = write_turtle(kg, Path(tmp) / "ours.ttl")
        ours = time.perf_counter() - start
        start = time.perf_counter()
        to_rdf(kg).serialize(Path(tmp) / "rdflib.ttl", format="turtle", encoding="utf-8")
        theirs = time.perf_counter() - start
    return count, count / theirs, count / ours


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="600,6000,60000", help="corpus sizes (default: %(default)s)")
    parser.add_argument("--workers", type=int, help="kgraph build --workers (default: all cores)")
    parser.add_argument("--turtle-docs", type=int, default=6000,
                        help="documents for the Turtle comparison (default: %(default)s)")
    parser.add_argument("--keep", type=Path, help="make the corpora here and keep them")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"bench_build: {CORPUS} is absent: nothing to repeat", file=sys.stderr)
        return 1
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    base = args.keep or Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    print(f"machine: {os.cpu_count()} cores; workers: {args.workers or 'all cores'}")
    header = (f"{'N':>7} {'floor s':>8} {'build s':>8} {'ratio':>6} {'docs/s':>7} {'words/s':>9} "
              f"{'peak RSS':>9} {'ms/doc':>7}  stages (s)")
    print(header)
    for n in sizes:
        folder = base / f"corpus-{n}"
        paths = make_corpus(n, folder) if not folder.is_dir() else sorted(folder.glob("*.md"))
        floor_s, words = floor(paths)
        build_s, report, peak = full_build(folder, base / f"out-{n}", args.workers)
        stages = " ".join(f"{k}={v}" for k, v in report["seconds"].items())
        print(f"{n:>7} {floor_s:8.1f} {build_s:8.1f} {build_s / floor_s:6.2f} {n / build_s:7.0f} "
              f"{words / build_s:9.0f} {peak / 2**20:7.0f}MB {1000 * build_s / n:7.2f}  {stages}",
              flush=True)
    first = base / f"corpus-{sizes[0] if sizes[0] >= args.turtle_docs else max(sizes)}"
    count, rdflib_rate, ours_rate = turtle_speed(first, args.turtle_docs)
    print(f"turtle ({count:,} triples): rdflib {rdflib_rate:,.0f} triples/s, "
          f"kgraph {ours_rate:,.0f} triples/s, {ours_rate / rdflib_rate:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
