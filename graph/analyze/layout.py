"""Lay out a network in Python: seeded, reproducible pixel positions for the HTML views.

A browser simulation of a few hundred nodes takes many seconds to settle and
never lands twice in the same place; positions computed here draw at once and
are a function of the graph alone.  The force model is Fruchterman-Reingold's,
as in :func:`networkx.spring_layout`, but vectorised with numpy in float32 and
in row blocks, so that 2,000 nodes take about a second where networkx's own
solvers take several.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

__all__ = ["compute_layout", "label_box", "layered_positions", "remove_overlaps", "spring_positions"]

# 256 rows of pairwise differences stay within a CPU's cache for a few
# thousand columns, which is what makes the blocked loop fast.
_BLOCK = 256


def spring_positions(
    n: int, edges: list[tuple[int, int]], seed: int = 42, iterations: int = 50
) -> list[tuple[float, float]]:
    """Return Fruchterman-Reingold positions in about the unit square for nodes ``0..n-1``.

    Every node repels every other (exact, not approximated) with force k²/d and
    each edge pulls its ends together with force d²/k, k = sqrt(1/n); each step
    moves a node by a temperature that cools linearly to zero, as networkx does.
    The start is a seeded uniform placement, so equal inputs give equal outputs.

    >>> a = spring_positions(3, [(0, 1), (1, 2)], seed=1)
    >>> a == spring_positions(3, [(0, 1), (1, 2)], seed=1), len(a)
    (True, 3)
    """
    import numpy as np

    if n == 0:
        return []
    f32 = np.float32
    pos = np.random.RandomState(seed).rand(n, 2).astype(f32)
    if n == 1:
        return [(0.0, 0.0)]
    k2 = f32(1.0 / n)
    k = f32(math.sqrt(1.0 / n))
    pairs = np.asarray(edges, dtype=np.intp).reshape(-1, 2)
    src, dst = pairs[:, 0], pairs[:, 1]
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    floor = f32(1e-4)  # networkx's minimum distance of 0.01, squared
    disp = np.empty((n, 2), dtype=f32)
    for _ in range(iterations):
        for lo in range(0, n, _BLOCK):
            hi = min(lo + _BLOCK, n)
            dx = pos[lo:hi, 0, None] - pos[None, :, 0]
            dy = pos[lo:hi, 1, None] - pos[None, :, 1]
            d2 = dx * dx + dy * dy
            np.maximum(d2, floor, out=d2)
            force = k2 / d2
            disp[lo:hi, 0] = (dx * force).sum(axis=1)
            disp[lo:hi, 1] = (dy * force).sum(axis=1)
        if len(pairs):
            delta = pos[src] - pos[dst]
            pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            np.subtract.at(disp, src, pull)
            np.add.at(disp, dst, pull)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), f32(0.01))
        pos += disp * (f32(temperature) / length)[:, None]
        temperature -= cooling
    return [(float(x), float(y)) for x, y in pos]


def compute_layout(
    G: nx.Graph[Any], seed: int = 42, spacing: float = 150.0
) -> dict[Any, tuple[float, float]]:
    """Return deterministic pixel positions for every node (spring layout with a fixed seed).

    >>> compute_layout(nx.path_graph(3)) == compute_layout(nx.path_graph(3))
    True
    """
    n = len(G)
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(G)): (0.0, 0.0)}
    # Direction and multiplicity don't matter for placement; a simple undirected
    # edge list in G's node order keeps the result a function of G alone.
    index = {node: i for i, node in enumerate(G)}
    edges = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v})
    raw = spring_positions(n, edges, seed=seed)
    xs = [x for x, _ in raw]
    ys = [y for _, y in raw]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    # Fit the graph in [-1, 1], then grow the canvas with sqrt(n) so each node
    # gets about `spacing` pixels of room whatever the graph's size.
    radius = max(4.0, math.sqrt(n / math.pi)) * spacing / 2
    scale = radius / half
    return {node: (round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for node, (x, y) in zip(G, raw, strict=True)}


def label_box(label: str, font_size: float, shape: str, size: float) -> tuple[float, float]:
    """Return the width and height in canvas pixels that vis-network gives a node with this label.

    A CJK character is one em wide, other characters about 0.6 em; a box or
    ellipse holds its label within its margin and border (measured: 142 × 52
    for four characters at 30 pixels), the other shapes draw it under the shape.

    >>> label_box("省环保厅", 30, "box", 14)
    (142.0, 52.0)
    """
    ems = sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in label)
    text_w, text_h = ems * font_size, font_size * 1.2
    if shape in ("box", "ellipse"):
        return (round(text_w + 22 + (text_w * 0.2 if shape == "ellipse" else 0), 1), round(text_h + 16, 1))
    return (round(max(text_w, 2 * size), 1), round(2 * size + text_h + 4, 1))


def remove_overlaps(
    positions: list[tuple[float, float]],
    sizes: list[tuple[float, float]],
    gap: float = 6.0,
    rings: int = 400,
) -> list[tuple[float, float]]:
    """Move boxes centred at ``positions`` until no two overlap, each to the free spot nearest its own.

    Boxes are placed one by one, the biggest first (a unit's long name anchors
    the picture; a measure's code fits in between): each takes its own place
    if free, else the nearest free place on rings around it, found with a grid
    of the boxes placed so far.  No overlap is left (unless ``rings`` run out),
    and the result is a function of the input.

    >>> remove_overlaps([(0, 0), (1, 0)], [(10, 10), (10, 10)], gap=0)
    [(0.0, 0.0), (17.0, 0.0)]
    """
    n = len(positions)
    order = sorted(range(n), key=lambda i: (-sizes[i][0] * sizes[i][1], i))
    halves = [((w + gap) / 2, (h + gap) / 2) for w, h in sizes]
    cell = max(16.0, sorted(2 * hw for hw, _ in halves)[n // 2] if n else 16.0)
    grid: dict[tuple[int, int], list[int]] = {}
    out: list[tuple[float, float]] = [(float(x), float(y)) for x, y in positions]

    def cells(x: float, y: float, hw: float, hh: float) -> list[tuple[int, int]]:
        return [(gx, gy) for gx in range(math.floor((x - hw) / cell), math.floor((x + hw) / cell) + 1)
                for gy in range(math.floor((y - hh) / cell), math.floor((y + hh) / cell) + 1)]

    def free(x: float, y: float, hw: float, hh: float) -> bool:
        for key in cells(x, y, hw, hh):
            for j in grid.get(key, ()):
                ox, oy = out[j]
                if abs(x - ox) < hw + halves[j][0] - 1e-6 and abs(y - oy) < hh + halves[j][1] - 1e-6:
                    return False
        return True

    for i in order:
        x0, y0 = out[i]
        hw, hh = halves[i]
        step = max(4.0, min(hh, hw))
        spot = (x0, y0)
        for ring in range(rings):
            if ring == 0:
                candidates = [(x0, y0)]
            else:
                count = 8 * ring
                radius = ring * step
                # Flattened rings: a label is wider than tall, so moving up or down costs less room.
                candidates = [(x0 + radius * 1.6 * math.cos(2 * math.pi * k / count),
                               y0 + radius * math.sin(2 * math.pi * k / count)) for k in range(count)]
                candidates.sort(key=lambda c: (abs(c[1] - y0) + abs(c[0] - x0) / 1.6))
            found = next((c for c in candidates if free(c[0], c[1], hw, hh)), None)
            if found is not None:
                spot = found
                break
        out[i] = (round(spot[0], 1), round(spot[1], 1))
        for key in cells(out[i][0], out[i][1], hw, hh):
            grid.setdefault(key, []).append(i)
    return out


def layered_positions(
    layers: list[list[Any]],
    neighbours: dict[Any, list[Any]],
    sizes: dict[Any, tuple[float, float]],
    layer_gap: float = 120.0,
    node_gap: float = 8.0,
    sweeps: int = 4,
    max_height: float = math.inf,
) -> dict[Any, tuple[float, float]]:
    """Return positions of nodes in columns, left to right, each column ordered to keep edges short.

    ``layers`` lists the nodes of each column in a first order (the first is
    kept: a document's problems by code); the later columns are reordered by
    the mean place of their neighbours in the columns before (barycentres, a
    few sweeps), then each node is placed as near its neighbours' height as
    the column allows, columns as wide as their widest label.  A column
    taller than ``max_height`` is dealt, in its order, into side-by-side
    sub-columns (the 1st, 3rd, 5th … node left, the 2nd, 4th … right), so
    that a long list of units stays in view at a readable size.

    >>> p = layered_positions([["a"], ["b", "c"]], {"b": ["a"], "c": ["a"]}, {n: (10, 10) for n in "abc"})
    >>> p["a"][0] < p["b"][0] == p["c"][0], p["b"][1] < p["c"][1]
    (True, True)
    """
    rank: dict[Any, float] = {}
    ordered = [list(layer) for layer in layers]
    for i, node in enumerate(ordered[0] if ordered else []):
        rank[node] = float(i)

    def barycentre(node: Any, fallback: float) -> float:
        seen = [rank[m] for m in neighbours.get(node, []) if m in rank]
        return sum(seen) / len(seen) if seen else fallback

    for _ in range(max(1, sweeps)):
        for k in range(1, len(ordered)):
            layer = ordered[k]
            keyed = sorted(range(len(layer)), key=lambda i: (barycentre(layer[i], rank.get(layer[i], float(i))), i))
            ordered[k] = [layer[i] for i in keyed]
            for i, node in enumerate(ordered[k]):
                rank[node] = float(i) + k * 1e-6
    ys: dict[Any, float] = {}
    x = 0.0
    positions: dict[Any, tuple[float, float]] = {}
    for k, layer in enumerate(ordered):
        width = max([sizes[n][0] for n in layer] or [0.0])
        stacked = sum(sizes[n][1] + node_gap for n in layer)
        split = max(1, math.ceil(stacked / max_height)) if layer else 1
        x += width / 2
        # Stack the column, then slide it to sit beside what it links to.
        wanted: list[float] = []
        for node in layer:
            linked = [ys[m] for m in neighbours.get(node, []) if m in ys]
            wanted.append(sum(linked) / len(linked) if linked else float("nan"))
        placed: list[float] = []
        cursor = -math.inf
        for node, want in zip(layer, wanted, strict=True):
            # Dealt into ``split`` sub-columns, a node needs only 1/split of its height in the stack.
            h = (sizes[node][1] + node_gap) / split
            top = cursor if math.isnan(want) or split > 1 else max(cursor, want - h / 2)
            top = 0.0 if top == -math.inf else top
            placed.append(top + h / 2)
            cursor = top + h + (0.0 if split > 1 else node_gap)
        if k == 0 or split > 1 or all(math.isnan(w) for w in wanted):
            # The first column, a dealt one and an unlinked one are centred on the others.
            mid = (placed[0] + placed[-1]) / 2 if placed else 0.0
            centre = (min(ys.values()) + max(ys.values())) / 2 if ys else 0.0
            placed = [p - mid + centre for p in placed]
        for i, (node, y) in enumerate(zip(layer, placed, strict=True)):
            ys[node] = y
            positions[node] = (round(x + (i % split) * (width + node_gap), 1), round(y, 1))
        x += width / 2 + (split - 1) * (width + node_gap) + layer_gap
    return positions
