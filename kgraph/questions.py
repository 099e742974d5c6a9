"""Questions to a :class:`~kgraph.graph.KnowledgeGraph`, as methods returning plain records.

:class:`Questions` is the mixin that gives the graph its question methods. An entity or
node argument is an IRI, a label or an alternative label ("CNN"), resolved by
:func:`resolve`. The examples run on the seeds: ``kg = kgraph.build(["seeds/"])``.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kgraph.errors import UnknownNodeError, UsageError
from kgraph.ids import deep_link
from kgraph.records import DOCUMENT_KINDS, ENTITY_KINDS, RELATIONS, Mention
from kgraph.results import (
    Cooccurrence,
    DocumentHit,
    DocumentInfo,
    EntityInfo,
    MentionInfo,
    RelatedDocument,
    RelationInfo,
    Table,
    columns,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Questions", "resolve", "DOCUMENT_KINDS", "ENTITY_KINDS"]

# Which node a label means when several share it: entities, then documents, then the rest.
_PREFERENCE = (*ENTITY_KINDS, *DOCUMENT_KINDS, "Provider", "Topic", "Person", "Section")


def resolve(g: nx.MultiDiGraph, name: str, *, kinds: tuple[str, ...] = ()) -> str:
    """The IRI of the node that ``name`` stands for.

    ``name`` is an IRI, a label, an alternative label or a document title; exact case is
    tried first, then any case. Where several nodes share it, an entity wins over a
    document, and a document over a provider, topic, person or section.

    Parameters
    ----------
    g:
        The graph.
    name:
        What to look up.
    kinds:
        When given, only nodes of these kinds are candidates.

    Raises
    ------
    UnknownNodeError
        When nothing matches; the message suggests close labels.

    Examples
    --------
    >>> resolve(kg.graph, "CNN")
    'https://w3id.org/kgraph/vocab/technique/convolutional-neural-network'
    """
    if name in g and (not kinds or _has_kind(g, name, kinds)):
        return name
    candidates = [(iri, data) for iri, data in g.nodes(data=True)
                  if not kinds or _has_kind(g, iri, kinds)]
    for fold in (False, True):
        key = name.casefold() if fold else name
        for attr in ("label", "alt_labels"):
            found = [iri for iri, data in candidates if key in _names(data, attr, fold)]
            if found:
                return min(found, key=lambda iri: (_rank(g, iri), iri))
    raise UnknownNodeError(_unknown(name, candidates, kinds))


def _has_kind(g: nx.MultiDiGraph, iri: str, kinds: tuple[str, ...]) -> bool:
    return bool(set(kinds) & set(g.nodes[iri]["types"]))


def _names(data: dict[str, Any], attr: str, fold: bool) -> set[str]:
    values = (data["label"], data.get("title", "")) if attr == "label" else data["alt_labels"]
    return {v.casefold() if fold else v for v in values if v}


def _rank(g: nx.MultiDiGraph, iri: str) -> int:
    types = g.nodes[iri]["types"]
    return min((_PREFERENCE.index(t) for t in types if t in _PREFERENCE), default=len(_PREFERENCE))


def _unknown(name: str, candidates: list[tuple[str, dict[str, Any]]],
             kinds: tuple[str, ...]) -> str:
    labels = sorted({n for _, data in candidates for attr in ("label", "alt_labels")
                     for n in _names(data, attr, False)})
    folded = {label.casefold(): label for label in labels}
    close = [folded[m] for m in difflib.get_close_matches(name.casefold(), list(folded), n=5)]
    what = " or ".join(kinds) if kinds else "node"
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    return f"no {what} is called {name!r} in this graph{hint}"


class Questions:
    """The question methods of :class:`~kgraph.graph.KnowledgeGraph`."""

    graph: nx.MultiDiGraph
    base_iri: str

    def resolve(self, name: str) -> str:
        """The IRI of the node called ``name`` (see :func:`kgraph.questions.resolve`).

        Examples
        --------
        >>> kg.resolve("Radiology")
        'https://w3id.org/kgraph/vocab/specialty/radiology'
        """
        return resolve(self.graph, name)

    def entities(self, type: str | None = None) -> Table[EntityInfo]:  # noqa: A002 - the API's word
        """Entities (specialties, techniques, organisations), most mentioned first.

        Parameters
        ----------
        type:
            ``"Specialty"``, ``"Technique"`` or ``"Organization"``; all three when None.
            ``"Person"`` gives the documents' authors, with the number of documents each
            wrote (no texts mention them: ``mentions`` is 0).

        Returns
        -------
        Table of EntityInfo
            With the number of documents that mention each, and of mentions.

        Examples
        --------
        >>> [(e.label, e.documents, e.mentions, e.mesh) for e in kg.entities("Specialty")[:2]]
        [('dermatology', 2, 9, ('D003880',)), ('pathology', 1, 8, ('D010336',))]
        """
        wanted = _kinds(type, (*ENTITY_KINDS, "Person")) if type else ENTITY_KINDS
        out = []
        for iri, data in self.graph.nodes(data=True):
            if not set(wanted) & set(data["types"]):
                continue
            kind = next(t for t in data["types"] if t in wanted)
            if kind == "Person":
                wrote = {d for d, _, k in self.graph.in_edges(iri, keys=True) if k == "creator"}
                out.append(EntityInfo(iri, kind, data["label"], data["alt_labels"], len(wrote), 0))
                continue
            found = list(self._mentions_of(iri))
            out.append(EntityInfo(iri, kind, data["label"], data["alt_labels"],
                                  len({m.doc_id for _, m in found}), len(found),
                                  tuple(d.rpartition("/")[2] for d, _, _ in data.get("mesh", ()))))
        out.sort(key=lambda e: (-e.mentions, e.label.lower(), e.iri))
        return Table(out, columns(EntityInfo))

    def relations(self, type: str | None = None,  # noqa: A002 - the API's word
                  entity: str | None = None) -> Table[RelationInfo]:
        """Relations between entities that sentences of the documents state, each with the
        documents and sentences that state it.

        Parameters
        ----------
        type:
            A relation name (``"appliedIn"``, ``"uses"``, ``"worksIn"``, ``"partnersWith"``,
            ``"acquired"``, ``"fundedBy"``, ``"clearedBy"``, ``"partOf"``); all when None.
        entity:
            Only the relations of this entity (a label, an alternative label or an IRI),
            as subject or object.

        Raises
        ------
        UsageError
            When ``type`` is not a relation.
        UnknownNodeError
            When no entity is called ``entity``.

        Examples
        --------
        >>> [(r.subject, r.object) for r in kg.relations("partOf")]
        [('DeepMind', 'Google'), ('Google', 'Alphabet')]
        """
        wanted = _kinds(type, RELATIONS)
        iri = resolve(self.graph, entity, kinds=(*ENTITY_KINDS, "Provider")) if entity else None
        nodes = self.graph.nodes
        out = []
        for s, o, key, data in self.graph.edges(keys=True, data=True):
            if key not in wanted or "evidence" not in data or (iri and iri not in (s, o)):
                continue
            evidence = data["evidence"]
            documents = tuple(dict.fromkeys(f"{self.base_iri}doc/{r.doc_id}" for r in evidence))
            out.append(RelationInfo(nodes[s]["label"], key, nodes[o]["label"], documents,
                                    tuple(dict.fromkeys(r.sentence for r in evidence)), s, o))
        out.sort(key=lambda r: (RELATIONS.index(r.relation), r.subject.lower(),
                                r.object.lower(), r.subject_iri, r.object_iri))
        return Table(out, columns(RelationInfo))

    def documents(self, kind: str | None = None) -> Table[DocumentInfo]:
        """Documents and related items: input documents first (by file), then by date and title.

        Parameters
        ----------
        kind:
            ``"Article"``, ``"Video"``, ``"Paper"`` or ``"Document"`` (a related item whose
            kind is unknown); all when None.

        Examples
        --------
        >>> [(d.kind, d.source_file) for d in kg.documents("Video")]
        [('Video', '002_95124a73692d996a.txt')]
        """
        wanted = _kinds(kind, DOCUMENT_KINDS)
        out = [self._document_info(iri) for iri, k in self.graph.nodes(data="kind") if k in wanted]
        out.sort(key=_document_order)
        return Table(out, columns(DocumentInfo))

    def mentions(self, entity: str) -> Table[MentionInfo]:
        """Every mention of ``entity``, in document order, with its sentence and offsets.

        Parameters
        ----------
        entity:
            A label, an alternative label or an IRI.

        Raises
        ------
        UnknownNodeError
            When no entity is called so.

        Examples
        --------
        >>> found = kg.mentions("CNN")
        >>> {m.title for m in found}
        {'Deep learning-enabled medical computer vision'}
        >>> [(m.section, m.quote, m.start, m.end) for m in found if m.quote == "CNN"]
        [('MEDICAL IMAGING', 'CNN', 642, 645)]
        """
        iri = resolve(self.graph, entity, kinds=(*ENTITY_KINDS, "Provider"))
        out = []
        for container, m in self._mentions_of(iri):
            document = self._document_of(container)
            doc = self.graph.nodes[document]
            section = self.graph.nodes[container]["label"] if container != document else ""
            url = doc.get("url", "")
            link = deep_link(url, m.seconds) if url and m.seconds >= 0 else url
            out.append(MentionInfo(iri, document, doc["label"], m.unit, section, m.start, m.end,
                                   m.quote, m.sentence, link))
        order = {d.iri: i for i, d in enumerate(self.documents())}
        out.sort(key=lambda x: (order[x.document], _unit_order(x.field), x.start))
        return Table(out, columns(MentionInfo))

    def documents_about(self, entity: str) -> Table[DocumentHit]:
        """The documents that mention ``entity``, most mentions first.

        Mentions in a document's sections count for the document.

        Examples
        --------
        >>> [(d.kind, d.mentions) for d in kg.documents_about("dermatology")]
        [('Paper', 7), ('Video', 2)]
        """
        iri = resolve(self.graph, entity, kinds=(*ENTITY_KINDS, "Provider"))
        counts = Counter(self._document_of(container) for container, _ in self._mentions_of(iri))
        out = []
        for document, count in counts.items():
            info = self._document_info(document)
            out.append(DocumentHit(document, info.kind, info.title, info.source_file, count))
        out.sort(key=lambda d: (-d.mentions, not d.source_file, d.source_file, d.title))
        return Table(out, columns(DocumentHit))

    def related(self, document: str) -> Table[RelatedDocument]:
        """Documents related to ``document``: listed as related, or mentioning the same entities.

        Items linked by ``kg:relatedTo`` (either way) come first, then the others by how
        many entities they share with ``document``.

        Parameters
        ----------
        document:
            A document's title or IRI.

        Examples
        --------
        >>> top = kg.related("Deep learning-enabled medical computer vision")[0]
        >>> top.kind, top.linked, top.shared
        ('Video', False, ('artificial intelligence', 'dermatology', 'machine learning'))
        """
        iri = resolve(self.graph, document, kinds=DOCUMENT_KINDS)
        entities = self._entities_in(iri)
        linked = {v for _, v, k in self.graph.out_edges(iri, keys=True) if k == "relatedTo"}
        linked |= {u for u, _, k in self.graph.in_edges(iri, keys=True) if k == "relatedTo"}
        out = []
        for other, kind in self.graph.nodes(data="kind"):
            if kind not in DOCUMENT_KINDS or other == iri:
                continue
            common = entities & self._entities_in(other)
            shared = sorted(self.graph.nodes[e]["label"] for e in common)
            if other in linked or shared:
                out.append(RelatedDocument(other, kind, self.graph.nodes[other]["label"],
                                           other in linked, tuple(shared)))
        out.sort(key=lambda r: (not r.linked, -len(r.shared), r.title, r.iri))
        return Table(out, columns(RelatedDocument))

    def cooccurrence(self, type_a: str, type_b: str) -> Table[Cooccurrence]:
        """Pairs of entities, one of ``type_a`` and one of ``type_b``, found in the same documents.

        Ranked by the number of documents that mention both, then by how often they are
        mentioned together in one section or field (``together``), then by mentions.

        Examples
        --------
        >>> [(p.a, p.b, p.documents) for p in kg.cooccurrence("Technique", "Specialty")[:2]]
        [('artificial intelligence', 'dermatology', 2), ('artificial intelligence', 'radiology', 2)]
        """
        a_kind, b_kind = _kinds(type_a, ENTITY_KINDS)[0], _kinds(type_b, ENTITY_KINDS)[0]
        per_unit: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for iri in self.graph:
            for container, m in self._mentions_of(iri):
                per_unit[self._document_of(container), f"{container}|{m.unit}"][iri] += 1
        documents: dict[tuple[str, str], set[str]] = defaultdict(set)
        together: Counter[tuple[str, str]] = Counter()
        mentions: Counter[tuple[str, str]] = Counter()
        for (document, _), counts in per_unit.items():
            for pair in self._pairs(counts, a_kind, b_kind):
                documents[pair].add(document)
                together[pair] += min(counts[pair[0]], counts[pair[1]])
                mentions[pair] += counts[pair[0]] + counts[pair[1]]
        label = self.graph.nodes
        out = [Cooccurrence(label[a]["label"], label[b]["label"], len(docs), together[a, b],
                            mentions[a, b], a, b) for (a, b), docs in documents.items()]
        out.sort(key=lambda p: (-p.documents, -p.together, -p.mentions, p.a, p.b))
        return Table(out, columns(Cooccurrence))

    def _pairs(self, counts: Counter[str], a_kind: str, b_kind: str) -> Iterator[tuple[str, str]]:
        types = self.graph.nodes
        for a in (e for e in counts if a_kind in types[e]["types"]):
            for b in (e for e in counts if b_kind in types[e]["types"]):
                if a != b and (a_kind != b_kind or a < b):
                    yield a, b

    # -- helpers shared by the questions -----------------------------------

    def _mentions_of(self, iri: str) -> Iterator[tuple[str, Mention]]:
        """``(container, mention)`` for every mention of the entity ``iri``."""
        if iri not in self.graph:
            return
        for source, _, key, data in self.graph.in_edges(iri, keys=True, data=True):
            if key == "mentions":
                for m in data["mentions"]:
                    yield source, m

    def _document_of(self, container: str) -> str:
        """The document a section belongs to; a document is its own."""
        return str(self.graph.nodes[container].get("document") or container)

    def _entities_in(self, document: str) -> set[str]:
        containers = [document] + [v for _, v, k in self.graph.out_edges(document, keys=True)
                                   if k == "hasSection"]
        return {v for c in containers for _, v, k in self.graph.out_edges(c, keys=True)
                if k == "mentions"}

    def _document_info(self, iri: str) -> DocumentInfo:
        data = self.graph.nodes[iri]
        providers = sorted(self.graph.nodes[v]["label"] for _, v, k
                           in self.graph.out_edges(iri, keys=True) if k == "publishedBy")
        return DocumentInfo(iri, data["kind"], data.get("title") or data["label"],
                            data.get("created", ""), providers[0] if providers else "",
                            data.get("url", ""), data.get("source_file", ""))


def _kinds(kind: str | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if kind is None:
        return allowed
    if kind not in allowed:
        raise UsageError(f"unknown type {kind!r} (choose from {', '.join(allowed)})")
    return (kind,)


def _document_order(d: DocumentInfo) -> tuple[bool, str, str, str, str]:
    return (not d.source_file, d.source_file, d.created, d.title, d.iri)


def _unit_order(unit: str) -> tuple[int, int]:
    if unit.startswith("section-"):
        return (3, int(unit.removeprefix("section-") or 0))
    return ({"title": 0, "excerpt": 1, "body": 2}.get(unit, 4), 0)
