"""A county's inspection notice: what the inspection found on one line (检查发现:一是…;二是…), then
what was done about each, numbered in the same order; and the duties its sentences state."""

from __future__ import annotations

import pytest

from graph.core.gazetteer import Gazetteer
from graph.extract.agents import is_unit
from graph.extract.narrative import read_sentence_duties
from graph.records import Role
from tests.support.documents import extract_text

# Written for the test in the shape of the county notices of ../shared/corpus (a site's page on one
# inspection of a sewage plant; the names are real kinds of body, the facts invented).
NOTICE = """某县人民政府
督察县城污水处理厂
检查内容:进水水质是否达标;污泥处置是否规范。
存在问题:一是进水浓度偏低,管网雨污混流;二是污泥堆放未采取防渗措施;三是在线监测设备运行不稳定

整改进展情况

1.开展管网排查。县住建局立即组织县水务局、县城管局对城区管网进行排查,共排查管网12公里。

2.规范污泥处置。由县环卫所带队,对堆放污泥进行转运处置,并对堆场铺设防渗膜。

3.加强设备运维。县生态环境局督促运维单位更换在线监测探头,设备已恢复正常运行。
"""


def test_the_findings_line_gives_the_problems_and_the_numbered_items_their_measures() -> None:
    doc = extract_text(NOTICE, "notice.txt")
    problems = {p.code: p for p in doc.problems}
    assert sorted(problems) == ["1", "2", "3"]
    assert problems["2"].label == "污泥堆放未采取防渗措施"
    assert [(m.code, m.text.split("。")[0]) for p in doc.problems for m in p.measures] == [
        ("1.1", "开展管网排查"), ("2.1", "规范污泥处置"), ("3.1", "加强设备运维")]
    duties = {(a.agent, a.role, a.task) for a in doc.assignments}
    assert {("县住建局", Role.RESPONSIBLE, "1.1"), ("县水务局", Role.SUPPORT, "1.1"),
            ("县城管局", Role.SUPPORT, "1.1"), ("县环卫所", Role.RESPONSIBLE, "2.1")} <= duties


def test_one_finding_takes_every_item_and_a_document_with_problems_keeps_them() -> None:
    single = extract_text(NOTICE.replace(";二是污泥堆放未采取防渗措施;三是在线监测设备运行不稳定", ""))
    assert [(p.code, p.label, [m.code for m in p.measures]) for p in single.problems] == [
        ("1", "进水浓度偏低,管网雨污混流", ["1.1", "1.2", "1.3"])]
    headed = extract_text("关于污水处理厂问题的整改方案\n一、管网雨污混流\n整改措施:1.开展管网排查(县住建局牵头)。\n"
                          "存在问题:一是进水浓度偏低;二是污泥堆放不规范\n")
    assert [p.code for p in headed.problems] == ["1"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("县住建局及时组织县水务局、县城管局清挖管道。",
         [("县住建局", Role.RESPONSIBLE), ("县水务局", Role.SUPPORT), ("县城管局", Role.SUPPORT)]),
        # 组织 before what is done, not before who: no one is organised.
        ("省生态环境厅组织开展专项检查。", []),
        ("县住建局组织实施管网改造。", [("县住建局", Role.RESPONSIBLE)]),
        # The list organised stops where its agents do: 相关技术人员 is no unit, nor is 相关 alone.
        ("县住建局组织县水务局、相关技术人员清挖管道。", [("县住建局", Role.RESPONSIBLE), ("县水务局", Role.SUPPORT)]),
        ("由县政府分管领导带队,对周边垃圾进行清理。", [("县政府分管领导", Role.RESPONSIBLE)]),
    ],
)
def test_who_organises_answers_and_who_is_organised_takes_part(
    gazetteer: Gazetteer, sentence: str, expected: list[tuple[str, Role]]
) -> None:
    duties = read_sentence_duties(sentence, 0, len(sentence), gazetteer, None)
    assert [(d.agent, d.role) for d in duties] == expected


@pytest.mark.parametrize(("name", "unit"), [("相关", False), ("有关", False), ("市直", False),
                                             ("成员单位", True), ("各区县", True), ("相关部门", True)])
def test_a_collective_prefix_alone_is_a_unit_only_when_it_names_one(
    gazetteer: Gazetteer, name: str, unit: bool
) -> None:
    assert is_unit(name, gazetteer, None) is unit
