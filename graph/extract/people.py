"""Leaders with their posts, leading groups with their roles, and cases leaders took on (领办).

Names are found next to a post from ``posts.txt``: after it (省长刘奇, 副省长李贻煌、郑为文,
with a space between them or not: 市长 王明) or before it (骆惠宁书记).  The head of an
organisation (``head_posts.txt``: 市审计局局长 李火生) is read after the post only, and the post
keeps the organisation's name.  A name is a surname from ``surnames.txt`` and a one- or
two-character given name (so three or four characters after a compound surname:
欧阳明高); which of the two lengths is decided by the words that follow names
(``name_followers.txt``: 刘奇强调 is 刘奇, 鹿心社明确 is 鹿心社).  A name must end where
the text says it does, at punctuation, a space, the end of the text or a following word; a
surname running on into other words is no name (书记关于生态…, 总书记来陕考察: no 关于生, no
来陕考), and a post with no name after it stays a post.
No segmenter is used: general-purpose Chinese word segmenters split official
titles and rare given names unpredictably, while this genre always puts names
next to a post.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from graph.core.gazetteer import Gazetteer
from graph.core.lexicon import alternation, cue_table, cues, word_list
from graph.extract.agents import is_level_prefix, is_unit
from graph.extract.duties import split_clause
from graph.extract.normalize import NormalText
from graph.records import (
    AgentKind,
    Assignment,
    GroupMembership,
    Leader,
    LeadingGroup,
    Problem,
    ProblemKind,
    Role,
    Span,
    TaskKind,
)

_HANZI = re.compile(r"[\u4e00-\u9fff]")
_BOUNDARY = set(",。、;:()《》“”\"' \n由和了与及是对将")
_SENTENCE_END = "。;!?\n"
# From the start of a run of numerals only: inner starts would rescan a long run once per character.
_COUNTED_TAIL = re.compile(r"(?<![一二两三四五六七八九十\d])[一二两三四五六七八九十\d]+[项个件].*$")
_MEMBER_COUNT = re.compile(r"\d+[个家]")


@dataclass
class People:
    """Leaders, groups, memberships and leader-led cases of one document."""

    leaders: dict[str, Leader] = field(default_factory=dict)
    groups: dict[str, LeadingGroup] = field(default_factory=dict)
    memberships: list[GroupMembership] = field(default_factory=list)
    member_units: list[str] = field(default_factory=list)
    cases: list[Problem] = field(default_factory=list)
    case_assignments: list[Assignment] = field(default_factory=list)


_SPACES = " \u3000\xa0\t"


def _posts_pattern() -> re.Pattern[str]:
    posts = alternation(word_list("posts") + word_list("head_posts"))
    return re.compile(rf"(?:(?:{posts})、)*(?:{posts})")


def _with_organisation(text: str, start: int, post: str, gazetteer: Gazetteer, province: str | None) -> str:
    """A head's post with the organisation's name before it (市审计局 + 局长), when one is there."""
    if post not in word_list("head_posts"):
        return post
    reach = max(0, start - 24)  # an organisation's name is short: never look further back
    line_start = max(max(text.rfind(mark, reach, start) for mark in ",。;:、,()“”《》\n ") + 1, reach)
    for cut in range(line_start, start - 1):
        organisation = text[cut:start]
        # Right before a head's title, a phrase that opens with a level or a region names the
        # organisation even when its last word is no usual one (市人大常委会副主任).
        if is_unit(organisation, gazetteer, province) or any(
            is_level_prefix(organisation[:end], gazetteer, province) for end in range(1, min(len(organisation), 7))
        ):
            return organisation + post
    return post


def _is_name(candidate: str, gazetteer: Gazetteer, province: str | None) -> bool:
    """A surname followed by a one- or two-character given name (刘奇, 鹿心社, 欧阳明高)."""
    if not all(_HANZI.match(ch) for ch in candidate):
        return False
    if candidate.startswith(word_list("not_names")):
        return False
    surnames = word_list("surnames")
    if not any(candidate.startswith(s) and 1 <= len(candidate) - len(s) <= 2 for s in surnames):
        return False
    return not gazetteer.by_name(candidate, province)


def _inside_a_region_name(text: str, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """Whether a post's last characters start a region's name: 西安市长安区 and 湖南省长沙市 hold no 市长, 省长.

    Any province's names count: a Hunan plan may name 西安市长安区 too.
    """
    window = max(0, start - 12)
    return any(start < window + at < end for at in gazetteer.name_starts(text[window : end + 12]))


def _name_at(text: str, at: int, gazetteer: Gazetteer, province: str | None) -> str | None:
    """The name starting at ``at``, with a one- or two-character given name, if one is there.

    The longest surname at ``at`` sets the lengths: two or three characters after
    a single surname (刘奇, 鹿心社), three or four after a compound one (欧阳明高).  The name
    must end where the text marks an end (:func:`_ends_at`): a surname followed by characters
    that run on into other words (关于生态, 来陕考察, 高度重视) is no name.
    """
    followers = word_list("name_followers")
    if any(text.startswith(word, at) for word in followers):
        return None
    surname = max((s for s in word_list("surnames") if text.startswith(s, at)), key=len, default=None)
    if surname is None:
        return None
    short_end, long_end = at + len(surname) + 1, at + len(surname) + 2
    short, long = text[at:short_end], text[at:long_end]
    ends_after_short = _ends_at(text, short_end)
    ends_after_long = _ends_at(text, long_end)
    if not ends_after_short and ends_after_long and _is_name(long, gazetteer, province):
        return long
    if _is_name(short, gazetteer, province) and ends_after_short:
        return short
    # Longer names (巴音朝鲁) are read only when a word that follows a person ends them (巴音朝鲁领办,
    # 白音巴特尔任副组长: ``name.long_follower``): any follower would make 高度重视 of
    # 书记高度重视召开 a name.
    if not ends_after_short and not ends_after_long:
        for end in (long_end + 1, long_end + 2):
            name = text[at:end]
            if (end < len(text) and any(text.startswith(word, end) for word in cues("name.long_follower"))
                    and all(_HANZI.match(ch) for ch in name) and not name.startswith(word_list("not_names"))
                    and not gazetteer.by_name(name, province)):
                return name
    return None


def _ends_at(text: str, end: int) -> bool:
    """Whether a name may end at ``end``: the text ends, or a non-Hanzi character or a follower word begins."""
    return end >= len(text) or not _HANZI.match(text[end]) or any(
        text.startswith(word, end) for word in word_list("name_followers")
    )


def split_post_and_name(text: str, gazetteer: Gazetteer, province: str | None) -> tuple[str, str] | None:
    """A field's ``post + name`` (市人大常委会副主任李明) or ``name(post)`` (王建国(副市长)), if it is one."""
    text = text.strip()
    if text.endswith(")") and "(" in text:
        name, _, post = text[:-1].partition("(")
        if _is_name(name.strip(), gazetteer, province):
            return post.strip(), name.strip()
        return None
    for length in (3, 4, 2):
        name, post = text[-length:], text[:-length]
        if len(post) >= 2 and _is_name(name, gazetteer, province) and _name_at(text, len(post), gazetteer, province):
            return post.rstrip(_SPACES), name
    return None


def find_leaders(ntext: NormalText, gazetteer: Gazetteer, province: str | None) -> dict[str, Leader]:
    """Every named leader of the document with all the posts it gives them."""
    text = ntext.text
    posts_re = _posts_pattern()
    found: dict[str, tuple[list[str], Span]] = {}

    def add(name: str, posts: list[str], start: int) -> None:
        if name not in found:
            found[name] = ([], ntext.span(start, start + len(name)))
        for post in posts:
            if post not in found[name][0]:
                found[name][0].append(post)

    single_posts = set(word_list("posts"))
    for match in posts_re.finditer(text):
        if _inside_a_region_name(text, match.start(), match.end(), gazetteer):
            continue
        posts = match.group(0).split("、")
        posts[0] = _with_organisation(text, match.start(), posts[0], gazetteer, province)
        at = match.end()
        while at < len(text) and at - match.end() < 2 and text[at] in _SPACES:
            at += 1  # 市审计局局长 李火生: a space the page put between post and name
        # Post then names: 副省长李贻煌、郑为文
        name = _name_at(text, at, gazetteer, province)
        while name:
            add(name, posts, at)
            at += len(name)
            if at < len(text) and text[at] == "、":
                name = _name_at(text, at + 1, gazetteer, province)
                at += 1
            else:
                name = None
        # Name then post: 骆惠宁书记, 刘奇省长.  Only a title without its committee: the full party
        # titles stand before the name (县委书记王立新), and what stands before them is a verb
        # (成立县委书记…任组长的领导小组).
        if match.group(0) in single_posts and "委" not in match.group(0):
            begin = match.start()
            run = begin
            while run > 0 and begin - run < 4 and text[run - 1] not in _BOUNDARY and _HANZI.match(text[run - 1]):
                run -= 1
            candidate = text[run:begin]
            if (run == 0 or text[run - 1] in _BOUNDARY) and _is_name(candidate, gazetteer, province):
                add(candidate, [match.group(0)], run)
                continue
            # 贯彻落实刘奇书记批示: the name follows a verb of citing, not punctuation.
            for length in (3, 2, 4):
                start = begin - length
                if (start >= 0 and text.endswith(cues("name.preceder"), 0, start)
                        and _is_name(text[start:begin], gazetteer, province)):
                    add(text[start:begin], [match.group(0)], start)
                    break
    return {name: Leader(name=name, posts=tuple(posts), span=span) for name, (posts, span) in found.items()}


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    for index in range(start, end):
        if text[index] in _SENTENCE_END:
            if index > begin:
                spans.append((begin, index + 1))
            begin = index + 1
    if end > begin:
        spans.append((begin, end))
    return spans


def group_key(name: str) -> str:
    """A stable key for a group name, so 环保督察… and 环境保护督察… are one group."""
    normal = name
    for short, full in cue_table("abbreviations").items():
        normal = normal.replace(short, full[0] if full else short)
    normal = re.sub(r"^.{2,4}?(省|自治区|市)(?=.{4,})", "", normal)
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:12]


def find_groups(ntext: NormalText, leaders: dict[str, Leader], people: People) -> None:
    """Leading groups set up in the text, with heads, deputies, member units and office."""
    text = ntext.text
    noun = cues("group.noun")[0]
    setup = alternation(cues("group.setup"))
    setup_re = re.compile(rf"(?:{setup})(?P<body>[^。;]*?{re.escape(noun)})")
    head_cues, deputy_cues = cues("group.head"), cues("group.deputy") + cues("group.first_deputy")
    member_cues, office_cues = cues("group.members"), cues("group.office")
    next_base = 0
    for paragraph in text.split("\n"):
        base, next_base = next_base, next_base + len(paragraph) + 1
        if noun not in paragraph:
            continue
        current: str | None = None
        for s_start, s_end in _sentences(text, base, base + len(paragraph)):
            sentence = text[s_start:s_end]
            # A set-up phrase ends with the noun: searching past its last occurrence only rescans
            # the sentence from every later 成立 (quadratic in a long sentence of them).
            match = setup_re.search(sentence, 0, sentence.rfind(noun) + len(noun))
            segments_from = 0
            segments_to = s_end
            if match and _generic_setup(sentence, match.start(), match.group("body")):
                # 各部门均成立以…为组长的领导小组: many groups, none named; what the rest of
                # the sentence says about heads and members is about those groups.
                segments_to = s_start + match.start()
                match = None
            if match:
                body = match.group("body")
                body_start = s_start + match.start("body")
                if "的" in body and any(c in body for c in head_cues + deputy_cues):
                    # 成立了由刘奇省长任组长、相关副省长任副组长的…领导小组
                    cut = body.rindex("的")
                    name = body[cut + 1 :]
                    current = _add_group(ntext, people, name, body_start + cut + 1)
                    _read_role_segments(ntext, people, current, leaders, body_start, body_start + cut,
                                        head_cues, deputy_cues, member_cues, office_cues)
                else:
                    name = body.removeprefix("了").removeprefix("由")
                    current = _add_group(ntext, people, name, body_start + len(body) - len(name))
                segments_from = s_start + match.end()
            if current is not None:
                _read_role_segments(ntext, people, current, leaders, max(s_start, segments_from), segments_to,
                                    head_cues, deputy_cues, member_cues, office_cues)


def _generic_setup(sentence: str, at: int, body: str) -> bool:
    """Whether a set-up sentence speaks of many groups (各地均成立…) rather than one.

    The clause before the set-up verb is read back to the last comma, so 各县市区均已成立…
    and 各市州相应成立了… are generic just as 各市均成立… is.
    """
    clause = sentence[max(sentence.rfind(ch, 0, at) for ch in ",;:。") + 1 : at].strip()
    generic = cues("group.generic")
    return (
        any(word in clause or word in body for word in generic)
        or clause.startswith(cues("group.generic_subject"))
        or body.startswith(cues("group.generic_head"))
    )


def _add_group(ntext: NormalText, people: People, name: str, start: int) -> str:
    key = group_key(name)
    span = ntext.span(start, start + len(name))
    known = people.groups.get(key)
    if known is None or len(name) > len(known.name):
        people.groups[key] = LeadingGroup(key=key, name=name, span=known.span if known else span)
    return key


def _read_role_segments(
    ntext: NormalText,
    people: People,
    group: str,
    leaders: dict[str, Leader],
    start: int,
    end: int,
    head_cues: tuple[str, ...],
    deputy_cues: tuple[str, ...],
    member_cues: tuple[str, ...],
    office_cues: tuple[str, ...],
) -> None:
    """Assign what is listed before each role cue (…任组长, …任副组长, …为成员) and after 办公室设在.

    常务副组长/第一副组长 are first deputy heads; 下设综合协调组、督查督办组 names the group's
    working sub-groups (names ending with ``group.subgroup_noun``; 下设办公室 is the office).
    """
    text = ntext.text
    roles = {**dict.fromkeys(head_cues, "head"), **dict.fromkeys(deputy_cues, "deputy_head"),
             **dict.fromkeys(cues("group.first_deputy"), "first_deputy_head"),
             **dict.fromkeys(member_cues, "member"), **dict.fromkeys(office_cues, "office"),
             **dict.fromkeys(cues("group.subgroups"), "subgroups")}
    cue_re = re.compile(alternation(list(roles)))
    body_start = start
    for match in cue_re.finditer(text, start, end):
        # What a cue assigns starts after the previous cue, within the same sentence.
        sentence_start = max(text.rfind(ch, body_start, match.start()) for ch in "。;") + 1
        begin = max(body_start, sentence_start)
        while begin < match.start() and text[begin] in ",、 ":
            begin += 1
        role = roles[match.group(0)]
        if role == "subgroups":
            stop = min((i for i in (text.find(ch, match.end(), end) for ch in ",。;") if i != -1), default=end)
            _add_subgroups(ntext, people, group, match.end(), stop)
            body_start = stop
        elif role == "office":
            stop = min((i for i in (text.find(ch, match.end(), end) for ch in ",。;") if i != -1), default=end)
            unit = text[match.end():stop]
            people.memberships.append(GroupMembership(group, "office", unit, AgentKind.UNIT,
                                                      ntext.span(match.end(), stop)))
            people.member_units.append(unit)
            body_start = stop
        elif role == "member":
            _add_members(ntext, people, group, begin, match.start())
            body_start = match.end()
        else:
            _add_people(ntext, people, group, role, leaders, begin, match.start())
            body_start = match.end()


def _add_people(
    ntext: NormalText, people: People, group: str, role: str, leaders: dict[str, Leader], start: int, end: int
) -> None:
    text = ntext.text
    segment = text[start:end]
    named = False
    for name in sorted(leaders, key=len, reverse=True):
        for found in re.finditer(re.escape(name), segment):
            people.memberships.append(GroupMembership(group, role, name, AgentKind.LEADER,
                                                      ntext.span(start + found.start(), start + found.end())))
            named = True
    if named:
        return
    # Posts without names (省监察厅厅长…为副组长): the holder of each post is a member.
    body = segment.removeprefix("由")
    offset = start + len(segment) - len(body)
    for item in re.finditer(r"[^、,]+", body):
        post = item.group(0).strip()
        if post and not post.startswith(("相关", "有关")):
            people.memberships.append(GroupMembership(group, role, post, AgentKind.POST,
                                                      ntext.span(offset + item.start(), offset + item.end())))


def _add_subgroups(ntext: NormalText, people: People, parent: str, start: int, end: int) -> None:
    text = ntext.text
    noun = cues("group.subgroup_noun")
    at = start
    for item in re.split(r"[、和及]", text[start:end]):
        name = item.strip()
        begin = text.index(item, at) if item else at
        at = begin + len(item)
        if name.endswith(noun) and 2 < len(name) <= 12 and not name.endswith(cues("group.noun")):
            key = group_key(people.groups[parent].name + name)
            people.groups.setdefault(key, LeadingGroup(key=key, name=name, span=ntext.span(begin, begin + len(item)),
                                                       parent=parent))


def _add_members(ntext: NormalText, people: People, group: str, start: int, end: int) -> None:
    text = ntext.text
    counted = _MEMBER_COUNT.match(text, start, end)
    if counted:
        start = counted.end()  # 21个省直有关单位…: the count is not part of the name
    body = re.sub(r"(主要负责同志|主要负责人|负责同志)$", "", text[start:end])
    for token in split_clause(body.replace("及", "、")):
        name = token.name
        if name:
            people.memberships.append(GroupMembership(group, "member", name, AgentKind.UNIT,
                                                      ntext.span(start + token.start, start + token.end)))
            people.member_units.append(name)


def find_cases(ntext: NormalText, leaders: dict[str, Leader], people: People) -> None:
    """Cases leaders personally took on (骆惠宁书记领办整改了A和B两项…以及C问题)."""
    text = ntext.text
    verb = cues("case.verb")[0]
    number = 0
    verbs = list(re.finditer(re.escape(verb), text))
    # Segment ends found once: searching for them from every verb rescanned the text (quadratic).
    stops = [m.start() for m in re.finditer(r"[,。;\n]", text)] if verbs else []
    for index, found in enumerate(verbs):
        at = bisect_left(stops, found.start())
        seg_start = stops[at - 1] + 1 if at else 0
        seg_end = stops[at] if at < len(stops) else len(text)
        # Another 领办 in the same segment starts a case of its own (A领办X、B领办Y): each reads
        # only up to its neighbours, or a run of them made cases, labels and evidence quadratic.
        if index:
            seg_start = max(seg_start, verbs[index - 1].end())
        if index + 1 < len(verbs):
            seg_end = min(seg_end, verbs[index + 1].start())
        before = text[seg_start : found.start()]
        leader = next((name for name in sorted(leaders, key=len, reverse=True) if name in before), None)
        if leader is None:
            continue
        obj_start = found.end()
        for prefix in ("整改了", "了", "整改"):
            if text.startswith(prefix, obj_start):
                obj_start += len(prefix)
                break
        evidence = ntext.span(seg_start, seg_end)
        obj_end = seg_end
        if index + 1 < len(verbs) and verbs[index + 1].start() == seg_end:
            obj_end = _before_next_leader(text, obj_start, seg_end, leaders)
        for part_start, part_end in _split_spans(text, obj_start, obj_end, ("以及",)):
            part = text[part_start:part_end]
            tail = _COUNTED_TAIL.search(part)
            if tail:
                part_end = part_start + tail.start()
            for case_start, case_end in _split_spans(text, part_start, part_end, ("和", "、")):
                label = text[case_start:case_end].strip()
                if len(label) < 2:
                    continue
                number += 1
                code = f"case.{number}"
                people.cases.append(Problem(code=code, label=label, span=ntext.span(case_start, case_end),
                                          kind=ProblemKind.CASE))
                people.case_assignments.append(
                    Assignment(agent=leader, agent_kind=AgentKind.LEADER, task=code, task_kind=TaskKind.PROBLEM,
                               role=Role.LEAD, evidence=evidence)
                )


def _before_next_leader(text: str, start: int, end: int, leaders: dict[str, Leader]) -> int:
    """Where the cases of one 领办 end when another leader's 领办 follows in the same segment.

    In 骆惠宁领办A问题、楼阳生省长领办B问题 the first object runs up to the separator before the
    next leader's mention (a post before the name goes with it), not into it.
    """
    found = [at for name in leaders if (at := text.find(name, start, end)) != -1]
    if not found:
        return end
    first = min(found)
    cut = max(text.rfind(mark, start, first) for mark in cues("case.join"))
    return cut if cut > start else end


def _split_spans(text: str, start: int, end: int, separators: tuple[str, ...]) -> list[tuple[int, int]]:
    pattern = re.compile(alternation(list(separators)))
    spans: list[tuple[int, int]] = []
    begin = start
    for match in pattern.finditer(text, start, end):
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, end))
    return [(s, e) for s, e in spans if e > s]
