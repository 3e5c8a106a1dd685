"""The gazetteer (data/gazetteer/regions.csv) and region mentions in text."""

from __future__ import annotations

import csv

import pytest

from graph.extract.regions import Gazetteer, load_gazetteer
from graph.records import Region
from graph.resources import asset_path

JIANGXI = "360000000000"
SHANXI = "140000000000"
SHANGRAO = "361100000000"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


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


def test_load_is_cached(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz
    assert len(gaz) > 3000


# -- lookup ---------------------------------------------------------------


def test_region_yichun(gaz: Gazetteer) -> None:
    yichun = gaz.region("360900000000")
    assert yichun == Region("360900000000", "宜春市", "city", JIANGXI)
    assert gaz.region(JIANGXI).name == "江西省"
    assert gaz.region("360900") == yichun  # 6-digit form accepted
    assert gaz.short_name("360900000000") == "宜春"


def test_unknown_adcode(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError):
        gaz.region("999999000000")


def test_counties_of_shangrao(gaz: Gazetteer) -> None:
    yanshan = gaz.region("361124000000")
    wannian = gaz.region("361129000000")
    assert (yanshan.name, yanshan.level, yanshan.parent) == ("铅山县", "county", SHANGRAO)
    assert (wannian.name, wannian.level, wannian.parent) == ("万年县", "county", SHANGRAO)
    assert gaz.region(SHANGRAO).name == "上饶市"
    below = {r.adcode for r in gaz.descendants(SHANGRAO)}
    assert {"361124000000", "361129000000"} <= below
    assert all(r.level == "county" for r in gaz.descendants(SHANGRAO))


def test_ancestors(gaz: Gazetteer) -> None:
    assert [r.name for r in gaz.ancestors("361124000000")] == ["上饶市", "江西省"]
    assert gaz.ancestors(JIANGXI) == []
    assert gaz.province_of("361124000000") == JIANGXI
    assert gaz.province_of(JIANGXI) == JIANGXI


def test_descendants_of_province(gaz: Gazetteer) -> None:
    below = gaz.descendants(JIANGXI)
    assert sum(r.level == "city" for r in below) == 11  # 江西 has 11 设区市
    assert all(r.adcode.startswith("36") for r in below)
    assert gaz.region("360281000000") in below  # 乐平市, county-level city of 景德镇


def test_municipality_districts_hang_under_the_province(gaz: Gazetteer) -> None:
    chaoyang = gaz.by_name("朝阳区", province="110000000000")
    assert [r.adcode for r in chaoyang] == ["110105000000"]
    assert chaoyang[0].parent == "110000000000"
    # 省直辖县级行政单位: 仙桃市 sits directly under 湖北省
    assert gaz.region("429004000000").parent == "420000000000"


def test_by_name_full_and_short(gaz: Gazetteer) -> None:
    assert [r.adcode for r in gaz.by_name("江西")] == [JIANGXI]
    assert [r.adcode for r in gaz.by_name("江西省")] == [JIANGXI]
    assert [r.adcode for r in gaz.by_name("广西")] == ["450000000000"]
    assert [r.adcode for r in gaz.by_name("内蒙古")] == ["150000000000"]
    assert [r.adcode for r in gaz.by_name("铅山")] == ["361124000000"]
    # 南昌 is both 南昌市 and 南昌县: higher level first
    assert [r.level for r in gaz.by_name("南昌")] == ["city", "county"]
    # 鼓楼区 exists in several provinces
    assert len(gaz.by_name("鼓楼区")) >= 3
    assert [r.adcode for r in gaz.by_name("鼓楼区", province="350000000000")] == ["350102000000"]
    assert gaz.by_name("鼓楼区", province="江西") == []


def test_short_forms(gaz: Gazetteer) -> None:
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
        assert gaz.short_name(code) == short, code
    assert gaz.short_name("320321000000") is None  # 丰县: one character left
    assert gaz.alias("513400000000") == "凉山州"


# -- mentions -------------------------------------------------------------


def test_mentions_mixed_forms(gaz: Gazetteer) -> None:
    text = "宜春市、景德镇乐平市,上饶万年县和铅山县等地"
    assert spans(text, gaz.find_mentions(text, JIANGXI)) == [
        (0, 3, "宜春市", "360900000000"),
        (4, 7, "景德镇", "360200000000"),
        (7, 10, "乐平市", "360281000000"),
        (11, 13, "上饶", SHANGRAO),
        (13, 16, "万年县", "361129000000"),
        (17, 20, "铅山县", "361124000000"),
    ]
    assert gaz.region("360281000000").parent == "360200000000"


def test_city_short_forms(gaz: Gazetteer) -> None:
    text = "南昌、九江、新余"
    assert spans(text, gaz.find_mentions(text, JIANGXI)) == [
        (0, 2, "南昌", "360100000000"),
        (3, 5, "九江", "360400000000"),
        (6, 8, "新余", "360500000000"),
    ]


def test_county_short_form_needs_a_delimiter(gaz: Gazetteer) -> None:
    assert gaz.find_mentions("鄱阳湖水质", JIANGXI) == []
    text = "鄱阳、余干等县"
    assert spans(text, gaz.find_mentions(text, JIANGXI)) == [
        (0, 2, "鄱阳", "361128000000"),
        (3, 5, "余干", "361127000000"),
    ]
    text = "涉及铅山"
    assert spans(text, gaz.find_mentions(text, JIANGXI)) == [(2, 4, "铅山", "361124000000")]


def test_everyday_words_are_not_counties(gaz: Gazetteer) -> None:
    # 新建 is the short form of 南昌市新建区, but here it is a verb
    assert gaz.find_mentions("严格审批新建和改扩建项目", JIANGXI) == []
    text = "南昌市新建区"
    assert [r.adcode for _, _, r in gaz.find_mentions(text, JIANGXI)] == ["360100000000", "360112000000"]


def test_province_names_everywhere(gaz: Gazetteer) -> None:
    text = "江西省与湖南、广西壮族自治区交界"
    assert spans(text, gaz.find_mentions(text, JIANGXI)) == [
        (0, 3, "江西省", JIANGXI),
        (4, 6, "湖南", "430000000000"),
        (7, 14, "广西壮族自治区", "450000000000"),
    ]


def test_province_restricts_cities_and_counties(gaz: Gazetteer) -> None:
    text = "太原市和宜春市"
    assert [r.adcode for _, _, r in gaz.find_mentions(text, JIANGXI)] == ["360900000000"]
    assert [r.adcode for _, _, r in gaz.find_mentions(text, SHANXI)] == ["140100000000"]
    assert [r.adcode for _, _, r in gaz.find_mentions(text)] == ["140100000000", "360900000000"]
    # the province may be given by name
    assert gaz.find_mentions(text, "江西") == gaz.find_mentions(text, JIANGXI)


def test_ambiguous_names_go_to_the_higher_level(gaz: Gazetteer) -> None:
    # 上饶市 and 上饶县 (renamed 广信区 in 2019, kept here as in the source)
    text = "上饶、吉安"
    assert [r.level for _, _, r in gaz.find_mentions(text, JIANGXI)] == ["city", "city"]
    text = "上饶县"
    assert [r.adcode for _, _, r in gaz.find_mentions(text, JIANGXI)] == ["361121000000"]


def test_same_name_twice_in_a_province_is_not_guessed(gaz: Gazetteer) -> None:
    # 江苏 has two 鼓楼区 (南京, 徐州): the form is consumed, no region guessed
    assert gaz.find_mentions("鼓楼区", "320000000000") == []
    assert [r.adcode for _, _, r in gaz.find_mentions("南京市鼓楼区", "320000000000")] == ["320100000000"]


def test_autonomous_aliases(gaz: Gazetteer) -> None:
    text = "凉山州、阿坝州"
    assert spans(text, gaz.find_mentions(text, "510000000000")) == [
        (0, 3, "凉山州", "513400000000"),
        (4, 7, "阿坝州", "513200000000"),
    ]


# -- province detection ---------------------------------------------------


def test_detect_jiangxi(gaz: Gazetteer) -> None:
    text = (
        "中央第四环境保护督察组对江西开展了为期一个月的环境保护督察。"
        "江西省委、省政府高度重视,宜春市、上饶市要抓好整改落实。"
    )
    assert gaz.detect_province(text) == JIANGXI


def test_detect_shanxi(gaz: Gazetteer) -> None:
    assert gaz.detect_province("山西省委、省*府高度重视…太原市") == SHANXI


def test_detect_by_cities_alone(gaz: Gazetteer) -> None:
    assert gaz.detect_province("赣州市、吉安市和抚州市开展专项整治") == JIANGXI


def test_detect_nothing(gaz: Gazetteer) -> None:
    assert gaz.detect_province("各级党委政府高度重视环境保护工作") is None
    assert gaz.detect_province("") is None


def test_detect_only_reads_the_beginning(gaz: Gazetteer) -> None:
    text = "江西省" + "。" * 3000 + "山西省山西省山西省"
    assert gaz.detect_province(text) == JIANGXI


def test_from_rows() -> None:
    gaz = Gazetteer(
        [
            Region("360000000000", "江西省", "province"),
            Region("361100000000", "上饶市", "city", "360000000000"),
            Region("361129000000", "万年县", "county", "361100000000"),
        ],
        short={"360000000000": "江西", "361100000000": "上饶", "361129000000": "万年"},
    )
    text = "上饶万年、江西"
    assert spans(text, gaz.find_mentions(text, "360000000000")) == [
        (0, 2, "上饶", "361100000000"),
        (2, 4, "万年", "361129000000"),
        (5, 7, "江西", "360000000000"),
    ]
