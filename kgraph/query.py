"""Running SPARQL queries over a built graph.ttl and formatting the rows."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import QueryError, UsageError

__all__ = ["Cell", "Result", "run_query", "format_result", "FORMATS"]

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class Cell:
    """One bound value: its text, and its RDF term type ("uri", "literal", "bnode")."""

    value: str
    type: str = "literal"
    datatype: str = ""
    lang: str = ""

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Result:
    """Variables and rows of a SELECT (None where unbound), or the truth of an ASK."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Cell | None, ...], ...]
    boolean: bool | None = None


def _cell(term) -> Cell | None:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return Cell(str(term), "literal", str(term.datatype or ""), term.language or "")
    return Cell(str(term), "bnode" if isinstance(term, BNode) else "uri")


def run_query(graph_path: str | os.PathLike[str], query: str) -> Result:
    """Run a SPARQL SELECT or ASK query over the Turtle file at ``graph_path``.

    Raises
    ------
    UsageError
        When the file is missing or is not Turtle.
    QueryError
        When the query does not parse or is not a SELECT or ASK.
    """
    import rdflib

    path = Path(graph_path)
    if not path.is_file():
        raise UsageError(f"no such graph file: {graph_path}")
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several parser error types
        raise UsageError(f"{graph_path}: not a Turtle file: {_first_line(exc)}") from None
    try:
        result = graph.query(query)
    except Exception as exc:  # pyparsing and rdflib errors alike
        raise QueryError(f"query failed: {_first_line(exc)}") from None
    if result.type == "ASK":
        return Result((), (), bool(result.askAnswer))
    if result.type != "SELECT":
        raise QueryError(f"only SELECT and ASK queries are supported, not {result.type}")
    variables = tuple(str(v) for v in result.vars or ())
    rows = tuple(tuple(_cell(value) for value in row) for row in result)
    return Result(variables, rows)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def format_result(result: Result, fmt: str = "table") -> str:
    """The result as an aligned table, CSV, or SPARQL 1.1 JSON results."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}) if fmt == "json" \
            else str(result.boolean).lower() + "\n"
    return {"table": _table, "csv": _csv, "json": _json}[fmt](result)


def _table(result: Result) -> str:
    cells = [list(result.variables)] + [[str(v or "") for v in row] for row in result.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(result.variables))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.variables)
    writer.writerows([[str(v or "") for v in row] for row in result.rows])
    return buffer.getvalue()


def _json(result: Result) -> str:
    bindings = [{var: _binding(cell) for var, cell in zip(result.variables, row) if cell is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": list(result.variables)},
                       "results": {"bindings": bindings}}, indent=2, ensure_ascii=False) + "\n"


def _binding(cell: Cell) -> dict[str, str]:
    out = {"type": cell.type, "value": cell.value}
    if cell.datatype:
        out["datatype"] = cell.datatype
    if cell.lang:
        out["xml:lang"] = cell.lang
    return out
