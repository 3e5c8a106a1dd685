"""Names are matched forgivingly (short forms, aliases, traditional characters, renames), never guessed."""

from __future__ import annotations

import pytest

from graph.model.renames import load_renames, renamed_pairs
from graph.names import AmbiguousName, UnknownName, find, normalise, resolve_one, same_organisation, task_code
from graph.store import GraphStore

ENV = "https://w3id.org/dutygraph/id/unit/360000000000/%E7%9C%81%E7%8E%AF%E4%BF%9D%E5%8E%85"  # 省环保厅


def test_normalise_converts_traditional_characters_and_full_width_forms() -> None:
    assert normalise("省環保廳") == "省环保厅"
    assert normalise(" 六（三） ") == "六(三)"


def test_task_codes() -> None:
    assert [task_code(t) for t in ("3", "三", "六(二)", "六（三）", "6.3.4", "case.2", "(七)", "稀土")] == [
        "3", "3", "6.2", "6.3", "6.3.4", "case.2", "7", None]


def test_the_rename_table_is_data() -> None:
    pairs = {(r.old, r.new) for r in load_renames()}
    assert {("省环保厅", "省生态环境厅"), ("省国土厅", "省自然资源厅"), ("省监察厅", "省监委")} <= pairs
    assert renamed_pairs("南昌市环保局") == [("南昌市环保局", "南昌市生态环境局")]
    assert renamed_pairs("江西省生态环境厅") == [("江西省环保厅", "江西省生态环境厅"),
                                                  ("江西省环境保护厅", "江西省生态环境厅")]
    assert renamed_pairs("省发改委") == []


@pytest.mark.parametrize("name", ["省环保厅", "省環保廳", "江西省环境保护厅", "江西省环保厅", "环保厅", ENV])
def test_a_unit_by_many_names(seed_store: GraphStore, name: str) -> None:
    assert resolve_one(seed_store, name, ("unit",)).iri == ENV


def test_a_renamed_unit_is_one_organisation(seed_store: GraphStore) -> None:
    new = resolve_one(seed_store, "省生态环境厅", ("unit",))
    assert new.label == "省生态环境厅" and new.iri != ENV
    assert same_organisation(seed_store, new.iri) == [new.iri, ENV]
    land = resolve_one(seed_store, "省自然资源厅", ("unit",))
    assert "%E7%9C%81%E5%9B%BD%E5%9C%9F%E5%8E%85" in same_organisation(seed_store, land.iri)[1]  # 省国土厅
    supervision = resolve_one(seed_store, "省监委", ("unit",))
    assert len(same_organisation(seed_store, supervision.iri)) == 2  # 省监察厅


def test_an_ambiguous_name_lists_the_candidates(seed_store: GraphStore) -> None:
    with pytest.raises(AmbiguousName) as caught:
        resolve_one(seed_store, "市政府", ("unit",))
    labels = {c.label for c in caught.value.candidates}
    assert {"上饶市政府", "景德镇市政府", "各设区市政府"} <= labels
    assert "上饶市政府 (unit — 江西省)" in str(caught.value)
    with pytest.raises(UnknownName):
        resolve_one(seed_store, "省教育厅", ("unit",))


def test_regions_leaders_and_tasks(seed_store: GraphStore) -> None:
    assert resolve_one(seed_store, "上饶", ("region",)).label == "上饶市"  # not 上饶县: the higher level
    assert resolve_one(seed_store, "鉛山縣", ("region",)).label == "铅山县"
    assert resolve_one(seed_store, "刘奇", ("leader",)).label == "刘奇"
    assert resolve_one(seed_store, "骆惠宁书记", ("leader",)).label == "骆惠宁"
    with pytest.raises(AmbiguousName):
        resolve_one(seed_store, "省长", ("leader",))  # 刘奇 and 楼阳生
    assert resolve_one(seed_store, "六(三)", ("task",)).label.startswith("6.3 ")
    assert sorted(c.label.split()[0] for c in find(seed_store, "稀土开采", ("task",))) == ["6", "6.2"]
