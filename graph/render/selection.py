"""What a picture shows: one selection of the stored graph, shared by the network, the matrix and the map.

``dutygraph view``, ``matrix`` and ``map`` take the same options (``--document``,
``--focus``, ``--depth``, ``--role``, ``--region``, ``--cap``), held in one
:class:`SelectionOptions`, and must mean the same thing by them: this module turns
them into one network (built by :mod:`graph.analyze.network` from the same rows)
and the title and sources the page shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.analyze.network import ROLE_FILTERS, NodeType, build_network, focus_subgraph, is_duty
from graph.errors import DutygraphError
from graph.render.html import AGENT_TYPES, NODE_STYLES, TASK_TYPES, within_region
from graph.resolve import ALL_KINDS, Kind, matching_documents, resolve_one
from graph.sparql.reads import document_titles, network_rows
from graph.store import GraphStore

__all__ = [
    "WHOLE_GRAPH", "Selection", "SelectionOptions", "display_name", "keep_region", "keep_roles", "select_network",
]

TITLE_CHARS = 30


@dataclass(frozen=True)
class SelectionOptions:
    """What a picture is asked to show: the options of ``view``, ``matrix`` and ``map``.

    ``document`` restricts the graph first (it also settles a code several plans
    share); ``focus`` (a unit, leader, problem by name or code, measure or
    region) keeps its neighbourhood within ``depth`` hops and ``cap``
    neighbours a node; ``region`` keeps the tasks concerning a place or any
    place inside it, with who answers for them; ``role`` keeps lead, support or
    all duties.
    """

    focus: str | None = None
    depth: int = 1
    role: str = "all"
    document: str | None = None
    region: str | None = None
    cap: int = 40


WHOLE_GRAPH = SelectionOptions()  # no option given: every stored document, every duty


@dataclass(frozen=True)
class Selection:
    """A network cut out of the store, with what a page says about where it comes from."""

    network: nx.MultiDiGraph[str]
    subject: str  # what the picture is of: a focus, a region, a document's title, or "" for everything
    focused: bool  # the subject is a focus ("省环保厅 的…"), not a scope ("江西省… · …")
    role: str  # "all", "lead" or "support"
    documents: list[str]  # IRIs of the documents the content comes from, sorted
    titles: dict[str, str] = field(default_factory=dict)  # document IRI -> title, every stored document

    def title_for(self, picture: str) -> str:
        """Return the page title for a kind of picture (责任关系网络, 责任矩阵, 责任地图).

        >>> s = Selection(nx.MultiDiGraph(), "省环保厅", True, "lead", [])
        >>> s.title_for("责任矩阵")
        '省环保厅 的责任矩阵 (仅牵头)'
        """
        if self.focused:
            title = f"{self.subject} 的{picture}"
        else:
            title = f"{self.subject} · {picture}" if self.subject else picture
        if self.role != "all":
            title += " (仅牵头)" if self.role == "lead" else " (仅配合)"
        return title

    @property
    def document_names(self) -> list[str]:
        """The titles of the documents the content comes from (their IRIs where untitled)."""
        return [self.titles.get(d, d) for d in self.documents]


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def display_name(data: Mapping[str, Any]) -> str:
    """Return a node's code and label, without repeating a code the label already starts with."""
    label, code = str(data.get("label", "")), str(data.get("code") or "")
    if not code or label == code or label.startswith(code + " ") or data.get("type") == NodeType.CASE:
        return label
    return f"{code} {label}"


def _type_name(data: Mapping[str, Any]) -> str:
    kind = str(data.get("type"))
    return NODE_STYLES[kind].name if kind in NODE_STYLES else kind


def view_documents(G: nx.MultiDiGraph[str]) -> list[str]:
    """Return the documents a view's content comes from, sorted.

    Duty edges cite their document; so do problems, measures and groups, which
    belong to one document.  A unit named in several documents does not make
    the view cite all of them, unless nothing else on screen names any.
    """
    used = {str(d) for *_, d in G.edges(data="doc") if d}
    for _, data in G.nodes(data=True):
        if data.get("type") not in AGENT_TYPES:
            used.update(str(d) for d in data.get("docs") or [])
    if not used:
        for _, data in G.nodes(data=True):
            used.update(str(d) for d in data.get("docs") or [])
    return sorted(used)


def select_network(store: GraphStore, options: SelectionOptions = WHOLE_GRAPH) -> Selection:
    """Return the part of the store a picture shows, as ``options`` say (see :class:`SelectionOptions`)."""
    focus, depth, role, cap = options.focus, options.depth, options.role, options.cap
    document, region = options.document, options.region
    titles = document_titles(store)
    documents: list[str] | None = None
    if document:
        documents = matching_documents(store, document)
        if not documents:
            raise DutygraphError(f"no stored document matches {document!r}")
    assignments, structure = network_rows(store, documents)
    if not assignments and not structure:
        raise DutygraphError("the store holds no responsibilities yet: run `dutygraph ingest` first")
    network = build_network(assignments, structure)
    subject = ""
    if region:
        place = resolve_one(store, region, (Kind.REGION,), hint="give the full name of the region")
        network = keep_region(network, place.iri)
        subject = place.label
    if focus:
        # Resolved as every command resolves names, among what the picture can show.
        node = resolve_one(store, focus, ALL_KINDS, within=network,
                           hint="give the full name, or choose a document with --document").iri
        network = focus_subgraph(network, node, depth=depth, role=role, cap=cap)
        data = network.nodes[node]
        # "问题 3 2013年以来…" says what a bare number is; a unit's name says it all.
        prefix = f"{_type_name(data)} " if data.get("type") in (NodeType.PROBLEM, NodeType.MEASURE) else ""
        subject = f"{prefix}{_short(display_name(data))}"
    elif role != "all":
        network = keep_roles(network, role)
    used = view_documents(network) or sorted(documents or titles)
    if len(used) == 1 and not focus and not region:
        subject = titles.get(used[0], used[0])
    return Selection(network, subject, bool(focus), role, used, titles)


def keep_roles(G: nx.MultiDiGraph[str], role: str) -> nx.MultiDiGraph[str]:
    """Return ``G`` with only the duties of ``role`` (structure kept), for a whole-graph view."""
    roles = ROLE_FILTERS[role]
    H: nx.MultiDiGraph[str] = G.copy()
    H.remove_edges_from(
        [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if is_duty(d) and d["role"] not in roles]
    )
    return H


def keep_region(G: nx.MultiDiGraph[str], area: str) -> nx.MultiDiGraph[str]:
    """Return the part of ``G`` about ``area``: its tasks, who answers for them, and the regions inside it.

    A task is kept when one of the regions it concerns lies in ``area`` (by the
    division codes: 铅山县 is in 上饶市); a problem comes with its measures and
    a measure with its problem, so the matrix keeps its columns whole.
    """
    tasks = {n for n, d in G.nodes(data=True)
             if d.get("type") in TASK_TYPES and any(within_region(r, area) for r in d.get("regions") or [])}
    for u, v, d in G.edges(data=True):
        if d.get("relation") in ("ofProblem", "subProblemOf") and (u in tasks or v in tasks):
            tasks.update((u, v))
    kept = set(tasks)
    for u, v, d in G.edges(data=True):
        if is_duty(d) and v in tasks:
            kept.add(u)
    kept.update(n for n, d in G.nodes(data=True)
                if d.get("type") == NodeType.REGION and within_region(n, area))
    H: nx.MultiDiGraph[str] = G.subgraph(kept).copy()
    return H
