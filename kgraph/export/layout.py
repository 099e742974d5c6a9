"""Positions of the drawn nodes, computed once at build time so that the browser only draws.

Each connected component is laid out on its own by igraph's Fruchterman-Reingold (the grid
variant above 1,000 nodes), seeded, so the same graph gives the same positions. The
components are then packed side by side in rows, largest first, and the nodes with no edge
at all are gathered in one grid below them, with a label.

Measured on this project's machine (see ``benchmarks/bench_layout.py``): 0.5 s for 2,000 nodes
and 0.9 s for 10,000; networkx's ``forceatlas2_layout`` took 11.5 s for 2,000, and its
``spring_layout`` needs scipy.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

__all__ = ["Layout", "layout"]

_EDGE = 110.0  # median edge length, in canvas units
_CELL = 70.0  # grid step of the nodes with no edge
_GAP = 160.0  # space between components
_SEED = 7


@dataclass(frozen=True)
class Layout:
    """Where each node is drawn, and the box of the nodes with no edge (if any)."""

    xy: tuple[tuple[int, int], ...]  # by node number
    loose: tuple[int, ...]  # the node numbers with no edge, in grid order
    loose_at: tuple[int, int] = (0, 0)  # top left corner of their grid


def layout(n: int, edges: list[tuple[int, int]]) -> Layout:
    """Positions of nodes ``0 .. n-1`` joined by ``edges`` (pairs of node numbers).

    >>> placed = layout(4, [(0, 1), (1, 2)])
    >>> placed.loose
    (3,)
    >>> placed == layout(4, [(0, 1), (1, 2)])
    True
    """
    import igraph

    graph = igraph.Graph(n=n, edges=sorted({(min(e), max(e)) for e in edges if e[0] != e[1]}))
    groups = sorted((sorted(c) for c in graph.connected_components() if len(c) > 1),
                    key=lambda c: (-len(c), c[0]))
    loose = tuple(sorted(v for v in range(n) if graph.degree(v) == 0))
    blocks = [_component(graph, members) for members in groups]
    xy: list[tuple[float, float]] = [(0.0, 0.0)] * n
    bottom = _pack(blocks, groups, xy)
    corner = (0.0, bottom + (_GAP if groups else 0.0))
    columns = max(1, math.ceil(math.sqrt(len(loose) * 2)))
    for i, v in enumerate(loose):
        xy[v] = (corner[0] + (i % columns) * _CELL, corner[1] + (i // columns) * _CELL)
    return Layout(tuple((round(x), round(y)) for x, y in xy), loose,
                  (round(corner[0]), round(corner[1])))


def _component(graph: object, members: list[int]) -> list[tuple[float, float]]:
    """One component's positions, scaled to the median edge length, top left at (0, 0)."""
    import igraph

    sub = graph.subgraph(members)  # type: ignore[attr-defined]
    if len(members) == 2:
        coords = [(0.0, 0.0), (_EDGE, 0.0)]
    else:
        igraph.set_random_number_generator(random.Random(_SEED))
        try:
            # edges between two well-connected nodes pull less: hubs keep apart
            degree = sub.degree()
            weights = [1 / math.sqrt(min(degree[a], degree[b])) for a, b in sub.get_edgelist()]
            coords = [tuple(p) for p in sub.layout_fruchterman_reingold(weights=weights, niter=500)]
        finally:
            igraph.set_random_number_generator(random)
    coords = _level(coords)
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in sub.get_edgelist())
    scale = _EDGE / max(lengths[len(lengths) // 2], 1e-9)
    left, top = min(x for x, _ in coords), min(y for _, y in coords)
    return [((x - left) * scale, (y - top) * scale) for x, y in coords]


def _level(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The positions turned so that their longest extent is horizontal, as screens are."""
    n = len(coords)
    mx, my = sum(x for x, _ in coords) / n, sum(y for _, y in coords) / n
    sxx = sum((x - mx) ** 2 for x, _ in coords)
    syy = sum((y - my) ** 2 for _, y in coords)
    sxy = sum((x - mx) * (y - my) for x, y in coords)
    angle = -0.5 * math.atan2(2 * sxy, sxx - syy)  # the principal axis onto the x axis
    cos, sin = math.cos(angle), math.sin(angle)
    return [((x - mx) * cos - (y - my) * sin, (x - mx) * sin + (y - my) * cos) for x, y in coords]


def _pack(blocks: list[list[tuple[float, float]]], groups: list[list[int]],
          xy: list[tuple[float, float]]) -> float:
    """Place the components in rows (shelves), writing into ``xy``; returns the bottom edge."""
    sizes = [(max(x for x, _ in b), max(y for _, y in b)) for b in blocks]
    area = sum((w + _GAP) * (h + _GAP) for w, h in sizes)
    width = max([w for w, _ in sizes] + [math.sqrt(area) * 1.5])
    x = y = row = 0.0
    for block, members, (w, h) in zip(blocks, groups, sizes):
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + _GAP, 0.0
        for v, (bx, by) in zip(members, block):
            xy[v] = (x + bx, y + by)
        x, row = x + w + _GAP, max(row, h)
    return y + row
