"""The one name resolver (graph.resolve): names are matched forgivingly (short forms, aliases, traditional
characters, renames, codes in Chinese numerals), never guessed."""

from __future__ import annotations

import pytest

from graph.analyze.network import build_network
from graph.errors import AmbiguousName, UnknownName
from graph.model.renames import load_renames, renamed_pairs
from graph.resolve import (
    ALL_KINDS,
    TASK_KINDS,
    Kind,
    _named,
    _regions_named,
    candidates,
    find,
    normalise,
    resolve_one,
    same_organisation,
    task_code,
)
from graph.sparql.reads import network_rows
from graph.store import GraphStore

ID = "https://w3id.org/dutygraph/id/"
ENV = ID + "unit/360000000000/%E7%9C%81%E7%8E%AF%E4%BF%9D%E5%8E%85"  # 省环保厅
JIANGXI = ID + "doc/000_89c821903e6b9e73"


def test_normalise_converts_traditional_characters_and_full_width_forms() -> None:
    assert normalise("省環保廳") == "省环保厅"
    assert normalise(" 六（三） ") == "六(三)"


def test_task_codes() -> None:
    assert [task_code(t) for t in ("3", "三", "六(二)", "六（三）", "6.3.4", "case.2", "(七)", "稀土")] == [
        "3", "3", "6.2", "6.3", "6.3.4", "case.2", "7", None]


def test_task_codes_as_plans_write_them() -> None:
    assert [task_code(r) for r in ("三", "(三)", "三、", "第三", "十二", " 6.3 ", "3.", "6.2.3")] == [
        "3", "3", "3", "3", "12", "6.3", "3", "6.2.3",
    ]
    assert task_code("省环保厅") is None and task_code("") is None


def test_the_rename_table_is_data() -> None:
    pairs = {(r.old, r.new) for r in load_renames()}
    assert {("省环保厅", "省生态环境厅"), ("省国土厅", "省自然资源厅"), ("省监察厅", "省监委")} <= pairs
    assert renamed_pairs("南昌市环保局") == [("南昌市环保局", "南昌市生态环境局")]
    assert renamed_pairs("江西省生态环境厅") == [("江西省环保厅", "江西省生态环境厅"),
                                                  ("江西省环境保护厅", "江西省生态环境厅")]
    assert renamed_pairs("省发改委") == []


@pytest.mark.parametrize("name", ["省环保厅", "省環保廳", "江西省环境保护厅", "江西省环保厅", "环保厅", ENV])
def test_a_unit_by_many_names(seed_store: GraphStore, name: str) -> None:
    assert resolve_one(seed_store, name, (Kind.UNIT,)).iri == ENV


def test_a_renamed_unit_is_one_organisation(seed_store: GraphStore) -> None:
    new = resolve_one(seed_store, "省生态环境厅", (Kind.UNIT,))
    assert new.label == "省生态环境厅" and new.iri != ENV
    assert same_organisation(seed_store, new.iri) == [new.iri, ENV]
    land = resolve_one(seed_store, "省自然资源厅", (Kind.UNIT,))
    assert "%E7%9C%81%E5%9B%BD%E5%9C%9F%E5%8E%85" in same_organisation(seed_store, land.iri)[1]  # 省国土厅
    supervision = resolve_one(seed_store, "省监委", (Kind.UNIT,))
    assert len(same_organisation(seed_store, supervision.iri)) == 2  # 省监察厅


def test_an_ambiguous_name_lists_the_candidates(seed_store: GraphStore) -> None:
    with pytest.raises(AmbiguousName) as caught:
        resolve_one(seed_store, "市政府", (Kind.UNIT,))
    labels = {c.label for c in caught.value.candidates}
    assert {"上饶市政府", "景德镇市政府", "各设区市政府"} <= labels
    assert "上饶市政府 (unit — 江西省)" in str(caught.value)
    with pytest.raises(UnknownName):
        resolve_one(seed_store, "省教育厅", (Kind.UNIT,))


def test_regions_leaders_and_tasks(seed_store: GraphStore) -> None:
    assert resolve_one(seed_store, "上饶", (Kind.REGION,)).label == "上饶市"  # not 上饶县: the higher level
    assert resolve_one(seed_store, "鉛山縣", (Kind.REGION,)).label == "铅山县"
    assert resolve_one(seed_store, "刘奇", (Kind.LEADER,)).label == "刘奇"
    assert resolve_one(seed_store, "骆惠宁书记", (Kind.LEADER,)).label == "骆惠宁"
    with pytest.raises(AmbiguousName):
        resolve_one(seed_store, "省长", (Kind.LEADER,))  # 刘奇 and 楼阳生
    assert resolve_one(seed_store, "六(三)", TASK_KINDS).label.startswith("6.3 ")
    assert sorted(c.label.split()[0] for c in find(seed_store, "稀土开采", TASK_KINDS)) == ["6", "6.2"]


def test_names_among_the_nodes_of_a_view(seed_store: GraphStore) -> None:
    # What view --focus does: the resolver, kept to the nodes of one document's network.
    G = build_network(*network_rows(seed_store, [JIANGXI]))

    def labels(name: str) -> list[str]:
        return [c.label for c in find(seed_store, name, within=G)]

    # A code in Chinese numerals finds the problem, not a text that contains 三.
    assert [c.iri for c in find(seed_store, "三", within=G)] == [
        c.iri for c in find(seed_store, "3", TASK_KINDS, documents=[JIANGXI])]
    assert labels("三")[0].startswith("3 ") and labels("(二)")[0].startswith("2 ")
    assert labels("省工信委") == ["省工信委"]
    assert [c.iri for c in find(seed_store, "江西省环保厅", within=G)] == [ENV]  # any of its names
    assert labels(" 3.3 ")[0].startswith("3.3 ")
    assert set(labels("办公厅")) == {"省委办公厅", "省政府办公厅"}
    assert labels("环保厅")[0] == "省环保厅"  # the shortest name first: a leader 省环保厅厅长 comes after
    assert find(seed_store, "不存在的单位", within=G) == [] and find(seed_store, "", within=G) == []


def test_an_exact_name_finds_what_the_lists_find(seed_store: GraphStore) -> None:
    # find() answers an exact name without listing the regions, units and groups (it looks them up by
    # that name): it must return what the lists of every kind give at that level, each candidate whole
    # (labels, region detail and level), for units, leaders, groups and regions (those of the seeds'
    # provinces, and one in ten of the others).
    listed = [c for kind in (Kind.UNIT, Kind.LEADER, Kind.REGION, Kind.GROUP) for c in candidates(seed_store, kind)]
    seeds = {n for c in listed for n in c.names
             if c.kind != Kind.REGION or c.iri.rsplit("/", 1)[-1].startswith(("36", "14"))}
    names = sorted(seeds) + sorted({n for c in listed for n in c.names} - seeds)[::10]
    assert len(names) > 300
    for name in names:
        query = normalise(name)
        if task_code(name) is not None:
            continue  # a name that is also a code (三) finds tasks too
        expected = sorted({c.iri: c for c in listed if query in c.names}.values(),
                          key=lambda c: (len(c.label), c.label, c.iri))
        assert find(seed_store, name, ALL_KINDS) == expected, name
        # The regions of that name, looked up: those the list holds (otherwise find would fall back to
        # the lists, and the comparison above would not tell).
        regions = sorted((c for c in listed if c.kind == Kind.REGION and query in c.names), key=lambda c: c.iri)
        assert sorted(_regions_named(seed_store, query), key=lambda c: c.iri) == regions, name
        # Units and groups are looked up by that name too: each whole, as its list gives it.
        for kind in (Kind.UNIT, Kind.GROUP):
            named = sorted((c for c in listed if c.kind == kind and query in c.names), key=lambda c: c.iri)
            assert sorted(_named(seed_store, kind, query), key=lambda c: c.iri) == named, (name, kind)
