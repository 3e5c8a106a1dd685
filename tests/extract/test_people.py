"""Tests for leaders, leading groups and leader-led cases (graph.extract.people).

The sentences are invented for these tests in the style of the plans and
progress reports; every assertion is on what the extractor returns.
"""

from __future__ import annotations

import pytest

from graph.core.gazetteer import Gazetteer
from graph.extract.normalize import NormalText, normalize_text
from graph.extract.people import People, find_cases, find_groups, find_leaders, group_key
from graph.records import Role

HUNAN = "430000000000"

SETUP = (
    "成立湖南省环境保护督察整改工作领导小组,省长张三丰任组长,省委常委、常务副省长李四海,"
    "副省长王五、赵六任副组长,省直有关单位主要负责同志为成员。领导小组办公室设在省生态环境厅。"
)


def _people(text: str, gazetteer: Gazetteer, province: str | None = HUNAN) -> tuple[NormalText, People]:
    ntext = normalize_text(text)
    people = People(leaders=find_leaders(ntext, gazetteer, province))
    find_groups(ntext, people.leaders, people)
    find_cases(ntext, people.leaders, people)
    return ntext, people


def _roles(people: People) -> list[tuple[str, str, str]]:
    return [(m.role, m.agent, m.agent_kind) for m in people.memberships]


# -- leaders -----------------------------------------------------------------------


def test_leaders_named_after_their_posts(gazetteer: Gazetteer) -> None:
    _, people = _people(SETUP, gazetteer)
    assert {name: leader.posts for name, leader in people.leaders.items()} == {
        "张三丰": ("省长",),
        "李四海": ("省委常委", "常务副省长"),
        "王五": ("副省长",),
        "赵六": ("副省长",),
    }


def test_leader_spans_index_the_original_text(gazetteer: Gazetteer) -> None:
    # CRLF and a doubled space are removed by normalisation, so offsets differ from the original.
    original = "关于整改工作的通知\r\n\r\n会议指出,  省长张三丰强调要抓好整改,副省长欧阳志远带队督导。"
    _, people = _people(original, gazetteer)
    assert list(people.leaders) == ["张三丰", "欧阳志远"]
    for name, leader in people.leaders.items():
        assert leader.span is not None
        assert leader.span.text == name
        assert original[leader.span.start : leader.span.end] == name
        assert leader.span.line == 3


def test_posts_after_names_and_shared_posts(gazetteer: Gazetteer) -> None:
    text = "张三丰书记和李四海省长多次作出批示。省委常委、省委秘书长出席会议。副省长钱七、孙八分别带队督导。"
    _, people = _people(text, gazetteer)
    assert {name: leader.posts for name, leader in people.leaders.items()} == {
        "张三丰": ("书记",),
        "李四海": ("省长",),
        "钱七": ("副省长",),
        "孙八": ("副省长",),
    }


def test_two_or_three_characters_decided_by_the_following_word(gazetteer: Gazetteer) -> None:
    # 强调 follows the two-character name 刘强; 明确 follows the three-character 周明远.
    text = "省长刘强强调,要压实责任。省委书记周明远明确要求,立行立改。副省长陈立新主持会议。"
    _, people = _people(text, gazetteer)
    assert list(people.leaders) == ["刘强", "周明远", "陈立新"]


def test_compound_surname_with_a_two_character_given_name(gazetteer: Gazetteer) -> None:
    text = "副省长欧阳志远带队督导,副省长司马南主持召开调度会。"
    _, people = _people(text, gazetteer)
    assert {name: leader.posts for name, leader in people.leaders.items()} == {
        "欧阳志远": ("副省长",),
        "司马南": ("副省长",),
    }


def test_words_that_are_not_names_next_to_posts(gazetteer: Gazetteer) -> None:
    # 相关副省长, 分管副省长 and the city before 市长 are not leaders.
    text = "由张三丰省长任组长、相关副省长任副组长。分管副省长牵头督办。会上,岳阳市长、常德市长作表态发言。"
    _, people = _people(text, gazetteer)
    assert list(people.leaders) == ["张三丰"]


# -- leading groups -----------------------------------------------------------------


def test_group_with_heads_deputies_members_and_office(gazetteer: Gazetteer) -> None:
    _, people = _people(SETUP, gazetteer)
    assert [group.name for group in people.groups.values()] == ["湖南省环境保护督察整改工作领导小组"]
    (key,) = people.groups
    assert people.groups[key].span.text == "湖南省环境保护督察整改工作领导小组"
    assert _roles(people) == [
        ("head", "张三丰", "leader"),
        ("deputy_head", "李四海", "leader"),
        ("deputy_head", "王五", "leader"),
        ("deputy_head", "赵六", "leader"),
        ("member", "省直有关单位", "unit"),
        ("office", "省生态环境厅", "unit"),
    ]
    assert {m.group_key for m in people.memberships} == {key}
    assert people.member_units == ["省直有关单位", "省生态环境厅"]
    for membership in people.memberships:
        assert membership.span.text == membership.agent


def test_posts_without_names_are_deputy_heads(gazetteer: Gazetteer) -> None:
    text = (
        "成立督察问题线索问责工作领导小组,由副省长王五任组长,省纪委副书记、省委组织部副部长、"
        "省生态环境厅厅长为副组长,领导小组下设办公室,办公室设在省纪委监委,具体负责问责工作。"
    )
    _, people = _people(text, gazetteer)
    assert [group.name for group in people.groups.values()] == ["督察问题线索问责工作领导小组"]
    assert _roles(people) == [
        ("head", "王五", "leader"),
        ("deputy_head", "省纪委副书记", "post"),
        ("deputy_head", "省委组织部副部长", "post"),
        ("deputy_head", "省生态环境厅厅长", "post"),
        ("office", "省纪委监委", "unit"),
    ]


def test_group_named_after_its_heads(gazetteer: Gazetteer) -> None:
    text = "省委、省政府高度重视,成立了由张三丰省长任组长、相关副省长任副组长的环保督察整改工作领导小组,统筹推进整改。"
    _, people = _people(text, gazetteer)
    assert [group.name for group in people.groups.values()] == ["环保督察整改工作领导小组"]
    # 相关副省长 names nobody: no deputy is recorded.
    assert _roles(people) == [("head", "张三丰", "leader")]


def test_group_mentioned_twice_is_one_group(gazetteer: Gazetteer) -> None:
    text = (
        "成立了由张三丰省长任组长的环保督察整改工作领导小组。\n"
        "成立湖南省环境保护督察整改工作领导小组,省长张三丰任组长,副省长王五任副组长。"
    )
    _, people = _people(text, gazetteer)
    assert len(people.groups) == 1
    (group,) = people.groups.values()
    assert group.name == "湖南省环境保护督察整改工作领导小组"
    assert group.key == group_key("环保督察整改工作领导小组")
    assert [(m.role, m.agent, m.span.line) for m in people.memberships] == [
        ("head", "张三丰", 1),
        ("head", "张三丰", 2),
        ("deputy_head", "王五", 2),
    ]


def test_repeated_paragraph_gets_its_own_spans(gazetteer: Gazetteer) -> None:
    # Web copies repeat paragraphs; each repetition is evidence at its own place.
    paragraph = "成立湖南省环境保护督察整改工作领导小组,副省长王五任组长。"
    text = f"{paragraph}\n其他内容。\n{paragraph}"
    _, people = _people(text, gazetteer)
    assert [(m.agent, m.span.line, m.span.start) for m in people.memberships] == [
        ("王五", 1, paragraph.index("王五")),
        ("王五", 3, text.rindex("王五")),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "各市均成立以党政主要领导为组长的领导小组,并召开动员部署会。",
        "各市州相应成立了整改工作领导小组。",
        "各县市区均已成立整改工作领导小组。",
        "14个市州均成立了由党政主要负责同志任组长的整改工作领导小组。",
        "各地也成立了相应的领导小组。",
    ],
)
def test_generic_setup_creates_no_group(gazetteer: Gazetteer, sentence: str) -> None:
    _, people = _people(sentence, gazetteer)
    assert people.groups == {}
    assert people.memberships == []


def test_generic_setup_after_a_named_group_adds_nothing_to_it(gazetteer: Gazetteer) -> None:
    text = (
        "成立湖南省环境保护督察整改工作领导小组,省长张三丰任组长。"
        "各市均成立以党政主要领导为组长的领导小组,由市长任组长。领导小组办公室设在省生态环境厅。"
    )
    _, people = _people(text, gazetteer)
    assert [group.name for group in people.groups.values()] == ["湖南省环境保护督察整改工作领导小组"]
    assert _roles(people) == [("head", "张三丰", "leader"), ("office", "省生态环境厅", "unit")]


# -- cases leaders took on ------------------------------------------------------------


def test_leader_led_cases(gazetteer: Gazetteer) -> None:
    text = "李四海副省长领办整改了长沙市黑臭水体和湘江干流污染两项重点工作以及岳阳市化工园区问题。"
    _, people = _people(text, gazetteer)
    assert [(case.code, case.label, case.kind) for case in people.cases] == [
        ("case.1", "长沙市黑臭水体", "case"),
        ("case.2", "湘江干流污染", "case"),
        ("case.3", "岳阳市化工园区问题", "case"),
    ]
    assert [case.span.text for case in people.cases] == [case.label for case in people.cases]
    assert [(a.agent, a.agent_kind, a.task, a.task_kind, a.role) for a in people.case_assignments] == [
        ("李四海", "leader", "case.1", "problem", Role.LEAD),
        ("李四海", "leader", "case.2", "problem", Role.LEAD),
        ("李四海", "leader", "case.3", "problem", Role.LEAD),
    ]
    assert {a.evidence.text for a in people.case_assignments} == {text.rstrip("。")}


def test_cases_of_two_leaders_are_numbered_across_the_document(gazetteer: Gazetteer) -> None:
    text = (
        "张三丰书记领办整改了株洲市清水塘老工业区搬迁改造问题,"
        "李四海副省长领办了洞庭湖区矮围网围拆除和湘江保护两项重点工作。"
    )
    _, people = _people(text, gazetteer)
    assert [(a.agent, a.task) for a in people.case_assignments] == [
        ("张三丰", "case.1"),
        ("李四海", "case.2"),
        ("李四海", "case.3"),
    ]
    assert [case.label for case in people.cases] == [
        "株洲市清水塘老工业区搬迁改造问题",
        "洞庭湖区矮围网围拆除",
        "湘江保护",
    ]


def test_case_verb_without_a_known_leader_makes_no_case(gazetteer: Gazetteer) -> None:
    _, people = _people("各市领导领办整改了一批群众反映强烈的环境问题。", gazetteer)
    assert people.cases == []
    assert people.case_assignments == []


def test_a_name_longer_than_three_characters_ended_by_a_follower(gazetteer: Gazetteer) -> None:
    _, people = _people("省委书记巴音朝鲁领办了松花江流域水污染治理问题。", gazetteer)
    assert [(leader.name, leader.posts) for leader in people.leaders.values()] == [("巴音朝鲁", ("省委书记",))]
    assert [case.label for case in people.cases] == ["松花江流域水污染治理问题"]


def test_first_deputy_heads_members_counted_and_working_sub_groups(gazetteer: Gazetteer) -> None:
    text = ("成立了省环境保护督察整改工作领导小组,省委书记、省长任组长,省委秘书长、省政府分管副省长任常务副组长,"
            "21个省直有关单位主要负责同志为成员,领导小组下设综合协调组、督查督办组,领导小组办公室设在省环保厅。")
    _, people = _people(text, gazetteer)
    assert [(m.role, m.agent, m.agent_kind) for m in people.memberships] == [
        ("head", "省委书记", "post"),
        ("head", "省长", "post"),
        ("first_deputy_head", "省委秘书长", "post"),
        ("first_deputy_head", "省政府分管副省长", "post"),
        ("member", "省直有关单位", "unit"),
        ("office", "省环保厅", "unit"),
    ]
    main = group_key("省环境保护督察整改工作领导小组")
    assert [(g.name, g.parent) for g in people.groups.values()] == [
        ("省环境保护督察整改工作领导小组", None), ("综合协调组", main), ("督查督办组", main)]


def test_two_leaders_taking_on_cases_in_one_sentence(gazetteer: Gazetteer) -> None:
    """A领办X、B领办Y: the second leader (with the post before or after the name) is no case of the first."""
    text = ("省委书记骆惠宁、省长楼阳生高度重视整改工作。"
            "骆惠宁书记领办太原市黑臭水体整治问题、楼阳生省长领办汾河流域生态修复问题。")
    _, people = _people(text, gazetteer, "山西省")
    assert [(c.code, c.label) for c in people.cases] == [("case.1", "太原市黑臭水体整治问题"),
                                                        ("case.2", "汾河流域生态修复问题")]
    assert [(a.agent, a.task) for a in people.case_assignments] == [("骆惠宁", "case.1"), ("楼阳生", "case.2")]


# -- names end where the text says so ---------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "深入学习习近平总书记关于生态文明建设的重要论述。",  # 书记 + 关于生…: no 关于生
        "认真落实总书记关于湖北长江大保护的指示要求。",  # no 关于湖
        "认真落实总书记关于“两山”理论的要求。",  # no 关于
        "深入贯彻习近平总书记来陕考察重要讲话精神。",  # no 来陕考, no 来陕
        "县委书记高度重视召开专题会议。",  # no 高度, no 高度重视
        "县委书记、县长任双组长,相关副县长任副组长。",  # posts without names stay posts
        "市委书记全面部署整改工作,市长严格落实。",
        "对西安市长安区、鄠邑区已拆除的违建项目开展复核。",  # 市长 inside 西安市长安区: no 安区
        "湖南省长沙市、株洲市开展联合执法。",  # 省长 inside 湖南省长沙市: no 沙市
        "市委书记常抓不懈为民办实事。",  # no 常抓不懈
    ],
)
def test_no_fragment_becomes_a_leader(gazetteer: Gazetteer, sentence: str) -> None:
    # The one person these sentences name with a post is 习近平 (总书记): what stands after the post
    # (关于生, 来陕考) is no name.
    named = {"习近平": ("总书记",)} if "习近平" in sentence else {}
    for province in (None, HUNAN, "610000000000"):
        _, people = _people(sentence, gazetteer, province)
        assert {name: leader.posts for name, leader in people.leaders.items()} == named, province


@pytest.mark.parametrize(
    ("sentence", "leaders"),
    [
        ("认真贯彻落实刘奇书记批示精神,抓好整改。", {"刘奇": ("书记",)}),  # after a verb of citing
        ("深入学习习近平总书记重要讲话精神。", {"习近平": ("总书记",)}),
        ("按照王建国省长要求,限期整改。", {"王建国": ("省长",)}),
        ("严格督促落实书记要求。", {}),  # a verb of citing before a bare post: no name
        ("统筹推进市长交办事项。", {}),  # 推进 cites nobody: 推进市 is no name
    ],
)
def test_a_name_after_a_verb_of_citing(
    gazetteer: Gazetteer, sentence: str, leaders: dict[str, tuple[str, ...]]
) -> None:
    _, people = _people(sentence, gazetteer, None)
    assert {name: leader.posts for name, leader in people.leaders.items()} == leaders


def test_a_name_after_a_post_and_a_space(gazetteer: Gazetteer) -> None:
    text = "会上,市审计局局长 李火生通报了审计发现的问题,副市长 钱七、孙八分别表态。"
    _, people = _people(text, gazetteer)
    assert {name: leader.posts for name, leader in people.leaders.items()} == {
        "李火生": ("市审计局局长",),  # the head's title keeps the organisation before it
        "钱七": ("副市长",),
        "孙八": ("副市长",),
    }


def test_a_long_name_before_a_group_role(gazetteer: Gazetteer) -> None:
    text = "旗委、旗政府成立由旗委书记高志远任组长、旗长白音那日苏任副组长的整改工作领导小组。"
    _, people = _people(text, gazetteer, "150000000000")
    assert {name: leader.posts for name, leader in people.leaders.items()} == {
        "高志远": ("旗委书记",), "白音那日苏": ("旗长",)}


def test_a_name_ended_by_a_verb_of_the_genre(gazetteer: Gazetteer) -> None:
    text = "县委书记王立新调研垃圾填埋场,副县长周海深入一线督导。省委书记周明远多次召开会议。"
    _, people = _people(text, gazetteer)
    assert list(people.leaders) == ["王立新", "周海", "周明远"]


def test_heads_of_organisations_are_read_after_their_title_only(gazetteer: Gazetteer) -> None:
    # 宣传部部长会议: 宣传部 is no one; 生态环境部党组书记、部长 are two posts of one man.
    text = "召开宣传部部长会议。生态环境部党组书记、部长李干杰来鄂督导,县委书记王立新陪同。"
    _, people = _people(text, gazetteer)
    assert {name: leader.posts for name, leader in people.leaders.items()} == {
        "李干杰": ("生态环境部党组书记", "部长"),
        "王立新": ("县委书记",),
    }


def test_names_in_traditional_characters_with_pinyin_noise(gazetteer: Gazetteer) -> None:
    original = "成立縣委書(shū)記陳國華,縣長(zhǎng)劉德明任雙組長(zhǎng)的領(lǐng)導(dǎo)小組。"
    ntext = normalize_text(original, repair=True)
    leaders = find_leaders(ntext, gazetteer, HUNAN)
    assert {name: leader.posts for name, leader in leaders.items()} == {
        "陈国华": ("县委书记",), "刘德明": ("县长",)}
    # The evidence is the text as published.
    assert [original[leader.span.start : leader.span.end] for leader in leaders.values() if leader.span] == [
        "陳國華", "劉德明"]
