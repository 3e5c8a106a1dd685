"""Views of the stored graph: a whole-document network, or the neighbourhood of one node."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graph.link import current_status_of
from graph.render.html import LAYOUTS, problems_of, write_network_html
from graph.render.selection import WHOLE_GRAPH, SelectionOptions, select_network
from graph.store import GraphStore

__all__ = ["ViewSummary", "write_view"]


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
    options: SelectionOptions = WHOLE_GRAPH,
    *,
    layout: str = "force",
    generated: date | None = None,
) -> ViewSummary:
    """Write an HTML network of the store (or of one document, or around ``focus``) to ``path``.

    ``options`` mean what they mean for every picture (see
    :class:`graph.render.selection.SelectionOptions`).  ``layout`` is ``force``
    (a force-directed picture whose labels are moved apart until none overlaps)
    or ``layered`` (document → problems → measures → units, left to right).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    chosen = select_network(store, options)
    title = chosen.title_for("责任关系" if chosen.focused else "责任关系网络")
    statuses = current_status_of(store, problems_of(chosen.network))  # problems coloured by their current status
    target = write_network_html(chosen.network, path, title, chosen.document_names, generated or date.today(),
                                layout=layout, document_titles=chosen.titles, statuses=statuses)
    return ViewSummary(target, chosen.network.number_of_nodes(), chosen.network.number_of_edges(), title)
