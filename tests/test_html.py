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
    blocks = {}
    for name in ("data", "details"):
        match = re.search(rf'<script type="application/json" id="kg-{name}">(.*?)</script>', page, re.S)
        assert match, f"the page embeds its {name} as a JSON script block"
        blocks[name] = json.loads(match.group(1))
    return {**blocks["data"], "details": blocks["details"]}


def marked(sentence: dict) -> list[str]:
    """The highlighted parts of a side-panel sentence, sliced as JavaScript slices (UTF-16)."""
    units = sentence["s"].encode("utf-16-le")
    return [units[2 * a:2 * b].decode("utf-16-le") for a, b in sentence["k"]]


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
    assert len(scripts) == 4 and not any("src" in attrs for attrs in scripts)
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


def test_hostile_text_stays_text():
    kg = make_graph(["Evil " + HOSTILE, "</script><script>alert(2)</script> too"])
    kg.graph.nodes[BASE + "doc/d0000"]["excerpt"] = HOSTILE
    page = render_html(kg)
    assert "<img src=x onerror" not in page
    assert "<script>alert(2)" not in page and page.count("</script>") == 4
    data = page_data(page)
    assert {"Evil", "alert(2) too"} <= {node["full"] for node in data["nodes"]}  # tags are no label
    assert HOSTILE in [detail["text"] for detail in data["details"]]  # the excerpt, shown as text


def test_side_panel_data_for_an_entity():
    data = page_data(render_html(make_graph(["First", "Second"])))
    entity = data["iris"].index(BASE + "technique/dl")
    detail = data["details"][entity]
    assert detail["heading"] == "deep learning"
    assert ["Also called", "DL", ""] in detail["fields"]
    assert [marked(s) for s in detail["sentences"]] == [["deep learning"], ["deep learning"]]
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


# -- layout, labels, side panel, relations -------------------------------------------


def test_positions_are_computed_at_build_and_physics_is_off():
    data = page_data(render_html(make_graph(["A", "B", "C"])))
    assert all(isinstance(node["x"], int) and isinstance(node["y"], int) for node in data["nodes"])
    assert len({(node["x"], node["y"]) for node in data["nodes"]}) == len(data["nodes"])
    assert data["options"]["physics"]["enabled"] is False


def test_components_side_by_side_and_lone_documents_in_one_labelled_group():
    kg = make_graph(["A", "B"])
    first = set(kg.graph)
    org, place = BASE + "organization/acme", BASE + "provider/wire"
    kg.graph.add_node(org, kind="Organization", types=("Organization",), label="Acme", alt_labels=())
    kg.graph.add_node(place, kind="Provider", types=("Provider",), label="Wire", alt_labels=())
    kg.graph.add_edge(org, place, key="partnersWith", relation="partnersWith")
    for i in range(3):
        kg.graph.add_node(f"{BASE}doc/lone{i}", kind="Article", types=("Article",), label=f"Lone {i}",
                          alt_labels=(), title=f"Lone {i}", created="", url="", source_file=f"l{i}.txt", excerpt="")
    data = page_data(render_html(kg))
    at = {iri: (node["x"], node["y"]) for iri, node in zip(data["iris"], data["nodes"])}
    first_box, second_box = [at[i] for i in first], [at[org], at[place]]
    apart = (max(x for x, _ in first_box) < min(x for x, _ in second_box)
             or max(y for _, y in first_box) < min(y for _, y in second_box))
    assert apart  # two components do not overlap
    lone = [at[f"{BASE}doc/lone{i}"] for i in range(3)]
    assert min(y for _, y in lone) > max(y for _, y in first_box + second_box)  # below, together
    assert max(x for x, _ in lone) - min(x for x, _ in lone) < 300
    assert data["loose"]["text"] == "3 documents with no entity found"


def test_labels_and_titles_show_no_markup():
    kg = make_graph(["# Deep <p>learning</p> in ![scan](x.png) [radiology](https://r.org)"])
    data = page_data(render_html(kg))
    doc = data["iris"].index(BASE + "doc/d0000")
    for text in (data["nodes"][doc]["full"], data["nodes"][doc]["label"], data["details"][doc]["heading"],
                 data["nodes"][doc]["tip"][0][1]):
        assert text == "Deep learning in scan radiology"


def emoji_graph(tail: str = " daily.") -> KnowledgeGraph:
    """One article whose sentence has emoji before the mentions, and two forms in one
    sentence; ``tail`` ends the sentence."""
    g = nx.MultiDiGraph()
    doc, spec, tech = BASE + "doc/e", BASE + "specialty/radiology", BASE + "technique/ai"
    g.add_node(doc, kind="Article", types=("Article",), label="Emoji", alt_labels=(), title="Emoji",
               created="2021-01-05T00:00:00Z", url="https://example.org/e", source_file="e.txt", excerpt="")
    g.add_node(spec, kind="Specialty", types=("Specialty",), label="radiology", alt_labels=())
    g.add_node(tech, kind="Technique", types=("Technique",), label="artificial intelligence", alt_labels=("AI",))
    said = "🚀🔥 Doctors in radiology 🩻 use artificial intelligence (AI)" + tail
    g.add_edge(doc, spec, key="mentions", count=1, mentions=(
        Mention("e", "excerpt", 15, 24, "radiology", said, "Specialty", spec, "radiology"),))
    g.add_edge(doc, tech, key="mentions", count=2, mentions=(
        Mention("e", "excerpt", 31, 54, "artificial intelligence", said, "Technique", tech, "artificial intelligence"),
        Mention("e", "excerpt", 56, 58, "AI", said, "Technique", tech, "artificial intelligence")))
    return KnowledgeGraph(g)


def test_highlight_offsets_count_utf16_units_as_javascript_does():
    data = page_data(render_html(emoji_graph()))
    detail = data["details"][data["iris"].index(BASE + "specialty/radiology")]
    assert [marked(s) for s in detail["sentences"]] == [["radiology"]]


def test_one_entry_per_sentence_with_every_form_marked():
    data = page_data(render_html(emoji_graph()))
    detail = data["details"][data["iris"].index(BASE + "technique/ai")]
    assert len(detail["sentences"]) == 1 and detail["more"] == 0
    assert marked(detail["sentences"][0]) == ["artificial intelligence", "AI"]


def test_seeds_list_each_sentence_once(seeds_kg):
    data = page_data(render_html(seeds_kg))
    for detail in data["details"]:
        said = [(s["n"], s["d"], s["s"]) for s in detail["sentences"]]
        assert len(said) == len(set(said)), detail["heading"]


def test_mentions_by_month_for_the_chart():
    kg = make_graph(["A", "B", "C"])
    for i, created in enumerate(["2021-01-09T00:00:00Z", "2021-03-01T00:00:00Z", ""]):
        kg.graph.nodes[f"{BASE}doc/d{i:04d}"]["created"] = created
    data = page_data(render_html(kg))
    detail = data["details"][data["iris"].index(BASE + "technique/dl")]
    assert detail["months"] == [["2021-01", 1], ["2021-02", 0], ["2021-03", 1]]


def relation_graph() -> KnowledgeGraph:
    from kgraph.records import Relation

    kg = make_graph(["A"])
    spec = BASE + "specialty/radiology"
    kg.graph.add_node(spec, kind="Specialty", types=("Specialty",), label="radiology", alt_labels=(),
                      mesh=(("https://id.nlm.nih.gov/mesh/D011871", "Radiology", "exact"),))
    said = "Deep learning is applied in radiology."
    kg.graph.add_edge(BASE + "technique/dl", spec, key="appliedIn", relation="appliedIn",
                      evidence=(Relation("d0000", "excerpt", 0, len(said), said, "appliedIn",
                                         BASE + "technique/dl", spec),))
    return kg


def test_relation_edges_are_labelled_and_listed_with_their_evidence():
    data = page_data(render_html(relation_graph()))
    dl, spec = data["iris"].index(BASE + "technique/dl"), data["iris"].index(BASE + "specialty/radiology")
    edge = next(e for e in data["edges"] if (e["from"], e["to"]) == (dl, spec))
    assert edge["label"] == "appliedIn"
    relation = data["details"][dl]["relations"][0]
    assert (relation["r"], relation["o"], relation["n"]) == ("appliedIn", True, spec)
    assert [e["s"] for e in relation["e"]] == ["Deep learning is applied in radiology."]
    assert relation["e"][0]["n"] == data["iris"].index(BASE + "doc/d0000")
    assert data["details"][spec]["relations"][0]["o"] is False


def test_mesh_heading_links_to_the_descriptor():
    data = page_data(render_html(relation_graph()))
    detail = data["details"][data["iris"].index(BASE + "specialty/radiology")]
    assert ["MeSH", "Radiology (D011871)", "https://id.nlm.nih.gov/mesh/D011871"] in detail["fields"]


def test_default_budget_draws_ten_thousand_nodes():
    kg = make_graph([f"A{i}" for i in range(1600)])  # 1,602 nodes: above the old default of 1,500
    data = page_data(render_html(kg))
    assert data["omitted"] is None and len(data["nodes"]) == 1602
