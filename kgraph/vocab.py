"""The controlled vocabularies: SKOS concept schemes in ``ontology/vocab/*.ttl``.

A user adds a term by editing those files, not the code.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import VocabularyError
from kgraph.namespace import PREFIXES, RDF_TYPE as _RDF_TYPE, RDFS_LABEL as _LABEL
from kgraph.records import CONCEPT_KINDS
from kgraph.resources import ontology_dir

__all__ = ["Concept", "Vocabulary", "load_vocabulary", "ENTITY_TYPES", "MESH"]

KG = PREFIXES["kg"]
MESH = PREFIXES["mesh"]
_SKOS = PREFIXES["skos"]
log = logging.getLogger(__name__)
_MATCHES = (("exact", _SKOS + "exactMatch"), ("close", _SKOS + "closeMatch"))
ENTITY_TYPES = CONCEPT_KINDS
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{0,3}")


@dataclass(frozen=True)
class Concept:
    """One concept: its IRI, entity type, preferred label and alternative labels.

    ``mesh`` holds its links to MeSH descriptors (``ontology/vocab/mesh.ttl``), each
    ``(descriptor IRI, MeSH heading, "exact" or "close")``; ``ambiguous`` is the vocabulary's
    ``kg:ambiguous`` (None where it says nothing).
    """

    iri: str
    type: str
    label: str
    alt_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    mesh: tuple[tuple[str, str, str], ...] = ()
    ambiguous: bool | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.alt_labels)

    def needs_support(self, label: str) -> bool:
        """Whether ``label`` names this concept only where the text supports it.

        A short form is ambiguous: an all-caps acronym of up to four letters ("MIT",
        "RL"), or any one-word label of a concept marked ``kg:ambiguous true`` ("Meta").
        A concept marked ``kg:ambiguous false`` has no ambiguous label.

        >>> Concept("x", "Organization", "Massachusetts Institute of Technology", ("MIT",)).needs_support("MIT")
        True
        >>> Concept("x", "Organization", "Meta Platforms", ("Meta",), ambiguous=True).needs_support("Meta")
        True
        >>> Concept("x", "Organization", "Food and Drug Administration", ("FDA",), ambiguous=False).needs_support("FDA")
        False
        """
        if self.ambiguous is False:
            return False
        if self.ambiguous and " " not in label:
            return True
        return _ACRONYM.fullmatch(label) is not None


@dataclass(frozen=True)
class Vocabulary:
    """All concepts, by IRI, in a stable order."""

    concepts: tuple[Concept, ...]

    @functools.cached_property
    def by_iri(self) -> dict[str, Concept]:
        return {c.iri: c for c in self.concepts}

    def of_type(self, *types: str) -> list[Concept]:
        return [c for c in self.concepts if c.type in types]

    def __len__(self) -> int:
        return len(self.concepts)


def load_vocabulary(folder: str | Path | None = None) -> Vocabulary:
    """Read every ``*.ttl`` file of ``folder`` (default: ``ontology/vocab``).

    Raises
    ------
    VocabularyError
        When the folder holds no ``*.ttl`` file, a file does not parse or a concept has
        no single preferred label.
    """
    folder = Path(folder) if folder else ontology_dir() / "vocab"
    if not folder.is_dir():
        raise VocabularyError(f"vocabulary folder not found: {folder}")
    files = tuple(sorted(folder.glob("*.ttl")))
    if not files:  # a build with no vocabulary would find no specialty or technique at all
        raise VocabularyError(f"no vocabulary (*.ttl) in {folder}")
    return _load(files)


@functools.lru_cache(maxsize=4)
def _load(files: tuple[Path, ...]) -> Vocabulary:
    """Parse with Oxigraph's streaming parser (about 40 times faster than rdflib's here)."""
    import pyoxigraph as ox

    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in files:
        try:
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                props[triple.subject.value][triple.predicate.value].append(triple.object.value)
        except (SyntaxError, ValueError, OSError) as exc:
            raise VocabularyError(f"{path.name}: not valid Turtle: {exc}") from None
    concepts = []
    for subject in sorted(s for s, p in props.items() if _SKOS + "Concept" in p[_RDF_TYPE]):
        p = props[subject]
        kinds = sorted(t[len(KG):] for t in p[_RDF_TYPE] if t[len(KG):] in ENTITY_TYPES
                       and t.startswith(KG))
        prefs = sorted(p[_SKOS + "prefLabel"])
        if len(prefs) != 1 or len(kinds) != 1:
            raise VocabularyError(f"{subject}: needs exactly one skos:prefLabel and one kg: type "
                                  f"(has {len(prefs)} and {len(kinds)})")
        alts = _unique(p[_SKOS + "altLabel"])
        flags = p[KG + "ambiguous"]
        if len(set(flags)) > 1 or not set(flags) <= {"true", "false", "1", "0"}:
            raise VocabularyError(f"{subject}: kg:ambiguous must be one boolean (has {flags})")
        concepts.append(Concept(subject, kinds[0], prefs[0], tuple(a for a in alts if a != prefs[0]),
                                tuple(sorted(p[_SKOS + "broader"])), _mesh_links(p, props),
                                flags[0] in ("true", "1") if flags else None))
    _warn_dangling(props, {c.iri for c in concepts})
    return Vocabulary(tuple(concepts))


def _mesh_links(p: dict[str, list[str]],
                props: dict[str, dict[str, list[str]]]) -> tuple[tuple[str, str, str], ...]:
    """A concept's links to MeSH descriptors, exact ones first; the heading is the
    descriptor's ``rdfs:label`` in the linkset file."""
    return tuple((target, min(props[target][_LABEL], default=""), match)
                 for match, predicate in _MATCHES
                 for target in sorted(set(p[predicate])) if target.startswith(MESH))


def _warn_dangling(props: dict[str, dict[str, list[str]]], concepts: set[str]) -> None:
    """Log the MeSH links whose subject is no concept (say, one that was renamed)."""
    for subject in sorted(props.keys() - concepts):
        if any(t.startswith(MESH) for _, predicate in _MATCHES for t in props[subject][predicate]):
            log.warning("MeSH link of %s ignored: no concept has that IRI", subject)


def _unique(labels: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(labels)))
