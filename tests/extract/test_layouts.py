"""Responsibility edges of layouts met on real pages the extractor was not first written against.

Every document here is written for these tests in the shape of a family of published pages (a
plan's closing clause naming how the units share the work, a supervision visit told with 会同, a
meeting's topics each followed by the unit that answers for it); none copies a published sentence.
Each test asserts the exact set of edges.
"""

from __future__ import annotations

from tests.support.documents import duty_edges, extract_text


def test_closing_clause_with_the_way_units_share_the_work() -> None:
    # (A牵头,B参与,C按职责分工负责): C answers for its part; the manner is no part of its name.
    # A collective of unnamed units (各相关单位) names no one, in a clause or in a field.
    doc = extract_text(
        "岳阳市贯彻落实省生态环境保护督察反馈意见整改方案\n"
        "一、加强饮用水水源保护\n"
        "1.开展县级以上水源地环境问题排查,2021年底前完成清理整治。"
        "(市生态环境局牵头,市水利局参与,各县市区人民政府按职责分工负责)\n"
        "2.完善水源地标志和隔离设施。(市水利局牵头,各相关单位配合)\n"
        "3.整治水源保护区内的入河排污口。\n"
        "牵头单位:市生态环境局\n"
        "责任单位:各县市区人民政府,各相关单位\n"
    )
    assert duty_edges(doc) == {
        ("市生态环境局", "lead", "1.1"),
        ("市水利局", "support", "1.1"),
        ("各县市区人民政府", "responsible", "1.1"),
        ("市水利局", "lead", "1.2"),
        ("市生态环境局", "lead", "1.3"),
        ("各县市区人民政府", "support", "1.3"),
    }


def test_supervision_visit_names_the_visited_units_as_no_supporters() -> None:
    # A会同B深入C、D…: A leads, B supports; C and D are where they went, not who helped.
    doc = extract_text(
        "平江县督查生态环境保护督察反馈问题整改工作\n"
        "9月3日,县纪委会同县生态环境保护督察整改办公室深入县住建局、县水利局、县城投公司,"
        "采取听取汇报、查阅资料等方式,就督察反馈问题整改情况进行督查。\n"
        "10月8日,县河长办会同县农业农村局赴各乡镇,对畜禽养殖污染问题整改情况进行暗访。\n"
    )
    assert duty_edges(doc) == {
        ("县纪委", "lead", "document"),
        ("县生态环境保护督察整改办公室", "support", "document"),
        ("县河长办", "lead", "document"),
        ("县农业农村局", "support", "document"),
    }


def test_meeting_topics_each_followed_by_the_unit_that_answers_for_it() -> None:
    # 关于X。A牵头负责,…: the clause is the unit and its duty alone, an assignment; 县住建局负责编制…
    # tells an activity and stays no duty.
    doc = extract_text(
        "平昌县突出生态环境问题整改推进会议纪要\n"
        "会议通报了省生态环境保护督察反馈问题整改进展。\n"
        "关于河道采砂整治。县水利局牵头负责,今年6月底前完成全部砂石场整治。\n"
        "关于畜禽养殖污染问题。县农业农村局负责,9月底前完成粪污处理设施配套。\n"
        "县住建局负责编制城区污水管网改造方案。\n"
    )
    assert duty_edges(doc) == {
        ("县水利局", "lead", "document"),
        ("县农业农村局", "responsible", "document"),
    }


def test_a_list_sharing_its_collective_prefix_and_its_ending() -> None:
    # 各县、区人民政府 = 各县人民政府 and 各区人民政府; (管委会) offers the zones' committees beside them and
    # is no part of the name; 各县(市、区)人民政府 is one collective, its 、 inside the parenthesis.
    doc = extract_text(
        "韶关市打赢碧水保卫战实施方案\n"
        "一、强化工业污染治理\n"
        "1.完成工业园区污水集中处理设施建设。"
        "(市生态环境局牵头,市工业和信息化局参与,各县、区人民政府(管委会)负责落实)\n"
        "2.清理整治河道两岸违法建筑。(市水务局牵头,各县(市、区)人民政府配合)\n"
        "3.排查入河排污口。\n"
        "责任单位:各市、县人民政府\n"
    )
    assert duty_edges(doc) == {
        ("市生态环境局", "lead", "1.1"),
        ("市工业和信息化局", "support", "1.1"),
        ("各县人民政府", "responsible", "1.1"),
        ("各区人民政府", "responsible", "1.1"),
        ("市水务局", "lead", "1.2"),
        ("各县(市、区)人民政府", "support", "1.2"),
        ("各市人民政府", "responsible", "1.3"),
        ("各县人民政府", "responsible", "1.3"),
    }


def test_a_news_page_without_the_genre_words_keeps_its_lead_and_supporters() -> None:
    # No 整改 or 督察 anywhere: the page is kept for its X要牵头会同Y clause.  A nickname in quotes is
    # part of the name (县“两办”督查室 = 县两办督查室); a bare department after it takes its level (县效能办).
    doc = extract_text(
        "霞浦县召开杨家溪流域水质提升工作推进会\n"
        "会议要求,各乡镇要严格落实属地责任;县河长办、水利局要牵头会同县“两办”督查室、效能办和有关部门"
        "建立督查机制,定期通报进展情况。\n"
    )
    assert duty_edges(doc) == {
        ("县河长办", "lead", "document"),
        ("县水利局", "lead", "document"),
        ("县两办督查室", "support", "document"),
        ("县效能办", "support", "document"),
    }


def test_a_list_closed_by_its_kind_names_departments_by_their_stems() -> None:
    # 等部门、单位 says the items are units: 区住建、环保 after 区城管执法 are the district's, the town
    # is its government; the date before 会同 is no agent, the subject of the clause before leads.
    doc = extract_text(
        "岚山区农业农村局开展河道沿线养殖场排查\n"
        "岚山区农业农村局按照职能分工,于2019年5月8日会同区综合执法、住建、环保和碑廓镇等部门、单位"
        "对巨峰河沿线养殖场进行全面排查。\n"
        "区环保工作人员现场取样。\n"
    )
    assert duty_edges(doc) == {
        ("岚山区农业农村局", "lead", "document"),
        ("区综合执法", "support", "document"),
        ("区住建", "support", "document"),
        ("区环保", "support", "document"),
        ("碑廓镇", "support", "document"),
    }


def test_the_part_a_unit_plays_named_as_a_role() -> None:
    # 三是X发挥牵头作用 leads (the count of the point is no part of the name); Y搞好配合 supports; a
    # collective's heads (各成员单位主要负责同志) name no one.
    doc = extract_text(
        "饶阳县部署大气污染防治督察问题整改工作\n"
        "一是各成员单位主要负责同志要亲自抓落实。二是县自然资源局搞好配合,提供用地资料。"
        "三是县生态环境局发挥牵头作用,对督察交办的问题逐一整改到位。\n"
    )
    assert duty_edges(doc) == {
        ("县生态环境局", "lead", "document"),
        ("县自然资源局", "support", "document"),
    }


def test_a_section_heading_after_a_row_of_fields_is_no_measure() -> None:
    # 二、整改情况 holds one row of fields with its measures on one line; 三、下步打算 is the next section
    # of the report, not a third measure numbered again (no 1.3').
    doc = extract_text(
        "林州市姚村镇关于秸秆禁烧专项督查问题整改情况的报告\n"
        "一、提高认识\n"
        "镇党委多次召开会议研究整改工作。\n"
        "二、整改情况\n"
        "问题描述:部分村庄秸秆焚烧现象时有发生。\n"
        "责任单位:姚村镇人民政府\n"
        "整改措施:1、落实网格巡查;2、配齐灭火器材;3、开展入户宣传。\n"
        "三、下步打算\n"
        "(一)加强督导检查,防止问题反弹。\n"
        "2021年X月XX日\n"
    )
    assert [(p.code, [m.code for m in p.measures]) for p in doc.problems] == [("1", ["1.1", "1.2", "1.3"])]
    assert duty_edges(doc) == {("姚村镇人民政府", "responsible", "1")}


def test_a_table_whose_narrow_columns_wrapped_their_header_cells() -> None:
    # 协助 单位 and 完成 期限 are column names cut by a narrow column; 责任单位 或牵头单位 names the lead.
    doc = extract_text(
        "南平市园林绿化问题整改清单\n"
        "序号 | 问 题 | 整改 措施 | 责任单位 或牵头单位 | 协助 单位 | 完成 期限 |\n"
        "1 | 城区公园绿地不足 | 新建街头游园五处 | 市住建局 | 市自然资源局 | 2021年底前 |\n"
        "2 | 道路绿化带缺株断档 | 补植行道树 | 市城管局 | 延平区人民政府 | 2021年9月底前 |\n"
    )
    assert duty_edges(doc) == {
        ("市住建局", "lead", "1"),
        ("市自然资源局", "support", "1"),
        ("市城管局", "lead", "2"),
        ("延平区人民政府", "support", "2"),
    }


def test_government_department_after_a_party_committee_department_shares_the_level_not_the_committee() -> None:
    # 市委宣传部、组织部、财政局: 组织部 is the committee's (市委组织部), 财政局 the government's (市财政局);
    # the committee's own 政法委 keeps 市委.
    doc = extract_text(
        "某市贯彻落实中央生态环境保护督察反馈意见整改方案\n"
        "一、生态环境保护责任落实不到位\n"
        "1.将生态环境保护纳入干部培训内容,2022年底前完成。\n"
        "牵头单位:市委组织部\n"
        "责任单位:市委宣传部、财政局、政法委\n"
    )
    assert duty_edges(doc) == {
        ("市委组织部", "lead", "1.1"),
        ("市委宣传部", "support", "1.1"),
        ("市财政局", "support", "1.1"),
        ("市委政法委", "support", "1.1"),
    }


def test_a_named_assigner_gives_the_work_to_the_units_after_its_word() -> None:
    # 区政府责成A和B…, 区政府明确由A、B负责…: A and B answer for the case, the assigner holds no duty; a
    # bare street (街道) is a unit there. 已明确由C负责管理 names no assigner: a state of things, no edge.
    doc = extract_text(
        "红桥区突出环境问题边督边改公开信息\n"
        "群众反映西于庄附近一处废品站夜间焚烧垃圾,经查反映问题属实。区政府立即责成区城市管理委和"
        "西于庄街道到现场核查处理,现已清理完毕。\n"
        "群众反映丁字沽一号路餐馆油烟扰民。区政府明确由区市场监管局、丁字沽街道负责核查处理,"
        "已督促商户安装油烟净化设施。\n"
        "河道两侧绿地已明确由区园林中心负责管理。\n"
    )
    assert duty_edges(doc) == {
        ("区城市管理委", "responsible", "document"),
        ("西于庄街道", "responsible", "document"),
        ("区市场监管局", "responsible", "document"),
        ("丁字沽街道", "responsible", "document"),
    }


def test_units_told_to_take_the_work_on_as_theirs() -> None:
    # X和Y要切实承担起责任: the modal and the manner words are no part of their names.
    doc = extract_text(
        "朝阳区区长带队检查生态环境问题整改工作\n"
        "区长要求相关部门对检查中发现的问题立即整改。对于黑臭水体治理工作,区水利局和区城管局要切实"
        "承担起责任,年底前完成销号。区环保、住建等部门负责同志参加检查。\n"
    )
    assert duty_edges(doc) == {
        ("区水利局", "responsible", "document"),
        ("区城管局", "responsible", "document"),
    }


def test_an_exposure_notice_names_the_unit_in_charge_in_a_bracketed_field() -> None:
    # 【主管单位】A: A answers for the problem exposed; 【所属区域】 is a place, not a duty.
    doc = extract_text(
        "我局对突出生态环境问题进行公开曝光,希望被曝光单位自觉扛起主体责任,确保整改到位。\n"
        "【5月8日 问题一】\n"
        "【点位名称】银湖北路渣土运输道路\n"
        "【所属区域】镜湖区\n"
        "【主管单位】市交通运输局\n"
        "【存在问题】\n"
        "渣土车未密闭运输,沿线道路抛洒严重。\n"
        "【整改要求】\n"
        "加强渣土运输车辆管控,及时清扫冲洗抛洒路段。\n"
        "【整改期限】立行立改\n"
    )
    assert duty_edges(doc) == {("市交通运输局", "responsible", "1")}
