"""Files of the same bytes in one corpus ingest: extracted once, each stored as its own document."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.ingest import ingest_corpus
from graph.model import iris
from graph.store import open_store
from tests.support.paths import JIANGXI, SHANXI


def _graph_lines(dump: bytes, doc_id: str) -> list[str]:
    graph = f"<{iris.document_iri(doc_id)}>"
    return sorted(line for line in dump.decode("utf-8").splitlines() if line.rstrip(" .").endswith(graph))


def test_copies_are_stored_as_if_each_was_ingested_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("plan_a.txt", "plan_b.txt", "转载.txt"):
        shutil.copy(JIANGXI, corpus / name)
    shutil.copy(SHANXI, corpus / "other.txt")
    with open_store(str(tmp_path / "all.db")) as store:
        report = ingest_corpus([corpus], store)
        together = store.dump_nquads()
    assert not report.failures
    stored = sorted(Path(d.source).name for d in report.documents)
    assert stored == ["other.txt", "plan_a.txt", "plan_b.txt", "转载.txt"]
    alone_dir = tmp_path / "alone"
    alone_dir.mkdir()
    shutil.copy(JIANGXI, alone_dir / "转载.txt")
    with open_store(str(tmp_path / "alone.db")) as store:
        ingest_corpus([alone_dir], store)
        alone = store.dump_nquads()
    copy_id = iris.document_iri("转载").rsplit("/", 1)[-1]
    expected = _graph_lines(alone, copy_id)
    assert len(expected) > 1000
    assert _graph_lines(together, copy_id) == expected
    # Each copy has a graph of its own, the same size, under its own name.
    sizes = {name: len(_graph_lines(together, iris.document_iri(name).rsplit("/", 1)[-1]))
             for name in ("plan_a", "plan_b")}
    assert sizes == {"plan_a": len(expected), "plan_b": len(expected)}
