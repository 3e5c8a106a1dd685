"""A realistic national corpus of rectification plans, generated as real :class:`graph.records.Document` objects.

The shape follows the seeds (``data/samples/``), scaled to a full provincial checklist: per document
about 60 problems (a few of them sub-problems), 5 numbered measures each, one leading unit per measure
and 3 supporting units per problem from a pool of about 200 units of the document's province, regions
concerned from ``data/gazetteer/regions.csv``, leaders with posts, a leading group with its head,
deputies and office, and every fact's provenance span in the document's own text
(``document.text[span.start:span.end] == span.text``).  Because these are real records,
:func:`graph.model.mapping.document_to_quads` gives exactly the triples a real ingest writes.

Generation is deterministic: document ``i`` of a given ``seed`` is the same whatever ``n_docs`` is.

>>> docs = list(generate_documents(2, seed=7))
>>> [d.doc_id for d in docs]
['gen7_000000', 'gen7_000001']
>>> all(d.text[s.start:s.end] == s.text for d in docs for s in _spans(d))
True
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from graph.core.gazetteer import load_gazetteer
from graph.core.numerals import int_to_chinese
from graph.records import (
    Assignment,
    Deadline,
    DeadlineKind,
    Document,
    GroupMembership,
    Leader,
    LeadingGroup,
    Measure,
    Problem,
    ProgressCount,
    ProgressStatus,
    Region,
    Role,
    Span,
    Unit,
)

PROBLEMS_PER_DOCUMENT = 60
SUB_PROBLEM_EVERY = 12  # every 12th problem is split, like 六 into 6.1-6.3 in the Jiangxi seed
MEASURES_PER_PROBLEM = 5
SUPPORTS_PER_PROBLEM = 3
UNITS_PER_PROVINCE = 200

_PROVINCE_BODIES = (
    "发改委 工信委 环保厅 住建厅 公安厅 财政厅 国土资源厅 水利厅 农业厅 林业厅 交通运输厅 商务厅 卫计委 教育厅 "
    "科技厅 审计厅 监察厅 安监局 质监局 食药监局 旅发委 统计局 能源局 法制办 河长办 考评办 委宣传部 委组织部 "
    "委办公厅 政府办公厅 委党校 气象局 地矿局 海事局"
).split()
_CITY_BODIES = "政府 环保局 住建局 水务局 农业局 林业局 国土资源局 城管局 公安局 发改委".split()
_GIVEN = "建国 志强 卫东 红军 国庆 立新 晓明 海峰 文华 永胜 德明 光辉 春生 玉林 宏伟 振华 金山 雪松 明亮 子健".split()
_POSTS = ("省委书记", "省长", "常务副省长", "副省长", "省委常委", "省委秘书长")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
_SECTORS = ("火电", "钢铁", "水泥", "化工", "造纸", "印染", "制革", "稀土", "有色金属", "畜禽养殖", "砂石开采",
            "危险废物")
_MEDIA = ("可吸入颗粒物(PM10)", "细颗粒物(PM2.5)", "化学需氧量", "氨氮", "总磷", "二氧化硫", "氮氧化物")
_VERBS = ("加快推进", "全面开展", "严格落实", "深入实施", "持续推进", "组织开展", "建立健全", "切实加强")
_OBJECTS = (
    "重点行业脱硫脱硝除尘设施改造升级", "燃煤小锅炉淘汰工作", "挥发性有机物综合整治", "施工工地扬尘环境监管",
    "城镇污水处理设施及配套管网建设", "黑臭水体整治", "饮用水水源地环境问题排查整治", "自然保护区违法违规项目清理",
    "工业园区污水集中处理设施建设", "畜禽养殖禁养区划定和关闭搬迁", "矿山地质环境恢复治理", "环境执法监管和督察问责",
)
_DEADLINES: tuple[tuple[str, tuple[DeadlineKind, ...]], ...] = (
    ("立行立改、长期坚持", (DeadlineKind.IMMEDIATE, DeadlineKind.LONG_TERM)),
    ("持续改善", (DeadlineKind.CONTINUOUS,)),
    ("长期坚持", (DeadlineKind.LONG_TERM,)),
    ("立行立改", (DeadlineKind.IMMEDIATE,)),
)


@dataclass(frozen=True)
class _Province:
    region: Region
    short: str
    places: tuple[Region, ...]  # cities and counties
    units: tuple[tuple[str, tuple[str, ...]], ...]  # (name, jurisdiction adcodes)


class _Text:
    """The document's text as it is written, handing out spans with their line numbers."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.line = 1

    def write(self, text: str) -> Span:
        span = Span(self.length, self.length + len(text), text, self.line)
        self.parts.append(text)
        self.length += len(text)
        self.line += text.count("\n")
        return span

    def text(self) -> str:
        return "".join(self.parts)


@cache
def _provinces() -> tuple[_Province, ...]:
    gazetteer = load_gazetteer()
    provinces = []
    for region in gazetteer.regions("province"):
        places = tuple(r for r in gazetteer.descendants(region.adcode) if r.level in ("city", "county"))
        if not places:
            continue
        provinces.append(_Province(region, region.name[:2], places, _unit_pool(region, places)))
    return tuple(provinces)


def _unit_pool(province: Region, places: tuple[Region, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    units: list[tuple[str, tuple[str, ...]]] = [("省" + body, (province.adcode,)) for body in _PROVINCE_BODIES]
    cities = [p for p in places if p.level == "city"] or list(places)
    for body in _CITY_BODIES:
        for city in cities:
            if len(units) >= UNITS_PER_PROVINCE:
                break
            units.append((city.name + body, (city.adcode,)))
    counties = [p for p in places if p.level == "county"]
    for county in counties:
        if len(units) >= UNITS_PER_PROVINCE:
            break
        units.append((county.name + "政府", (county.adcode,)))
    return tuple(units)


def _leader_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)[: rng.choice((1, 2))]


def _measure_text(rng: random.Random, place: Region, due_year: int) -> tuple[str, tuple[int, int, int] | None]:
    sector = rng.choice(_SECTORS)
    text = f"{rng.choice(_VERBS)}{place.name}{sector}行业{rng.choice(_OBJECTS)}"
    dated = None
    if rng.random() < 0.6:
        month = rng.randint(1, 12)
        text += f",到{due_year}年{month}月底"
        dated = (len(text) - len(f"{due_year}年{month}月底"), due_year, month)
    text += f",{rng.choice(_MEDIA)}排放浓度稳定达标,确保整改任务落到实处、取得实效。"
    return text, dated


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def generate_document(index: int, seed: int = 0) -> Document:
    """Document ``index`` of the corpus of ``seed``: a provincial rectification plan with its checklist."""
    rng = random.Random(f"dutygraph-corpus:{seed}:{index}")
    province = rng.choice(_provinces())
    gazetteer = load_gazetteer()
    year = rng.choice((2016, 2017, 2018, 2019))
    out = _Text()
    title = f"{province.region.name}贯彻落实中央环境保护督察反馈意见整改方案(第{index % 4 + 1}轮)"
    out.write(title + "\n\n")

    leaders: list[Leader] = []
    memberships: list[GroupMembership] = []
    group_name = f"{province.region.name}环境保护督察问题整改工作领导小组"
    group_key = hashlib.sha1(f"{index}:{group_name}".encode()).hexdigest()[:12]
    out.write("为切实抓好中央环境保护督察反馈意见整改落实,省委、省政府成立")
    group_span = out.write(group_name)
    out.write(",")
    names = list(dict.fromkeys(_leader_name(rng) for _ in range(8)))[:6]
    for position, name in enumerate(names):
        post = _POSTS[min(position, len(_POSTS) - 1)]
        out.write(post)
        span = out.write(name)
        out.write("任组长," if position == 0 else ("任副组长," if position < 4 else "为成员,"))
        leaders.append(Leader(name, (post,), span))
        role = "head" if position == 0 else ("deputy_head" if position < 4 else "member")
        memberships.append(GroupMembership(group_key, role, name, "leader", span))
    office_unit = "省环保厅"
    out.write("领导小组办公室设在")
    memberships.append(GroupMembership(group_key, "office", office_unit, "unit", out.write(office_unit)))
    out.write("。\n\n附:" + province.region.name + "贯彻落实中央环境保护督察反馈意见问题整改清单\n\n")

    problems: list[Problem] = []
    assignments: list[Assignment] = []
    named_units: dict[str, tuple[str, ...]] = {office_unit: (province.region.adcode,)}
    pool = province.units
    top = 0
    code_of_parent: str | None = None
    for number in range(1, PROBLEMS_PER_DOCUMENT + 1):
        if number % SUB_PROBLEM_EVERY == 0 and code_of_parent is not None:
            code = f"{code_of_parent}.{number % SUB_PROBLEM_EVERY + 1}"
            heading = f"({int_to_chinese(number % SUB_PROBLEM_EVERY + 1)})"
            parent: str | None = code_of_parent
        else:
            top += 1
            code, heading, parent = str(top), f"{int_to_chinese(top)}、", None
            code_of_parent = code
        places = rng.sample(province.places, k=min(len(province.places), rng.randint(1, 3)))
        out.write(heading)
        label = (f"{'、'.join(p.name for p in places)}{rng.choice(_SECTORS)}行业环境问题突出,"
                 f"{rng.choice(_MEDIA)}浓度同比上升,{rng.choice(_OBJECTS)}进展滞后。")
        label_span = out.write(label)
        out.write("\n\n整改目标:")
        target = f"到{year + 1}年底,{places[0].name}{rng.choice(_MEDIA)}浓度达到国家和省政府年度考核目标。"
        target_span = out.write(target)
        out.write("\n\n整改时限:")
        if rng.random() < 0.5:
            month = rng.randint(1, 12)
            deadline_span = out.write(f"{year}年{month}月底")
            deadline = Deadline(deadline_span.text, deadline_span, (DeadlineKind.DATED,), _month_end(year, month))
        else:
            text, kinds = rng.choice(_DEADLINES)
            deadline_span = out.write(text)
            deadline = Deadline(text, deadline_span, kinds)
        out.write("\n\n整改措施:\n\n")
        measures: list[Measure] = []
        for m in range(1, MEASURES_PER_PROBLEM + 1):
            line_start = out.length
            out.write(f"{m}、")
            text, dated = _measure_text(rng, rng.choice(places), year + rng.randint(0, 2))
            text_span = out.write(text)
            phases: tuple[Deadline, ...] = ()
            if dated is not None:
                offset, due_year, month = dated
                phrase = f"{due_year}年{month}月底"
                start = text_span.start + offset
                phases = (Deadline(phrase, Span(start, start + len(phrase), phrase, text_span.line),
                                   (DeadlineKind.DATED,), _month_end(due_year, month)),)
            span = Span(line_start, text_span.end, out.parts[-2] + text, text_span.line)
            measures.append(Measure(f"{code}.{m}", m, text, span, phases))
            out.write("\n\n")
        picks = rng.sample(pool, k=MEASURES_PER_PROBLEM + SUPPORTS_PER_PROBLEM)
        leads, supports = picks[:MEASURES_PER_PROBLEM], picks[MEASURES_PER_PROBLEM:]
        clause = "责任单位:" + "、".join(f"{name}(牵头负责第{m}条)" for m, (name, _) in enumerate(leads, 1))
        clause += "," + "、".join(name for name, _ in supports) + "。"
        clause_span = out.write(clause)
        out.write("\n\n")
        for m, (name, regions) in enumerate(leads, 1):
            named_units[name] = regions
            assignments.append(Assignment(name, "unit", f"{code}.{m}", "measure", Role.LEAD, clause_span))
        for name, regions in supports:
            named_units[name] = regions
            assignments.append(Assignment(name, "unit", code, "problem", Role.SUPPORT, clause_span))
        problems.append(Problem(code, label, label_span, parent, target, target_span, deadline, tuple(measures),
                            tuple(p.adcode for p in places)))

    text = out.text()
    units = tuple(Unit(name, False, regions) for name, regions in named_units.items())
    regions: dict[str, Region] = {province.region.adcode: province.region}
    for problem in problems:
        for adcode in problem.regions:
            regions.setdefault(adcode, gazetteer.region(adcode))
            for ancestor in gazetteer.ancestors(adcode):
                regions.setdefault(ancestor.adcode, ancestor)
    doc_id = f"gen{seed}_{index:06d}"
    return Document(
        doc_id=doc_id,
        source=f"{doc_id}.txt",
        title=title,
        kind="plan",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding="utf_8",
        province=province.region.adcode,
        problems=tuple(problems),
        units=units,
        leaders=tuple(leaders),
        groups=(LeadingGroup(group_key, group_name, group_span),),
        memberships=tuple(memberships),
        assignments=tuple(assignments),
        regions=tuple(regions.values()),
    )


def generate_documents(n_docs: int, seed: int = 0) -> Iterator[Document]:
    """``n_docs`` generated plans (see the module docstring), one at a time."""
    for index in range(n_docs):
        yield generate_document(index, seed)


def _spans(document: Document) -> Iterator[Span]:
    """Every span of a document, for checking that each quotes the text it points into."""
    for problem in document.problems:
        yield problem.span
        if problem.target_span:
            yield problem.target_span
        if problem.deadline:
            yield problem.deadline.span
        for measure in problem.measures:
            yield measure.span
            yield from (d.span for d in measure.deadlines)
    yield from (a.evidence for a in document.assignments)
    yield from (leader.span for leader in document.leaders if leader.span)
    yield from (m.span for m in document.memberships)
    yield from (g.span for g in document.groups)


# --- a corpus with real repetition ---------------------------------------------------------
#
# The generator above draws each document's units from a pool of 200 per province, so no unit or
# leader is named in more than a few documents. A province's real corpus is the opposite: hundreds of
# documents over the years (the plan, its checklist, progress reports, one notice per task, its cities'
# plans) and nearly all of them name the same provincial departments and the same governor. This one
# generates one province's documents that way:
#
# * a core of 40 provincial departments, drawn for each document with a Zipf-like share (the k-th
#   department in about 1/k of the draws), so the first few are named in nearly every document;
# * the province's leaders (secretary, governor, executive vice-governor, vice-governors, secretary
#   general), the same names in every document: the governor is named in about nine documents of ten
#   (heading the leading group, or taking on a case), the others less the further down the list;
# * a city's documents name that city's units and leaders (its 市政府, 市环保局 … and its 市长);
# * every kind of document: plans (60 problems of 5 measures), checklists (30 of 4), progress reports
#   (20 problems with their status, an overall count, leaders' cases) and one-task notices (1 problem,
#   3 measures, its status), in shares that make about 2,700 quads per document on average.

REPETITIVE_PROVINCE = "360000000000"  # 江西省: the province of the plan in data/samples/
_CORE_BODIES = (*_PROVINCE_BODIES, "生态环境厅", "自然资源厅", "应急管理厅", "市场监管局", "文化和旅游厅", "政府")
_KINDS = (("plan", 0.08), ("checklist", 0.14), ("progress", 0.38), ("notice", 0.40))
_SHAPES = {  # kind -> (problems, measures per problem)
    "plan": (60, 5),
    "checklist": (30, 4),
    "progress": (20, 3),
    "notice": (1, 3),
}
_PROVINCE_POSTS = ("省委书记", "省长", "常务副省长", "副省长", "副省长", "副省长", "副省长", "省委秘书长")
_LEADER_SHARE = (0.6, 0.9, 0.5, 0.35, 0.25, 0.2, 0.15, 0.1)  # how often each leader is named
_STATUSES = (ProgressStatus.COMPLETED, ProgressStatus.IN_PROGRESS, ProgressStatus.BASICALLY_COMPLETED,
             ProgressStatus.COMPLETED_ONGOING, ProgressStatus.BEHIND)
_STATUS_WORDS = {
    ProgressStatus.COMPLETED: "已完成整改",
    ProgressStatus.IN_PROGRESS: "正在推进整改",
    ProgressStatus.BASICALLY_COMPLETED: "基本完成",
    ProgressStatus.COMPLETED_ONGOING: "已经完成,长期坚持",
    ProgressStatus.BEHIND: "未达到序时进度",
}


@dataclass(frozen=True)
class _RepetitiveProvince:
    region: Region
    core: tuple[str, ...]  # provincial departments, most named first
    leaders: tuple[tuple[str, str], ...]  # (name, post), governor second
    cities: tuple[Region, ...]
    counties: dict[str, tuple[Region, ...]]  # city adcode -> its counties
    city_leaders: dict[str, tuple[tuple[str, str], ...]]  # city adcode -> (name, post) of 市委书记, 市长


@cache
def _repetitive_province(adcode: str = REPETITIVE_PROVINCE) -> _RepetitiveProvince:
    gazetteer = load_gazetteer()
    region = gazetteer.region(adcode)
    rng = random.Random(f"dutygraph-repetitive:{adcode}")
    cities = tuple(r for r in gazetteer.descendants(adcode) if r.level == "city")
    counties = {c.adcode: tuple(r for r in gazetteer.descendants(c.adcode) if r.level == "county") for c in cities}
    names: list[str] = []
    while len(names) < len(_PROVINCE_POSTS) + 2 * len(cities):
        name = _leader_name(rng)
        if name not in names:
            names.append(name)
    leaders = tuple(zip(names, _PROVINCE_POSTS, strict=False))
    rest = iter(names[len(_PROVINCE_POSTS):])
    city_leaders = {c.adcode: ((next(rest), "市委书记"), (next(rest), "市长")) for c in cities}
    core = tuple("省" + body for body in _CORE_BODIES)[:40]
    return _RepetitiveProvince(region, core, leaders, cities, counties, city_leaders)


def _zipf_pick(rng: random.Random, items: tuple[str, ...], k: int) -> list[str]:
    """``k`` distinct items, the ``i``-th drawn with weight 1/(i+1)."""
    weights = [1 / (i + 1) for i in range(len(items))]
    picked: list[str] = []
    while len(picked) < min(k, len(items)):
        item = rng.choices(items, weights)[0]
        if item not in picked:
            picked.append(item)
    return picked


def generate_repetitive_document(index: int, seed: int = 0, province: str = REPETITIVE_PROVINCE) -> Document:
    """Document ``index`` of one province's repetitive corpus (see the comment above): deterministic."""
    rng = random.Random(f"dutygraph-repetitive:{seed}:{province}:{index}")
    p = _repetitive_province(province)
    gazetteer = load_gazetteer()
    kind = rng.choices([k for k, _ in _KINDS], [w for _, w in _KINDS])[0]
    city = rng.choice(p.cities) if rng.random() < 0.5 else None
    year = rng.choice((2016, 2017, 2018, 2019, 2020, 2021))
    issuer = city.name if city else p.region.name
    out = _Text()
    what = {"plan": "整改方案", "checklist": "整改任务清单", "progress": "整改进展情况",
            "notice": f"第{index % 60 + 1}项整改任务完成情况公示"}[kind]
    title = f"{issuer}贯彻落实中央环境保护督察反馈意见{what}({year}年第{index}号)"
    out.write(title + "\n\n")

    places = (city, *p.counties.get(city.adcode, ())) if city else (*p.cities,)
    city_units: tuple[str, ...] = ()
    if city:
        city_units = tuple(city.name + body for body in _CITY_BODIES)
    named_leaders = [(name, post) for (name, post), share in zip(p.leaders, _LEADER_SHARE, strict=False)
                     if rng.random() < share]
    if city:
        named_leaders += list(p.city_leaders[city.adcode])
    leaders: list[Leader] = []
    memberships: list[GroupMembership] = []
    groups: list[LeadingGroup] = []
    named_units: dict[str, tuple[str, ...]] = {}
    if kind != "notice" and named_leaders:
        group_name = f"{issuer}中央环境保护督察反馈意见整改工作领导小组"
        group_key = hashlib.sha1(f"{index}:{group_name}".encode()).hexdigest()[:12]
        out.write("为抓好整改落实,成立")
        groups.append(LeadingGroup(group_key, group_name, out.write(group_name)))
        out.write(",")
        for position, (name, post) in enumerate(named_leaders):
            out.write(post)
            span = out.write(name)
            out.write("任组长," if position == 0 else "任副组长,")
            leaders.append(Leader(name, (post,), span))
            memberships.append(GroupMembership(group_key, "head" if position == 0 else "deputy_head", name,
                                               "leader", span))
        office = city_units[1] if city else "省环保厅"
        out.write("领导小组办公室设在")
        memberships.append(GroupMembership(group_key, "office", office, "unit", out.write(office)))
        named_units[office] = (city or p.region).adcode,
        out.write("。\n\n")

    problems: list[Problem] = []
    assignments: list[Assignment] = []
    n_problems, n_measures = _SHAPES[kind]
    first = index % 60 + 1 if kind == "notice" else 1
    for number in range(first, first + n_problems):
        code = str(number)
        concerned = rng.sample(places, k=min(len(places), rng.randint(1, 2)))
        out.write(f"{int_to_chinese(number) if number < 100 else number}、")
        label = (f"{'、'.join(r.name for r in concerned)}{rng.choice(_SECTORS)}行业环境问题突出,"
                 f"{rng.choice(_OBJECTS)}进展滞后。")
        label_span = out.write(label)
        out.write("\n整改时限:")
        month = rng.randint(1, 12)
        deadline_span = out.write(f"{year}年{month}月底")
        deadline = Deadline(deadline_span.text, deadline_span, (DeadlineKind.DATED,), _month_end(year, month))
        out.write("\n整改措施:\n")
        measures: list[Measure] = []
        for m in range(1, n_measures + 1):
            line_start = out.length
            out.write(f"{m}、")
            text, _ = _measure_text(rng, rng.choice(concerned), year)
            text_span = out.write(text)
            measures.append(Measure(f"{code}.{m}", m, text, Span(line_start, text_span.end, f"{m}、" + text,
                                                                 text_span.line)))
            out.write("\n")
        core = _zipf_pick(rng, p.core, n_measures + 2)
        locals_ = rng.sample(city_units, k=min(2, len(city_units))) if city_units else []
        leads = (locals_ + core)[:n_measures] if locals_ and rng.random() < 0.5 else core[:n_measures]
        supports = [u for u in (*core, *locals_) if u not in leads][:3]
        clause = "责任单位:" + "、".join(f"{u}(牵头负责第{m}条)" for m, u in enumerate(leads, 1))
        clause += "," + "、".join(supports) + "。"
        clause_span = out.write(clause)
        out.write("\n")
        for m, unit in enumerate(leads, 1):
            assignments.append(Assignment(unit, "unit", f"{code}.{m}", "measure", Role.LEAD, clause_span))
        for unit in supports:
            assignments.append(Assignment(unit, "unit", code, "problem", Role.SUPPORT, clause_span))
        for unit in (*leads, *supports):
            named_units[unit] = ((city.adcode if city else p.region.adcode) if unit in city_units
                                 else p.region.adcode,)
        status = status_span = None
        if kind in ("progress", "notice"):
            status = rng.choice(_STATUSES)
            out.write("整改进展情况:")
            status_span = out.write(_STATUS_WORDS[status])
            out.write("\n")
        problems.append(Problem(code, label, label_span, None, None, None, deadline, tuple(measures),
                            tuple(r.adcode for r in concerned), status=status, status_span=status_span))
        out.write("\n")

    progress: list[ProgressCount] = []
    if kind in ("progress", "notice") and named_leaders:
        # Leaders take on cases (领办): the governor most of all.
        for case_number, (name, post) in enumerate(named_leaders[:3], 1):
            out.write(post)
            span = out.write(name)
            out.write("领办")
            case_label = f"{rng.choice(places).name}{rng.choice(_SECTORS)}污染问题"
            case_span = out.write(case_label)
            out.write("。\n")
            if not any(leader.name == name for leader in leaders):
                leaders.append(Leader(name, (post,), span))
            code = f"case.{case_number}"
            problems.append(Problem(code, case_label, case_span, kind="case"))
            assignments.append(Assignment(name, "leader", code, "problem", Role.LEAD, span))
    if kind == "progress":
        done = rng.randint(1, n_problems)
        count_span = out.write(f"{n_problems}项整改任务中,已完成{done}项")
        progress.append(ProgressCount(n_problems, done, count_span, subject="整改任务"))
        out.write("。\n")

    text = out.text()
    regions: dict[str, Region] = {p.region.adcode: p.region}
    for problem in problems:
        for adcode in problem.regions:
            regions.setdefault(adcode, gazetteer.region(adcode))
    doc_id = f"rep{seed}_{index:06d}"
    return Document(
        doc_id=doc_id,
        source=f"{doc_id}.txt",
        title=title,
        kind="plan" if kind in ("plan", "checklist") else "progress",
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding="utf_8",
        province=p.region.adcode,
        place=city.adcode if city else None,
        problems=tuple(problems),
        units=tuple(Unit(name, False, regions) for name, regions in named_units.items()),
        leaders=tuple(leaders),
        groups=tuple(groups),
        memberships=tuple(memberships),
        assignments=tuple(assignments),
        regions=tuple(regions.values()),
        progress=tuple(progress),
    )


def generate_repetitive_documents(n_docs: int, seed: int = 0) -> Iterator[Document]:
    """``n_docs`` documents of one province's repetitive corpus, one at a time.

    >>> docs = list(generate_repetitive_documents(30, seed=1))
    >>> all(d.text[s.start:s.end] == s.text for d in docs for s in _spans(d))
    True
    >>> governor = _repetitive_province().leaders[1][0]
    >>> sum(any(x.name == governor for x in d.leaders) for d in docs) > 20
    True
    """
    for index in range(n_docs):
        yield generate_repetitive_document(index, seed)


SAMPLE_PLAN = "000_89c821903e6b9e73.txt"  # the Jiangxi plan of data/samples/


def sample_copies(directory: Path, n_copies: int, sample: str = SAMPLE_PLAN) -> list[Path]:
    """The Jiangxi plan of ``data/samples/`` written ``n_copies`` times under other names: the same
    units and leaders named in every document (``plan_000000.txt`` …)."""
    from graph.resources import asset_path

    data = asset_path("data", "samples", sample).read_bytes()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n_copies):
        path = directory / f"plan_{index:06d}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths
