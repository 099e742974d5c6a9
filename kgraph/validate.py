"""Checking a graph against the SHACL shapes of ``ontology/shapes.ttl``, with pySHACL.

pySHACL is an extra: ``pip install 'kgraph[sparql]'``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph.errors import UsageError
from kgraph.rdfio import read_turtle

if TYPE_CHECKING:
    import rdflib

__all__ = ["Violation", "ValidationReport", "validate", "validate_graph", "shapes_path"]

_SHOWN = 5  # focus nodes listed per failing shape in the text report


@dataclass(frozen=True)
class Violation:
    """One failed constraint: the shape, the node it failed on, the property, the message."""

    shape: str
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, its violations, and a readable text report."""

    conforms: bool
    violations: tuple[Violation, ...]
    shapes_file: str

    @property
    def failed_shapes(self) -> list[str]:
        """Names of the shapes that failed, sorted."""
        return sorted({v.shape for v in self.violations})

    @property
    def summary(self) -> str:
        """One line: how many violations of which shapes."""
        if self.conforms:
            return "no violations"
        return (f"{len(self.violations)} violation(s) of {len(self.failed_shapes)} shape(s): "
                f"{', '.join(self.failed_shapes)}")

    @property
    def text(self) -> str:
        """The violations grouped by shape, a few example nodes each."""
        groups: dict[str, list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[v.shape].append(v)
        lines = []
        for shape in sorted(groups):
            found = groups[shape]
            lines.append(f"{shape}: {len(found)} violation(s): {found[0].message}")
            for v in sorted(found, key=lambda v: v.focus)[:_SHOWN]:
                lines.append(f"  {v.focus}" + (f"  ({v.path})" if v.path else ""))
            if len(found) > _SHOWN:
                lines.append(f"  ... and {len(found) - _SHOWN} more")
        return "\n".join(lines) + ("\n" if lines else "")


def shapes_path() -> Path:
    """The shipped ``shapes.ttl``."""
    from kgraph.resources import ontology_dir

    return ontology_dir() / "shapes.ttl"


def validate(graph_path: str | os.PathLike[str], *,
             shapes: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Check the Turtle file at ``graph_path`` against SHACL ``shapes`` (default: shipped).

    Raises
    ------
    UsageError
        When a file is missing or not Turtle, or pySHACL is not installed.
    """
    return validate_graph(read_turtle(graph_path, quiet_literals=True), shapes=shapes)


def validate_graph(graph: rdflib.Graph, *,
                   shapes: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Check an ``rdflib.Graph`` (e.g. ``kg.to_rdf()``) against SHACL ``shapes``.

    Examples
    --------
    >>> import kgraph
    >>> validate_graph(kgraph.build(["seeds/"]).to_rdf()).conforms
    True
    """
    try:
        import pyshacl
    except ImportError:
        raise UsageError("pySHACL is not installed: pip install 'kgraph[sparql]'") from None
    shapes_file = Path(shapes) if shapes else shapes_path()
    shapes_graph = read_turtle(shapes_file, quiet_literals=True)
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, inference="none",
                                            abort_on_first=False, allow_warnings=True)
    violations = tuple(sorted(_violations(results, shapes_graph),
                              key=lambda v: (v.shape, v.focus, v.path)))
    return ValidationReport(bool(conforms), violations, str(shapes_file))


def _violations(results: rdflib.Graph, shapes: rdflib.Graph) -> list[Violation]:
    from rdflib import RDF, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    found = []
    for result in results.subjects(RDF.type, sh.ValidationResult):
        shape = results.value(result, sh.sourceShape)
        path = results.value(result, sh.resultPath)
        message = results.value(result, sh.resultMessage)
        found.append(Violation(_name(shape, shapes), str(results.value(result, sh.focusNode)),
                               _name(path, shapes) if path is not None else "",
                               str(message or results.value(result, sh.sourceConstraintComponent))))
    return found


def _name(term, graph: rdflib.Graph) -> str:
    """A short name: ``kgsh:Mention-quote`` rather than the full IRI, where a prefix fits."""
    from rdflib import BNode

    if term is None or isinstance(term, BNode):
        return "(anonymous shape)"
    try:
        return graph.namespace_manager.normalizeUri(term)
    except Exception:  # not every IRI splits into prefix and name
        return str(term)
