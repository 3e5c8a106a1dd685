"""Damaged documents still yield the facts they hold: each kind of damage, on a document written for it.

The documents are invented in the style of ../shared/corpus (plans with a checklist as
provinces and counties publish them, damaged the way republishing sites damage them),
and every assertion goes through :func:`graph.extract.document.extract_document`.
"""

from __future__ import annotations

import re
from datetime import date

from graph.extract.deadlines import DATE_UNPARSED
from graph.extract.normalize import normalize_text
from graph.extract.plan import split_lines
from graph.extract.reader import decode_document
from graph.extract.repair import opens_item
from graph.extract.tables import read_tables
from graph.records import Document
from tests.support.documents import extract_text
from tests.support.paths import JIANGXI, SHANXI


def extract(text: str | bytes, name: str = "plan.txt") -> Document:
    document = extract_text(text, name)
    _check_spans(document)
    return document


def _check_spans(document: Document) -> None:
    """Every span quotes the document text exactly: offsets survived the repairs."""
    spans = [i.span for i in document.problems] + [a.evidence for a in document.assignments]
    spans += [m.span for i in document.problems for m in i.measures]
    spans += [i.deadline.span for i in document.problems if i.deadline]
    for span in spans:
        assert document.text[span.start:span.end] == span.text
        assert span.line == document.text.count("\n", 0, span.start) + 1


def problems(document: Document) -> list[tuple[str, str]]:
    return [(i.code, i.label) for i in document.problems if i.kind == "problem"]


def measures(document: Document) -> list[tuple[str, str]]:
    return [(m.code, m.text.rstrip(";。")) for i in document.problems for m in i.measures]


def duties(document: Document) -> list[tuple[str, str, str]]:
    return sorted((a.agent, a.role.value, a.task) for a in document.assignments)


def deadlines(document: Document) -> dict[str, tuple[str, date | None, str | None]]:
    return {i.code: (i.deadline.text, i.deadline.due, i.deadline.flagged) for i in document.problems if i.deadline}


# --- traditional characters -------------------------------------------------------------

# A plan as a Taiwanese or Hong Kong site republishes it: traditional characters, full-width punctuation.
TRADITIONAL = """【轉載】松江縣貫徹落實中央環境保護督察反饋意見整改方案
為認真貫徹落實中央環境保護督察反饋意見，切實解決群眾反映強烈的突出環境問題，特制定本整改方案。
附：松江縣中央環境保護督察反饋意見問題整改措施清單
一、縣城集中式飲用水水源地一級保護區內仍有農家樂和養殖場。
整改目標：全面清理飲用水水源保護區內違法建設項目。
整改時限：2017年10月底前。
整改措施：
1、對飲用水水源一級保護區內農家樂、養殖場逐一登記造冊，依法關閉拆除。
2、設立保護區界標和警示標誌，建設隔離防護設施。
責任單位：縣環保局（牽頭負責第1條）、縣水務局（牽頭負責第2條）、縣農業局，相關鄉鎮人民政府。
二、城區建築工地揚塵管控不力，重汙染天氣應急措施落實不到位。
整改目標：建築工地揚塵防治措施落實率達到100%。
整改時限：立行立改、長期堅持。
整改措施：
1、嚴格落實施工工地圍擋、覆蓋、灑水等揚塵防治措施。
2、完善重汙染天氣應急預案，建立應急減排清單。
責任單位：縣住建局、縣環保局。
"""

TRADITIONAL_DUTIES = sorted([
    ("县住建局", "responsible", "2"),
    ("县农业局", "support", "1"),
    ("县水务局", "lead", "1.2"),
    ("县环保局", "lead", "1.1"),
    ("县环保局", "responsible", "2"),
    ("相关乡镇人民政府", "support", "1"),
])


def test_traditional_checklist_gives_simplified_labels_and_original_quotes() -> None:
    document = extract(TRADITIONAL)
    assert problems(document) == [
        ("1", "县城集中式饮用水水源地一级保护区内仍有农家乐和养殖场。"),
        ("2", "城区建筑工地扬尘管控不力,重污染天气应急措施落实不到位。"),
    ]
    assert measures(document) == [
        ("1.1", "对饮用水水源一级保护区内农家乐、养殖场逐一登记造册,依法关闭拆除"),
        ("1.2", "设立保护区界标和警示标志,建设隔离防护设施"),
        ("2.1", "严格落实施工工地围挡、覆盖、洒水等扬尘防治措施"),
        ("2.2", "完善重污染天气应急预案,建立应急减排清单"),
    ]
    assert duties(document) == TRADITIONAL_DUTIES
    assert deadlines(document) == {
        "1": ("2017年10月底前", date(2017, 10, 31), None),
        "2": ("立行立改、长期坚持", None, None),
    }
    # The quote is the text as published, in traditional characters.
    lead = next(a for a in document.assignments if a.agent == "县水务局")
    assert lead.evidence.text == (
        "責任單位：縣環保局（牽頭負責第1條）、縣水務局（牽頭負責第2條）、縣農業局，相關鄉鎮人民政府。"
    )
    assert lead.evidence.line == 10
    assert document.problems[0].span.text == "縣城集中式飲用水水源地一級保護區內仍有農家樂和養殖場。"
    assert document.title == "【转载】松江县贯彻落实中央环境保护督察反馈意见整改方案"


def test_traditional_checklist_in_big5_reads_the_same() -> None:
    data = TRADITIONAL.encode("big5")
    raw = decode_document(data, "songjiang_big5.txt")
    assert raw.encoding == "big5"
    assert raw.text == TRADITIONAL
    document = extract(data, "songjiang_big5.txt")
    assert document.encoding == "big5"
    assert duties(document) == TRADITIONAL_DUTIES
    assert normalize_text(raw.text, repair=True).converted == 136


def test_simplified_text_is_not_converted() -> None:
    ntext = normalize_text("显著改善,著力推进,于2017年底前完成,皇后镇乾隆路。", repair=True)
    assert ntext.converted == 0
    assert ntext.text == "显著改善,著力推进,于2017年底前完成,皇后镇乾隆路。"


# --- line breaks before punctuation -------------------------------------------------------

SOUND = """柳溪县贯彻落实中央第四环境保护督察组督察反馈意见整改方案
为坚决扛起生态环境保护政治责任,确保督察反馈问题全部整改到位,制定本方案。
附:柳溪县贯彻落实中央环境保护督察反馈意见问题整改措施清单
一、柳溪河沿岸非法砂石码头整治不彻底,河道生态破坏严重。
整改目标:全面取缔非法砂石码头,恢复河岸生态。
整改时限:2018年6月底前。
整改措施:
1、对柳溪河沿岸砂石码头开展拉网式排查,2018年3月底前全部取缔非法码头。
2、对已取缔码头实施复绿,恢复河岸植被。
责任单位:县水利局(牵头负责第1条)、县林业局(牵头负责第2条)、县交通运输局,沿河各乡镇人民政府。
二、县城区燃煤锅炉淘汰工作滞后。
整改目标:淘汰县城建成区每小时10蒸吨及以下燃煤锅炉。
整改时限:2017年12月底前。
整改措施:
1、建立燃煤锅炉淘汰台账,逐台明确淘汰时限。
责任单位:县发展改革局、县环保局。
"""

SOUND_DUTIES = sorted([
    ("沿河各乡镇人民政府", "support", "1"),
    ("县交通运输局", "support", "1"),
    ("县发展改革局", "responsible", "2"),
    ("县林业局", "lead", "1.2"),
    ("县水利局", "lead", "1.1"),
    ("县环保局", "responsible", "2"),
])


def test_line_break_before_every_punctuation_mark() -> None:
    # What a careless converter made of the plan: a line break before every punctuation mark.
    damaged = re.sub(r"(?=[,。、;:()《》])", "\n", SOUND)
    assert damaged.count("\n") > 50
    document = extract(damaged)
    sound = extract(SOUND)
    assert problems(document) == problems(sound) == [
        ("1", "柳溪河沿岸非法砂石码头整治不彻底,河道生态破坏严重。"),
        ("2", "县城区燃煤锅炉淘汰工作滞后。"),
    ]
    assert measures(document) == measures(sound) == [
        ("1.1", "对柳溪河沿岸砂石码头开展拉网式排查,2018年3月底前全部取缔非法码头"),
        ("1.2", "对已取缔码头实施复绿,恢复河岸植被"),
        ("2.1", "建立燃煤锅炉淘汰台账,逐台明确淘汰时限"),
    ]
    assert duties(document) == duties(sound) == SOUND_DUTIES
    assert deadlines(document) == deadlines(sound) == {
        "1": ("2018年6月底前", date(2018, 6, 30), None),
        "2": ("2017年12月底前", date(2017, 12, 31), None),
    }
    # The quote is the damaged text as published, line breaks and all.
    clause = next(a for a in document.assignments if a.agent == "县水利局").evidence
    assert clause.text.replace("\n", "") == (
        "责任单位:县水利局(牵头负责第1条)、县林业局(牵头负责第2条)、县交通运输局,沿河各乡镇人民政府。"
    )
    assert damaged[: clause.start].count("\n") + 1 == clause.line


# --- lists run together on one line -------------------------------------------------------

RUN_ON = (
    "桐河县中央生态环境保护督察“回头看”反馈意见整改方案\n"
    "为切实抓好中央生态环境保护督察“回头看”反馈意见整改落实,结合我县实际,制定本方案。\n"
    "附:桐河县中央生态环境保护督察“回头看”反馈问题整改清单 "
    "一、县城区东沙河黑臭水体整治进展缓慢,群众反映强烈。 整改目标:城区黑臭水体基本消除,河道水质明显改善。 "
    "整改时限:2019年12月底前。 整改措施:1.完成东沙河沿线截污纳管工程;2.实施河道清淤疏浚,2019年10月底前完成主河道清淤;"
    "3.建立河长巡查制度,每周巡河不少于1次。 "
    "责任单位:县住建局(牵头负责第1、2条)、县水利局(牵头负责第3条)、县生态环境分局。 "
    "二、工业园区污水处理厂超负荷运行,出水长期超标。 整改目标:园区污水处理厂稳定达标排放。 整改时限:2019年6月底前。 "
    "整改措施:1.实施污水处理厂扩容提标改造;2.督促园区企业落实预处理要求。 责任单位:县工信局、县生态环境分局。\n"
)


def test_whole_checklist_run_together_on_one_line() -> None:
    assert RUN_ON.count("\n") == 3
    document = extract(RUN_ON)
    assert problems(document) == [
        ("1", "县城区东沙河黑臭水体整治进展缓慢,群众反映强烈。"),
        ("2", "工业园区污水处理厂超负荷运行,出水长期超标。"),
    ]
    assert measures(document) == [
        ("1.1", "完成东沙河沿线截污纳管工程"),
        ("1.2", "实施河道清淤疏浚,2019年10月底前完成主河道清淤"),
        ("1.3", "建立河长巡查制度,每周巡河不少于1次"),
        ("2.1", "实施污水处理厂扩容提标改造"),
        ("2.2", "督促园区企业落实预处理要求"),
    ]
    assert duties(document) == sorted([
        ("县住建局", "lead", "1.1"),
        ("县住建局", "lead", "1.2"),
        ("县工信局", "responsible", "2"),
        ("县水利局", "lead", "1.3"),
        ("县生态环境分局", "responsible", "2"),
        ("县生态环境分局", "support", "1"),
    ])
    assert deadlines(document) == {
        "1": ("2019年12月底前", date(2019, 12, 31), None),
        "2": ("2019年6月底前", date(2019, 6, 30), None),
    }
    # Everything stands on line 3 of the published text.
    assert {i.span.line for i in document.problems} == {3}
    dredging = document.problems[0].measures[1]
    assert [d.due for d in dredging.deadlines] == [date(2019, 10, 31)]


def test_inserted_line_breaks_map_to_no_original_character() -> None:
    original = "整改措施:1.完成截污纳管;2.实施清淤疏浚。"
    ntext = normalize_text(original, repair=True)
    assert ntext.text == "整改措施:\n1.完成截污纳管;\n2.实施清淤疏浚。"
    assert len(ntext.inserted) == 2
    first = ntext.text.index("1.")
    # A span ending on an inserted break stops where the break was put in.
    assert ntext.span(0, first).text == "整改措施:"
    assert ntext.span(first, ntext.text.index("\n2.") + 1).text == "1.完成截污纳管;"
    assert ntext.span(first, len(ntext.text)).text == original[original.index("1."):]
    assert {ntext.span(i, i + 1).line for i in range(len(ntext.text))} == {1}


# --- page-split chunks ------------------------------------------------------------------------

# A document-sharing site cut the plan into chunks and numbered them at the start of each
# chunk, wherever the cut fell: in the middle of a word, of a measure, of a unit's name.
CHUNKS = (
    "1、0桐柏县贯彻落实中央环境保护督察反馈意见整改方案为全面落实中央环境保护督察反馈意见,切实解决我县突出环境问题,"
    "推动生态环境质量持续改善,结合我县实际,制定本方案。各乡镇、各部门要提高政治站位,压实整改责任,"
    "确保各项整改任务按期完成,整改情况及时向社会公开,接受群众监督。\n"
) + """附:桐柏县贯彻落实中央环境保护督察反馈意见问题整改措施清单
一、县城区生活污水收集处理能力不足,部分污水直排淮河支流。
整改目标:城区生活污水集中收集率达到85%以上,淮河支流出境断面水质稳定达标。
整改时限:2018年12月底前。
整改措施:
1、加快城区污水管网建设,2018年9月底前完成老城区雨污分流改
2、造,新建污水管网12公里,对沿河排污口实施截流改造。
2、实施县污水处理厂提标扩容,出水水质达到一级A标准,日处理能力由2万吨提高到4万吨,配套建设污泥无害化处置设施,加强进出水在线监测。
责任单位:县住建局(牵头负责第1条)、县水
3、利局(牵头负责第2条)、县环保局。
二、部分企业危险废物贮存不规范。
整改目标:涉危企业危险废物规范化管理达标率达到90%以上。
整改时限:2018年6月底前。
整改措施:
1、开展危险废物专项排查。
责任单位:县环保局。
"""


def test_page_split_chunk_markers_are_not_read_as_measures() -> None:
    document = extract(CHUNKS)
    assert problems(document) == [
        ("1", "县城区生活污水收集处理能力不足,部分污水直排淮河支流。"),
        ("2", "部分企业危险废物贮存不规范。"),
    ]
    assert measures(document) == [
        ("1.1", "加快城区污水管网建设,2018年9月底前完成老城区雨污分流改造,新建污水管网12公里,对沿河排污口实施截流改造"),
        ("1.2", "实施县污水处理厂提标扩容,出水水质达到一级A标准,日处理能力由2万吨提高到4万吨,"
                "配套建设污泥无害化处置设施,加强进出水在线监测"),
        ("2.1", "开展危险废物专项排查"),
    ]
    assert duties(document) == sorted([
        ("县住建局", "lead", "1.1"),
        ("县水利局", "lead", "1.2"),
        ("县环保局", "responsible", "2"),
        ("县环保局", "support", "1"),
    ])
    assert [d.due for d in document.problems[0].measures[0].deadlines] == [date(2018, 9, 30)]
    assert not any("gap" in w.message or "follows" in w.message for w in document.warnings)
    ntext = normalize_text(CHUNKS, repair=True)
    assert [r.span.text for r in ntext.repairs if r.kind == "chunk-marker"] == ["1、", "\n2、", "\n3、"]
    # The 0 after the first marker is the shared file's page number, not part of the county's name.
    assert [r.span.text for r in ntext.repairs if r.kind == "page-number"] == ["0"]
    assert ntext.text.startswith("桐柏县贯彻落实")


def test_numbered_measures_are_not_chunk_markers() -> None:
    ntext = normalize_text(SOUND, repair=True)
    assert ntext.text == SOUND
    assert ntext.repairs == ()


# --- a PDF copied as text ----------------------------------------------------------------------

# Text copied out of a PDF: page markers, spaces inside words and around numbers, and the
# quotation marks the font did not map (党政同责、一岗双责 and 三同时 were quoted).
PDF_COPY = (
    "桐 河 县 贯 彻 落 实 中 央 环 境 保 护 督 察 反 馈 意 见 整 改 方 案\n"
    "中央第五环境保护督察组于 2016 年 7 月 15 日至 8 月 15 日对我省开展环境保护督察,为落实督察反馈意见,"
    "强化党政同责、一岗双责,制定本方案。\n"
) + """- 1 -
附:桐河县贯彻落实中央环境保护督察反馈意见问题整改措施清单
一、部分乡镇垃圾填埋场未按要求建设渗滤液处理设施,渗滤液直排现象时有发生。
整改目标:全县垃圾填埋场渗滤液稳定达标排放。
整改时限:2017 年 12 月底前。
整改措施:
1、对全县 6 个乡镇垃圾填埋场逐一排查,建立问题清单,2017 年 9 月底前完成渗滤液收集设施建设。
2、开展垃圾填埋场环 境 保 护专项执法检查,对超标排放行为依法
― 2 ―
查处,公开曝光典型案例。
责任单位:县城管局(牵头负责第1条)、县环保局(牵头负责第2条),各乡镇人民政府。
二、部分企业未落实环评三同时制度,未批先建问题突出。
整改目标:全面清理违法违规建设项目。
整改时限:立行立改。
整改措施:
1、对全县未批先建项目逐一清理,依法处罚。
责任单位:县环保局、县发展改革局。
第3页
"""


def test_pdf_copy_with_page_markers_spaced_words_and_dropped_quotes() -> None:
    document = extract(PDF_COPY)
    assert problems(document) == [
        ("1", "部分乡镇垃圾填埋场未按要求建设渗滤液处理设施,渗滤液直排现象时有发生。"),
        ("2", "部分企业未落实环评三同时制度,未批先建问题突出。"),
    ]
    assert measures(document) == [
        ("1.1", "对全县6个乡镇垃圾填埋场逐一排查,建立问题清单,2017年9月底前完成渗滤液收集设施建设"),
        ("1.2", "开展垃圾填埋场环境保护专项执法检查,对超标排放行为依法查处,公开曝光典型案例"),
        ("2.1", "对全县未批先建项目逐一清理,依法处罚"),
    ]
    assert duties(document) == sorted([
        ("县发展改革局", "responsible", "2"),
        ("县城管局", "lead", "1.1"),
        ("县环保局", "lead", "1.2"),
        ("县环保局", "responsible", "2"),
        ("各乡镇人民政府", "support", "1"),
    ])
    assert deadlines(document) == {
        "1": ("2017年12月底前", date(2017, 12, 31), None),
        "2": ("立行立改", None, None),
    }
    assert document.problems[0].deadline is not None
    assert document.problems[0].deadline.span.text == "2017 年 12 月底前"
    assert [d.due for d in document.problems[0].measures[0].deadlines] == [date(2017, 9, 30)]
    assert document.title == "桐河县贯彻落实中央环境保护督察反馈意见整改方案"
    ntext = normalize_text(PDF_COPY, repair=True)
    assert "- 1 -" not in ntext.text and "― 2 ―" not in ntext.text and "第3页" not in ntext.text
    assert "2016年7月15日至8月15日" in ntext.text


# --- site chrome ----------------------------------------------------------------------------------

# A county plan as a government portal shows it: navigation, breadcrumb, counters and
# print links before it, share links and related articles (one of them numbered like a
# problem) after it.
PORTAL = """网站首页 | 政务公开 | 政策法规 | 互动交流 | 办事服务
您现在的位置:首页 >> 政务公开 >> 环境保护
云岭市贯彻落实中央环境保护督察反馈意见整改方案
发布时间:2017-08-21 09:30 来源:市环保局 浏览次数:2381
[字体:大 中 小] 【打印本页】 【关闭窗口】
为全面落实中央环境保护督察反馈意见,制定本方案。
附:云岭市贯彻落实中央环境保护督察反馈意见问题整改措施清单
一、主城区餐饮油烟扰民问题突出,群众投诉居高不下。
整改目标:主城区餐饮服务单位油烟净化设施安装率达到100%。
整改时限:2017年12月底前。
整改措施:
1、开展餐饮油烟专项整治,督促安装高效油烟净化设施。
责任单位:市城管局(牵头负责第1条)、市环保局、市市场监管局。
二、部分尾矿库环境风险隐患突出。
整改目标:完成尾矿库环境风险隐患排查整治。
整改时限:2018年6月底前。
整改措施:
1、建立尾矿库环境风险隐患台账,实行销号管理。
责任单位:市安监局、市环保局。
分享到: 微信 微博 QQ空间
上一篇:云岭市召开环保督察整改工作推进会
下一篇:一、关于开展饮用水水源地专项整治的通知
相关文章:

三、全市集中式饮用水水源地保护区划定方案

云岭市2017年大气污染防治实施方案
版权所有:云岭市人民政府办公室 网站标识码:5301000001 滇ICP备05000001号
"""

# The same kind of document on a document-sharing site: upload information, buttons, page thumbnails.
SHARED = """上传人:Zh****g 文档编号:88231 上传时间:2021-03-02 格式:DOCX 页数:12 大小:31.2KB
返回 下载 相关 举报
云岭市整改方案_第1页
第1页 / 共12页
点击查看更多>>
资源描述
附:云岭市贯彻落实中央环境保护督察反馈意见问题整改措施清单
一、主城区餐饮油烟扰民问题突出,群众投诉居高不下。
整改时限:2017年12月底前。
整改措施:
1、开展餐饮油烟专项整治,督促安装高效油烟净化设施。
责任单位:市城管局、市环保局。
"""


def test_site_chrome_around_the_text_never_becomes_facts() -> None:
    document = extract(PORTAL)
    assert problems(document) == [
        ("1", "主城区餐饮油烟扰民问题突出,群众投诉居高不下。"),
        ("2", "部分尾矿库环境风险隐患突出。"),
    ]
    assert duties(document) == sorted([
        ("市城管局", "lead", "1.1"),
        ("市安监局", "responsible", "2"),
        ("市市场监管局", "support", "1"),
        ("市环保局", "responsible", "2"),
        ("市环保局", "support", "1"),
    ])
    assert not any("skipped" in w.message for w in document.warnings)
    ntext = normalize_text(PORTAL, repair=True)
    removed = [r.span.text for r in ntext.repairs if r.kind == "chrome"]
    assert removed == [
        "网站首页 | 政务公开 | 政策法规 | 互动交流 | 办事服务",
        "您现在的位置:首页 >> 政务公开 >> 环境保护",
        "发布时间:2017-08-21 09:30 来源:市环保局 浏览次数:2381",
        "[字体:大 中 小] 【打印本页】 【关闭窗口】",
        "分享到: 微信 微博 QQ空间",
        "上一篇:云岭市召开环保督察整改工作推进会",
        "下一篇:一、关于开展饮用水水源地专项整治的通知",
        "相关文章:",
        "三、全市集中式饮用水水源地保护区划定方案",
        "云岭市2017年大气污染防治实施方案",
        "版权所有:云岭市人民政府办公室 网站标识码:5301000001 滇ICP备05000001号",
    ]
    # Emptied, not removed: the lines after them keep their numbers.
    assert ntext.text.count("\n") == PORTAL.count("\n")
    assert document.problems[0].span.line == 8


def test_a_related_link_at_the_top_does_not_swallow_the_text() -> None:
    text = "上一篇:云岭市召开环保督察整改工作推进会\n一、指导思想\n二、工作目标\n" + "坚持问题导向,确保整改到位。" * 12
    ntext = normalize_text(text, repair=True)
    assert [r.span.text for r in ntext.repairs] == ["上一篇:云岭市召开环保督察整改工作推进会"]


def test_document_sharing_chrome_is_dropped() -> None:
    document = extract(SHARED)
    assert problems(document) == [("1", "主城区餐饮油烟扰民问题突出,群众投诉居高不下。")]
    assert duties(document) == sorted([("市城管局", "responsible", "1"), ("市环保局", "responsible", "1")])
    ntext = normalize_text(SHARED, repair=True)
    assert [(r.kind, r.span.line) for r in ntext.repairs] == [
        ("chrome", 1), ("chrome", 2), ("page-marker", 3), ("page-marker", 4), ("chrome", 5), ("chrome", 6),
    ]


# --- pinyin garbage ---------------------------------------------------------------------------------

# A traditional-character page whose converter left the reading of some characters behind them.
PINYIN = """南川市人民政府關(guān)于貫徹落實中央環(huán)境保護督察反饋意見整改方案
附:南川市中央環(huán)境保護督察反饋意見問題整改措施清單
一、部分工業(yè)園區(qū)污水集中處(chù)理設(shè)施建設(shè)滯後。
整改時(shí)限:2018年12月底前。
整改措施:
1、加快園區(qū)污水處(chù)理廠建設(shè),實現(xiàn)園區(qū)污水全收集。
2、開展園區(qū)企業(yè)排污情況調(diào)查,依法查處偷排漏排行為。
責(zé)任單(dān)位:市工信委(牽頭負(fù)責(zé)第1條)、市環(huán)保局(牽頭負(fù)責(zé)第2條)。
"""


def test_pinyin_garbage_is_dropped_and_traditional_converted() -> None:
    document = extract(PINYIN)
    assert problems(document) == [("1", "部分工业园区污水集中处理设施建设滞后。")]
    assert measures(document) == [
        ("1.1", "加快园区污水处理厂建设,实现园区污水全收集"),
        ("1.2", "开展园区企业排污情况调查,依法查处偷排漏排行为"),
    ]
    assert duties(document) == sorted([("市工信委", "lead", "1.1"), ("市环保局", "lead", "1.2")])
    assert deadlines(document) == {"1": ("2018年12月底前", date(2018, 12, 31), None)}
    clause = document.assignments[0].evidence
    assert clause.text == "責(zé)任單(dān)位:市工信委(牽頭負(fù)責(zé)第1條)、市環(huán)保局(牽頭負(fù)責(zé)第2條)。"
    assert document.title == "南川市人民政府关于贯彻落实中央环境保护督察反馈意见整改方案"


def test_a_character_the_converter_lost_goes_with_its_pinyin() -> None:
    text = "我市高度重視,立即組織整改?,F(xiàn)將整改情況報告如下:\n一、總體情況"
    ntext = normalize_text(text, repair=True)
    assert ntext.text == "我市高度重视,立即组织整改将整改情况报告如下:\n一、总体情况"
    assert [r.span.text for r in ntext.repairs if r.kind == "pinyin"] == ["?,F(xiàn)"]


# A progress checklist whose site ran the checklist's title into its first heading.
RUN_ON_TITLE = (
    "信阳市中央生态环境保护督察反馈问题整改落实情况清单一、关于“部分县区饮用水水源保护区内仍有违法建筑”的问题。"
    "整改进展情况:已完成整改。\n"
    "二、关于“城区黑臭水体治理滞后”的问题。整改进展情况:正在推进。\n"
)


def test_a_title_run_into_the_first_heading_is_split_from_it() -> None:
    document = extract(RUN_ON_TITLE, "xinyang_progress.txt")
    assert problems(document) == [
        ("1", "关于“部分县区饮用水水源保护区内仍有违法建筑”的问题。"),
        ("2", "关于“城区黑臭水体治理滞后”的问题。"),
    ]
    assert [(i.code, i.status.value if i.status else None) for i in document.problems] == [
        ("1", "completed"), ("2", "in_progress")]
    ntext = normalize_text(RUN_ON_TITLE, repair=True)
    assert ntext.text.startswith("信阳市中央生态环境保护督察反馈问题整改落实情况清单\n一、关于“")
    # Not a list that names numbers (按照整改方案一、二、三项要求) nor a short phrase.
    for text in ("按照省级整改方案一、二、三项要求抓好落实。", "整改方案一、高度重视"):
        assert normalize_text(text, repair=True).text == text


def test_real_parentheses_are_not_pinyin() -> None:
    text = "细颗粒物(PM2.5)浓度下降,排放标准(试行)和(a)项、(ISO)认证。"
    assert normalize_text(text, repair=True).text == text


# --- dates that lost 年 and 月 ---------------------------------------------------------------------

LOST_DATES = """柳溪县大气污染防治专项整改方案
附:柳溪县大气污染防治突出问题整改清单
一、县城周边砖瓦窑无组织排放问题突出。
整改目标:完成砖瓦窑深度治理。
整改时限:2022223
整改措施:
1、2022630前完成全部砖瓦窑脱硫除尘设施改造。
责任单位:县生态环境分局、县工信局。
"""


def test_dates_that_lost_year_and_month_are_flagged_not_guessed() -> None:
    document = extract(LOST_DATES)
    assert problems(document) == [("1", "县城周边砖瓦窑无组织排放问题突出。")]
    assert deadlines(document) == {"1": ("2022223", None, DATE_UNPARSED)}
    (phrase,) = document.problems[0].measures[0].deadlines
    assert (phrase.text, phrase.due, phrase.flagged) == ("2022630前", None, DATE_UNPARSED)
    assert any("2022223" in w.message and DATE_UNPARSED in w.message for w in document.warnings)


def test_spaces_between_numbers_are_kept() -> None:
    # A space between two numbers is never dropped: that would invent a date.
    ntext = normalize_text("整改时限:2022 2 23 前完成,共 3 项", repair=True)
    assert ntext.text == "整改时限:2022 2 23 前完成,共3项"


# --- tab-separated rows -------------------------------------------------------------------------

# A county's ledger pasted from a spreadsheet: tab-separated rows, cells holding run-on measures
# and spaced dates, in a page that also carries the damage the repairs are for.
TAB_LEDGER = (
    "桓仁县中央生态环境保护督察反馈问题整改台账\n"
    "按照市委、市政府部署,县委、县政府逐项明确整改措施\n"
    ",压实整改责任。\n"
    "序号\t问题\t整改时限\t整改措施\t责任单位\t完成情况\n"
    "1\t浑江沿岸部分村屯生活垃圾随意堆放\t2019 年 10 月底前\t1.开展垃圾堆放点排查 2.建立村收镇运县处理体系\t"
    "县住房城乡建设局、各乡镇政府\t已完成\n"
    "2\t部分畜禽养殖场粪污直排\t2020年年底前\t1.完成规模养殖场粪污处理设施配套\t县农业农村局\t正在推进\n"
)


def test_repair_keeps_the_tabs_between_cells() -> None:
    repaired = normalize_text(TAB_LEDGER, repair=True)
    rows = [line for line in repaired.text.split("\n") if line.startswith(("1\t", "2\t"))]
    assert [row.split("\t") for row in rows] == [
        ["1", "浑江沿岸部分村屯生活垃圾随意堆放", "2019年10月底前", "1.开展垃圾堆放点排查 2.建立村收镇运县处理体系",
         "县住房城乡建设局、各乡镇政府", "已完成"],
        ["2", "部分畜禽养殖场粪污直排", "2020年年底前", "1.完成规模养殖场粪污处理设施配套", "县农业农村局", "正在推进"],
    ]
    assert "县委、县政府逐项明确整改措施,压实整改责任。" in repaired.text  # the other repairs still ran
    # The table reader finds the same problems in the repaired text as in the published one.
    plain = normalize_text(TAB_LEDGER)
    found = {}
    for name, ntext in (("plain", plain), ("repaired", repaired)):
        checklist, _ = read_tables(ntext, split_lines(ntext.text))
        found[name] = [(raw.code, ntext.text[slice(*raw.label)], [ntext.text[m.start:m.end] for m in raw.measures])
                       for raw in checklist.problems]
    assert found["repaired"] == found["plain"] == [
        ("1", "浑江沿岸部分村屯生活垃圾随意堆放", ["开展垃圾堆放点排查", "建立村收镇运县处理体系"]),
        ("2", "部分畜禽养殖场粪污直排", ["完成规模养殖场粪污处理设施配套"]),
    ]


def test_tab_separated_ledger_gives_its_facts() -> None:
    document = extract(TAB_LEDGER, "huanren_ledger.txt")
    assert problems(document) == [("1", "浑江沿岸部分村屯生活垃圾随意堆放"), ("2", "部分畜禽养殖场粪污直排")]
    assert measures(document) == [("1.1", "开展垃圾堆放点排查"), ("1.2", "建立村收镇运县处理体系"),
                                  ("2.1", "完成规模养殖场粪污处理设施配套")]
    assert duties(document) == [("县住房城乡建设局", "responsible", "1"), ("县农业农村局", "responsible", "2"),
                                ("各乡镇政府", "responsible", "1")]
    assert [(i.code, i.status.value if i.status else None) for i in document.problems] == [
        ("1", "completed"), ("2", "in_progress")]
    # Tables are read in the repaired text, so a cell's spaced date is mended like any other.
    assert deadlines(document) == {"1": ("2019年10月底前", date(2019, 10, 31), None),
                                   "2": ("2020年年底前", date(2020, 12, 31), None)}
    assert document.problems[0].deadline is not None and document.problems[0].deadline.span.text == "2019 年 10 月底前"


# --- text copied out of a PDF: the page's line breaks inside sentences and names ---------------------

# A checklist copied from a PDF whose lines were 30 ems wide: names (市水\n利局), dates and the
# (牵头负责…) marks are cut where the width fell.
WRAPPED = """南平市贯彻落实中央生态环境保护督察反馈意见整改方案
附:南平市中央生态环境保护督察反馈问题整改措施清单
一、建阳区部分乡镇生活污水收集管网建设滞后,雨季污水直排崇阳
溪问题突出。
整改目标:乡镇生活污水收集率达到70%以上。
整改时限:2025年12月底前。
整改措施:
1、开展乡镇污水管网排查,建立问题清单和整改台账,2024年9月底前
完成。
2、实施建阳区乡镇污水管网补短板工程,新建和改造管网一百二十公
里。
3、加强污水处理设施运行监管,将运行情况纳入年度考核。
责任单位:市住房和城乡建设局(牵头负责第1条)、建阳区人民政府(
牵头负责第2、3条)、市生态环境局、市财政局。
二、武夷山国家公园周边部分茶山违规开垦,水土流失问题未得到有
效遏制。
整改目标:违规开垦茶山全部整治到位,水土流失面积逐年减少。
整改时限:立行立改、长期坚持。
整改措施:
1、对违规开垦茶山逐片核查,依法查处,2024年12月底前完成。
2、实施生态茶园改造和水土保持综合治理工程。
责任单位:武夷山市人民政府(牵头负责第1、2条)、市林业局、市水
利局、市农业农村局。
"""


def test_lines_wrapped_at_the_page_width_are_joined() -> None:
    document = extract(WRAPPED)
    assert problems(document) == [
        ("1", "建阳区部分乡镇生活污水收集管网建设滞后,雨季污水直排崇阳溪问题突出。"),
        ("2", "武夷山国家公园周边部分茶山违规开垦,水土流失问题未得到有效遏制。"),
    ]
    assert [code for code, _ in measures(document)] == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert duties(document) == [
        ("市住房和城乡建设局", "lead", "1.1"), ("市农业农村局", "support", "2"), ("市林业局", "support", "2"),
        ("市水利局", "support", "2"), ("市生态环境局", "support", "1"), ("市财政局", "support", "1"),
        ("建阳区人民政府", "lead", "1.2"), ("建阳区人民政府", "lead", "1.3"),
        ("武夷山市人民政府", "lead", "2.1"), ("武夷山市人民政府", "lead", "2.2"),
    ]
    assert deadlines(document)["1"][:2] == ("2025年12月底前", date(2025, 12, 31))
    # The quotes keep the file's line breaks: only the normalised text is joined.
    assert "市水\n利局" in next(a.evidence.text for a in document.assignments if a.agent == "市水利局")
    repairs = normalize_text(WRAPPED, repair=True).repairs
    assert {r.kind for r in repairs} == {"wrapped-line"} and all(r.span.text == "\n" for r in repairs)


def test_text_that_was_not_wrapped_keeps_its_lines() -> None:
    # The seeds' lines end where their paragraphs do, at no common width: nothing is joined.
    for seed in (JIANGXI, SHANXI):
        repairs = normalize_text(seed.read_text(encoding="utf-8"), repair=True).repairs
        assert not [r for r in repairs if r.kind in ("wrapped-line", "broken-row")], seed.name


def test_a_wrapped_list_of_measure_numbers_is_not_a_measure() -> None:
    # 牵头负责第 / 2、3、5、6条: the line after the break starts like measure 2, and is not one.
    assert not opens_item("责任单位:省水利厅(牵头负责第1条)、省环保厅(牵头负责第", "2、3、5、6条)、省农业厅。")
    assert opens_item("1、开展排查。", "2、实施修复。")
    assert opens_item("…完成。 | 市水利局 | 2025年6月底前", "2 | 部分工业园区污水管网雨污混接。 |")


# A row of a table flattened into text, broken by a line break inside its 整改措施 cell.
BROKEN_ROW = """三明市中央生态环境保护督察反馈问题整改措施清单
序号 | 问题 | 整改措施 | 责任单位 | 整改时限
1 | 沙溪部分河段采砂后河床未修复。 | 1、开展采砂迹地排查。2、实施河床生态修复,2025年6月底前
完成。 | 市水利局(牵头)、市自然资源局 | 2025年6月底前
2 | 部分工业园区污水管网雨污混接。 | 1、开展园区管网排查。 | 市工业和信息化局 | 2024年12月底前
"""


def test_a_table_row_broken_inside_a_cell_is_one_row() -> None:
    document = extract(BROKEN_ROW)
    assert duties(document) == [("市工业和信息化局", "responsible", "2"), ("市水利局", "lead", "1"),
                                ("市自然资源局", "support", "1")]
    assert measures(document) == [("1.1", "开展采砂迹地排查"), ("1.2", "实施河床生态修复,2025年6月底前完成"),
                                  ("2.1", "开展园区管网排查")]
    assert deadlines(document)["1"][:2] == ("2025年6月底前", date(2025, 6, 30))
    assert [(r.kind, r.span.line) for r in normalize_text(BROKEN_ROW, repair=True).repairs] == [("broken-row", 3)]
