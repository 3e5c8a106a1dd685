"""A focus view reads the focus's neighbourhood, not the store: it must keep what the whole network keeps.

``select_network`` with a focus (and no ``--document`` or ``--region``) reads only the rows the
walk needs (graph/render/selection.py); the reference is the walk over the network of every row
of the store, as the view was made before.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph.analyze.network import build_network, focus_subgraph
from graph.render import selection
from graph.render.selection import SelectionOptions, select_network
from graph.resolve import ALL_KINDS, resolve_one
from graph.sparql.reads import network_rows

_NETWORKS: dict[int, tuple[Any, Any]] = {}  # id(store) -> (store, its whole network), built once per store


def _whole_store(store: Any, focus: str, depth: int, role: str, cap: int) -> Any:
    if id(store) not in _NETWORKS:
        _NETWORKS[id(store)] = (store, build_network(*network_rows(store)))
    network = _NETWORKS[id(store)][1]
    node = resolve_one(store, focus, ALL_KINDS, within=network).iri
    return focus_subgraph(network, node, depth=depth, role=role, cap=cap)


def _content(G: Any) -> tuple[dict[str, str], list[str]]:
    # A node's regions and documents as sets: their order is the order rows come in.
    nodes = {n: json.dumps({k: sorted(v) if k in ("regions", "docs", "names") else v for k, v in d.items()},
                           sort_keys=True, ensure_ascii=False) for n, d in G.nodes(data=True)}
    edges = sorted(json.dumps([u, v, k, d], sort_keys=True, ensure_ascii=False)
                   for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, edges


@pytest.mark.parametrize("focus", ["省环保厅", "省生态环境厅", "上饶市", "3", "6.2", "刘奇", "太原市"])
# The default view of each focus in the fast loop; the other shapes (about 0.5 s a case) with `make test`.
@pytest.mark.parametrize(("depth", "role", "cap"), [
    (1, "all", 40),
    pytest.param(0, "all", 40, marks=pytest.mark.slow),
    pytest.param(2, "lead", 40, marks=pytest.mark.slow),
    pytest.param(1, "all", 3, marks=pytest.mark.slow),
])
def test_focus_reads_only_its_neighbourhood_and_keeps_the_same_view(
        seed_store: Any, focus: str, depth: int, role: str, cap: int) -> None:
    chosen = select_network(seed_store, SelectionOptions(focus=focus, depth=depth, role=role, cap=cap))
    expected = _whole_store(seed_store, focus, depth, role, cap)
    assert chosen.network.number_of_nodes() >= (2 if depth else 1)
    assert _content(chosen.network) == _content(expected)


@pytest.mark.parametrize("focus", ["省环保厅", "上饶市", "3", "刘奇", "太原市"])
@pytest.mark.parametrize(("depth", "role", "cap"), [
    (1, "all", 40),
    pytest.param(2, "lead", 40, marks=pytest.mark.slow),
    pytest.param(1, "all", 3, marks=pytest.mark.slow),
])
def test_nodes_read_light_keep_the_same_view(
        seed_store: Any, monkeypatch: pytest.MonkeyPatch, focus: str, depth: int, role: str, cap: int) -> None:
    # Every node of more than two duties read light (its duties without quotes, its neighbours' labels),
    # as a hub of hundreds of documents is: the view must not change.
    monkeypatch.setattr(selection._Neighbourhood, "BIG_NODE", 2)
    chosen = select_network(seed_store, SelectionOptions(focus=focus, depth=depth, role=role, cap=cap))
    expected = _whole_store(seed_store, focus, depth, role, cap)
    assert _content(chosen.network) == _content(expected)
