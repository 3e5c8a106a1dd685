"""Ingest documents: extract every file first, then replace their graphs in one transaction.

Nothing is written unless every file was read: a bad file among good ones leaves
the store exactly as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError
from graph.extract.document import extract_file
from graph.model import iris
from graph.model.mapping import document_to_quads
from graph.records import Document
from graph.store import GraphStore


@dataclass(frozen=True)
class DocumentSummary:
    """What one document yielded, for the user."""

    source: str
    doc_id: str
    kind: str
    title: str
    encoding: str
    counts: dict[str, int]
    roles: dict[str, int]
    warnings: tuple[str, ...]
    triples: int


@dataclass
class IngestReport:
    """The summaries of an ingest run."""

    documents: list[DocumentSummary] = field(default_factory=list)

    @property
    def triples(self) -> int:
        """Triples written in all."""
        return sum(d.triples for d in self.documents)


def summarise(document: Document, triples: int) -> DocumentSummary:
    """Counts of what a document yielded, with its warnings as ``line N: message``."""
    counts = {
        "problems": sum(1 for i in document.issues if i.kind == "problem"),
        "measures": sum(len(i.measures) for i in document.issues),
        "units": len(document.units),
        "leaders": len(document.leaders),
        "groups": len(document.groups),
        "cases": sum(1 for i in document.issues if i.kind == "case"),
        "regions": len(document.regions),
        "progress counts": len(document.progress),
        "restored masks": len(document.restorations),
    }
    roles = dict(sorted(Counter(a.role.value for a in document.assignments).items()))
    warnings = tuple(f"line {n.line}: {n.message}" for n in document.warnings)
    return DocumentSummary(document.source, document.doc_id, document.kind, document.title,
                           document.encoding, counts, roles, warnings, triples)


def ingest_files(paths: Sequence[Path | str], store: GraphStore, strict: bool = False) -> IngestReport:
    """Extract ``paths`` and store them, one named graph per document, all or nothing."""
    documents: list[Document] = []
    failures: list[InputError] = []
    for path in paths:
        try:
            documents.append(extract_file(path))
        except InputError as exc:
            failures.append(exc)
    if failures:
        raise InputError(
            failures[0].source if len(failures) == 1 else f"{len(failures)} files",
            "; ".join(f.reason if len(failures) == 1 else str(f) for f in failures)
            + " — nothing was stored",
        )
    _check_unique_ids(documents)
    documents = list({d.doc_id: d for d in documents}.values())
    if strict:
        noisy = [d for d in documents if d.warnings]
        if noisy:
            lines = [f"{d.source}: line {n.line}: {n.message}" for d in noisy for n in d.warnings]
            raise InputError(noisy[0].source, "warnings with --strict, nothing was stored:\n" + "\n".join(lines))
    report = IngestReport()
    batch = []
    for document in documents:
        quads = document_to_quads(document)
        batch.append((iris.document_iri(document.doc_id), quads))
        report.documents.append(summarise(document, len(quads)))
    store.replace_documents(batch)
    return report


def _check_unique_ids(documents: list[Document]) -> None:
    seen: dict[str, str] = {}
    for document in documents:
        if seen.get(document.doc_id, document.sha256) != document.sha256:
            raise InputError(document.source, "another file of this run has the same name but other content: "
                                              "documents are identified by file name; rename one")
        seen[document.doc_id] = document.sha256
