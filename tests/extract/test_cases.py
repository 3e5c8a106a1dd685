"""Case tables (群众信访举报转办和边督边改公开情况一览表): one row a case, with its region and the units
the row makes answer for it.

Every table here is written for these tests in the shapes the family is published in (cells apart by
bars, by tabs, one cell per line, cells run together with the row number glued on); none copies a
published sentence.  Each test asserts the cases, their regions, the exact edges with their roles, and
so that nothing else is read: not the units that only went to look, not the party complained of, not
the people held to account.
"""

from __future__ import annotations

from graph.records import Document, DocumentKind, ProblemKind
from tests.support.documents import duty_edges, extract_text

_HEADER = ["序号", "受理编号", "交办问题基本情况", "行政区域", "污染类型", "调查核实情况", "是否属实",
           "处理和整改情况", "是否办结", "责任人被处理情况"]
_ROWS = [
    ["1", "D3QS202306010007", "青石县白沙镇某石材厂夜间切割石料,粉尘和噪声扰民。", "青石县", "大气、噪声",
     "经查,县生态环境局和白沙镇人民政府到现场核实,该厂夜间生产时未开启喷淋设施。", "属实",
     "县政府责成白沙镇人民政府和县自然资源局负责整治。白沙镇人民政府已督促该厂安装喷淋设施。该厂已停止夜间生产。",
     "已办结", "对白沙镇分管副镇长李某某诫勉谈话。"],
    ["2", "X3QS202306010011", "红枫区荷塘路一家餐馆油烟直排,影响楼上住户。", "红枫区", "大气",
     "经查,该餐馆油烟净化器未定期清洗。", "部分属实",
     "一是区城市管理局责令该餐馆清洗油烟净化器;二是由荷塘街道办事处负责日常巡查,区市场监管局配合。",
     "阶段性办结", "无"],
]



_EXPECTED = {
    ("白沙镇人民政府", "responsible", "1"),
    ("县自然资源局", "responsible", "1"),
    ("区城市管理局", "responsible", "2"),
    ("荷塘街道办事处", "responsible", "2"),
    ("区市场监管局", "support", "2"),
}


def _assert_two_cases(doc: Document) -> None:
    cases = [p for p in doc.problems if p.kind == ProblemKind.CASE]
    assert [c.code for c in cases] == ["1", "2"]
    assert doc.kind == DocumentKind.PROGRESS  # what was done about each complaint: a report
    assert cases[0].label == "青石县白沙镇某石材厂夜间切割石料,粉尘和噪声扰民。"
    assert duty_edges(doc) == _EXPECTED
    # The units that went to look (县生态环境局), the party complained of (该厂, 该餐馆), the assigner
    # (县政府) and the deputy held to account answer for nothing.
    agents = {a.agent for a in doc.assignments}
    assert not agents & {"县生态环境局", "县政府", "该厂", "该餐馆", "李某某"}
    for a in doc.assignments:
        assert a.evidence.text in doc.text
        assert "诫勉" not in a.evidence.text


def test_a_case_table_with_cells_apart_by_bars_reads_each_row_as_a_case() -> None:
    lines = ["群众信访举报转办和边督边改公开情况一览表(第五批)", " | ".join(_HEADER) + " |"]
    lines += [" | ".join(row) + " |" for row in _ROWS]
    doc = extract_text("\n".join(lines) + "\n")
    _assert_two_cases(doc)


def test_a_case_table_with_tabs_reads_the_same_cases() -> None:
    lines = ["群众信访举报转办和边督边改公开情况一览表(第五批)", "\t".join(_HEADER)]
    lines += ["\t".join(row) for row in _ROWS]
    doc = extract_text("\n".join(lines) + "\n")
    _assert_two_cases(doc)


def test_a_case_table_one_cell_a_line_reads_the_same_cases() -> None:
    lines = ["群众信访举报转办和边督边改公开情况一览表(第五批)"] + [cell + " |" for cell in _HEADER]
    lines += [cell + " |" for row in _ROWS for cell in row]
    lines.append("扫一扫在手机打开当前页")
    doc = extract_text("\n".join(lines) + "\n")
    _assert_two_cases(doc)


def test_a_case_table_whose_cells_run_together_reads_the_same_cases() -> None:
    lines = ["群众信访举报转办和边督边改公开情况一览表(第五批)", "".join(_HEADER)]
    lines += ["".join(row) for row in _ROWS]
    doc = extract_text("\n".join(lines) + "\n")
    _assert_two_cases(doc)


def test_a_row_wrapped_over_lines_keeps_its_cells_in_their_columns() -> None:
    # An HTML table whose inquiry cell held line breaks: the row goes on, cell after cell, on the next lines.
    text = (
        "序号 | 受理编号 | 交办问题基本情况 | 行政区域 | 调查核实情况 | 是否属实 | 处理和整改情况 | 问责情况 |\n"
        "1 | D20230601003 | 红枫区柳岸小区旁工地夜间施工扰民。 | 红枫区 | 经查,该工地夜间浇筑混凝土。 |\n"
        "属实 | 区住房城乡建设局已责令施工单位停止夜间施工。 |\n"
        "无 |\n"
    )
    doc = extract_text(text)
    case = next(p for p in doc.problems if p.kind == ProblemKind.CASE)
    assert case.label == "红枫区柳岸小区旁工地夜间施工扰民。"
    assert duty_edges(doc) == {("区住房城乡建设局", "responsible", "1")}


def test_a_row_naming_only_who_looked_states_no_duty() -> None:
    text = (
        "序号\t受理编号\t交办问题基本情况\t行政区域\t调查核实情况\t是否属实\t处理和整改情况\n"
        "1\tX3QS202306020002\t青石县某砖厂烟囱冒黑烟。\t青石县\t县生态环境局、县工业和信息化局到现场核实,"
        "该厂已于上月关停。\t不属实\t要求该厂保持关停状态。\n"
    )
    doc = extract_text(text)
    assert [p.code for p in doc.problems if p.kind == ProblemKind.CASE] == ["1"]
    assert duty_edges(doc) == set()


def test_a_responsibility_column_names_the_units_of_each_case() -> None:
    text = (
        "序号 | 交办问题基本情况 | 所属区县 | 调查核实情况 | 处理和整改情况 | 责任单位 |\n"
        "1 | 红枫区荷塘路垃圾堆放。 | 红枫区 | 经查属实。 | 已清运。 | 荷塘街道办事处 |\n"
        "2 | 青石县河道漂浮垃圾。 | 青石县 | 经查属实。 | 已打捞。 | 县水利局 |\n"
    )
    doc = extract_text(text)
    assert duty_edges(doc) == {("荷塘街道办事处", "responsible", "1"), ("县水利局", "responsible", "2")}


def test_a_case_takes_the_region_its_region_cell_names() -> None:
    text = (
        "序号 | 受理编号 | 交办问题基本情况 | 行政区域 | 调查核实情况 | 处理和整改情况 |\n"
        "1 | D3HN202306030001 | 某物流园货车扬尘。 | 浏阳市 | 经查属实。 | 浏阳市交通运输局已督促物流园硬化道路。 |\n"
        "2 | D3HN202306030002 | 某村鱼塘被倾倒建筑垃圾。 | 醴陵市 | 经查属实。 | 醴陵市城市管理局已组织清运。 |\n"
    )
    doc = extract_text(text)
    cases = {p.code: p for p in doc.problems if p.kind == ProblemKind.CASE}
    names = {code: {r.name for r in doc.regions if r.adcode in case.regions} for code, case in cases.items()}
    assert names == {"1": {"浏阳市"}, "2": {"醴陵市"}}
    assert duty_edges(doc) == {("浏阳市交通运输局", "responsible", "1"), ("醴陵市城市管理局", "responsible", "2")}
