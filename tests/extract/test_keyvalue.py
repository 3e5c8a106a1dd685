"""One-case key/value pages (交办单, 信访件, 督办单 exported from a case system): one problem, its role
fields, deadline and status.

Every page here is written for these tests in the shape of that family (each label on its own line
with its value on the next, or after a colon); none copies a published sentence.  Each test asserts
the exact edges, the problem's label and its status.
"""

from __future__ import annotations

from datetime import date

from graph.records import ProgressStatus
from tests.support.documents import duty_edges, extract_text


def test_a_case_sheet_with_each_value_under_its_label_is_one_problem() -> None:
    text = (
        "交办单 任务进展 工作简报\n"
        "交办单编号:\n"
        "12\n"
        "交办日期:\n"
        "2023-04-02\n"
        "责任单位:\n"
        "东湖区住房和城乡建设局\n"
        "当前状态:\n"
        "正在整改\n"
        "交办单标题:\n"
        "关于青石河下游河段雨后发黑问题的交办单\n"
        "交办内容:\n"
        "巡查发现青石河下游河段雨后水体发黑,沿岸两处排口仍有污水直排。请你单位立即组织整改。\n"
        "整改资料:\n"
    )
    doc = extract_text(text)
    assert duty_edges(doc) == {("东湖区住房和城乡建设局", "responsible", "1")}
    [problem] = doc.problems
    assert problem.code == "1"
    assert problem.label == "关于青石河下游河段雨后发黑问题的交办单"
    assert text[problem.span.start:problem.span.end] == problem.label  # where the original says it
    assert problem.status is ProgressStatus.IN_PROGRESS


def test_without_a_title_the_content_names_the_problem_and_each_role_field_its_role() -> None:
    # Values after the colon; 牵头单位 leads, 配合单位 (two units) support; 办结时限 is the due date;
    # 办理状态:已办结 says it is done.
    doc = extract_text(
        "信访件办理情况\n"
        "受理编号:X2023-0456\n"
        "反映内容:群众反映城西工业园一家铸造厂夜间排放刺鼻废气。信访人要求查处。\n"
        "牵头单位:城西区生态环境分局\n"
        "配合单位:城西区应急管理局、城西区市场监督管理局\n"
        "办结时限:2023年9月30日前\n"
        "办理状态:已办结\n"
    )
    assert duty_edges(doc) == {
        ("城西区生态环境分局", "lead", "1"),
        ("城西区应急管理局", "support", "1"),
        ("城西区市场监督管理局", "support", "1"),
    }
    [problem] = doc.problems
    assert problem.label == "群众反映城西工业园一家铸造厂夜间排放刺鼻废气"
    assert problem.status is ProgressStatus.COMPLETED
    assert problem.deadline is not None and problem.deadline.due == date(2023, 9, 30)


def test_a_site_footer_and_a_role_field_apart_from_the_case_are_none_of_itsduty_edges() -> None:
    # The footer's 主办单位/承办单位 are site chrome; 配合单位 below a run of links stands apart from the
    # column of fields (lines that are no field's value end it) and is no part of the case.
    doc = extract_text(
        "督办单\n"
        "督办单编号:\n"
        "7\n"
        "责任部门:\n"
        "南岭镇人民政府\n"
        "问题标题:\n"
        "南岭镇垃圾中转站渗滤液外溢问题\n"
        "整改时限:\n"
        "2022年12月底前\n"
        "相关链接\n"
        "镇政府信息公开\n"
        "办事指南\n"
        "配合单位:\n"
        "县城市管理局\n"
        "主办单位:南岭县人民政府办公室\n"
        "承办单位:南岭县政务服务网站\n"
    )
    assert duty_edges(doc) == {("南岭镇人民政府", "responsible", "1")}
    [problem] = doc.problems
    assert problem.label == "南岭镇垃圾中转站渗滤液外溢问题"
    assert problem.status is None
    assert problem.deadline is not None and problem.deadline.due == date(2022, 12, 31)
