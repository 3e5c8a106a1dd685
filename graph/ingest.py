"""Ingest documents: extract every file first, then replace their graphs in one transaction.

Nothing is written unless every file was read: a bad file among good ones leaves
the store exactly as it was.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import multiprocessing
import queue
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from graph.errors import DutygraphError, IngestInterrupted, InputError, StoreError
from graph.extract.document import document_id, extract_file
from graph.extract.reader import DEFAULT_MAX_SIZE
from graph.link import LinkReport, relink
from graph.model import iris
from graph.model.mapping import document_to_quads
from graph.records import Document
from graph.store import DocumentGraph, GraphStore, document_graph


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
    format: str = "txt"


@dataclass
class IngestReport:
    """The summaries of an ingest run."""

    documents: list[DocumentSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files stored before with the same content
    links: LinkReport | None = None  # reports' problems linked to stored plans' after the write

    @property
    def triples(self) -> int:
        """Triples written in all."""
        return sum(d.triples for d in self.documents)


def summarise(document: Document, triples: int) -> DocumentSummary:
    """Counts of what a document yielded, with its warnings as ``line N: message``."""
    counts = {
        "problems": sum(1 for i in document.problems if i.kind == "problem"),
        "measures": sum(len(i.measures) for i in document.problems),
        "units": len(document.units),
        "leaders": len(document.leaders),
        "groups": len(document.groups),
        "cases": sum(1 for i in document.problems if i.kind == "case"),
        "regions": len(document.regions),
        "progress counts": len(document.progress),
        "statuses": sum(1 for i in document.problems if i.status),
        "measure statuses": sum(1 for i in document.problems for m in i.measures if m.status),
        "accountability counts": len(document.accountability),
        "deadline classes": len(document.deadline_classes),
        "dated targets": len(document.targets),
        "restored masks": len(document.restorations),
    }
    roles = dict(sorted(Counter(a.role.value for a in document.assignments).items()))
    warnings = tuple(f"line {n.line}: {n.message}" for n in document.warnings)
    return DocumentSummary(document.source, document.doc_id, document.kind, document.title,
                           document.encoding, counts, roles, warnings, triples, document.format)


def ingest_files(paths: Sequence[Path | str], store: GraphStore, strict: bool = False, jobs: int = 1,
                 force: bool = False, max_size: int | None = None) -> IngestReport:
    """Extract ``paths`` and store them, one named graph per document, all or nothing.

    Extraction runs in ``jobs`` processes.  A file whose document is stored with the same content
    hash is skipped (listed in ``skipped``) unless ``force``.  A file over ``max_size`` bytes
    (:data:`graph.extract.reader.DEFAULT_MAX_SIZE` if None) is refused without being read.
    """
    report = IngestReport()
    todo = [Path(p) for p in paths]
    if not force:
        stored = store.stored_hashes(current_only=True)
        unchanged = {p for p in todo if _is_stored(p, stored, max_size)}
        report.skipped.extend(str(p) for p in todo if p in unchanged)
        todo = [p for p in todo if p not in unchanged]
    order = {str(p): i for i, p in enumerate(todo)}
    extract = functools.partial(_extract_one, max_size=max_size)
    answers = sorted(_parallel(extract, todo, jobs), key=lambda answer: order[answer[0]])
    documents = [document for _, document, _ in answers if document is not None]
    failures = [InputError(source, reason) for source, document, reason in answers if document is None]
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
    batch = []
    for document in documents:
        quads = document_to_quads(document)
        batch.append((iris.document_iri(document.doc_id), quads))
        report.documents.append(summarise(document, len(quads)))
    store.replace_documents(batch)
    if batch:
        # A second transaction: the links read what the first one stored, whichever document came first;
        # only those of the places of the documents written can change.
        report.links = relink(store, [graph for graph, _ in batch])
    return report


def _extract_one(path: Path, max_size: int | None = None) -> tuple[str, Document | None, str]:
    """One file's document, or why it cannot be read (runs in a worker process: errors travel as text)."""
    try:
        return str(path), extract_file(path, max_size), ""
    except InputError as exc:
        return str(path), None, exc.reason


def _check_unique_ids(documents: list[Document]) -> None:
    seen: dict[str, str] = {}
    for document in documents:
        if seen.get(document.doc_id, document.sha256) != document.sha256:
            raise InputError(document.source, "another file of this run has the same name but other content: "
                                              "documents are identified by file name; rename one")
        seen[document.doc_id] = document.sha256


# --- a corpus: parallel extraction, bulk writes, resumable runs ---

T = TypeVar("T")
S = TypeVar("S")
# Files of the same bytes in one run (a plan reposted by several sites) are extracted once per this
# many of them; each is still stored as its own document, under its own name.
SAME_CONTENT_CHUNK = 50
# Quads per bulk write, about 115 MB of N-Quads. The bulk loader sorts each call's quads in buffers
# of its own (up to a million quads, some 930 MiB for a million), and the writer holds up to three
# batches (one loading, one queued, one filling): at 5M triples 500k per batch peaked at 1.05 GiB
# against 1.7-2.2 GiB for a million, in the same wall time (46-48 s; bench/README.md).
BATCH_QUADS = 500_000
# A run that wrote this many triples, and a quarter of the documents the store holds after it, compacts
# the store at its end: each bulk load, and each transaction's flush, leaves files of its own over the
# whole key range, and every range read merges them all. Compacted, reads cost 30-40 % less (5M quads:
# overdue, unreported, region-problems; the Jiangxi plan stored 200 times, 570k quads: gaps 1.14 -> 0.70
# CPU-s), for about 1.3 CPU-s per million quads of the store, a tenth of what writing them cost
# (bench/README.md). A compaction rewrites the whole store: asked only when the store grew by a third
# since the last one, loading a big corpus run by run compacts it a number of times that grows with the
# logarithm of its size, not with the number of runs. Below this size reads are fast anyway.
OPTIMIZE_AFTER_TRIPLES = 100_000
OPTIMIZE_SHARE = 4
# The formats the reader takes (graph/extract/formats.py): what a directory contributes by default.
DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf"})


@dataclass(frozen=True)
class Progress:
    """Where a corpus ingest stands, after each document."""

    total: int  # documents to extract in this run (unchanged ones skipped before)
    done: int  # documents extracted or refused so far
    stored: int  # documents written so far
    failed: int
    triples: int  # triples of the documents extracted so far (written, or in the batch being filled)


@dataclass
class CorpusReport:
    """What a corpus ingest did."""

    documents: list[DocumentSummary] = field(default_factory=list)  # stored, in the order they were written
    skipped: list[str] = field(default_factory=list)  # unchanged since they were stored
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, reason), not stored
    seconds: float = 0.0
    links: LinkReport | None = None  # reports' problems linked to stored plans' after the run
    optimized: float | None = None  # seconds the store took to compact after the run, if it did

    @property
    def triples(self) -> int:
        """Triples written in all."""
        return sum(d.triples for d in self.documents)


def find_documents(paths: Sequence[Path | str], pattern: str | None = None) -> list[Path]:
    """Files named, and the documents under directories named: recursively, sorted, no hidden ones.

    In a directory, a document is a file matching ``pattern`` or, by default, one whose suffix is
    a format the reader takes (``.txt``, ``.html``, ``.docx``, ``.pdf``…).
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob(pattern or "*")
                if p.is_file() and (pattern or p.suffix.lower() in DOCUMENT_SUFFIXES)
                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class _Extracted:
    """A worker's answer for one file: the graph and summary, or why the file was refused."""

    source: str
    summary: DocumentSummary | None = None
    graph: DocumentGraph | None = None
    error: str | None = None
    document: Document | None = None  # kept only inside a worker, to map copies of the same file


def _extract_same(paths: Sequence[Path], strict: bool, max_size: int | None = None) -> list[_Extracted]:
    """Extract files of the same bytes, reading the text once (runs in a worker process).

    The first is extracted; each other is the same document under its own name (its id, source file
    name and document-wide duties' task), mapped to its own graph. Where the first's title is its
    file name (no title in the text), each file is extracted for itself, since its title differs.
    """
    first = _extract_for_bulk(paths[0], strict, max_size, keep=True)
    answers = [first]
    document = first.document
    for path in paths[1:]:
        if document is None or document.title == Path(document.source).stem:
            answers.append(_extract_for_bulk(path, strict, max_size))
            continue
        doc_id = document_id(str(path))
        assignments = tuple(replace(a, task=doc_id) if a.task_kind == "document" else a
                            for a in document.assignments)
        answers.append(_mapped(str(path), replace(document, doc_id=doc_id, source=path.name,
                                                  assignments=assignments)))
    return [replace(answer, document=None) for answer in answers]


def _mapped(source: str, document: Document, keep: bool = False) -> _Extracted:
    quads = document_to_quads(document)
    graph = document_graph(iris.document_iri(document.doc_id), quads)
    return _Extracted(source, summarise(document, len(quads)), graph, document=document if keep else None)


def _extract_for_bulk(path: Path, strict: bool, max_size: int | None = None, keep: bool = False) -> _Extracted:
    """Extract one file and serialise its graph (runs in a worker process); ``keep`` keeps the document."""
    source = str(path)
    try:
        document = extract_file(path, max_size)
        if strict and document.warnings:
            lines = "; ".join(f"line {n.line}: {n.message}" for n in document.warnings)
            return _Extracted(source, error=f"warnings with --strict, not stored: {lines}")
        return _mapped(source, document, keep)
    except InputError as exc:
        return _Extracted(source, error=exc.reason)
    except DutygraphError as exc:
        return _Extracted(source, error=str(exc))
    except Exception as exc:  # one odd file must not stop a national run: it is reported, the rest goes on
        return _Extracted(source, error=f"unexpected error, please report it: {exc!r}")


def _is_stored(path: Path, stored: dict[str, str], max_size: int | None = None) -> bool:
    """Whether the document of ``path`` is stored complete with this very content."""
    sha = _file_sha256(path, max_size)
    return sha is not None and stored.get(iris.document_iri(document_id(str(path)))) == sha


def _file_sha256(path: Path, max_size: int | None = None) -> str | None:
    # A file over the size limit is refused unread by the worker, so it is not hashed either.
    try:
        if path.stat().st_size > (DEFAULT_MAX_SIZE if max_size is None else max_size):
            return None
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None  # the worker reports the reason


def _parallel(func: Callable[[S], T], items: Sequence[S], jobs: int) -> Iterator[T]:
    """``func`` over ``items`` in ``jobs`` processes, answers as they come, a bounded number in flight."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(func, items)
        return
    context = multiprocessing.get_context("forkserver")
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    pending = iter(items)
    running: set[Future[T]] = set()
    try:
        for item in itertools.islice(pending, jobs * 4):
            running.add(executor.submit(func, item))
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                nxt = next(pending, None)
                if nxt is not None:
                    running.add(executor.submit(func, nxt))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


class BatchWriter:
    """Writes batches in a thread of its own, so extraction goes on while the store loads.

    pyoxigraph releases the GIL while it bulk-loads, and a remote store waits on the network: either
    way the main thread keeps collecting the workers' documents.  Two batches at most are held: the
    one being written and the one being filled, which is handed over when the writer is idle.
    """

    def __init__(self, store: GraphStore, report: CorpusReport) -> None:
        self.store = store
        self.report = report
        self.error: BaseException | None = None
        self.queue: queue.Queue[tuple[list[DocumentGraph], list[DocumentSummary]] | None] = queue.Queue(maxsize=1)
        self.idle = threading.Event()
        self.idle.set()
        self.thread = threading.Thread(target=self._run, name="dutygraph-writer")
        self.thread.start()

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            graphs, summaries = item
            try:
                if self.error is None:  # after a failure nothing more is written
                    self.store.load_documents(graphs)
                    self.report.documents.extend(summaries)
            except BaseException as exc:  # handed to the main thread, which raises it
                self.error = exc
            finally:
                self.idle.set()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def write(self, graphs: list[DocumentGraph], summaries: list[DocumentSummary]) -> None:
        """Hand a batch to the writer (after waiting for the previous one to be written)."""
        self.idle.wait()
        self._raise()
        if graphs:
            self.idle.clear()
            self.queue.put((graphs, summaries))

    def close(self) -> None:
        """Write what is queued, then stop."""
        self.queue.put(None)
        self.thread.join()
        self._raise()

    def abort(self) -> None:
        """Drop what is queued, let the batch being written finish (it is never left half-done by us), stop."""
        try:
            while True:
                self.queue.get_nowait()
        except queue.Empty:
            pass
        self.queue.put(None)
        self.thread.join()


def _same_content(todo: Sequence[Path], names: dict[str, tuple[Path, str | None]]) -> list[tuple[Path, ...]]:
    """``todo`` in runs of files of the same bytes (by SHA-256), at most SAME_CONTENT_CHUNK a run, in order
    of their first file; a file that could not be hashed is a run of its own."""
    runs: dict[object, list[Path]] = defaultdict(list)
    for index, path in enumerate(todo):
        sha = names[document_id(str(path))][1]
        runs[sha if sha is not None else index].append(path)
    return [tuple(paths[at:at + SAME_CONTENT_CHUNK]) for paths in runs.values()
            for at in range(0, len(paths), SAME_CONTENT_CHUNK)]


def ingest_corpus(
    paths: Sequence[Path | str],
    store: GraphStore,
    jobs: int = 1,
    force: bool = False,
    strict: bool = False,
    pattern: str | None = None,
    progress: Callable[[Progress], None] | None = None,
    batch_quads: int = BATCH_QUADS,
    max_size: int | None = None,
    optimize_after: int = OPTIMIZE_AFTER_TRIPLES,
) -> CorpusReport:
    """Ingest a corpus: extract in ``jobs`` processes, write in bulk, skip what is stored unchanged.

    A file that cannot be read or extracted is reported in ``failures`` and not stored; the others
    are; one over ``max_size`` bytes is refused unread.  Documents already stored with the same
    content hash are skipped unless ``force``.  A run stopped half-way (Ctrl-C, a crash) keeps every
    document it finished; running it again redoes the rest, including a document whose graph was
    only partly written.  A run that wrote ``optimize_after`` triples or more, and a quarter of the
    documents stored after it, compacts the store at its end (:meth:`GraphStore.optimize`).
    """
    started = time.perf_counter()
    report = CorpusReport()
    files = find_documents(paths, pattern)
    stored = store.stored_hashes(current_only=True)
    todo: list[Path] = []
    names: dict[str, tuple[Path, str | None]] = {}
    for path in files:
        sha = _file_sha256(path, max_size)
        doc_id = document_id(str(path))
        if doc_id in names:
            first, first_sha = names[doc_id]
            if first_sha != sha:
                report.failures.append((str(path), f"has the same name as {first} but other content: documents "
                                                   "are identified by file name; rename one"))
            continue
        names[doc_id] = (path, sha)
        if not force and sha is not None and stored.get(iris.document_iri(doc_id)) == sha:
            report.skipped.append(str(path))
        else:
            todo.append(path)

    batch: list[DocumentGraph] = []
    summaries: list[DocumentSummary] = []
    batch_size = 0
    done = 0
    extracted = 0
    writer = BatchWriter(store, report)

    def tell() -> None:
        if progress is not None:
            progress(Progress(len(todo), done, len(report.documents), len(report.failures), extracted))

    try:
        extract = functools.partial(_extract_same, strict=strict, max_size=max_size)
        for answers in _parallel(extract, _same_content(todo, names), jobs):
            for answer in answers:
                done += 1
                if answer.graph is None or answer.summary is None:
                    report.failures.append((answer.source, answer.error or "not extracted"))
                else:
                    batch.append(answer.graph)
                    summaries.append(answer.summary)
                    extracted += answer.summary.triples
                    batch_size += answer.graph.quads
                    if batch_size >= batch_quads:
                        writer.write(batch, summaries)
                        batch, summaries, batch_size = [], [], 0
                tell()
        writer.write(batch, summaries)
        writer.close()
        if report.documents:
            report.links = relink(store)
        if report.triples >= optimize_after and len(report.documents) * OPTIMIZE_SHARE >= len(store.stored_hashes()):
            compacting = time.perf_counter()
            store.optimize()
            report.optimized = time.perf_counter() - compacting
        tell()
    except KeyboardInterrupt as exc:
        writer.abort()
        raise IngestInterrupted(
            f"interrupted: {len(report.documents)} of {len(todo)} documents were stored and are kept; "
            "run the same command again to ingest the rest (stored documents are skipped)"
        ) from exc
    except StoreError as exc:
        writer.abort()
        raise StoreError(f"{exc} — {len(report.documents)} documents of this run were stored before and are "
                         "kept; run the same command again to resume") from exc
    except BaseException:
        writer.abort()
        raise
    report.seconds = time.perf_counter() - started
    return report
