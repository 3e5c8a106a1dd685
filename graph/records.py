"""Typed records passed from extraction to the RDF model.

Every fact carries a :class:`Span` whose offsets index the *original* text of
the document (as decoded), never a normalised copy.  No rdflib here: this
module is the contract between the extraction room and the model room.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Role(StrEnum):
    """How an agent stands to a task."""

    LEAD = "lead"
    SUPPORT = "support"
    RESPONSIBLE = "responsible"
    JURISDICTION_LEAD = "jurisdiction_lead"
    ACCOUNTABLE = "accountable"  # 负总责: answers for the whole task
    SUPERVISE = "supervise"  # 督办, 统筹协调: oversees or coordinates others' work
    SIGN_OFF = "sign_off"  # 验收销号: checks the result and signs the problem off


class AgentKind(StrEnum):
    """Who holds a duty: a unit, a named leader, or a post the document names without a person."""

    UNIT = "unit"
    LEADER = "leader"
    POST = "post"  # 分管领导, 省监察厅厅长: a leader only once the document names the holder


class TaskKind(StrEnum):
    """What a duty is on."""

    PROBLEM = "problem"  # a problem, sub-problem or case, by its code
    MEASURE = "measure"
    DOCUMENT = "document"  # the document's rectification as a whole (a responsibility chain)


class ProblemKind(StrEnum):
    """A problem of the checklist, or a case a leader took on (领办)."""

    PROBLEM = "problem"
    CASE = "case"


class DocumentKind(StrEnum):
    """A plan (方案, 清单, a task notice) or a report on progress."""

    PLAN = "plan"
    PROGRESS = "progress"


class ProgressStatus(StrEnum):
    """Where a problem or a counted group of tasks stands, as a progress report states it."""

    COMPLETED = "completed"  # 已完成整改
    COMPLETED_ONGOING = "completed_ongoing"  # 已经完成,长期坚持
    BASICALLY_COMPLETED = "basically_completed"  # 基本完成
    IN_PROGRESS = "in_progress"  # 正在推进, 按序时进度推进
    BEHIND = "behind"  # 未达到序时进度, 滞后
    NOT_COMPLETED = "not_completed"  # 未完成
    SIGNED_OFF = "signed_off"  # 已验收销号


class DeadlineKind(StrEnum):
    """The kinds of deadline a plan states."""

    IMMEDIATE = "immediate"  # 立行立改
    LONG_TERM = "long_term"  # 长期坚持
    CONTINUOUS = "continuous"  # 持续改善 / 持续整改
    DATED = "dated"  # a calendar date is given


@dataclass(frozen=True)
class Span:
    """A slice of the original document text: ``text == original[start:end]``."""

    start: int
    end: int
    text: str
    line: int = 0


@dataclass(frozen=True)
class Restoration:
    """A masked character sequence (``*府``) restored from the collocation lexicon."""

    span: Span
    restored: str


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, with a date only where the text gives one."""

    text: str
    span: Span
    kinds: tuple[DeadlineKind, ...] = ()
    due: date | None = None
    flagged: str | None = None  # why the phrase could not be dated, e.g. "year-missing"
    target: str | None = None  # the quantified target due then (2023年12月底前,完成率达到90%以上)
    basis: Span | None = None  # where the date was defined when the text gives it once for a class


@dataclass(frozen=True)
class DeadlineClass:
    """A deadline defined once for a class of problems (属于立行立改的,2017年6月底前整改到位)."""

    name: str  # the class as written: 立行立改, 限期整改, 持续整改
    deadline: Deadline


@dataclass(frozen=True)
class Region:
    """An administrative division from the gazetteer."""

    adcode: str
    name: str
    level: str  # province | city | county
    parent: str | None = None


@dataclass(frozen=True)
class Unit:
    """A responsible organisation, named as written (``省环保厅``, ``宜春市政府``)."""

    name: str
    collective: bool = False  # 各设区市政府, 各级党委: stands for many units
    regions: tuple[str, ...] = ()  # adcodes of the jurisdiction or of the regions covered


@dataclass(frozen=True)
class Leader:
    """A named official with the posts the document gives."""

    name: str
    posts: tuple[str, ...] = ()
    span: Span | None = None


@dataclass(frozen=True)
class GroupMembership:
    """A place in a leading group: a leader or a unit with a group role."""

    group_key: str
    role: str  # head | first_deputy_head | deputy_head | member | office
    agent: str  # leader name or unit name
    agent_kind: AgentKind
    span: Span


@dataclass(frozen=True)
class LeadingGroup:
    """A leading group (领导小组) set up by the plan."""

    key: str
    name: str
    span: Span
    parent: str | None = None  # key of the group a working sub-group (综合协调组) belongs to


@dataclass(frozen=True)
class Measure:
    """A numbered measure (整改措施) under a problem."""

    code: str  # "6.2.3"
    number: int
    text: str
    span: Span
    deadlines: tuple[Deadline, ...] = ()
    status: ProgressStatus | None = None  # 1.开展排查(已完成), or 完成情况:已完成 after the measure
    status_span: Span | None = None


@dataclass(frozen=True)
class Problem:
    """A problem (问题) of the checklist, or a sub-problem."""

    code: str  # "3", or "6.2" for a sub-problem
    label: str
    span: Span
    parent: str | None = None
    target: str | None = None
    target_span: Span | None = None
    deadline: Deadline | None = None
    measures: tuple[Measure, ...] = ()
    regions: tuple[str, ...] = ()  # adcodes this problem concerns
    truncated: bool = False
    kind: ProblemKind = ProblemKind.PROBLEM
    status: ProgressStatus | None = None  # 整改进展情况:已完成整改
    status_span: Span | None = None


@dataclass(frozen=True)
class Assignment:
    """One responsibility edge: agent -> task with a role and its evidence."""

    agent: str
    agent_kind: AgentKind  # a unit or a leader (a post is given its holder first)
    task: str  # problem or measure code, or the document id for the rectification as a whole
    task_kind: TaskKind
    role: Role
    evidence: Span


@dataclass(frozen=True)
class StatusCount:
    """One part of an overall count: so many tasks in one status (``38项按照序时进度推进``)."""

    count: int
    status: ProgressStatus | None  # None when the text's wording is in no status of the lexicon
    span: Span


@dataclass(frozen=True)
class ProgressCount:
    """An overall count in a progress report (``60项整改任务中已完成33项``)."""

    total: int | None  # None when the text gives only the parts (有47项已完成整改、1项未完成)
    done: int | None
    span: Span
    unit_word: str = "项"
    subject: str = ""  # what is counted, as written: 整改任务, 问题, 信访举报问题
    parts: tuple[StatusCount, ...] = ()


@dataclass(frozen=True)
class AccountabilityCount:
    """People and units held accountable (``对50个责任单位、77名责任人实施追责问责``)."""

    people: int | None
    units: int | None
    span: Span


@dataclass(frozen=True)
class Note:
    """Something the reader should know about the extraction, with its line."""

    line: int
    message: str


@dataclass(frozen=True)
class Document:
    """Everything extracted from one document."""

    doc_id: str
    source: str  # file name as given
    title: str
    kind: DocumentKind
    text: str  # original decoded text: every span indexes this
    sha256: str
    encoding: str
    province: str | None = None  # adcode
    place: str | None = None  # adcode of the region the document is issued for (its title's 常德市…)
    place_span: Span | None = None  # where that region is named: the title, a signature or a byline
    format: str = "txt"  # txt | html | docx | pdf, as told from the file's bytes
    conversion: str | None = None  # how the text was produced from a file that is not plain text
    problems: tuple[Problem, ...] = ()
    units: tuple[Unit, ...] = ()
    leaders: tuple[Leader, ...] = ()
    groups: tuple[LeadingGroup, ...] = ()
    memberships: tuple[GroupMembership, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    regions: tuple[Region, ...] = ()
    progress: tuple[ProgressCount, ...] = ()
    accountability: tuple[AccountabilityCount, ...] = ()
    deadline_classes: tuple[DeadlineClass, ...] = ()
    targets: tuple[Deadline, ...] = ()  # plan-wide targets by date (二、整改目标 2019年年底前,…)
    restorations: tuple[Restoration, ...] = ()
    warnings: tuple[Note, ...] = field(default=())
    facts: DocumentFacts = field(default_factory=lambda: DocumentFacts())  # date, round, plan answered to


class InspectionRound(StrEnum):
    """Which inspection a document answers: a round of the central (or a province's) inspection."""

    FIRST = "first"  # 第一轮
    LOOK_BACK = "look_back"  # 回头看
    SPECIAL = "special"  # 专项督察
    SECOND = "second"  # 第二轮
    THIRD = "third"  # 第三轮


class InspectionLevel(StrEnum):
    """Who inspected: the central inspectorate or a province's own."""

    CENTRAL = "central"  # 中央生态环境保护督察
    PROVINCIAL = "provincial"  # 省级, 省委生态环境保护督察


@dataclass(frozen=True)
class TaskReference:
    """A problem of this document naming the task of a plan it reports on (``《整改方案》第十四项``)."""

    problem: str  # code of this document's problem
    number: int  # the task's number in the plan referred to
    span: Span  # the reference as written
    round: InspectionRound | None = None  # when the reference names it (第二轮第六十九项)
    provincial_plan: bool = False  # 省"回头看"《整改方案》: the province's plan, whatever place problems the notice


@dataclass(frozen=True)
class DocumentFacts:
    """When a document was issued, for which inspection round, and the plan it says it answers to."""

    issued: date | None = None  # 成文日期, the date line at the end, a byline's 发布时间
    issued_span: Span | None = None
    round: InspectionRound | None = None
    round_span: Span | None = None
    level: InspectionLevel | None = None
    level_span: Span | None = None
    answers_to: str | None = None  # the quoted plan title: 根据《…整改方案》
    answers_to_span: Span | None = None
    references: tuple[TaskReference, ...] = ()
