"""Find what a name stands for: units, leaders, regions and tasks, matched forgivingly.

A name is compared in simplified characters (traditional forms are converted with OpenCC),
with full-width punctuation folded, long forms shortened (江西省环境保护厅 is 省环保厅 of 江西,
see ``data/lexicon/unit_aliases.tsv``), short region names (上饶 for 上饶市) and the names a unit
had before or after a reorganisation (the renames graph). The best level of match wins: the exact
name, then an alias, then a part of a name. A name that still matches several things raises
:class:`AmbiguousName` listing them, never a guess.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.assets import asset_path
from graph.errors import DutygraphError
from graph.extract.numerals import reference_code
from graph.store import GraphStore

ENTITY_KINDS = ("unit", "leader", "region", "task")
_REGION_SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区", "林区",
    "省", "市", "县", "区", "盟", "旗",
)
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}


class AmbiguousName(DutygraphError):
    """A name matched several things: the candidates are listed, nothing is guessed."""

    def __init__(self, name: str, candidates: Sequence[Candidate]) -> None:
        listing = "\n".join(f"  {c.describe()}" for c in candidates[:30])
        more = f"\n  … and {len(candidates) - 30} more" if len(candidates) > 30 else ""
        super().__init__(f"{name!r} matches {len(candidates)} things; be more specific or give an IRI:\n"
                         f"{listing}{more}")
        self.candidates = list(candidates)


class UnknownName(DutygraphError):
    """Nothing in the graph goes by a name."""


@dataclass(frozen=True)
class Candidate:
    """Something a name may stand for."""

    iri: str
    label: str
    kind: str  # unit | leader | region | task
    detail: str = ""
    names: tuple[str, ...] = field(default=())
    level: str = ""  # a region's level: province | city | county

    def describe(self) -> str:
        """One line for a list of candidates."""
        detail = f" — {self.detail}" if self.detail else ""
        return f"{self.label} ({self.kind}{detail})  <{self.iri}>"


@functools.cache
def _t2s() -> Callable[[str], str]:
    # Both opencc-python-reimplemented and the official opencc wheel provide this module; their
    # configuration is named "t2s" in the first and "t2s.json" in the second.
    import opencc

    try:
        converter = opencc.OpenCC("t2s")
    except Exception:  # the official package wants the file name
        converter = opencc.OpenCC("t2s.json")
    convert: Callable[[str], str] = converter.convert
    return convert


def normalise(text: str) -> str:
    """A name as compared: simplified characters, half-width punctuation, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", _t2s()(text))


@functools.cache
def _aliases() -> tuple[tuple[str, str], ...]:
    rows: list[tuple[str, str]] = []
    path = asset_path("data", "lexicon", "unit_aliases.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        long, short = line.split("\t", 1)
        rows.append((long.strip(), short.strip()))
    return tuple(rows)


def name_key(name: str) -> str:
    """A unit name with every long form shortened: 江西省环境保护厅 -> 江西省环保厅."""
    key = normalise(name)
    for long, short in _aliases():
        key = key.replace(long, short)
    return key


def region_short(name: str) -> str:
    """A region's name without its level: 上饶市 -> 上饶, 江西省 -> 江西."""
    for suffix in _REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


_UNITS = """
SELECT DISTINCT ?iri ?label ?province WHERE {
  { ?iri a dg:Unit ; rdfs:label ?label }
  UNION
  { GRAPH ?renames { ?iri dg:renamedTo|^dg:renamedTo ?other ; rdfs:label ?label } }
  OPTIONAL { ?iri dg:jurisdiction|dg:covers ?r . ?r dg:partOf* ?p . ?p dg:level "province" ; rdfs:label ?province }
}
"""
_LEADERS = """
SELECT DISTINCT ?iri ?label ?post WHERE { ?iri a dg:Leader ; rdfs:label ?label . OPTIONAL { ?iri dg:post ?post } }
"""
_REGIONS = """
SELECT DISTINCT ?iri ?label ?parent ?level WHERE {
  ?iri a dg:Region ; rdfs:label ?label ; dg:level ?level . OPTIONAL { ?iri dg:partOf/rdfs:label ?parent }
}
"""
_TASKS_BY_CODE = """
SELECT DISTINCT ?iri ?code ?label ?title WHERE {
  ?iri dg:code ?code ; rdfs:label ?label ; dg:inDocument ?doc . ?doc dcterms:title ?title .
}
"""
_TASKS_BY_WORD = """
SELECT DISTINCT ?iri ?word ?code ?label ?title WHERE {
  ?iri a dg:Issue ; dg:code ?code ; rdfs:label ?label ; dg:inDocument ?doc . ?doc dcterms:title ?title .
  FILTER(CONTAINS(?label, ?word))
}
"""


def _group(rows: Iterable[dict[str, object]], kind: str, detail_key: str) -> list[Candidate]:
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


def _region_names(store: GraphStore) -> set[str]:
    names: set[str] = set()
    for c in _group(store.select(_REGIONS), "region", "parent"):
        names.add(c.label)
        names.add(region_short(c.label))
    return names


def candidates(store: GraphStore, kind: str) -> list[Candidate]:
    """Everything of one kind (unit, leader, region) the store holds, with its names."""
    if kind == "unit":
        return _group(store.select(_UNITS), "unit", "province")
    if kind == "leader":
        found = _group(store.select(_LEADERS), "leader", "post")
        # A leader is also found by a post held (省长), which is only worth it as an exact match.
        return [Candidate(c.iri, c.label, c.kind, c.detail, (*c.names, *c.detail.split("、"))) for c in found]
    if kind == "region":
        return _group(store.select(_REGIONS), "region", "parent")
    raise DutygraphError(f"unknown kind {kind!r}: use one of {', '.join(ENTITY_KINDS)}")


def _level(query: str, candidate: Candidate, regions: set[str]) -> int | None:
    """0 exact name, 1 alias or short form, 2 part of a name; None if no match."""
    if query in candidate.names:
        return 0
    key = name_key(query)
    for name in candidate.names:
        other = name_key(name)
        if key == other:
            return 1
        if candidate.kind == "region" and query == region_short(name):
            return 1
        if key.endswith(other) and key[: len(key) - len(other)] in regions:
            return 1  # the region the unit belongs to, written in front: 江西省环保厅
    if candidate.kind == "leader" and any(query.startswith(n) for n in candidate.names[:1]):
        return 1  # a name followed by a post: 刘奇省长
    if any(query in name or key in name_key(name) for name in candidate.names):
        return 2
    return None


def find(store: GraphStore, name: str, kinds: Iterable[str] = ENTITY_KINDS) -> list[Candidate]:
    """What ``name`` may stand for, best matches only (an IRI stands for itself)."""
    raw = name.strip()
    if not raw:
        return []
    if re.match(r"https?://", raw):
        return [Candidate(raw, raw, "iri")]
    query = normalise(raw)
    kinds = tuple(kinds)
    found: dict[int, dict[str, Candidate]] = {}
    regions = _region_names(store) if "unit" in kinds or "region" in kinds else set()
    for kind in kinds:
        if kind == "task":
            for rank, task in _find_tasks(store, query):
                found.setdefault(rank, {}).setdefault(task.iri, task)
            continue
        for candidate in candidates(store, kind):
            level = _level(query, candidate, regions)
            if level is not None:
                found.setdefault(level, {}).setdefault(candidate.iri, candidate)
    if not found:
        return []
    best = list(found[min(found)].values())
    if min(found) == 1 and len(best) > 1 and all(c.kind == "region" for c in best):
        # A short name shared by levels (上饶 for 上饶市 and 上饶县) means the higher one, as in speech.
        top = min(_LEVEL_RANK.get(c.level, 9) for c in best)
        best = [c for c in best if _LEVEL_RANK.get(c.level, 9) == top]
    return sorted(best, key=lambda c: (len(c.label), c.label, c.iri))


def resolve_one(store: GraphStore, name: str, kinds: Iterable[str] = ENTITY_KINDS) -> Candidate:
    """The one thing ``name`` stands for; lists the candidates if several match."""
    kinds = tuple(kinds)
    matches = find(store, name, kinds)
    if not matches:
        raise UnknownName(f"nothing in the graph ({' or '.join(kinds)}) is called {name!r}")
    if len(matches) > 1:
        raise AmbiguousName(name, matches)
    return matches[0]


def task_code(reference: str) -> str | None:
    """The dotted code a reference gives: 3, 6.2, 6.3.4, 三, 六(二), case.1; None for words."""
    return reference_code(reference)


def _find_tasks(store: GraphStore, query: str) -> list[tuple[int, Candidate]]:
    code = task_code(query)
    if code is not None:
        rows = store.select(_TASKS_BY_CODE, {"code": ox.Literal(code)})
        if rows:
            return [(0, c) for c in _tasks(rows)]
    words = [w for w in re.split(r"[\s,,]+", query) if w]
    if not words:
        return []
    rows = store.select(_TASKS_BY_WORD, {"word": ox.Literal(words[0])})
    rows = [r for r in rows if all(w in str(r["label"]) for w in words)]
    return [(2, c) for c in _tasks(rows)]


def _tasks(rows: Iterable[dict[str, object]]) -> list[Candidate]:
    found: dict[str, Candidate] = {}
    for row in rows:
        iri = str(row["iri"])
        label = f"{row['code']} {str(row['label'])[:40]}"
        found.setdefault(iri, Candidate(iri, label, "task", str(row["title"]), (str(row["code"]),)))
    return list(found.values())


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


_RENAMED = "SELECT DISTINCT ?unit ?other WHERE { { ?unit dg:renamedTo ?other } UNION { ?other dg:renamedTo ?unit } }"
