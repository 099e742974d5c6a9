"""Running SPARQL queries over a built graph and formatting the rows.

Queries come inline, from a file, or by name from the competency queries shipped in
``kgraph/queries/`` (see :func:`named_queries`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.errors import QueryError, UsageError
from kgraph.namespace import PREFIXES
from kgraph.rdfio import first_line, read_turtle
from kgraph.results import Table

if TYPE_CHECKING:
    import pandas
    import rdflib

    from kgraph.graph import KnowledgeGraph

__all__ = ["Cell", "Result", "NamedQuery", "run_query", "sparql", "format_result",
           "named_queries", "named_query", "parse_binding", "FORMATS"]

FORMATS = ("table", "csv", "tsv", "json", "xml")
QUERIES_DIR = Path(__file__).resolve().parent / "queries"
_XSD = PREFIXES["xsd"]
_NUMBERS: dict[str, type] = {f"{_XSD}{t}": int for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_NUMBERS.update({f"{_XSD}{t}": float for t in ("decimal", "double", "float")})
_DATES: dict[str, Any] = {f"{_XSD}dateTime": datetime, f"{_XSD}date": date}


@dataclass(frozen=True)
class Cell:
    """One bound value: its text, and its RDF term type ("uri", "literal", "bnode")."""

    value: str
    type: str = "literal"
    datatype: str = ""
    lang: str = ""

    def __str__(self) -> str:
        return self.value

    def to_python(self) -> Any:
        """The value as ``int``, ``float``, ``bool``, ``datetime`` or ``date`` where its
        datatype says so, else ``str``."""
        if self.datatype in _NUMBERS:
            try:
                return _NUMBERS[self.datatype](self.value)
            except ValueError:
                return self.value
        if self.datatype == f"{_XSD}boolean":
            return self.value in ("true", "1")
        kind = _DATES.get(self.datatype)
        if kind is not None:
            try:
                return kind.fromisoformat(self.value)
            except ValueError:
                return self.value
        return self.value


class Result(Table[dict[str, Any]]):
    """The answer to a SPARQL query, the one result type of every way of running one.

    For a SELECT, a list of rows: each a dict from variable to Python value (None where
    unbound), and :meth:`to_frame` makes them a pandas ``DataFrame``. For an ASK, no rows,
    and ``boolean`` is the answer. ``cells`` keeps each value's RDF form (datatype,
    language), which the SPARQL results formats write.
    """

    def __init__(self, variables: tuple[str, ...] = (),
                 cells: tuple[tuple[Cell | None, ...], ...] = (),
                 boolean: bool | None = None) -> None:
        self.variables, self.cells, self.boolean = variables, cells, boolean
        super().__init__(({var: cell.to_python() if cell is not None else None
                           for var, cell in zip(variables, row)} for row in cells), variables)

    def to_frame(self) -> pandas.DataFrame:
        """The rows as a ``pandas.DataFrame``, one column per variable.

        Raises
        ------
        MissingDependencyError
            When pandas is not installed.
        QueryError
            When the result is an ASK answer.
        """
        if self.boolean is not None:
            raise QueryError("an ASK result has no rows to put in a DataFrame")
        return super().to_frame()


@dataclass(frozen=True)
class NamedQuery:
    """A competency query shipped with kgraph: its name, what it answers, its parameters."""

    name: str
    description: str
    params: tuple[tuple[str, str], ...]
    text: str


def named_queries() -> list[NamedQuery]:
    """The queries in ``kgraph/queries/``, by name.

    Each file starts with a comment line saying what it answers, then optional
    ``# param ?var: what to bind`` lines naming the variables ``--bind`` may fix.
    """
    return [_read_named(path) for path in sorted(QUERIES_DIR.glob("*.rq"))]


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; raises :class:`UsageError` naming the choices if none."""
    path = QUERIES_DIR / f"{name}.rq"
    if "/" in name or not path.is_file():
        names = ", ".join(q.name for q in named_queries())
        raise UsageError(f"no named query {name!r} (choose from {names})")
    return _read_named(path)


def _read_named(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    comments = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
    params = []
    for line in comments[1:]:
        if line.startswith("param ?") and ":" in line:
            var, doc = line[len("param ?"):].split(":", 1)
            params.append((var.strip(), doc.strip()))
    return NamedQuery(path.stem, comments[0] if comments else "", tuple(params), text)


def parse_binding(text: str) -> tuple[str, str]:
    """``"var=value"`` as ``(var, value)``; a leading ``?`` on the variable is dropped.

    >>> parse_binding("?specialty=dermatology")
    ('specialty', 'dermatology')
    """
    var, sep, value = text.partition("=")
    var = var.strip().lstrip("?")
    if not sep or not var.isidentifier():
        raise UsageError(f"--bind wants VAR=VALUE, not {text!r}")
    return var, value


def run_query(graph_path: str | os.PathLike[str], query: str, *,
              bindings: Mapping[str, str] | None = None) -> Result:
    """Run a SPARQL SELECT or ASK query over the Turtle file at ``graph_path``.

    Parameters
    ----------
    graph_path:
        A ``graph.ttl`` written by ``kgraph build``.
    query:
        The SPARQL query text.
    bindings:
        Values for variables of the query, fixed before it runs: ``"<IRI>"`` binds an IRI,
        anything else a plain string literal.

    Raises
    ------
    UsageError
        When the file is missing or is not Turtle.
    QueryError
        When the query does not parse or is not a SELECT or ASK.
    """
    return sparql(read_turtle(graph_path), query, bindings=bindings)


def sparql(graph: KnowledgeGraph | rdflib.Graph, query: str, *,
           bindings: Mapping[str, str] | None = None) -> Result:
    """Run a SPARQL SELECT or ASK query over a KnowledgeGraph or an ``rdflib.Graph``.

    Examples
    --------
    >>> import kgraph
    >>> kg = kgraph.build(["seeds/"])
    >>> q = "SELECT (COUNT(*) AS ?n) WHERE { ?d <https://w3id.org/kgraph/ontology#sourceFile> ?f }"
    >>> sparql(kg, q)
    [{'n': 5}]
    """
    rdf = graph.to_rdf() if hasattr(graph, "to_rdf") else graph
    try:
        result = rdf.query(query, initBindings=_terms(bindings or {}))
    except Exception as exc:  # pyparsing and rdflib errors alike
        raise QueryError(f"query failed: {first_line(exc)}") from None
    if result.type == "ASK":
        return Result((), (), bool(result.askAnswer))
    if result.type != "SELECT":
        raise QueryError(f"only SELECT and ASK queries are supported, not {result.type}")
    variables = tuple(str(v) for v in result.vars or ())
    rows = tuple(tuple(_cell(value) for value in row) for row in result)  # type: ignore[union-attr]
    return Result(variables, rows)


def _terms(bindings: Mapping[str, str]) -> dict[str, Any]:
    from rdflib import Literal, URIRef

    return {var: URIRef(v[1:-1]) if v.startswith("<") and v.endswith(">") else Literal(v)
            for var, v in bindings.items()}


def _cell(term) -> Cell | None:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return Cell(str(term), "literal", str(term.datatype or ""), term.language or "")
    return Cell(str(term), "bnode" if isinstance(term, BNode) else "uri")


def format_result(result: Result, fmt: str = "table") -> str:
    """The result as an aligned table, or CSV, TSV, JSON or XML (the SPARQL 1.1 results formats)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if result.boolean is not None and fmt in ("json", "xml"):
        return _json(result) if fmt == "json" else _xml(result)
    if result.boolean is not None:
        return str(result.boolean).lower() + "\n"
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](result)


def _table(result: Result) -> str:
    cells = [list(result.variables)] + [[str(v or "") for v in row] for row in result.cells]
    widths = [max(len(row[i]) for row in cells) for i in range(len(result.variables))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(result.cells)} row{'s' if len(result.cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as SPARQL 1.1 CSV asks
    writer.writerow(result.variables)
    writer.writerows([[str(v or "") for v in row] for row in result.cells])
    return buffer.getvalue()


def _tsv(result: Result) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_turtle(c) for c in row) for row in result.cells]
    return "\n".join(lines) + "\n"


def _turtle(cell: Cell | None) -> str:
    """A term as SPARQL 1.1 TSV writes it: ``<iri>``, ``_:b``, ``"text"^^<type>``."""
    if cell is None:
        return ""
    if cell.type == "uri":
        return f"<{cell.value}>"
    if cell.type == "bnode":
        return f"_:{cell.value}"
    text = (cell.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    if cell.lang:
        return f'"{text}"@{cell.lang}'
    if cell.datatype and cell.datatype != f"{_XSD}string":
        return f'"{text}"^^<{cell.datatype}>'
    return f'"{text}"'


def _json(result: Result) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    bindings = [{var: _binding(cell) for var, cell in zip(result.variables, row) if cell is not None}
                for row in result.cells]
    return json.dumps({"head": {"vars": list(result.variables)},
                       "results": {"bindings": bindings}}, indent=2, ensure_ascii=False) + "\n"


def _binding(cell: Cell) -> dict[str, str]:
    out = {"type": cell.type, "value": cell.value}
    if cell.datatype:
        out["datatype"] = cell.datatype
    if cell.lang:
        out["xml:lang"] = cell.lang
    return out


def _xml(result: Result) -> str:
    """SPARQL XML results; characters XML 1.0 cannot carry are left out, never written raw."""
    from xml.sax.saxutils import escape as escape_xml, quoteattr as quote_xml

    from kgraph.xmlchars import xml_text

    def escape(text: str) -> str:
        return escape_xml(xml_text(text))

    def quoteattr(text: str) -> str:
        return quote_xml(xml_text(text))

    lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
             "<head>"] + [f"<variable name={quoteattr(v)}/>" for v in result.variables] + ["</head>"]
    if result.boolean is not None:
        lines.append(f"<boolean>{str(result.boolean).lower()}</boolean>")
    else:
        lines.append("<results>")
        for row in result.cells:
            lines.append("<result>")
            for var, cell in zip(result.variables, row):
                if cell is not None:
                    lines.append(f"<binding name={quoteattr(var)}>{_xml_term(cell, escape)}</binding>")
            lines.append("</result>")
        lines.append("</results>")
    return "\n".join(lines + ["</sparql>"]) + "\n"


def _xml_term(cell: Cell, escape) -> str:
    if cell.type != "literal":
        return f"<{cell.type}>{escape(cell.value)}</{cell.type}>"
    attrs = f' xml:lang="{escape(cell.lang)}"' if cell.lang else \
        (f' datatype="{escape(cell.datatype)}"' if cell.datatype else "")
    return f"<literal{attrs}>{escape(cell.value)}</literal>"
