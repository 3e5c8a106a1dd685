"""The one name resolver: what a name typed by someone stands for in the graph.

Every read command, ``view --focus`` and every saved-query parameter resolve names here, so that
they all understand the same things: a unit, leader, region or leading group by its name, a
problem, case or measure by its code (3, 6.2, 三, 六(二), case.1) or a problem or case by words of
its text, and an IRI as itself.

A name is compared in simplified characters (traditional forms are converted with OpenCC,
:func:`graph.extract.repair.simplify_traditional`), with full-width punctuation folded, long forms
shortened (江西省环境保护厅 is 省环保厅 of 江西, see ``data/lexicon/unit_aliases.tsv``), short region
names (上饶 for 上饶市) and the names a unit had before or after a reorganisation (the renames
graph). The best level of match wins: the exact name or code, then an alias, then a part of a name
or words of a text. A name that still matches several things raises :class:`AmbiguousName` listing
them, never a guess; one that matches nothing raises :class:`UnknownName`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import pyoxigraph as ox

from graph.core.lexicon import table_rows
from graph.core.numerals import reference_code
from graph.errors import AmbiguousName, UnknownName
from graph.extract.repair import simplify_traditional
from graph.model.iris import renames_graph_iri
from graph.store import GraphStore


class Kind(StrEnum):
    """What a name may stand for."""

    UNIT = "unit"
    LEADER = "leader"
    REGION = "region"
    GROUP = "group"  # a leading group (领导小组)
    PROBLEM = "problem"
    CASE = "case"  # a case a leader took on (领导包案)
    MEASURE = "measure"


#: A task is what a duty is for: a problem, a case or a measure.
TASK_KINDS: tuple[Kind, ...] = (Kind.PROBLEM, Kind.CASE, Kind.MEASURE)
ALL_KINDS: tuple[Kind, ...] = tuple(Kind)
_AGENT_KINDS = frozenset({Kind.UNIT, Kind.LEADER, Kind.REGION, Kind.GROUP})
_REGION_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "林区",
    "省", "市", "县", "区", "盟", "旗",
)
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


@dataclass(frozen=True)
class Candidate:
    """Something a name may stand for."""

    iri: str
    label: str
    kind: Kind | None  # None: given as an IRI, taken as it is
    detail: str = ""  # a unit's province, a leader's posts, a region's parent, a task's document title
    names: tuple[str, ...] = field(default=())
    level: str = ""  # a region's level: province | city | county
    document: str = ""  # the document a task belongs to

    def describe(self) -> str:
        """One line for a list of candidates."""
        detail = f" — {self.detail}" if self.detail else ""
        return f"{self.label} ({self.kind or 'iri'}{detail})  <{self.iri}>"


def normalise(text: str) -> str:
    """A name as compared: simplified characters, half-width punctuation, no spaces.

    >>> normalise(" 省環保廳 "), normalise("六（三）")
    ('省环保厅', '六(三)')
    """
    return re.sub(r"\s+", "", _simplified(text))


def _simplified(text: str) -> str:
    return simplify_traditional(unicodedata.normalize("NFKC", text))


def task_code(reference: str) -> str | None:
    """The dotted code a reference gives: 3, 6.2, 6.3.4, 三, 六(二), case.1; None for words.

    >>> [task_code(r) for r in ("三", "六（三）", " 6.3 ", "case.2", "稀土")]
    ['3', '6.3', '6.3', 'case.2', None]
    """
    return reference_code(reference)


@functools.cache
def _aliases() -> tuple[tuple[str, str], ...]:
    return tuple((long, short) for long, short in table_rows("unit_aliases", "long<TAB>short"))


# Cached: a name is compared with every unit, leader, region and group the store names (4,000 in a
# province's store), each of their names keyed twice, and simplifying characters is the costly part.
@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A unit name with every long form shortened: 江西省环境保护厅 -> 江西省环保厅."""
    key = normalise(name)
    for long, short in _aliases():
        key = key.replace(long, short)
    return key


def region_short(name: str) -> str:
    """A region's name without its level: 上饶市 -> 上饶, 江西省 -> 江西.

    >>> region_short("上饶市"), region_short("江西省"), region_short("广西壮族自治区")
    ('上饶', '江西', '广西')
    """
    for suffix in _REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# The units, regions and groups are not listed DISTINCT: _group merges repeated rows, and DISTINCT
# doubled the time of the regions' (3,219 rows: 0.36 s against 0.17). The renames graph by name:
# `GRAPH ?renames` was matched against every named graph, one document graph after another (2 s for
# 1,000 documents, where the graph itself answers in a millisecond).
_UNITS = f"""
SELECT ?iri ?label ?province WHERE {{
  {{ ?iri a dg:Unit ; rdfs:label ?label }}
  UNION
  {{ GRAPH <{renames_graph_iri()}> {{ ?iri dg:renamedTo|^dg:renamedTo ?other ; rdfs:label ?label }} }}
  OPTIONAL {{ ?iri dg:jurisdiction|dg:covers ?r . ?r dg:partOf* ?p . ?p dg:level "province" ; rdfs:label ?province }}
}}
"""
# A leader's posts are what documents say (on their mentions of the leader); a post held without a
# name is the holder's own.
_LEADERS = """
SELECT DISTINCT ?iri ?label ?post WHERE {
  ?iri a dg:Leader ; rdfs:label ?label .
  OPTIONAL { { ?iri dg:post ?post } UNION { ?mention dg:mentionOf ?iri ; dg:post ?post } }
}
"""
_REGIONS = """
SELECT ?iri ?label ?parent ?level WHERE {
  ?iri a dg:Region ; rdfs:label ?label ; dg:level ?level . OPTIONAL { ?iri dg:partOf/rdfs:label ?parent }
}
"""
# The regions one of whose names is ?name, as _REGIONS gives them. Labels are plain strings (the
# mapping and the gazetteer write no language tags), so a name is matched as the literal it is.
_REGIONS_NAMED = """
SELECT ?iri ?label ?parent ?level ?name WHERE {
  ?iri rdfs:label ?name .
  ?iri a dg:Region ; rdfs:label ?label ; dg:level ?level . OPTIONAL { ?iri dg:partOf/rdfs:label ?parent }
}
"""
_GROUPS = "SELECT ?iri ?label WHERE { ?iri a dg:LeadingGroup ; rdfs:label ?label }"
# The units and groups one of whose names is ?name, as _UNITS and _GROUPS give them: each part of
# _UNITS (its two branches and its OPTIONAL, which Oxigraph evaluates apart and joins after) opens
# with the IRIs of that name, a sub-SELECT that the bound ?name is written into (see bind_values),
# so that no part lists every unit (1.5 ms against 60 for a province's 200 units).
_NAMED = "{ SELECT ?iri ?name WHERE { ?iri rdfs:label ?name } }"
_UNITS_NAMED = f"""
SELECT ?iri ?label ?province ?name WHERE {{
  {{ {_NAMED} ?iri a dg:Unit ; rdfs:label ?label }}
  UNION
  {{ {_NAMED} GRAPH <{renames_graph_iri()}> {{ ?iri dg:renamedTo|^dg:renamedTo ?other ; rdfs:label ?label }} }}
  OPTIONAL {{ {_NAMED} ?iri dg:jurisdiction|dg:covers ?r . ?r dg:partOf* ?p . ?p dg:level "province" ;
                                                                            rdfs:label ?province }}
}}
"""
_GROUPS_NAMED = f"SELECT ?iri ?label ?name WHERE {{ {_NAMED} ?iri a dg:LeadingGroup ; rdfs:label ?label }}"
_TASKS_BY_CODE = """
SELECT DISTINCT ?iri ?code ?label ?title ?doc ?type WHERE {
  ?iri dg:code ?code ; rdfs:label ?label ; dg:inDocument ?doc ; a ?type . ?doc dcterms:title ?title .
  FILTER(?type IN (dg:Problem, dg:Case, dg:Measure))
}
"""
_TASKS_BY_WORD = """
SELECT DISTINCT ?iri ?word ?code ?label ?title ?doc ?type WHERE {
  ?iri a dg:Problem ; dg:code ?code ; rdfs:label ?label ; dg:inDocument ?doc ; a ?type . ?doc dcterms:title ?title .
  FILTER(?type IN (dg:Problem, dg:Case))
  FILTER(CONTAINS(?label, ?word))
}
"""
_DOCUMENTS = """
SELECT DISTINCT ?doc ?title ?file WHERE { ?doc a dg:Document ; dcterms:title ?title ; dg:sourceFile ?file }
"""
_RENAMED = "SELECT DISTINCT ?unit ?other WHERE { { ?unit dg:renamedTo ?other } UNION { ?other dg:renamedTo ?unit } }"
_TYPE_KINDS = {"Problem": Kind.PROBLEM, "Case": Kind.CASE, "Measure": Kind.MEASURE}


def _group(rows: Iterable[dict[str, object]], kind: Kind, detail_key: str) -> list[Candidate]:
    labels: dict[str, str] = {}
    details: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    levels: dict[str, str] = {}
    for row in rows:
        iri, label = str(row["iri"]), str(row["label"])
        labels.setdefault(iri, label)
        levels.setdefault(iri, str(row.get("level") or ""))
        names.setdefault(iri, [])
        if label not in names[iri]:
            names[iri].append(label)
        value = row.get(detail_key)
        details.setdefault(iri, [])
        if value is not None and str(value) not in details[iri]:
            details[iri].append(str(value))
    return [Candidate(iri, labels[iri], kind, "、".join(details[iri]), tuple(names[iri]), levels[iri])
            for iri in labels]


def candidates(store: GraphStore, kind: Kind) -> list[Candidate]:
    """Everything of one kind of agent or place (unit, leader, region, group) the store holds, with its names."""
    if kind == Kind.UNIT:
        return _group(store.select(_UNITS), kind, "province")
    if kind == Kind.LEADER:
        found = _group(store.select(_LEADERS), kind, "post")
        # A leader is also found by a post held (省长), which is only worth it as an exact match.
        return [Candidate(c.iri, c.label, c.kind, c.detail, (*c.names, *c.detail.split("、"))) for c in found]
    if kind == Kind.REGION:
        return _group(store.select(_REGIONS), kind, "parent")
    if kind == Kind.GROUP:
        return _group(store.select(_GROUPS), kind, "")
    raise ValueError(f"{kind} is a task: tasks are found by code or words, not listed")


def _regions_named(store: GraphStore, name: str) -> list[Candidate]:
    """The regions one of whose names is ``name`` (exactly), as :func:`candidates` lists them."""
    return _group(store.select(_REGIONS_NAMED, {"name": ox.Literal(name)}), Kind.REGION, "parent")


def _named(store: GraphStore, kind: Kind, name: str) -> list[Candidate]:
    """The units, groups or regions ``name`` is one of the names of (exactly), each whole as
    :func:`candidates` lists it, looked up by that name (a leader is also named by its posts, which no
    query of that shape found cheaply: leaders are listed)."""
    if kind == Kind.REGION:
        return _regions_named(store, name)
    query, detail = (_UNITS_NAMED, "province") if kind == Kind.UNIT else (_GROUPS_NAMED, "")
    return [c for c in _group(store.select(query, {"name": ox.Literal(name)}), kind, detail) if name in c.names]


def _region_names(places: Iterable[Candidate]) -> set[str]:
    names: set[str] = set()
    for c in places:
        names.add(c.label)
        names.add(region_short(c.label))
    return names


def _level(query: str, candidate: Candidate, regions: set[str]) -> int | None:
    """0 exact name, 1 alias or short form, 2 part of a name; None if no match."""
    if query in candidate.names:
        return 0
    key = name_key(query)
    for name in candidate.names:
        other = name_key(name)
        if key == other:
            return 1
        if candidate.kind == Kind.REGION and query == region_short(name):
            return 1
        if key.endswith(other) and key[: len(key) - len(other)] in regions:
            return 1  # the region the unit belongs to, written in front: 江西省环保厅
    if candidate.kind == Kind.LEADER and any(query.startswith(n) for n in candidate.names[:1]):
        return 1  # a name followed by a post: 刘奇省长
    if any(query in name or key in name_key(name) for name in candidate.names):
        return 2
    return None


def find(
    store: GraphStore,
    name: str,
    kinds: Iterable[Kind] = ALL_KINDS,
    *,
    documents: Collection[str] | None = None,
    within: Collection[str] | None = None,
) -> list[Candidate]:
    """What ``name`` may stand for, best matches only (an IRI stands for itself).

    ``documents`` keeps only the tasks of these documents (a code two plans share); ``within`` keeps
    only what is among these IRIs (the nodes of a view), a unit by any of its names there.
    """
    raw = name.strip()
    if not raw:
        return []
    if re.match(r"https?://", raw):
        return [Candidate(raw, raw, None)] if within is None or raw in within else []
    query = normalise(raw)
    kinds = tuple(kinds)
    tasks = [k for k in kinds if k in TASK_KINDS]
    by_code = _tasks_by_code(store, raw, tasks) if tasks else []
    # The exact name or code first: when it matches, nothing else is looked at, and the regions (the
    # gazetteer: 3,219 of them, half of the time of the lists), units and groups are looked up by that
    # name, not listed.
    listed: dict[Kind, list[Candidate]] = {}
    exact: dict[str, Candidate] = {}
    for kind in kinds:
        if kind == Kind.LEADER:
            listed[kind] = candidates(store, kind)
        if kind in _AGENT_KINDS:
            for candidate in listed[kind] if kind in listed else _named(store, kind, query):
                if query in candidate.names:
                    exact.setdefault(candidate.iri, candidate)
    for task in by_code:
        if documents is None or task.document in documents:
            exact.setdefault(task.iri, task)
    if exact:
        found = {0: exact}
        if _best_level(store, found, within) == 0:
            return sorted(found[0].values(), key=lambda c: (len(c.label), c.label, c.iri))
    found = {}
    places = candidates(store, Kind.REGION) if Kind.UNIT in kinds or Kind.REGION in kinds else []
    regions = _region_names(places)
    for kind in kinds:
        if kind not in _AGENT_KINDS:
            continue
        if kind not in listed and kind != Kind.REGION:
            listed[kind] = candidates(store, kind)
        for candidate in places if kind == Kind.REGION else listed[kind]:
            level = _level(query, candidate, regions)
            if level is not None:
                found.setdefault(level, {}).setdefault(candidate.iri, candidate)
    for task in by_code:
        if documents is None or task.document in documents:
            found.setdefault(0, {}).setdefault(task.iri, task)
    best_level = _best_level(store, found, within)
    if tasks and not by_code and (best_level is None or best_level > 1):
        # Words of a text match at level 2 only (a search over every problem's label): not looked for
        # when a name or code matches better.
        for task in _tasks_by_words(store, raw, tasks):
            if documents is None or task.document in documents:
                found.setdefault(2, {}).setdefault(task.iri, task)
        best_level = _best_level(store, found, within)
    if best_level is None:
        return []
    best = list(found[best_level].values())
    if min(found) == 1 and len(best) > 1 and all(c.kind == Kind.REGION for c in best):
        # A short name shared by levels (上饶 for 上饶市 and 上饶县) means the higher one, as in speech.
        top = min(_LEVEL_RANK.get(c.level, 9) for c in best)
        best = [c for c in best if _LEVEL_RANK.get(c.level, 9) == top]
    return sorted(best, key=lambda c: (len(c.label), c.label, c.iri))


def _best_level(store: GraphStore, found: dict[int, dict[str, Candidate]],
                within: Collection[str] | None) -> int | None:
    """The best level of ``found`` with a match (among ``within``, whose matches replace that level's)."""
    for level in sorted(found):
        if within is not None:
            found[level] = _inside(store, found[level].values(), within)
        if found[level]:
            return level
    return None


def _inside(store: GraphStore, matches: Iterable[Candidate], within: Collection[str]) -> dict[str, Candidate]:
    """The matches among ``within``: a unit that is not there stands for another of its names that is."""
    kept: dict[str, Candidate] = {}
    for candidate in matches:
        names = same_organisation(store, candidate.iri) if candidate.kind == Kind.UNIT else [candidate.iri]
        there = next((iri for iri in names if iri in within), None)
        if there is not None:
            kept.setdefault(there, replace(candidate, iri=there))
    return kept


def resolve_one(
    store: GraphStore,
    name: str,
    kinds: Iterable[Kind] = ALL_KINDS,
    *,
    documents: Collection[str] | None = None,
    within: Collection[str] | None = None,
    hint: str = "",
) -> Candidate:
    """The one thing ``name`` stands for (see :func:`find`); lists the candidates if several match."""
    kinds = tuple(kinds)
    matches = find(store, name, kinds, documents=documents, within=within)
    if not matches:
        looked = " or ".join(f"{k}s" for k in kinds)
        raise UnknownName(f"nothing in the graph is named {name!r} (looked among {looked})")
    if len(matches) > 1:
        raise AmbiguousName(name, matches, _what(matches), hint or "be more specific or give an IRI")
    return matches[0]


def _what(matches: Sequence[Candidate]) -> str:
    kinds = {c.kind for c in matches}
    return f"{next(iter(kinds))}s" if len(kinds) == 1 and None not in kinds else "things"


def _tasks_by_code(store: GraphStore, raw: str, kinds: Sequence[Kind]) -> list[Candidate]:
    """The tasks whose code ``raw`` gives (level 0); none if it gives no code."""
    code = task_code(raw)
    if code is None:
        return []
    return _tasks(store.select(_TASKS_BY_CODE, {"code": ox.Literal(code)}), kinds)


def _tasks_by_words(store: GraphStore, raw: str, kinds: Sequence[Kind]) -> list[Candidate]:
    """The problems and cases whose label holds every word of ``raw`` (level 2)."""
    words = [w for w in re.split(r"[\s,,]+", _simplified(raw)) if w]
    if not words:
        return []
    rows = store.select(_TASKS_BY_WORD, {"word": ox.Literal(words[0])})
    rows = [r for r in rows if all(w in str(r["label"]) for w in words)]
    return _tasks(rows, kinds)


def _tasks(rows: Iterable[dict[str, object]], kinds: Sequence[Kind]) -> list[Candidate]:
    types: dict[str, set[str]] = {}
    first: dict[str, dict[str, object]] = {}
    for row in rows:
        iri = str(row["iri"])
        first.setdefault(iri, row)
        types.setdefault(iri, set()).add(str(row["type"]).rsplit("#", 1)[-1])
    found: list[Candidate] = []
    for iri, row in first.items():
        # A case is a dg:Problem too: the narrower type names it.
        kind = next(_TYPE_KINDS[t] for t in ("Case", "Measure", "Problem") if t in types[iri])
        if kind in kinds:
            label = f"{row['code']} {str(row['label'])[:40]}"
            found.append(Candidate(iri, label, kind, str(row["title"]), (str(row["code"]),),
                                   document=str(row["doc"])))
    return found


def matching_documents(store: GraphStore, reference: str) -> list[str]:
    """The IRIs of the documents whose IRI, file name or title contains ``reference`` (``--document``)."""
    rows = store.select(_DOCUMENTS)
    return [str(r["doc"]) for r in rows if any(reference in str(r[k]) for k in ("doc", "title", "file"))]


def same_organisation(store: GraphStore, iri: str) -> list[str]:
    """The IRIs of every name one organisation had (following dg:renamedTo both ways), ``iri`` first."""
    # One hop at a time: Virtuoso refuses a transitive path that starts from a bound variable alone.
    seen = {iri}
    frontier = [iri]
    while frontier:
        following: list[str] = []
        for node in frontier:
            rows = store.select(_RENAMED, {"unit": ox.NamedNode(node)})
            following += [str(r["other"]) for r in rows if str(r["other"]) not in seen]
        seen.update(following)
        frontier = following
    return [iri, *sorted(seen - {iri})]


__all__ = [
    "ALL_KINDS",
    "TASK_KINDS",
    "AmbiguousName",
    "Candidate",
    "Kind",
    "UnknownName",
    "find",
    "matching_documents",
    "name_key",
    "normalise",
    "region_short",
    "resolve_one",
    "same_organisation",
    "task_code",
]
