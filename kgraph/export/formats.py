"""The output formats of ``kgraph build --format``: Turtle, N-Triples, JSON-LD, GraphML, HTML.

Every file is written atomically and deterministically (the same graph gives the same bytes).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph import _config
from kgraph.errors import UsageError
from kgraph.export.files import write_atomic

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from kgraph.graph import KnowledgeGraph

__all__ = ["FORMATS", "DEFAULT_FORMATS", "parse_formats", "write_formats", "write_ntriples",
           "write_jsonld", "write_graphml", "to_graphml_graph", "jsonld_context"]

FORMATS = _config.FORMATS
DEFAULT_FORMATS = _config.DEFAULT_FORMATS


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"ttl,nt"`` (or a list of names) as a tuple of format names, in the order of FORMATS.

    >>> parse_formats("html, ttl")
    ('ttl', 'html')

    Raises
    ------
    UsageError
        When a name is not one of :data:`FORMATS`, or none is given.
    """
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text)]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'!s} "
                         f"(choose from {','.join(FORMATS)})")
    return tuple(f for f in FORMATS if f in names)


def write_formats(kg: KnowledgeGraph, out_dir: str | os.PathLike[str],
                  formats: Iterable[str] = DEFAULT_FORMATS, *,
                  max_nodes: int | None = None) -> tuple[int, list[Path]]:
    """Write ``graph.<format>`` into ``out_dir`` for each format.

    ``max_nodes`` is the HTML view's node budget (None: its default; 0: no limit).

    Returns
    -------
    tuple
        The number of RDF triples in the graph, and the paths written.
    """
    from kgraph.export.html import DEFAULT_MAX_NODES, write_html
    from kgraph.export.rdf import to_rdf, write_turtle
    from kgraph.export.triples import blocks

    out = Path(out_dir)
    chosen = parse_formats(formats)
    written = [out / f"graph.{name}" for name in chosen]
    rdf = to_rdf(kg) if {"nt", "jsonld"} & set(chosen) else None
    if rdf is not None:
        triples = len(rdf)
    elif "ttl" not in chosen:  # html or graphml alone: count, without an rdflib graph
        triples = sum(len(pairs) for _, pairs in blocks(kg))
    else:
        triples = 0  # the Turtle writer counts them, below
    for name, path in zip(chosen, written):
        if name == "ttl":
            triples = write_turtle(kg, path)
        elif name == "nt":
            write_ntriples(rdf, path)  # type: ignore[arg-type]  # rdf is made for nt
        elif name == "jsonld":
            write_jsonld(rdf, path)  # type: ignore[arg-type]  # rdf is made for jsonld
        elif name == "graphml":
            write_graphml(kg, path)
        else:
            write_html(kg, path, max_nodes=DEFAULT_MAX_NODES if max_nodes is None else max_nodes)
    return triples, written


def write_ntriples(rdf: rdflib.Graph, path: str | os.PathLike[str]) -> None:
    """Write the graph as N-Triples, one triple per line, lines sorted."""
    text = rdf.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))


def jsonld_context() -> dict:
    """The JSON-LD context of ``ontology/context.jsonld``: short keys for kgraph's terms."""
    from kgraph.resources import ontology_dir

    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))


def write_jsonld(rdf: rdflib.Graph, path: str | os.PathLike[str]) -> None:
    """Write the graph as compact JSON-LD with the kgraph context embedded.

    The context is inline, so the file reads offline with any JSON-LD processor; nodes are
    sorted by ``id`` and multiple values sorted, so the bytes are stable.
    """
    context = jsonld_context()["@context"]
    data = json.loads(rdf.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = data.get("@graph", [data] if "id" in data else [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    document = {"@context": context, "@graph": sorted(nodes, key=lambda n: n.get("id", ""))}
    write_atomic(path, (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode())


def to_graphml_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """The graph with only plain attributes, as GraphML (Gephi, Cytoscape) can hold them.

    Nodes carry ``type`` (main class), ``types``, ``label`` and, for entities, ``mentions``
    and ``documents`` counts; documents their ``title``, ``created``, ``url``,
    ``source_file``. Edges carry ``predicate`` (``mentions``, ``publishedBy``, ...) and
    ``count`` (mentions behind a ``mentions`` edge, else 1).
    """
    import networkx as nx

    from kgraph.xmlchars import xml_text  # GraphML is XML 1.0: no U+0001, even as &#1;

    counts = {e.iri: e for e in kg.entities()}
    out = nx.MultiDiGraph()
    for iri, data in sorted(kg.graph.nodes(data=True)):
        attrs = {"type": data["kind"], "types": ",".join(data["types"]),
                 "label": xml_text(data["label"])}
        for key in ("title", "created", "url", "source_file"):
            if data.get(key):
                attrs[key] = xml_text(str(data[key]))
        if iri in counts:
            attrs["mentions"] = counts[iri].mentions
            attrs["documents"] = counts[iri].documents
        out.add_node(iri, **attrs)
    edges = sorted(kg.graph.edges(keys=True, data=True), key=lambda e: e[:3])
    for source, target, key, data in edges:
        out.add_edge(source, target, key=f"{key}:{source}->{target}", predicate=key,
                     count=int(data.get("count", 1)))
    return out


def write_graphml(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
    """Write the graph as GraphML: nodes by IRI, type, label and counts as attributes."""
    import networkx as nx

    text = "\n".join(nx.generate_graphml(to_graphml_graph(kg), encoding="utf-8",
                                         named_key_ids=True))
    write_atomic(path, (text + "\n").encode("utf-8"))
