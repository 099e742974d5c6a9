#!/usr/bin/env python3
"""What each spaCy component costs the extract stage (run by hand).

Reads N documents (the dev corpus repeated, as bench_build.py makes it) once, then runs
extraction over them in this process with the whole pipeline and with each component
left out in turn, taking turns for --rounds rounds. Prints the CPU seconds of each run
(the fastest round) and what leaving the component out saves, as a share of the whole
pipeline's time. Components that others read (the sentence splitter, the entity settler)
can be left out for this measure only: the output is not looked at. The entity settler,
whose spans the extract stage reads, is always on.

Usage: python benchmarks/bench_components.py [--documents 6000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def _cpu(nlp, docs, disable: list[str]) -> float:
    from kgraph.extract import extract

    with nlp.select_pipes(disable=disable):
        start = time.process_time()
        for _ in extract(docs, nlp=nlp):
            pass
        return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=6000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from bench_build import make_corpus

    from kgraph.extract import make_pipeline
    from kgraph.ingest import find_files, read_file

    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(args.documents, Path(tmp) / "in")
        start = time.process_time()
        docs = [read_file(path) for path in find_files(files)]
        print(f"ingest: {time.process_time() - start:.2f} s CPU for {len(docs)} documents")
    nlp = make_pipeline()
    runs: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name in ["(none)", *(n for n in nlp.pipe_names if n != "kgraph_entities")]:
            runs.setdefault(name, []).append(_cpu(nlp, docs, [] if name == "(none)" else [name]))
    whole = min(runs.pop("(none)"))
    print(f"extract, whole pipeline: {whole:.2f} s CPU ({1000 * whole / len(docs):.3f} ms/doc)")
    for name, seconds in runs.items():
        saved = whole - min(seconds)
        print(f"  without {name:<22} {min(seconds):6.2f} s   saves {saved:5.2f} s "
              f"({100 * saved / whole:4.1f}%)")


if __name__ == "__main__":
    main()
