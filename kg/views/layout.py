"""Node positions computed in Python, so a big view opens drawn instead of simulating in the
browser.

networkx's ``spring_layout`` is O(n²) per iteration (about a minute for 5,000 nodes here), so
large components use a Fruchterman–Reingold variant whose repulsion is exact only between close
nodes (a k-d tree) and taken from the centroids of a coarse grid beyond: O(n log n) per step.
Each connected component is laid out on its own and the components are packed on shelves,
biggest first, so small groups do not orbit the giant one.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

Position = tuple[float, float]

SMALL_COMPONENT = 250  # up to this, networkx's exact spring layout is fast enough


def _spectral_start(n: int, src: np.ndarray, dst: np.ndarray, seed: int) -> np.ndarray:
    """A start that already has the graph's coarse shape: power iteration of the lazy random
    walk (the smoothest non-trivial eigenvectors, as in a spectral layout) from random
    coordinates. A few hundred sparse products: milliseconds, where a random start leaves
    force-directed steps tangled."""
    adj = sp.coo_array((np.ones(2 * len(src)), (np.r_[src, dst], np.r_[dst, src])),
                       shape=(n, n)).tocsr()
    deg = np.maximum(np.asarray(adj.sum(axis=1)).ravel(), 1.0)
    x = np.random.default_rng(seed).uniform(-1.0, 1.0, (n, 2))
    for _ in range(150):
        x = 0.5 * (x + (adj @ x) / deg[:, None])
        x -= (deg @ x) / deg.sum()  # drop the constant eigenvector
        x, _r = np.linalg.qr(x)
    return x / np.abs(x).max(axis=0)


def _fast_fr(n: int, src: np.ndarray, dst: np.ndarray, seed: int, iterations: int) -> np.ndarray:
    """Positions in units of the ideal edge length (k = 1)."""
    rng = np.random.default_rng(seed)
    # Many leaves of one hub start at the same spectral point: jitter them apart.
    pos = (_spectral_start(n, src, dst, seed) + rng.uniform(-0.15, 0.15, (n, 2))) * math.sqrt(n)
    temperature = math.sqrt(n) / 8
    cooling = (0.02 / temperature) ** (1 / max(iterations - 1, 1))
    grid = 10
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        # Far field: repulsion k²/d from the centroid of each occupied grid cell.
        # A grid shifted at random each step, so cell borders leave no pattern in the layout.
        cell = (pos.max(axis=0) - pos.min(axis=0)) / (grid - 1) + 1e-9
        lo = pos.min(axis=0) - rng.uniform(0.0, 1.0, 2) * cell
        ij = np.minimum(((pos - lo) / cell).astype(np.int64), grid - 1)
        cid = ij[:, 0] * grid + ij[:, 1]
        counts = np.bincount(cid, minlength=grid * grid).astype(float)
        occupied = counts > 0
        cx = np.bincount(cid, weights=pos[:, 0], minlength=grid * grid)[occupied]
        cy = np.bincount(cid, weights=pos[:, 1], minlength=grid * grid)[occupied]
        mass = counts[occupied]
        centres = np.stack([cx / mass, cy / mass], axis=1)
        # sum_c m_c (p - c) / |p - c|², with |p - c|² expanded so no n×cells×2 array is built.
        dist2 = (
            (pos**2).sum(axis=1)[:, None] + (centres**2).sum(axis=1)[None, :]
            - 2.0 * pos @ centres.T
        )
        w = mass / (np.maximum(dist2, 0.0) + 1.0)  # softened: a node's own cell stays finite
        disp += pos * w.sum(axis=1)[:, None] - w @ centres
        # Near field: exact repulsion between nodes closer than 2k.
        pairs = cKDTree(pos).query_pairs(2.0, output_type="ndarray")
        if len(pairs):
            a, b = pairs[:, 0], pairs[:, 1]
            d = pos[a] - pos[b]
            f = d / np.maximum((d**2).sum(axis=1), 1e-4)[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(a, f[:, axis], n) - np.bincount(b, f[:, axis], n)
        # Attraction d²/k along edges.
        d = pos[src] - pos[dst]
        f = d * np.sqrt((d**2).sum(axis=1))[:, None]
        for axis in (0, 1):
            disp[:, axis] += np.bincount(dst, f[:, axis], n) - np.bincount(src, f[:, axis], n)
        disp -= 0.01 * pos  # a little gravity keeps loose ends near
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= cooling
    return pos


def _component_layout(g: nx.Graph, seed: int) -> dict[Hashable, np.ndarray]:
    n = g.number_of_nodes()
    if n == 1:
        return {next(iter(g.nodes)): np.zeros(2)}
    if n <= SMALL_COMPONENT:
        # networkx scales to [-1, 1]; stretch so that edges get roughly unit length.
        raw = nx.spring_layout(g, seed=seed, iterations=100)
        return {v: np.asarray(p) * math.sqrt(n) * 0.9 for v, p in raw.items()}
    nodes = list(g.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in g.edges if u != v], dtype=np.int64)
    iterations = 120 if n <= 2000 else 80
    pos = _fast_fr(n, edges[:, 0], edges[:, 1], seed, iterations)
    return dict(zip(nodes, pos, strict=True))


def layout_positions(
    nodes: Iterable[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    seed: int = 7,
    spacing: float = 120.0,
) -> dict[Hashable, Position]:
    """Positions in vis-network pixels, about ``spacing`` between linked nodes. Deterministic
    for a given graph and seed."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    components = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(map(str, c))))
    placed: dict[Hashable, Position] = {}
    boxes = []
    for comp in components:
        # A copy, not g.subgraph(): a subgraph view of a small part iterates its node *set*,
        # whose order follows the process's string-hash seed, and the layout would with it.
        members = sorted(comp, key=str)
        sub = nx.Graph()
        sub.add_nodes_from(members)
        sub.add_edges_from(g.edges(members))
        local = _component_layout(sub, seed)
        arr = np.array(list(local.values())) * spacing
        lo, hi = arr.min(axis=0), arr.max(axis=0)
        boxes.append((list(local), arr - lo, hi - lo + spacing))
    # Shelf packing: rows about as wide as the square root of the total area.
    row_width = max(max(b[2][0] for b in boxes), math.sqrt(sum(b[2][0] * b[2][1] for b in boxes)))
    x = y = row_height = 0.0
    for names, arr, (w, h) in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for name, (px, py) in zip(names, arr, strict=True):
            placed[name] = (float(px + x), float(py + y))
        x += w
        row_height = max(row_height, h)
    # Centre on the origin, where vis-network's view starts.
    if placed:
        all_pos = np.array(list(placed.values()))
        mid = (all_pos.min(axis=0) + all_pos.max(axis=0)) / 2
        placed = {k: (round(v[0] - mid[0], 1), round(v[1] - mid[1], 1)) for k, v in placed.items()}
    return placed
