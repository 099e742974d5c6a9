"""The query process behind ``kgraph serve``: an Oxigraph store answering over a pipe.

It receives ``(query, "results-media|triples-media")`` and sends back
``(status, content type, body)``. It only ever calls ``Store.query``, never ``update``.
"""

from __future__ import annotations

import signal

__all__ = ["run", "answer"]


def run(graph_path: str, conn, max_rows: int) -> None:
    """Load ``graph_path`` into a store, say ``("ready", "")``, then answer until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us; Ctrl-C is for it
    try:
        import pyoxigraph as ox

        store = ox.Store()
        with open(graph_path, "rb") as handle:
            store.bulk_load(handle, ox.RdfFormat.TURTLE)
    except ImportError:
        conn.send(("error", "pyoxigraph is not installed: pip install 'kgraph[sparql]'"))
        return
    except (OSError, SyntaxError, ValueError) as exc:
        conn.send(("error", f"{graph_path}: not a Turtle file: {str(exc).splitlines()[0]}"))
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
        return 400, "text/plain", f"query does not parse: {str(exc).splitlines()[0]}\n".encode()
    except OSError as exc:
        return 500, "text/plain", f"query failed: {exc}\n".encode()
    except _TooLong:
        return 400, "text/plain", (f"result over {max_rows} rows: narrow the query or add a "
                                   f"LIMIT\n").encode()


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
    from kgraph.serve import RESULTS

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

    from kgraph.serve import TRIPLES

    if not media:
        return 406, "text/plain", f"acceptable graph types: {', '.join(TRIPLES)}\n".encode()
    triples = _capped(result, max_rows)
    body = ox.serialize(triples, format=getattr(ox.RdfFormat, TRIPLES[media])) or b""
    return 200, media, body
