"""Records -> quads: masked characters, deterministic IRIs, SHACL validity of the seeds' graph."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from pyshacl import validate

from graph.assets import asset_path
from graph.extract.document import extract_document, extract_file
from graph.extract.reader import decode_document
from graph.model.mapping import document_to_quads
from tests.conftest import JIANGXI, SHANXI

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
    document = extract_document(decode_document(REPORT.encode("utf-8"), "shandong_report.txt"))
    cases = [i.label for i in document.issues if i.kind == "case"]
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


def test_the_seed_graphs_conform_to_the_shapes() -> None:
    ontology = rdflib.Graph().parse(asset_path("ontology", "dutygraph.ttl"), format="turtle")
    shapes = rdflib.Graph().parse(asset_path("ontology", "shapes.ttl"), format="turtle")
    from graph.extract.regions import load_gazetteer
    from graph.model.mapping import regions_to_quads

    for path in (JIANGXI, SHANXI):
        document = extract_file(path)
        regions = [r for r in load_gazetteer() if r.adcode in {x.adcode for x in document.regions}]
        graph = _as_rdflib(document_to_quads(document) + list(regions_to_quads(regions)))
        conforms, _, text = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
        assert conforms, text
