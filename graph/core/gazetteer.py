"""The gazetteer of administrative divisions and region mentions in text.

The gazetteer is ``data/gazetteer/regions.csv`` (built from cpca's adcode table
by ``data/gazetteer/build_regions.py``; see the README there): 34 provinces,
their cities (地级) and county-level units, each with a 12-digit adcode, the
full name, a short form (宜春市 -> 宜春) and the nearest existing ancestor.

Matching rules of :meth:`Gazetteer.find_mentions`:

* full names of every level match anywhere (within the province when one is
  given; province names match everywhere);
* derived aliases of autonomous units match like full names: 凉山州 for
  凉山彝族自治州, 石柱县 for 石柱土家族自治县, 鄂伦春旗 for 鄂伦春自治旗, and
  so do the conventional abbreviations of ``data/gazetteer/aliases.tsv``
  (科左中旗 for 科尔沁左翼中旗, 锡盟 for 锡林郭勒盟);
* a county whose full name has two characters (易县, 和县, 任县) counts only
  where it stands apart: at the start of the text or of a line, after a
  delimiter, right after a region it lies in (保定市易县) or after 在/到/对…,
  so that 担任县委书记 is no 任县 and 区和县 no 和县; a district whose name is
  an everyday word (城区, 老城区, 中原区: ``GENERIC_DISTRICTS``) only after a
  delimiter, at a line's start or right after its city; no district is read
  in 区域 (中原区域, 湖滨区域 are areas), no province or city in a feature's
  name (沙湖北岸 is no 湖北, 吕梁山 no 吕梁市);
* short forms of provinces and cities match anywhere;
* short forms of counties match only before a delimiter (``、，,。;；和及与等``,
  closing brackets or quotes, whitespace, end of text), so 鄱阳湖 is not 鄱阳县;
  county short forms that are everyday words (新建, 港口, 城东: see
  ``COMMON_WORD_SHORTS``) are not matched at all;
* the longest form wins at each position; scanning is left to right and
  mentions do not overlap, so 上饶万年县 gives 上饶市 then 万年县;
* a form shared by several regions goes to the higher level (南昌 -> 南昌市, not
  南昌县; 吉林 -> 吉林省); at equal level a full name beats a short form, and a
  region inside the province beats one outside it.  Another province's short
  form ranks below the province's own cities: in Qinghai 海南 is 海南州, not
  海南省 (but below 海南省 it still ranks above a county: 河北 in Tianjin is
  河北省, not 河北区);
* a form still ambiguous after that (two 鼓楼区 in Jiangsu, 铁东区 in Jilin and
  Liaoning when no province is given) is settled by context only: the region
  written right before it (南京市鼓楼区, 四平市铁东区), else the ``context``
  regions the caller knows the document is about (its issuing city); when
  neither settles it, it is consumed but yields no mention, never a guess.

Standard library only: this module sits in graph/core/, below both extraction and the RDF model.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.records import Region
from graph.resources import asset_path

LEVELS = ("province", "city", "county")
_RANK = {level: i for i, level in enumerate(LEVELS)}

# What may follow a county's short form for it to count as a mention.
DELIMITERS = "、，,。.;；和及与等:：)）]】」』》〉”’\"'!！?？…"
_GUARD = "(?=[" + re.escape(DELIMITERS) + r"]|\s|\Z)"

# County short forms that are everyday words in plans (新建和改扩建项目, 港口、码头,
# 沙河、清河 as rivers, 城东、城西): never matched as short forms.  The full names
# (新建区, 港口区) and the lookups (by_name) are unaffected.
COMMON_WORD_SHORTS = frozenset(
    "新建 和平 长安 新华 朝阳 城关 解放 红旗 平安 友好 通道 互助 合作 安宁 安定 长寿 港口 平原 "
    "河口 江南 江北 新城 城中 城东 城西 城北 青山 白云 东方 中原 上街 温泉 三江 太平 东风 新兴 "
    "南山 东山 西山 河东 河西 南岸 海港 西湖 东湖 南湖 北湖 沙河 清河 白河 "
    # 龙江 is Heilongjiang's own name for itself (生态龙江、美丽龙江), not 龙江县; 巢湖 and 太湖 are
    # far more often the lakes (巢湖和淮河流域, 太湖、太浦河) than 巢湖市 and 太湖县.
    "龙江 巢湖 太湖".split()
)

# Districts whose full names are everyday words of plans (完成老城区雨污分流改造, 在城区开展,
# 中原区域, 城东区域): counted only where they stand apart after punctuation or at a line's start, or
# right after the city they lie in (洛阳市老城区, 青岛市市南区).
GENERIC_DISTRICTS = frozenset(
    "城区 郊区 矿区 老城区 新城区 东区 西区 城东区 城西区 城北区 城中区 城关区 市中区 市南区 市北区 新市区 "
    "解放区 新兴区 中原区 湖滨区 上街区 港口区 山城区 海港区 城厢区 站前区 前进区 东风区 江南区 江北区 "
    "河东区 河西区".split()
)

# A short form followed by one of these is part of a feature's name, not the region: a province's
# (沙湖北岸, 洞庭湖南侧, 黄河北岸, 泰山东麓 are no 湖北, 湖南, 河北, 山东) or a city's (吕梁山 is the range).
_FEATURES = {"province": "岸侧麓坡畔", "city": "山岭"}

# Kinds of written form, in order of precedence at equal level.
_FULL, _ALIAS, _SHORT = 0, 1, 2

# Weights of detect_province: a province's own names count more than its cities, and its cities
# more than its counties (whose short forms, guarded words such as 道孚 or 蕲春, are not read).
_WEIGHTS = {
    ("province", _FULL): 6,
    ("province", _SHORT): 4,
    ("city", _FULL): 2,
    ("city", _ALIAS): 2,
    ("city", _SHORT): 1,
    ("county", _FULL): 1,
    ("county", _ALIAS): 1,
}

# What may stand right before a two-character county name (易县, 和县) for it to count: besides
# delimiters and other regions, the words that introduce a place (在易县, 到和县, 赴任县).
_BEFORE_APART = frozenset(DELIMITERS + "(（[【「『《〈“‘在到赴至从向由及与和对")

# Alias suffixes for autonomous units: 凉山彝族自治州 -> 凉山州.
_ALIAS_SUFFIXES = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


@dataclass(frozen=True)
class _Candidate:
    """One reading of a written form: which region, how written, in scope or not."""

    region: Region
    kind: int
    outside: bool  # outside the province being scanned (other provinces' names)

    @property
    def key(self) -> tuple[float, int, bool]:
        rank: float = _RANK[self.region.level]
        if self.outside and self.kind == _SHORT:
            rank = _RANK["city"] + 0.5  # another province's short form: below this province's cities
        return (rank, self.kind, self.outside)

    @property
    def guarded(self) -> bool:
        return self.kind == _SHORT and self.region.level == "county"


@dataclass(frozen=True)
class _Meaning:
    """What one written form stands for."""

    region: Region | None  # None when ambiguous: then ``candidates`` holds the readings left
    kind: int
    candidates: tuple[Region, ...]
    apart: int  # 1: a two-character county name, 2: an everyday word; counts only standing apart


@dataclass(frozen=True)
class _Matcher:
    """A compiled scanner: one regex over every form, and what each form means."""

    pattern: re.Pattern[str] | None
    meaning: Mapping[str, _Meaning]


class _Trie:
    """A character trie, turned into a regex that always prefers the longest form."""

    __slots__ = ("children", "guarded")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.guarded: bool | None = None  # None: no form ends here

    def add(self, form: str, guarded: bool) -> None:
        node = self
        for ch in form:
            node = node.children.setdefault(ch, _Trie())
        node.guarded = guarded

    def regex(self) -> str:
        branches = [re.escape(ch) + child.regex() for ch, child in sorted(self.children.items())]
        if self.guarded is not None:  # ending here is the last, i.e. shortest, option
            branches.append(_GUARD if self.guarded else "")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"


def _compile(forms: Mapping[str, list[_Candidate]]) -> _Matcher:
    """Resolve each form to one region (or to None when ambiguous) and compile the scanner."""
    trie = _Trie()
    meaning: dict[str, _Meaning] = {}
    for form, candidates in forms.items():
        best = min(c.key for c in candidates)
        top = [c for c in candidates if c.key == best]
        regions = tuple({c.region.adcode: c.region for c in top}.values())
        county = all(c.kind == _FULL and c.region.level == "county" for c in top)
        apart = 2 if county and form in GENERIC_DISTRICTS else 1 if county and len(form) == 2 else 0
        meaning[form] = _Meaning(regions[0] if len(regions) == 1 else None, top[0].kind, regions, apart)
        trie.add(form, all(c.guarded for c in top))
    pattern = re.compile(trie.regex()) if trie.children else None
    return _Matcher(pattern, meaning)


class Gazetteer:
    """Administrative divisions of China (province, city, county), looked up by code or name."""

    def __init__(
        self,
        regions: Iterable[Region],
        short: Mapping[str, str] | None = None,
        coordinates: Mapping[str, tuple[float, float]] | None = None,
        aliases: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """Build from regions; ``short``, ``coordinates`` and conventional ``aliases`` are keyed by adcode."""
        self._regions: dict[str, Region] = {r.adcode: r for r in sorted(regions, key=lambda r: r.adcode)}
        self._short: dict[str, str] = {k: v for k, v in (short or {}).items() if v}
        self._coords: dict[str, tuple[float, float]] = dict(coordinates or {})
        self._children: dict[str, list[str]] = {}
        for region in self._regions.values():
            if region.level not in _RANK:
                raise ValueError(f"{region.adcode}: unknown level {region.level!r}")
            if region.parent is not None:
                if region.parent not in self._regions:
                    raise ValueError(f"{region.adcode}: parent {region.parent} not in the gazetteer")
                self._children.setdefault(region.parent, []).append(region.adcode)
        self._aliases: dict[str, str] = {}
        full_names = {r.name for r in self._regions.values()}
        for code, region in self._regions.items():
            stem = self._short.get(code)
            for suffix, replacement in _ALIAS_SUFFIXES.items():
                if stem and region.name.endswith(suffix) and stem + replacement not in full_names:
                    self._aliases[code] = stem + replacement
        self._conventional: dict[str, tuple[str, ...]] = {}
        for code, forms in (aliases or {}).items():
            if _normalise(code) not in self._regions:
                raise ValueError(f"{code}: alias of a region not in the gazetteer")
            self._conventional[_normalise(code)] = tuple(forms)
        self._names: dict[str, list[tuple[Region, int]]] = {}
        for code, region in self._regions.items():
            self._names.setdefault(region.name, []).append((region, _FULL))
            if code in self._aliases:
                self._names.setdefault(self._aliases[code], []).append((region, _ALIAS))
            for form in self._conventional.get(code, ()):
                self._names.setdefault(form, []).append((region, _ALIAS))
            if code in self._short:
                self._names.setdefault(self._short[code], []).append((region, _SHORT))
        self._matchers: dict[str | None, _Matcher] = {}
        self._detector: _Matcher | None = None

    @classmethod
    def from_csv(cls, path: Path, aliases: Path | None = None) -> Gazetteer:
        """Load ``regions.csv`` (columns adcode,name,short,level,parent,longitude,latitude).

        ``aliases`` is a TSV of conventional short names (``adcode<TAB>alias``, ``#`` comments).
        """
        regions: list[Region] = []
        short: dict[str, str] = {}
        coords: dict[str, tuple[float, float]] = {}
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code = row["adcode"]
                regions.append(Region(code, row["name"], row["level"], row["parent"] or None))
                if row.get("short"):
                    short[code] = row["short"]
                if row.get("longitude") and row.get("latitude"):
                    coords[code] = (float(row["longitude"]), float(row["latitude"]))
        conventional: dict[str, list[str]] = {}
        if aliases is not None:
            for line in aliases.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    code, form = line.split("\t")[:2]
                    conventional.setdefault(code.strip(), []).append(form.strip())
        return cls(regions, short, coords, conventional)

    # -- lookup -----------------------------------------------------------

    def __len__(self) -> int:
        return len(self._regions)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions.values())

    def __contains__(self, adcode: object) -> bool:
        return isinstance(adcode, str) and _normalise(adcode) in self._regions

    def region(self, adcode: str) -> Region:
        """The region with this adcode (12 digits, or the 6-digit form); KeyError if unknown."""
        code = _normalise(adcode)
        try:
            return self._regions[code]
        except KeyError:
            raise KeyError(f"unknown adcode {adcode!r}") from None

    def regions(self, level: str | None = None) -> list[Region]:
        """All regions, or those of one level, in adcode order."""
        return [r for r in self._regions.values() if level is None or r.level == level]

    def short_name(self, adcode: str) -> str | None:
        """The short form (宜春 for 宜春市), or None when the name has none."""
        return self._short.get(self.region(adcode).adcode)

    def alias(self, adcode: str) -> str | None:
        """The derived alias of an autonomous unit (凉山州, 石柱县), or None."""
        return self._aliases.get(self.region(adcode).adcode)

    def coordinates(self, adcode: str) -> tuple[float, float] | None:
        """(longitude, latitude) of the seat, when the source gives it."""
        return self._coords.get(self.region(adcode).adcode)

    def by_name(self, name: str, province: str | None = None) -> list[Region]:
        """Regions whose full name, short form or alias is ``name``, highest level first.

        ``province`` (an adcode or a province name) keeps only regions inside it.
        """
        prefix = self._province_code(province)[:2] if province is not None else None
        found = {r.adcode: r for r, _ in self._names.get(name.strip(), ())}
        hits = [r for r in found.values() if prefix is None or r.adcode[:2] == prefix]
        return sorted(hits, key=lambda r: (_RANK[r.level], r.adcode))

    def parent(self, adcode: str) -> Region | None:
        """The nearest existing ancestor, or None for a province."""
        region = self.region(adcode)
        return self._regions[region.parent] if region.parent else None

    def ancestors(self, adcode: str) -> list[Region]:
        """The chain of ancestors up to the province, nearest first (empty for a province)."""
        chain: list[Region] = []
        parent = self.parent(adcode)
        while parent is not None:
            chain.append(parent)
            parent = self._regions[parent.parent] if parent.parent else None
        return chain

    def children(self, adcode: str) -> list[Region]:
        """Direct subordinates, in adcode order."""
        return [self._regions[c] for c in self._children.get(self.region(adcode).adcode, ())]

    def descendants(self, adcode: str) -> list[Region]:
        """Every region below this one (cities and counties), in adcode order."""
        out: list[Region] = []
        stack = [self.region(adcode).adcode]
        while stack:
            for child in self._children.get(stack.pop(), ()):
                out.append(self._regions[child])
                stack.append(child)
        return sorted(out, key=lambda r: r.adcode)

    def province_of(self, adcode: str) -> str:
        """The adcode of the province containing ``adcode`` (itself for a province)."""
        code = self.region(adcode).adcode[:2] + "0" * 10
        if code not in self._regions:  # pragma: no cover - the CSV always has its provinces
            raise KeyError(f"no province row for {adcode!r}")
        return code

    def _province_code(self, province: str) -> str:
        """Accept a province adcode, any adcode inside it, or a province name."""
        if province.strip().isdigit():
            return self.province_of(province)
        for region, _ in self._names.get(province.strip(), ()):
            if region.level == "province":
                return region.adcode
        raise KeyError(f"unknown province {province!r}")

    # -- text -------------------------------------------------------------

    def _forms(self, region: Region) -> Iterator[tuple[str, int]]:
        """The written forms matched in text: full name, alias, short form."""
        yield region.name, _FULL
        if region.adcode in self._aliases:
            yield self._aliases[region.adcode], _ALIAS
        for form in self._conventional.get(region.adcode, ()):
            yield form, _ALIAS
        short = self._short.get(region.adcode)
        if short and not (region.level == "county" and short in COMMON_WORD_SHORTS):
            yield short, _SHORT

    def _matcher(self, province: str | None) -> _Matcher:
        """The scanner for one province (or the whole country), built once and cached."""
        scope = self._province_code(province) if province is not None else None
        matcher = self._matchers.get(scope)
        if matcher is None:
            forms: dict[str, list[_Candidate]] = {}
            for region in self._regions.values():
                inside = scope is None or region.adcode[:2] == scope[:2]
                if region.level != "province" and not inside:
                    continue
                for form, kind in self._forms(region):
                    forms.setdefault(form, []).append(_Candidate(region, kind, not inside))
            matcher = self._matchers[scope] = _compile(forms)
        return matcher

    def find_mentions(
        self, text: str, province: str | None = None, context: Iterable[str] = ()
    ) -> list[tuple[int, int, Region]]:
        """Every region mentioned in ``text`` as ``(start, end, region)``, left to right.

        ``province`` (adcode or name) restricts cities and counties to that
        province; province names are always recognised.  ``context`` (adcodes:
        the regions the document is issued for or about) settles a form that
        names several regions when exactly one of them lies inside one of
        those.  See the module docstring for the matching rules.
        """
        matcher = self._matcher(province)
        known = [self.region(code) for code in context if code in self]
        out: list[tuple[int, int, Region]] = []
        before: Region | None = None
        for start, end, meaning in _scan(matcher, text):
            region = meaning.region
            if region is None:
                region = self._settle(meaning.candidates, before, start, out, known)
            if region is not None:
                out.append((start, end, region))
            before = region
        return out

    def name_starts(self, text: str, province: str | None = None) -> list[int]:
        """Where a region's name starts in ``text``, whether or not the name settles on one region."""
        return [start for start, _, _ in _scan(self._matcher(province), text)]

    def _settle(
        self,
        candidates: tuple[Region, ...],
        before: Region | None,
        start: int,
        found: list[tuple[int, int, Region]],
        context: list[Region],
    ) -> Region | None:
        """The one candidate the region written right before, or else the context, puts it in."""
        if before is not None and found and found[-1][1] == start:
            inside = [c for c in candidates if self._within(c, before)]
            if len(inside) == 1:
                return inside[0]
        inside = [c for c in candidates if any(self._within(c, place) for place in context)]
        return inside[0] if len(inside) == 1 else None

    def _within(self, region: Region, place: Region) -> bool:
        """Whether ``region`` is ``place`` or lies inside it."""
        return region.adcode == place.adcode or any(a.adcode == place.adcode for a in self.ancestors(region.adcode))

    def detect_province(self, text: str, window: int = 3000) -> str | None:
        """The adcode of the province a document is about, or None when no region is named.

        Mentions in the first ``window`` characters are scored: a province's
        full name 6, its short form 4, a city's full name or alias 2, a city's
        short form 1, a county's full name or alias 1 (道孚县 alone tells
        Sichuan), each credited to the province; a name several regions share
        (铁东区) counts for none.  Ties go to the province mentioned first.
        """
        if self._detector is None:
            forms: dict[str, list[_Candidate]] = {}
            for region in self._regions.values():
                for form, kind in self._forms(region):
                    if region.level == "county" and kind == _SHORT:
                        continue  # 道孚, 蕲春 without 县 are too often parts of other words
                    forms.setdefault(form, []).append(_Candidate(region, kind, False))
            self._detector = _compile(forms)
        scores: dict[str, int] = {}
        first: dict[str, int] = {}
        for start, _, meaning in _scan(self._detector, text[:window]):
            found = meaning.region
            if found is None:
                continue
            code = found.adcode[:2] + "0" * 10
            scores[code] = scores.get(code, 0) + _WEIGHTS.get((found.level, meaning.kind), 1)
            first.setdefault(code, start)
        if not scores:
            return None
        return min(scores, key=lambda code: (-scores[code], first[code]))


def _scan(matcher: _Matcher, text: str) -> Iterator[tuple[int, int, _Meaning]]:
    """The forms of ``matcher`` in ``text``, left to right, without those that are part of other words.

    A two-character county name must stand apart (or follow a region it lies in: 保定市易县, but not
    郁南县城区); a short form must not be part of a feature's name (沙湖北岸, 吕梁山).
    """
    if matcher.pattern is None:
        return
    before: _Meaning | None = None
    last_end = -1
    for m in matcher.pattern.finditer(text):
        meaning = matcher.meaning[m.group()]
        start, end = m.start(), m.end()
        if (meaning.apart and start > 0 and _is_hanzi(text[start - 1])
                and (meaning.apart == 2 or text[start - 1] not in _BEFORE_APART)
                and (start != last_end or before is None or not _inside_any(meaning, before))):
            continue
        if text.startswith("区域", end - 1):
            continue
        if meaning.kind == _SHORT and end < len(text) and all(
                text[end] in _FEATURES.get(c.level, "") for c in meaning.candidates):
            continue
        before, last_end = meaning, end
        yield start, end, meaning


_PREFIX = {"province": 2, "city": 4, "county": 6}


def _inside_any(meaning: _Meaning, outer: _Meaning) -> bool:
    """Whether a reading of ``meaning`` lies inside a reading of ``outer`` (by their adcodes)."""
    return any(
        inner.adcode != region.adcode and inner.adcode[:digits] == region.adcode[:digits]
        for region in outer.candidates
        if region.level != "county" and (digits := _PREFIX[region.level])
        for inner in meaning.candidates
    )


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _normalise(adcode: str) -> str:
    """12-digit form of an adcode: ``360900`` -> ``360900000000``."""
    code = adcode.strip()
    return code + "0" * 6 if len(code) == 6 and code.isdigit() else code


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once per process."""
    return Gazetteer.from_csv(asset_path("data", "gazetteer", "regions.csv"),
                              asset_path("data", "gazetteer", "aliases.tsv"))
