"""What the questions of :class:`~kgraph.graph.KnowledgeGraph` return: plain frozen records.

Each question returns a :class:`Table`, a list of records that also turns into a pandas
``DataFrame`` with :meth:`Table.to_frame` where pandas is installed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from kgraph.errors import MissingDependencyError

if TYPE_CHECKING:
    import pandas

__all__ = ["Table", "EntityInfo", "DocumentInfo", "MentionInfo", "DocumentHit",
           "RelatedDocument", "Cooccurrence", "Neighbor", "Score", "Community", "RelationInfo"]

T = TypeVar("T")


class Table(list[T], Generic[T]):
    """A list of result rows (records or dicts) that converts to a pandas ``DataFrame``.

    Parameters
    ----------
    rows:
        The rows, in order.
    columns:
        Column names for :meth:`to_frame` when there are no rows to take them from.
    """

    def __init__(self, rows: Iterable[T] = (), columns: Iterable[str] = ()) -> None:
        super().__init__(rows)
        self.columns = tuple(columns)

    def to_frame(self) -> pandas.DataFrame:
        """The rows as a ``pandas.DataFrame``, one column per field.

        Raises
        ------
        MissingDependencyError
            When pandas is not installed.
        """
        try:
            import pandas
        except ImportError:
            raise MissingDependencyError(
                "to_frame() needs pandas, which is not installed: pip install pandas") from None
        records = [_as_dict(row) for row in self]
        return pandas.DataFrame.from_records(records, columns=list(self.columns) or None)


def _as_dict(row: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    return dict(row)


def columns(record: type) -> tuple[str, ...]:
    """The field names of a record class, for :class:`Table`'s ``columns``."""
    return tuple(f.name for f in dataclasses.fields(record))


@dataclass(frozen=True)
class EntityInfo:
    """An entity (specialty, technique, organisation), with how often it is mentioned.

    ``mesh`` holds the IDs of the MeSH descriptors it is linked to (``"D003880"``),
    exact matches first.
    """

    iri: str
    type: str
    label: str
    alt_labels: tuple[str, ...]
    documents: int
    mentions: int
    mesh: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentInfo:
    """A document or related item: ``source_file`` is empty for a related item."""

    iri: str
    kind: str
    title: str
    created: str
    provider: str
    url: str
    source_file: str


@dataclass(frozen=True)
class MentionInfo:
    """One mention of an entity: where it is, its words, its sentence, and a link to it.

    ``start`` and ``end`` are character offsets into the original text of ``field``
    (``title``, ``excerpt``, ``body`` or ``section-N``) of the document; ``section`` is the
    section's heading, if the field is a section. ``link`` is the document's URL, or for
    a video note the URL at the moment of the passage.
    """

    entity: str
    document: str
    title: str
    field: str
    section: str
    start: int
    end: int
    quote: str
    sentence: str
    link: str


@dataclass(frozen=True)
class DocumentHit:
    """A document that mentions an entity, and how many times."""

    iri: str
    kind: str
    title: str
    source_file: str
    mentions: int


@dataclass(frozen=True)
class RelatedDocument:
    """A document related to another: listed as related (``linked``), or sharing entities."""

    iri: str
    kind: str
    title: str
    linked: bool
    shared: tuple[str, ...]


@dataclass(frozen=True)
class Cooccurrence:
    """Two entities that appear in the same documents.

    ``documents`` counts the documents that mention both. ``together`` counts how often
    they are mentioned in one section or field: for each, the lesser of their two mention
    counts there. ``mentions`` is how many times the two are mentioned in those documents.
    """

    a: str
    b: str
    documents: int
    together: int
    mentions: int
    a_iri: str
    b_iri: str


@dataclass(frozen=True)
class Neighbor:
    """A node reached from another, ``distance`` edges away (in either direction)."""

    iri: str
    kind: str
    label: str
    distance: int


@dataclass(frozen=True)
class Score:
    """A node and its centrality score."""

    iri: str
    kind: str
    label: str
    score: float


@dataclass(frozen=True)
class Community:
    """A group of densely connected nodes; ``labels`` lists the best connected first."""

    index: int
    size: int
    labels: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True)
class RelationInfo:
    """A relation the documents state between two entities (``../gold/RELATIONS.md``).

    ``subject`` and ``object`` are labels (their IRIs in ``subject_iri``, ``object_iri``);
    ``documents`` the documents whose sentences state it, and ``sentences`` those
    sentences, in document order. ``partnersWith`` is symmetric: it is stated once, from
    the entity with the lesser IRI.
    """

    subject: str
    relation: str
    object: str
    documents: tuple[str, ...]
    sentences: tuple[str, ...]
    subject_iri: str
    object_iri: str
