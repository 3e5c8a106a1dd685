"""A remote store: a SPARQL 1.1 engine (Oxigraph server, Virtuoso…) over the SPARQL Protocol and the
Graph Store Protocol, through :class:`graph.store.client.SparqlClient`."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.model import iris
from graph.model.reference import gazetteer_quads
from graph.model.vocab import ID
from graph.sparql.text import PREFIXES, bind_values, query_form
from graph.store.base import (
    DocumentGraph,
    GraphStore,
    Term,
    collect_entities,
    document_graph,
    insert_quads,
    python_value,
    shared_nquads,
)
from graph.store.client import RESULTS_XML, Endpoints, SparqlClient

STAGING = "https://w3id.org/dutygraph/staging/"  # outside the id/ space: never counted, dumped or exported


def staging_iri(iri: str) -> str:
    """Where a new version of a stored graph waits before it is swapped in."""
    return STAGING + hashlib.sha1(iri.encode("utf-8")).hexdigest()



class SparqlStore(GraphStore):
    """A remote SPARQL 1.1 engine (Oxigraph server, Virtuoso…) over HTTP.

    Reads send the query with the predefined prefixes and the bindings as a VALUES block, over the
    union of the named graphs (Oxigraph: ``union-default-graph``; Virtuoso: its default, every graph).
    Writes send each document graph in one Graph Store Protocol PUT: straight into place when the
    document is new; next to the stored version (a staging graph) when it exists, then swapped in
    by ``MOVE`` in one SPARQL update with the completion marks, so a failed write never loses it.
    """

    PARALLEL_PUTS = 4
    FINAL_STEP = 100  # documents swapped in and marked complete per SPARQL update in a bulk write

    def __init__(self, endpoints: Endpoints, read_only: bool = False) -> None:
        self.endpoints = endpoints
        self.client = SparqlClient(endpoints)
        self.read_only = read_only
        self.location = endpoints.display
        self._gazetteer_ok = False

    # reads

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> object:
        form = query_form(sparql)
        text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + bind_values(sparql, bindings or {})
        if form in ("CONSTRUCT", "DESCRIBE"):
            media, body = self.client.query(text, "application/n-triples, text/turtle;q=0.9")
            graph = ox.Store()
            rdf_format = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
            try:
                graph.load(body, format=rdf_format)
            except SyntaxError as exc:
                raise QueryError(f"{self.location}: unreadable CONSTRUCT result ({exc})") from exc
            return graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        media, body = self.client.query(text, RESULTS_XML)
        results_format = ox.QueryResultsFormat.JSON if media.endswith("json") else ox.QueryResultsFormat.XML
        try:
            result = ox.parse_query_results(body, format=results_format)
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"{self.location}: unreadable query results ({exc})") from exc
        if form == "ASK" and isinstance(result, ox.QuerySolutions):
            # Virtuoso 7 answers ASK with one ?__ASK_RETVAL row (1) or none instead of a boolean.
            answer = any(python_value(row[0]) not in (0, "0", False) for row in result)
            boolean = '{"head": {}, "boolean": ' + ("true" if answer else "false") + "}"
            return ox.parse_query_results(boolean, format=ox.QueryResultsFormat.JSON)
        return result

    def dump_nquads(self) -> bytes:
        rows = self.query(f"""SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
                                FILTER(STRSTARTS(STR(?g), "{ID}")) }}""")
        assert isinstance(rows, ox.QuerySolutions)
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
        quads.sort(key=str)
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""

    def count(self) -> int:
        rows = self.select(f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
                               FILTER(STRSTARTS(STR(?g), "{ID}")) }}""")
        return int(str(rows[0]["n"]))

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    def optimize(self) -> None:
        """Nothing to do: the server manages its own storage (SPARQL has no word for compacting it)."""

    # writes

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")
        self.client.update(sparql)

    def replace_documents(self, documents: Sequence[tuple[str, Sequence[ox.Quad]]]) -> None:
        self._write([document_graph(iri, quads) for iri, quads in documents], atomic=True)

    def load_documents(self, graphs: Sequence[DocumentGraph]) -> None:
        self._write(graphs, atomic=False)

    def _write(self, graphs: Sequence[DocumentGraph], atomic: bool) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")
        if not graphs:
            return
        self._ensure_gazetteer()
        stored = set() if atomic else self._stored({g.iri for g in graphs})
        staged = [g for g in graphs if atomic or g.iri in stored]
        candidates = self.mentioned(g.iri for g in staged)
        direct = [g for g in graphs if not (atomic or g.iri in stored)]
        puts = [(staging_iri(g.iri), g.ntriples(with_mark=True)) for g in staged]
        puts += [(g.iri, g.ntriples()) for g in direct]
        with ThreadPoolExecutor(max_workers=self.PARALLEL_PUTS) as pool:
            for future in [pool.submit(self.client.put_graph, iri, data) for iri, data in puts]:
                future.result()
        # One update swaps in and marks complete all of an atomic write; a bulk write sends one per
        # FINAL_STEP documents (each document is still all or nothing), as Virtuoso's SPARQL parser
        # runs out of memory on an INSERT DATA with several hundred GRAPH blocks.
        # The entities the replaced versions mentioned and no document mentions any more are removed
        # with the last step, once every replacement is in place.
        size = len(graphs) if atomic else self.FINAL_STEP
        moved = {g.iri for g in staged}
        for start in range(0, len(graphs), size):
            chunk = graphs[start:start + size]
            parts = [f"MOVE SILENT GRAPH <{staging_iri(g.iri)}> TO GRAPH <{g.iri}>" for g in chunk if g.iri in moved]
            insert = insert_quads(b"".join(g.mark for g in chunk if g.iri not in moved) + shared_nquads(chunk))
            if insert:
                parts.append(insert)
            if start + size >= len(graphs) and candidates:
                parts.append(collect_entities(candidates))
            if parts:
                self.client.update(" ;\n".join(parts))

    def _stored(self, iris_: set[str]) -> set[str]:
        values = " ".join(f"<{iri}>" for iri in sorted(iris_))
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g a dg:Document }} }}")
        return {str(r["g"]) for r in rows}

    def _ensure_gazetteer(self) -> None:
        if self._gazetteer_ok:
            return
        quads = list(gazetteer_quads())
        graph = iris.gazetteer_graph_iri()
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        if int(str(rows[0]["n"])) != len(quads):
            data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                format=ox.RdfFormat.N_TRIPLES) or b""
            self.client.put_graph(graph, data)
        self._gazetteer_ok = True
