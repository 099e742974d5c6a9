"""The query process behind ``kgraph serve``: an Oxigraph store answering over a pipe.

It receives ``(query, "results-media|triples-media")`` and sends back
``(status, content type, body)``. It only ever calls ``Store.query``, never ``update``.
"""

from __future__ import annotations

import signal

__all__ = ["run", "answer", "is_update", "RESULTS", "TRIPLES"]

# What the endpoint answers in: media type -> SPARQL results format, or pyoxigraph RDF format.
RESULTS = {"application/sparql-results+json": "json", "application/json": "json",
           "application/sparql-results+xml": "xml", "application/xml": "xml",
           "text/csv": "csv", "text/tab-separated-values": "tsv"}
TRIPLES = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES",
           "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD",
           "text/plain": "N_TRIPLES"}


def run(graph_path: str, conn, max_rows: int) -> None:
    """Load ``graph_path`` into a store, say ``("ready", "")``, then answer until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us; Ctrl-C is for it
    from kgraph.errors import UsageError
    from kgraph.rdfio import turtle_store

    try:
        store = turtle_store(graph_path)
    except ImportError:
        conn.send(("error", "pyoxigraph is not installed: pip install 'kgraph[sparql]'"))
        return
    except UsageError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            query, media = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, query, media, max_rows))


def answer(store, query: str, media: str, max_rows: int) -> tuple[int, str, bytes]:
    """Run ``query`` on ``store``; the body in the negotiated media type, or an error."""
    import pyoxigraph as ox

    results_media, _, triples_media = media.partition("|")
    try:
        result = store.query(query)
        if isinstance(result, ox.QueryTriples):
            return _triples(result, triples_media, max_rows)
        return _solutions(result, results_media, max_rows)
    except SyntaxError as exc:
        if is_update(query):
            return 403, "text/plain", b"read-only endpoint: SPARQL Update is refused\n"
        return 400, "text/plain", f"query does not parse: {str(exc).splitlines()[0]}\n".encode()
    except OSError as exc:
        return 500, "text/plain", f"query failed: {exc}\n".encode()
    except _TooLong:
        return 400, "text/plain", (f"result over {max_rows} rows: narrow the query or add a "
                                   f"LIMIT\n").encode()


def is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL 1.1 Update (parsed only, never run).

    Oxigraph's query parser rejects an update; rdflib's update parser tells it from a
    query that is merely wrong, whatever its prologue, comments or case.

    >>> is_update("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> INSERT DATA { <a:b> rdfs:label 'x' }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p }")
    False
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # pyparsing's errors, and rdflib's on a bad IRI or prefix
        return False
    return True


class _TooLong(Exception):
    pass


def _capped(items, max_rows: int) -> list:
    rows: list[object] = []
    for item in items:
        if len(rows) == max_rows:
            raise _TooLong
        rows.append(item)
    return rows


def _solutions(result, media: str, max_rows: int) -> tuple[int, str, bytes]:
    import pyoxigraph as ox

    from kgraph.query import Result, format_result

    if not media:
        return 406, "text/plain", f"acceptable result types: {', '.join(RESULTS)}\n".encode()
    if isinstance(result, ox.QueryBoolean):
        body = format_result(Result((), (), bool(result)), RESULTS[media])
        return 200, media, body.encode()
    variables = tuple(v.value for v in result.variables)
    rows = tuple(tuple(_cell(row[v]) for v in variables) for row in _capped(result, max_rows))
    return 200, media, format_result(Result(variables, rows), RESULTS[media]).encode()


def _cell(term):
    import pyoxigraph as ox

    from kgraph.query import Cell

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = "" if term.language else term.datatype.value
        datatype = "" if datatype.endswith("#string") else datatype
        return Cell(term.value, "literal", datatype, term.language or "")
    return Cell(term.value, "bnode" if isinstance(term, ox.BlankNode) else "uri")


def _triples(result, media: str, max_rows: int) -> tuple[int, str, bytes]:
    import pyoxigraph as ox


    if not media:
        return 406, "text/plain", f"acceptable graph types: {', '.join(TRIPLES)}\n".encode()
    triples = _capped(result, max_rows)
    if TRIPLES[media] == "RDF_XML":  # XML 1.0 cannot carry U+0001, even as &#1;
        triples = [_xml_safe(t) for t in triples]
    try:
        body = ox.serialize(triples, format=getattr(ox.RdfFormat, TRIPLES[media])) or b""
    except (ValueError, OSError) as exc:  # a predicate RDF/XML cannot write as an element
        return 406, "text/plain", f"cannot write this graph as {media}: {exc}\n".encode()
    return 200, media, body


def _xml_safe(triple):
    import pyoxigraph as ox

    from kgraph.xmlchars import FORBIDDEN, xml_text

    value = triple.object
    if not isinstance(value, ox.Literal) or not FORBIDDEN.search(value.value):
        return triple
    text = xml_text(value.value)
    literal = (ox.Literal(text, language=value.language) if value.language
               else ox.Literal(text, datatype=value.datatype))
    return ox.Triple(triple.subject, triple.predicate, literal)
