"""One test document per phrasing family of problem 3, with the exact facts each must yield.

Every document is written for these tests in the style of the published genre (plans with or
without a checklist annex, per-task notices, progress lists, letters, flattened tables); none is
copied from a real one.  The families:

1. lead per measure in a closing parenthesis      6. tables flattened into text
2. separate role fields per problem                7. headings (一、 (一) 1. ⑴ 一是 关于"…" 问题编号 第N项 三十七、)
3. a level prefix shared over a list               8. deadlines (classes, phases, ranges, starts)
4. the lead stated in the measure's own sentence   9. progress (status lines, counts, accountability, cases)
5. responsibility chains in the narrative         10. leading groups (titles without names, sub-groups)
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest

from graph.core.gazetteer import load_gazetteer
from graph.extract.duties import read_clause
from graph.model.mapping import document_to_quads, regions_to_quads
from graph.records import DeadlineKind, Document, Problem, ProgressStatus, Role
from tests.support.documents import extract_text
from tests.support.shacl import ShapeCheck

LEAD, SUPPORT, RESPONSIBLE = Role.LEAD, Role.SUPPORT, Role.RESPONSIBLE
ACCOUNTABLE, SUPERVISE, SIGN_OFF = Role.ACCOUNTABLE, Role.SUPERVISE, Role.SIGN_OFF
DG = "https://w3id.org/dutygraph/ontology#"


def _problem(doc: Document, code: str) -> Problem:
    (problem,) = [problem for problem in doc.problems if problem.code == code]
    return problem


def _duties(doc: Document, task: str | None = None) -> list[tuple[str, str, Role]]:
    return [(a.agent, a.task, a.role) for a in doc.assignments if task is None or a.task == task]


def _line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _store(doc: Document) -> ox.Store:
    store = ox.Store()
    store.extend(document_to_quads(doc))
    return store


def _ask(doc: Document, where: str) -> bool:
    result = _store(doc).query(f"PREFIX dg: <{DG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                               f"ASK {{ {where} }}", use_default_graph_as_union=True)
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


# -- 1. lead per measure in a closing parenthesis ------------------------------------------

PARENTHESIS = """河北省贯彻落实中央生态环境保护督察报告整改方案
为抓好督察反馈问题整改,制定本方案。
一、总体要求
坚持问题导向,确保整改到位。
二、组织保障
成立省督察整改工作领导小组,省委书记、省长任双组长。
附件:河北省贯彻落实中央生态环境保护督察报告整改措施清单
一、部分地区地下水超采问题依然突出。
整改目标:地下水超采区水位止跌回升。
整改时限:2025年底前
整改措施:
1.严格落实地下水取水总量和水位双控制度,2022年12月底前完成超采区划定。(牵头单位:省水利厅;责任单位:省农业农村厅、省林业局,各市党委和政府)
2.压减农业灌溉用水,推广高效节水灌溉技术。(牵头单位:省农业农村厅;配合单位:省水利厅、财政厅)
3.加强地下水监测站网建设,实现超采区监测全覆盖。(责任单位:省水利厅、自然资源厅)
二、部分工业园区污水收集处理设施建设滞后。
整改目标:省级以上工业园区污水实现全收集、全处理。
整改时限:2023年6月底前
整改措施:
1.开展工业园区污水处理设施排查整治。(省生态环境厅牵头,省工业和信息化厅、省商务厅配合)
2.完善园区污水管网,2023年6月底前全部建成。(省住房城乡建设厅、各有关市政府)
"""


@pytest.fixture(scope="module")
def parenthesis() -> Document:
    return extract_text(PARENTHESIS, "hebei_checklist.txt")


def test_parenthesis_roles_go_to_their_measure(parenthesis: Document) -> None:
    assert _duties(parenthesis) == [
        ("省水利厅", "1.1", LEAD),
        # 责任单位 beside a 牵头单位 support the lead, as 责任单位:A(牵头)、B does in a checklist.
        ("省农业农村厅", "1.1", SUPPORT),
        ("省林业局", "1.1", SUPPORT),
        ("各市党委", "1.1", SUPPORT),
        ("各市政府", "1.1", SUPPORT),
        ("省农业农村厅", "1.2", LEAD),
        ("省水利厅", "1.2", SUPPORT),
        ("省财政厅", "1.2", SUPPORT),
        ("省水利厅", "1.3", RESPONSIBLE),
        ("省自然资源厅", "1.3", RESPONSIBLE),
        ("省生态环境厅", "2.1", LEAD),
        ("省工业和信息化厅", "2.1", SUPPORT),
        ("省商务厅", "2.1", SUPPORT),
        # No lead marked: never invented.
        ("省住房城乡建设厅", "2.2", RESPONSIBLE),
        ("各有关市政府", "2.2", RESPONSIBLE),
    ]
    (evidence,) = {a.evidence.text for a in parenthesis.assignments if a.task == "1.2"}
    assert evidence == "牵头单位:省农业农村厅;配合单位:省水利厅、财政厅"
    assert {a.evidence.line for a in parenthesis.assignments if a.task == "1.1"} == {
        _line(PARENTHESIS, "1.严格落实")
    }


def test_parenthesis_plan_body_headings_stay_sections(parenthesis: Document) -> None:
    assert [(i.code, i.label) for i in parenthesis.problems] == [
        ("1", "部分地区地下水超采问题依然突出。"),
        ("2", "部分工业园区污水收集处理设施建设滞后。"),
    ]
    assert [m.code for m in _problem(parenthesis, "1").measures] == ["1.1", "1.2", "1.3"]
    assert _problem(parenthesis, "1").measures[1].span.text.endswith(
        "(牵头单位:省农业农村厅;配合单位:省水利厅、财政厅)")


# -- 2. separate role fields per problem ----------------------------------------------------

FIELDS = """沈阳市中央生态环境保护督察反馈问题整改任务分解表
(一)城市建成区黑臭水体治理进展缓慢,部分水体返黑返臭。
整改目标:城市建成区黑臭水体消除比例达到90%以上。
整改时限:2020年年底前
牵头单位:市住房城乡建设局
配合单位:市生态环境局、水务局,各区政府
责任领导:副市长王建国
督办领导:市人大常委会副主任李明
验收销号单位:市生态环境局
整改措施:
1.全面排查建成区黑臭水体,2019年8月底前建立问题清单。
2.实施控源截污和内源治理,2020年6月底前完成主体工程。
(二)部分工业企业无组织排放问题突出。
整改目标:重点行业企业无组织排放得到有效管控。
整改时限:立行立改、长期坚持
牵头单位:市生态环境局
责任单位:市工业和信息化局、各区县(市)政府
责任领导:市委常委、副市长张海涛
整改措施:
1.开展重点行业无组织排放专项检查。
2.建立企业环境管理台账,实行动态管理。
"""


@pytest.fixture(scope="module")
def fields() -> Document:
    return extract_text(FIELDS, "shenyang_task_table.txt")


def test_each_field_gives_its_role(fields: Document) -> None:
    assert sorted(_duties(fields, "1")) == sorted([
        ("市住房城乡建设局", "1", LEAD),
        ("市生态环境局", "1", SUPPORT),
        ("市水务局", "1", SUPPORT),
        ("各区政府", "1", SUPPORT),
        ("王建国", "1", RESPONSIBLE),
        ("李明", "1", SUPERVISE),
        ("市生态环境局", "1", SIGN_OFF),
    ])
    assert sorted(_duties(fields, "2")) == sorted([
        ("市生态环境局", "2", LEAD),
        # 责任单位 beside 牵头单位: the units support the lead.
        ("市工业和信息化局", "2", SUPPORT),
        ("各区县(市)政府", "2", SUPPORT),
        ("张海涛", "2", RESPONSIBLE),
    ])
    kinds = {a.agent: a.agent_kind for a in fields.assignments}
    assert (kinds["王建国"], kinds["李明"], kinds["市生态环境局"]) == ("leader", "leader", "unit")


def test_leaders_of_the_fields_keep_their_posts(fields: Document) -> None:
    posts = {leader.name: leader.posts for leader in fields.leaders}
    assert posts == {"王建国": ("副市长",), "张海涛": ("市委常委", "副市长"), "李明": ("市人大常委会副主任",)}


def test_sign_off_is_a_role_of_its_own_in_the_graph(fields: Document) -> None:
    assert _ask(fields, """?u rdfs:label "市生态环境局" ; dg:signsOff ?i . ?i dg:code "1" .
                           ?a dg:agent ?u ; dg:task ?i ; dg:role dg:SignOff""")
    assert _ask(fields, """?l rdfs:label "李明" ; a dg:Leader ; dg:supervises/dg:code "1" """)


# -- 3. a level prefix shared over a list ---------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "units"),
    [
        ("省教育厅、卫生健康委", ["省教育厅", "省卫生健康委"]),
        ("省委组织部、宣传部、统战部", ["省委组织部", "省委宣传部", "省委统战部"]),
        ("沈阳市生态环境局、住房城乡建设局,各区县(市)政府",
         ["沈阳市生态环境局", "沈阳市住房城乡建设局", "各区县(市)政府"]),
        # Official names without a level prefix, with no prefixed unit before them, stay as written.
        ("经济和信息化厅、省财政厅", ["经济和信息化厅", "省财政厅"]),
        # The prefix is shared over a 、-list only, not across a comma.
        ("省自然资源厅,水利厅", ["省自然资源厅", "水利厅"]),
        # A unit that is no department (中石油辽河油田) takes nothing.
        ("省应急管理厅、中石油辽河油田公司", ["省应急管理厅", "中石油辽河油田公司"]),
    ],
)
def test_level_prefix_goes_to_bare_departments(clause: str, units: list[str]) -> None:
    reading = read_clause(clause, load_gazetteer(), "210000000000")
    assert [duty.unit for duty in reading.duties] == units


def test_shared_prefix_in_a_field(fields: Document) -> None:
    assert "市水务局" in {unit.name for unit in fields.units}
    assert "水务局" not in {unit.name for unit in fields.units}


# -- 4. the lead stated in the measure's own sentence, 5. responsibility chains ---------------

SENTENCES = """大连市贯彻落实中央生态环境保护督察反馈意见整改方案
一、指导思想
坚持以习近平生态文明思想为指导,确保反馈问题按期整改到位。
二、工作机制
实行市委书记、市长负总责,分管领导统筹协调,市直部门牵头推进,各区县具体实施的整改责任体系。市委书记陈立新多次召开专题会议研究部署整改工作。
三、整改任务
(一)机动车尾气污染问题突出。
整改目标:2020年底前,全市机动车排放检验合格率达到95%以上。
整改措施:
1.市生态环境局牵头,会同市公安局、市交通运输局开展机动车尾气专项执法检查。
2.由市住房城乡建设局负责,各区政府配合,完成老旧小区雨污分流改造。
3.市水务局、市城管局分别组织对辖区内排水口开展排查。
4.由市财政局负责落实整改资金保障。
5.加强部门协同配合,形成工作合力。
"""


@pytest.fixture(scope="module")
def sentences() -> Document:
    return extract_text(SENTENCES, "dalian_plan.txt")


def test_lead_stated_in_the_measure_sentence(sentences: Document) -> None:
    measures = [(agent, task, role) for agent, task, role in _duties(sentences) if task.startswith("1.")]
    assert measures == [
        ("市生态环境局", "1.1", LEAD),
        ("市公安局", "1.1", SUPPORT),
        ("市交通运输局", "1.1", SUPPORT),
        # 由A负责,B配合: A answers for it, B supports; only 牵头 says who leads.
        ("市住房城乡建设局", "1.2", RESPONSIBLE),
        ("各区政府", "1.2", SUPPORT),
        # A、B分别组织: each answers for its part.
        ("市水务局", "1.3", RESPONSIBLE),
        ("市城管局", "1.3", RESPONSIBLE),
        # 由A负责 alone names no lead.
        ("市财政局", "1.4", RESPONSIBLE),
    ]
    (evidence,) = {a.evidence.text for a in sentences.assignments if a.task == "1.1"}
    assert evidence == "市生态环境局牵头,会同市公安局、市交通运输局开展机动车尾气专项执法检查"


def test_responsibility_chain_covers_the_whole_document(sentences: Document) -> None:
    chain = [(a.agent, a.agent_kind, a.role) for a in sentences.assignments if a.task_kind == "document"]
    assert chain == [
        # 市委书记 is named elsewhere in the text (市委书记陈立新): the duty is his.
        ("陈立新", "leader", ACCOUNTABLE),
        ("市长", "post", ACCOUNTABLE),
        # 分管领导 names no one (a functional post of no body): no duty (bench/labelled/README.md).
        ("市直部门", "unit", LEAD),
        ("各区县", "unit", RESPONSIBLE),
    ]
    assert {a.task for a in sentences.assignments if a.task_kind == "document"} == {"dalian_plan"}
    units = {unit.name: unit for unit in sentences.units}
    assert units["市直部门"].collective and units["各区县"].collective
    assert _ask(sentences, "?l rdfs:label \"陈立新\" ; dg:accountableFor ?d . ?d a dg:Document")


def test_a_supporter_in_a_chain_makes_no_other_clause_a_lead() -> None:
    doc = extract_text("锦州市贯彻落实中央生态环境保护督察反馈意见整改方案\n"
                   "建立市委书记、市长负总责,分管领导统筹协调,各县(市)区具体实施,市直有关部门配合的工作机制。\n",
                   "jinzhou_plan.txt")
    assert [(a.agent, a.role) for a in doc.assignments] == [
        ("市委书记", ACCOUNTABLE), ("市长", ACCOUNTABLE),  # 分管领导 names no one: no duty
        ("各县(市)区", RESPONSIBLE), ("市直有关部门", SUPPORT),
    ]


def test_a_lead_and_its_supporters_in_a_report_are_duties_of_the_document() -> None:
    # A report's prose naming who led and who supported a piece of the rectification states those
    # duties (problem 12: every edge the document states); with no problem named, they are the document's.
    doc = extract_text("山东省督察整改情况报告\n省生态环境厅牵头,会同省发展改革委、省财政厅制定了生态补偿办法。\n",
                   "shandong_report.txt")
    assert {(a.agent, a.role, a.task_kind) for a in doc.assignments} == {
        ("省生态环境厅", LEAD, "document"), ("省发展改革委", SUPPORT, "document"), ("省财政厅", SUPPORT, "document")}


def test_a_passing_duty_verb_in_a_report_is_no_chain() -> None:
    # 负责 alone, with nobody supporting, is an activity the report tells, not a stated duty.
    doc = extract_text("山东省督察整改情况报告\n省生态环境厅负责编制了生态补偿办法。\n", "shandong_report.txt")
    assert doc.assignments == ()


def test_plan_body_sections_are_not_problems(sentences: Document) -> None:
    assert [(i.code, i.label) for i in sentences.problems] == [("1", "机动车尾气污染问题突出。")]


# -- 6. tables flattened into text ------------------------------------------------------------

TABLE_BARS = """鞍山市中央生态环境保护督察反馈问题整改清单
序号|问题|整改目标|整改时限|整改措施|责任单位|责任领导|完成情况
1|城区燃煤小锅炉淘汰不到位|建成区10蒸吨以下燃煤锅炉全部淘汰|2019年10月底前|1.开展燃煤锅炉排查;2.实施清洁能源替代;3.加强执法检查|市生态环境局(牵头)、市住房城乡建设局|副市长刘振东|已完成整改
2|部分河流断面水质不达标|国考断面水质稳定达到Ⅳ类|2020年年底前|1.推进污水处理厂提标改造;3.开展河道清淤|市水务局、各县(市)区政府|副市长赵春雷|正在推进
序号|问题|整改目标|整改时限|整改措施|责任单位|责任领导|完成情况
3|露天矿山生态修复滞后|完成露天矿山生态修复|2021年6月底前|制定矿山生态修复方案并组织实施|市自然资源局|副市长刘振东|未完成
"""

TABLE_TABS = ("本溪市整改任务清单\n序号\t问题\t整改时限\t整改措施\t责任单位\t完成情况\n"
              "1\t部分尾矿库环境风险隐患突出\t2020年年底前\t1.完成尾矿库隐患排查 2.实施闭库治理\t"
              "市应急管理局、市生态环境局\t已完成\n")

TABLE_LINES = """丹东市督察反馈问题整改台账
序号
问题
整改时限
整改措施
责任单位
完成情况
1
鸭绿江沿岸违规建设问题
2019年年底前
1.全面排查沿江违规建设项目;
2.依法拆除违规建筑并恢复植被。
市自然资源局、振安区政府
已完成整改
2
城市污水处理厂超负荷运行
2020年6月底前
实施污水处理厂扩建工程
市住房城乡建设局
正在推进
"""

TABLE_FIELDS = """朝阳市问题整改台账
序号:1
问题:大凌河朝阳段水质超标
整改时限:2019年12月底前
整改措施:加快城镇污水处理设施建设
责任单位:市水务局
完成情况:已完成
序号:2
问题:城区扬尘污染管控不力
整改时限:长期坚持
整改措施:1.落实施工工地扬尘治理六个百分之百;2.加强道路机械化清扫
责任单位:市住房城乡建设局、市城市管理综合执法局
完成情况:正在推进
"""


def test_table_with_bars_and_a_repeated_header() -> None:
    doc = extract_text(TABLE_BARS, "anshan_table.txt")
    assert [(i.code, i.label, i.status) for i in doc.problems] == [
        ("1", "城区燃煤小锅炉淘汰不到位", ProgressStatus.COMPLETED),
        ("2", "部分河流断面水质不达标", ProgressStatus.IN_PROGRESS),
        ("3", "露天矿山生态修复滞后", ProgressStatus.NOT_COMPLETED),
    ]
    first = _problem(doc, "1")
    assert first.target == "建成区10蒸吨以下燃煤锅炉全部淘汰"
    assert first.deadline is not None and first.deadline.due == date(2019, 10, 31)
    assert [(m.code, m.text) for m in first.measures] == [
        ("1.1", "开展燃煤锅炉排查"), ("1.2", "实施清洁能源替代"), ("1.3", "加强执法检查")]
    # A measure number that jumps is kept as written, and the gap reported with its line.
    assert [m.code for m in _problem(doc, "2").measures] == ["2.1", "2.3"]
    assert [(w.line, w.message) for w in doc.warnings] == [
        (4, "problem 2: measure 3 follows 1 (kept as written)")]
    assert _duties(doc) == [
        ("市生态环境局", "1", LEAD), ("市住房城乡建设局", "1", SUPPORT), ("刘振东", "1", RESPONSIBLE),
        ("市水务局", "2", RESPONSIBLE), ("各县(市)区政府", "2", RESPONSIBLE), ("赵春雷", "2", RESPONSIBLE),
        ("市自然资源局", "3", RESPONSIBLE), ("刘振东", "3", RESPONSIBLE),
    ]
    assert [m.text for m in _problem(doc, "3").measures] == ["制定矿山生态修复方案并组织实施"]


def test_table_with_tabs() -> None:
    doc = extract_text(TABLE_TABS, "benxi_table.txt")
    (problem,) = doc.problems
    assert (problem.code, problem.label) == ("1", "部分尾矿库环境风险隐患突出")
    assert problem.status == ProgressStatus.COMPLETED
    assert [m.text for m in problem.measures] == ["完成尾矿库隐患排查", "实施闭库治理"]
    assert _duties(doc) == [("市应急管理局", "1", RESPONSIBLE), ("市生态环境局", "1", RESPONSIBLE)]


def test_table_one_cell_per_line_under_a_header() -> None:
    doc = extract_text(TABLE_LINES, "dandong_table.txt")
    assert [(i.code, i.label, i.deadline and i.deadline.due, i.status) for i in doc.problems] == [
        ("1", "鸭绿江沿岸违规建设问题", date(2019, 12, 31), ProgressStatus.COMPLETED),
        ("2", "城市污水处理厂超负荷运行", date(2020, 6, 30), ProgressStatus.IN_PROGRESS),
    ]
    # Two measure lines in one row: the extra line belongs to 整改措施, the cells after it still align.
    assert [m.text for m in _problem(doc, "1").measures] == ["全面排查沿江违规建设项目", "依法拆除违规建筑并恢复植被。"]
    assert _duties(doc) == [
        ("市自然资源局", "1", RESPONSIBLE), ("振安区政府", "1", RESPONSIBLE), ("市住房城乡建设局", "2", RESPONSIBLE)]


def test_table_with_the_column_names_repeated_in_every_row() -> None:
    doc = extract_text(TABLE_FIELDS, "chaoyang_ledger.txt")
    assert [(i.code, i.label, i.status) for i in doc.problems] == [
        ("1", "大凌河朝阳段水质超标", ProgressStatus.COMPLETED),
        ("2", "城区扬尘污染管控不力", ProgressStatus.IN_PROGRESS),
    ]
    assert [m.text for m in _problem(doc, "1").measures] == ["加快城镇污水处理设施建设"]
    assert [m.text for m in _problem(doc, "2").measures] == ["落实施工工地扬尘治理六个百分之百", "加强道路机械化清扫"]
    deadline = _problem(doc, "2").deadline
    assert deadline is not None and deadline.kinds == (DeadlineKind.LONG_TERM,)
    assert _duties(doc) == [
        ("市水务局", "1", RESPONSIBLE),
        ("市住房城乡建设局", "2", RESPONSIBLE),
        ("市城市管理综合执法局", "2", RESPONSIBLE),
    ]


# -- 7. headings --------------------------------------------------------------------------------

# Whole problems run into one line each, as sites print them.
PROGRESS_LIST = (
    "中央生态环境保护督察反馈意见湖南省整改进展情况清单\n"
    "一、关于“部分地方对生态环境保护认识不到位,重发展轻保护的问题仍然存在。”整改进展情况:已完成整改。 "
    "1.将习近平生态文明思想纳入各级党委(党组)理论学习中心组学习重点内容。 "
    "2.将生态环境保护工作纳入市县绩效考核,权重提高到10%。\n"
    "二、关于“洞庭湖区违规围垦问题整改不彻底。”整改进展情况:正在推进整改。 "
    "1.完成洞庭湖区矮围网围拆除,2019年底前恢复湖泊自然形态。 3.建立洞庭湖区生态巡查长效机制。\n"
) + """三十七、关于“长沙市部分污水处理厂超标排放。”
整改进展情况:已经完成,长期坚持。
(一)对超标排放的污水处理厂实施提标改造。
(二)建立污水处理厂在线监测数据日通报制度。
"""

TASK_NOTICE = """网站首页 >> 专题专栏 >> 督察整改
第二轮第六十九项整改任务 整改情况公示
第二轮第六十九项整改任务:部分县区生活垃圾填埋场渗滤液处理不达标,存在环境风险。
一、整改目标
2022年8月底前,全市生活垃圾填埋场渗滤液全部达标排放。
二、整改措施
⑴2022年3月至5月,开展填埋场渗滤液处理设施专项排查。
⑵对不达标的处理设施实施升级改造,2022年8月底前完成。
三、责任单位
牵头单位:市城市管理局;责任单位:各县(市)区政府
四、整改进展情况:已完成整改,已验收销号。
分享到:
相关文章:
"""

NUMBERED_NOTICE = (
    "辽阳市整改任务完成情况公示 问题编号二十三:太子河辽阳段部分排污口未按要求整治,汛期存在溢流污染。 "
    "二、整改目标 完成太子河干流入河排污口规范化整治。 三、整改措施 (一)2019年5月至7月,开展入河排污口排查。 "
    "(二)对排查出的排污口分类整治,2019年10月底前完成。\n"
)

LETTER = """营口市人民政府关于环境保护专项审计发现问题整改情况的报告
一、总体情况
我市高度重视,逐项制定整改措施。
二、具体整改情况
(一)部分乡镇污水处理设施建成后未正常运行。
该问题已基本完成整改。一是对全市乡镇污水处理设施运行情况开展全面排查。二是由市住房城乡建设局牵头,会同各县(市)区政府制定运维管理办法。三是2023年12月底前,设施正常运行率达到90%以上。
(二)部分工业园区未建成集中式污水处理设施。
该问题正在整改中。一是督促园区加快推进污水处理厂建设。二是2022年12月底前,完成率达到60%;2023年12月底前,完成率达到100%。
"""


def test_progress_list_with_quoted_feedback_and_inline_measures() -> None:
    doc = extract_text(PROGRESS_LIST, "hunan_progress_list.txt")
    assert [(i.code, i.label, i.status) for i in doc.problems] == [
        ("1", "关于“部分地方对生态环境保护认识不到位,重发展轻保护的问题仍然存在。”", ProgressStatus.COMPLETED),
        ("2", "关于“洞庭湖区违规围垦问题整改不彻底。”", ProgressStatus.IN_PROGRESS),
        ("37", "关于“长沙市部分污水处理厂超标排放。”", ProgressStatus.COMPLETED_ONGOING),
    ]
    assert {i.code: [m.code for m in i.measures] for i in doc.problems} == {
        "1": ["1.1", "1.2"], "2": ["2.1", "2.3"], "37": ["37.1", "37.2"]}
    assert _problem(doc, "37").measures[0].text == "对超标排放的污水处理厂实施提标改造。"
    assert doc.kind == "progress"
    assert [(w.line, w.message) for w in doc.warnings] == [(3, "problem 2: measure 3 follows 1 (kept as written)")]
    status = _problem(doc, "37").status_span
    assert status is not None and status.text == "整改进展情况:已经完成,长期坚持"


def test_task_notice_numbered_by_round_and_task() -> None:
    doc = extract_text(TASK_NOTICE, "task_69_notice.txt")
    (problem,) = doc.problems  # the page title repeating the heading is no problem
    assert (problem.code, problem.label) == ("69", "部分县区生活垃圾填埋场渗滤液处理不达标,存在环境风险。")
    assert problem.target == "2022年8月底前,全市生活垃圾填埋场渗滤液全部达标排放"
    assert [(m.code, m.text) for m in problem.measures] == [
        ("69.1", "2022年3月至5月,开展填埋场渗滤液处理设施专项排查。"),
        ("69.2", "对不达标的处理设施实施升级改造,2022年8月底前完成。"),
    ]
    assert problem.status is ProgressStatus.SIGNED_OFF
    assert sorted(_duties(doc)) == [("各县(市)区政府", "69", SUPPORT), ("市城市管理局", "69", LEAD)]


def test_notice_with_a_problem_number_and_everything_on_one_line() -> None:
    doc = extract_text(NUMBERED_NOTICE, "liaoyang_task_23.txt")
    (problem,) = doc.problems
    assert (problem.code, problem.label) == ("23", "太子河辽阳段部分排污口未按要求整治,汛期存在溢流污染。")
    assert problem.target == "完成太子河干流入河排污口规范化整治"
    assert [(m.code, m.deadlines[0].text, m.deadlines[0].due) for m in problem.measures] == [
        ("23.1", "2019年5月至7月", date(2019, 7, 31)),
        ("23.2", "2019年10月底前", date(2019, 10, 31)),
    ]


def test_letter_with_status_sentences_and_measures_numbered_yi_shi() -> None:
    doc = extract_text(LETTER, "yingkou_letter.txt")
    assert [(i.code, i.label, i.status) for i in doc.problems] == [
        ("1", "部分乡镇污水处理设施建成后未正常运行。", ProgressStatus.BASICALLY_COMPLETED),
        ("2", "部分工业园区未建成集中式污水处理设施。", ProgressStatus.IN_PROGRESS),
    ]
    assert [m.code for m in _problem(doc, "1").measures] == ["1.1", "1.2", "1.3"]
    assert _duties(doc) == [("市住房城乡建设局", "1.2", LEAD), ("各县(市)区政府", "1.2", SUPPORT)]


# -- 8. deadlines ---------------------------------------------------------------------------------

DEADLINES = """宁夏回族自治区贯彻落实中央环境保护督察反馈意见整改方案
一、总体要求
坚持问题导向,逐项明确整改措施和时限。
二、整改目标
属于立行立改的,2017年6月底前整改到位;限期整改完成的,2018年底前完成整改;持续整改的,2020年底前取得明显成效。
2019年年底前,督察反馈问题整改取得阶段性成效;2020年年底前,全区地级城市空气质量优良天数比例达到80%以上。
附件:宁夏回族自治区贯彻落实中央环境保护督察反馈意见问题整改清单
一、部分市县环境保护责任落实不到位。
整改时限:立行立改
整改措施:
1、将生态环境保护纳入领导干部述职述廉内容。
二、贺兰山自然保护区生态破坏问题突出。
整改时限:持续整改
整改措施:
1、2017年起,每年开展一次保护区专项执法检查。
三、城市黑臭水体治理滞后。
整改时限:2019年年底前
整改措施:
1、2019年6月至8月,开展黑臭水体排查。
2、2022年8月底前完成雨污管网改造。
3、推进污水收集管网建设,2022年12月底前,收集率达到60%;2023年12月底前,收集率达到90%以上。
责任单位:自治区住房城乡建设厅、生态环境厅
"""


@pytest.fixture(scope="module")
def deadlines() -> Document:
    return extract_text(DEADLINES, "ningxia_plan.txt")


def test_deadline_classes_defined_once_and_referred_to(deadlines: Document) -> None:
    assert [(c.name, c.deadline.text, c.deadline.due) for c in deadlines.deadline_classes] == [
        ("立行立改", "2017年6月底前", date(2017, 6, 30)),
        ("限期整改", "2018年底前", date(2018, 12, 31)),
        ("持续整改", "2020年底前", date(2020, 12, 31)),
    ]
    first, second = _problem(deadlines, "1").deadline, _problem(deadlines, "2").deadline
    assert first is not None and second is not None
    assert (first.text, first.kinds, first.due) == ("立行立改", (DeadlineKind.IMMEDIATE,), date(2017, 6, 30))
    assert first.basis is not None and first.basis.text == "属于立行立改的,2017年6月底前整改到位"
    assert (second.text, second.due) == ("持续整改", date(2020, 12, 31))
    assert _ask(deadlines, """?i a dg:Problem ; dg:code "1" ; dg:dueDate ?due ; dg:deadline ?c .
                              ?d dg:deadlineClass ?c . ?c rdfs:label "立行立改" ; dg:dueDate ?due""")


def test_dated_deadlines_ranges_starts_and_phases(deadlines: Document) -> None:
    third = _problem(deadlines, "3")
    assert third.deadline is not None
    assert (third.deadline.text, third.deadline.due) == ("2019年年底前", date(2019, 12, 31))
    start = _problem(deadlines, "2").measures[0].deadlines
    assert [(d.text, d.kinds, d.due) for d in start] == [("2017年起", (DeadlineKind.CONTINUOUS,), None)]
    assert [[(d.text, d.due, d.target) for d in m.deadlines] for m in third.measures] == [
        [("2019年6月至8月", date(2019, 8, 31), "开展黑臭水体排查")],
        [("2022年8月底前", date(2022, 8, 31), None)],
        [("2022年12月底前", date(2022, 12, 31), "收集率达到60%"),
         ("2023年12月底前", date(2023, 12, 31), "收集率达到90%以上")],
    ]


def test_plan_wide_targets_by_date(deadlines: Document) -> None:
    assert [(t.text, t.due, t.target) for t in deadlines.targets] == [
        ("2019年年底前", date(2019, 12, 31), "督察反馈问题整改取得阶段性成效"),
        ("2020年年底前", date(2020, 12, 31), "全区地级城市空气质量优良天数比例达到80%以上"),
    ]


# -- 9. progress ----------------------------------------------------------------------------------

PROGRESS = """吉林省贯彻落实中央生态环境保护督察反馈意见整改情况的报告
2019年7月,中央第一生态环境保护督察组向我省反馈了督察意见。省委、省政府高度重视,坚持把督察整改作为重大政治任务。
截至2020年底,《整改方案》确定的45项整改任务中,已有30项完成整改,12项按序时进度推进,3项未达到序时进度。督察反馈的62个问题完成整改48个。整改完成的33个问题中,已验收销号27项,未完成验收6项。督察组交办的1,250件信访件,已办结1,180件。在督察反馈问题中,有20项已完成整改、2项未完成。
针对督察移交的生态环境损害责任追究问题,全省共问责领导干部215人;对12个责任单位、38名责任人实施追责问责。
省委书记巴音朝鲁领办了松花江流域水污染治理问题,省长景俊海领办了长白山保护区违规建设和查干湖周边违规养殖两个问题。
"""


@pytest.fixture(scope="module")
def progress() -> Document:
    return extract_text(PROGRESS, "jilin_report.txt")


def test_overall_counts_in_several_shapes(progress: Document) -> None:
    counts = [(c.total, c.done, c.subject, [(p.count, p.status) for p in c.parts]) for c in progress.progress]
    assert counts == [
        (45, 30, "整改任务", [(30, ProgressStatus.COMPLETED), (12, ProgressStatus.IN_PROGRESS),
                              (3, ProgressStatus.BEHIND)]),
        (62, 48, "问题", [(48, ProgressStatus.COMPLETED)]),
        (33, None, "问题", [(27, ProgressStatus.SIGNED_OFF), (6, None)]),
        (1250, 1180, "信访件", [(1180, ProgressStatus.COMPLETED)]),
        (None, 20, "问题", [(20, ProgressStatus.COMPLETED), (2, ProgressStatus.NOT_COMPLETED)]),
    ]
    assert progress.progress[0].span.text == "45项整改任务中,已有30项完成整改,12项按序时进度推进,3项未达到序时进度"
    assert _ask(progress, """?c a dg:ProgressCount ; dg:total 45 ; dg:breakdown ?p .
                             ?p dg:count 3 ; dg:progressStatus dg:Behind""")


def test_accountability_counts(progress: Document) -> None:
    assert [(a.people, a.units, a.span.text) for a in progress.accountability] == [
        (215, None, "问责领导干部215人"),
        (38, 12, "12个责任单位、38名责任人实施追责"),
    ]


def test_named_leaders_took_on_cases(progress: Document) -> None:
    cases = {a.task: a.agent for a in progress.assignments if a.agent_kind == "leader"}
    labels = {i.code: i.label for i in progress.problems if i.kind == "case"}
    assert [(labels[code], leader) for code, leader in sorted(cases.items())] == [
        ("松花江流域水污染治理问题", "巴音朝鲁"),
        ("长白山保护区违规建设", "景俊海"),
        ("查干湖周边违规养殖", "景俊海"),
    ]


def test_status_lines_in_the_graph() -> None:
    doc = extract_text(PROGRESS_LIST, "hunan_progress_list.txt")
    assert _ask(doc, '?i dg:code "1" ; dg:progressStatus dg:Completed ; dg:completed true')
    assert _ask(doc, '?i dg:code "37" ; dg:progressStatus dg:CompletedOngoing ; dg:statusEvidence/dg:quote ?q')
    # In progress is not completed: problem 4's overdue query finds it.
    assert not _ask(doc, '?i dg:code "2" ; dg:completed ?c')


# -- 10. leading groups ------------------------------------------------------------------------------

GROUPS = """黑龙江省贯彻落实中央生态环境保护督察“回头看”反馈意见整改方案
一、组织领导
成立由省委书记、省长任双组长的省生态环境保护督察整改工作领导小组,省委副书记任常务副组长,省委常委、常务副省长王文涛任第一副组长,分管生态环境工作的副省长任副组长,省直有关部门主要负责同志为成员。领导小组下设综合协调组、督查督办组、宣传报道组和责任追究组,领导小组办公室设在省生态环境厅。
二、工作要求
省委书记张庆伟强调,要坚决扛起督察整改政治责任。
"""


@pytest.fixture(scope="module")
def groups() -> Document:
    return extract_text(GROUPS, "heilongjiang_groups.txt")


def test_group_places_by_title_first_deputies_and_office(groups: Document) -> None:
    assert [(m.role, m.agent, m.agent_kind) for m in groups.memberships] == [
        # 省委书记 is named elsewhere in the text: the place is 张庆伟's; 省长 is named nowhere.
        ("head", "张庆伟", "leader"),
        ("head", "省长", "post"),
        ("first_deputy_head", "省委副书记", "post"),
        ("first_deputy_head", "王文涛", "leader"),
        ("deputy_head", "分管生态环境工作的副省长", "post"),
        ("member", "省直有关部门", "unit"),
        ("office", "省生态环境厅", "unit"),
    ]


def test_working_sub_groups(groups: Document) -> None:
    (main,) = [g for g in groups.groups if g.parent is None]
    assert main.name == "省生态环境保护督察整改工作领导小组"
    subs = [g.name for g in groups.groups if g.parent == main.key]
    assert subs == ["综合协调组", "督查督办组", "宣传报道组", "责任追究组"]
    assert _ask(groups, """?g rdfs:label "督查督办组" ; dg:subGroupOf ?m .
                           ?m rdfs:label "省生态环境保护督察整改工作领导小组" .
                           ?l rdfs:label "王文涛" ; dg:firstDeputyHeadOf ?m""")


# -- every family's graph conforms to the shapes -------------------------------------------------------


def test_family_graphs_conform_to_the_shapes(
    parenthesis: Document, fields: Document, sentences: Document, deadlines: Document, progress: Document,
    groups: Document, shape_check: ShapeCheck,
) -> None:
    extra = [extract_text(text, name) for text, name in (
        (TABLE_BARS, "anshan_table.txt"), (PROGRESS_LIST, "hunan_progress_list.txt"), (TASK_NOTICE, "task.txt"))]
    gazetteer = load_gazetteer()
    quads: list[ox.Quad] = []
    for doc in (parenthesis, fields, sentences, deadlines, progress, groups, *extra):
        regions = [r for r in gazetteer if r.adcode in {x.adcode for x in doc.regions}]
        quads += document_to_quads(doc) + list(regions_to_quads(regions))
    shape_check.check_triples(quads, "the families' graphs")
