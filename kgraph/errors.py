"""The one error hierarchy of kgraph.

Library code raises these; the CLI turns them into a one-line message and an exit status.
"""

from __future__ import annotations

__all__ = ["KgraphError", "UsageError", "NoInputError", "VocabularyError", "QueryError",
           "UnknownNodeError", "MissingDependencyError"]


class KgraphError(Exception):
    """Base class of every error kgraph raises on purpose."""

    exit_code = 1


class UsageError(KgraphError):
    """An argument or option is wrong (a missing path, an unknown format)."""

    exit_code = 2


class NoInputError(KgraphError):
    """Nothing usable could be read from the given paths."""

    exit_code = 1


class VocabularyError(KgraphError):
    """A vocabulary or ontology file is missing or malformed."""

    exit_code = 1


class QueryError(KgraphError):
    """A SPARQL query could not be parsed or run."""

    exit_code = 2


class UnknownNodeError(KgraphError, KeyError):
    """A label or IRI names no node of the graph; the message suggests close labels."""

    exit_code = 2

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class MissingDependencyError(KgraphError):
    """An optional package (pandas, IPython) that a method needs is not installed."""

    exit_code = 1
