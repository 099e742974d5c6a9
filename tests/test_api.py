"""The Python API: what ``import kgraph`` offers, and the questions a notebook asks the graph."""

from __future__ import annotations

import dataclasses
import inspect
import os
import re
import subprocess
import sys
import types
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

import kgraph
import pytest
from kgraph.ingest import read_paths
from kgraph.network import undirected
from kgraph.records import Document

ROOT = Path(__file__).resolve().parent.parent
CNN = "https://w3id.org/kgraph/vocab/technique/convolutional-neural-network"
PAPER = "Deep learning-enabled medical computer vision"


@pytest.fixture(scope="module")
def kg(seeds_build) -> kgraph.KnowledgeGraph:
    return seeds_build[0]


# -- the public surface --------------------------------------------------------

def test_all_lists_exactly_the_public_names():
    assert sorted(kgraph.__all__) == sorted([
        "build", "load", "KnowledgeGraph", "Table",
        "EntityInfo", "DocumentInfo", "MentionInfo", "DocumentHit", "RelatedDocument",
        "Cooccurrence", "Neighbor", "Score", "Community",
        "KgraphError", "UsageError", "NoInputError", "VocabularyError", "QueryError",
        "UnknownNodeError", "MissingDependencyError",
    ])
    assert all(hasattr(kgraph, name) for name in kgraph.__all__)
    from kgraph.export.from_rdf import load
    from kgraph.pipeline import build

    assert kgraph.build is build and kgraph.load is load
    assert all(issubclass(getattr(kgraph, n), kgraph.KgraphError)
               for n in kgraph.__all__ if n.endswith("Error"))


def test_build_takes_the_cli_build_options_as_keywords():
    from kgraph.cli import _parser

    commands = next(a for a in _parser()._actions if a.dest == "command")
    options = {a.dest for a in commands.choices["build"]._actions if a.option_strings}
    output_only = {"help", "output", "format", "max_nodes", "no_cache", "quiet"}
    keywords = set(inspect.signature(kgraph.build).parameters)
    assert options - output_only <= keywords


def test_results_are_frozen_records():
    for name in ("EntityInfo", "DocumentInfo", "MentionInfo", "DocumentHit", "RelatedDocument",
                 "Cooccurrence", "Neighbor", "Score", "Community"):
        record = getattr(kgraph, name)
        assert dataclasses.is_dataclass(record) and record.__dataclass_params__.frozen, name


def test_the_package_is_typed_and_mypy_is_clean():
    pytest.importorskip("mypy")
    assert (ROOT / "kgraph" / "py.typed").is_file()
    result = subprocess.run([sys.executable, "-m", "mypy", "kgraph"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


# -- naming a node ----------------------------------------------------------

@pytest.mark.parametrize("name", ["CNN", "CNNs", "convolutional neural network",
                                  "Convolutional Neural Network", CNN])
def test_an_entity_is_named_by_label_alternative_label_or_iri(kg, name):
    assert kg.resolve(name) == CNN


def test_an_unknown_name_suggests_close_labels(kg):
    with pytest.raises(kgraph.UnknownNodeError, match="did you mean 'radiology'"):
        kg.mentions("radiolgy")
    with pytest.raises(kgraph.KgraphError):
        kg.neighbors("no such thing at all")


# -- questions ----------------------------------------------------------------

def test_entities_count_every_mention(kg, seeds_build):
    entities = kg.entities()
    assert {e.type for e in entities} == {"Specialty", "Technique", "Organization"}
    assert [e.mentions for e in entities] == sorted((e.mentions for e in entities), reverse=True)
    assert sum(e.mentions for e in entities) == seeds_build[2]["mentions"]
    with pytest.raises(kgraph.UsageError, match="unknown type"):
        kg.entities("Specialties")


def test_documents_about_dermatology_are_the_video_note_and_the_paper(kg):
    found = kg.documents_about("dermatology")
    assert {(d.kind, d.source_file) for d in found} == {
        ("Video", "002_95124a73692d996a.txt"), ("Paper", "003_5bb0a64cbfb0c76e.txt")}
    assert [d.mentions for d in found] == sorted((d.mentions for d in found), reverse=True)


def test_mentions_give_the_words_at_their_offsets_in_the_original_text(kg, seeds_dir):
    found = kg.mentions("CNN")
    assert found and {m.title for m in found} == {PAPER}
    paper = next(d for d in read_paths([seeds_dir / "003_5bb0a64cbfb0c76e.txt"])
                 if isinstance(d, Document))
    for m in found:
        assert paper.unit(m.field).text[m.start:m.end] == m.quote
        assert " ".join(m.quote.split()) in m.sentence


def test_a_video_mention_links_to_its_moment(kg):
    video = [m for m in kg.mentions("dermatology") if m.title.startswith("Machine learning")]
    assert video and all(re.fullmatch(r"https://www\.youtube\.com/watch\?v=\w+&t=\d+s", m.link)
                         for m in video)


def test_cooccurrence_counts_the_documents_that_mention_both(kg):
    pairs = kg.cooccurrence("Technique", "Specialty")
    for p in pairs[:20]:
        both = ({d.iri for d in kg.documents_about(p.a_iri)}
                & {d.iri for d in kg.documents_about(p.b_iri)})
        assert p.documents == len(both) > 0
    top = [(p.a, p.b) for p in pairs[:10]]
    assert any(b == "radiology" and a in ("deep learning", "convolutional neural network")
               for a, b in top), top


def test_cooccurrence_of_one_type_lists_each_pair_once(kg):
    pairs = [(p.a_iri, p.b_iri) for p in kg.cooccurrence("Specialty", "Specialty")]
    assert pairs and all(a < b for a, b in pairs) and len(set(pairs)) == len(pairs)


def test_related_lists_linked_items_first(kg):
    article = "The Future of Healthcare AI Depends on Data"
    related = kg.related(article)
    linked = [r for r in related if r.linked]
    assert linked and related[:len(linked)] == linked
    assert all(r.shared for r in related if not r.linked)
    assert kg.related(PAPER)[0].kind == "Video"


def test_neighbors_widen_with_depth(kg):
    one = {n.iri for n in kg.neighbors("TechCrunch")}
    two = kg.neighbors("TechCrunch", depth=2)
    assert one < {n.iri for n in two} and kg.resolve("TechCrunch") not in one
    assert {n.distance for n in two} == {1, 2}
    with pytest.raises(kgraph.UsageError):
        kg.neighbors("TechCrunch", depth=0)


def test_subgraph_exports_like_the_whole(kg, tmp_path):
    import pyoxigraph as ox

    sections = kg.subgraph(lambda iri, data: data["kind"] in ("Section", "Specialty"))
    assert {"Paper", "Video"} <= set(sections.counts())  # a section brings its document
    sections.write_turtle(tmp_path / "sub.ttl")
    sections.write_html(tmp_path / "sub.html")
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "sub.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(sections.to_rdf())
    assert kg.subgraph(["radiology", "CNN"]).counts() == {"Specialty": 1, "Technique": 1}
    with pytest.raises(kgraph.UnknownNodeError):
        kg.subgraph(["radiolgy"])


def test_central_by_degree_and_pagerank(kg):
    degree = kg.central("Specialty", k=3)
    u = undirected(kg.graph)
    assert [s.score for s in degree] == [float(u.degree(s.iri)) for s in degree]
    assert len(degree) == 3 and all(s.kind == "Specialty" for s in degree)
    ranks = kg.central(k=kg.graph.number_of_nodes(), by="pagerank")
    assert sum(s.score for s in ranks) == pytest.approx(1.0)
    with pytest.raises(kgraph.UsageError):
        kg.central(by="closeness")


def test_communities_partition_the_graph_the_same_way_every_time(kg):
    groups = kg.communities()
    members = [m for c in groups for m in c.members]
    assert sorted(members) == sorted(kg.graph.nodes)
    assert kg.communities() == groups and len(groups) > 1


# -- views --------------------------------------------------------------------

def test_sparql_rows_are_dicts_of_python_values(kg):
    rows = kg.sparql("SELECT ?label ?n WHERE { ?e skos:prefLabel ?label ; kg:mentionCount ?n }"
                     " ORDER BY DESC(?n) LIMIT 1")
    assert rows == [{"label": "artificial intelligence", "n": kg.entities()[0].mentions}]
    with pytest.raises(kgraph.QueryError):
        kg.sparql("SELECT nonsense")
    with pytest.raises(kgraph.QueryError, match="SELECT"):
        kg.sparql("ASK { ?s ?p ?o }")


def test_both_ways_of_running_sparql_give_the_same_result(kg):
    from kgraph.query import sparql

    query = "SELECT ?d ?when WHERE { ?d dcterms:created ?when } ORDER BY ?when"
    rows = kg.sparql(query)
    assert rows == sparql(kg, query) and type(rows) is type(sparql(kg, query))
    assert rows[0]["when"] == datetime(2021, 9, 22, 21, 9, tzinfo=timezone.utc)
    answer = sparql(kg, "ASK { ?d dcterms:created ?when }")
    assert answer.boolean is True and list(answer) == []
    with pytest.raises(kgraph.QueryError, match="ASK"):
        answer.to_frame()


def test_tables_become_data_frames(kg):
    pytest.importorskip("pandas")
    frame = kg.mentions("CNN").to_frame()
    assert list(frame.columns) == [f.name for f in dataclasses.fields(kgraph.MentionInfo)]
    assert len(frame) == len(kg.mentions("CNN"))
    assert list(kgraph.Table([], ["a", "b"]).to_frame().columns) == ["a", "b"]
    rows = kg.sparql("SELECT ?t WHERE { ?d a kg:Paper ; dcterms:title ?t }").to_frame()
    assert rows["t"].tolist() == [PAPER]


def test_to_frame_without_pandas_says_to_install_it(kg, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(kgraph.MissingDependencyError, match="pip install pandas"):
        kg.entities().to_frame()


def test_jupyter_shows_a_summary_and_the_view(kg, monkeypatch):
    summary = kg._repr_html_()
    assert "<table>" in summary and "<td>Specialty</td><td>20</td>" in summary
    shown = []
    display = pytest.importorskip("IPython.display")
    import IPython

    monkeypatch.setattr(display, "display", shown.append)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    kg.show(height=300)
    assert len(shown) == 1 and shown[0]._repr_html_().startswith("<iframe srcdoc=")
    assert "height:300px" in shown[0]._repr_html_()


def test_show_has_the_page_default(kg):
    from kgraph.export.html import DEFAULT_MAX_NODES

    default = inspect.signature(kgraph.KnowledgeGraph.show).parameters["max_nodes"].default
    assert default == DEFAULT_MAX_NODES


def test_show_outside_a_notebook_opens_the_page_in_a_browser(tmp_path):
    """In a plain Python session, show() prints no page: a browser gets a file of it."""
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])\n")
    env = {**os.environ, "BROWSER": f"{sys.executable} {browser} %s"}
    done = subprocess.run([sys.executable, "-c", "import kgraph; kgraph.build(['seeds']).show()"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and len(done.stderr) < 300
    page = Path(urllib.parse.urlsplit(opened.read_text()).path)
    assert str(page) in done.stderr
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    page.unlink()


def test_authors_are_listed_as_people_with_the_documents_they_wrote(kg):
    people = kg.entities("Person")
    assert len(people) > 0 and {p.type for p in people} == {"Person"}
    assert all(p.documents >= 1 and p.mentions == 0 for p in people)
    assert "Person" not in {e.type for e in kg.entities()}  # the default: what texts mention


def test_a_word_broken_across_lines_is_no_label_of_its_entity(tmp_path):
    (tmp_path / "paper.txt").write_text(
        "Skin lesions and deep learning\nJane Roe 1, John Doe 2\n\nABSTRACT\n"
        "Networks now read images in dermatol-\nogy as well as experts do.\n", encoding="utf-8")
    kg = kgraph.build([tmp_path])
    [derm] = [e for e in kg.entities("Specialty") if e.label == "dermatology"]
    assert derm.mentions == 1 and not any("-" in label for label in derm.alt_labels)
