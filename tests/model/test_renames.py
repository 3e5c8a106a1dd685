"""A renamed unit is one organisation across documents of different years."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from graph.ingest import ingest_files
from graph.model import iris
from graph.model.mapping import document_to_quads
from graph.records import Assignment, Document, Measure, Problem, Role, Span, Unit
from graph.sparql.saved import run_saved
from graph.store import GraphStore, open_store
from tests.support.paths import JIANGXI

JIANGXI_ADCODE = "360000000000"


def test_the_store_relates_the_old_and_new_names(seed_store: GraphStore) -> None:
    rows = seed_store.select(
        "SELECT DISTINCT ?g ?oldName ?newName WHERE { GRAPH ?g { ?old dg:renamedTo ?new } "
        "?old rdfs:label ?oldName . ?new rdfs:label ?newName }")
    pairs = {(r["oldName"], r["newName"]) for r in rows}
    assert {("省环保厅", "省生态环境厅"), ("省国土厅", "省自然资源厅"), ("省监察厅", "省监委"),
            ("省农业厅", "省农业农村厅"), ("省林业厅", "省林业局")} <= pairs
    assert {r["g"] for r in rows} == {iris.renames_graph_iri()}


def _later_plan() -> Document:
    """A 2019 plan of the same province naming the department by its new name."""
    text = "一、问题\n责任单位:省生态环境厅(牵头负责第1条)、省发改委。\n"
    quote = text.splitlines()[1]
    span = Span(text.index(quote), text.index(quote) + len(quote), quote, 2)
    measure = Measure("1.1", 1, "加强监管", Span(0, 4, text[:4], 1))
    problem = Problem("1", "问题", Span(0, 4, text[:4], 1), measures=(measure,))
    return Document(
        doc_id="later_plan", source="later.txt", title="2019年整改方案", kind="plan", text=text, sha256="0" * 64,
        encoding="utf_8", province=JIANGXI_ADCODE, problems=(problem,),
        units=(Unit("省生态环境厅"), Unit("省发改委")),
        assignments=(Assignment("省生态环境厅", "unit", "1.1", "measure", Role.LEAD, span),
                     Assignment("省发改委", "unit", "1", "problem", Role.SUPPORT, span)),
    )


def test_duties_under_both_names_are_one_organisations(tmp_path: Path) -> None:
    later = _later_plan()
    with open_store(str(tmp_path / "years.db")) as store:
        ingest_files([JIANGXI], store)
        store.replace_documents([(iris.document_iri(later.doc_id), document_to_quads(later))])
        for name in ("省环保厅", "省生态环境厅"):
            rows = run_saved(store, "unit-duties", {"unit": name}).dicts()
            held = {(r["agentName"], r["problem"], r["role"]) for r in rows}
            assert ("省生态环境厅", "1", "Lead") in held, name  # the 2019 plan
            assert ("省环保厅", "3", "Lead") in held, name  # the 2017 plan
        # Replacing the older document keeps the relation.
        store.replace_documents([(iris.document_iri(later.doc_id), document_to_quads(replace(later, title="x")))])
        rows = run_saved(store, "unit-duties", {"unit": "省生态环境厅"}).dicts()
        assert {r["agentName"] for r in rows} == {"省环保厅", "省生态环境厅"}
