"""kgraph serve: a read-only SPARQL endpoint on loopback, queried with curl and urllib.

The server runs as the real command in a subprocess on a free port (``--port 0``), every
request has a timeout, and the fixture always stops it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytest.importorskip("pyoxigraph")

FILES = ("PREFIX kg: <https://w3id.org/kgraph/ontology#> "
         "SELECT ?file WHERE { ?d kg:sourceFile ?file } ORDER BY ?file")
INSERT = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
INSERTED = "ASK { <urn:x:a> <urn:x:b> <urn:x:c> }"


@pytest.fixture(scope="module")
def endpoint(seeds_build):
    """The URL of ``kgraph serve`` over the seeds graph; the server is stopped afterwards."""
    _, out, _ = seeds_build
    process = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "serve", str(out / "graph.ttl"), "--port", "0",
         "--timeout", "2", "--max-rows", "100"],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(process.stderr.readline()), daemon=True)
    reader.start()
    reader.join(60)
    try:
        assert first and first[0].startswith("serving http://127.0.0.1:"), first
        yield first[0].split()[1]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        process.stderr.close()


def _get(url: str, query: str, accept: str = "", data: bytes | None = None,
         content_type: str = "") -> tuple[int, str, bytes]:
    target = url if data is not None else f"{url}?{urllib.parse.urlencode({'query': query})}"
    request = urllib.request.Request(target, data=data, headers={
        k: v for k, v in (("Accept", accept), ("Content-Type", content_type)) if v})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_gets_sparql_json_and_an_update_is_refused(endpoint):
    curl = ["curl", "-s", "--noproxy", "*", "--max-time", "15", "-w", "\n%{http_code}"]
    done = subprocess.run(curl + ["-G", endpoint, "--data-urlencode", f"query={FILES}"],
                          capture_output=True, text=True, timeout=30)
    body, status = done.stdout.rsplit("\n", 1)
    assert status == "200"
    files = [b["file"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert len(files) == 5 and files[0] == "000_06dd40ccfc345e7d.txt"
    done = subprocess.run(curl + ["-X", "POST", "-H", "Content-Type: application/sparql-update",
                                  "--data", INSERT, endpoint],
                          capture_output=True, text=True, timeout=30)
    body, status = done.stdout.rsplit("\n", 1)
    assert status == "403" and "SPARQL Update is refused" in body


@pytest.mark.parametrize(("how", "data", "content_type"), [
    ("form update=", urllib.parse.urlencode({"update": INSERT}).encode(),
     "application/x-www-form-urlencoded"),
    ("update as query=", urllib.parse.urlencode({"query": INSERT}).encode(),
     "application/x-www-form-urlencoded"),
    ("sparql-update body", INSERT.encode(), "application/sparql-update"),
])
def test_every_way_of_sending_an_update_is_refused(endpoint, how, data, content_type):
    status, _, body = _get(endpoint, "", data=data, content_type=content_type)
    assert status == 403, how
    status, _, body = _get(endpoint, INSERTED)
    assert status == 200 and json.loads(body)["boolean"] is False


def test_results_follow_the_accept_header(endpoint):
    import pyoxigraph as ox

    for accept, kind in (("text/csv", None), ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
                         ("application/sparql-results+xml", ox.QueryResultsFormat.XML)):
        status, ctype, body = _get(endpoint, FILES, accept=accept)
        assert status == 200 and ctype.startswith(accept)
        if kind is None:
            assert body.decode().splitlines()[:2] == ["file", "000_06dd40ccfc345e7d.txt"]
        else:
            rows = list(ox.parse_query_results(body, format=kind))
            assert rows[0]["file"].value == "000_06dd40ccfc345e7d.txt" and len(rows) == 5
    status, ctype, body = _get(endpoint, "CONSTRUCT WHERE { ?d <https://w3id.org/kgraph/"
                                         "ontology#sourceFile> ?f }",
                               accept="application/n-triples")
    assert status == 200 and len(body.decode().strip().splitlines()) == 5
    assert _get(endpoint, FILES, accept="image/png")[0] == 406


def test_long_queries_are_stopped_and_the_endpoint_recovers(endpoint):
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = _get(endpoint, cross)
    assert status == 503 and b"stopped after 2 s" in body
    assert _get(endpoint, FILES)[0] == 200


def test_results_over_the_cap_and_bad_requests_are_refused(endpoint):
    status, _, body = _get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400 and b"over 100 rows" in body
    assert _get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 100")[0] == 200
    assert _get(endpoint, "SELECT nonsense")[0] == 400
    assert _get(endpoint.replace("/sparql", "/other"), FILES)[0] == 404
