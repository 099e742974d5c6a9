"""Nothing lost, nothing broken: hostile input, valid output, byte-identical rebuilds."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kgraph
from kgraph.cli import main
from kgraph.ingest import DEFAULT_MAX_FILE_SIZE
from kgraph.pipeline import write_outputs

HOSTILE = Path(__file__).parent / "data" / "hostile"


def _input_files(folder: Path) -> list[Path]:
    """What a user counts: .md and .txt files, hidden ones aside (found without kgraph)."""
    return [Path(root) / name for root, _, files in os.walk(folder)
            for name in files if name.endswith((".md", ".txt")) and not name.startswith(".")]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, seeds_dir, shared_news):
    """Seeds, the shared news corpus when present, and the hostile fixtures, with a link loop."""
    folder = tmp_path_factory.mktemp("mixed") / "in"
    shutil.copytree(seeds_dir, folder / "seeds")
    shutil.copytree(HOSTILE, folder / "hostile")
    if shared_news is not None:
        shutil.copytree(shared_news, folder / "news")
    with open(folder / "hostile" / "too-big.txt", "wb") as big:  # sparse: over 20 MB, unread
        big.truncate(DEFAULT_MAX_FILE_SIZE + 1)
    (folder / "hostile" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "hostile" / "self-link.md").symlink_to(folder / "hostile" / "self-link.md")
    return folder


@pytest.fixture(scope="module")
def mixed_build(mixed, tmp_path_factory):
    """Built by the CLI with two workers and batches of four files: with the seeds and the
    hostile files alone too, both workers read and extract."""
    out = tmp_path_factory.mktemp("mixed-out")
    code = main(["build", str(mixed), "-o", str(out), "--no-cache", "-q", "--workers", "2",
                 "--batch-size", "4", "--format", "ttl,nt,jsonld,graphml"])
    return code, out, json.loads((out / "report.json").read_text())


def test_hostile_input_never_stops_the_build(mixed_build):
    code, _, report = mixed_build
    assert code == 0
    assert report["documents"] >= 5 + 10


def test_every_file_is_a_document_or_a_skip_with_a_reason(mixed, mixed_build):
    _, out, report = mixed_build
    files = _input_files(mixed)
    assert report["documents"] + len(report["skipped"]) == len(files)
    skipped = {Path(s["file"]).name for s in report["skipped"]}
    store = ox.Store()
    with open(out / "graph.ttl", "rb") as handle:
        store.bulk_load(handle, ox.RdfFormat.TURTLE)
    in_graph = {row["f"].value for row in store.query(
        "SELECT ?f WHERE { ?d <https://w3id.org/kgraph/ontology#sourceFile> ?f }")}
    assert {p.name for p in files} == in_graph | skipped
    assert not in_graph & skipped
    for skip in report["skipped"]:
        assert skip["reason"] and "\n" not in skip["reason"]


@pytest.mark.parametrize("name, reason", [
    ("bad-yaml.md", "not valid YAML"), ("no-closing-fence.md", "no closing"),
    ("missing-title.md", "no 'title'"), ("empty.md", "empty file"), ("binary.md", "not a document: PNG image"),
    ("not-text.txt", "not UTF-8"), ("duplicate-b.md", "duplicate of"),
    ("surrogates.md", "not valid YAML"), ("self-link.md", "cannot read"),
    ("bad-tagged-value.md", "value that cannot be read"),
    ("too-big.txt", "over the 20,000,000-byte limit"),
])
def test_each_bad_file_has_its_reason(mixed_build, name, reason):
    reasons = {Path(s["file"]).name: s["reason"] for s in mixed_build[2]["skipped"]}
    assert reason in reasons[name]


def test_honest_readings_are_noted(mixed_build):
    notes = {(n["file"], n["note"]) for n in mixed_build[2]["notes"]}
    assert ("windows-1252.txt", "not UTF-8; read as Windows-1252") in notes
    assert any(f == "same-url-2.md" and "merged" in n for f, n in notes)
    assert any(f == "odd-dates.md" and "last Tuesday" in n for f, n in notes)
    # dates that exist, but not in UTC (before year 1, after 9999): noted, left out
    out_of_range = {n for f, n in notes if f == "dates-out-of-range.md"}
    assert any("0001-01-01T00:00:00+05:00" in n for n in out_of_range)
    assert any("9999-12-31T23:00:00-05:00" in n for n in out_of_range)
    # a date that YAML reads as one but that does not exist: the document stays, noted
    assert any(f == "impossible-date.md" and "2020-02-30" in n for f, n in notes)


def test_fields_of_the_wrong_type_still_give_a_document(mixed_build):
    text = (mixed_build[1] / "graph.ttl").read_text(encoding="utf-8")
    assert '"12345"' in text  # a number as title
    assert "A related item given as a mapping" in text
    assert '"2021-12-03T02:54:00Z"^^xsd:dateTime' in text  # an RFC 2822 date
    assert "A URL with a broken IPv6 host" in text  # its URL does not split; still a document


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize("syntax, name", [("turtle", "graph.ttl"), ("ntriples", "graph.nt")])
def test_rapper_parses_the_mixed_graph(mixed_build, syntax, name):
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(mixed_build[1] / name)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    triples = int(done.stderr.rsplit("returned ", 1)[1].split()[0])
    assert triples == mixed_build[2]["triples"]


def test_the_mixed_graph_conforms_to_its_own_shapes(mixed_build, capsys):
    pytest.importorskip("pyshacl", reason="pySHACL (the sparql extra) is not installed")
    assert main(["validate", str(mixed_build[1] / "graph.ttl")]) == 0, capsys.readouterr().out


def test_control_characters_are_removed_and_noted(mixed_build):
    _, out, report = mixed_build
    noted = {n["file"] for n in report["notes"] if "XML cannot carry" in n["note"]}
    assert {"control-characters.md", "hostile-title.md"} <= noted
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml"):
        text = (out / name).read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text), name
        assert "\\u0001" not in text and "&#1;" not in text and "\\x01" not in text
    titles = _store(out).query("SELECT ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }")
    assert "Control characters  in the title,  escaped" in {row["t"].value for row in titles}


def test_only_absolute_web_urls_become_schema_url(mixed_build):
    _, out, report = mixed_build
    store = _store(out)
    urls = [row["u"] for row in store.query("SELECT ?u WHERE { ?d <https://schema.org/url> ?u }")]
    assert urls and all(re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", u.value) for u in urls)
    assert {u.datatype.value for u in urls} == {"http://www.w3.org/2001/XMLSchema#anyURI"}
    turtle = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "javascript" not in turtle and "[bad" not in turtle  # news items and notes alike
    assert "https://example.org/notes/parsed" in {u.value for u in urls}  # the next URL field
    notes = [n["note"] for n in report["notes"] if n["file"] == "script-urls.md"]
    for given in ("javascript:alert(1)", "javascript:alert(document.cookie)", "/news/item-3"):
        assert any(repr(given) in n and "not an absolute http(s) URL" in n for n in notes), given
    # a related item without a URL is kept, known by its title and provider, and related to
    related = store.query("""SELECT ?r WHERE { ?d <https://w3id.org/kgraph/ontology#relatedTo> ?r .
        ?r <http://purl.org/dc/terms/title> "A related item with no URL" }""")
    assert len(list(related)) == 1


def test_graphml_reads_in_networkx_and_igraph(mixed_build):
    import networkx as nx

    path = mixed_build[1] / "graph.graphml"
    graph = nx.read_graphml(path)
    titles = {data.get("title") for _, data in graph.nodes(data=True)}
    assert "Control characters  in the title,  escaped" in titles
    igraph = pytest.importorskip("igraph", reason="igraph is not installed (the test extra)")
    other = igraph.Graph.Read_GraphML(str(path))
    assert (other.vcount(), other.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())


def test_sparql_xml_results_parse_in_xml_etree(mixed_build, capsys):
    import xml.etree.ElementTree as ET

    graph = mixed_build[1] / "graph.ttl"
    query = "SELECT ?d ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }"
    assert main(["query", str(graph), "--format", "xml", query]) == 0
    root = ET.fromstring(capsys.readouterr().out)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    titles = {e.text for e in root.iter(f"{ns}literal")}
    expected = {row["t"].value for row in _store(mixed_build[1]).query(query)}
    assert titles == expected and "Control characters  in the title,  escaped" in titles


def test_pyld_expands_the_jsonld_without_the_network(mixed_build):
    jsonld = pytest.importorskip("pyld.jsonld", reason="PyLD is not installed (the test extra)")

    def no_network(url, options=None):
        raise AssertionError(f"PyLD tried to fetch {url}")

    data = json.loads((mixed_build[1] / "graph.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(data, {"documentLoader": no_network})
    subjects = {node["@id"] for node in expanded}
    assert len(subjects) == len({row["s"].value for row in _store(mixed_build[1]).query(
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o }")})
    assert any("http://purl.org/dc/terms/title" in node for node in expanded)


def _store(out: Path) -> ox.Store:
    store = ox.Store()
    with open(out / "graph.ttl", "rb") as handle:
        store.bulk_load(handle, ox.RdfFormat.TURTLE)
    return store


def test_worker_count_and_working_directory_do_not_change_a_byte(mixed, mixed_build, tmp_path,
                                                                 monkeypatch):
    _, first, report = mixed_build
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").symlink_to(mixed, target_is_directory=True)
    kg = kgraph.build([Path("elsewhere")], workers=1)
    kg.write_turtle(tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == (first / "graph.ttl").read_bytes()
    assert report["workers"] == 2 and kg.report["workers"] == 1
    other = {k: v for k, v in kg.report.items() if k not in ("seconds", "workers", "skipped")}
    assert other == {k: v for k, v in report.items()
                     if k not in ("seconds", "workers", "skipped", "triples")}


def test_an_interrupted_export_leaves_the_previous_output_whole(seeds_build, mixed_build,
                                                                tmp_path, monkeypatch):
    kg, _, _ = seeds_build
    shutil.copytree(mixed_build[1], tmp_path / "out")  # a previous build of other input
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("kgraph.export.html.write_html", crash)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(kg, tmp_path / "out")
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert after == before  # no half-written file, no temporary left behind


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
_yaml_value = st.one_of(_text, st.integers(), st.none(), st.lists(_text, max_size=3),
                        st.dictionaries(st.sampled_from(["name", "domain", "title"]), _text,
                                        max_size=2))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=st.dictionaries(
    st.sampled_from(["title", "excerpt", "provider", "topics", "related", "publishedDateTime",
                     "webUrl", "originalUrl", "videoId"]), _yaml_value, max_size=8),
    body=_text)
def test_random_front_matter_builds_and_reparses(tmp_path_factory, meta, body):
    import yaml

    folder = tmp_path_factory.mktemp("random")
    meta.setdefault("title", "fallback title")
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    (folder / "doc.md").write_text(text, encoding="utf-8")
    (folder / "anchor.md").write_text("---\ntitle: An anchor document\n---\n")
    kg = kgraph.build([folder], workers=1)
    kg.write_turtle(folder / "graph.ttl")
    store = ox.Store()
    with open(folder / "graph.ttl", "rb") as handle:
        store.bulk_load(handle, ox.RdfFormat.TURTLE)
    assert len(store) > 0
    assert kg.report["documents"] + len(kg.report["skipped"]) == 2


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_files_over_the_size_limit_are_reported_whoever_reads_them(seeds_dir, tmp_path, cache):
    limit = 4_000
    big = {p.name for p in seeds_dir.iterdir() if p.stat().st_size > limit}
    assert 0 < len(big) < len(list(seeds_dir.iterdir()))
    args = ["build", str(seeds_dir), "-o", str(tmp_path), "-q", "--workers", "2",
            "--batch-size", "2", "--max-file-size", str(limit), *([] if cache else ["--no-cache"])]
    assert main(args) == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert {Path(s["file"]).name for s in report["skipped"]} == big
    assert all("over the 4,000-byte limit" in s["reason"] for s in report["skipped"])
    assert report["documents"] == len(list(seeds_dir.iterdir())) - len(big)
    assert report["workers"] == 2
