"""Build, focus and lay out the who-does-what network from query rows.

The rows come from the query room (SPARQL results turned into dicts); this module
only shapes them into a :class:`networkx.MultiDiGraph` so that views and reports
share one graph: nodes are keyed by IRI, edges are either *responsibility* edges
(agent -> task, with the source quote as evidence) or *structural* edges (measure
-> problem, unit -> region, leader -> leading group, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any

import networkx as nx

from graph.analyze.layout import compute_layout

__all__ = [
    "CORE_RELATIONS",
    "LEAD_ROLES",
    "MORE_TYPE",
    "RESPONSIBILITY_ROLES",
    "ROLE_FILTERS",
    "STRUCTURE_RELATIONS",
    "DutyRole",
    "NodeType",
    "build_network",
    "compute_layout",
    "duty_count",
    "focus_subgraph",
    "is_duty",
]



class NodeType(StrEnum):
    """What a node of the network is: the local name of its class in the ontology (``dg:Problem``…)."""

    UNIT = "Unit"
    LEADER = "Leader"
    PROBLEM = "Problem"
    CASE = "Case"
    MEASURE = "Measure"
    REGION = "Region"
    GROUP = "LeadingGroup"
    DOCUMENT = "Document"  # the task of a duty on the rectification as a whole; the layered view's first column
    MORE = "More"  # the "…及其他 N 个" node a cap folds neighbours into
    UNKNOWN = "Unknown"


class DutyRole(StrEnum):
    """The role on a responsibility edge: the local name of its ``dg:Role`` term."""

    LEAD = "Lead"
    JURISDICTION_LEAD = "JurisdictionLead"
    SUPPORT = "Support"
    RESPONSIBLE = "Responsible"
    ACCOUNTABLE = "Accountable"
    SUPERVISE = "Supervise"
    SIGN_OFF = "SignOff"


RESPONSIBILITY_ROLES: tuple[DutyRole, ...] = tuple(DutyRole)
LEAD_ROLES: frozenset[DutyRole] = frozenset({DutyRole.LEAD, DutyRole.JURISDICTION_LEAD})
STRUCTURE_RELATIONS: tuple[str, ...] = (
    "ofProblem",
    "subProblemOf",
    "concerns",
    "jurisdiction",
    "headOf",
    "deputyHeadOf",
    "memberOf",
    "officeOf",
)
# The roles each focus filter keeps; jurisdiction leads count as leads because
# a city government leading "in its area" is still the one who answers for it.
ROLE_FILTERS: dict[str, frozenset[str]] = {
    "lead": LEAD_ROLES,
    "support": frozenset({DutyRole.SUPPORT}),
    "all": frozenset(RESPONSIBILITY_ROLES),
}
# What belongs to a focus itself, before any hop: the members that reach a node
# of this type through these relations (see focus_subgraph).
CORE_RELATIONS: dict[str, frozenset[str]] = {
    NodeType.PROBLEM: frozenset({"subProblemOf", "ofProblem"}),
    NodeType.CASE: frozenset({"subProblemOf", "ofProblem"}),
    NodeType.REGION: frozenset({"concerns", "jurisdiction"}),
}
MORE_TYPE = NodeType.MORE
MORE_RELATION = "more"


def _text(value: Any) -> str:
    """Return a row value as a stripped string, ``""`` for a missing one."""
    return "" if value is None else str(value).strip()


def _int(value: Any) -> int:
    """Return a row value as an int; SPARQL literals may arrive as strings, blanks as 0."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _local_name(iri: str) -> str:
    """Return the last path or fragment segment of an IRI, a fallback label."""
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1] or iri
    return iri


def _add_node(
    G: nx.MultiDiGraph[str],
    iri: str,
    label: str,
    kind: str,
    code: str = "",
    doc: str = "",
    text: str = "",
    *,
    cited: set[tuple[str, str]],
) -> None:
    """Add a node or merge another of its labels into ``names``; the first label and type win.

    ``cited``: the (node, document) pairs already in the nodes' ``docs`` lists, looked up there
    instead of in the list (a hub unit of 1,000 documents has a row for each of its 7,500 duties)."""
    if iri not in G:
        G.add_node(iri, label="", type=kind or NodeType.UNKNOWN, code=code, names=[], regions=[], docs=[], text="")
    data = G.nodes[iri]
    if doc and (iri, doc) not in cited:
        cited.add((iri, doc))
        data["docs"].append(doc)
    if text and not data["text"]:
        data["text"] = text
    if label:
        if not data["label"]:
            data["label"] = label
        if label not in data["names"]:
            data["names"].append(label)
    # A structure row may introduce a task before its assignment row does:
    # fill what the first row left empty instead of keeping the blank.
    if code and not data["code"]:
        data["code"] = code
    if kind and data["type"] == NodeType.UNKNOWN:
        data["type"] = kind


def _name_unlabelled(G: nx.MultiDiGraph[str]) -> None:
    """Give a node that no row labelled its IRI's last segment as label, so it can be shown and found."""
    for n, data in G.nodes(data=True):
        if not data["label"]:
            data["label"] = _local_name(n)
            data["names"] = [data["label"]]


def is_duty(data: Mapping[str, Any]) -> bool:
    """Tell whether edge data describes a responsibility edge (as opposed to structure)."""
    return data.get("kind") == "duty"


def build_network(
    assignments: Iterable[Mapping[str, Any]], structure: Iterable[Mapping[str, Any]]
) -> nx.MultiDiGraph[str]:
    """Build the responsibility network from assignment rows and structure rows."""
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    cited: set[tuple[str, str]] = set()
    for row in assignments:
        agent, task = _text(row.get("agent")), _text(row.get("task"))
        role = _text(row.get("role"))
        if not agent or not task or not role:
            continue
        doc = _text(row.get("doc"))
        _add_node(G, agent, _text(row.get("agentLabel")), _text(row.get("agentType")), doc=doc, cited=cited)
        _add_node(
            G,
            task,
            _text(row.get("taskLabel")),
            _text(row.get("taskType")),
            _text(row.get("taskCode")),
            doc=doc,
            text=_text(row.get("taskText")),
            cited=cited,
        )
        start, end = _int(row.get("start")), _int(row.get("end"))
        # One edge per (role, evidence): SPARQL repeats a row once per label
        # variant, and those repeats must not double the duty.
        key = f"{role}@{doc}#{start}-{end}"
        if G.has_edge(agent, task, key):
            continue
        G.add_edge(
            agent,
            task,
            key=key,
            kind="duty",
            role=role,
            quote=_text(row.get("quote")),
            doc=doc,
            docTitle=_text(row.get("docTitle")),
            start=start,
            end=end,
            line=_int(row.get("line")),
        )
    for row in structure:
        source, target = _text(row.get("source")), _text(row.get("target"))
        relation = _text(row.get("relation"))
        if not source or not target or not relation:
            continue
        doc = _text(row.get("doc"))
        # Regions live in the gazetteer, not in a document: a region shown in a
        # view does not make the view cite every document that names it.
        target_doc = "" if _text(row.get("targetType")) == NodeType.REGION else doc
        _add_node(
            G,
            source,
            _text(row.get("sourceLabel")),
            _text(row.get("sourceType")),
            _text(row.get("sourceCode")),
            doc,
            _text(row.get("sourceText")),
            cited=cited,
        )
        _add_node(
            G,
            target,
            _text(row.get("targetLabel")),
            _text(row.get("targetType")),
            _text(row.get("targetCode")),
            target_doc,
            cited=cited,
        )
        if not G.has_edge(source, target, relation):
            G.add_edge(source, target, key=relation, kind="structure", relation=relation)
    _name_unlabelled(G)
    _assign_regions(G)
    # A focused view keeps this when it drops the region nodes themselves, so
    # a measure can still say (and be filtered by) the cities it concerns.
    G.graph["region_labels"] = {n: d["label"] for n, d in G.nodes(data=True) if d["type"] == NodeType.REGION}
    return G


def _assign_regions(G: nx.MultiDiGraph[str]) -> None:
    """Fill each node's ``regions``: what it concerns, its jurisdiction, or its problem's regions."""
    direct: dict[str, list[str]] = {n: [] for n in G}
    for u, v, data in G.edges(data=True):
        if data.get("relation") in ("concerns", "jurisdiction") and v not in direct[u]:
            direct[u].append(v)
    for n, data in G.nodes(data=True):
        if data["type"] == NodeType.REGION:
            direct[n] = [n]

    def problem_regions(n: str, seen: frozenset[str]) -> list[str]:
        # A sub-problem without regions of its own is about its parent's area;
        # ``seen`` guards against a cycle in bad data.
        if direct[n] or n in seen:
            return direct[n]
        for _, parent, data in G.out_edges(n, data=True):
            if data.get("relation") == "subProblemOf":
                found = problem_regions(parent, seen | {n})
                if found:
                    return found
        return []

    for n, data in G.nodes(data=True):
        if data["type"] in (NodeType.PROBLEM, NodeType.CASE):
            data["regions"] = list(problem_regions(n, frozenset()))
        elif data["type"] == NodeType.MEASURE:
            regions: list[str] = list(direct[n])
            for _, problem, edata in G.out_edges(n, data=True):
                if edata.get("relation") == "ofProblem":
                    regions += [r for r in problem_regions(problem, frozenset()) if r not in regions]
            data["regions"] = regions
        else:
            data["regions"] = list(direct[n])


def duty_count(G: nx.MultiDiGraph[str], node: str) -> int:
    """Count the responsibility edges at a node, in either direction."""
    # Through the adjacency itself: in_edges/out_edges build a view per call, and a focus on a hub
    # ranks its thousands of neighbours by this.
    return sum(1 for edges in (*G.pred[node].values(), *G.succ[node].values()) for d in edges.values() if is_duty(d))


def focus_subgraph(
    G: nx.MultiDiGraph[str],
    node: str,
    depth: int = 1,
    role: str = "all",
    cap: int = 40,
    *,
    label_ties: Callable[[list[str]], None] | None = None,
) -> nx.MultiDiGraph[str]:
    """Return the neighbourhood of ``node`` within ``depth`` hops, duties filtered by ``role``.

    Hops count from the focus's *core*, not from the node alone: a problem comes
    with its sub-problems and measures (so depth 1 shows who leads each measure),
    a region with the problems that concern it and the units that govern it (it
    has no duties of its own).  No node keeps more than ``cap`` neighbours it
    brought in; the rest fold into one "…及其他 N 个" node.

    Neighbours are ranked by their duties, then by label: ``label_ties``, if given, is called with
    the candidates tied at a cut (as many duties as the last one kept, some of them cut) before
    their labels are read, so that a network built without most labels can have these filled in.
    """
    if node not in G:
        raise KeyError(f"no node {node!r} in the network")
    if role not in ROLE_FILTERS:
        raise ValueError(f"role must be one of {sorted(ROLE_FILTERS)}, not {role!r}")
    if depth < 0 or cap < 1:
        raise ValueError("depth must be >= 0 and cap >= 1")
    roles = ROLE_FILTERS[role]
    # A filtered copy, not a view: views of multigraphs are slow to query and
    # the walk below asks for neighbours and duty counts many times. "all" keeps
    # every edge (a duty of a role this module does not know yet, too): G itself.
    H: nx.MultiDiGraph[str] = G
    if role != "all":
        H = nx.MultiDiGraph()
        H.add_nodes_from(G)
        for u, v, k, d in G.edges(keys=True, data=True):
            if not is_duty(d) or d.get("role") in roles:
                H.add_edge(u, v, key=k, **d)
    U = H.to_undirected(as_view=True)

    order = {n: i for i, n in enumerate(G)}
    kept: set[str] = {node}
    capped: list[str] = []

    def take(current: str, candidates: Iterable[str]) -> list[str]:
        """Keep up to ``cap`` of the candidates not on screen yet; remember a cut."""
        fresh = set(candidates) - kept
        if len(fresh) > cap:
            if current not in capped:
                capped.append(current)
            # Most duties first; label then IRI break ties so the cut is reproducible. Only the
            # candidates tied with the last one kept are ranked by their labels.
            duties = {n: duty_count(H, n) for n in fresh}
            boundary = sorted(duties.values(), reverse=True)[cap - 1]
            chosen = [n for n, d in duties.items() if d > boundary]
            tied = [n for n, d in duties.items() if d == boundary]
            if len(chosen) + len(tied) > cap:
                if label_ties is not None:
                    label_ties(tied)
                tied.sort(key=lambda n: (str(G.nodes[n].get("label", "")), n))
                fresh = set(chosen + tied[: cap - len(chosen)])
        taken = sorted(fresh, key=order.__getitem__)
        kept.update(taken)
        return taken

    frontier = [node]
    pending = [node]
    while pending:
        current = pending.pop(0)
        relations = CORE_RELATIONS.get(str(G.nodes[current].get("type")), frozenset())
        members = take(current, (u for u, _, r in H.in_edges(current, data="relation") if r in relations))
        frontier += members
        pending += members
    for _ in range(depth):
        following: list[str] = []
        for current in frontier:
            following += take(current, U.neighbors(current))
        frontier = following

    F: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    F.graph.update({k: dict(v) if isinstance(v, dict) else v for k, v in G.graph.items()})
    # Keep G's node order so a focused view lays out the same way every time.
    for n in G:
        if n in kept:
            F.add_node(n, **_copy_attrs(G.nodes[n]))
    for u, v, k, d in H.edges(keys=True, data=True):
        if u in kept and v in kept:
            F.add_edge(u, v, key=k, **dict(d))
    for current in capped:
        # Counted after the walk: a neighbour cut here but reached another way
        # is on screen, so "N others" counts only what is really missing.
        missing = len(set(U.neighbors(current)) - kept)
        if missing:
            label = f"…及其他 {missing} 个"
            more = f"more:{current}"
            F.add_node(
                more, label=label, type=MORE_TYPE, code="", names=[label], regions=[], docs=[], text="", count=missing
            )
            F.add_edge(current, more, key=MORE_RELATION, kind="structure", relation=MORE_RELATION)
    return F


def _copy_attrs(data: Mapping[str, Any]) -> dict[str, Any]:
    """Copy node attributes, with fresh lists so a focused view can't alter the source graph."""
    return {k: list(v) if isinstance(v, list) else v for k, v in data.items()}
