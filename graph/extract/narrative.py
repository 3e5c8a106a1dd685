"""Responsibilities stated in sentences rather than in fields.

Inside a measure:

- a parenthesis at its end: ``…(牵头单位:省水利厅;责任单位:省农业农村厅、省林业局)``,
  ``(牵头单位:A;配合单位:B)``, ``(责任单位:A、B)``, ``(A牵头,B配合)`` or a bare ``(A、B)``
  (every unit responsible);
- its own sentence: ``A牵头,会同B、C开展…`` (A leads, B and C support), ``由A负责,B配合``
  (A responsible, B supports: only 牵头 or 为主 says who leads),
  ``A、B分别组织…`` (each responsible for its part; ``分别牵头`` leads), ``A会同B…`` (A leads, B supports).

In the narrative, responsibility chains: ``市委书记、市长负总责,分管领导统筹协调,市直部门牵头
推进,各区县具体实施`` gives each post or unit the role of its verb (``duty_verbs.tsv``:
负总责 accountable, 统筹协调 supervise, 牵头推进 lead, 具体实施 responsible), except the agents
that name no one (分管领导, 有关部门).  Outside the problems a sentence counts as a chain when it
states 负总责, an owner (``省委、省政府是全省整改工作的责任主体``; ``…是本地整改工作的责任主体``
makes collectives lead in their own place), 统筹协调/督办 beside another role or by a leading group
or its office (``成立X领导小组,统筹推进…``), or a lead and its supporters (``由A牵头,B、C配合,
对…开展督查``; ``X制定方案,会同Y…``); ``A负责编制…`` alone is an activity told, no duty.  A clause
opening with its verb (会同Y…, 统筹推进…) goes on with the subject of the clause before it.  A
chain whose subject names a leader's case (``巢湖问题由A牵头…``) is that case's
(:func:`graph.extract.assemble.case_duties`).

Agents are recognised by :mod:`graph.extract.agents`; nothing that is not shaped like a unit,
a post or a known leader is taken for one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from functools import cache

from graph.core.gazetteer import Gazetteer
from graph.core.lexicon import alternation, cue_table, cues
from graph.core.numerals import CHINESE_NUMERAL_CHARS
from graph.extract.agents import LIST_JOINS, AgentMention, collective_level, names_nobody, read_agents
from graph.extract.duties import read_clause
from graph.extract.people import split_post_and_name
from graph.extract.plan import ROLE_FIELDS, field_names
from graph.records import AgentKind, Role

_SENTENCE_END = "。;!?\n"
_MAX_NAME = 24
# How many clauses back a clause opening with its verb looks for its subject (X制定方案,会同Y…).
_SUBJECT_REACH = 2
# How far after 责成/明确由 the list of those given the work is looked for.
_MAX_ASSIGNED = 60
_HANZI = re.compile(r"[\u4e00-\u9fff]+")
_NOT_VERB_AFTER = ("同志", "人")  # 负责同志, 负责人 are posts, not verbs
# No list of agents before a duty verb is longer than this; reading ever longer ones before every
# later verb of an endless clause was quadratic.
_LIST_REACH = 1000
FIELD_ROLES = {
    "units": Role.RESPONSIBLE,
    "lead": Role.LEAD,
    "support": Role.SUPPORT,
    "supervisor": Role.SUPERVISE,
    "sign_off": Role.SIGN_OFF,
    "responsible_leader": Role.RESPONSIBLE,
    "supervising_leader": Role.SUPERVISE,
}


@dataclass(frozen=True)
class SentenceDuty:
    """An agent named in a sentence with the role it states; start/end: the evidence."""

    agent: str
    agent_kind: AgentKind
    role: Role
    start: int
    end: int
    posts: tuple[str, ...] = ()  # the posts a field gives a leader it names (责任领导:副市长王建国)


@cache
def _verbs() -> tuple[tuple[str, Role], ...]:
    rows = [(cue, Role(roles[0])) for cue, roles in cue_table("duty_verbs").items() if roles]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


@cache
def _role_field_re() -> re.Pattern[str]:
    names = field_names()
    groups = "|".join(f"(?P<{key}>{alternation(names[key])})" for key in ROLE_FIELDS)
    return re.compile(rf"(?:{groups})\s*:")


@cache
def _verb_re() -> re.Pattern[str]:
    # One alternation, longest cue first: at each place the regex engine backtracks to a shorter
    # cue when a longer one is followed by 同志/人, as the lookahead demands.
    not_after = "|".join(re.escape(word) for word in _NOT_VERB_AFTER)
    return re.compile(rf"(?:{alternation([cue for cue, _ in _verbs()])})(?!{not_after})")


@cache
def _verb_roles() -> dict[str, Role]:
    return dict(_verbs())


def _verbs_in(text: str) -> Iterator[tuple[int, int, Role]]:
    """Duty verbs of ``text``, longest first at each place, not overlapping."""
    roles = _verb_roles()
    for match in _verb_re().finditer(text):
        yield match.start(), match.end(), roles[match.group()]


def _role_in(role: Role, rest: str) -> Role:
    """The role a verb states, read with what follows it: 负责本地区整改 leads in its own place,
    负责…的组织领导、统筹协调 oversees."""
    if role in (Role.RESPONSIBLE, Role.LEAD) and rest.startswith(_scope_words()):
        return Role.JURISDICTION_LEAD
    if role is Role.RESPONSIBLE and any(later is Role.SUPERVISE for _, _, later in _verbs_in(rest)):
        return Role.SUPERVISE
    return role


@cache
def _scope_words() -> tuple[str, ...]:
    return tuple(own + scope + ending for own in ("本", "") for scope in cues("annot.jurisdiction_scope")
                 for ending in ("区", "内", ""))


def _opens_with_verb(clause: str) -> bool:
    """Whether a clause starts with a duty verb or 会同, its subject left to the clause before."""
    body = _without_when(clause.strip())
    return body.startswith(cues("sentence.with")) or _verb_re().match(body) is not None


# The count a point opens with (一是…, 三是X发挥牵头作用): no part of its agents.
_ENUMERATOR = re.compile(f"^[{CHINESE_NUMERAL_CHARS}]{{1,3}}是")
# When a clause's action took place, before its verb (于2018年4月12日会同…): no part of its agents.
_WHEN = re.compile(r"^(?:于|在)?(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:起|前|上午|下午)?")


def _without_when(body: str) -> str:
    return _WHEN.sub("", body, count=1) if body[:1] in "于在0123456789" else body


@cache
def _lead_tail_re() -> re.Pattern[str]:
    # X要牵头会同Y: what stands between the agents and 会同 (a modal and the lead verb it restates).
    leads = [cue for cue, role in _verbs() if role is Role.LEAD]
    return re.compile(rf"(?:{alternation(cues('sentence.modal'))})?(?:{alternation(leads)})\s*$")


def _declared(text: str) -> bool:
    """Whether a list says its items are units: it closes with 等部门, 等单位, 等部门、单位."""
    return _declared_re().match(text) is not None


@cache
def _declared_re() -> re.Pattern[str]:
    stop = alternation(cues("sentence.stop"))
    return re.compile(rf"^(?:{stop})(?:有关|相关)?(?:部门|单位)")


@cache
def _owner_re() -> re.Pattern[str]:
    # The subject, the copula, what it owns (全省整改工作的), the noun: X是/为…责任主体.
    copulas, owners = alternation(cues("sentence.copula")), alternation(cues("sentence.owner"))
    return re.compile(rf"(?P<agents>.+?)(?:{copulas})(?P<scope>[^,;。]{{0,24}}?)(?:{owners})")


@cache
def _organise_re() -> re.Pattern[str]:
    manner, verbs = alternation(cues("sentence.manner")), alternation(cues("sentence.organise"))
    return re.compile(rf"(?:{manner})?(?:{verbs})")


@cache
def _group_set_up_re() -> re.Pattern[str]:
    leads = [cue for cue, role in _verbs() if role is Role.LEAD]
    return re.compile(rf"^(?P<lead>[^,;]+?)(?:{alternation(leads)})(?P<parts>[^,;的]+?)"
                      rf"(?:{alternation(cues('sentence.takes_part'))})的")


@cache
def _inspects_progress_re() -> re.Pattern[str]:
    quote = "[“”\"「」『』]?"
    return re.compile(rf"(?:{alternation(cues('sentence.progress_object'))}){quote}(?:进行|开展)?了?(?:现场)?"
                      rf"{quote}(?:{alternation(cues('sentence.inspect'))})")


def _inspects_progress(sentence: str) -> bool:
    """Whether a sentence tells of a visit to see how others' work goes (区环保局局长带队,联合区委办就整改方案
    落实情况进行现场督察)."""
    return _inspects_progress_re().search(sentence) is not None


@cache
def _with_re() -> re.Pattern[str]:
    return re.compile(alternation(cues("sentence.with")))


@cache
def _stops_re(stops: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(stops)}]")


def _spans(text: str, start: int, end: int, stops: str) -> list[tuple[int, int]]:
    """Pieces of ``text[start:end]`` between ``stops`` outside parentheses."""
    pieces: list[tuple[int, int]] = []
    if text.find("(", start, end) == -1 and text.find(")", start, end) == -1:
        # No parenthesis: the stops split it all (a regex, not the loop below: this runs for every
        # sentence and clause of a document).
        begin = start
        for match in _stops_re(stops).finditer(text, start, end):
            if match.start() > begin:
                pieces.append((begin, match.start()))
            begin = match.end()
        if end > begin:
            pieces.append((begin, end))
        return pieces
    depth = 0
    begin = start
    for index in range(start, end):
        ch = text[index]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in stops:
            if index > begin:
                pieces.append((begin, index))
            begin = index + 1
    if end > begin:
        pieces.append((begin, end))
    return pieces


class _Reader:
    def __init__(self, gazetteer: Gazetteer, province: str | None, leaders: Collection[str]) -> None:
        self.gazetteer = gazetteer
        self.province = province
        self.leaders = leaders

    def agents(self, text: str, *, trim_left: bool = False, cut_right: bool = False,
               declared: bool = False) -> list[AgentMention] | None:
        return read_agents(text.strip(), self.gazetteer, self.province, self.leaders,
                           trim_left=trim_left, cut_right=cut_right, declared=declared)

    def leading_agents(self, text: str, *, declared: bool = False) -> list[AgentMention] | None:
        """The list of agents a sentence opens with, whatever follows: 孟塬镇人民政府做好苗木栽植和
        后期管护 opens with one agent although a 和 joins later words."""
        if declared and (mentions := self.agents(text, declared=True)):
            return mentions  # the whole list, up to its 等部门
        ends = [len(text)] + [at for at in range(len(text) - 1, 0, -1) if text[at] in LIST_JOINS]
        for end in ends:
            mentions = self.agents(text[:end], cut_right=True)
            if mentions:
                return mentions
        return None

    def clause(self, clause: str) -> list[tuple[AgentMention, Role]]:
        """Agents and roles of one clause (no commas inside)."""
        found: list[tuple[AgentMention, Role]] = []
        by = cues("sentence.by")
        body = _without_when(clause.strip())
        owner = _owner_re().match(body)
        if owner:
            # 省委、省政府是全省整改工作的责任主体; 各级党委、政府是本地整改工作的责任主体 (each in its place)
            mentions = self.agents(owner.group("agents"), trim_left=True)
            local = any(word in owner.group("scope") for word in cues("annot.jurisdiction_scope"))
            return [(m, Role.JURISDICTION_LEAD if local and collective_level(m.name) not in (None, "none")
                     else Role.RESPONSIBLE) for m in mentions or []]
        assigned = self.assigned(body)
        if assigned is not None:
            return [(m, Role.RESPONSIBLE) for m in assigned]
        body = body.removeprefix(next((word for word in by if body.startswith(word)), ""))
        # 巢湖流域水环境问题由省生态环境厅牵头: the agents start after 由, whatever the subject before it.
        first_verb = next((at for at, _, _ in _verbs_in(body)), len(body))
        by_at = max((body.rfind(word, 0, first_verb) for word in by), default=-1)
        if by_at > 0:
            body = body[by_at + 1:]
        if (group := _group_set_up_re().match(body)) is not None:
            # (成立由)A牵头B、C参加的调查组: A leads the body set up, B and C take part in it.
            # No trimming: the lead follows 由 or opens the clause, and a trimmed name is a wrong one
            # (向海国家级自然保护区管理局 would lose its 向 as a preposition).
            leads = self.agents(group.group("lead"))
            if leads:
                parts = self.agents(_without_etc(group.group("parts"))) or []
                return [(m, Role.LEAD) for m in leads] + [(m, Role.SUPPORT) for m in parts]
        with_at = next(((m.start(), m.end()) for m in _with_re().finditer(body)), None)
        if with_at is not None:
            # A会同B…: A leads, B supports.
            before = self.agents(_lead_tail_re().sub("", body[: with_at[0]]), trim_left=True)
            supporters = _until_visit(body[with_at[1] :])
            listed = _until_stop(supporters)
            after = self.leading_agents(listed, declared=_declared(supporters[len(listed):]))
            for mention in before or []:
                found.append((mention, Role.LEAD))
            for mention in after or []:
                found.append((mention, Role.SUPPORT))
            if before or after:
                tail = body[with_at[1] :]
                found += [d for d in self._verb_duties(tail) if all(d[0].name != f[0].name for f in found)]
                return found
        organise = _organise_re().search(body)
        if organise is not None and organise.start() > 0:
            # 县住建局及时组织市政管理局、环卫公司清挖…: the one who organises answers for it, those
            # organised take part.
            before = self.agents(body[: organise.start()], trim_left=True)
            after = self.leading_agents(_until_stop(body[organise.end():]))
            if before and after:
                return [(m, Role.RESPONSIBLE) for m in before] + [(m, Role.SUPPORT) for m in after]
        each = body.find(cues("sentence.each")[0])
        if each > 0:
            mentions = self.agents(body[:each], trim_left=True)
            if mentions:
                # A、B分别组织…: each answers for its part; it leads only where the verb says 牵头.
                rest = body[each + len(cues("sentence.each")[0]):]
                stated = next((role for at, _, role in _verbs_in(rest) if at == 0), None)
                verb = stated or Role.RESPONSIBLE
                if stated in (Role.LEAD, Role.RESPONSIBLE) and any(
                        word in rest for word in cues("annot.jurisdiction_scope")):
                    verb = Role.JURISDICTION_LEAD  # A、B分别负责(牵头)辖区内…: each leads in its own place
                return [(m, verb) for m in mentions]
        return self._verb_duties(body)

    def assigned(self, body: str) -> list[AgentMention] | None:
        """The agents a named assigner gives the work to (区政府立即责成B和C到现场核查; 区政府明确由B、C负责
        核查处理), or None when the clause assigns nothing or names no assigner."""
        cue = _assign_re().search(body)
        if cue is None or cue.start() == 0:
            return None
        if not self.agents(_without_modal(body[: cue.start()]), trim_left=True):
            return None
        # Whom work is given to are agents by the assigner's word, a bare street or town too (金钟街道):
        # the longest opening of the rest that reads as a list of them.
        rest = _until_stop(body[cue.end():])[:_MAX_ASSIGNED]
        for end in range(len(rest), 0, -1):
            if mentions := self.agents(rest[:end], declared=True):
                return mentions
        return None

    def assigns(self, text: str, start: int, end: int) -> bool:
        """Whether a clause of the sentence ``text[start:end]`` gives work to agents by an assigner's word."""
        return any(self.assigned(_without_when(text[a:b].strip())) for a, b in _spans(text, start, end, ",:"))

    def _verb_duties(self, body: str) -> list[tuple[AgentMention, Role]]:
        for start, end, role in _verbs_in(body):
            if start > _LIST_REACH:
                break
            mentions = self.agents(_without_etc(_without_manner(_without_modal(body[:start]))), trim_left=True) \
                if start else None
            if mentions is None and start and "对" in body[:start]:
                # 各市党委、政府对整改工作负总责: the agents stand before what they answer for.
                mentions = self.agents(_without_etc(body[: body.rindex("对", 0, start)]), trim_left=True)
            if mentions:
                return [(m, _role_in(role, body[end:])) for m in mentions]
        return []

    def sets_up_led_body(self, text: str, start: int, end: int) -> bool:
        """Whether a clause of the sentence sets up a body under a named lead (成立由A牵头B参加的调查组):
        an assignment, even where those taking part are named only as 上述部门."""
        for c_start, c_end in _spans(text, start, end, ",:"):
            body = text[c_start:c_end]
            setup = next((body.find(w) for w in cues("sentence.setup") if w in body), -1)
            by = next((body.find(w, setup) for w in cues("sentence.by") if w in body[setup:]), -1) if setup >= 0 else -1
            group = _group_set_up_re().match(body[by + 1:]) if by >= 0 else None
            if group is not None and self.agents(group.group("lead")):
                return True
        return False

    def unnamed(self, name: str) -> bool:
        """Whether a unit is a collective of unnamed units (各相关单位, 有关部门), not of governments."""
        return name.endswith(cues("agent.generic_unit")) and names_nobody(name, self.gazetteer, self.province)

    def bare_duty(self, text: str, start: int, end: int) -> bool:
        """Whether a clause of the sentence is only agents and the verb of their duty (关于砂石行业整治。
        县水务局牵头负责,…; 县国土局负责。): an assignment, where 省环保厅负责编制… tells an activity."""
        for c_start, c_end in _spans(text, start, end, ",:"):
            body = text[c_start:c_end].strip()
            verbs = list(_verbs_in(body))
            if not verbs or verbs[-1][1] != len(body) or verbs[-1][0] == 0:
                continue
            head = _without_modal(_ENUMERATOR.sub("", body[: verbs[-1][0]]))
            head = head.removeprefix(next((w for w in cues("sentence.by") if head.startswith(w)), ""))
            if self.agents(_without_etc(head), trim_left=False):
                return True
        return False

    def subject(self, clause: str) -> list[AgentMention]:
        """The agents a clause names as its sentence's subject: at its start (省整改工作领导小组办公室
        制定…) or, in ``成立…的X领导小组``, the body it sets up (named as the text names it, with or
        without a level prefix: it has just been set up)."""
        body = clause.strip()
        setup = next((body.index(word) + len(word) for word in cues("sentence.setup") if word in body), None)
        if setup is not None:
            tail = body[setup:]
            tail = tail[tail.rindex("的") + 1:] if "的" in tail else tail.removeprefix("了")
            if _coordinates(tail) and len(tail) <= _MAX_NAME and _HANZI.fullmatch(tail):
                return [AgentMention(tail, AgentKind.UNIT, 0, len(tail))]
            return self.agents(tail, trim_left=True) or []
        return self.agents(body, cut_right=True) or []

    def carried(self, clause: str, said: list[tuple[AgentMention, Role]],
                subject: list[AgentMention]) -> list[tuple[AgentMention, Role]]:
        """The duties of a clause that goes on with its sentence's subject (X制定方案,会同Y…:
        X leads, Y supports; 成立X领导小组,统筹推进…: X oversees)."""
        body = _without_when(clause.strip())
        if body.startswith(cues("sentence.with")):
            return [(m, Role.LEAD) for m in subject] + said
        _, end, role = next(_verbs_in(body))
        return [(m, _role_in(role, body[end:])) for m in subject] + said

    def sentence(self, text: str, start: int, end: int) -> list[SentenceDuty]:
        duties: list[tuple[AgentMention, Role]] = []
        # The clauses that may hold the subject, latest first; read only when a clause goes on with it
        # (reading a subject in every clause of every sentence tripled the time of extraction).
        before: list[str] = []
        for c_start, c_end in _spans(text, start, end, ",:"):
            clause = text[c_start:c_end]
            said = self.clause(clause)
            if not _opens_with_verb(clause):
                before = [clause, *before[:_SUBJECT_REACH - 1]]
            elif before:
                subject = next((found for found in map(self.subject, before) if found), None)
                if subject:
                    said = self.carried(clause, said, subject)
            duties += said
        if _inspects_progress(text[start:end]):
            # 局长袁志明带队…就整改方案落实情况进行现场督察: the leader heading a visit answers for none of the
            # work inspected; units that lead or join the inspection keep it as their task (由A牵头,B配合,
            # 共同对…整改落实情况进行督查).
            duties = [(m, role) for m, role in duties if m.kind is not AgentKind.LEADER]
        seen: dict[tuple[str, Role], SentenceDuty] = {}
        # 由A负责,B配合: A stays responsible; only 牵头 (or 为主) says who leads.
        for mention, role in duties:
            seen.setdefault((mention.name, role), SentenceDuty(mention.name, mention.kind, role, start, end))
        return list(seen.values())

    def parenthesis(self, text: str, start: int, end: int) -> list[SentenceDuty]:
        """Duties of a measure's closing parenthesis ``text[start:end]`` (its inside)."""
        # (责任\n单位:A): a clause a wrap cut is read whole; the evidence stays the parenthesis as published.
        inner = re.sub(r"\s*\n\s*", "", text[start:end])
        fields = list(_role_field_re().finditer(inner))
        duties: list[SentenceDuty] = []
        if fields:
            keys = [next(k for k in ROLE_FIELDS if match.group(k)) for match in fields]
            for index, (key, match) in enumerate(zip(keys, fields, strict=True)):
                stop = fields[index + 1].start() if index + 1 < len(fields) else len(inner)
                value = inner[match.end() : stop].strip().strip(" ;,。").strip()
                duties += self.field_duties(key, value, start, end)
            return beside_lead(duties) if "lead" in keys else duties
        said = self.sentence(text, start, end)
        if said:
            return said
        mentions = self.agents(inner)
        return [SentenceDuty(m.name, m.kind, Role.RESPONSIBLE, start, end) for m in mentions or []]

    def field_duties(self, key: str, value: str, start: int, end: int,
                     unread: list[str] | None = None) -> list[SentenceDuty]:
        """Agents of one role field's value, with the field's role; ``unread`` gets the leader items read as nobody."""
        role = FIELD_ROLES[key]
        if key in ("responsible_leader", "supervising_leader"):
            duties: list[SentenceDuty] = []
            for item in re.split(r"[、,;]", value):
                mentions = self.agents(item)
                if mentions:
                    duties += [SentenceDuty(m.name, m.kind, role, start, end) for m in mentions]
                elif (found := split_post_and_name(item, self.gazetteer, self.province)) is not None:
                    post, name = found
                    duties.append(SentenceDuty(name, AgentKind.LEADER, role, start, end, (post,)))
                elif unread is not None and item.strip(" 。"):
                    unread.append(item.strip(" 。"))
            return duties
        if key == "units" and states_roles(value):
            # 责任单位:A负责牵头,B、C参与: a sentence, read as one, each agent with its verb's role.
            return [replace(d, start=start, end=end) for d in self.sentence(value, 0, len(value))]
        reading = read_clause(value, self.gazetteer, self.province)
        # 责任单位 keeps the clause grammar's roles (A(牵头)、B: B supports); the other fields
        # state their role for every unit they list.  A collective of unnamed units (各相关单位,
        # 市级各有关部门) names no one to hold to account.
        return [SentenceDuty(duty.unit, AgentKind.UNIT, duty.role if key == "units" else role, start, end)
                for duty in reading.duties if not self.unnamed(duty.unit)]


def states_roles(value: str) -> bool:
    """Whether a field's value is a sentence naming roles (A牵头,B配合), not a list with marks (A(牵头)、B)."""
    bare = re.sub(r"\([^()]*\)", "", value)
    return any(True for _ in _verbs_in(bare))


def beside_lead(duties: list[SentenceDuty]) -> list[SentenceDuty]:
    """Units a 责任单位 field lists beside a 牵头单位 field support the lead: (牵头单位:A;责任单位:B)
    makes B a supporter, as 责任单位:A(牵头)、B does."""
    return [replace(d, role=Role.SUPPORT) if d.role is Role.RESPONSIBLE and d.agent_kind == AgentKind.UNIT else d
            for d in duties]


@cache
def _etc_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('sentence.stop'))})(?:有关|相关)?(?:单位|部门)?\s*$")


def _without_etc(text: str) -> str:
    """A list without its closing 等单位 (县纪委、督查室等单位配合): the agents it names."""
    return _etc_re().sub("", text)


def _until_stop(text: str) -> str:
    stop = text.find(cues("sentence.stop")[0])
    return text if stop == -1 else text[:stop]


@cache
def _visit_re() -> re.Pattern[str]:
    return re.compile(alternation(cues("sentence.visit")))


def _until_visit(text: str) -> str:
    """The supporters of A会同B深入C、D…: what comes before the verb of going (C and D are visited)."""
    visit = _visit_re().search(text)
    return text if visit is None else text[: visit.start()]


@cache
def _manner_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('sentence.duty_manner'))})\s*$")


@cache
def _assign_re() -> re.Pattern[str]:
    return re.compile(alternation(cues("sentence.assign")))


@cache
def _modal_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(cues('sentence.modal') + cues('sentence.manner'))})+$")


def _without_modal(text: str) -> str:
    """The agents before a duty verb without the modal and manner words between (河长办和区住建局要切实)."""
    match = _modal_re().search(text)
    return text[: match.start()] if match and match.start() > 0 else text


def _without_manner(text: str) -> str:
    """The agents before a duty verb without how they share it (各县市区政府按职责分工负责)."""
    return _manner_re().sub("", text)


def closing_parenthesis(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The inside of the parenthesis that closes ``text[start:end]`` (before a final 。), if any."""
    stop = end
    while stop > start and text[stop - 1] in "。;,. \n":
        stop -= 1
    if stop <= start or text[stop - 1] != ")":
        return None
    depth = 0
    for index in range(stop - 1, start - 1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return index + 1, stop - 1
    return None


def read_measure_duties(
    text: str, start: int, end: int, gazetteer: Gazetteer, province: str | None, leaders: Collection[str] = ()
) -> list[SentenceDuty]:
    """Duties a measure ``text[start:end]`` states in its closing parenthesis and its sentences."""
    reader = _Reader(gazetteer, province, leaders)
    duties: list[SentenceDuty] = []
    paren = closing_parenthesis(text, start, end)
    if paren is not None:
        duties += reader.parenthesis(text, *paren)
        end = paren[0] - 1  # the sentences stop where the closing parenthesis opens
    for s_start, s_end in _spans(text, start, end, _SENTENCE_END):
        duties += reader.sentence(text, s_start, s_end)
    # (…牵头,市级各有关部门及各县市区政府按职责分工负责): the collective of unnamed departments names no one.
    return list({(d.agent, d.role): d for d in duties if not reader.unnamed(d.agent)}.values())


def read_sentence_duties(
    text: str, start: int, end: int, gazetteer: Gazetteer, province: str | None, leaders: Collection[str] = ()
) -> list[SentenceDuty]:
    """Agents and the roles their verbs state in the sentence ``text[start:end]`` (A负责牵头,B、C参与)."""
    return _Reader(gazetteer, province, leaders).sentence(text, start, end)


def read_lead_sentences(
    text: str, start: int, end: int, gazetteer: Gazetteer, province: str | None, leaders: Collection[str] = ()
) -> list[SentenceDuty]:
    """Duties of the sentences of ``text[start:end]`` that name a lead or a supporter (由A牵头,B配合…);
    a sentence naming neither (已明确由A负责管理) tells an outcome, no duty."""
    reader = _Reader(gazetteer, province, leaders)
    duties: list[SentenceDuty] = []
    for s_start, s_end in _spans(text, start, end, _SENTENCE_END):
        said = reader.sentence(text, s_start, s_end)
        # A lead or a supporter, two roles (由A负责,B督办), an owner (A为责任主体) or a clause opening
        # with 由 (由A、B负责,建立…) assign; one unit's verb alone tells what was done (已明确由A负责管理).
        if said and (any(d.role in (Role.LEAD, Role.SUPPORT) for d in said) or len({d.role for d in said}) >= 2
                     or _states_owner(text, s_start, s_end) or _opens_with_by(text, s_start, s_end)
                     or reader.assigns(text, s_start, s_end)):
            duties += said
    return duties


def _opens_with_by(text: str, start: int, end: int) -> bool:
    return any(text[a:b].strip().startswith(cues("sentence.by")) for a, b in _spans(text, start, end, ",:"))


def read_field_duties(
    key: str, text: str, start: int, end: int, gazetteer: Gazetteer, province: str | None,
    leaders: Collection[str] = (),
    unread: list[str] | None = None,
) -> list[SentenceDuty]:
    """Agents of a role field (牵头单位:…, 责任领导:…) whose value is ``text[start:end]``.

    ``unread`` receives the items of a leader field that are neither an agent nor a post with a name.
    """
    return _Reader(gazetteer, province, leaders).field_duties(key, text[start:end], start, end, unread)


def _merged(spans: Collection[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-empty ``spans`` joined where they overlap or touch, in order."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(span for span in spans if span[0] < span[1]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def find_chains(
    text: str,
    start: int,
    end: int,
    gazetteer: Gazetteer,
    province: str | None,
    leaders: Collection[str] = (),
    skip: Collection[tuple[int, int]] = (),
) -> list[SentenceDuty]:
    """Responsibility chains in the narrative ``text[start:end]`` outside the ``skip`` spans."""
    reader = _Reader(gazetteer, province, leaders)
    found: list[SentenceDuty] = []
    skipped = _merged(skip)
    starts = [a for a, _ in skipped]
    for s_start, s_end in _spans(text, start, end, _SENTENCE_END):
        # Bisecting the merged spans: trying every span for every sentence was quadratic in a long
        # checklist (thousands of problems, each one span).
        i, j = bisect_right(starts, s_start) - 1, bisect_left(starts, s_end) - 1
        if (i >= 0 and s_start < skipped[i][1]) or (j >= 0 and s_end <= skipped[j][1]):
            continue
        # Posts of no body (分管领导同志) and collectives of nobody (有关部门) name no one to hold to account.
        duties = [d for d in reader.sentence(text, s_start, s_end)
                  if not names_nobody(d.agent, gazetteer, province)]
        roles = {d.role for d in duties}
        # A chain names who answers for it all (负总责), who owns it (是…责任主体), who oversees others
        # (统筹协调) beside another role or as the leading group or its office, or who leads and who
        # supports (由A牵头,B配合); 省环保厅负责编制… alone is an activity told.
        if (Role.ACCOUNTABLE in roles or (Role.SUPERVISE in roles and len(roles) >= 2)
                or {Role.LEAD, Role.SUPPORT} <= roles or _states_owner(text, s_start, s_end)
                or any(d.role is Role.SUPERVISE and _coordinates(d.agent) for d in duties)
                or (duties and reader.bare_duty(text, s_start, s_end))
                or (duties and reader.assigns(text, s_start, s_end))
                or (duties and reader.sets_up_led_body(text, s_start, s_end))):
            found += duties
    return found


def _states_owner(text: str, start: int, end: int) -> bool:
    return any(word in text[start:end] for word in cues("sentence.owner"))


def _coordinates(name: str) -> bool:
    """Whether an agent is a body set up to coordinate: a leading group, a committee or their office."""
    return name.endswith(cues("agent.coordinating"))


_CASE_ENUMERATOR = re.compile(rf"^(?:[{CHINESE_NUMERAL_CHARS}]{{1,3}}是|\d{{1,2}}[.、]|\(\d{{1,2}}\)|[\u2460-\u2473])")


def read_case_duties(
    text: str,
    inquiry: Collection[tuple[int, int]],
    handling: Collection[tuple[int, int]],
    gazetteer: Gazetteer,
    province: str | None,
    leaders: Collection[str] = (),
) -> list[SentenceDuty]:
    """Who answers for a case of a case table (:mod:`graph.extract.cases`), from its row's cells.

    In the inquiry's cells (调查核实情况) only an assignment counts (区政府责成A和B到现场核查处理,
    由A牵头,B配合): the units that went to look are named for what they did, not for what they answer
    for.  In the cells of what was done (处理和整改情况) every duty a sentence states counts, and a
    unit a clause opens with as the one acting on the case answers for it (草庙子镇政府严格查处…,
    二是区住建委立即要求施工单位…, 由章华镇人民政府实施) unless the row gives it another role; the party
    complained of (该企业, 物业公司) acts too, and answers for nothing here.  A sentence telling who was
    held to account (对…约谈, 问责2人) names no one who answers for the case.
    """
    reader = _Reader(gazetteer, province, leaders)
    punished = cues("case.accountability")
    stated: list[SentenceDuty] = []
    for start, end in inquiry:
        stated += [d for d in read_lead_sentences(text, start, end, gazetteer, province, leaders)
                   if not any(word in text[d.start:d.end] for word in punished)]
    acting: list[SentenceDuty] = []
    for start, end in handling:
        for s_start, s_end in _spans(text, start, end, _SENTENCE_END):
            if any(word in text[s_start:s_end] for word in punished):
                continue
            stated += reader.sentence(text, s_start, s_end)
            for c_start, c_end in _spans(text, s_start, s_end, ",:"):
                acting += [SentenceDuty(m.name, m.kind, Role.RESPONSIBLE, s_start, s_end)
                           for m in _acting_units(reader, text[c_start:c_end])]
    named = [d.agent for d in stated]
    duties = stated + [d for d in acting if not any(_same_unit(d.agent, other) for other in named)]
    first: dict[tuple[str, Role], SentenceDuty] = {}
    for duty in duties:
        if not reader.unnamed(duty.agent):
            first.setdefault((duty.agent, duty.role), duty)  # the row's first sentence saying it is the evidence
    return list(first.values())


def _acting_units(reader: _Reader, clause: str) -> list[AgentMention]:
    """The units a clause opens with as its subject, acting (二是区住建委立即要求…), none a party complained of."""
    body = _without_when(_CASE_ENUMERATOR.sub("", clause.strip()).strip())
    body = body.removeprefix(next((word for word in cues("sentence.by") if body.startswith(word)), ""))
    if _assign_re().search(body) or next(_verbs_in(body), None) is not None:
        # 区政府明确由A负责…: the one who gives the work out does not do it; a duty's verb (由A负责巡查)
        # says the role itself.
        return []
    mentions = reader.leading_agents(body)
    if not mentions or any(m.kind != AgentKind.UNIT for m in mentions):
        return []
    after = body[mentions[-1].end:]
    if not after or after.startswith(("的", "为", "是", "等", "和", "与")):
        return []  # 区环保局的监测结果…, 镇长某某为第一责任人: a unit named, not acting
    if any(word in m.name for m in mentions for word in cues("case.party")):
        return []
    return list(mentions)


def _same_unit(one: str, other: str) -> bool:
    """Whether two names of a row are one unit, one with a level prefix or an ending the other leaves out
    (华容县畜牧兽医局 and 县畜牧兽医局, 荷塘街道办 and 荷塘街道办事处)."""
    return one.endswith(other) or other.endswith(one) or one.startswith(other) or other.startswith(one)
