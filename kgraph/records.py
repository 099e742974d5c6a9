"""Frozen records passed between the stages.

They hold plain data only, so they pickle and cross process boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["TextUnit", "Provider", "Document", "Skip", "Mention", "Relation", "Found", "NEW_ORG",
           "PROVIDER", "provider_key", "DOCUMENT_KINDS", "ENTITY_KINDS", "CONCEPT_KINDS",
           "RELATIONS", "SYMMETRIC_RELATIONS"]

# The kinds of document node: a related item whose kind is not known is a "Document".
DOCUMENT_KINDS = ("Article", "Video", "Paper", "Document")
# The kinds of entity found in a text, and the kinds a vocabulary concept can have.
ENTITY_KINDS = ("Specialty", "Technique", "Organization")
CONCEPT_KINDS = (*ENTITY_KINDS, "Provider")
# The relations a sentence may state between two entities (../gold/RELATIONS.md), and
# those that hold both ways.
RELATIONS = ("appliedIn", "uses", "worksIn", "partnersWith", "acquired", "fundedBy", "clearedBy",
             "partOf")
SYMMETRIC_RELATIONS = frozenset({"partnersWith"})

# Concept keys of entities that no vocabulary lists: an organisation found by rule, and a
# provider named in a text. Vocabulary concepts are keyed by their IRI.
NEW_ORG = "new:Organization:"
PROVIDER = "provider:"


@dataclass(frozen=True)
class TextUnit:
    """One piece of a document's text that is read as a whole.

    Attributes
    ----------
    name:
        ``"title"``, ``"excerpt"``, ``"body"`` or ``"section-N"``.
    text:
        The original text of the field or section, exactly as in the source.
    heading:
        The section heading, for sections; empty otherwise.
    base:
        Offset of ``text`` in the source file, or -1 where the field was decoded
        from YAML and has no single position in the file.
    anchors:
        ``(offset, seconds)`` pairs: positions in ``text`` where a video timestamp
        anchor stands, and the moment in the video it points to.
    hidden:
        ``(start, end)`` spans of ``text`` that are markup, not prose (code, URLs, HTML
        tags, images, link targets): extraction reads them as blanks.
    """

    name: str
    text: str
    heading: str = ""
    base: int = -1
    anchors: tuple[tuple[int, int], ...] = ()
    hidden: tuple[tuple[int, int], ...] = ()

    @property
    def is_section(self) -> bool:
        return self.name.startswith("section-")


@dataclass(frozen=True)
class Provider:
    """The publisher or channel of a document."""

    name: str
    domain: str = ""


@dataclass(frozen=True)
class Document:
    """An input document or one of its related items.

    ``id`` is stable: derived from the URL where there is one, else from the file name.
    Related items are Documents without a ``source_file``.
    """

    id: str
    kind: str  # "Article", "Video", "Paper" or "Document" (a related item of unknown kind)
    title: str
    source_file: str = ""
    url: str = ""
    created: str = ""  # ISO 8601 date-time in UTC, or ""
    provider: Provider | None = None
    excerpt: str = ""
    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    units: tuple[TextUnit, ...] = ()
    related: tuple[Document, ...] = ()
    digest: str = ""  # SHA-256 of the source file's bytes, for input documents
    notes: tuple[str, ...] = ()  # one-line notes on how the file was read
    aliases: tuple[str, ...] = ()  # other names of the document (front matter ``aliases``)
    # Targets of its wiki-links ("Other note") and relative links to documents ("other.md"):
    # links to input files become kg:linksTo edges, the others topics.
    links: tuple[str, ...] = ()

    def without_text(self) -> Document:
        """The same document with its text units emptied: what assembly needs, and lighter."""
        return replace(self, units=tuple(replace(u, text="", anchors=(), hidden=())
                                              for u in self.units),
                       related=tuple(r.without_text() for r in self.related))

    def unit(self, name: str) -> TextUnit:
        for unit in self.units:
            if unit.name == name:
                return unit
        raise KeyError(name)


@dataclass(frozen=True)
class Skip:
    """A file that was not read, and why (one line)."""

    file: str
    reason: str


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in a text unit.

    ``start`` and ``end`` are character offsets into the unit's original text, so
    ``unit.text[start:end] == quote``.
    """

    doc_id: str
    unit: str
    start: int
    end: int
    quote: str
    sentence: str
    type: str  # "Specialty", "Technique" or "Organization"
    concept: str  # the entity's key: a vocabulary IRI or a minted one
    label: str  # the entity's preferred label
    seconds: int = -1  # the moment in the video, for a video note; -1 otherwise


@dataclass(frozen=True)
class Relation:
    """A relation that one sentence states between two entities (``../gold/RELATIONS.md``).

    ``subject`` and ``object`` are concept keys, as in :attr:`Mention.concept`;
    ``start`` and ``end`` are the stating sentence's character offsets into the unit's
    original text, and ``sentence`` its text.
    """

    doc_id: str
    unit: str
    start: int
    end: int
    sentence: str
    relation: str  # "appliedIn", "uses", "worksIn", "partnersWith", "acquired", "fundedBy", ...
    subject: str
    object: str


# What extraction found in one document: its mentions and the relations its sentences state.
Found = tuple[tuple[Mention, ...], tuple[Relation, ...]]


def provider_key(provider: Provider) -> str:
    """The key that makes one node of a provider's name and domain."""
    return provider.domain or provider.name.lower()
