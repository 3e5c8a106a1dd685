"""The only place that writes triples: the embedded Oxigraph store behind one small contract.

Every write replaces whole document graphs in ONE transaction (a single SPARQL
update: ``DROP SILENT GRAPH`` then ``INSERT DATA`` for each document), so a
failed or interrupted ingest leaves what was stored before untouched.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.model import iris
from graph.model.mapping import regions_to_quads
from graph.model.vocab import DG

DEFAULT_STORE = "dutygraph.db"
STORE_ENV = "DUTYGRAPH_STORE"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class StoredDocument:
    """What the store knows of an ingested document."""

    iri: str
    sha256: str
    title: str
    triples: int


def default_location() -> str:
    """``$DUTYGRAPH_STORE`` or ``./dutygraph.db``."""
    return os.environ.get(STORE_ENV) or DEFAULT_STORE


class GraphStore(ABC):
    """What every backend offers: replace document graphs atomically, query, dump."""

    @abstractmethod
    def replace_documents(self, documents: Sequence[tuple[str, Sequence[ox.Quad]]]) -> None:
        """Replace the named graph of each ``(graph IRI, quads)`` in one transaction."""

    @abstractmethod
    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> object:
        """Run a SPARQL query over the union of all graphs, with variables bound to RDF terms."""

    @abstractmethod
    def dump_nquads(self) -> bytes:
        """Every quad of the store as N-Quads."""

    @abstractmethod
    def count(self) -> int:
        """Number of quads held."""

    @abstractmethod
    def close(self) -> None:
        """Release the store."""

    def documents(self) -> list[StoredDocument]:
        """The documents held, with their content hash and size."""
        rows = self.select(
            """
            SELECT ?doc ?sha ?title (COUNT(*) AS ?n) WHERE {
              GRAPH ?doc { ?doc a dg:Document ; dg:sha256 ?sha ; dg:sourceFile ?title . ?s ?p ?o }
            } GROUP BY ?doc ?sha ?title ORDER BY ?doc
            """
        )
        return [StoredDocument(str(r["doc"]), str(r["sha"]), str(r["title"]), int(str(r["n"]))) for r in rows]

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> list[dict[str, object]]:
        """Run a SELECT and return rows as dicts of python values (str, int, date…)."""
        result = self.query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows: list[dict[str, object]] = []
        for solution in result:
            rows.append({name: python_value(solution[name]) for name in names})
        return rows

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


PREFIXES = {
    "dg": str(DG),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def python_value(term: object) -> object:
    """A query result term as a Python value: int, bool, str (IRIs and other literals), or None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith(("#integer", "#int", "#long", "#decimal")) and term.value.lstrip("-").isdigit():
            return int(term.value)
        if datatype.endswith("#boolean"):
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


class OxigraphStore(GraphStore):
    """The embedded persistent store (pyoxigraph on disk)."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            if read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no store here yet (run `dutygraph ingest` first)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"{self.path}: cannot open the store ({exc}); is another dutygraph process using it?"
            ) from exc
        self.read_only = read_only

    def replace_documents(self, documents: Sequence[tuple[str, Sequence[ox.Quad]]]) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        parts: list[str] = []
        if not self._has_gazetteer():
            parts.append(_insert_data(iris.gazetteer_graph_iri(), _gazetteer_quads()))
        for graph, quads in documents:
            parts.append(f"DROP SILENT GRAPH <{graph}>")
            parts.append(_insert_data(graph, quads))
        if not parts:
            return
        try:
            self._store.update(" ;\n".join(parts))
            self._store.flush()
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.path}: the write failed and nothing was changed ({exc})") from exc

    def _has_gazetteer(self) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(iris.gazetteer_graph_iri()))

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> object:
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._store.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions or None,
            )
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            # Oxigraph raises RuntimeError for evaluation errors, e.g. a bound variable not projected.
            raise QueryError(f"the query failed: {exc}") from exc

    def dump_nquads(self) -> bytes:
        output = self._store.dump(format=ox.RdfFormat.N_QUADS)
        return output if isinstance(output, bytes) else b""

    def count(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store


def _gazetteer_quads() -> Iterable[ox.Quad]:
    # Imported here: the gazetteer file is read only when a store is first written.
    from graph.extract.regions import load_gazetteer

    return regions_to_quads(load_gazetteer())


def _insert_data(graph: str, quads: Iterable[ox.Quad]) -> str:
    # N-Triples term syntax is valid SPARQL term syntax, so each triple is written as pyoxigraph prints it.
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"


def open_store(location: str | None = None, read_only: bool = False) -> GraphStore:
    """Open the store at ``location`` (a directory path), or the default one."""
    return OxigraphStore(location or default_location(), read_only=read_only)
