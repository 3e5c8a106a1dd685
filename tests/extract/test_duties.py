"""Tests for the responsibility-clause reader (graph.extract.duties.read_clause).

The clauses are written for these tests in the style of the checklists' 责任单位
lines; every assertion is on the duties the reader returns.
"""

from __future__ import annotations

import pytest

from graph.core.gazetteer import Gazetteer
from graph.extract.duties import ClauseDuty, classify_annotation, read_clause, split_clause
from graph.extract.normalize import normalize_text
from graph.records import Role

JIANGXI = "360000000000"
HUNAN = "430000000000"
HEBEI = "130000000000"

LEAD, SUPPORT, RESPONSIBLE, JURISDICTION = Role.LEAD, Role.SUPPORT, Role.RESPONSIBLE, Role.JURISDICTION_LEAD


def _duties(clause: str, gazetteer: Gazetteer, province: str | None = JIANGXI) -> list[ClauseDuty]:
    reading = read_clause(clause, gazetteer, province)
    assert reading.notes == []
    return reading.duties


def _table(duties: list[ClauseDuty]) -> list[tuple[str, Role, tuple[int, ...]]]:
    return [(duty.unit, duty.role, duty.measures) for duty in duties]


def _evidence(clause: str, duties: list[ClauseDuty]) -> list[str]:
    return [clause[duty.start : duty.end] for duty in duties]


# -- per-measure leads, supporters and bare institutions ------------------------


def test_per_measure_leads_and_supporting_units(gazetteer: Gazetteer) -> None:
    clause = "省委宣传部(牵头负责第1、8条)、省委党校(牵头负责第2条)、省环保厅,各级党委、政府"
    duties = _duties(clause, gazetteer)
    assert _table(duties) == [
        ("省委宣传部", LEAD, (1, 8)),
        ("省委党校", LEAD, (2,)),
        ("省环保厅", SUPPORT, ()),
        ("各级党委", SUPPORT, ()),
        ("各级政府", SUPPORT, ()),
    ]
    assert _evidence(clause, duties) == [
        "省委宣传部(牵头负责第1、8条)",
        "省委党校(牵头负责第2条)",
        "省环保厅",
        "各级党委、政府",
        "各级党委、政府",
    ]
    assert [(d.collective, d.collective_level) for d in duties] == [
        (False, None), (False, None), (False, None), (True, "all"), (True, "all"),
    ]


def test_joint_lead_joined_by_he(gazetteer: Gazetteer) -> None:
    clause = "省委办公厅和省政府办公厅(牵头负责第3条)"
    duties = _duties(clause, gazetteer)
    assert _table(duties) == [("省委办公厅", LEAD, (3,)), ("省政府办公厅", LEAD, (3,))]
    assert _evidence(clause, duties) == [clause, clause]


def test_annotation_after_a_dunhao_list_binds_only_its_own_unit(gazetteer: Gazetteer) -> None:
    duties = _duties("省委办公厅、省政府办公厅(牵头负责第3条)", gazetteer)
    assert _table(duties) == [("省委办公厅", SUPPORT, ()), ("省政府办公厅", LEAD, (3,))]


# -- shared suffixes and prefixes -------------------------------------------------


def test_shared_suffix_with_jurisdictional_lead(gazetteer: Gazetteer) -> None:
    clause = "宜春、景德镇、上饶市政府(分别负责牵头辖区内整改工作)"
    duties = _duties(clause, gazetteer)
    assert _table(duties) == [
        ("宜春市政府", JURISDICTION, ()),
        ("景德镇市政府", JURISDICTION, ()),
        ("上饶市政府", JURISDICTION, ()),
    ]
    assert _evidence(clause, duties) == [clause] * 3
    assert not any(duty.collective for duty in duties)


def test_shared_suffix_joined_by_he_leads_a_measure(gazetteer: Gazetteer) -> None:
    duties = _duties("省林业厅(牵头负责第2条)、上饶和景德镇市政府(牵头负责第4条)", gazetteer)
    assert _table(duties) == [
        ("省林业厅", LEAD, (2,)),
        ("上饶市政府", LEAD, (4,)),
        ("景德镇市政府", LEAD, (4,)),
    ]


def test_shared_suffix_in_another_province(gazetteer: Gazetteer) -> None:
    clause = "省畜牧水产局(牵头负责第1条)、岳阳、常德、益阳市人民政府(分别负责牵头辖区内整改工作)"
    assert _table(_duties(clause, gazetteer, HUNAN)) == [
        ("省畜牧水产局", LEAD, (1,)),
        ("岳阳市人民政府", JURISDICTION, ()),
        ("常德市人民政府", JURISDICTION, ()),
        ("益阳市人民政府", JURISDICTION, ()),
    ]


def test_shared_suffix_after_full_city_names(gazetteer: Gazetteer) -> None:
    duties = _duties("石家庄市、保定市和廊坊市政府", gazetteer, HEBEI)
    assert _table(duties) == [
        ("石家庄市政府", RESPONSIBLE, ()),
        ("保定市政府", RESPONSIBLE, ()),
        ("廊坊市政府", RESPONSIBLE, ()),
    ]


def test_annotation_after_a_bare_institution_covers_the_unit_it_takes_the_prefix_from(
    gazetteer: Gazetteer,
) -> None:
    # 各市州党委、政府(…) is one phrase: both the committees and the governments lead.
    clause = "省生态环境厅,各市州党委、政府(分别负责牵头辖区内整改工作)"
    duties = _duties(clause, gazetteer, HUNAN)
    assert _table(duties) == [
        ("省生态环境厅", SUPPORT, ()),
        ("各市州党委", JURISDICTION, ()),
        ("各市州政府", JURISDICTION, ()),
    ]
    assert [(d.collective, d.collective_level) for d in duties] == [
        (False, None), (True, "city"), (True, "city"),
    ]


def test_suffix_then_prefix_in_one_phrase(gazetteer: Gazetteer) -> None:
    duties = _duties("宜春、上饶市党委、政府(牵头负责第2条)", gazetteer)
    assert _table(duties) == [
        ("宜春市党委", LEAD, (2,)),
        ("上饶市党委", LEAD, (2,)),
        ("上饶市政府", LEAD, (2,)),
    ]


def test_bare_institution_without_a_prefix_is_reported(gazetteer: Gazetteer) -> None:
    reading = read_clause("政府、省环保厅", gazetteer, JIANGXI)
    assert [duty.unit for duty in reading.duties] == ["政府", "省环保厅"]
    assert reading.notes == ["the unit '政府' has no prefix to take"]


# -- no lead invented, protected compounds ----------------------------------------


def test_units_without_marks_are_all_responsible(gazetteer: Gazetteer) -> None:
    clause = "省发改委、省委办公厅、省政府办公厅"
    duties = _duties(clause, gazetteer)
    assert _table(duties) == [
        ("省发改委", RESPONSIBLE, ()),
        ("省委办公厅", RESPONSIBLE, ()),
        ("省政府办公厅", RESPONSIBLE, ()),
    ]
    assert _evidence(clause, duties) == ["省发改委", "省委办公厅", "省政府办公厅"]
    assert not any(duty.role in (LEAD, JURISDICTION) for duty in duties)


def test_a_support_mark_alone_invents_no_lead(gazetteer: Gazetteer) -> None:
    duties = _duties("省水利厅(配合)、省农业厅", gazetteer)
    assert _table(duties) == [("省水利厅", SUPPORT, ()), ("省农业厅", RESPONSIBLE, ())]


def test_he_inside_official_names_does_not_split(gazetteer: Gazetteer) -> None:
    clause = "省住房和城乡建设厅、省人力资源和社会保障厅"
    duties = _duties(clause, gazetteer, HUNAN)
    assert _table(duties) == [("省住房和城乡建设厅", RESPONSIBLE, ()), ("省人力资源和社会保障厅", RESPONSIBLE, ())]
    assert [token.name for token in split_clause(clause)] == ["省住房和城乡建设厅", "省人力资源和社会保障厅"]


def test_protected_compound_then_a_splitting_he(gazetteer: Gazetteer) -> None:
    duties = _duties("省工业和信息化厅和省生态环境厅(牵头负责第2条)、省发展和改革委员会", gazetteer, HUNAN)
    assert _table(duties) == [
        ("省工业和信息化厅", LEAD, (2,)),
        ("省生态环境厅", LEAD, (2,)),
        ("省发展和改革委员会", SUPPORT, ()),
    ]


# -- measure references ----------------------------------------------------------


@pytest.mark.parametrize(
    ("annotation", "measures"),
    [
        ("牵头负责第1-3条", (1, 2, 3)),
        ("牵头负责第1—3条", (1, 2, 3)),
        ("牵头负责第2至4条", (2, 3, 4)),
        ("牵头负责第一、二条", (1, 2)),
        ("牵头负责第十一、十二条", (11, 12)),
        ("牵头负责第一至三条", (1, 2, 3)),
        ("牵头负责第1-3、5条", (1, 2, 3, 5)),
        ("牵头负责第2项", (2,)),
        ("牵头负责第1至第3条", (1, 2, 3)),
        ("牵头负责第1条至第3条", (1, 2, 3)),
        ("牵头负责第1、第8条", (1, 8)),
        ("牵头负责第1条和第8条", (1, 8)),
        ("牵头", ()),
    ],
)
def test_measure_references(gazetteer: Gazetteer, annotation: str, measures: tuple[int, ...]) -> None:
    duties = _duties(f"省自然资源厅({annotation})、省水利厅", gazetteer, HUNAN)
    assert _table(duties) == [("省自然资源厅", LEAD, measures), ("省水利厅", SUPPORT, ())]


def test_parentheses_that_state_no_role_stay_in_the_name() -> None:
    assert classify_annotation("市、区") is None
    assert classify_annotation("牵头负责第1、8条") == (LEAD, (1, 8))
    assert classify_annotation("协助") == (SUPPORT, ())
    assert classify_annotation("分别负责牵头辖区内整改工作") == (JURISDICTION, ())


# -- full-width input and collective units ---------------------------------------


def test_full_width_clause_after_normalisation(gazetteer: Gazetteer) -> None:
    original = "省环保厅（牵头负责第１、３条），省财政厅；各设区市政府。"
    clause = normalize_text(original).text
    assert clause == "省环保厅(牵头负责第1、3条),省财政厅;各设区市政府。"
    duties = _duties(clause, gazetteer)
    assert _table(duties) == [
        ("省环保厅", LEAD, (1, 3)),
        ("省财政厅", SUPPORT, ()),
        ("各设区市政府", SUPPORT, ()),
    ]
    # The trailing 。 is not part of the last unit's evidence.
    assert _evidence(clause, duties)[-1] == "各设区市政府"


def test_collective_units_and_their_levels(gazetteer: Gazetteer) -> None:
    clause = "省环保厅(牵头负责第3条)、各设区市政府(牵头负责第1条)、各县(市、区)政府、各级党委"
    duties = _duties(clause, gazetteer)
    assert [(d.unit, d.role, d.measures, d.collective, d.collective_level) for d in duties] == [
        ("省环保厅", LEAD, (3,), False, None),
        ("各设区市政府", LEAD, (1,), True, "city"),
        ("各县(市、区)政府", SUPPORT, (), True, "county"),
        ("各级党委", SUPPORT, (), True, "all"),
    ]


def test_collective_jurisdictional_lead(gazetteer: Gazetteer) -> None:
    duties = _duties("各县市区党委、政府(分别负责牵头辖区内整改工作)", gazetteer, HUNAN)
    assert [(d.unit, d.role, d.collective_level) for d in duties] == [
        ("各县市区党委", JURISDICTION, "county"),
        ("各县市区政府", JURISDICTION, "county"),
    ]
