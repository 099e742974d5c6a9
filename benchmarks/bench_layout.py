"""Layout libraries compared on graphs shaped like kgraph's (run by hand).

    python benchmarks/bench_layout.py [--networkx]

Documents joined to 1-4 of a smaller set of entities; seconds for igraph's
Fruchterman-Reingold (what graph.html uses: the grid variant above 1,000 nodes) and DrL,
and with ``--networkx`` networkx's forceatlas2_layout (slow: 10 s and more at 2,000 nodes).
"""

from __future__ import annotations

import argparse
import random
import time


def edges(n: int) -> list[tuple[int, int]]:
    rng = random.Random(1)
    entities = max(20, n // 20)
    return [(d, rng.randrange(entities)) for d in range(entities, n) for _ in range(rng.randint(1, 4))]


def main() -> None:
    import igraph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networkx", action="store_true", help="also time networkx's forceatlas2_layout")
    args = parser.parse_args()
    for n in (2_000, 10_000):
        graph = igraph.Graph(n=n, edges=edges(n))
        for name, run in (("igraph fruchterman_reingold", lambda: graph.layout_fruchterman_reingold(niter=500)),
                          ("igraph drl", graph.layout_drl)):
            igraph.set_random_number_generator(random.Random(7))
            start = time.perf_counter()
            run()
            print(f"{n:>6} nodes  {name:<28} {time.perf_counter() - start:6.2f} s")
        if args.networkx and n <= 2_000:
            import networkx as nx

            g = nx.Graph(edges(n))
            start = time.perf_counter()
            nx.forceatlas2_layout(g, seed=7)
            print(f"{n:>6} nodes  {'networkx forceatlas2_layout':<28} {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
