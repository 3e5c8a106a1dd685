"""A document's title, the place it is issued for, its province and the regions it names.

The short documents here are written for these tests in the shapes real ones take (a city's plan,
a county's per-task notice signed by its office, a county site's news page with a byline, a
district's notice whose name two provinces share); the corpus excerpts of ``../shared/corpus/``
are read where they are, for the facts they really hold.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.extract.document import extract_file
from graph.ingest import ingest_files
from graph.model.mapping import document_to_quads
from graph.records import Document
from graph.sparql.saved import run_saved
from graph.store import open_store
from tests.support.documents import extract_text
from tests.support.paths import CORPUS

JIANGXI, SICHUAN, XINJIANG, JILIN, LIAONING = (
    "360000000000", "510000000000", "650000000000", "220000000000", "210000000000")


def _names(doc: Document) -> list[str]:
    return [region.name for region in doc.regions]


# A county-level city's plan: the title opens with the place.
RUIJIN = """瑞金市贯彻落实中央生态环境保护督察反馈意见整改方案
一、城区部分黑臭水体整治进度滞后
整改目标:2021年底前,城区黑臭水体全面消除。
整改措施:
1.完成沿河截污管网建设,2021年6月底前完成。
2.开展河道清淤和生态修复,2021年12月底前完成。
责任单位:市住房和城乡建设局(牵头),市生态环境局
"""

# A per-task notice: no title line, headed sections, the issuing office above the date.
NOTICE = """中央生态环境保护督察反馈意见第十五项整改任务已按期完成,现将整改情况公示如下:
一、整改任务
县城生活垃圾填埋场渗滤液收集设施不完善,存在渗漏风险。
二、整改责任单位
县住房和城乡建设局
三、整改完成情况
渗滤液收集池已完成防渗改造并投入使用。已完成整改任务。
和布克赛尔县中央生态环境保护督察整改工作领导小组办公室
2020年12月28日
"""

# A county site's news page: breadcrumb, title, a byline whose source is on its own line.
NEWS = """首页 > 工作动态
县领导督导垃圾填埋场整改
2021-05-12 09:30
来源:
道孚县人民政府
5月10日,县委书记 王立新带队督导垃圾填埋场整改,县住建局局长 李火生汇报整改进展。王立新强调,要压实整改责任。
"""

# 铁东区 is a district of 四平市 (Jilin) and of 鞍山市 (Liaoning).
TIEDONG = """关于铁东区中央生态环境保护督察反馈问题整改任务(序号三)整改情况的公示
整改任务:城区河道存在垃圾堆放问题。
整改完成情况:已清理完毕。四平市铁东区河湖管理中心负责日常巡查。
"""


def test_a_county_level_citys_plan_is_issued_for_it() -> None:
    doc = extract_text(RUIJIN)
    assert (doc.province, doc.place) == (JIANGXI, "360781000000")  # 瑞金市, under 赣州市
    assert doc.place_span is not None and doc.place_span.text == "瑞金市" and doc.place_span.line == 1
    assert _names(doc) == ["江西省", "瑞金市", "赣州市"]
    assert doc.title == "瑞金市贯彻落实中央生态环境保护督察反馈意见整改方案"


def test_a_notice_is_issued_for_the_county_of_its_signature_and_titled_by_its_task() -> None:
    doc = extract_text(NOTICE)
    # 和布克赛尔县 is 和布克赛尔蒙古自治县 by its short name; it alone tells Xinjiang.
    assert (doc.province, doc.place) == (XINJIANG, "654226000000")
    assert doc.place_span is not None and doc.place_span.text == "和布克赛尔县" and doc.place_span.line == 8
    assert "和布克赛尔蒙古自治县" in _names(doc)
    # Never one of its own headings (三、整改完成情况), never a file name when the task is named.
    assert doc.title == "中央生态环境保护督察反馈意见第十五项整改任务"


def test_a_news_page_gets_its_title_above_the_byline_and_its_place_from_the_source() -> None:
    doc = extract_text(NEWS)
    assert doc.title == "县领导督导垃圾填埋场整改"
    assert (doc.province, doc.place) == (SICHUAN, "513326000000")  # 道孚县 tells Sichuan
    assert doc.place_span is not None and NEWS[doc.place_span.start : doc.place_span.end] == "道孚县"
    assert {leader.name: leader.posts for leader in doc.leaders} == {
        "王立新": ("县委书记",), "李火生": ("县住建局局长",)}


def test_a_name_two_provinces_share_is_read_in_the_province_the_text_tells() -> None:
    siping = extract_text(TIEDONG)
    assert (siping.province, siping.place) == (JILIN, "220303000000")
    assert _names(siping) == ["吉林省", "铁东区", "四平市"]
    anshan = extract_text(TIEDONG.replace("四平市", "鞍山市"))
    assert (anshan.province, anshan.place) == (LIAONING, "210302000000")
    # Nothing else in the text tells the province: no place and no province, never a guess.
    alone = extract_text(TIEDONG.replace("四平市铁东区河湖管理中心", "区河湖管理中心"))
    assert (alone.province, alone.place, alone.regions) == (None, None, ())


def test_the_issuing_city_settles_a_district_name_its_province_has_twice() -> None:
    plan = """{}贯彻落实中央生态环境保护督察反馈意见整改方案
一、部分区域大气污染治理不到位
整改目标:2020年底前完成铁西区、大东区散煤清零。
"""
    shenyang = extract_text(plan.format("沈阳市"))
    assert shenyang.place == "210100000000"
    assert shenyang.problems[0].regions == ("210106000000", "210104000000")  # 沈阳's 铁西区 and 大东区
    # A provincial plan: 铁西区 of 沈阳 or of 鞍山? Not read; 大东区 is one.
    liaoning = extract_text(plan.format("辽宁省"))
    assert liaoning.place == LIAONING
    assert liaoning.problems[0].regions == ("210104000000",)


def test_leagues_banners_and_their_short_names() -> None:
    doc = extract_text("""锡林郭勒盟贯彻落实中央环境保护督察反馈意见整改方案
一、草原过度放牧问题突出
整改目标:锡盟各旗县2020年底前完成草畜平衡核定,阿巴嘎旗、东乌旗率先完成。
""")
    assert doc.place == "152500000000"
    assert set(_names(doc)) >= {"锡林郭勒盟", "阿巴嘎旗", "东乌珠穆沁旗"}


def test_titles_under_site_chrome() -> None:
    # A traditional-character page: the byline first, the title in a flattened table's bars.
    table = extract_text("""發布時間:2024-03-02 來源:常德市生態環境局
關于常德市2023年生態環境問題整改銷號情況的公示 | ||||||
按照要求,現將整改情況公示如下:
""")
    assert table.title == "关于常德市2023年生态环境问题整改销号情况的公示"
    assert table.place == "430700000000"
    # A column's name run in front of the title, which the page repeats below its byline.
    column = extract_text("""网站首页 > 专题专栏
中央生态环保督察在河南 商丘市第三项整改任务整改结果公示
来源:市生态环境局 时间:2021年3月1日
商丘市第三项整改任务整改结果公示
一、整改任务
""")
    assert column.title == "商丘市第三项整改任务整改结果公示"
    assert column.place == "411400000000"


def test_a_text_with_no_title_and_no_task_is_named_after_its_file() -> None:
    doc = extract_text("2018年5月,省环境保护督察组对我市开展了督察,市委、市政府认真组织整改。\n"
                   "截至目前,已完成整改任务12项,其余3项正在推进。\n", "liaoyang_progress_2018.txt")
    assert doc.title == "liaoyang_progress_2018"
    assert (doc.place, doc.province) == (None, None)


def test_the_document_concerns_and_is_issued_for_its_place() -> None:
    quads = document_to_quads(extract_text(RUIJIN, "ruijin_plan.txt"))
    doc_iri = "https://w3id.org/dutygraph/id/doc/ruijin_plan"
    edges = {(q.predicate.value.rsplit("#", 1)[-1], q.object.value) for q in quads if q.subject.value == doc_iri}
    region = "https://w3id.org/dutygraph/id/region/360781000000"
    assert {("issuedFor", region), ("concerns", region)} <= edges


def test_region_problems_lists_the_problems_of_a_document_issued_for_a_place_inside(tmp_path: Path) -> None:
    plan = tmp_path / "ruijin_plan.txt"
    plan.write_text(RUIJIN, encoding="utf-8")
    with open_store(str(tmp_path / "db")) as store:
        ingest_files([plan], store)
        # Problem 1 names no region of its own (城区 is the town): it concerns 瑞金市 by its document.
        for region in ("瑞金市", "赣州市", "江西省"):
            rows = run_saved(store, "region-problems", {"region": region}).dicts()
            assert [(r["code"], r["place"]) for r in rows] == [("1", "瑞金市")], region
        assert run_saved(store, "region-problems", {"region": "上饶市"}).dicts() == []


# -- the corpus ------------------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir() and not os.environ.get("CI"), reason=f"no corpus at {CORPUS}")


@pytest.fixture(scope="module")
def corpus() -> dict[str, Document]:
    return {path.stem: extract_file(path) for path in sorted(CORPUS.glob("*.txt"))}


@needs_corpus
def test_corpus_provinces_from_a_county_alone(corpus: dict[str, Document]) -> None:
    daofu = corpus["sichuan_progress_2019_daofu_landfill_findings"]
    assert (daofu.province, daofu.place, daofu.title) == (SICHUAN, "513326000000", "督察城市生活垃圾填埋场")
    qichun = corpus["hubei_progress_2018_qichun_provincial_pinyin_noise"]
    assert qichun.province == "420000000000"
    assert {"蕲春县", "黄冈市"} <= set(_names(qichun))


@needs_corpus
def test_corpus_issuing_places(corpus: dict[str, Document]) -> None:
    places = {name: doc.place for name, doc in corpus.items() if doc.place}
    assert places["shenyang_huitoukan_plan_2020"] == "210100000000"  # 沈阳市
    assert places["jilin_checklist_2019_siping_tiedong_huitoukan10"] == "220303000000"  # 四平 铁东区
    assert places["qinghai_plan_2023_hainanzhou_provincial"] == "632500000000"  # 海南州
    assert places["shandong_progress_2025_qingdao_provincial_round3"] == "370200000000"  # 青岛市
    assert places["gansu_checklist_2025mirror_guazhou_task5_xiaohao"] == "620922000000"  # 瓜州县
    assert places["henan_plan_2019_taiqian_provincial_tasklist"] == "410927000000"  # 台前县
    assert places["hubei_progress_undated_yichang_acceptance_roles"] == "420500000000"  # 宜昌市
    assert places["hunan_checklist_2024_hengyang_lvdun_table_trad"] == "430400000000"  # 來源:衡陽市林業局
    for doc in corpus.values():
        if doc.place_span is not None:
            span = doc.place_span
            assert doc.text[span.start : span.end] == span.text


@needs_corpus
def test_corpus_regions_named_in_the_text(corpus: dict[str, Document]) -> None:
    assert {"濮阳市", "濮阳县"} <= set(_names(corpus["henan_checklist_2023_puyang_provincial_task43"]))
    assert {"衡阳县", "南岳区"} <= set(_names(corpus["hunan_checklist_2024_hengyang_lvdun_table_trad"]))
    assert {"平罗县", "石嘴山市"} <= set(_names(corpus["ningxia_progress_2019_pingluo_counts"]))
    assert "湖北省" not in _names(corpus["ningxia_progress_2019_pingluo_counts"])  # 沙湖北岸
    assert "汕尾市" not in _names(corpus["guangdong_progress_2023_yunan_landfill_deadlines"])  # 郁南县城区
    assert "龙江县" not in _names(corpus["heilongjiang_plan_2017_trad"])  # 生态龙江: the province


@needs_corpus
def test_corpus_titles(corpus: dict[str, Document]) -> None:
    titles = {name: doc.title for name, doc in corpus.items()}
    assert titles["henan_checklist_2023_puyang_provincial_task43"] == "省委生态环境保护督察整改任务(序号43)验收公示"
    assert titles["anhui_checklist_2023_suzhou_suma_selfcheck243"] == "突出生态环境问题整改验收销号公示"
    assert titles["hunan_checklist_2024_hengyang_lvdun_table_trad"] == (
        "关于2023年“绿盾”行动下发遥感监测问题线索销号的公示")
    assert titles["heilongjiang_plan_2017_trad"] == "黑龙江省贯彻落实中央环境保护督察反馈意见整改方案"
    assert titles["qinghai_plan_2023_hainanzhou_provincial"] == "海南州生态环境保护省级例行督察反馈问题整改方案"
    assert titles["xinbin_fushun_task14_result_2020"] == "省“回头看”《整改方案》第十四项整改任务整改结果公示"
    assert titles["hubei_progress_undated_yichang_acceptance_roles"] == (
        "宜昌市召开中央生态环保督察反馈问题整改销号专题工作会议")
    assert titles["ningxia_progress_2019_pingluo_counts"] == "宁夏党委第二生态环境保护督察组下沉督察"
    # A masked excerpt without a title line: its name, not the fragment of a sentence it starts with.
    masked = "heilongjiang_checklist_2025_reserve_points_masked_trad"
    assert titles[masked] == masked
