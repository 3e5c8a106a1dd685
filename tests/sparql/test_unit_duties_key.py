"""unit-duties reads dg:dutyKey, written at ingest: the same rows as the query that walked each task.

bench/queries/unit-duties-by-task.rq is unit-duties as it was before the key (role, task, the task's
document and code, a measure's problem's code, looked up per assignment). Both texts run on the same
store, for every agent holding a duty, on every backend (the seeds), and for the hubs of a repetitive
province corpus (embedded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.extract.document import extract_file
from graph.model.iris import document_iri, unit_iri
from graph.model.mapping import document_to_quads
from graph.sparql.run import run_query
from graph.sparql.saved import saved_queries
from graph.store import GraphStore, document_graph, open_store
from tests.support.paths import JIANGXI, ROOT, SHANXI

BY_TASK = (ROOT / "bench" / "queries" / "unit-duties-by-task.rq").read_text(encoding="utf-8")
DG = "https://w3id.org/dutygraph/ontology#"


def _rows(store: GraphStore, sparql: str, agent: str) -> list[tuple[str, ...]]:
    """The rows, with GROUP_CONCAT's order (which SPARQL leaves open) made equal."""
    table = run_query(store, sparql, {"unit": ox.NamedNode(agent)})
    out = []
    for row in table.dicts():
        row["measures"] = " ".join(sorted(str(row["measures"] or "").split()))
        out.append(tuple(str(row[c]) for c in table.columns))
    return out


def _same_answer(store: GraphStore, agent: str) -> int:
    """Asserts that both texts give the same rows in the same order of their sort keys; the row count."""
    old, new = _rows(store, BY_TASK, agent), _rows(store, saved_queries()["unit-duties"].sparql, agent)
    assert sorted(old) == sorted(new), agent
    # ORDER BY ?document ?role ?problem (columns 1, 3, 4); rows tied on these may come in any order.
    assert [(r[1], r[3], r[4]) for r in old] == [(r[1], r[3], r[4]) for r in new], agent
    return len(new)


def _agents(store: GraphStore) -> list[str]:
    rows = run_query(store, "SELECT DISTINCT ?agent WHERE { ?a dg:agent ?agent }").rows
    return sorted(str(agent) for agent, in rows)


def test_every_agent_of_the_seeds_has_the_same_duties_as_walked(seed_store: GraphStore) -> None:
    agents = _agents(seed_store)
    counts = {agent: _same_answer(seed_store, agent) for agent in agents}
    assert len(agents) > 40 and sum(counts.values()) > 60
    # Units, leaders and post holders, with duties on problems, measures and the whole document.
    assert any("/leader/" in agent and n for agent, n in counts.items())


def _keys(quads: list[ox.Quad]) -> dict[str, str]:
    return {q.subject.value: q.object.value for q in quads if q.predicate.value == DG + "dutyKey"}


@pytest.mark.parametrize("path", [JIANGXI, SHANXI], ids=lambda p: p.stem)
def test_a_duty_key_is_the_role_the_problem_and_the_measure(path: Path) -> None:
    quads = document_to_quads(extract_file(path))
    store = ox.Store()
    store.extend(quads)
    walked = {}
    for row in store.query(f"""PREFIX dg: <{DG}>
            SELECT ?a ?role ?code ?parent WHERE {{
              ?a dg:role ?role ; dg:task ?t . ?t dg:code ?code . OPTIONAL {{ ?t dg:ofProblem/dg:code ?parent }} }}""",
                           use_default_graph_as_union=True):
        assert isinstance(row, ox.QuerySolution)
        role = str(row["role"].value).rpartition("#")[2]
        codes = [row["parent"].value, row["code"].value] if row["parent"] else [row["code"].value]
        walked[row["a"].value] = "\t".join([role, *codes])
    assert _keys(quads) == walked and len(walked) >= 6
    # A duty on the whole document (a responsibility chain) has no code and no key.
    documents = store.query(f"PREFIX dg: <{DG}> SELECT ?a WHERE {{ ?a dg:task ?d . ?d a dg:Document }}",
                            use_default_graph_as_union=True)
    assert not {s["a"].value for s in documents if isinstance(s, ox.QuerySolution)} & set(walked)


def test_keys_name_the_role_as_its_term_does() -> None:
    keys = set(_keys(document_to_quads(extract_file(JIANGXI))).values())
    assert {"Lead\t3\t3.1", "Responsible\t5", "JurisdictionLead\t7", "Support\t1"} <= keys
    for key in keys:
        assert re.fullmatch(r"(Lead|Support|Responsible|JurisdictionLead|Accountable|Supervise|SignOff)"
                            r"\t[^\t]+(\t[^\t]+)?", key), key


def _province_documents(n: int) -> Iterator[tuple[str, list[ox.Quad]]]:
    from bench.corpus import generate_repetitive_documents

    for document in generate_repetitive_documents(n, seed=3):
        yield document_iri(document.doc_id), document_to_quads(document)


def test_the_hubs_of_a_repetitive_province_have_the_same_duties_as_walked(tmp_path: Path) -> None:
    from bench.corpus import REPETITIVE_PROVINCE

    with open_store(str(tmp_path / "province.db")) as store:
        store.load_documents([document_graph(iri, quads) for iri, quads in _province_documents(40)])
        env = unit_iri(REPETITIVE_PROVINCE, "省环保厅")
        assert _same_answer(store, env) > 200
        agents = _agents(store)
        for agent in agents[:: max(1, len(agents) // 15)]:
            _same_answer(store, agent)

