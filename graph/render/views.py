"""Views of the stored graph: a whole-document network, or the neighbourhood of one node."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analyze.network import ROLE_FILTERS, NodeType, build_network, focus_subgraph, is_duty
from graph.errors import DutygraphError
from graph.render.html import AGENT_TYPES, NODE_STYLES, write_network_html
from graph.resolve import ALL_KINDS, matching_documents, resolve_one
from graph.sparql.reads import document_titles, network_rows
from graph.store import GraphStore

__all__ = ["ViewSummary", "write_view"]

TITLE_CHARS = 30


@dataclass(frozen=True)
class ViewSummary:
    """What a written view holds."""

    path: Path
    nodes: int
    edges: int
    title: str


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _display_name(data: Mapping[str, Any]) -> str:
    """Return a node's code and label, without repeating a code the label already starts with."""
    label, code = str(data.get("label", "")), str(data.get("code") or "")
    if not code or label == code or label.startswith(code + " ") or data.get("type") == NodeType.CASE:
        return label
    return f"{code} {label}"


def _type_name(data: Mapping[str, Any]) -> str:
    kind = str(data.get("type"))
    return NODE_STYLES[kind].name if kind in NODE_STYLES else kind


def _view_documents(G: nx.MultiDiGraph[str]) -> list[str]:
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


def write_view(
    store: GraphStore,
    path: str | Path,
    *,
    focus: str | None = None,
    depth: int = 1,
    role: str = "all",
    document: str | None = None,
    cap: int = 40,
    generated: date | None = None,
) -> ViewSummary:
    """Write an HTML network of the store (or of one document, or around ``focus``) to ``path``.

    ``focus`` is a unit, leader, problem (name or code: 3, 6.2, 三), measure or
    region; ``document`` restricts the graph first, which also settles a code
    that several documents use.  ``role`` keeps lead, support or all duties.
    """
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
    title = "责任关系网络"
    if focus:
        # Resolved as every command resolves names, among what the view can show.
        node = resolve_one(store, focus, ALL_KINDS, within=network,
                           hint="give the full name, or choose a document with --document").iri
        network = focus_subgraph(network, node, depth=depth, role=role, cap=cap)
        data = network.nodes[node]
        # "问题 3 2013年以来…" says what a bare number is; a unit's name says it all.
        prefix = f"{_type_name(data)} " if data.get("type") in (NodeType.PROBLEM, NodeType.MEASURE) else ""
        title = f"{prefix}{_short(_display_name(data))} 的责任关系"
    elif role != "all":
        network = _keep_roles(network, role)
    used = _view_documents(network) or sorted(documents or titles)
    names = [titles.get(d, d) for d in used]
    if len(names) == 1 and not focus:
        title = f"{names[0]} · 责任关系网络"
    if role != "all":
        title += " (仅牵头)" if role == "lead" else " (仅配合)"
    target = write_network_html(network, path, title, names, generated or date.today())
    return ViewSummary(target, network.number_of_nodes(), network.number_of_edges(), title)


def _keep_roles(G: nx.MultiDiGraph[str], role: str) -> nx.MultiDiGraph[str]:
    """Return ``G`` with only the duties of ``role`` (structure kept), for a whole-graph view."""
    roles = ROLE_FILTERS[role]
    H: nx.MultiDiGraph[str] = G.copy()
    H.remove_edges_from(
        [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if is_duty(d) and d["role"] not in roles]
    )
    return H
