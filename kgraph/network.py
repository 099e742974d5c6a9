"""Graph questions of :class:`~kgraph.graph.KnowledgeGraph`: neighbours, centrality, communities.

They read the graph as undirected, with one weighted edge per pair of linked nodes: the
weight of a ``mentions`` edge is its mention count, of any other edge 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.errors import UsageError
from kgraph.questions import resolve
from kgraph.results import Community, Neighbor, Score, Table, columns

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Network", "undirected", "pagerank", "CENTRALITY"]

CENTRALITY = ("degree", "pagerank")


def undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """``g`` as a simple undirected graph, edges weighted by their mention counts.

    Examples
    --------
    >>> u = undirected(kg.graph)
    >>> u.number_of_nodes() == kg.graph.number_of_nodes()
    True
    """
    import networkx as nx

    u = nx.Graph()
    u.add_nodes_from(sorted(g.nodes))
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        weight = data.get("count", 1)
        if u.has_edge(a, b):
            u[a][b]["weight"] += weight
        else:
            u.add_edge(a, b, weight=weight)
    return u


def pagerank(u: nx.Graph, *, alpha: float = 0.85, tol: float = 1.0e-10,
             max_iter: int = 200) -> dict[str, float]:
    """PageRank of a weighted undirected graph, by power iteration (no SciPy needed).

    Examples
    --------
    >>> import networkx as nx
    >>> ranks = pagerank(nx.path_graph(["a", "b", "c"]))
    >>> round(ranks["b"], 3), round(sum(ranks.values()), 6)
    (0.486, 1.0)
    """
    n = u.number_of_nodes()
    if n == 0:
        return {}
    strength = {v: sum(d.get("weight", 1) for d in u[v].values()) for v in u}
    rank = dict.fromkeys(u, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[v] for v in u if not strength[v]) / n
        new = {v: (1 - alpha) / n + dangling + alpha * sum(
            rank[w] * d.get("weight", 1) / strength[w] for w, d in u[v].items()) for v in u}
        done = sum(abs(new[v] - rank[v]) for v in u) < n * tol
        rank = new
        if done:
            break
    return rank


class Network:
    """The network methods of :class:`~kgraph.graph.KnowledgeGraph`."""

    graph: nx.MultiDiGraph

    def neighbors(self, node: str, depth: int = 1) -> Table[Neighbor]:
        """The nodes at most ``depth`` edges away from ``node``, following edges either way.

        Parameters
        ----------
        node:
            A label, an alternative label, a document title or an IRI.
        depth:
            How many edges away to look; 1 gives the direct neighbours.

        Returns
        -------
        Table of Neighbor
            Nearest first, then by kind and label; ``node`` itself is left out.

        Examples
        --------
        >>> [(n.kind, n.label) for n in kg.neighbors("Lex Fridman")]
        [('Video', 'Machine learning and AI in healthcare')]
        """
        import networkx as nx

        if depth < 1:
            raise UsageError(f"depth must be 1 or more, not {depth}")
        start = resolve(self.graph, node)
        g = self.graph
        reached = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), start,
                                                        cutoff=depth)
        out = [Neighbor(iri, g.nodes[iri]["kind"], g.nodes[iri]["label"], d)
               for iri, d in reached.items() if iri != start]
        out.sort(key=lambda n: (n.distance, n.kind, n.label.lower(), n.iri))
        return Table(out, columns(Neighbor))

    def central(self, type: str | None = None, k: int = 10, *,  # noqa: A002 - the API's word
                by: str = "degree") -> Table[Score]:
        """The ``k`` most central nodes, of one kind or of all.

        Parameters
        ----------
        type:
            A node kind (``"Technique"``, ``"Article"``, ...); all nodes when None.
        k:
            How many to return.
        by:
            ``"degree"``: how many distinct nodes a node is linked to; ``"pagerank"``: PageRank
            over mention-weighted links, where a link from an important node counts more.

        Examples
        --------
        >>> [(s.label, s.score) for s in kg.central("Specialty", k=2)]
        [('pathology', 13.0), ('cardiology', 10.0)]
        >>> kg.central("Technique", k=1, by="pagerank")[0].label
        'artificial intelligence'
        """
        if by not in CENTRALITY:
            raise UsageError(f"unknown centrality {by!r} (choose from {', '.join(CENTRALITY)})")
        u = undirected(self.graph)
        scores = ({v: float(d) for v, d in u.degree()} if by == "degree" else pagerank(u))
        nodes = self.graph.nodes
        out = [Score(v, nodes[v]["kind"], nodes[v]["label"], s) for v, s in scores.items()
               if type is None or type in nodes[v]["types"]]
        out.sort(key=lambda s: (-s.score, s.label.lower(), s.iri))
        return Table(out[:k], columns(Score))

    def communities(self, *, resolution: float = 1.0, seed: int = 0) -> Table[Community]:
        """Groups of densely linked nodes, found with networkx's Louvain method.

        Parameters
        ----------
        resolution:
            Above 1 gives more, smaller communities; below 1 fewer, larger ones.
        seed:
            The random seed; the same seed gives the same communities.

        Returns
        -------
        Table of Community
            Largest first; each lists its members best connected first.

        Examples
        --------
        >>> groups = kg.communities()
        >>> sum(c.size for c in groups) == kg.graph.number_of_nodes()
        True
        """
        import networkx as nx

        u = undirected(self.graph)
        found = nx.community.louvain_communities(u, weight="weight", resolution=resolution,
                                                 seed=seed)
        strength = dict(u.degree(weight="weight"))
        groups = [sorted(c, key=lambda v: (-strength[v], v)) for c in found]
        groups.sort(key=lambda c: (-len(c), c[0]))
        out = [Community(i, len(c), tuple(self.graph.nodes[v]["label"] for v in c), tuple(c))
               for i, c in enumerate(groups)]
        return Table(out, columns(Community))
