"""The contract every store keeps, and what both backends share: rows as Python values, document
graphs serialised for a bulk write, SPARQL updates that insert whole graphs.

Every write replaces whole document graphs in ONE transaction (a single SPARQL
update: ``DROP SILENT GRAPH`` then ``INSERT DATA`` for each document), so a
failed or interrupted ingest leaves what was stored before untouched.

The facts of the units and leaders a document names (type, name, region) live once in the entities
graph, shared by every document naming them (``doc dg:mentions entity``): a write adds them (adding
a triple the store holds changes nothing), and a replacement, in the same update, removes those of
the entities that the replaced versions mentioned and no document mentions any more
(:func:`collect_entities`), so the entities graph never holds what no stored document says.

A bulk write (:meth:`GraphStore.load_documents`, for a corpus) is as fast as the backend
allows and never loses what was stored: a graph that already exists is still replaced in a
transaction; a new graph is loaded without one and is complete only once its completion mark
(the document's ``dg:sha256``) is written, in a transaction after the rest, so an interrupted
bulk write leaves at worst new, unmarked graphs that the next ingest redoes.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.model import iris
from graph.model.mapping import MAPPING_VERSION
from graph.model.reference import shared_quads
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
    def load_documents(self, graphs: Sequence[DocumentGraph]) -> None:
        """Replace many document graphs fast (bulk), never losing a stored one (see the module docstring)."""

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

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run one SPARQL update (one transaction)."""

    @abstractmethod
    def optimize(self) -> None:
        """Reorganise the stored files for reading after a big bulk write; the same quads before and after."""

    def replace_graphs(self, graphs: Sequence[tuple[str, Sequence[ox.Quad]]]) -> None:
        """Replace named graphs that are no document's (links graphs) in one transaction; no quads drops one."""
        parts: list[str] = []
        for graph, quads in graphs:
            parts.append(f"DROP SILENT GRAPH <{graph}>")
            if quads:
                parts.append(insert_data(graph, quads))
        if parts:
            self.update(" ;\n".join(parts))

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

    def stored_hashes(self, current_only: bool = False) -> dict[str, str]:
        """Document graph IRI -> content hash, for every document stored completely (its mark
        written); with ``current_only``, only those written by this version of the mapping
        (:data:`graph.model.mapping.MAPPING_VERSION`): what an ingest may skip as unchanged."""
        return {str(r["doc"]): str(r["sha"]) for r in self._marks()
                if not current_only or r["v"] == MAPPING_VERSION}

    def outdated(self) -> list[tuple[str, int | None]]:
        """(source file, mapping version) of the documents an older dutygraph wrote (no version: 1):
        the read side's queries follow the current model, so their facts are missing from answers
        until they are ingested again."""
        rows = sorted((r for r in self._marks() if r["v"] != MAPPING_VERSION), key=lambda r: str(r["source"]))
        return [(str(r["source"]), None if r["v"] is None else int(str(r["v"]))) for r in rows]

    def _marks(self) -> list[dict[str, object]]:
        """Every completely stored document (its mark, ``dg:sha256``, written) with its source file
        and the mapping version that wrote it (unbound before versions were written)."""
        return self.select("SELECT ?doc ?sha ?source ?v WHERE { GRAPH ?doc { ?doc dg:sha256 ?sha "
                           "OPTIONAL { ?doc dg:sourceFile ?source } OPTIONAL { ?doc dg:mappingVersion ?v } } }")

    def mentioned(self, graphs: Iterable[str]) -> list[str]:
        """The units and leaders the stored versions of these document graphs mention: what a
        replacement of them may leave mentioned by no document (:func:`collect_entities`)."""
        names = sorted(set(graphs))
        if not names:
            return []
        values = " ".join(f"<{g}>" for g in names)
        rows = self.select(f"SELECT DISTINCT ?e WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g dg:mentions ?e }} }}")
        return sorted(str(r["e"]) for r in rows)

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



_SHA256 = ox.NamedNode(str(DG) + "sha256")


@dataclass(frozen=True)
class DocumentGraph:
    """One document's named graph, serialised as N-Quads for a bulk write."""

    iri: str
    body: bytes  # every quad of the graph but its completion mark
    mark: bytes  # the document's dg:sha256: written last, it says the graph is complete
    shared: bytes  # quads the document adds to shared graphs (entities, renames): added with the mark
    quads: int  # quads of the graph, mark included

    def ntriples(self, with_mark: bool = False) -> bytes:
        """The graph's triples as N-Triples (each N-Quads line without its graph name)."""
        data = self.body + self.mark if with_mark else self.body
        return data.replace(f" <{self.iri}> .\n".encode(), b" .\n")


def document_graph(iri: str, quads: Sequence[ox.Quad]) -> DocumentGraph:
    """Serialise the quads of the document graph ``iri`` for :meth:`GraphStore.load_documents`:
    its own, and those it adds to shared graphs (the entities graph, given with them by
    :func:`graph.model.mapping.document_to_quads`, and the renames of its units)."""
    graph = ox.NamedNode(iri)
    marks: list[ox.Quad] = []
    body: list[ox.Quad] = []
    shared: list[ox.Quad] = []
    for quad in quads:  # one pass, the rare predicate tested first: each comparison is a call into pyoxigraph
        if quad.graph_name != graph:
            shared.append(quad)
        else:
            (marks if quad.predicate == _SHA256 and quad.subject == graph else body).append(quad)
    if not marks:
        raise StoreError(f"<{iri}>: a document graph needs its dg:sha256, the mark that it is complete")
    shared += shared_quads(quads)
    return DocumentGraph(
        iri,
        ox.serialize(body, format=ox.RdfFormat.N_QUADS) or b"",
        ox.serialize(marks, format=ox.RdfFormat.N_QUADS) or b"",
        (ox.serialize(shared, format=ox.RdfFormat.N_QUADS) or b"") if shared else b"",
        len(body) + len(marks),
    )


def shared_nquads(graphs: Sequence[DocumentGraph]) -> bytes:
    """The shared quads of these graphs, each once: the documents of a batch name the same units."""
    lines = dict.fromkeys(line for g in graphs for line in g.shared.splitlines(keepends=True))
    return b"".join(lines)


def collect_entities(candidates: Sequence[str]) -> str:
    """The SPARQL update removing from the entities graph the facts of those ``candidates`` that no
    document graph mentions any more ("" when there are none).

    Run after the replaced graphs are written, in the same update. The candidates are what the
    replaced versions mentioned (:meth:`GraphStore.mentioned`), so the cost follows the documents
    replaced, not the store. NOT EXISTS is evaluated once per candidate (it stops at the first
    mention found), never per row of a large join, which is what the saved queries avoid it for."""
    if not candidates:
        return ""
    values = " ".join(f"<{e}>" for e in candidates)
    return (f"DELETE {{ GRAPH <{iris.entities_graph_iri()}> {{ ?e ?p ?o }} }} WHERE {{\n"
            f"  {{ SELECT ?e WHERE {{ VALUES ?e {{ {values} }}\n"
            f"    FILTER NOT EXISTS {{ GRAPH ?g {{ ?d <{DG}mentions> ?e }} }} }} }}\n"
            f"  GRAPH <{iris.entities_graph_iri()}> {{ ?e ?p ?o }}\n}}")


REPLACE_QUADS = 200_000  # quads per transactional replacement: one SPARQL update stays a few tens of MB


def chunks(graphs: Sequence[DocumentGraph], quads: int) -> Iterator[list[DocumentGraph]]:
    """Consecutive runs of whole graphs of about ``quads`` quads each."""
    chunk: list[DocumentGraph] = []
    size = 0
    for graph in graphs:
        if chunk and size + graph.quads > quads:
            yield chunk
            chunk, size = [], 0
        chunk.append(graph)
        size += graph.quads
    if chunk:
        yield chunk



def _triples_by_graph(nquads: bytes) -> dict[str, list[str]]:
    graphs: dict[str, dict[str, None]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs.setdefault(name, {})[f"{quad.subject} {quad.predicate} {quad.object} ."] = None
    return {name: list(lines) for name, lines in graphs.items()}


def insert_quads(nquads: bytes) -> str:
    """One INSERT DATA for N-Quads of named graphs ("" when there are none)."""
    blocks = [f"GRAPH <{g}> {{\n" + "\n".join(lines) + "\n}" for g, lines in _triples_by_graph(nquads).items() if g]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}" if blocks else ""




def shared_insert(graphs: Sequence[DocumentGraph]) -> str:
    return insert_quads(shared_nquads(graphs))



def insert_data(graph: str, quads: Iterable[ox.Quad]) -> str:
    # N-Triples term syntax is valid SPARQL term syntax, so each triple is written as pyoxigraph prints it.
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"
