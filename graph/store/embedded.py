"""The embedded store: Oxigraph on disk (pyoxigraph), opened by one writer or many readers."""

from __future__ import annotations

import io
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.model import iris
from graph.model.reference import gazetteer_quads
from graph.sparql.text import PREFIXES, bind_values
from graph.store.base import (
    REPLACE_QUADS,
    DocumentGraph,
    GraphStore,
    Term,
    chunks,
    collect_entities,
    document_graph,
    insert_data,
    shared_insert,
    shared_nquads,
)


class OxigraphStore(GraphStore):
    """The embedded persistent store (pyoxigraph on disk)."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            if read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no store here yet (run `dutygraph ingest` first)")
                self._store = _open_read_only(self.path)
            else:
                # A store in a folder not made yet (--store out/new.db): made, as `mkdir -p` would.
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
                # Temporary files of a bulk load that was killed: this process holds the store's
                # lock now, so no other writer can be using them; left, they would stay forever.
                for leftover in self.path.glob("bulk-*.sst"):
                    leftover.unlink(missing_ok=True)
        except (OSError, RuntimeError) as exc:
            # RocksDB says "lock" when another process holds the store; anything else is the reason itself.
            hint = "; is another dutygraph process using it?" if "lock" in str(exc).lower() else ""
            raise StoreError(f"{self.path}: cannot open the store ({exc}){hint}") from exc
        self.read_only = read_only

    def replace_documents(self, documents: Sequence[tuple[str, Sequence[ox.Quad]]]) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        graphs = [document_graph(graph, quads) for graph, quads in documents]
        parts: list[str] = []
        if not self._has_gazetteer():
            parts.append(insert_data(iris.gazetteer_graph_iri(), gazetteer_quads()))
        parts += self._replacement(graphs)
        if not parts:
            return
        try:
            self._store.update(" ;\n".join(parts))
            self._store.flush()
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.path}: the write failed and nothing was changed ({exc})") from exc

    def _replacement(self, graphs: Sequence[DocumentGraph]) -> list[str]:
        """The operations of one update replacing these graphs whole: each dropped and written again,
        their shared facts added (entities, renames), then the entities they alone mentioned removed."""
        if not graphs:
            return []
        candidates = self.mentioned(g.iri for g in graphs)
        parts: list[str] = []
        for graph in graphs:
            parts.append(f"DROP SILENT GRAPH <{graph.iri}>")
            parts.append(f"INSERT DATA {{ GRAPH <{graph.iri}> {{\n"
                         f"{graph.ntriples(with_mark=True).decode('utf-8')}}} }}")
        shared = shared_insert(graphs)
        if shared:
            # Added, never dropped with a document: a rename stays true when the document naming it is
            # replaced, and an entity's facts are every document's that names it.
            parts.append(shared)
        collect = collect_entities(candidates)
        if collect:
            parts.append(collect)
        return parts

    def _has_gazetteer(self) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(iris.gazetteer_graph_iri()))

    def load_documents(self, graphs: Sequence[DocumentGraph]) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            if not self._has_gazetteer():
                self._store.extend(gazetteer_quads())
            old = [g for g in graphs if self._store.contains_named_graph(ox.NamedNode(g.iri))]
            new = [g for g in graphs if not self._store.contains_named_graph(ox.NamedNode(g.iri))]
            for chunk in chunks(old, REPLACE_QUADS):
                # Stored (or partly stored) documents: each replaced in a transaction, so never lost.
                self._store.update(" ;\n".join(self._replacement(chunk)))
            if new:
                self._bulk_load([g.body for g in new])
                # Marks last, in one transaction with the entities' facts: an interrupted load leaves
                # unmarked graphs to redo.
                marks = b"".join(g.mark for g in new) + shared_nquads(new)
                self._store.extend(ox.parse(marks, format=ox.RdfFormat.N_QUADS))
            self._store.flush()
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.path}: the bulk write failed ({exc}); stored documents are intact, "
                             "run the ingest again to finish") from exc

    def _bulk_load(self, chunks: Sequence[bytes]) -> None:
        # Not transactional: only ever given graphs the store does not hold yet.  Read as one stream
        # rather than joined: a batch is a few hundred MB, and a copy would double it.
        # Lenient: the N-Quads were serialised by pyoxigraph from terms it validated when they were
        # built, so checking every IRI again is wasted work (about a tenth of the loader's CPU).
        stream = io.BufferedReader(_ChunkReader(chunks), buffer_size=1 << 20)
        self._store.bulk_load(stream, format=ox.RdfFormat.N_QUADS, lenient=True)

    def optimize(self) -> None:
        # Each bulk load writes its batch as new sorted files covering the whole key range beside the
        # earlier ones, and every range read merges all of them: 5M quads loaded in batches read 30-40 %
        # more slowly than once compacted (bench/README.md). Compaction rewrites them as one sorted run
        # per level; RocksDB swaps the files in only once written, so an interruption changes nothing.
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self._store.optimize()
        except OSError as exc:
            raise StoreError(f"{self.path}: compacting the store failed ({exc}); its data is intact") from exc

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self._store.update(sparql, prefixes=PREFIXES)
            self._store.flush()
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{self.path}: the write failed and nothing was changed ({exc})") from exc

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> object:
        # IRIs and literals are bound by a VALUES block, as on a remote store: Oxigraph's planner
        # sees the value and starts from it (inside sub-SELECTs too), where a substituted variable
        # is planned as unbound (unit-duties: 1 ms against 1.5 s on 1M triples).  Blank nodes and
        # quoted triples cannot be written in VALUES and stay substitutions.
        values = {k: v for k, v in (bindings or {}).items() if isinstance(v, ox.NamedNode | ox.Literal)}
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items() if k not in values}
        try:
            return self._store.query(
                bind_values(sparql, values),
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


_READ_ONLY_ATTEMPTS = 10


def _open_read_only(path: Path) -> ox.Store:
    """Open the store read-only, beside a process that may be writing it.

    RocksDB's read-only open reads the list of the store's files, then opens them; a writer's
    compaction can delete one in between, which RocksDB reports as corruption ("No such file or
    directory … MANIFEST may be corrupted") although nothing is wrong.  Opening again reads the
    new list.
    """
    for attempt in range(_READ_ONLY_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            vanished = "No such file or directory" in str(exc) and any(
                name in str(exc) for name in (".sst", ".log", "MANIFEST"))
            if not vanished or attempt == _READ_ONLY_ATTEMPTS - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable: the last attempt returns or raises")


class _ChunkReader(io.RawIOBase):
    """A binary stream over a sequence of byte strings, without joining them."""

    def __init__(self, chunks: Sequence[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._index = 0
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view) and self._index < len(self._chunks):
            chunk = self._chunks[self._index]
            size = min(len(view) - filled, len(chunk) - self._offset)
            view[filled:filled + size] = memoryview(chunk)[self._offset:self._offset + size]  # no slice copy
            filled += size
            self._offset += size
            if self._offset == len(chunk):
                self._index, self._offset = self._index + 1, 0
        return filled
