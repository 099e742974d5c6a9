"""The page in a real browser: headless Chromium, opened from disk, with the network off."""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import offline_page, open_graph, unavailable  # noqa: E402

from kgraph.export.html import write_html  # noqa: E402
from kgraph.graph import KnowledgeGraph  # noqa: E402
from kgraph.records import Mention  # noqa: E402
from tests.test_html import emoji_graph  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/kgraph/id/"
HOSTILE = "<img src=x onerror=alert(1)>"
DRAWN = """() => { const n = window.kgraphNetwork;
  return {nodes: n.body.data.nodes.length, edges: n.body.data.edges.length,
          drawnNodes: n.body.nodeIndices.length, drawnEdges: n.body.edgeIndices.length,
          physics: n.physics.options.enabled}; }"""

NODE_ON_SCREEN = """() => { const n = window.kgraphNetwork, id = n.getSelectedNodes()[0];
  const p = n.canvasToDOM(n.getPositions([id])[id]);
  const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();
  return [r.left + p.x, r.top + p.y]; }"""


@pytest.fixture(scope="module")
def browser():
    reason = unavailable()
    if reason:
        pytest.skip(f"browser tests need Chromium and Playwright: {reason}")
    with offline_page() as (page, watch):
        yield page, watch


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    from kgraph.pipeline import build

    kg = build([ROOT / "seeds"])
    path = tmp_path_factory.mktemp("view") / "graph.html"
    write_html(kg, path)
    return kg, path


def hostile_graph() -> KnowledgeGraph:
    """A hostile-titled article, a video whose section mentions an entity, a javascript: URL."""
    g = nx.MultiDiGraph()
    tech, video, section = BASE + "technique/dl", BASE + "doc/video", BASE + "doc/video/section-0"
    g.add_node(tech, kind="Technique", types=("Technique",), label="deep learning", alt_labels=("DL",))
    g.add_node(BASE + "doc/evil", kind="Article", types=("Article",), label="Evil " + HOSTILE, alt_labels=(),
               title="Evil " + HOSTILE, created="2021-12-03T02:54:00Z", url="javascript:alert(3)",
               source_file="evil.txt", excerpt=HOSTILE + " excerpt")
    g.add_node(video, kind="Video", types=("Video",), label="A talk", alt_labels=(), title="A talk",
               created="", url="https://www.youtube.com/watch?v=abc", source_file="v.md", excerpt="")
    g.add_node(section, kind="Section", types=("Section",), label="Opening", alt_labels=(),
               position=0, field="section-0", document=video)
    g.add_edge(video, section, key="hasSection")
    said = "We use deep learning here."
    g.add_edge(section, tech, key="mentions", count=1, mentions=(
        Mention("video", "section-0", 7, 20, "deep learning", said, "Technique", tech,
                "deep learning", seconds=3111),))
    g.add_edge(BASE + "doc/evil", tech, key="mentions", count=1, mentions=(
        Mention("evil", "excerpt", 0, 2, "DL", HOSTILE + " DL", "Technique", tech, "deep learning"),))
    return KnowledgeGraph(g)


def settle_view(page) -> None:
    """Wait until the focus animation has stopped moving the view."""
    before = None
    for _ in range(40):
        now = page.evaluate("JSON.stringify([kgraphNetwork.getViewPosition(), kgraphNetwork.getScale()])")
        if now == before:
            return
        before = now
        page.wait_for_timeout(100)


def search(page, text: str) -> None:
    page.fill("#kg-search", text)
    page.press("#kg-search", "Enter")


def test_seeds_page_draws_every_node_and_edge_offline(browser, seeds):
    page, watch = browser
    kg, path = seeds
    open_graph(page, path)
    drawn = page.evaluate(DRAWN)
    n, e = kg.graph.number_of_nodes(), kg.graph.number_of_edges()
    assert (drawn["nodes"], drawn["edges"], drawn["drawnNodes"], drawn["drawnEdges"]) == (n, e, n, e)
    assert drawn["physics"] is False  # the layout settled once and was frozen
    kinds = {kind for _, kind in kg.graph.nodes(data="kind")}
    assert page.locator("#kg-legend button").count() == len(kinds)
    assert watch.problems() == []


def test_search_selects_centres_and_highlights_a_node(browser, seeds):
    page, watch = browser
    kg, path = seeds
    open_graph(page, path)
    entity = kg.entities()[0]
    search(page, entity.label.upper())
    selected = page.evaluate("kgraphNetwork.getSelectedNodes()")
    assert len(selected) == 1
    assert page.evaluate(f"kgraph.data.iris[{selected[0]}]") == entity.iri
    assert page.locator("#kg-panel h2").text_content() == entity.label
    assert "Sentences that mention it" in page.locator("#kg-panel").text_content()
    dimmed = page.evaluate("kgraph.nodes.get().filter(n => String(n.color).startsWith('rgba(200')).length")
    neighbours = len(set(kg.graph.predecessors(entity.iri)) | set(kg.graph.successors(entity.iri)))
    assert dimmed == kg.graph.number_of_nodes() - 1 - neighbours
    page.keyboard.press("Escape")
    assert page.evaluate("kgraphNetwork.getSelectedNodes().length") == 0
    assert watch.problems() == []


def test_legend_hides_and_shows_a_type_and_layout_can_resume(browser, seeds):
    page, watch = browser
    kg, path = seeds
    open_graph(page, path)
    sections = sum(1 for _, kind in kg.graph.nodes(data="kind") if kind == "Section")
    hidden = "kgraph.nodes.get().filter(n => n.hidden).length"
    page.locator("#kg-legend button", has_text="Section").click()
    assert page.evaluate(hidden) == sections
    page.locator("#kg-legend button", has_text="Section").click()
    assert page.evaluate(hidden) == 0
    page.click("#kg-physics")
    assert page.evaluate("kgraphNetwork.physics.options.enabled") is True
    page.click("#kg-physics")
    assert page.evaluate("kgraphNetwork.physics.options.enabled") is False
    assert watch.problems() == []


def test_hostile_text_is_shown_as_text(browser, tmp_path):
    page, watch = browser
    path = tmp_path / "hostile.html"
    write_html(hostile_graph(), path)
    open_graph(page, path)
    page.fill("#kg-search", "evi")
    assert page.locator("#kg-suggest li").all_inner_texts() == ["Evil\nArticle \u00b7 2021-12-03"]
    search(page, "evil")
    panel = page.locator("#kg-panel").text_content()
    assert panel.count(HOSTILE) == 1  # in the excerpt, as text
    assert page.locator("#kg-panel h2").text_content() == "Evil"  # markup is no title
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    hrefs = page.evaluate("[...document.querySelectorAll('#kg-panel a')].map(a => a.href)")
    assert not [h for h in hrefs if h.startswith("javascript:")]
    settle_view(page)
    page.mouse.move(*page.evaluate(NODE_ON_SCREEN))
    page.wait_for_timeout(400)
    tooltip = page.locator("div.vis-tooltip")
    assert tooltip.is_visible() and "Evil" in tooltip.text_content()
    assert "Date: 2021-12-03" in tooltip.text_content()
    assert watch.dialogs == [] and watch.problems() == []


def test_entity_panel_links_to_the_moment_in_the_video(browser, tmp_path):
    page, watch = browser
    path = tmp_path / "video.html"
    write_html(hostile_graph(), path)
    open_graph(page, path)
    search(page, "DL")
    hrefs = page.evaluate("[...document.querySelectorAll('#kg-panel a')].map(a => a.href)")
    assert "https://www.youtube.com/watch?v=abc&t=3111s" in hrefs
    assert "watch at 0:51:51" in page.locator("#kg-panel").text_content()
    assert page.locator("#kg-panel mark").all_text_contents() == ["DL", "deep learning"]
    assert watch.problems() == []


def test_budget_notice_on_the_page(browser, seeds, tmp_path):
    page, watch = browser
    kg, _ = seeds
    path = tmp_path / "cut.html"
    write_html(kg, path, max_nodes=30)
    open_graph(page, path)
    assert page.evaluate(DRAWN)["drawnNodes"] == 30
    notice = page.locator("#kg-notice").text_content()
    left = kg.graph.number_of_nodes() - 30
    assert f"left out:\n  {left} nodes" in notice and "--max-nodes" in notice
    assert watch.problems() == []


LABELS = """() => { const n = kgraphNetwork, s = n.getScale();
  const order = kgraph.data.nodes.slice().sort((a, b) =>
    (a.kind === 'Section') - (b.kind === 'Section') || b.w - a.w || a.id - b.id);
  const r = document.querySelector('#kg-graph canvas').getBoundingClientRect();
  return order.slice(0, 20).map(node => {
    const l = n.body.nodes[node.id].labelModule, top = l.size.top + (l.fontOptions.vadjust || 0);
    const a = n.canvasToDOM({x: l.size.left, y: top});
    const b = n.canvasToDOM({x: l.size.left + l.size.width, y: top + l.size.height});
    return {label: n.body.nodes[node.id].options.label, px: l.fontOptions.size * s, drawn: l.visible(),
            box: [a.x, a.y, b.x, b.y], inside: a.x >= 0 && a.y >= 0 && b.x <= r.width && b.y <= r.height}; }); }"""


def test_the_twenty_most_important_labels_are_legible_and_apart(browser, seeds):
    page, watch = browser
    _, path = seeds
    open_graph(page, path)
    labels = page.evaluate(LABELS)
    assert len(labels) == 20
    for label in labels:
        assert label["drawn"] and label["px"] >= 12, label
        assert label["inside"], label  # on the screen, not cut at an edge
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            ax0, ay0, ax1, ay1 = a["box"]
            bx0, by0, bx1, by1 = b["box"]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)
    assert watch.problems() == []


def test_search_dermatology_enter_selects_the_specialty(browser, seeds):
    page, watch = browser
    kg, path = seeds
    open_graph(page, path)
    page.fill("#kg-search", "dermatology")
    suggestions = page.locator("#kg-suggest li").all_inner_texts()
    assert suggestions[0].split() == ["dermatology", "Specialty"]  # the type beside each
    assert any(s.split()[-1] == "Section" for s in suggestions)  # the paper's "DERMATOLOGY" too
    page.press("#kg-search", "Enter")
    selected = page.evaluate("kgraphNetwork.getSelectedNodes()")
    assert [kg.graph.nodes[page.evaluate(f"kgraph.data.iris[{i}]")]["kind"] for i in selected] == ["Specialty"]
    assert page.locator("#kg-panel h2").text_content() == "dermatology"
    assert watch.problems() == []


def test_emoji_sentence_highlights_exactly_the_mention_once_and_wraps(browser, tmp_path):
    page, watch = browser
    path = tmp_path / "emoji.html"
    write_html(emoji_graph(tail=", see https://example.org/" + "x" * 300), path)  # a long URL
    open_graph(page, path)
    search(page, "radiology")
    assert page.locator("#kg-panel mark").all_text_contents() == ["radiology"]
    search(page, "AI")
    assert page.locator("#kg-panel .kg-sentence").count() == 1  # one sentence, two forms
    assert page.locator("#kg-panel mark").all_text_contents() == ["artificial intelligence", "AI"]
    assert page.evaluate("(p => p.scrollWidth <= p.clientWidth)(document.getElementById('kg-panel'))")
    assert page.locator("#kg-panel svg.kg-chart rect").count() == 1  # one month, one bar
    assert watch.problems() == []


def test_seeds_panel_lists_each_sentence_once(browser, seeds):
    page, watch = browser
    _, path = seeds
    open_graph(page, path)
    search(page, "artificial intelligence")
    sentences = page.locator("#kg-panel .kg-sentence").all_text_contents()
    assert len(sentences) > 5 and len(sentences) == len(set(sentences))
    assert watch.problems() == []


def test_a_selected_nodes_relation_edge_is_labelled_and_its_evidence_is_in_the_panel(browser, tmp_path):
    from kgraph.records import Relation

    page, watch = browser
    kg = hostile_graph()
    spec = BASE + "specialty/radiology"
    kg.graph.add_node(spec, kind="Specialty", types=("Specialty",), label="radiology", alt_labels=(),
                      mesh=(("https://id.nlm.nih.gov/mesh/D011871", "Radiology", "exact"),))
    said = "Deep learning is applied in radiology."
    kg.graph.add_edge(BASE + "technique/dl", spec, key="appliedIn", relation="appliedIn", evidence=(
        Relation("video", "section-0", 0, len(said), said, "appliedIn", BASE + "technique/dl", spec),))
    path = tmp_path / "relations.html"
    write_html(kg, path)
    open_graph(page, path)
    labelled = "kgraph.edges.get().filter(e => e.label === 'appliedIn').length"
    assert page.evaluate(labelled) == 0  # drawn on every edge, relation labels bury the nodes'
    search(page, "radiology")
    assert page.evaluate(labelled) == 1  # the selected node's relation is labelled
    panel = page.locator("#kg-panel").text_content()
    assert "appliedIn" in panel and said in panel
    assert "https://id.nlm.nih.gov/mesh/D011871" in page.evaluate(
        "[...document.querySelectorAll('#kg-panel a')].map(a => a.href)")
    assert "Radiology (D011871)" in panel
    assert watch.problems() == []


def test_lesser_labels_are_hidden_at_first_and_appear_on_zoom(browser, seeds):
    page, watch = browser
    _, path = seeds
    open_graph(page, path)
    visible = "kgraph.data.rank.filter(id => kgraphNetwork.body.nodes[id].labelModule.visible())"
    first = page.evaluate(visible)
    assert 20 <= len(first) < page.evaluate("kgraph.data.nodes.length")
    page.evaluate("kgraphNetwork.moveTo({scale: kgraphNetwork.getScale() * 2})")
    page.wait_for_timeout(200)  # a frame, so that label sizes are measured again
    zoomed = page.evaluate(visible)
    assert set(first) < set(zoomed)  # more labels drawn, none lost
    assert watch.problems() == []
