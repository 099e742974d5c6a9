"""Reading a Turtle file, or failing with one line: into rdflib, or into an Oxigraph store.

Every command that reads a graph file goes through here, so that a missing or broken
file gives the same :class:`~kgraph.errors.UsageError` wherever it is read.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.errors import UsageError

if TYPE_CHECKING:
    import rdflib

__all__ = ["read_turtle", "turtle_store"]


def read_turtle(path: str | os.PathLike[str], *, quiet_literals: bool = False) -> rdflib.Graph:
    """The rdflib graph in the Turtle file ``path``.

    ``quiet_literals`` silences rdflib's warnings about ill-typed literals (for a caller
    that reports them itself, as SHACL validation does).

    Raises
    ------
    UsageError
        When the file is missing or is not Turtle.
    """
    import rdflib

    if not Path(path).is_file():
        raise UsageError(f"no such graph file: {path}")
    graph = rdflib.Graph()
    quiet = logging.getLogger("rdflib.term")
    level = quiet.level
    if quiet_literals:
        quiet.setLevel(logging.CRITICAL)
    try:
        graph.parse(os.fspath(path), format="turtle")
    except Exception as exc:  # rdflib raises several parser error types
        raise UsageError(f"{path}: not a Turtle file: {first_line(exc)}") from None
    finally:
        quiet.setLevel(level)
    return graph


def turtle_store(path: str | os.PathLike[str]) -> Any:
    """A ``pyoxigraph.Store`` holding the Turtle file ``path``.

    Raises
    ------
    ImportError
        When pyoxigraph is not installed.
    UsageError
        When the file cannot be read or is not Turtle.
    """
    import pyoxigraph as ox

    store = ox.Store()
    try:
        with open(path, "rb") as handle:
            store.bulk_load(handle, ox.RdfFormat.TURTLE)
    except OSError as exc:
        raise UsageError(f"cannot read graph {path}: {exc.strerror}") from None
    except (SyntaxError, ValueError) as exc:
        raise UsageError(f"{path}: not a Turtle file: {first_line(exc)}") from None
    return store


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, or its type's name when it has none.

    >>> first_line(ValueError("bad token\\nat line 3")), first_line(KeyError())
    ('bad token', 'KeyError')
    """
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
