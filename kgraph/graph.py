"""The :class:`KnowledgeGraph`: a networkx MultiDiGraph with questions, views and exports."""

from __future__ import annotations

import html
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph import _config
from kgraph.errors import MissingDependencyError, QueryError
from kgraph.ids import DEFAULT_BASE_IRI
from kgraph.network import Network
from kgraph.questions import Questions, resolve
from kgraph.records import DOCUMENT_KINDS, ENTITY_KINDS
from kgraph.results import DocumentInfo, EntityInfo

_log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import rdflib

    from kgraph.query import Result

__all__ = ["KnowledgeGraph", "EntityInfo", "DocumentInfo", "DOCUMENT_KINDS", "ENTITY_KINDS",
           "NODE_ATTRIBUTES", "OPTIONAL_ATTRIBUTES", "node_defaults"]

NodeFilter = Callable[[str, Mapping[str, Any]], bool]

# The attributes of the nodes of ``KnowledgeGraph.graph``, written once, with the value a
# node has when there is nothing to say: assemble() gives them, load() reads them back from
# RDF, and the tests hold both to them. A node has those of every kgraph class it has.
NODE_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "": {"kind": "", "types": (), "label": "", "alt_labels": ()},  # every node
    **dict.fromkeys(DOCUMENT_KINDS, {"title": "", "created": "", "url": "", "source_file": "",
                                     "excerpt": ""}),
    "Section": {"position": 0, "field": "", "document": ""},  # document: its document's IRI
    "Provider": {"domain": ""},
    # (MeSH descriptor IRI, its heading, "exact" or "close"), exact matches first
    **dict.fromkeys(ENTITY_KINDS, {"mesh": ()}),
}
# Only some documents have these: the input files a document was read from (a related item
# has none), and the aliases its front matter gives.
OPTIONAL_ATTRIBUTES = ("source_files", "aliases")


def node_defaults(types: Iterable[str]) -> dict[str, Any]:
    """The attributes of a node of these kgraph classes, each with its empty value.

    >>> node_defaults(["Provider"])
    {'kind': '', 'types': (), 'label': '', 'alt_labels': (), 'domain': ''}
    """
    return {key: value for kind in ("", *types)
            for key, value in NODE_ATTRIBUTES.get(kind, {}).items()}


@dataclass
class KnowledgeGraph(Questions, Network):
    """Documents, the entities they mention, and how they relate.

    Attributes
    ----------
    graph:
        A ``networkx.MultiDiGraph`` keyed by IRI. Every node has ``kind`` (its main
        class), ``types`` (all its kgraph classes), ``label``, ``alt_labels`` and the
        attributes of its classes (:data:`NODE_ATTRIBUTES` lists them all); edges
        are keyed by the kgraph property they stand for (``"mentions"``,
        ``"publishedBy"``, ...), and ``mentions`` edges carry ``count`` and the
        ``mentions`` records behind them.
    base_iri:
        The namespace of the graph's own IRIs.
    report:
        What the build read, skipped and counted (empty for a loaded graph or a subgraph).

    Examples
    --------
    >>> import kgraph
    >>> kg = kgraph.build(["seeds/"])
    >>> kg.counts()["Paper"], kg.counts()["Specialty"]
    (1, 20)
    """

    graph: nx.MultiDiGraph
    base_iri: str = DEFAULT_BASE_IRI
    report: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.counts().items()))
        return f"<KnowledgeGraph {self.graph.number_of_nodes()} nodes: {counts}>"

    def _repr_html_(self) -> str:
        """A short summary table, for Jupyter."""
        rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>"
                       for k, v in sorted(self.counts().items()))
        mentions = sum(d.get("count", 0) for _, _, d in self.graph.edges(data=True))
        return (f"<table><caption>KnowledgeGraph: {self.graph.number_of_nodes()} nodes, "
                f"{self.graph.number_of_edges()} edges, {mentions} mentions</caption>"
                f"<tr><th>class</th><th>nodes</th></tr>{rows}</table>")

    def counts(self) -> dict[str, int]:
        """The number of nodes of each class (a node of two classes counts in both).

        Examples
        --------
        >>> kg.counts()["Video"]
        1
        """
        return dict(Counter(t for _, types in self.graph.nodes(data="types") for t in types))

    def subgraph(self, nodes: Iterable[str] | NodeFilter) -> KnowledgeGraph:
        """The part of the graph on ``nodes``, as a KnowledgeGraph that exports like the whole.

        Parameters
        ----------
        nodes:
            Labels or IRIs of the nodes to keep, or a function ``(iri, attributes) -> bool``
            that says which to keep. A kept section brings its document along.

        Raises
        ------
        UnknownNodeError
            When a label names no node.

        Examples
        --------
        >>> sub = kg.subgraph(lambda iri, data: data["kind"] in ("Paper", "Section", "Technique"))
        >>> sub.counts()["Paper"], "Article" in sub.counts()
        (1, False)
        >>> sorted(kg.subgraph(["radiology", "dermatology"]).counts().items())
        [('Specialty', 2)]
        """
        if callable(nodes):
            keep = {iri for iri, data in self.graph.nodes(data=True) if nodes(iri, data)}
        else:
            keep = {resolve(self.graph, name) for name in nodes}
        keep |= {self.graph.nodes[iri]["document"] for iri in keep
                 if self.graph.nodes[iri].get("document")}
        return KnowledgeGraph(self.graph.subgraph(keep).copy(), base_iri=self.base_iri)

    def to_rdf(self) -> rdflib.Graph:
        """The graph as an ``rdflib.Graph`` in the kgraph vocabulary.

        Examples
        --------
        >>> len(kg.to_rdf()) > 3000
        True
        """
        from kgraph.export.rdf import to_rdf

        return to_rdf(self)

    def sparql(self, query: str) -> Result:
        """Run a SPARQL SELECT query: a :class:`~kgraph.query.Result`, whose rows are dicts
        from variable to Python value.

        IRIs come as strings, literals as Python values (``int``, ``str``, ``datetime``),
        unbound variables as None. The prefixes ``kg:``, ``rdfs:``, ``skos:``, ``dcterms:``,
        ``schema:`` and ``xsd:`` are predefined.

        Raises
        ------
        QueryError
            When the query does not parse or is not a SELECT.

        Examples
        --------
        >>> kg.sparql("SELECT ?title WHERE { ?d a kg:Paper ; dcterms:title ?title }")
        [{'title': 'Deep learning-enabled medical computer vision'}]
        """
        from kgraph.query import sparql

        result = sparql(self, query)
        if result.boolean is not None:
            raise QueryError("sparql() runs SELECT queries, not ASK "
                             "(kgraph.query.sparql runs both)")
        return result

    def write_turtle(self, path: str | os.PathLike[str]) -> None:
        """Write RDF Turtle to ``path``: UTF-8, prefixes bound, the same bytes every run."""
        from kgraph.export.rdf import write_turtle

        write_turtle(self, path)

    def write_html(self, path: str | os.PathLike[str]) -> None:
        """Write the interactive view to ``path``: one self-contained page."""
        from kgraph.export.html import write_html

        write_html(self, path)

    def show(self, *, height: int = 640, max_nodes: int | None = _config.MAX_NODES) -> None:
        """Display the interactive view: inline in Jupyter, else in a web browser.

        Outside a notebook (a plain Python or IPython session), the page is written to a
        temporary file and opened in the default browser; the log says where it is.

        Parameters
        ----------
        height:
            The height of the view in a notebook, in pixels.
        max_nodes:
            Above this many nodes the view keeps the most connected ones (None: keep all),
            as in :meth:`write_html`.
        """
        from kgraph.export.html import notebook_html, write_html

        if _in_notebook():
            from IPython.display import display

            display(_Html(notebook_html(self, max_nodes=max_nodes, height=height)))
            return
        import tempfile
        import webbrowser
        from pathlib import Path

        handle, name = tempfile.mkstemp(prefix="kgraph-", suffix=".html")
        os.close(handle)
        write_html(self, name, max_nodes=max_nodes)
        opened = webbrowser.open(Path(name).as_uri())
        _log.warning("%s the view in %s", "opened" if opened else "no browser found: open", name)


def _in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (a notebook, JupyterLab, VS Code, Colab)."""
    import sys

    if "IPython" not in sys.modules:  # a kernel has imported it long before
        return False
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None


@dataclass(frozen=True)
class _Html:
    """HTML that Jupyter renders as it is (``IPython.display.HTML`` warns on an iframe)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html
