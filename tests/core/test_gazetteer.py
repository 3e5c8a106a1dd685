"""The gazetteer (data/gazetteer/regions.csv) and region mentions in text."""

from __future__ import annotations

import csv

import pytest

from graph.core.gazetteer import Gazetteer, load_gazetteer
from graph.records import Region
from graph.resources import asset_path

JIANGXI = "360000000000"
SHANXI = "140000000000"
SHANGRAO = "361100000000"


def spans(text: str, mentions: list[tuple[int, int, Region]]) -> list[tuple[int, int, str, str]]:
    """(start, end, surface text, region adcode), checking the offsets on the way."""
    return [(start, end, text[start:end], region.adcode) for start, end, region in mentions]


# -- the CSV --------------------------------------------------------------


def test_csv_shape() -> None:
    with asset_path("data", "gazetteer", "regions.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["adcode", "name", "short", "level", "parent", "longitude", "latitude"]
        rows = list(reader)
    codes = {row["adcode"] for row in rows}
    assert len(codes) == len(rows)
    levels = {row["level"] for row in rows}
    assert levels == {"province", "city", "county"}
    assert sum(row["level"] == "province" for row in rows) == 34
    for row in rows:
        assert len(row["adcode"]) == 12 and row["adcode"].isdigit()
        assert row["name"] not in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
        assert (row["parent"] == "") == (row["level"] == "province")
        assert row["parent"] == "" or row["parent"] in codes
        assert row["short"] != row["name"]
        assert row["short"] == "" or len(row["short"]) >= 2


def test_load_is_cached(gazetteer: Gazetteer) -> None:
    assert load_gazetteer() is gazetteer
    assert len(gazetteer) > 3000


# -- lookup ---------------------------------------------------------------


def test_region_yichun(gazetteer: Gazetteer) -> None:
    yichun = gazetteer.region("360900000000")
    assert yichun == Region("360900000000", "宜春市", "city", JIANGXI)
    assert gazetteer.region(JIANGXI).name == "江西省"
    assert gazetteer.region("360900") == yichun  # 6-digit form accepted
    assert gazetteer.short_name("360900000000") == "宜春"


def test_unknown_adcode(gazetteer: Gazetteer) -> None:
    with pytest.raises(KeyError):
        gazetteer.region("999999000000")


def test_counties_of_shangrao(gazetteer: Gazetteer) -> None:
    yanshan = gazetteer.region("361124000000")
    wannian = gazetteer.region("361129000000")
    assert (yanshan.name, yanshan.level, yanshan.parent) == ("铅山县", "county", SHANGRAO)
    assert (wannian.name, wannian.level, wannian.parent) == ("万年县", "county", SHANGRAO)
    assert gazetteer.region(SHANGRAO).name == "上饶市"
    below = {r.adcode for r in gazetteer.descendants(SHANGRAO)}
    assert {"361124000000", "361129000000"} <= below
    assert all(r.level == "county" for r in gazetteer.descendants(SHANGRAO))


def test_ancestors(gazetteer: Gazetteer) -> None:
    assert [r.name for r in gazetteer.ancestors("361124000000")] == ["上饶市", "江西省"]
    assert gazetteer.ancestors(JIANGXI) == []
    assert gazetteer.province_of("361124000000") == JIANGXI
    assert gazetteer.province_of(JIANGXI) == JIANGXI


def test_descendants_of_province(gazetteer: Gazetteer) -> None:
    below = gazetteer.descendants(JIANGXI)
    assert sum(r.level == "city" for r in below) == 11  # 江西 has 11 设区市
    assert all(r.adcode.startswith("36") for r in below)
    assert gazetteer.region("360281000000") in below  # 乐平市, county-level city of 景德镇


def test_municipality_districts_hang_under_the_province(gazetteer: Gazetteer) -> None:
    chaoyang = gazetteer.by_name("朝阳区", province="110000000000")
    assert [r.adcode for r in chaoyang] == ["110105000000"]
    assert chaoyang[0].parent == "110000000000"
    # 省直辖县级行政单位: 仙桃市 sits directly under 湖北省
    assert gazetteer.region("429004000000").parent == "420000000000"


def test_by_name_full_and_short(gazetteer: Gazetteer) -> None:
    assert [r.adcode for r in gazetteer.by_name("江西")] == [JIANGXI]
    assert [r.adcode for r in gazetteer.by_name("江西省")] == [JIANGXI]
    assert [r.adcode for r in gazetteer.by_name("广西")] == ["450000000000"]
    assert [r.adcode for r in gazetteer.by_name("内蒙古")] == ["150000000000"]
    assert [r.adcode for r in gazetteer.by_name("铅山")] == ["361124000000"]
    # 南昌 is both 南昌市 and 南昌县: higher level first
    assert [r.level for r in gazetteer.by_name("南昌")] == ["city", "county"]
    # 鼓楼区 exists in several provinces
    assert len(gazetteer.by_name("鼓楼区")) >= 3
    assert [r.adcode for r in gazetteer.by_name("鼓楼区", province="350000000000")] == ["350102000000"]
    assert gazetteer.by_name("鼓楼区", province="江西") == []


def test_short_forms(gazetteer: Gazetteer) -> None:
    expected = {
        "360000000000": "江西",
        "450000000000": "广西",
        "150000000000": "内蒙古",
        "640000000000": "宁夏",
        "650000000000": "新疆",
        "810000000000": "香港",
        "513400000000": "凉山",  # 凉山彝族自治州
        "232700000000": "大兴安岭",  # 大兴安岭地区
        "152500000000": "锡林郭勒",  # 锡林郭勒盟
        "361124000000": "铅山",
    }
    for code, short in expected.items():
        assert gazetteer.short_name(code) == short, code
    assert gazetteer.short_name("320321000000") is None  # 丰县: one character left
    assert gazetteer.alias("513400000000") == "凉山州"


# -- mentions -------------------------------------------------------------


def test_mentions_mixed_forms(gazetteer: Gazetteer) -> None:
    text = "宜春市、景德镇乐平市,上饶万年县和铅山县等地"
    assert spans(text, gazetteer.find_mentions(text, JIANGXI)) == [
        (0, 3, "宜春市", "360900000000"),
        (4, 7, "景德镇", "360200000000"),
        (7, 10, "乐平市", "360281000000"),
        (11, 13, "上饶", SHANGRAO),
        (13, 16, "万年县", "361129000000"),
        (17, 20, "铅山县", "361124000000"),
    ]
    assert gazetteer.region("360281000000").parent == "360200000000"


def test_city_short_forms(gazetteer: Gazetteer) -> None:
    text = "南昌、九江、新余"
    assert spans(text, gazetteer.find_mentions(text, JIANGXI)) == [
        (0, 2, "南昌", "360100000000"),
        (3, 5, "九江", "360400000000"),
        (6, 8, "新余", "360500000000"),
    ]


def test_county_short_form_needs_a_delimiter(gazetteer: Gazetteer) -> None:
    assert gazetteer.find_mentions("鄱阳湖水质", JIANGXI) == []
    text = "鄱阳、余干等县"
    assert spans(text, gazetteer.find_mentions(text, JIANGXI)) == [
        (0, 2, "鄱阳", "361128000000"),
        (3, 5, "余干", "361127000000"),
    ]
    text = "涉及铅山"
    assert spans(text, gazetteer.find_mentions(text, JIANGXI)) == [(2, 4, "铅山", "361124000000")]


def test_everyday_words_are_not_counties(gazetteer: Gazetteer) -> None:
    # 新建 is the short form of 南昌市新建区, but here it is a verb
    assert gazetteer.find_mentions("严格审批新建和改扩建项目", JIANGXI) == []
    text = "南昌市新建区"
    assert [r.adcode for _, _, r in gazetteer.find_mentions(text, JIANGXI)] == ["360100000000", "360112000000"]


def test_province_names_everywhere(gazetteer: Gazetteer) -> None:
    text = "江西省与湖南、广西壮族自治区交界"
    assert spans(text, gazetteer.find_mentions(text, JIANGXI)) == [
        (0, 3, "江西省", JIANGXI),
        (4, 6, "湖南", "430000000000"),
        (7, 14, "广西壮族自治区", "450000000000"),
    ]


def test_province_restricts_cities_and_counties(gazetteer: Gazetteer) -> None:
    text = "太原市和宜春市"
    assert [r.adcode for _, _, r in gazetteer.find_mentions(text, JIANGXI)] == ["360900000000"]
    assert [r.adcode for _, _, r in gazetteer.find_mentions(text, SHANXI)] == ["140100000000"]
    assert [r.adcode for _, _, r in gazetteer.find_mentions(text)] == ["140100000000", "360900000000"]
    # the province may be given by name
    assert gazetteer.find_mentions(text, "江西") == gazetteer.find_mentions(text, JIANGXI)


def test_ambiguous_names_go_to_the_higher_level(gazetteer: Gazetteer) -> None:
    # 上饶市 and 上饶县 (renamed 广信区 in 2019, kept here as in the source)
    text = "上饶、吉安"
    assert [r.level for _, _, r in gazetteer.find_mentions(text, JIANGXI)] == ["city", "city"]
    text = "上饶县"
    assert [r.adcode for _, _, r in gazetteer.find_mentions(text, JIANGXI)] == ["361121000000"]


def test_same_name_twice_in_a_province_is_not_guessed(gazetteer: Gazetteer) -> None:
    # 江苏 has two 鼓楼区 (南京, 徐州): alone the form is consumed, no region guessed
    assert gazetteer.find_mentions("鼓楼区", "320000000000") == []
    assert gazetteer.find_mentions("鼓楼区、玄武区", "320000000000")[0][2].name == "玄武区"


def test_a_shared_name_is_settled_by_the_city_written_before_it(gazetteer: Gazetteer) -> None:
    assert [r.adcode for _, _, r in gazetteer.find_mentions("南京市鼓楼区", "320000000000")] == [
        "320100000000", "320106000000"]
    assert [r.adcode for _, _, r in gazetteer.find_mentions("徐州鼓楼区", "320000000000")] == [
        "320300000000", "320302000000"]
    # Without a province 铁东区 is in Jilin (四平) and in Liaoning (鞍山): 四平市 before it settles it.
    assert gazetteer.find_mentions("铁东区", None) == []
    assert [r.adcode for _, _, r in gazetteer.find_mentions("四平市铁东区")] == ["220300000000", "220303000000"]
    # A city named elsewhere in the sentence is no context: only adjacency or the caller's context.
    assert [r.name for _, _, r in gazetteer.find_mentions("四平市、铁东区")] == ["四平市"]


def test_a_shared_name_is_settled_by_the_document_context(gazetteer: Gazetteer) -> None:
    # 辽宁 has two 铁西区 (沈阳, 鞍山; a third is in 吉林 四平): a Shenyang document's context settles it.
    assert gazetteer.find_mentions("铁西区", "210000000000") == []
    assert [r.adcode for _, _, r in gazetteer.find_mentions("铁西区", "210000000000", ["210100000000"])] == [
        "210106000000"]
    # Context never reaches across provinces: 铁东区 with a Liaoning city as context is 鞍山's.
    assert [r.adcode for _, _, r in gazetteer.find_mentions("铁东区", None, ["210300000000"])] == ["210302000000"]
    assert gazetteer.find_mentions("铁东区", None, ["210000000000", "220000000000"]) == []


def test_another_provinces_short_name_ranks_below_this_provinces_cities(gazetteer: Gazetteer) -> None:
    qinghai = "630000000000"
    assert [r.name for _, _, r in gazetteer.find_mentions("海南州人民政府 海南要闻", qinghai)] == [
        "海南藏族自治州", "海南藏族自治州"]
    assert [r.name for _, _, r in gazetteer.find_mentions("海南、云南", "530000000000")] == ["海南省", "云南省"]
    # Above a county still: in Tianjin 河北 is the province (京津冀), 河北区 is written in full.
    assert [r.name for _, _, r in gazetteer.find_mentions("河北、河北区", "120000000000")] == ["河北省", "河北区"]


def test_two_character_county_names_count_only_standing_apart(gazetteer: Gazetteer) -> None:
    hebei, anhui = "130000000000", "340000000000"
    assert gazetteer.find_mentions("张某担任县委书记", hebei) == []  # no 任县
    assert gazetteer.find_mentions("各市、区和县党委", anhui) == []  # no 和县
    assert [r.name for _, _, r in gazetteer.find_mentions("含山县、和县", anhui)] == ["含山县", "和县"]
    assert [r.name for _, _, r in gazetteer.find_mentions("马鞍山市和县", anhui)] == ["马鞍山市", "和县"]
    # Right after a region it does not lie in, it is part of another word: 郁南县城区 is no 城区 of 汕尾.
    assert [r.name for _, _, r in gazetteer.find_mentions("郁南县城区", "440000000000")] == ["郁南县"]
    assert [r.name for _, _, r in gazetteer.find_mentions("在易县开展排查;保定市易县", hebei)] == [
        "易县", "保定市", "易县"]


def test_districts_named_like_everyday_words(gazetteer: Gazetteer) -> None:
    henan, guangdong = "410000000000", "440000000000"
    assert gazetteer.find_mentions("2018年6月底前完成老城区雨污分流改造", henan) == []
    assert gazetteer.find_mentions("在城区开展排查", guangdong) == []
    assert gazetteer.find_mentions("加快中原区域生态保护", henan) == []
    assert [r.name for _, _, r in gazetteer.find_mentions("洛阳市老城区、郑州市中原区", henan)] == [
        "洛阳市", "老城区", "郑州市", "中原区"]
    assert gazetteer.detect_province("完成老城区雨污分流改造") is None


def test_features_named_after_regions_are_not_the_regions(gazetteer: Gazetteer) -> None:
    assert gazetteer.find_mentions("沙湖北岸污水处理厂", "640000000000") == []  # no 湖北
    assert gazetteer.find_mentions("太行山吕梁山生态系统", "140000000000") == []  # the range, no 吕梁市
    assert gazetteer.find_mentions("巢湖和淮河流域", "340000000000") == []  # the lake, no 巢湖市
    assert [r.name for _, _, r in gazetteer.find_mentions("湖北、吕梁", None)] == ["湖北省", "吕梁市"]


def test_banners_leagues_and_autonomous_counties_by_their_short_names(gazetteer: Gazetteer) -> None:
    text = "锡盟、科左中旗、达茂旗和阿巴嘎旗;和布克赛尔县、石柱县"
    assert [r.name for _, _, r in gazetteer.find_mentions(text)] == [
        "锡林郭勒盟", "科尔沁左翼中旗", "达尔罕茂明安联合旗", "阿巴嘎旗", "和布克赛尔蒙古自治县", "石柱土家族自治县"]
    assert [r.adcode for r in gazetteer.by_name("科左中旗")] == ["150521000000"]


def test_autonomous_aliases(gazetteer: Gazetteer) -> None:
    text = "凉山州、阿坝州"
    assert spans(text, gazetteer.find_mentions(text, "510000000000")) == [
        (0, 3, "凉山州", "513400000000"),
        (4, 7, "阿坝州", "513200000000"),
    ]


# -- province detection ---------------------------------------------------


def test_detect_jiangxi(gazetteer: Gazetteer) -> None:
    text = (
        "中央第四环境保护督察组对江西开展了为期一个月的环境保护督察。"
        "江西省委、省政府高度重视,宜春市、上饶市要抓好整改落实。"
    )
    assert gazetteer.detect_province(text) == JIANGXI


def test_detect_shanxi(gazetteer: Gazetteer) -> None:
    assert gazetteer.detect_province("山西省委、省*府高度重视…太原市") == SHANXI


def test_detect_by_cities_alone(gazetteer: Gazetteer) -> None:
    assert gazetteer.detect_province("赣州市、吉安市和抚州市开展专项整治") == JIANGXI


def test_detect_by_a_county_alone(gazetteer: Gazetteer) -> None:
    assert gazetteer.detect_province("来源:道孚县人民政府") == "510000000000"
    assert gazetteer.detect_province("截至9月18日,省级环保督察交办蕲春县信访件30件") == "420000000000"
    assert gazetteer.detect_province("瑞金市开展专项整治") == JIANGXI  # a county-level city
    # A name two provinces share tells nothing; a short county name is no evidence either.
    assert gazetteer.detect_province("铁东区开展专项整治") is None
    assert gazetteer.detect_province("道孚开展专项整治") is None
    assert gazetteer.detect_province("张某担任县委书记") is None


def test_detect_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.detect_province("各级党委政府高度重视环境保护工作") is None
    assert gazetteer.detect_province("") is None


def test_detect_only_reads_the_beginning(gazetteer: Gazetteer) -> None:
    text = "江西省" + "。" * 3000 + "山西省山西省山西省"
    assert gazetteer.detect_province(text) == JIANGXI


def test_from_rows() -> None:
    gazetteer = Gazetteer(
        [
            Region("360000000000", "江西省", "province"),
            Region("361100000000", "上饶市", "city", "360000000000"),
            Region("361129000000", "万年县", "county", "361100000000"),
        ],
        short={"360000000000": "江西", "361100000000": "上饶", "361129000000": "万年"},
    )
    text = "上饶万年、江西"
    assert spans(text, gazetteer.find_mentions(text, "360000000000")) == [
        (0, 2, "上饶", "361100000000"),
        (2, 4, "万年", "361129000000"),
        (5, 7, "江西", "360000000000"),
    ]
