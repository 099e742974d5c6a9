"""Stage 3, assemble: Documents and Mentions to a :class:`~kgraph.graph.KnowledgeGraph`.

Nodes are keyed by IRI. Entity resolution happens here: one node per vocabulary concept,
one per provider (name and domain together), one per organisation name found by rule,
and an organisation that is also a provider is one node of both types.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

import networkx as nx

from kgraph.graph import NODE_ATTRIBUTES, KnowledgeGraph, node_defaults
from kgraph.ids import DEFAULT_BASE_IRI, slugify
from kgraph.ingest.markup import DOCUMENT_SUFFIXES
from kgraph.records import (NEW_ORG, PROVIDER, SYMMETRIC_RELATIONS, Document, Found, Mention,
                            Provider, Relation, provider_key)
from kgraph.vocab import Vocabulary, load_vocabulary

__all__ = ["assemble", "name_key"]

_POSSESSIVE = re.compile(r"['’]s$")
_BROKEN_WORD = re.compile(r"(?<=[a-z])-[ \t]*\n\s*(?=[a-z])")  # "dermatol-\nogy", as PDFs print
_LEADING = re.compile(r"^(?:the|u\.?s\.?|uk)\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)  # the same names recur in every document
def name_key(name: str) -> str:
    """The form two names of one organisation share.

    >>> name_key("Google's"), name_key("US FDA"), name_key("The Motley Fool")
    ('google', 'fda', 'motley fool')
    """
    name = _POSSESSIVE.sub("", name.strip())
    return " ".join(_LEADING.sub("", name).lower().split())


class _Builder:
    def __init__(self, base_iri: str, vocabulary: Vocabulary) -> None:
        self.base = base_iri
        self.vocabulary = vocabulary
        self.g = nx.MultiDiGraph()
        self.by_name: dict[str, str] = {}  # name_key -> IRI of an organisation or provider node
        # Alternative labels per node, collected here and written to the nodes once at the
        # end: sorting each node's tuple again after every mention was assembly's largest cost.
        self.alt_labels: defaultdict[str, set[str]] = defaultdict(set)
        # What the mentions say of each entity node: (type, quote) pairs. The same few
        # recur in every document; :meth:`finish` applies each distinct pair once.
        self.mentioned: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
        # Concept key -> its entity node, kept once it cannot change (most mentions then
        # skip resolution). Names are only ever added to by_name, never moved to another
        # node, so a key resolved through by_name stays resolved; an organisation none of
        # whose names is known yet may still meet one later (another concept's _known adds
        # names), so it is resolved again each time.
        self.resolved: dict[str, str] = {}
        self.known_providers = {name_key(label): c.iri for c in vocabulary.of_type("Provider")
                                for label in c.labels}

    # -- nodes -------------------------------------------------------------

    def node(self, iri: str, kind: str, label: str, **attrs) -> str:
        if iri not in self.g:
            self.g.add_node(iri, **{**node_defaults([kind]), "kind": kind, "types": (kind,),
                                    "label": label, **attrs})
        else:
            for key, value in attrs.items():
                if value and not self.g.nodes[iri].get(key):
                    self.g.nodes[iri][key] = value
        return iri

    def add_type(self, iri: str, kind: str) -> None:
        data = self.g.nodes[iri]
        if kind not in data["types"]:
            data["types"] = tuple(sorted({*data["types"], kind}))
            for key, value in NODE_ATTRIBUTES.get(kind, {}).items():
                data.setdefault(key, value)

    def add_labels(self, iri: str, labels: Iterable[str]) -> None:
        """Note alternative labels of ``iri``; :meth:`finish` writes them to the node."""
        self.alt_labels[iri].update(map(str.strip, labels))

    def finish(self) -> None:
        """Give every entity the types and labels its mentions give it, every node its
        ``alt_labels`` (sorted, without its label and empty names), and every entity its
        ``mesh`` links (empty where its concept has none)."""
        nodes = self.g.nodes
        for iri, said in self.mentioned.items():
            for kind, quote in said:
                self.add_type(iri, kind)
                self.add_labels(iri, [_quote_label(quote)])
        for iri, labels in self.alt_labels.items():
            nodes[iri]["alt_labels"] = tuple(sorted(labels - {nodes[iri]["label"], ""}))
        by_iri = self.vocabulary.by_iri
        for iri, data in nodes(data=True):
            concept = by_iri.get(iri) if "mesh" in data else None
            if concept is not None:
                data["mesh"] = concept.mesh

    def provider(self, provider: Provider) -> str:
        key = provider_key(provider)
        by_name, by_domain = name_key(provider.name), name_key(provider.domain or "-")
        iri = (self.by_name.get(by_name) or self.by_name.get(by_domain)
               or self.known_providers.get(by_name) or self.known_providers.get(by_domain)
               or f"{self.base}provider/{slugify(key)}")
        concept = self.vocabulary.by_iri.get(iri)
        self.node(iri, "Provider", concept.label if concept else provider.name,
                  domain=provider.domain)
        self.add_labels(iri, [provider.name, provider.domain, *(concept.labels if concept else ())])
        for label in (provider.name, provider.domain):
            if label:
                self.by_name.setdefault(name_key(label), iri)
        self.by_name.setdefault(PROVIDER + key, iri)
        return iri

    def document(self, doc: Document) -> str:
        iri = f"{self.base}doc/{doc.id}"
        self.node(iri, doc.kind, doc.title, title=doc.title, created=doc.created, url=doc.url,
                  source_file=doc.source_file, excerpt=doc.excerpt)
        if doc.source_file:
            data = self.g.nodes[iri]
            if data["kind"] != doc.kind:
                data.update(kind=doc.kind, types=(doc.kind,))  # an input wins over a related item
            # Two files with one URL are one document, with both files as sources.
            data["source_files"] = tuple(sorted({*data.get("source_files", ()), doc.source_file}))
            data["source_file"] = data["source_files"][0]
        if doc.provider is not None:
            self.g.add_edge(iri, self.provider(doc.provider), key="publishedBy")
        for topic in doc.topics:
            topic_iri = self.node(f"{self.base}topic/{slugify(topic)}", "Topic", topic)
            self.g.add_edge(iri, topic_iri, key="hasTopic")
        if doc.aliases:
            self.g.nodes[iri]["aliases"] = tuple(dict.fromkeys(
                (*self.g.nodes[iri].get("aliases", ()), *doc.aliases)))
        for author in doc.authors:
            person = self.node(f"{self.base}person/{slugify(author)}", "Person", author)
            self.g.add_edge(iri, person, key="creator")
        for position, unit in enumerate(u for u in doc.units if u.is_section):
            section = self.node(f"{iri}/{unit.name}", "Section", unit.heading or f"{doc.title} (opening)",
                                position=position, field=unit.name, document=iri)
            self.g.add_edge(iri, section, key="hasSection")
        return iri

    def entity(self, mention: Mention) -> str:
        iri = self.resolved.get(mention.concept) or self._resolve(mention.concept)
        self.mentioned[iri].add((mention.type, mention.quote))
        return iri

    def relation(self, r: Relation) -> tuple[str, str, str] | None:
        """The edge ``(subject, relation, object)`` of a relation's entity nodes; None when
        both ends resolved to one node. A symmetric relation runs from the lesser IRI."""
        subject = self.resolved.get(r.subject) or self._resolve(r.subject)
        obj = self.resolved.get(r.object) or self._resolve(r.object)
        if subject == obj:
            return None
        if r.relation in SYMMETRIC_RELATIONS and obj < subject:
            subject, obj = obj, subject
        return subject, r.relation, obj

    def _resolve(self, key: str) -> str:
        """The node of the entity a concept key names; remembered once it cannot change."""
        concept = self.vocabulary.by_iri.get(key)
        if key.startswith(PROVIDER):
            iri = self.resolved[key] = self.by_name[key]
        elif concept is not None:
            known = self._known(concept.labels) if concept.type == "Organization" else None
            iri = known or self.node(concept.iri, concept.type, concept.label)
            self.add_labels(iri, concept.labels)
            if known or concept.type != "Organization":
                self.resolved[key] = iri
        else:
            name = key.removeprefix(NEW_ORG)
            known = self._known([name])
            iri = known or self.node(
                f"{self.base}organization/{slugify(name_key(name))}", "Organization", name)
            if known:
                self.resolved[key] = iri
        return iri

    def _known(self, labels: Iterable[str]) -> str | None:
        """The provider or organisation node that already has one of these names."""
        keys = [name_key(label) for label in labels]
        iri = next((self.by_name[k] for k in keys if k in self.by_name), None)
        if iri is not None:
            for key in keys:
                self.by_name.setdefault(key, iri)
        return iri


def _quote_label(quote: str) -> str:
    """The label a mention's quote gives its entity: one line, no possessive.

    >>> _quote_label("dermatol-\\nogy's")
    'dermatology'
    """
    quote = _BROKEN_WORD.sub("", quote)
    return _POSSESSIVE.sub("", " ".join(quote.split()))


def assemble(documents: Iterable[tuple[Document, Found]], *,
             base_iri: str = DEFAULT_BASE_IRI, vocabulary: Vocabulary | None = None) -> KnowledgeGraph:
    """Build the graph of ``(document, (mentions, relations))`` pairs.

    Parameters
    ----------
    documents:
        Each input document with the mentions and relations the extract stage found in it.
    base_iri:
        The namespace for the IRIs of documents, providers, topics and new entities.
    vocabulary:
        The vocabulary the mentions refer to (default: the one in ``ontology/vocab``).
    """
    return _assemble(documents, base_iri, vocabulary or load_vocabulary())


def _assemble(documents: Iterable[tuple[Document, Found]], base_iri: str,
              vocabulary: Vocabulary) -> KnowledgeGraph:
    b = _Builder(base_iri, vocabulary)
    items = sorted(documents, key=lambda pair: (pair[0].source_file, pair[0].id))
    containers: dict[tuple[str, str], str] = {}
    for doc, _ in items:
        iri = b.document(doc)
        for related in doc.related:
            b.g.add_edge(iri, b.document(related), key="relatedTo")
        for owner in (doc, *doc.related):
            owner_iri = f"{base_iri}doc/{owner.id}"
            for unit in owner.units:
                container = f"{owner_iri}/{unit.name}" if unit.is_section else owner_iri
                containers[(owner.id, unit.name)] = container
    if any(doc.links for doc, _ in items):
        _links(b, [doc for doc, _ in items])
    edges: dict[tuple[str, str], dict[tuple, Mention]] = defaultdict(dict)
    for _, (mentions, _relations) in items:
        for m in mentions:
            target = b.entity(m)
            edges[(containers[(m.doc_id, m.unit)], target)][(m.doc_id, m.unit, m.start, m.end)] = m
    for (source, target), found in sorted(edges.items()):
        # After resolution a mention names its entity node, not the key it was found by
        # (most already do, and dataclasses.replace is slow: copy only those that do not).
        label = b.g.nodes[target]["label"]
        ordered = tuple(m if (m.concept, m.label) == (target, label)
                        else replace(m, concept=target, label=label)
                        for m in (found[k] for k in sorted(found)))
        b.g.add_edge(source, target, key="mentions", count=len(ordered), mentions=ordered)
    _relation_edges(b, items)
    b.finish()
    return KnowledgeGraph(b.g, base_iri=base_iri)


def _links(b: _Builder, docs: list[Document]) -> None:
    """``linksTo`` edges from each document to the input documents its links name (by file
    name, or by file name without its suffix as wiki-links do); a link to a file that is not
    in the input is a topic, as a wiki-link always was."""
    by_name: dict[str, str] = {}
    for doc in docs:
        if doc.source_file:
            name = doc.source_file.lower()
            for key in (name, _stem(name)):
                by_name.setdefault(key, f"{b.base}doc/{doc.id}")
    for doc in docs:
        iri = f"{b.base}doc/{doc.id}"
        for target in doc.links:
            name = target.rsplit("/", 1)[-1]
            found = by_name.get(name.lower()) or by_name.get(_stem(name.lower()))
            if found is None:
                topic = _stem(name) if "." in name else name
                topic_iri = b.node(f"{b.base}topic/{slugify(topic)}", "Topic", topic)
                b.g.add_edge(iri, topic_iri, key="hasTopic")
            elif found != iri:
                b.g.add_edge(iri, found, key="linksTo")


def _stem(name: str) -> str:
    """A file name without a document suffix: ``"note.md"`` -> ``"note"``."""
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and stem and f".{suffix.lower()}" in DOCUMENT_SUFFIXES else name


def _relation_edges(b: _Builder, items: list[tuple[Document, Found]]) -> None:
    """One edge per (subject, relation, object), its evidence the stating sentences: the
    Relation records with their ends resolved to entity nodes, in document order."""
    edges: dict[tuple[str, str, str], dict[tuple, Relation]] = defaultdict(dict)
    for _, (_mentions, relations) in items:
        for r in relations:
            edge = b.relation(r)
            if edge is not None:
                resolved = replace(r, subject=edge[0], object=edge[2])
                edges[edge][(r.doc_id, r.unit, r.start, r.end)] = resolved
    for (subject, name, obj), stated in sorted(edges.items()):
        evidence = tuple(stated[k] for k in sorted(stated))
        b.g.add_edge(subject, obj, key=name, relation=name, evidence=evidence)
