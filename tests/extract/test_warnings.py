"""What ``dutygraph ingest`` warns about, and on which line of the file as published.

The documents are written for these tests in the style of the provincial checklists of
../shared/corpus; every assertion goes through :func:`graph.extract.document.extract_document`.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import main
from graph.records import Document, Role
from tests.support.documents import extract_text


def _extract(text: str, name: str = "plan.txt") -> Document:
    document = extract_text(text, name)
    for assignment in document.assignments:
        span = assignment.evidence
        assert document.text[span.start:span.end] == span.text
    return document


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# A county checklist whose responsibility fields lost characters when it was copied: one unit
# name is cut short, another field holds what is left of a table's page number.
UNKNOWN_UNITS = """安远县贯彻落实中央环境保护督察反馈意见整改方案
为切实抓好中央环境保护督察反馈意见整改工作,制定本方案。
附件:安远县中央环境保护督察反馈意见整改措施清单
一、县城生活污水处理厂进水浓度偏低,管网建设滞后。
整改目标:2018年底前县城生活污水集中处理率达到85%以上。
整改时限:2018年12月底前
整改措施:
1.完成县城老城区雨污分流改造。
牵头单位:县住房城乡建
配合单位:县财政局、县发展改革委
2.建立污水处理厂运行在线监控。
牵头单位:县环保局
二、稀土矿区废弃矿山治理缓慢。
整改时限:2019年底前
整改措施:
1.编制废弃稀土矿山综合治理规划。
责任单位:县矿管局、县林业局、0
"""


def test_names_with_no_shape_of_a_unit_are_warned_about_and_kept() -> None:
    doc = _extract(UNKNOWN_UNITS)
    unknown = [(w.line, w.message) for w in doc.warnings if w.message.startswith("unknown unit")]
    assert unknown == [
        (_line(UNKNOWN_UNITS, "牵头单位:县住房城乡建"),
         "unknown unit '县住房城乡建' for 1.1: not shaped like an organisation's name (cut short or garbage?), "
         "kept as written"),
        (_line(UNKNOWN_UNITS, "责任单位:县矿管局"),
         "unknown unit '0' for 2: not shaped like an organisation's name (cut short or garbage?), kept as written"),
    ]
    duties = {(a.agent, a.task, a.role) for a in doc.assignments}
    assert ("县住房城乡建", "1.1", Role.LEAD) in duties
    assert ("0", "2", Role.RESPONSIBLE) in duties
    # Names that are shaped like units raise nothing.
    shaped = {("县财政局", "1.1", Role.SUPPORT), ("县环保局", "1.2", Role.LEAD), ("县矿管局", "2", Role.RESPONSIBLE)}
    assert shaped <= duties
    assert len(doc.warnings) == 2


def test_strict_ingest_fails_on_an_unknown_unit(tmp_path: Path) -> None:
    plan = tmp_path / "anyuan_plan.txt"
    plan.write_text(UNKNOWN_UNITS, encoding="utf-8")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "ingest", str(plan), "--strict"])
    assert result.exit_code == 1, result.output
    assert f"line {_line(UNKNOWN_UNITS, '牵头单位:县住房城乡建')}: unknown unit '县住房城乡建'" in result.output


# A plan copied out of a PDF: a page marker cuts a measure, a line is broken before its comma, the
# site ran two measures into one line, and after all that a measure number is skipped, the last
# problem is cut off and an unrelated link follows.  Repair joins and splits lines; the warnings
# must still name the lines of the file as published.
DAMAGED = """会昌县贯彻落实中央环境保护督察反馈意见整改方案
附件:会昌县中央环境保护督察反馈意见整改措施清单
一、湘江源头区域生态保护不力,部分河段采砂秩序混乱。
整改目标:2018年底前全面规范河道采砂秩序。
整改措施:
1.开展河道非法采砂专项整治
,依法取缔无证采砂场。
― 3 ―
2.科学划定全县河道禁采区、可采区和保留区,
第3页
实行采砂总量控制。 3.建立河道采砂长效监管机制。 4.落实河长巡河制度。
6.加强采砂运输车辆治超。
责任单位:县水利局、县公安局
二、县工业园区污水处理设施未正常运行。
赣州市召开脐橙产业发展大会
"""


def test_warning_lines_are_the_lines_of_the_published_file() -> None:
    doc = _extract(DAMAGED, "huichang_plan.txt")
    assert [m.code for i in doc.problems for m in i.measures] == ["1.1", "1.2", "1.3", "1.4", "1.6"]
    assert [(w.line, w.message) for w in doc.warnings] == [
        (_line(DAMAGED, "6.加强采砂"), "problem 1: measure 6 follows 4 (kept as written)"),
        (_line(DAMAGED, "二、县工业园区"),
         "problem 2 has no target, measures or responsible units: the text looks truncated"),
        (_line(DAMAGED, "赣州市召开"), "skipped text that is not part of the checklist: '赣州市召开脐橙产业发展大会'"),
    ]
    assert [w.line for w in doc.warnings] == [12, 14, 15]
    second = doc.problems[0].measures[1]
    assert second.text == "科学划定全县河道禁采区、可采区和保留区,实行采砂总量控制。"
    assert second.span.text == "2.科学划定全县河道禁采区、可采区和保留区,\n第3页\n实行采砂总量控制。"




RESTARTED = """某市贯彻落实中央生态环境保护督察反馈意见整改方案
附:某市整改措施清单
一、城区黑臭水体治理滞后,部分河段水质较差。
整改目标:消除城区黑臭水体。
整改措施:
1、开展黑臭水体排查。
2、建设截污管网。
1、加强河道日常保洁。
2、建立河道管护长效机制。
责任单位:市住房和城乡建设局。
"""


def test_a_measure_number_repeated_under_one_problem_is_kept_apart_and_warned() -> None:
    """A measures list that restarts at 1 under one problem (two lists run together by the
    publisher): each measure keeps its own code (its IRI), and the repeat is warned."""
    document = _extract(RESTARTED)
    (first,) = document.problems
    codes = [m.code for m in first.measures]
    assert codes == ["1.1", "1.2", "1.1'", "1.2'"]
    assert len({m.text for m in first.measures}) == len(codes)
    repeated = [n for n in document.warnings if "numbered again" in n.message]
    assert [n.message for n in repeated] == ["problem 1: measure 1 is numbered again; kept apart as 1.1'",
                                             "problem 1: measure 2 is numbered again; kept apart as 1.2'"]
    assert RESTARTED.split("\n")[repeated[0].line - 1] == "1、加强河道日常保洁。"


# A city plan without an annex whose problem lists its measures in two numbered runs, the second
# introduced by a plain line that ends with a colon and starting again at 1.
RESTARTED_NUMBERS = """吉安市贯彻落实中央环境保护督察反馈意见整改方案
一、赣江吉安段部分支流水质不达标。
整改目标:2018年底前支流断面水质达到Ⅲ类。
整改时限:2018年底前
整改措施:
1.市工信委牵头,全面排查沿河工业企业排污口。
2.市环保局负责,对超标排放企业依法查处。
农业面源方面:
1.市农业局牵头,推进畜禽养殖禁养区划定。
2.市水利局负责,开展河道清淤疏浚。
"""


def test_a_run_of_measures_after_a_colon_line_is_read_not_dropped() -> None:
    document = _extract(RESTARTED_NUMBERS)
    duties = {(a.task, a.agent, a.role) for a in document.assignments}
    assert duties == {("1.1", "市工信委", Role.LEAD), ("1.2", "市环保局", Role.RESPONSIBLE),
                      ("1.1'", "市农业局", Role.LEAD), ("1.2'", "市水利局", Role.RESPONSIBLE)}
    assert [(n.line, n.message) for n in document.warnings if "numbered again" in n.message] == [
        (9, "problem 1: measure 1 is numbered again; kept apart as 1.1'"),
        (10, "problem 1: measure 2 is numbered again; kept apart as 1.2'")]


# A city checklist whose 责任领导 field names one leader and leaves the other to be decided.
LEADER_TO_BE_DECIDED = """某市贯彻落实中央环境保护督察反馈意见整改方案
附:某市中央环境保护督察反馈意见整改措施清单
一、城区黑臭水体整治进度缓慢。
整改目标:2019年底前消除城区黑臭水体。
整改时限:2019年底前
整改措施:
1.完成城区截污纳管工程。
责任单位:市城管局
责任领导:副市长张建国、待定
"""


def test_a_leader_field_item_that_names_nobody_is_warned_about() -> None:
    document = _extract(LEADER_TO_BE_DECIDED)
    assert {(a.agent, a.agent_kind, a.role) for a in document.assignments} == {
        ("市城管局", "unit", Role.RESPONSIBLE), ("张建国", "leader", Role.RESPONSIBLE)}
    assert [(n.line, n.message) for n in document.warnings] == [
        (9, "leader field of 1: '待定' is neither a post nor a named leader; not read")]
