"""Build ``data/gazetteer/regions.csv`` from the ``adcodes.csv`` shipped with cpca.

cpca (https://github.com/DQinYuan/chinese_province_city_area_mapper, MIT) is a
*build-time* source only: run this script in an environment where cpca is
installed, then check the generated CSV in.  At run time dutygraph reads the
CSV alone (see ``graph/core/gazetteer.py``).

Usage::

    python data/gazetteer/build_regions.py            # writes regions.csv beside this script
    python data/gazetteer/build_regions.py --source path/to/adcodes.csv --output out.csv

What the script does:

* derives the level from the 12-digit adcode: ``XX0000000000`` province,
  ``XXXX00000000`` city (prefecture level), ``XXXXXX000000`` county level;
  anything finer (township, village) is dropped;
* drops the statistical placeholder rows that are not divisions at all
  (``市辖区``, ``县``, ``省直辖县级行政区划``, ``自治区直辖县级行政区划``);
* sets ``parent`` to the nearest ancestor row that exists, so districts of the
  municipalities and 省直辖县级行政单位 hang directly under their province;
* computes ``short``, the usual short form (宜春市 -> 宜春, 广西壮族自治区 -> 广西,
  铅山县 -> 铅山), left empty when it would be shorter than two characters or
  identical to the full name.
"""

from __future__ import annotations

import argparse
import csv
import importlib.resources
import io
import sys
from pathlib import Path

HEADER = ("adcode", "name", "short", "level", "parent", "longitude", "latitude")

# Rows of the code table that are groupings, not administrative divisions.
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# The 56 recognised ethnic groups (cpca ships the same list as resources/56_nations.csv).
ETHNIC_GROUPS = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 "
    "土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
    "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族 高山族"
).split()

# Administrative suffixes, longest first.  The autonomous ones are preceded by
# ethnic names that the short form drops as well.
AUTONOMOUS_SUFFIXES = ("自治区", "自治州", "自治县", "自治旗")
SUFFIXES = (
    "特别行政区",
    *AUTONOMOUS_SUFFIXES,
    "地区",
    "特区",
    "新区",
    "矿区",
    "省",
    "市",
    "盟",
    "县",
    "区",
    "旗",
)

# Ethnic words stripped from the end of a name: always with 族 ("回族", "土家族",
# "各族" as in 龙胜各族自治县); after an autonomous suffix also the multi-character
# forms without 族 (伊犁哈萨克自治州, 察布查尔锡伯自治县, 鄂伦春自治旗).
# Names the suffix rules get wrong ("林区" cannot be a general suffix: 万柏林区, 碑林区).
SHORT_OVERRIDES = {"神农架林区": "神农架", "达尔罕茂明安联合旗": "达茂"}

# 巴林左旗, 科尔沁右翼中旗: stripping 旗 leaves a fragment, not a short form.
BANNER_POSITIONS = frozenset("左右前中后")

_ETHNIC_WITH_ZU = tuple(sorted({*ETHNIC_GROUPS, "各族"}, key=len, reverse=True))
_ETHNIC_BARE = tuple(sorted({g[:-1] for g in ETHNIC_GROUPS if len(g) >= 3}, key=len, reverse=True))


def level_of(adcode: str) -> str | None:
    """Return province/city/county for a 12-digit adcode, or None for finer divisions."""
    if adcode[2:] == "0" * 10:
        return "province"
    if adcode[4:] == "0" * 8:
        return "city"
    if adcode[6:] == "0" * 6:
        return "county"
    return None


def _strip_ethnic(stem: str, autonomous: bool) -> str:
    """Drop trailing ethnic names while at least two characters remain."""
    words = _ETHNIC_WITH_ZU + (_ETHNIC_BARE if autonomous else ())
    changed = True
    while changed:
        changed = False
        for word in words:
            if stem.endswith(word) and len(stem) - len(word) >= 2:
                stem = stem[: -len(word)]
                changed = True
                break
    # 东乡族自治县 -> 东乡族 -> 东乡; 鄂温克族自治旗 -> 鄂温克
    if autonomous and stem.endswith("族") and len(stem) >= 3:
        stem = stem[:-1]
    return stem


def short_form(name: str) -> str:
    """The common short form of a division name, or "" when there is none.

    >>> [short_form(n) for n in ("宜春市", "江西省", "广西壮族自治区", "内蒙古自治区", "铅山县", "沛县")]
    ['宜春', '江西', '广西', '内蒙古', '铅山', '']
    >>> [short_form(n) for n in ("延边朝鲜族自治州", "东乡族自治县", "鄂伦春自治旗", "西林区", "巴林左旗")]
    ['延边', '东乡', '鄂伦春', '西林', '']
    """
    if name in SHORT_OVERRIDES:
        return SHORT_OVERRIDES[name]
    # The longest suffix that leaves at least two characters: 峰峰矿区 -> 峰峰,
    # but 西林区 -> 西林 (not 西 + 林区) and 城区 -> nothing.
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = _strip_ethnic(name[: -len(suffix)], suffix in AUTONOMOUS_SUFFIXES)
            break
    else:
        return ""  # 沛县, 城区, 西沙群岛: no usable short form
    if suffix == "旗" and stem[-1] in BANNER_POSITIONS:
        return ""  # 巴林左旗 / 乌拉特中旗: "巴林左" is not a name anyone writes
    return "" if stem == name else stem


def source_path() -> Path:
    """Locate ``cpca/resources/adcodes.csv`` in the installed cpca package."""
    try:
        resource = importlib.resources.files("cpca").joinpath("resources", "adcodes.csv")
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the build env
        raise SystemExit("cpca is not installed: pip install cpca==0.5.5 (build-time only)") from exc
    with importlib.resources.as_file(resource) as path:
        return Path(path)


def build(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Turn cpca's rows into gazetteer rows (see the module docstring)."""
    kept: dict[str, dict[str, str]] = {}
    for row in rows:
        adcode = row["adcode"].strip()
        name = row["name"].strip()
        level = level_of(adcode)
        if level is None or name in PLACEHOLDERS:
            continue
        if adcode in kept:
            raise ValueError(f"duplicate adcode {adcode}")
        kept[adcode] = {
            "adcode": adcode,
            "name": name,
            "short": short_form(name),
            "level": level,
            "parent": "",
            "longitude": row.get("longitude", "").strip(),
            "latitude": row.get("latitude", "").strip(),
        }
    for adcode, out in kept.items():
        if out["level"] == "province":
            continue
        candidates = [adcode[:4] + "0" * 8] if out["level"] == "county" else []
        candidates.append(adcode[:2] + "0" * 10)
        parent = next((c for c in candidates if c in kept), None)
        if parent is None:
            raise ValueError(f"{adcode} {out['name']}: no ancestor row")
        out["parent"] = parent
    return [kept[code] for code in sorted(kept)]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source", type=Path, default=None, help="cpca adcodes.csv (default: installed cpca)"
    )
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().with_name("regions.csv"))
    args = parser.parse_args(argv)
    source: Path = args.source or source_path()
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = build(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out)
    args.output.write_text(buffer.getvalue(), encoding="utf-8")
    counts = {lvl: sum(1 for r in out if r["level"] == lvl) for lvl in ("province", "city", "county")}
    print(f"{source}: {len(rows)} rows -> {args.output}: {len(out)} rows {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
