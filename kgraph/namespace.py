"""The IRIs of the kgraph ontology and of the vocabularies it uses, in one place.

The prefixes are plain strings, so importing this module stays cheap. :data:`KG` (the
ontology as a closed rdflib namespace: a misspelt term fails at once) and :data:`SCHEMA`
are built on first use, which is when rdflib is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgraph.records import RELATIONS

if TYPE_CHECKING:
    from rdflib.namespace import DefinedNamespace, Namespace

    KG: type[DefinedNamespace]
    SCHEMA: Namespace

__all__ = ["KG", "SCHEMA", "PREFIXES", "RDF_TYPE", "sparql_prefixes"]

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
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"

# Terms of ``ontology/kgraph.ttl``.
_TERMS = (
    "Document", "Article", "Video", "Paper", "Section", "Entity", "Specialty", "Technique",
    "Organization", "Provider", "Topic", "Mention", "sourceFile", "mentions", "publishedBy",
    "relatedTo", "linksTo", "hasTopic", "hasSection", "position", "inDocument", "mentionOf",
    "field", "start", "end", "quote", "context", "deepLink", "mentionCount", "entityType",
    *RELATIONS,
)


def sparql_prefixes(*names: str) -> str:
    """The SPARQL ``PREFIX`` lines for ``names``, one a line, in the order given.

    Examples
    --------
    >>> print(sparql_prefixes("kg", "rdfs"), end="")
    PREFIX kg: <https://w3id.org/kgraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


def __getattr__(name: str) -> Any:
    """Build :data:`KG` and :data:`SCHEMA` (and import rdflib) on first use."""
    if name not in ("KG", "SCHEMA"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import URIRef
    from rdflib.namespace import DefinedNamespace, Namespace

    kg = type("KG", (DefinedNamespace,), {
        "__module__": __name__, "__doc__": "Terms of ``ontology/kgraph.ttl``.",
        "__annotations__": dict.fromkeys(_TERMS, URIRef),
        "_NS": Namespace(PREFIXES["kg"]), "_fail": True})
    globals().update(KG=kg, SCHEMA=Namespace(PREFIXES["schema"]))
    return globals()[name]
