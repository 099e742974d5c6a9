"""The kgraph ontology as a closed rdflib namespace: a misspelt term fails at once."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["KG", "SCHEMA", "PREFIXES"]


class KG(DefinedNamespace):
    """Terms of ``ontology/kgraph.ttl``."""

    _NS = Namespace("https://w3id.org/kgraph/ontology#")
    _fail = True

    Document: URIRef
    Article: URIRef
    Video: URIRef
    Paper: URIRef
    Section: URIRef
    Entity: URIRef
    Specialty: URIRef
    Technique: URIRef
    Organization: URIRef
    Provider: URIRef
    Topic: URIRef
    Mention: URIRef
    sourceFile: URIRef
    mentions: URIRef
    publishedBy: URIRef
    relatedTo: URIRef
    linksTo: URIRef
    hasTopic: URIRef
    hasSection: URIRef
    position: URIRef
    inDocument: URIRef
    mentionOf: URIRef
    field: URIRef
    start: URIRef
    end: URIRef
    quote: URIRef
    context: URIRef
    deepLink: URIRef
    mentionCount: URIRef
    entityType: URIRef
    appliedIn: URIRef
    uses: URIRef
    worksIn: URIRef
    partnersWith: URIRef
    acquired: URIRef
    fundedBy: URIRef
    clearedBy: URIRef
    partOf: URIRef


SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "kg": "https://w3id.org/kgraph/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "mesh": "https://id.nlm.nih.gov/mesh/",  # MeSH descriptors that entities link to
}
