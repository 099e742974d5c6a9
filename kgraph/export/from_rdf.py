"""Reading a built graph back: RDF in the kgraph vocabulary to a :class:`KnowledgeGraph`.

:func:`from_rdf` undoes :func:`kgraph.export.rdf.to_rdf`: the same networkx nodes, edges
and attributes, with the mention records rebuilt from the ``kg:Mention`` nodes, so that
writing a loaded graph gives the triples it was loaded from.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.errors import UsageError
from kgraph.graph import node_defaults
from kgraph.ids import DEFAULT_BASE_IRI
from kgraph.namespace import PREFIXES, RDF_TYPE as _RDF_TYPE, RDFS_LABEL as _LABEL
from kgraph.rdfio import read_turtle
from kgraph.records import DOCUMENT_KINDS, ENTITY_KINDS, Mention, Relation

if TYPE_CHECKING:
    import rdflib

    from kgraph.graph import KnowledgeGraph

__all__ = ["load", "from_rdf"]

_KG = PREFIXES["kg"]
_SKOS = PREFIXES["skos"]
_ALT = _SKOS + "altLabel"
_DC = PREFIXES["dcterms"]
_URL = PREFIXES["schema"] + "url"
_CLASSES = {PREFIXES["schema"] + "Person": "Person"}
_EDGES = {_KG + k: k for k in ("mentions", "publishedBy", "relatedTo", "hasTopic", "hasSection")}
_EDGES[_DC + "creator"] = "creator"
_MAIN_KIND = (*DOCUMENT_KINDS, "Section", "Provider", "Person", "Topic", *ENTITY_KINDS)
_DOCUMENT = frozenset(DOCUMENT_KINDS)
_COUNTED = tuple(sorted(ENTITY_KINDS))
_RDF = PREFIXES["rdf"]
_STATEMENT = _RDF + "Statement"
_SECONDS = re.compile(r"[?&]t=(\d+)s$")
_MESH = PREFIXES["mesh"]
_MATCHES = (("exact", _SKOS + "exactMatch"), ("close", _SKOS + "closeMatch"))

Properties = dict[str, list[Any]]


def load(path: str | os.PathLike[str], *, base_iri: str | None = None) -> KnowledgeGraph:
    """Read a ``graph.ttl`` written by kgraph back into a :class:`KnowledgeGraph`.

    Nothing is extracted again: the graph is rebuilt from the triples.

    Parameters
    ----------
    path:
        The Turtle file.
    base_iri:
        The namespace of the graph's own IRIs; read from the file when None.

    Raises
    ------
    UsageError
        When the file is missing or is not Turtle.

    Examples
    --------
    >>> import tempfile, kgraph
    >>> path = Path(tempfile.mkdtemp()) / "graph.ttl"
    >>> kg.write_turtle(path)
    >>> again = kgraph.load(path)
    >>> again.counts() == kg.counts(), len(again.to_rdf()) == len(kg.to_rdf())
    (True, True)
    """
    return from_rdf(read_turtle(path), base_iri=base_iri)


def from_rdf(g: rdflib.Graph, *, base_iri: str | None = None) -> KnowledgeGraph:
    """The KnowledgeGraph that ``g`` (triples in the kgraph vocabulary) stands for.

    The inverse of :func:`kgraph.export.rdf.to_rdf`.

    Examples
    --------
    >>> from_rdf(kg.to_rdf()).graph.nodes(data=True) == kg.graph.nodes(data=True)
    True
    """
    import networkx as nx

    from kgraph.graph import KnowledgeGraph

    subjects: dict[str, Properties] = defaultdict(lambda: defaultdict(list))
    for s, p, o in g:
        subjects[str(s)][str(p)].append(o)
    mentions = {s: props for s, props in subjects.items() if _KG + "Mention" in _types(props)}
    statements = {s: props for s, props in subjects.items() if _STATEMENT in _types(props)}
    base = base_iri or _base(subjects, mentions)
    out = nx.MultiDiGraph()
    for iri in sorted(s for s in subjects if s not in mentions and _LABEL in subjects[s]
                      and not s.startswith(_MESH)):
        data = _attributes(iri, subjects[iri])
        if "mesh" in data:
            data["mesh"] = _mesh(subjects[iri], subjects)
        out.add_node(iri, **data)
    for iri, data in out.nodes(data=True):
        for predicate, key in _EDGES.items():
            for target in sorted(str(o) for o in subjects[iri].get(predicate, ())):
                if key != "mentions":
                    out.add_edge(iri, target, key=key)
        if data["kind"] == "Section":
            data["document"] = next(u for u, _, k in out.in_edges(iri, keys=True)
                                    if k == "hasSection")
    _add_mentions(out, mentions, base)
    _add_relations(out, statements, base)
    return KnowledgeGraph(out, base_iri=base)


def _types(props: Properties) -> set[str]:
    return {str(t) for t in props.get(_RDF_TYPE, ())}


def _base(subjects: dict[str, Properties], mentions: dict[str, Properties]) -> str:
    if mentions:
        return min(mentions).rpartition("mention/")[0]
    documents = sorted(s for s, props in subjects.items() if _KG + "sourceFile" in props)
    return documents[0].rpartition("doc/")[0] if documents else DEFAULT_BASE_IRI


def _one(props: Properties, predicate: str, default: str = "") -> str:
    values = sorted(str(v) for v in props.get(predicate, ()))
    return values[0] if values else default


def _attributes(iri: str, props: Properties) -> dict[str, Any]:
    types = tuple(sorted(_CLASSES.get(t) or t.removeprefix(_KG) for t in _types(props)))
    kind = next((k for k in _MAIN_KIND if k in types), types[0] if types else "")
    data = node_defaults(types)
    data.update(kind=kind, types=types, label=_one(props, _LABEL),
                alt_labels=tuple(sorted({str(a) for a in props.get(_ALT, ())})))
    if kind in _DOCUMENT:
        files = tuple(sorted(str(f) for f in props.get(_KG + "sourceFile", ())))
        data.update(title=_one(props, _DC + "title"), created=_created(props),
                    url=_one(props, _URL), source_file=files[0] if files else "",
                    excerpt=_one(props, _DC + "description"))
        if files:
            data["source_files"] = files
    elif kind == "Section":
        data.update(position=int(_one(props, _KG + "position", "0")),
                    field=iri.rpartition("/")[2], document="")
    if "Provider" in types:
        data["domain"] = _one(props, _URL).removeprefix("https://").removesuffix("/")
    return data


def _mesh(props: Properties, subjects: dict[str, Properties]) -> tuple[tuple[str, str, str], ...]:
    """An entity's links to MeSH descriptors, with the heading each descriptor is labelled with."""
    return tuple((target, _one(subjects.get(target, {}), _LABEL), match)
                 for match, predicate in _MATCHES
                 for target in sorted({str(o) for o in props.get(predicate, ())})
                 if target.startswith(_MESH))


def _created(props: Properties) -> str:
    """``dcterms:created`` as ingest writes it (``2021-12-03T02:54:00Z``): rdflib normalises it."""
    import datetime as dt

    values = props.get(_DC + "created", ())
    if not values:
        return ""
    moment = values[0].toPython()
    if not isinstance(moment, dt.datetime):
        return str(values[0])
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
        except OverflowError:  # before year 1 or after 9999 in UTC
            return str(values[0])
    return moment.isoformat() + "Z"


def _add_mentions(out: Any, mentions: dict[str, Properties], base: str) -> None:
    edges: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for iri, props in mentions.items():
        container, entity = _one(props, _KG + "inDocument"), _one(props, _KG + "mentionOf")
        document = out.nodes[container].get("document") or container
        link = _SECONDS.search(_one(props, _KG + "deepLink"))
        types = out.nodes[entity]["types"]
        m = Mention(doc_id=document.removeprefix(f"{base}doc/"), unit=_one(props, _KG + "field"),
                    start=int(_one(props, _KG + "start")), end=int(_one(props, _KG + "end")),
                    quote=_one(props, _KG + "quote"), sentence=_one(props, _KG + "context"),
                    type=next((t for t in _COUNTED if t in types), types[0]),
                    concept=entity, label=out.nodes[entity]["label"],
                    seconds=int(link.group(1)) if link else -1)
        edges[container, entity].append(m)
    for (container, entity), found in sorted(edges.items()):
        found.sort(key=lambda m: (m.doc_id, m.unit, m.start, m.end))
        out.add_edge(container, entity, key="mentions", count=len(found), mentions=tuple(found))


def _add_relations(out: Any, statements: dict[str, Properties], base: str) -> None:
    """Relation edges, their evidence rebuilt from the ``rdf:Statement`` nodes."""
    edges: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for props in statements.values():
        subject, obj = _one(props, _RDF + "subject"), _one(props, _RDF + "object")
        relation = _one(props, _RDF + "predicate").removeprefix(_KG)
        container = _one(props, _KG + "inDocument")
        if subject not in out or obj not in out or container not in out:
            continue
        document = out.nodes[container].get("document") or container
        edges[subject, relation, obj].append(Relation(
            doc_id=document.removeprefix(f"{base}doc/"), unit=_one(props, _KG + "field"),
            start=int(_one(props, _KG + "start")), end=int(_one(props, _KG + "end")),
            sentence=_one(props, _KG + "context"), relation=relation, subject=subject, object=obj))
    for (subject, relation, obj), found in sorted(edges.items()):
        found.sort(key=lambda r: (r.doc_id, r.unit, r.start, r.end))
        out.add_edge(subject, obj, key=relation, relation=relation, evidence=tuple(found))
