"""Views of the stored graph: a whole-document network, or the neighbourhood of one node."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graph.analyze.network import build_network, find_nodes, focus_subgraph
from graph.errors import DutygraphError
from graph.query import document_titles, network_rows, resolve_documents
from graph.store import GraphStore
from graph.viz.html import write_network_html


class AmbiguousName(DutygraphError):
    """A name matched several nodes: the caller lists the candidates instead of guessing."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__(f"{name!r} matches {len(candidates)} nodes: " + "; ".join(candidates[:20]))
        self.candidates = candidates


@dataclass(frozen=True)
class ViewSummary:
    """What a written view holds."""

    path: Path
    nodes: int
    edges: int
    title: str


def write_view(
    store: GraphStore,
    path: str | Path,
    *,
    focus: str | None = None,
    depth: int = 1,
    role: str = "all",
    document: str | None = None,
    generated: date | None = None,
) -> ViewSummary:
    """Write an HTML network of the store (or of one document, or around ``focus``) to ``path``."""
    titles = document_titles(store)
    documents: list[str] | None = None
    if document:
        documents = resolve_documents(store, document)
        if not documents:
            raise DutygraphError(f"no stored document matches {document!r}")
    assignments, structure = network_rows(store, documents)
    if not assignments and not structure:
        raise DutygraphError("the store holds no responsibilities yet: run `dutygraph ingest` first")
    network = build_network(assignments, structure)
    title = "责任关系网络"
    if focus:
        matches = find_nodes(network, focus)
        if not matches:
            raise DutygraphError(f"nothing in the graph is named {focus!r}")
        exact = [m for m in matches if network.nodes[m].get("label") == focus]
        if len(exact) == 1:
            matches = exact
        if len(matches) > 1:
            labels = [f"{network.nodes[m].get('label')} ({network.nodes[m].get('type')})" for m in matches]
            raise AmbiguousName(focus, labels)
        network = focus_subgraph(network, matches[0], depth=depth, role=role)
        title = f"{network.nodes[matches[0]].get('label')} 的责任关系"
    used = sorted({str(d) for _, _, d in network.edges(data="doc") if d} or (documents or titles.keys()))
    names = [titles.get(d, d) for d in used]
    if len(names) == 1 and not focus:
        title = f"{names[0]} · 责任关系网络"
    target = write_network_html(network, path, title, names, generated or date.today())
    return ViewSummary(target, network.number_of_nodes(), network.number_of_edges(), title)
