"""The map of a selection: the places its problems concern, at their gazetteer coordinates.

No tiles and no outlines: the page must work with no network, and no boundary
dataset ships in an installed package under a licence that allows it, so the
regions are drawn as markers on a plain ground (longitude and latitude of each
division's seat, from ``data/gazetteer/regions.csv``).  A marker grows with the
number of problems concerning the place and is coloured by their progress, or,
where no progress report speaks of them, by who leads them.  The page script
(``static/map.js``) places the labels so that none covers another.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analyze.network import LEAD_ROLES, DutyRole, NodeType, is_duty
from graph.core.gazetteer import Gazetteer, load_gazetteer
from graph.render.html import (
    EDGE_STYLES,
    STATUS_NAMES,
    inline_safe,
    json_for_script,
    label_text,
    page_top,
    write_page,
)
from graph.render.matrix import selected_with_facts
from graph.render.selection import WHOLE_GRAPH, SelectionOptions
from graph.sparql.facts import TaskFacts
from graph.store import GraphStore

__all__ = ["COLOURS", "MapSummary", "build_map_data", "render_map_html", "write_map"]

STATIC = Path(__file__).resolve().parent / "static"

# Progress first: what a meeting asks of a place is whether its problems are done.
STATUS_CLASSES: dict[str, str] = {
    "Completed": "done",
    "CompletedOngoing": "done",
    "BasicallyCompleted": "done",
    "SignedOff": "done",
    "InProgress": "ongoing",
    "Behind": "behind",
    "NotCompleted": "behind",
}
# Where no report speaks: who leads the place's problems.
COLOURS: dict[str, tuple[str, str]] = {
    "behind": ("#c0392b", "有问题滞后或未完成"),
    "ongoing": ("#e8a33d", "整改推进中"),
    "done": ("#3b9a4b", "已完成"),
    "local": ("#d35400", "无进展信息 · 属地政府牵头"),
    "lead": ("#8e44ad", "无进展信息 · 省级部门牵头"),
    "unled": ("#2f78b5", "无进展信息 · 仅有配合或负责单位"),
    "none": ("#9d9d9d", "无进展信息 · 无责任单位"),
}


@dataclass(frozen=True)
class MapSummary:
    """What a written map holds."""

    path: Path
    regions: int
    problems: int
    title: str


def _adcode(region: str) -> str:
    return region.rsplit("/", 1)[-1]


def _problem_status(facts: Mapping[str, TaskFacts], task: str) -> str:
    """Return a task's status class (done, ongoing, behind) or "" when nothing is reported."""
    entry = facts.get(task)
    if entry is None:
        return ""
    classes = {STATUS_CLASSES.get(s, "") for s in entry.statuses} - {""}
    if entry.completed:
        classes.add("done")
    for worst in ("behind", "ongoing", "done"):
        if worst in classes:
            return worst
    return ""


def build_map_data(
    G: nx.MultiDiGraph[str],
    document_titles: Mapping[str, str],
    gazetteer: Gazetteer,
    facts: Mapping[str, TaskFacts] | None = None,
) -> dict[str, Any]:
    """Return the JSON-able map: one record per region with coordinates, its problems and their owners."""
    facts = facts or {}
    labels: dict[str, str] = {str(k): str(v) for k, v in (G.graph.get("region_labels") or {}).items()}
    labels.update({n: str(d.get("label", "")) for n, d in G.nodes(data=True) if d.get("type") == NodeType.REGION})
    problem_of: dict[str, str] = {}
    for u, v, d in G.edges(data=True):
        if d.get("relation") == "ofProblem":
            problem_of[u] = v
    owners: dict[str, list[tuple[str, str]]] = {}
    for u, v, d in G.edges(data=True):
        if is_duty(d):
            task = problem_of.get(v, v)
            entry = (u, str(d.get("role")))
            if entry not in owners.setdefault(task, []):
                owners[task].append(entry)
    governs: dict[str, set[str]] = {}
    for u, v, d in G.edges(data=True):
        if d.get("relation") == "jurisdiction":
            governs.setdefault(v, set()).add(u)

    problems: list[dict[str, Any]] = []
    problem_index: dict[str, int] = {}
    by_region: dict[str, list[int]] = {}
    for n, d in G.nodes(data=True):
        if d.get("type") not in (NodeType.PROBLEM, NodeType.CASE):
            continue
        docs = d.get("docs") or []
        reported = facts.get(n)
        problem_index[n] = len(problems)
        problems.append({
            "id": n,
            "code": "" if d.get("type") == NodeType.CASE else str(d.get("code") or ""),
            "label": label_text(d),
            "doc": document_titles.get(str(docs[0]), str(docs[0])) if docs else "",
            "status": "、".join(STATUS_NAMES.get(s, s) for s in reported.statuses) if reported else "",
            "owners": [[str(G.nodes[a].get("label", "")), role] for a, role in owners.get(n, [])],
        })
        for region in d.get("regions") or []:
            by_region.setdefault(region, []).append(problem_index[n])
    regions: list[dict[str, Any]] = []
    wanted = set(by_region) | set(labels)
    for region in sorted(wanted):
        code = _adcode(region)
        if code not in gazetteer:
            continue
        place = gazetteer.region(code)
        where = gazetteer.coordinates(code)
        if where is None:
            continue
        mine = by_region.get(region, [])
        statuses = {_problem_status(facts, problems[i]["id"]) for i in mine} - {""}
        if statuses:
            colour: str = next(c for c in ("behind", "ongoing", "done") if c in statuses)
        else:
            roles = {(a, role) for i in mine for a, role in owners.get(problems[i]["id"], [])}
            if any(role == DutyRole.JURISDICTION_LEAD or (role in LEAD_ROLES and a in governs.get(region, ()))
                   for a, role in roles):
                colour = "local"
            elif any(role in LEAD_ROLES for _, role in roles):
                colour = "lead"
            elif roles:
                colour = "unled"
            else:
                colour = "none"
        parent = gazetteer.region(place.parent).name if place.parent else ""
        regions.append({
            "id": region,
            "name": labels.get(region) or place.name,
            "parent": parent,
            "level": place.level,
            "lon": where[0],
            "lat": where[1],
            "problems": sorted(mine, key=lambda i: (problems[i]["doc"], problems[i]["code"], problems[i]["label"])),
            "colour": colour,
        })
    used = sorted({i for r in regions for i in r["problems"]})
    renumber = {old: new for new, old in enumerate(used)}
    for r in regions:
        r["problems"] = [renumber[i] for i in r["problems"]]
    return {
        "regions": regions,
        "problems": [problems[i] for i in used],
        "colours": {k: {"color": c, "name": name} for k, (c, name) in COLOURS.items()},
        "roleNames": {str(k): s.name for k, s in EDGE_STYLES.items()},
        "roleColours": {str(k): s.color for k, s in EDGE_STYLES.items()},
    }


def render_map_html(data: Mapping[str, Any], title: str, documents: Sequence[str], generated: date) -> str:
    """Render the map data as a self-contained page (no tiles, nothing fetched)."""
    own_js = (STATIC / "map.js").read_text(encoding="utf-8")
    base_css = (STATIC / "dutygraph.css").read_text(encoding="utf-8")
    own_css = (STATIC / "map.css").read_text(encoding="utf-8")
    esc_title = html.escape(title)
    stamp = generated.isoformat()
    counts: dict[str, int] = {}
    for r in data["regions"]:
        counts[r["colour"]] = counts.get(r["colour"], 0) + 1
    legend = "".join(
        f'<li><span class="mp-dot" style="background:{html.escape(c["color"])}"></span>'
        f'<span>{html.escape(c["name"])}</span><span class="dg-count">{counts.get(k, 0)}</span></li>'
        for k, c in data["colours"].items() if counts.get(k)
    )
    stats = f'<span id="mp-stats">{len(data["regions"])} 个地区 · {len(data["problems"])} 个问题</span>'
    top = page_top(title, (base_css, own_css), "mp-page", stats, documents, generated)
    return top + f"""<main class="dg-main">
<aside class="dg-controls" aria-label="图例">
<form id="mp-search-form" class="dg-box" role="search" autocomplete="off">
<label for="mp-search">查找地区</label>
<div class="dg-search-row"><input id="mp-search" type="search" placeholder="如:上饶市">
<button type="submit">查找</button></div>
<div id="mp-search-status" class="dg-status" aria-live="polite"></div></form>
<div class="dg-box"><strong>颜色</strong><ul class="mp-legend">{legend}</ul>
<p class="dg-sub">圆点大小:涉及的问题数。位置:各地政府驻地(行政区划数据)。未绘制行政边界。</p></div>
<div class="dg-box"><button id="mp-fit" type="button">显示全部</button>
<span id="mp-visible" class="dg-status"></span></div>
</aside>
<div class="mp-wrap" id="mp-wrap"><svg id="mp-svg" class="mp-svg" role="img" aria-label="{esc_title}">
<g id="mp-grid"></g><g id="mp-markers"></g><g id="mp-labels"></g></svg></div>
<aside id="dg-details" class="dg-details" aria-live="polite">
<p class="dg-hint">点击地区查看涉及的问题及其责任单位。滚轮缩放,拖动平移。</p></aside>
</main>
<script id="dg-data" type="application/json" data-generated="{stamp}">{json_for_script(dict(data))}</script>
<script>{inline_safe(own_js, "script")}</script>
</body>
</html>
"""


def write_map(
    store: GraphStore,
    path: str | Path,
    options: SelectionOptions = WHOLE_GRAPH,
    *,
    generated: date | None = None,
) -> MapSummary:
    """Write the map of what ``options`` select (see :class:`.SelectionOptions`) to ``path``."""
    chosen, facts = selected_with_facts(store, options)
    data = build_map_data(chosen.network, chosen.titles, load_gazetteer(), facts)
    title = chosen.title_for("责任地图")
    page = render_map_html(data, title, chosen.document_names, generated or date.today())
    target = write_page(path, page)
    return MapSummary(target, len(data["regions"]), len(data["problems"]), title)
