"""HTML export: the graph as one self-contained, offline, interactive page.

Nodes and edges are vis-network data sets, made as ``pyvis.network.Network`` makes them;
the page is rendered with kgraph's own Jinja2 template (``templates/graph.html.j2``) that
inlines vis-network's script and style from the pyvis package, so the page fetches
nothing. Every text that comes from the data travels as JSON in a ``<script type="application/json">`` block and
is put on the page by the script as text, never as HTML.
"""

from __future__ import annotations

import html
import json
import logging
import os
from collections.abc import Iterator
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph import _config
from kgraph.errors import KgraphError, UsageError
from kgraph.export.files import AtomicWriter
from kgraph.export.layout import Layout, layout
from kgraph.export.panel import STRUCTURAL, details, plain, tooltip
from kgraph.records import DOCUMENT_KINDS

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import networkx as nx

    from kgraph.graph import KnowledgeGraph

__all__ = ["render_html", "write_html", "notebook_html", "script_json", "DEFAULT_MAX_NODES", "LEGEND"]

log = logging.getLogger(__name__)

DEFAULT_MAX_NODES = _config.MAX_NODES
"""Above this many nodes the page keeps the most connected ones (``--max-nodes``)."""

LEGEND: tuple[tuple[str, str, str], ...] = (
    ("Article", "Article", "#1f6fb5"),
    ("Video", "Video", "#d62728"),
    ("Paper", "Paper", "#8c564b"),
    ("Document", "Related item", "#8fb8e0"),
    ("Section", "Section", "#a5a5a5"),
    ("Specialty", "Specialty", "#2ca02c"),
    ("Technique", "Technique", "#9467bd"),
    ("Organization", "Organization", "#ff7f0e"),
    ("Provider", "Provider", "#e377c2"),
    ("Topic", "Topic", "#17a2b8"),
    ("Person", "Person", "#b5b20f"),
)
"""Node kind, its name in the legend, its colour; in legend order."""

_COLOUR = {kind: colour for kind, _, colour in LEGEND}
_NAME = {kind: name for kind, name, _ in LEGEND}
_EDGE_COLOUR = {"mentions": "#9aa7b5", "publishedBy": "#e8a6d2", "relatedTo": "#9cc1e6",
                "hasTopic": "#8fd3de", "hasSection": "#cccccc", "creator": "#d8d57a"}
Edge = tuple[str, str, dict[str, Any]]  # the node at the other end, the edge's key, its data
Incident = tuple[list[Edge], list[Edge]]  # a node's edges in, and out

_LABEL_CHARS = 40  # longer labels are cut on the canvas (full text in tooltip and panel)
_RELATION_COLOUR = "#4a4a4a"
_ARROWS_MAX = 3000  # above this many nodes, edges are drawn without arrow heads


# -- public API ---------------------------------------------------------------------


def render_html(kg: KnowledgeGraph, *, max_nodes: int | None = DEFAULT_MAX_NODES) -> str:
    """The interactive page of ``kg``, as a string.

    Parameters
    ----------
    kg:
        The graph to show.
    max_nodes:
        Above this many nodes, show only the most connected ones (with the documents of
        their sections) and say on the page what was left out. ``None`` or ``0``: no limit.

    Returns
    -------
    str
        One HTML document with every script and style inlined; the same graph gives the
        same string.

    Raises
    ------
    UsageError
        When ``max_nodes`` is negative.
    """
    return "".join(_page(kg, _check_budget(max_nodes)))


def write_html(kg: KnowledgeGraph, path: str | os.PathLike[str], *,
               max_nodes: int | None = DEFAULT_MAX_NODES) -> None:
    """Write the interactive page of ``kg`` to ``path`` (UTF-8, atomically).

    Nothing else is written: no ``lib/`` folder next to the page or in the working
    directory. See :func:`render_html` for ``max_nodes``.
    """
    pieces = _page(kg, _check_budget(max_nodes))  # before the file: a bad budget writes nothing
    with AtomicWriter(path) as handle:
        for piece in pieces:  # the page is never held whole, as text or as bytes
            handle.write(piece.encode("utf-8"))


def notebook_html(kg: KnowledgeGraph, *, max_nodes: int | None = DEFAULT_MAX_NODES,
                  height: int = 640) -> str:
    """The page in an ``<iframe srcdoc>``, for ``KnowledgeGraph._repr_html_`` in notebooks.

    The iframe is sandboxed: its scripts run, but cannot reach the notebook.

    Examples
    --------
    >>> import networkx as nx
    >>> from kgraph.graph import KnowledgeGraph
    >>> notebook_html(KnowledgeGraph(nx.MultiDiGraph())).startswith("<iframe srcdoc=")
    True
    """
    page = html.escape(render_html(kg, max_nodes=max_nodes), quote=True)
    return (f'<iframe srcdoc="{page}" title="kgraph" style="width:100%;height:{int(height)}px;'
            'border:1px solid #ddd" sandbox="allow-scripts allow-popups '
            'allow-popups-to-escape-sandbox"></iframe>')


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` become ``\\u003c`` etc.

    >>> script_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- assets -------------------------------------------------------------------------


def _templates() -> Traversable:
    return resources.files("kgraph.export").joinpath("templates")


def _read(resource: Traversable) -> str:
    return resource.read_bytes().decode("utf-8")


def _vis_file(name: str) -> str:
    """A file of the vis-network release that pyvis ships, read from the installed package.

    The package is found without being imported: importing pyvis imports IPython and
    jsonpickle (0.05 s), and nothing of it runs here.
    """
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KgraphError("pyvis is not installed: graph.html inlines its copy of vis-network")
    text = _read(Path(spec.submodule_search_locations[0], "lib", "vis-9.1.2", name))
    if "</script" in text.lower() or "</style" in text.lower() or "<!--" in text:
        raise KgraphError(f"pyvis/lib/vis-9.1.2/{name} cannot be inlined in a <script> or <style>")
    return text


def _check_budget(max_nodes: int | None) -> int | None:
    if max_nodes is None or max_nodes == 0:
        return None
    if not isinstance(max_nodes, int) or max_nodes < 0:
        raise UsageError(f"max_nodes must be a positive whole number or 0 for all, not {max_nodes!r}")
    return max_nodes


# -- what the page shows ------------------------------------------------------------


def _select(g: nx.MultiDiGraph, max_nodes: int | None) -> list[str]:
    """The nodes to draw: all, or the most connected ones with their sections' documents."""
    if max_nodes is None or g.number_of_nodes() <= max_nodes:
        return sorted(g)
    score = {n: len(set(g.predecessors(n)) | set(g.successors(n))) for n in g}
    kept: set[str] = set()
    for node in sorted(g, key=lambda n: (-score[n], n)):
        if len(kept) >= max_nodes:
            break
        document = g.nodes[node].get("document")
        group = {node, document} - kept if document in g else {node}
        if len(kept) + len(group) <= max_nodes:
            kept |= group
    return sorted(kept)


def _incident(g: nx.MultiDiGraph, kept: list[str]) -> dict[str, Incident]:
    """The edges into and out of each node of ``kept``, in the order of ``g.in_edges(node)``
    and ``g.out_edges(node)``: listed once, then read by every part of the page.

    Two passes over all edges: a view per node costs more than its few edges.
    """
    incident: dict[str, Incident] = {iri: ([], []) for iri in kept}
    for u, v, k, d in g.in_edges(keys=True, data=True):
        if v in incident:
            incident[v][0].append((u, k, d))
    for u, v, k, d in g.out_edges(keys=True, data=True):
        if u in incident:
            incident[u][1].append((v, k, d))
    return incident


def _weight(g: nx.MultiDiGraph, iri: str, edges: Incident) -> int:
    """Mention count for what is mentioned, else the number of neighbours."""
    count = sum(d.get("count", 0) for _, k, d in edges[0] if k == "mentions")
    return count or len(set(g.predecessors(iri)) | set(g.successors(iri)))


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[:_LABEL_CHARS - 1].rstrip() + "…"


def _network(g: nx.MultiDiGraph, kept: list[str], ids: dict[str, int],
             edges: dict[str, Incident]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Layout]:
    """vis-network's nodes and edges of what is drawn (ids are positions in ``kept``).

    Each is the dict that pyvis's ``Network.add_node`` and ``add_edge`` would make, plus
    the position from :func:`kgraph.export.layout.layout`; made here because pyvis looks
    every id up in a list, so its time grows with the square of the nodes drawn.
    """
    drawn = sorted((u, v, k, d.get("count", 0))
                   for u in kept for v, k, d in edges[u][1] if v in ids)
    placed = layout(len(kept), [(ids[u], ids[v]) for u, v, _, _ in drawn])
    weights = [_weight(g, iri, edges[iri]) for iri in kept]
    top = max(weights, default=1)
    nodes = []
    for iri, weight, (x, y) in zip(kept, weights, placed.xy):
        data = g.nodes[iri]
        full = plain(data["label"]) or iri.rsplit("/", 1)[-1]
        nodes.append({
            "color": _COLOUR.get(data["kind"], "#777777"), "size": round(7 + 23 * (weight / top) ** 0.5, 1),
            "w": weight, "kind": data["kind"], "full": full,
            "alt": [plain(a) for a in data["alt_labels"]], "tip": tooltip(g, iri, edges[iri]),
            "id": ids[iri], "label": _short(full), "x": x, "y": y,
            "shape": "square" if data["kind"] in DOCUMENT_KINDS else "dot"})
    out = []
    for number, (u, v, key, count) in enumerate(drawn):
        edge = {"id": number, "pred": key, "count": count, "from": ids[u], "to": ids[v]}
        if key not in STRUCTURAL:
            edge.update(label=key, color=_RELATION_COLOUR)
        out.append(edge)
    return nodes, out, placed


def _options(n: int) -> dict[str, Any]:
    """vis-network options: positions come from the page, physics only when asked for."""
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "nodes": {"borderWidth": 1, "font": {"size": 12, "face": "sans-serif", "strokeWidth": 3,
                                             "strokeColor": "#ffffff"},
                  "scaling": {"label": {"enabled": False, "drawThreshold": 9, "maxVisible": 20}}},
        "edges": {"smooth": False, "color": _EDGE_COLOUR["mentions"],
                  # arrow heads cost a quarter of each frame on large pages
                  "arrows": {"to": {"enabled": n <= _ARROWS_MAX, "scaleFactor": 0.4}},
                  "selectionWidth": 1.5, "font": {"size": 11, "color": "#333333", "strokeWidth": 3},
                  "scaling": {"label": {"drawThreshold": 9, "maxVisible": 18}}},
        "interaction": {"hover": n <= 3000, "tooltipDelay": 120, "hideEdgesOnDrag": n > 600,
                        "hideEdgesOnZoom": n > 3000, "multiselect": False},
        "physics": {"enabled": False, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90,
                                         "springConstant": 0.06, "avoidOverlap": 0.3},
                    "minVelocity": 1, "timestep": 0.5, "stabilization": {"enabled": False}},
    }


def _omitted(g: nx.MultiDiGraph, kept: list[str], shown_edges: int) -> dict[str, Any] | None:
    left = g.number_of_nodes() - len(kept)
    if not left:
        return None
    kept_set = set(kept)
    kinds: dict[str, int] = {}
    for node, kind in g.nodes(data="kind"):
        if node not in kept_set:
            kinds[_NAME.get(kind, kind)] = kinds.get(_NAME.get(kind, kind), 0) + 1
    return {"nodes": left, "edges": g.number_of_edges() - shown_edges,
            "total": g.number_of_nodes(), "kinds": sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))}


def _page(kg: KnowledgeGraph, max_nodes: int | None) -> Iterator[str]:
    """The page, in the pieces jinja2 makes it of; the data is computed before the first."""
    from jinja2 import Environment
    from markupsafe import Markup

    data = _page_data(kg, max_nodes)
    panels = data.pop("details")  # a block of its own, parsed when a node is first selected
    shown, omitted = data["shown"], data["omitted"]
    data_json = script_json(data)
    del data  # only the JSON text is kept while the page is written
    env = Environment(autoescape=True, keep_trailing_newline=True)
    return env.from_string(_read(_templates() / "graph.html.j2")).generate(
        page_title=f"kgraph: {shown['nodes']} nodes, {shown['edges']} edges",
        vis_css=Markup(_vis_file("vis-network.css")), vis_js=Markup(_vis_file("vis-network.min.js")),
        app_css=Markup(_read(_templates() / "graph.css")),
        app_js=Markup(_read(_templates() / "view.js") + _read(_templates() / "graph.js")),
        data_json=Markup(data_json), details=map(Markup, panels), omitted=omitted, shown=shown)


def _page_data(kg: KnowledgeGraph, max_nodes: int | None) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-able data (the side panels' data
    as a generator of JSON texts, one per node)."""
    g = kg.graph
    kept = _select(g, max_nodes)
    ids = {iri: number for number, iri in enumerate(kept)}
    incident = _incident(g, kept)
    nodes, edges, placed = _network(g, kept, ids, incident)
    present = {node["kind"] for node in nodes}
    legend = [[kind, name, colour, sum(1 for node in nodes if node["kind"] == kind)]
              for kind, name, colour in LEGEND if kind in present]
    omitted = _omitted(g, kept, len(edges))
    if omitted:
        log.info("graph.html shows %d of %d nodes", len(kept), omitted["total"])
    return {"nodes": nodes, "edges": edges, "options": _options(len(kept)), "legend": legend,
            "edgeColours": _EDGE_COLOUR, "rank": _rank(nodes),
            "loose": _loose(g, kept, placed),
            # each node's as JSON, made as the page is written: the panels are its largest part
            "details": (script_json(details(g, iri, incident[iri], ids, kg.base_iri))
                        for iri in kept),
            "omitted": omitted, "shown": {"nodes": len(nodes), "edges": len(edges)},
            "iris": kept, "maxNodes": max_nodes or 0}


def _rank(nodes: list[dict[str, Any]]) -> list[int]:
    """Node ids, most important first: by weight, sections after the rest (their documents
    stand for them)."""
    return sorted(range(len(nodes)), key=lambda i: (nodes[i]["kind"] == "Section", -nodes[i]["w"], i))


def _loose(g: nx.MultiDiGraph, kept: list[str], placed: Layout) -> dict[str, Any] | None:
    """Where the page writes the name of the group of nodes with no edge."""
    if not placed.loose:
        return None
    documents = all(g.nodes[kept[v]]["kind"] in DOCUMENT_KINDS for v in placed.loose)
    what = "documents with no entity found" if documents else "nodes with no link"
    return {"x": placed.loose_at[0], "y": placed.loose_at[1], "text": f"{len(placed.loose)} {what}"}
