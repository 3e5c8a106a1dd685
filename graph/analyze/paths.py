"""Shortest chains of responsibility between two things of the network, step by step.

The network is :func:`graph.analyze.network.build_network`'s: duty edges (agent -> task, with
their quote) and structure edges (measure -> problem, problem -> region, leader -> group ...).
A chain may walk an edge either way. A region is only ever the start or the end of a chain:
through it, every provincial department (whose jurisdiction is the province) and every problem
of a city would be two steps apart, which says nothing about who answers for what.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from graph.analyze.network import DutyRole, NodeType, is_duty

__all__ = ["Step", "describe_step", "responsibility_chains"]

_ROLE_VERBS: dict[str, str] = {
    DutyRole.LEAD: "leads",
    DutyRole.JURISDICTION_LEAD: "leads, in its own jurisdiction,",
    DutyRole.SUPPORT: "supports",
    DutyRole.RESPONSIBLE: "is responsible for",
}
_RELATION_VERBS = {
    "ofProblem": "is a measure of",
    "subProblemOf": "is part of",
    "concerns": "concerns",
    "jurisdiction": "has jurisdiction over",
    "headOf": "heads",
    "deputyHeadOf": "is a deputy head of",
    "memberOf": "is a member of",
    "officeOf": "hosts the office of",
}
_KIND_NAMES: dict[str, str] = {
    NodeType.MEASURE: "measure", NodeType.PROBLEM: "problem", NodeType.CASE: "case", NodeType.REGION: "region",
    NodeType.GROUP: "group", NodeType.UNIT: "", NodeType.LEADER: "",
}


@dataclass(frozen=True)
class Step:
    """One edge of a chain, written from the edge's source to its target whichever way it was walked."""

    source: str
    source_label: str
    source_type: str
    relation: str  # a role (Lead, Support …) for a duty, else a structure relation (ofProblem …)
    target: str
    target_label: str
    target_type: str
    duty: bool
    quote: str = ""
    document: str = ""
    line: int = 0


def _walkable(G: nx.MultiDiGraph[str], ends: set[str]) -> nx.Graph[str]:
    U: nx.Graph[str] = nx.Graph()
    U.add_nodes_from(G)
    for u, v in G.edges():
        if any(G.nodes[n].get("type") == NodeType.REGION and n not in ends for n in (u, v)):
            continue
        U.add_edge(u, v)
    return U


def _name(G: nx.MultiDiGraph[str], node: str) -> str:
    # A task is named by its code (3.1, 6.2); its text is in the quote.
    data = G.nodes[node]
    return str(data.get("code") or data.get("label") or node)


def _step(G: nx.MultiDiGraph[str], u: str, v: str) -> Step:
    """The edge between two neighbours of a chain, duties (with their quote) before structure."""
    edges: list[tuple[str, str, dict[str, Any]]] = []
    for a, b in ((u, v), (v, u)):
        if G.has_edge(a, b):
            edges += [(a, b, dict(d)) for d in G.get_edge_data(a, b).values()]
    edges.sort(key=lambda e: (not is_duty(e[2]), str(e[2].get("role") or e[2].get("relation")),
                              str(e[2].get("doc")), int(e[2].get("start") or 0)))
    a, b, data = edges[0]
    duty = is_duty(data)
    return Step(
        a, _name(G, a), str(G.nodes[a].get("type", "")),
        str(data.get("role") if duty else data.get("relation")),
        b, _name(G, b), str(G.nodes[b].get("type", "")),
        duty, str(data.get("quote", "")), str(data.get("doc", "")), int(data.get("line") or 0),
    )


def responsibility_chains(G: nx.MultiDiGraph[str], a: str, b: str, limit: int = 5) -> list[list[Step]]:
    """Up to ``limit`` shortest chains from ``a`` to ``b``, each a list of steps; [] if none.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("u", label="省环保厅", type="Unit"); G.add_node("m", label="3.1", type="Measure")
    >>> G.add_node("i", label="三", type="Problem")
    >>> G.add_edge("u", "m", key="Lead", kind="duty", role="Lead", quote="省环保厅(牵头负责第1条)")
    'Lead'
    >>> G.add_edge("m", "i", key="ofProblem", kind="structure", relation="ofProblem")
    'ofProblem'
    >>> [describe_step(s) for s in responsibility_chains(G, "u", "i")[0]]
    ['省环保厅 leads measure 3.1', 'measure 3.1 is a measure of problem 三']
    """
    if a not in G or b not in G:
        missing = a if a not in G else b
        raise KeyError(f"{missing!r} is not in the network")
    if a == b:
        return []
    U = _walkable(G, {a, b})
    try:
        paths: Iterator[list[str]] = nx.all_shortest_paths(U, a, b)
        chosen = list(islice(paths, limit))
    except nx.NetworkXNoPath:
        return []
    return [[_step(G, u, v) for u, v in pairwise(path)] for path in chosen]


def _named(label: str, kind: str) -> str:
    noun = _KIND_NAMES.get(kind, "")
    return f"{noun} {label}" if noun and not label.startswith(noun) else label


def describe_step(step: Step) -> str:
    """A step as a sentence: ``省环保厅 leads measure 3.1``."""
    verbs = _ROLE_VERBS if step.duty else _RELATION_VERBS
    verb = verbs.get(step.relation, step.relation)
    return f"{_named(step.source_label, step.source_type)} {verb} {_named(step.target_label, step.target_type)}"
