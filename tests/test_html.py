"""The HTML export: one self-contained, offline, deterministic page that shows data as text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kgraph.errors import UsageError
from kgraph.export.html import notebook_html, render_html, write_html
from kgraph.graph import KnowledgeGraph
from kgraph.records import Mention

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/kgraph/id/"
HOSTILE = "<img src=x onerror=alert(1)>"


def make_graph(titles: list[str], *, related: int = 0) -> KnowledgeGraph:
    """Articles that mention deep learning, published by one provider, each with related items."""
    g = nx.MultiDiGraph()
    provider, technique = BASE + "provider/example", BASE + "technique/dl"
    g.add_node(provider, kind="Provider", types=("Organization", "Provider"), label="Example News",
               alt_labels=("example.org",), domain="example.org")
    g.add_node(technique, kind="Technique", types=("Technique",), label="deep learning",
               alt_labels=("DL",))
    for i, title in enumerate(titles):
        doc = f"{BASE}doc/d{i:04d}"
        g.add_node(doc, kind="Article", types=("Article",), label=title, alt_labels=(), title=title,
                   created="2021-12-03T02:54:00Z", url=f"https://example.org/{i}",
                   source_file=f"{i:04d}.txt", excerpt=f"Excerpt {i} about deep learning.")
        g.add_edge(doc, provider, key="publishedBy")
        sentence = f"{title} uses deep learning."
        mention = Mention(f"d{i:04d}", "excerpt", len(title) + 6, len(title) + 19, "deep learning",
                          sentence, "Technique", technique, "deep learning")
        g.add_edge(doc, technique, key="mentions", count=1, mentions=(mention,))
        for j in range(related):
            item = f"{BASE}doc/r{i:04d}-{j}"
            g.add_node(item, kind="Document", types=("Document",), label=f"Related {i}.{j}",
                       alt_labels=(), title=f"Related {i}.{j}", created="", url="", source_file="",
                       excerpt="")
            g.add_edge(doc, item, key="relatedTo")
    return KnowledgeGraph(g)


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "the page embeds its data as a JSON script block"
    return json.loads(match.group(1))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def seeds_kg() -> KnowledgeGraph:
    from kgraph.pipeline import build

    return build([ROOT / "seeds"])


def test_no_external_resource_in_any_tag():
    parser = _Tags()
    parser.feed(render_html(make_graph(["A", "B"])))
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert len(scripts) == 3 and not any("src" in attrs for attrs in scripts)
    assert not [attrs for tag, attrs in parser.tags if tag == "link"]
    for tag, attrs in parser.tags:
        for name in ("src", "href", "srcset", "data", "action", "poster"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(name) or ""), (tag, attrs)


def test_page_forbids_network_access_and_inlines_vis():
    page = render_html(make_graph(["A"]))
    assert "default-src 'none'" in page  # the Content-Security-Policy blocks any fetch
    assert "vis.Network" in page and "DataSet" in page  # vis-network itself is inlined
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)


def test_embedded_json_has_every_node_and_edge(seeds_kg):
    data = page_data(render_html(seeds_kg))
    assert len(data["nodes"]) == seeds_kg.graph.number_of_nodes()
    assert len(data["edges"]) == seeds_kg.graph.number_of_edges()
    assert sorted(data["iris"]) == sorted(seeds_kg.graph)
    assert data["omitted"] is None
    kinds = {kind for _, kind in seeds_kg.graph.nodes(data="kind")}
    assert {entry[0] for entry in data["legend"]} == kinds


def test_every_type_has_its_own_colour():
    data = page_data(render_html(make_graph(["A"], related=1)))
    colours = {node["kind"]: node["color"] for node in data["nodes"]}
    assert len(set(colours.values())) == len(colours) == 4
    assert {entry[0]: entry[2] for entry in data["legend"]} == colours


def test_hostile_title_stays_text():
    page = render_html(make_graph([HOSTILE, "</script><script>alert(2)</script>"]))
    assert "<img src=x onerror" not in page
    assert "<script>alert(2)" not in page and page.count("</script>") == 3
    data = page_data(page)
    assert HOSTILE in {node["full"] for node in data["nodes"]}
    assert HOSTILE in [detail["heading"] for detail in data["details"]]


def test_side_panel_data_for_an_entity():
    data = page_data(render_html(make_graph(["First", "Second"])))
    entity = data["iris"].index(BASE + "technique/dl")
    detail = data["details"][entity]
    assert detail["heading"] == "deep learning"
    assert ["Also called", "DL", 0] in detail["fields"]
    assert [s["q"] for s in detail["sentences"]] == ["deep learning", "deep learning"]
    assert {s["h"] for s in detail["sentences"]} == {"https://example.org/0", "https://example.org/1"}
    mentioned_in = next(item for item in detail["lists"] if item["h"] == "Mentioned in")
    assert sorted(data["nodes"][node]["full"] for node, _ in mentioned_in["i"]) == ["First", "Second"]


def test_write_html_leaves_no_lib_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_html(make_graph(["A"]), tmp_path / "out" / "graph.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.html"]
    text = (tmp_path / "out" / "graph.html").read_bytes().decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text


def test_same_graph_same_bytes(tmp_path, seeds_kg):
    write_html(seeds_kg, tmp_path / "a.html")
    write_html(seeds_kg, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_budget_keeps_max_nodes_and_says_what_was_left_out():
    kg = make_graph([f"Article {i}" for i in range(20)], related=2)  # 2 + 20 + 40 nodes
    page = render_html(kg, max_nodes=25)
    data = page_data(page)
    assert len(data["nodes"]) == 25
    assert data["omitted"]["nodes"] == 62 - 25 and data["omitted"]["total"] == 62
    kept = set(data["iris"])
    assert {BASE + "provider/example", BASE + "technique/dl"} <= kept  # the hubs stay
    inside = sum(1 for u, v in kg.graph.edges() if u in kept and v in kept)
    assert len(data["edges"]) == inside
    assert data["omitted"]["edges"] == kg.graph.number_of_edges() - inside
    assert "left out:\n  37 nodes" in page and "kgraph build --max-nodes 62" in page


def test_budget_keeps_the_document_of_a_kept_section(seeds_kg):
    data = page_data(render_html(seeds_kg, max_nodes=30))
    kept = set(data["iris"])
    assert len(kept) == 30
    for iri in kept:
        document = seeds_kg.graph.nodes[iri].get("document")
        assert document is None or document in kept


def test_no_budget_and_bad_budget():
    kg = make_graph([f"A{i}" for i in range(5)])
    assert page_data(render_html(kg, max_nodes=0))["omitted"] is None
    assert page_data(render_html(kg, max_nodes=None))["omitted"] is None
    with pytest.raises(UsageError, match="max_nodes"):
        render_html(kg, max_nodes=-1)


def test_notebook_iframe_escapes_the_page():
    frame = notebook_html(make_graph([HOSTILE]))
    assert frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert frame.count("<") == 2 and frame.count('"') == 8  # only the iframe's own tags and attributes
    assert 'sandbox="allow-scripts' in frame
