"""Who takes the work on in the prose of progress reports: bodies set up under a named lead, and
visits that inspect others' progress (documents written for these tests, in the genre)."""
from __future__ import annotations

from tests.support.documents import duty_edges, extract_text


def test_a_body_set_up_under_a_named_lead_gives_lead_and_those_taking_part() -> None:
    # 成立由A牵头B、C参加的调查组: A leads the inquiry, B and C take part; the vice county head who
    # convenes the meeting and the units attending it answer for nothing.
    doc = extract_text(
        "某县对督察组交办的信访件迅速办理\n"
        "接到交办件后,副县长王立强立即召集县林业局、县环保局、县水务局主要负责人召开紧急会议。"
        "会议决定,成立由县林业局牵头县环保局、县水务局参加的调查组,连夜开展调查核实。\n"
    )
    assert duty_edges(doc) == {
        ("县林业局", "lead", "document"),
        ("县环保局", "support", "document"),
        ("县水务局", "support", "document"),
    }


def test_a_body_whose_members_are_named_only_as_those_above_keeps_its_lead() -> None:
    # 上述部门 names no one: only the lead is read, and nobody is made up for the members.
    doc = extract_text(
        "某县对督察组交办的信访件迅速办理\n"
        "县环保局、县畜牧局、县公安局负责人参加会议。一是成立由县自然资源局牵头上述部门参加的调查组,"
        "全面搞清基本情况。\n"
    )
    assert duty_edges(doc) == {("县自然资源局", "lead", "document")}


def test_a_leader_heading_a_visit_to_inspect_progress_is_not_responsible() -> None:
    # 局长X带队…就…落实情况进行现场督察: the visit is the bureau's task (it leads, 区委办 joins), but its
    # chief answers for none of the work inspected; the towns inspected are not read from the visit.
    doc = extract_text(
        "区生态环境局现场查看整改方案落实情况\n"
        "9月12日上午,区生态环境局局长周海明带队,联合区委办就整改方案落实情况进行现场督察。\n"
    )
    edges = duty_edges(doc)
    assert all(agent != "周海明" for agent, _, _ in edges)
    assert ("区委办", "support", "document") in edges
    assert {role for _, role, _ in edges} <= {"lead", "support"}


def test_a_leader_who_heads_the_work_itself_stays_responsible() -> None:
    # 由X带队 clearing a site is the work; no inspection of progress is told.
    doc = extract_text(
        "某县垃圾堆放问题整改情况\n"
        "由县环卫所带队,对堆放垃圾进行转运处置。\n"
    )
    assert ("县环卫所", "responsible", "document") in duty_edges(doc)


def test_attending_a_meeting_and_ordering_a_company_to_rectify_state_no_duty() -> None:
    # Units and leaders at a meeting attend; 责令该公司整改 and 被…责令整改 name the party complained of,
    # and the bureau giving the order is not made responsible for the case by it.
    doc = extract_text(
        "某县召开环保督察整改销号工作调度会\n"
        "县长李明主持召开整改调度会,副县长王强、张伟参加会议。县住建局、县城管局等单位参加会议。"
        "会上,县住建局汇报了雨污分流改造工程的建设情况。\n"
        "经查,区生态环境局责令该公司立即整改。该养殖场被县农业农村局责令限期整改。\n"
    )
    assert duty_edges(doc) == set()
