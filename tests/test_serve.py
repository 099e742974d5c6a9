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
    ("query= with a PREFIX whose IRI holds #", urllib.parse.urlencode({"query": (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "INSERT DATA { <urn:x:a> rdfs:label 'x' }")}).encode(), "application/x-www-form-urlencoded"),
    ("sparql-query body with a comment, in lower case", (
        "# add one\nprefix x: <urn:x:> insert data { x:a x:b x:c }").encode(),
     "application/sparql-query"),
    ("query= of two operations", urllib.parse.urlencode({"query": (
        "CLEAR DEFAULT ; LOAD <http://example.org/x.ttl>")}).encode(),
     "application/x-www-form-urlencoded"),
    ("query= DELETE WHERE", urllib.parse.urlencode({"query": (
        "DELETE WHERE { ?s ?p ?o }")}).encode(), "application/x-www-form-urlencoded"),
    ("query= WITH ... DELETE ... INSERT", urllib.parse.urlencode({"query": (
        "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }")}).encode(),
     "application/x-www-form-urlencoded"),
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


def test_a_query_that_does_not_parse_is_400_not_403(endpoint):
    status, _, body = _get(endpoint, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELEKT ?x")
    assert status == 400 and b"does not parse" in body


@pytest.mark.parametrize(("accept", "media"), [
    ("application/rdf+xml", "application/rdf+xml"), ("application/ld+json", "application/ld+json"),
    ("text/turtle", "text/turtle")])
def test_construct_and_describe_in_every_rdf_format(endpoint, accept, media):
    import rdflib

    formats = {"application/rdf+xml": "xml", "application/ld+json": "json-ld", "text/turtle": "turtle"}
    for query in ("CONSTRUCT WHERE { ?d <https://w3id.org/kgraph/ontology#sourceFile> ?f }",
                  "DESCRIBE ?d WHERE { ?d <https://w3id.org/kgraph/ontology#sourceFile> "
                  "'000_06dd40ccfc345e7d.txt' }"):
        status, ctype, body = _get(endpoint, query, accept=accept)
        assert status == 200 and ctype.startswith(media), (query, status, body[:200])
        graph = rdflib.Graph().parse(data=body, format=formats[media])
        assert len(graph) >= (5 if query.startswith("CONSTRUCT") else 3)


# Real clients: SPARQLWrapper (the Python library most scripts use) and roqet (Rasqal).

@pytest.fixture
def wrapper(endpoint, monkeypatch):
    sparqlwrapper = pytest.importorskip("SPARQLWrapper",
                                        reason="SPARQLWrapper is not installed (the test extra)")
    monkeypatch.setenv("no_proxy", "127.0.0.1")  # loopback: never through a proxy
    return sparqlwrapper, sparqlwrapper.SPARQLWrapper(endpoint)


def test_sparqlwrapper_selects_and_asks(wrapper):
    sw, client = wrapper
    client.setQuery(FILES)
    client.setReturnFormat(sw.JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["file"]["value"] for r in rows][:1] == ["000_06dd40ccfc345e7d.txt"] and len(rows) == 5
    client.setReturnFormat(sw.XML)
    assert len(client.query().convert().getElementsByTagName("result")) == 5
    client.setQuery("ASK { ?d <https://w3id.org/kgraph/ontology#sourceFile> '000_06dd40ccfc345e7d.txt' }")
    client.setReturnFormat(sw.JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize("form", ["XML", "TURTLE", "JSONLD", "N3"])
def test_sparqlwrapper_gets_construct_in_each_format_it_asks_for(wrapper, form):
    import rdflib

    sw, client = wrapper
    client.setQuery("CONSTRUCT WHERE { ?d <https://w3id.org/kgraph/ontology#sourceFile> ?f }")
    client.setReturnFormat(getattr(sw, form))  # XML, its default, asks for RDF/XML
    result = client.query().convert()
    graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(
        data=result, format="turtle")
    assert len(graph) == 5


def test_sparqlwrapper_update_is_refused(wrapper):
    sw, client = wrapper
    client.setMethod(sw.POST)
    client.setQuery(f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> {INSERT}")
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403


@pytest.mark.skipif(shutil.which("roqet") is None, reason="roqet (Debian rasqal-utils) not installed")
def test_roqet_selects_and_cannot_update(endpoint):
    def roqet(query: str, *options: str) -> subprocess.CompletedProcess:
        return subprocess.run(["roqet", "-p", endpoint, "-e", query, *options], capture_output=True,
                              text=True, timeout=60, env={**os.environ, "no_proxy": "127.0.0.1"})

    done = roqet(FILES, "-r", "csv")
    assert done.stdout.splitlines()[:2] == ["file", "000_06dd40ccfc345e7d.txt"], done.stderr
    assert len(done.stdout.splitlines()) == 6
    done = roqet(FILES, "-r", "xml")  # its SPARQL XML results writer, reading ours
    assert done.stdout.count("<result>") == 5, done.stderr
    done = roqet(f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> {INSERT}")
    assert "403" in done.stderr
    _, _, body = _get(endpoint, INSERTED)
    assert json.loads(body)["boolean"] is False
