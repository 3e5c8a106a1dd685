"""Where each measure stands, as a progress report states it after or at the end of the measure.

The report is written for these tests in the style of the provincial progress checklists of
../shared/corpus (整改进展情况 per problem, 完成情况 per measure); every assertion goes through
:func:`graph.extract.document.extract_document` and, for the graph, the model's quads.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib
from click.testing import CliRunner
from pyshacl import validate

from cli import main
from graph.core.gazetteer import load_gazetteer
from graph.model.mapping import document_to_quads, regions_to_quads
from graph.records import Document, ProgressStatus
from graph.resources import asset_path
from tests.support.documents import extract_text

DG = "https://w3id.org/dutygraph/ontology#"
COMPLETED, IN_PROGRESS, BEHIND = ProgressStatus.COMPLETED, ProgressStatus.IN_PROGRESS, ProgressStatus.BEHIND

REPORT = """九江市中央环境保护督察反馈意见整改落实情况
附:九江市中央环境保护督察反馈意见整改落实情况清单
一、长江九江段部分岸线码头违规占用问题突出。
整改时限:2018年底前
整改进展情况:正在推进
整改措施:
1.全面排查长江岸线非法码头,建立整治台账。
完成情况:已完成
2.依法取缔非法码头砂场,实施岸线复绿。
完成情况:正在推进,已取缔28处
3.建立岸线资源管理长效机制。
完成情况:滞后
责任单位:市交通运输局、市水利局
二、城区黑臭水体整治进度缓慢。
整改时限:2019年6月底前
整改措施:
1.完成甘棠湖、南门湖截污工程(已完成)。
2.开展黑臭水体沿岸排污口排查,2019年6月底前完成整治。(正在推进)
3.建立水质定期监测制度。
整改进展情况:已完成整改
责任单位:市城管局
"""


def _extract() -> Document:
    return extract_text(REPORT, "jiujiang_progress.txt")


def test_each_measure_keeps_its_own_status() -> None:
    doc = _extract()
    assert doc.kind == "progress"
    table = [(m.code, m.text, m.status, m.status_span.text if m.status_span else None)
             for i in doc.problems for m in i.measures]
    assert table == [
        ("1.1", "全面排查长江岸线非法码头,建立整治台账。", COMPLETED, "完成情况:已完成"),
        ("1.2", "依法取缔非法码头砂场,实施岸线复绿。", IN_PROGRESS, "完成情况:正在推进,已取缔28处"),
        ("1.3", "建立岸线资源管理长效机制。", BEHIND, "完成情况:滞后"),
        ("2.1", "完成甘棠湖、南门湖截污工程", COMPLETED, "(已完成)"),
        ("2.2", "开展黑臭水体沿岸排污口排查,2019年6月底前完成整治。", IN_PROGRESS, "(正在推进)"),
        ("2.3", "建立水质定期监测制度。", None, None),
    ]
    # The problems keep the status stated for them, whatever their measures say.
    assert [(i.code, i.status) for i in doc.problems] == [("1", IN_PROGRESS), ("2", COMPLETED)]
    assert [(a.agent, a.task) for a in doc.assignments] == [("市交通运输局", "1"), ("市水利局", "1"), ("市城管局", "2")]
    for measure in (m for i in doc.problems for m in i.measures if m.status_span):
        span = measure.status_span
        assert span is not None and doc.text[span.start:span.end] == span.text
    assert not doc.warnings


def test_measure_status_in_the_graph() -> None:
    doc = _extract()
    store = ox.Store()
    store.extend(document_to_quads(doc))
    rows = store.query(
        f"PREFIX dg: <{DG}> SELECT ?code ?status ?done ?quote WHERE {{ ?m a dg:Measure ; dg:code ?code ; "
        "dg:progressStatus ?status ; dg:statusEvidence/dg:quote ?quote OPTIONAL { ?m dg:completed ?done } } "
        "ORDER BY ?code",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, ox.QuerySolutions)
    found = [(r["code"].value, r["status"].value.removeprefix(DG), r["done"].value if r["done"] else None,
              r["quote"].value) for r in rows]
    assert found == [
        ("1.1", "Completed", "true", "完成情况:已完成"),
        ("1.2", "InProgress", None, "完成情况:正在推进,已取缔28处"),
        ("1.3", "Behind", None, "完成情况:滞后"),
        ("2.1", "Completed", "true", "(已完成)"),
        ("2.2", "InProgress", None, "(正在推进)"),
    ]
    ontology = rdflib.Graph().parse(asset_path("ontology", "dutygraph.ttl"), format="turtle")
    shapes = rdflib.Graph().parse(asset_path("ontology", "shapes.ttl"), format="turtle")
    regions = [r for r in load_gazetteer() if r.adcode in {x.adcode for x in doc.regions}]
    quads = document_to_quads(doc) + list(regions_to_quads(regions))
    graph = rdflib.Dataset()
    graph.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    flat = rdflib.Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        flat.add((s, p, o))
    conforms, _, text = validate(flat, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, text


# A per-task notice without a checklist annex (read by its outline of headings), in the same shape.
NOTICE = """关于中央生态环境保护督察反馈问题整改进展情况的通报
问题编号十四:修水县城污水处理厂出水超标排放,配套管网建设滞后。
整改措施:
1.完成污水处理厂提标改造工程。
完成情况:已完成
2.新建城区配套污水管网20公里。
完成情况:正在推进,已建成12公里
3.安装进出水在线监测设备(已完成)。
责任单位:修水县人民政府
"""


def test_measure_status_in_a_notice_without_annex() -> None:
    doc = extract_text(NOTICE, "xiushui_notice.txt")
    assert [(i.code, i.status) for i in doc.problems] == [("14", None)]
    assert [(m.code, m.text, m.status) for m in doc.problems[0].measures] == [
        ("14.1", "完成污水处理厂提标改造工程。", COMPLETED),
        ("14.2", "新建城区配套污水管网20公里。", IN_PROGRESS),
        ("14.3", "安装进出水在线监测设备", COMPLETED),
    ]
    assert [(a.agent, a.task) for a in doc.assignments] == [("修水县人民政府", "14")]
    assert doc.kind == "progress" and not doc.warnings


def test_ingest_reports_the_measure_statuses(tmp_path: Path) -> None:
    report = tmp_path / "jiujiang_progress.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "db"), "ingest", str(report)])
    assert result.exit_code == 0, result.output
    assert "(utf-8)" in result.stderr or "(utf_8)" in result.stderr
    found = next(line for line in result.stderr.splitlines() if line.startswith("  found:"))
    assert "2 statuses" in found and "5 measure statuses" in found
