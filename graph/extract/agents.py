"""Agents in running text: is a phrase a unit, a post or a named leader; read a list of them.

A clause such as ``责任单位:`` says where its units are; running text does not, so a phrase
is taken for an agent only when its shape says so:

- a *unit* ends with an organisation word (``unit_suffixes.txt``) and starts with a level
  prefix (``unit_prefixes.txt``: 省, 市委 …) or a region's name (南昌市, 宜春), or is a bare
  department (a stem of ``department_stems.txt`` plus an agency suffix: 卫生健康委), or is
  collective (``collective_prefixes.tsv``: 各区县, 市直部门, 责任单位);
- a *post* ends with a title (``posts.txt``: 市委书记, 市长) or a functional post
  (``agent.post_suffix``: 分管领导, 主要领导同志) after nothing, a unit or a modifier;
- a *leader* is a name :func:`graph.extract.people.find_leaders` found next to a post.

Lists are split at 、 and at a splitting 和/及/与.  Two sharings are undone:

- a level prefix over bare departments (``省教育厅、卫生健康委`` = 省教育厅 and 省卫生健康委):
  a bare department takes the prefix of the nearest prefixed unit before it in the same list,
  and stays as written when there is none (``经济和信息化厅`` standing first or alone);
- a post over units (``省委、省政府主要领导同志`` = 省委主要领导同志 and 省政府主要领导同志).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache, lru_cache

from graph.core.gazetteer import Gazetteer, load_gazetteer
from graph.core.lexicon import cue_table, cues, labelled_words, word_list
from graph.records import AgentKind

# Hanzi and parentheses; a 、 only between levels inside a parenthesis (各县(市、区)人民政府).
_HANZI_NAME = re.compile(r"^(?:[\u4e00-\u9fff()]|\([\u4e00-\u9fff]{1,3}(?:、[\u4e00-\u9fff]{1,3})+\))+$")
LIST_JOINS = "、和及与"
# A body named after a place the gazetteer lacks (place_bodies.txt): a place of 2-6 characters that
# starts with no function word or collective mark (由孟塬镇…, 督促各乡镇…, 全镇…).
_PLACE_BODY = re.compile(r"(?![由对和与在向从把将及并同会为是各全本该所其])[\u4e00-\u9fff]{2,6}"
                         r"(?:镇|乡|街道|国家公园|自然保护区|风景名胜区)[\u4e00-\u9fff]{2,6}")
_MODIFIERS = ("分管", "主要", "相关", "有关", "各级", "各", "其他")
_MAX_LEN = 24


@dataclass(frozen=True)
class AgentMention:
    """An agent named in running text, with its place in that text."""

    name: str
    kind: AgentKind
    start: int
    end: int


@cache
def _collective_prefixes() -> tuple[tuple[str, str], ...]:
    rows = [(prefix, levels[0] if levels else "all") for prefix, levels in cue_table("collective_prefixes").items()]
    return tuple(sorted(rows, key=lambda row: len(row[0]), reverse=True))


@lru_cache(maxsize=1 << 16)
def collective_level(name: str) -> str | None:
    """The level of regions a collective unit covers (``各设区市政府`` -> "city"), or None.

    ``none`` for collectives of departments that cover no regions of their own (市直部门).
    """
    for prefix, level in _collective_prefixes():
        if name.startswith(prefix):
            return level
    return None


def is_name_he(text: str, index: int) -> bool:
    """Whether the 和 at ``index`` is part of a name, not a list join.

    Part of an official name (经济和信息化厅, ``unit_compounds.txt``) or of a region's name
    (南和县).  A 和 with nothing before it (start of the text, after punctuation or 、)
    joins nothing, so it starts a name (和平区环保局).  A region name that starts with the 和
    is not enough on its own: in 省环保厅和县政府 the 和 still joins.
    """
    if index == 0 or not _HANZI_NAME.match(text[index - 1]):
        return True
    if _in_compound(text, index):
        return True
    return text[index] == "和" and _he_in_region_name(text, index)


def _in_compound(text: str, index: int) -> bool:
    """Whether the join word at ``index`` (和, 与) lies inside an official name piece (海洋与渔业)."""
    join = text[index]
    for word in word_list("unit_compounds"):
        at = word.find(join)
        while at != -1:
            begin = index - at
            if begin >= 0 and text.startswith(word, begin):
                return True
            at = word.find(join, at + 1)
    return False


# Longer than any region name that holds a 和 (和布克赛尔蒙古自治县 has 10 characters).
_REGION_WINDOW = 12


def _he_in_region_name(text: str, index: int) -> bool:
    lo = max(0, index - _REGION_WINDOW)
    window = text[lo : index + _REGION_WINDOW]
    for start, end, _ in load_gazetteer().find_mentions(window):
        start, end = start + lo, end + lo
        if start < index < end:
            return True
    return False


@cache
def _departments() -> tuple[frozenset[str], tuple[str, ...]]:
    """Department stems and agency suffixes of ``department_stems.txt``."""
    words = labelled_words("department_stems", ("suffixes",))
    return frozenset(words[""]), tuple(sorted(words["suffixes"], key=len, reverse=True))


def is_bare_department(name: str) -> bool:
    """Whether ``name`` is a department without a level prefix (卫生健康委, 教育厅, 组织部)."""
    stems, suffixes = _departments()
    return any(name.endswith(suffix) and name[: -len(suffix)] in stems for suffix in suffixes)


@cache
def _post_words() -> tuple[str, ...]:
    return tuple(sorted(set(word_list("posts")) | set(cues("agent.post_suffix")), key=len, reverse=True))


@cache
def _post_lookup() -> tuple[frozenset[str], tuple[int, ...]]:
    words = _post_words()
    return frozenset(words), tuple(sorted({len(word) for word in words}, reverse=True))


def is_level_prefix(prefix: str, gazetteer: Gazetteer, province: str | None) -> bool:
    """Whether ``prefix`` is a level prefix: 省, 市委, a region (南昌市), a region + 市委, 各设区市."""
    if not prefix:
        return False
    if prefix in word_list("unit_prefixes") or collective_level(prefix) is not None:
        return True
    for start, end, _ in gazetteer.find_mentions(prefix, province):
        if start == 0:
            rest = prefix[end:]
            return not rest or rest in word_list("unit_prefixes") or rest in ("委", "党委")
    return False


def _name_shaped(name: str) -> bool:
    """Whether ``name`` could be an agent's name at all: 2 to 24 characters of hanzi and parentheses."""
    return 2 <= len(name) <= _MAX_LEN and _HANZI_NAME.match(name) is not None


def is_unit(name: str, gazetteer: Gazetteer, province: str | None) -> bool:
    """Whether ``name`` has the shape of an organisation's name (see the module docstring)."""
    if not _name_shaped(name):
        return False
    if is_bare_department(name):
        return True
    suffixed = name.endswith(tuple(word_list("unit_suffixes")))
    if collective_level(name) is not None:
        # 各区县, 市直部门, 各县(市)区政府; not 各县(市)区政府制 (a name run into the sentence)
        # A prefix alone is a collective when it names one: 各区县, 成员单位; not 相关, 有关, 市直, whose
        # noun is still to come (相关技术人员 cut short is no unit).
        return suffixed or any(name == prefix and (level != "none" or prefix.endswith(("部门", "单位")))
                               for prefix, level in _collective_prefixes())
    if _PLACE_BODY.fullmatch(name) and name.endswith(word_list("place_bodies")):
        return True
    if not suffixed:
        return False
    return any(is_level_prefix(name[:cut], gazetteer, province) for cut in range(1, len(name)))


@cache
def _field_unit_endings() -> tuple[str, ...]:
    words = set(word_list("unit_suffixes")) | set(word_list("unit_endings")) | set(word_list("bare_institutions"))
    return tuple(sorted(words, key=len, reverse=True))


def is_known_unit(name: str, gazetteer: Gazetteer, province: str | None) -> bool:
    """Whether a name a field lists as a unit (责任单位:…) looks like an organisation's name.

    Laxer than :func:`is_unit`, since the field already says a unit is named: any name that
    ends with an organisation word (``unit_suffixes.txt``, ``unit_endings.txt``), or is a
    department, a collective or a post.  What fails is a name cut short (省生态环) or text
    that is no name at all (``?,F``, ``0``).
    """
    if not name or len(name) > _MAX_LEN or not _HANZI_NAME.match(name):
        return False
    if is_bare_department(name) or collective_level(name) is not None or name.endswith(_field_unit_endings()):
        return True
    return is_post(name, gazetteer, province)


def is_post(name: str, gazetteer: Gazetteer, province: str | None) -> bool:
    """Whether ``name`` names a post: 市长, 省委书记, 分管领导, 责任单位主要领导同志."""
    if not _name_shaped(name):
        return False
    words, lengths = _post_lookup()
    for length in lengths:  # longest first, as _post_words: a set lookup per length, not a scan of every post
        word = name[-length:]
        if len(name) >= length and word in words:
            head = name[: -len(word)]
            if (
                not head
                or head in _MODIFIERS
                or is_level_prefix(head, gazetteer, province)
                or is_unit(head, gazetteer, province)
            ):
                return True
    return False


def names_nobody(name: str, gazetteer: Gazetteer, province: str | None) -> bool:
    """Whether an agent names no one in particular: a post of no body (分管领导同志, 责任单位主要领导同志)
    or a collective of unnamed departments (有关部门, 相关单位); 省直有关单位 and 市委主要领导 name someone."""
    if collective_level(name) == "none" and not name.startswith(word_list("unit_prefixes")):
        return True
    # Only functional posts: a title (市长, 省委书记) names its holder wherever it stands.
    word = next((w for w in cues("agent.post_suffix") if name.endswith(w)), None)
    if word is None or is_unit(name, gazetteer, province):
        return False
    head = name[: -len(word)]
    return not head or head in _MODIFIERS or collective_level(head) == "none"


def agent_kind(
    name: str, gazetteer: Gazetteer, province: str | None, leaders: Collection[str] = ()
) -> AgentKind | None:
    """``leader``, ``post`` or ``unit`` for a phrase that names an agent, else None."""
    if name in leaders:
        return AgentKind.LEADER
    if is_post(name, gazetteer, province):
        return AgentKind.POST
    if is_unit(name, gazetteer, province):
        return AgentKind.UNIT
    return None


def level_prefix(name: str, gazetteer: Gazetteer, province: str | None) -> str | None:
    """The level prefix of a prefixed department (省教育厅 -> 省, 市委组织部 -> 市委), if any."""
    for cut in range(1, len(name)):
        if is_bare_department(name[cut:]) and is_level_prefix(name[:cut], gazetteer, province):
            return name[:cut]
    return None


def share_prefix(
    names: list[str], separators: list[str], gazetteer: Gazetteer, province: str | None
) -> list[str]:
    """Give bare departments the level prefix of the nearest prefixed unit before them in a 、-list.

    ``separators[i]`` is what stood before ``names[i]``; a comma or semicolon ends the list.

    >>> from graph.core.gazetteer import load_gazetteer
    >>> share_prefix(["省教育厅", "卫生健康委", "水利厅"], ["", "、", "、"], load_gazetteer(), None)
    ['省教育厅', '省卫生健康委', '省水利厅']
    >>> share_prefix(["经济和信息化厅", "省财政厅"], ["", "、"], load_gazetteer(), None)
    ['经济和信息化厅', '省财政厅']
    >>> share_prefix(["市委宣传部", "组织部", "财政局", "政法委"], ["", "、", "、", "、"], load_gazetteer(), None)
    ['市委宣传部', '市委组织部', '市财政局', '市委政法委']
    """
    def attach(prefix: str, name: str) -> str | None:
        return _government_level(prefix, name) + name if is_bare_department(name) or name in _bodies() else None

    def prefix_of(name: str, prefix: str | None) -> str | None:
        return (level_prefix(name, gazetteer, province) or _collective_of_bodies(name)
                or _plain_level(name, gazetteer, province) or prefix)

    return _carry_prefix(names, separators, attach, prefix_of)


def _carry_prefix(names: list[str], separators: list[str], attach: Callable[[str, str], str | None],
                  prefix_of: Callable[[str, str | None], str | None]) -> list[str]:
    """A 、-list's names, each that ``attach`` takes given the prefix carried so far (the name with it)
    replaced; every other name sets the prefix carried on (``prefix_of``); a comma or semicolon drops it."""
    shared: list[str] = []
    prefix: str | None = None
    for name, separator in zip(names, separators, strict=True):
        if separator not in ("", *LIST_JOINS):
            prefix = None
        attached = attach(prefix, name) if prefix else None
        if attached is not None:
            name = attached
        else:
            prefix = prefix_of(name, prefix)
        shared.append(name)
    return shared


# Government departments (厅, 局, the commissions 发展改革委, 卫生健康委 …) after a party committee's
# department share its level, not the committee: 省委办公厅、财政厅 names 省财政厅 (省委财政厅 is no unit);
# 市委宣传部、组织部 names 市委组织部. The committee's own offices and commissions keep it.
_GOVERNMENT_ENDINGS = ("厅", "局", "委")
_COMMITTEE_OWN = ("办公厅", "政法委", "纪委", "编委")


def _government_level(prefix: str, department: str) -> str:
    """The prefix a bare ``department`` takes after a unit with ``prefix``: a party committee's (省委, 南昌市委)
    without its 委 for a government department."""
    if (prefix.endswith("委") and len(prefix) > 1 and department.endswith(_GOVERNMENT_ENDINGS)
            and not department.endswith(_COMMITTEE_OWN)):
        return prefix[:-1]
    return prefix


def _plain_level(name: str, gazetteer: Gazetteer, province: str | None) -> str | None:
    """The level word a unit not named after a department opens with (县两办督查室 -> 县), which a
    bare department after it shares (县两办督查室、效能办 = 县效能办)."""
    word = next((w for w in _level_words() if name.startswith(w)), None)
    return word if word is not None and len(name) > len(word) and is_unit(name, gazetteer, province) else None


@cache
def _level_words() -> tuple[str, ...]:
    """unit_prefixes.txt, longest first (sorted once: share_prefix asks for every name of every list)."""
    return tuple(sorted(word_list("unit_prefixes"), key=len, reverse=True))


def _collective_of_bodies(name: str) -> str | None:
    """The collective prefix of ``各市(州)党委`` (各市(州)), which a bare 政府 after it shares
    (各市(州)党委、政府 names 各市(州)党委 and 各市(州)政府)."""
    body = next((b for b in _bodies() if name.endswith(b)), None)
    if body is None or collective_level(name) in (None, "none"):
        return None
    return name[: -len(body)]


@cache
def _bodies() -> tuple[str, ...]:
    return tuple(sorted(word_list("bare_institutions"), key=len, reverse=True))


# What a list of places shares after its last place's name: 芜湖市、铜陵市、安庆市人民政府.
_SHARED_ENDINGS = ("人民政府", "政府", "党委", "党委和政府", "党委、政府", "市政府", "县政府", "区政府",
                   "市人民政府", "县人民政府", "区人民政府", "市党委", "县党委", "区党委")


def share_suffix(
    names: list[str], separators: list[str], gazetteer: Gazetteer, province: str | None
) -> list[str]:
    """Give bare places of a 、-list the ending of its last item: ``芜湖市、铜陵市人民政府`` names two
    governments, ``南昌、九江市政府`` two city governments.

    >>> from graph.core.gazetteer import load_gazetteer
    >>> share_suffix(["芜湖市", "铜陵市", "安庆市人民政府"], ["", "、", "、"], load_gazetteer(), "340000000000")
    ['芜湖市人民政府', '铜陵市人民政府', '安庆市人民政府']
    """
    if len(names) < 2 or any(sep not in ("", *LIST_JOINS) for sep in separators):
        return names
    mentions = gazetteer.find_mentions(names[-1], province)
    if not mentions or mentions[0][0] != 0:
        return names
    ending = names[-1][mentions[0][1]:]
    if ending not in _SHARED_ENDINGS:
        return names
    shared = []
    for name in names[:-1]:
        place = gazetteer.find_mentions(name, province)
        whole_place = len(place) == 1 and place[0][0] == 0 and place[0][1] == len(name)
        shared.append(name + ending if whole_place else name)
    return [*shared, names[-1]]


def without_aside(name: str) -> str:
    """A name without the body a closing parenthesis offers beside it (区人民政府(管委会): the
    development zones' committees where there is no government); the aside names no one apart."""
    for aside in cues("agent.aside"):
        bracketed = f"({aside})"
        if name.endswith(bracketed) and len(name) > len(bracketed):
            return name[: -len(bracketed)]
    return name


def _bare_collective(name: str) -> str | None:
    """The collective prefix ``name`` is exactly (各县, 各区, 各乡镇), if it covers regions."""
    if collective_level(name) in (None, "none", "all"):
        return None
    return name if any(name == prefix for prefix, _ in _collective_prefixes()) else None


def share_collective(names: list[str], separators: list[str]) -> list[str]:
    """``各县、区人民政府``: a collective prefix (各县) and bare levels (区) before a level with an
    ending (区人民政府) share the 各 and the ending: 各县人民政府, 各区人民政府.

    >>> share_collective(["各县", "区人民政府"], ["", "、"])
    ['各县人民政府', '各区人民政府']
    >>> share_collective(["各县", "市直部门"], ["", "、"])
    ['各县', '市直部门']
    """
    if len(names) < 2 or any(sep not in ("", "、") for sep in separators) or _bare_collective(names[0]) is None:
        return names
    last = names[-1]
    ending = next((last[len(prefix) - 1:] for prefix, _ in _collective_prefixes()
                   if ("各" + last).startswith(prefix) and _bare_collective(prefix)
                   and last[len(prefix) - 1:] in _SHARED_ENDINGS), None)
    if ending is None or not all(_bare_collective("各" + name) for name in names[1:-1]):
        return names
    return [names[0] + ending] + ["各" + name + ending for name in names[1:-1]] + ["各" + last]


def _inside_parentheses(text: str) -> set[int]:
    """Offsets inside a closed pair of parentheses; an unclosed one (a clause cut by the page) encloses nothing."""
    if "(" not in text:
        return set()
    inside: set[int] = set()
    opened: list[int] = []
    for index, ch in enumerate(text):
        if ch == "(":
            opened.append(index)
        elif ch == ")" and opened:
            inside.update(range(opened.pop() + 1, index))
    return inside


def split_list(text: str) -> list[tuple[str, int, int, str]]:
    """Items of a 、/和 list as ``(item, start, end, separator before it)``; a join inside parentheses
    splits nothing (各县(市、区)人民政府 is one item)."""
    items: list[tuple[str, int, int, str]] = []
    begin, separator = 0, ""
    inside = _inside_parentheses(text)
    for index, ch in enumerate(text):
        if ch in LIST_JOINS and index not in inside and not (ch == "和" and is_name_he(text, index)) and not (
            ch == "与" and _in_compound(text, index)
        ):
            items.append((text[begin:index], begin, index, separator))
            begin, separator = index + 1, ch
    items.append((text[begin:], begin, len(text), separator))
    return [(item.strip(), start, end, sep) for item, start, end, sep in items]


def read_agents(
    text: str,
    gazetteer: Gazetteer,
    province: str | None,
    leaders: Collection[str] = (),
    *,
    trim_left: bool = False,
    cut_right: bool = False,
    declared: bool = False,
) -> list[AgentMention] | None:
    """The agents of a list phrase, or None unless every item is one.

    ``trim_left`` lets the first item start later (``建立起了省委、…`` gives 省委) and
    ``cut_right`` lets the last item end earlier (``省林业局开展…`` gives 省林业局), for
    lists embedded in a sentence.  ``declared``: the text says the items are units (the list closes
    with 等部门、单位), so a department named by its stem alone after a level (区住建、环保 = 区住建,
    区环保) and a town named bare (三庄镇) are units too.
    """
    items = split_list(text)
    if not items or any(not item for item, *_ in items):
        return None
    if trim_left:
        item, start, end, sep = items[0]
        cut = _first_agent_start(item, gazetteer, province, leaders)
        if cut is None:
            # 淮南市、淮北市人民政府配合: the first place is an agent with the list's shared ending.
            completed = share_suffix([i for i, *_ in items], [s for *_, s in items], gazetteer, province)[0]
            cut = _first_agent_start(completed, gazetteer, province, leaders) if completed != item else None
            if cut is None or cut >= len(item):
                return None
        items[0] = (item[cut:], start + cut, end, sep)
    if cut_right:
        item, start, end, sep = items[-1]
        length = _last_agent_end(item, gazetteer, province, leaders)
        if length is None:
            return None
        items[-1] = (item[:length], start, start + length, sep)
    names = _share_post([without_aside(_unquoted(item)) for item, *_ in items], gazetteer, province)
    if declared:
        names = _share_stem_prefix(names, [sep for *_, sep in items], gazetteer, province)
    names = share_prefix(names, [sep for *_, sep in items], gazetteer, province)
    names = share_suffix(names, [sep for *_, sep in items], gazetteer, province)
    names = share_collective(names, [sep for *_, sep in items])
    mentions: list[AgentMention] = []
    for name, (_, start, end, _) in zip(names, items, strict=True):
        leader = next((known for known in sorted(leaders, key=len, reverse=True) if known in name), None)
        kind = AgentKind.LEADER if leader else agent_kind(name, gazetteer, province, leaders)
        if kind is None and declared and (_stem_prefix(name, gazetteer, province) or _BARE_TOWN.fullmatch(name)):
            kind = AgentKind.UNIT
        if kind is None:
            return None
        mentions.append(AgentMention(leader or name, kind, start, end))
    return mentions


# A town named without its government in a list of units (…和三庄镇等部门、单位).
_BARE_TOWN = re.compile(r"(?![各全本该])[\u4e00-\u9fff]{2,4}(?:镇|乡|街道)")


def _unquoted(item: str) -> str:
    """A name without the quotation marks around a nickname inside it (县“两办”督查室)."""
    return item.replace("“", "").replace("”", "") if "“" in item else item


def _stem_prefix(name: str, gazetteer: Gazetteer, province: str | None) -> str | None:
    """The level prefix of a department named by its stem alone (区住建 -> 区), if ``name`` is one."""
    stems, _ = _departments()
    for cut in range(1, len(name) - 1):
        if name[cut:] in stems and is_level_prefix(name[:cut], gazetteer, province):
            return name[:cut]
    return None


def _share_stem_prefix(
    names: list[str], separators: list[str], gazetteer: Gazetteer, province: str | None
) -> list[str]:
    """区行政执法、住建、环保: stems after a department named by level and stem take that level."""
    stems, _ = _departments()
    return _carry_prefix(
        names, separators, lambda prefix, name: prefix + name if name in stems else None,
        lambda name, _: _stem_prefix(name, gazetteer, province) or level_prefix(name, gazetteer, province))


def _first_agent_start(item: str, gazetteer: Gazetteer, province: str | None, leaders: Collection[str]) -> int | None:
    for cut in range(len(item)):
        if agent_kind(item[cut:], gazetteer, province, leaders) is not None:
            return cut
    return None


def _last_agent_end(item: str, gazetteer: Gazetteer, province: str | None, leaders: Collection[str]) -> int | None:
    """Where the agent at the start of ``item`` ends when a sentence runs on after it.

    The shortest agent first (市公安局 of 市公安局开展…部署, not 市公安局开展…部), then
    grown while what follows continues the name: a department (市委 + 宣传部), a post
    (市委 + 书记) or the rest of a longer suffix (省发展改革委 + 员会).
    """
    end = next((n for n in range(2, min(len(item), _MAX_LEN) + 1)
                if agent_kind(item[:n], gazetteer, province, leaders)), None)
    if end is None:
        return None
    stems, suffixes = _departments()
    words = sorted(set(word_list("unit_suffixes")) | set(_post_words()) | set(suffixes), key=len, reverse=True)
    grown = True
    while grown:
        grown = False
        rest = item[end:]
        candidates = [end + len(w) for w in words if rest.startswith(w)]
        candidates += [end + len(w) - k for w in words for k in range(1, len(w))
                       if item[:end].endswith(w[:k]) and rest.startswith(w[k:])]
        candidates += [end + len(stem) + len(suffix) for stem in stems if rest.startswith(stem)
                       for suffix in suffixes if rest.startswith(suffix, len(stem))]
        close = rest.find(")") if rest.startswith("(") else -1
        if 0 < close <= 6:
            # 各县(市)区政府: a parenthesised level inside the name
            after = rest[close + 1 :]
            candidates += [end + close + 1 + len(w) for w in words if after.startswith(w)]
            candidates += [end + close + 1 + n for n in range(1, min(len(after), 4) + 1)]
        for candidate in sorted(set(candidates), reverse=True):
            if candidate > end and agent_kind(item[:candidate], gazetteer, province, leaders):
                end, grown = candidate, True
                break
    return end


def _share_post(names: list[str], gazetteer: Gazetteer, province: str | None) -> list[str]:
    """``省委、省政府主要领导同志``: the last item's functional post goes to the units before it."""
    last = names[-1]
    word = next((w for w in cues("agent.post_suffix") if last.endswith(w) and len(last) > len(w)), None)
    if word is None or not is_unit(last[: -len(word)], gazetteer, province):
        return names
    return [name + word if is_unit(name, gazetteer, province) else name for name in names[:-1]] + [last]
