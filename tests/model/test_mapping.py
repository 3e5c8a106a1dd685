"""Records -> quads: masked characters, deterministic IRIs, SHACL validity of the seeds' graph."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from graph.extract.document import extract_file
from graph.model.mapping import document_to_quads
from tests.support.documents import extract_text
from tests.support.paths import JIANGXI, SHANXI
from tests.support.shacl import ShapeCheck

REPORT = """山东省中央环境保护督察整改落实情况的报告
截至2018年6月底,45项整改任务中已完成30项。
省委书记刘家义、省长龚正任组长的整改工作领导小组统筹推进。
刘家义书记领办整改了济南市*府大院周边黑臭水体问题,龚正省长领办整改了小清河流域污染问题。
"""


def _as_rdflib(quads: list[ox.Quad]) -> rdflib.Graph:
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format="nquads")
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def test_a_fact_whose_quote_had_a_mask_is_marked_restored() -> None:
    document = extract_text(REPORT, "shandong_report.txt")
    cases = [i.label for i in document.problems if i.kind == "case"]
    # Labels are read from the restored text; the evidence quote keeps the original.
    assert cases == ["济南市政府大院周边黑臭水体问题", "小清河流域污染问题"]
    graph = _as_rdflib(document_to_quads(document))
    rows = list(graph.query("""
        PREFIX dg: <https://w3id.org/dutygraph/ontology#>
        SELECT ?quote ?fixed WHERE { ?a a dg:Assignment ; dg:evidence ?s .
          ?s dg:restored true ; dg:quote ?quote ; dg:restoredQuote ?fixed }"""))
    assert [(str(q), str(f)) for q, f in rows] == [
        ("刘家义书记领办整改了济南市*府大院周边黑臭水体问题", "刘家义书记领办整改了济南市政府大院周边黑臭水体问题")
    ]
    assert [(c.total, c.done) for c in document.progress] == [(45, 30)]


def test_quads_are_deterministic() -> None:
    first = document_to_quads(extract_file(JIANGXI))
    second = document_to_quads(extract_file(JIANGXI))
    assert first == second
    assert len(set(first)) == len(first), "no quad is emitted twice"


def test_the_seed_graphs_conform_to_the_shapes(shape_check: ShapeCheck) -> None:
    from graph.core.gazetteer import load_gazetteer
    from graph.model.mapping import regions_to_quads

    for path in (JIANGXI, SHANXI):
        document = extract_file(path)
        regions = [r for r in load_gazetteer() if r.adcode in {x.adcode for x in document.regions}]
        shape_check.check_triples(document_to_quads(document) + list(regions_to_quads(regions)), path.name)


_DERIVED = """
PREFIX dg: <https://w3id.org/dutygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def test_lead_names_are_the_labels_of_the_leads() -> None:
    # dg:leadNames is derived from the dg:leads edges of the same graph: exactly their labels, sorted.
    for path in (JIANGXI, SHANXI):
        graph = _as_rdflib(document_to_quads(extract_file(path)))
        leads: dict[str, set[str]] = {}
        for task, name in graph.query(_DERIVED + "SELECT ?t ?n WHERE { ?x dg:leads ?t . ?x rdfs:label ?n }"):
            leads.setdefault(str(task), set()).add(str(name))
        written = {str(t): str(n) for t, n in graph.query(_DERIVED + "SELECT ?t ?n WHERE { ?t dg:leadNames ?n }")}
        assert written == {t: ", ".join(sorted(names)) for t, names in leads.items()}
    jiangxi = _as_rdflib(document_to_quads(extract_file(JIANGXI)))
    names = {str(c): str(n) for c, n in jiangxi.query(
        _DERIVED + "SELECT ?c ?n WHERE { ?t dg:code ?c ; dg:leadNames ?n }")}
    assert names["3.2"] == "省工信委" and names["7"] == "上饶市政府, 宜春市政府, 景德镇市政府"
    assert "7.6" not in names  # its problem leads it (overdue falls back to the problem's leads)


def test_answers_for_links_each_unit_to_the_problems_it_has_a_role_on() -> None:
    graph = _as_rdflib(document_to_quads(extract_file(JIANGXI)))
    walked = {(str(a), str(p)) for a, p in graph.query(_DERIVED + """
        SELECT DISTINCT ?a ?p WHERE {
          ?x dg:agent ?a ; dg:task ?t . ?t dg:ofProblem? ?p . ?p a dg:Problem . ?a a dg:Unit }""")}
    written = {(str(a), str(p)) for a, p in graph.query(_DERIVED + "SELECT ?a ?p WHERE { ?a dg:answersFor ?p }")}
    assert written == walked and len(written) > 50
    problems = {str(c) for c, in graph.query(_DERIVED + """
        SELECT ?c WHERE { ?a rdfs:label "省发改委" ; dg:answersFor ?p . ?p dg:code ?c }""")}
    assert {"3", "4", "5", "8"} <= problems
