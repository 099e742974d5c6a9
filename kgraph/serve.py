"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, with Oxigraph as the engine.

``GET /sparql?query=...`` and ``POST /sparql`` (form or ``application/sparql-query``) answer
queries; SPARQL Update is refused. Queries run in a worker process holding an Oxigraph store,
so a query over the time limit is stopped for real: the worker is killed and started again.
Results longer than a cap are refused. pyoxigraph is an extra: ``pip install 'kgraph[sparql]'``.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from typing import Any, TYPE_CHECKING

from kgraph._serve_worker import RESULTS, TRIPLES, run
from kgraph.errors import UsageError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

__all__ = ["SparqlServer", "make_server", "serve", "negotiate",
           "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS"]

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1 << 20  # bytes of query text accepted

_log = logging.getLogger(__name__)


def negotiate(accept: str, offers: dict[str, str]) -> str | None:
    """The media type of ``offers`` that the ``Accept`` header prefers; None if none is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULTS)
    'application/sparql-results+json'
    >>> negotiate("", RESULTS)
    'application/sparql-results+json'
    """
    default = next(iter(offers))
    ranked = []
    for order, part in enumerate((accept or "*/*").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = next((float(p[2:]) for p in params if p.startswith("q=") and _is_float(p[2:])), 1.0)
        ranked.append((-q, order, media.lower()))
    for negq, _, media in sorted(ranked):
        if negq == 0:
            break
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            return default if prefix == "*" else next(
                (m for m in offers if m.startswith(prefix + "/")), None) or None
        if media in offers:
            return media
    return None


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class _Worker:
    """A process holding the Oxigraph store; killed and restarted when a query runs too long."""

    def __init__(self, graph_path: str, max_rows: int) -> None:
        self.graph_path, self.max_rows = graph_path, max_rows
        self.lock = threading.Lock()
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        self._start()

    def _start(self) -> Any:
        """Start the query engine process; returns the connection to it."""
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        conn, child = ctx.Pipe()
        process = ctx.Process(target=run, daemon=True,
                              args=(self.graph_path, child, self.max_rows))
        self.conn, self.process = conn, process
        process.start()
        child.close()
        if not conn.poll(120):
            self.close()
            raise UsageError(f"{self.graph_path}: the query engine did not start")
        status, message = conn.recv()
        if status != "ready":
            self.close()
            raise UsageError(message)
        return conn

    def run(self, query: str, media: str, timeout: float) -> tuple[int, str, bytes]:
        """``(status, content type, body)`` of the query, or a 503 after ``timeout`` seconds."""
        if not self.lock.acquire(timeout=timeout):
            return 503, "text/plain", b"the endpoint is busy; try again\n"
        try:
            conn = self.conn if self.conn is not None else self._start()  # start afresh after a stop
            conn.send((query, media))
            if conn.poll(timeout):
                return conn.recv()
            self.close()
            return 503, "text/plain", f"query stopped after {timeout:g} s\n".encode()
        except UsageError as exc:
            return 500, "text/plain", f"{exc}\n".encode()
        except (EOFError, OSError):  # the worker died (out of memory, say): start afresh next time
            self.close()
            return 500, "text/plain", b"the query engine stopped; try again\n"
        finally:
            self.lock.release()

    def close(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server answering SPARQL queries at ``/sparql``; ``close()`` stops the worker."""

    daemon_threads = True

    def __init__(self, graph_path: str | os.PathLike[str], *, host: str = "127.0.0.1",
                 port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT,
                 max_rows: int = DEFAULT_MAX_ROWS, log: Callable[[str], None] | None = None):
        if not Path(graph_path).is_file():
            raise UsageError(f"no such graph file: {graph_path}")
        if not 0 <= port <= 65535:
            raise UsageError(f"a port is 0 to 65535, not {port}")
        if not (timeout > 0 and max_rows > 0):
            raise UsageError(f"timeout and max_rows must be above 0, not {timeout} and {max_rows}")
        self.query_timeout, self.log = timeout, log or _log.info
        self.worker = _Worker(str(graph_path), max_rows)
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            self.worker.close()
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None

    @property
    def url(self) -> str:
        """The endpoint's address, ``http://HOST:PORT/sparql``."""
        host, port = self.server_address[0], self.server_address[1]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}/sparql"

    def close(self) -> None:
        """Stop listening and stop the worker process."""
        self.server_close()
        self.worker.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kgraph-sparql"

    def do_GET(self) -> None:  # noqa: N802 - the http.server convention
        parts = urlsplit(self.path)
        if parts.path != "/sparql":
            return self._not_found(parts.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        self._answer(params.get("query", [None])[0], "update" in params)

    def do_POST(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        if parts.path != "/sparql":
            return self._not_found(parts.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._send(413, "text/plain", f"request over {MAX_BODY} bytes\n".encode())
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            return self._answer(None, True)
        if kind == "application/sparql-query":
            return self._answer(body, False)
        params = parse_qs(body, keep_blank_values=True)
        params.update(parse_qs(parts.query, keep_blank_values=True))
        self._answer(params.get("query", [None])[0], "update" in params)

    def do_PUT(self) -> None:  # noqa: N802
        self._send(405, "text/plain", b"read-only endpoint: only GET and POST of queries\n",
                   {"Allow": "GET, POST"})

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _answer(self, query: str | None, update: bool) -> None:
        if update:
            return self._send(403, "text/plain", b"read-only endpoint: SPARQL Update is refused\n")
        if not query:
            return self._send(400, "text/plain", b"give a query: /sparql?query=...\n")
        accept = self.headers.get("Accept", "")
        media = negotiate(accept, RESULTS), negotiate(accept, TRIPLES)
        status, ctype, body = self.server.worker.run(query, "|".join(m or "" for m in media),
                                                     self.server.query_timeout)
        self._send(status, ctype, body)

    def _not_found(self, path: str) -> None:
        self._send(404, "text/plain", f"no {path} here; the endpoint is /sparql\n".encode())

    def _send(self, status: int, ctype: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype if "charset" in ctype or "/" not in ctype
                         else f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        self.server.log(f"{self.address_string()} {format % args}")


def make_server(graph_path: str | os.PathLike[str], *, host: str = "127.0.0.1",
                port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT,
                max_rows: int = DEFAULT_MAX_ROWS,
                log: Callable[[str], None] | None = None) -> SparqlServer:
    """A :class:`SparqlServer` for ``graph_path``, listening but not yet serving.

    Call ``serve_forever()`` (in a thread if need be), then ``shutdown()`` and ``close()``.

    Raises
    ------
    UsageError
        When the graph is missing or unreadable, pyoxigraph is not installed, or the port is taken.
    """
    return SparqlServer(graph_path, host=host, port=port, timeout=timeout, max_rows=max_rows,
                        log=log)


def serve(graph_path: str | os.PathLike[str], *, host: str = "127.0.0.1",
          port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT,
          max_rows: int = DEFAULT_MAX_ROWS, log: Callable[[str], None] | None = None) -> None:
    """Serve ``graph_path`` at ``http://HOST:PORT/sparql`` until interrupted (Ctrl-C)."""
    server = make_server(graph_path, host=host, port=port, timeout=timeout, max_rows=max_rows,
                         log=log)
    (log or _log.warning)(f"serving {server.url} (read-only; Ctrl-C stops)")
    previous = _stop_on_sigterm()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm():
    """Let ``kill`` stop the server as Ctrl-C does (background jobs may ignore SIGINT)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)
