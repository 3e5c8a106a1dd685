"""The only place that writes triples: stores behind one contract (:class:`GraphStore`).

* :mod:`graph.store.base`: the contract, and what the backends share.
* :mod:`graph.store.embedded`: Oxigraph on disk (the default, ``--store PATH``).
* :mod:`graph.store.remote`: a SPARQL server (``--store URL``), through
* :mod:`graph.store.client`: the HTTP client of the SPARQL Protocol and the Graph Store Protocol.
"""

from __future__ import annotations

from graph.store.base import (
    DEFAULT_STORE,
    STORE_ENV,
    DocumentGraph,
    GraphStore,
    StoredDocument,
    default_location,
    document_graph,
    python_value,
)
from graph.store.client import is_endpoint, parse_endpoints
from graph.store.embedded import OxigraphStore
from graph.store.remote import SparqlStore

__all__ = [
    "DEFAULT_STORE",
    "STORE_ENV",
    "DocumentGraph",
    "GraphStore",
    "OxigraphStore",
    "SparqlStore",
    "StoredDocument",
    "default_location",
    "document_graph",
    "open_store",
    "python_value",
]


def open_store(location: str | None = None, read_only: bool = False, *, update_url: str | None = None,
               graph_store_url: str | None = None) -> GraphStore:
    """Open the store at ``location``: a directory path, or the URL of a SPARQL endpoint; or the default one."""
    location = location or default_location()
    if is_endpoint(location):
        return SparqlStore(parse_endpoints(location, update_url, graph_store_url), read_only=read_only)
    return OxigraphStore(location, read_only=read_only)
