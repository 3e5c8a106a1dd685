"""Render the responsibility network as one self-contained, offline HTML page.

The page is shown in meetings, often with no network: everything it needs (the
vis-network library shipped inside pyvis, our script and styles, the data) is
inlined, and nothing is ever fetched.  pyvis builds the node and edge records;
its own HTML template is not used because it links CDNs and writes files in the
platform encoding.  Text from documents reaches the page only as escaped JSON
and is put into the DOM with ``textContent``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analyze.network import LEAD_ROLES, compute_layout, is_duty

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "PHYSICS_NODE_LIMIT",
    "build_page_data",
    "render_network_html",
    "write_network_html",
]

# Past this many nodes the browser's physics takes seconds to settle on a
# meeting-room laptop; positions computed in Python draw at once instead.
PHYSICS_NODE_LIMIT = 150
# vis-network's stabilisation runs this many iterations at most before we
# switch physics off, so a small graph is still and readable within a moment.
STABILIZATION_ITERATIONS = 200
TASK_LABEL_CHARS = 12
NAME_LABEL_CHARS = 16
VIS_DIR = ("lib", "vis-9.1.2")
ASSETS = Path(__file__).resolve().parent / "assets"


@dataclass(frozen=True)
class NodeStyle:
    """How one node type looks on the canvas and in the legend."""

    name: str  # Chinese name shown in the legend
    shape: str  # vis-network shape
    color: str
    size: int
    font_color: str = "#222222"


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge looks on the canvas and in the legend."""

    name: str
    color: str
    width: float
    dashes: tuple[int, ...] = ()


NODE_STYLES: dict[str, NodeStyle] = {
    "Unit": NodeStyle("单位", "box", "#4e79a7", 14, "#ffffff"),
    "Leader": NodeStyle("领导", "ellipse", "#f28e2b", 14),
    "Issue": NodeStyle("问题", "dot", "#e15759", 14),
    "Measure": NodeStyle("措施", "square", "#59a14f", 9),
    "Case": NodeStyle("交办案件", "triangle", "#b07aa1", 12),
    "Region": NodeStyle("地区", "diamond", "#edc948", 12),
    "LeadingGroup": NodeStyle("领导小组", "hexagon", "#76b7b2", 15),
    "More": NodeStyle("更多(已折叠)", "box", "#dddddd", 12),
}
UNKNOWN_STYLE = NodeStyle("其他", "dot", "#9d9d9d", 10)

# Role keys are the ontology's individuals; the filter groups them as the page's
# checkboxes do: a jurisdiction lead is a lead.
EDGE_STYLES: dict[str, EdgeStyle] = {
    "Lead": EdgeStyle("牵头", "#c0392b", 3.5),
    "JurisdictionLead": EdgeStyle("属地牵头", "#d35400", 3.5),
    "Support": EdgeStyle("配合", "#2f78b5", 1.8, (8, 6)),
    "Responsible": EdgeStyle("负责", "#555555", 1.0),
    "structure": EdgeStyle("结构关系", "#b4b4b4", 1.0),
    "more": EdgeStyle("折叠", "#b4b4b4", 1.0, (2, 4)),
}
ROLE_GROUPS: dict[str, str] = {
    "Lead": "lead",
    "JurisdictionLead": "lead",
    "Support": "support",
    "Responsible": "responsible",
}
ROLE_FILTERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("lead", "牵头", ("Lead", "JurisdictionLead")),
    ("support", "配合", ("Support",)),
    ("responsible", "负责", ("Responsible",)),
)
RELATION_NAMES: dict[str, str] = {
    "ofIssue": "所属问题",
    "subIssueOf": "上级问题",
    "concerns": "涉及地区",
    "jurisdiction": "辖区",
    "headOf": "组长",
    "deputyHeadOf": "副组长",
    "memberOf": "成员单位",
    "officeOf": "办公室设在",
    "more": "折叠的相邻节点",
}
AGENT_TYPES = frozenset({"Unit", "Leader"})
TASK_TYPES = frozenset({"Issue", "Measure", "Case"})

# JSON inside <script> must not be able to close the element or open a comment,
# and U+2028/2029 are line breaks to older JS parsers; all five become \\u escapes.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def _json_for_script(value: Any) -> str:
    """Serialise ``value`` as JSON that is safe verbatim inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def _inline_safe(code: str, tag: str) -> str:
    """Make library code safe to inline in ``<script>``/``<style>``: nothing may end the element early."""
    # "<\/" means "</" inside JS strings, regexes and comments and inside CSS
    # (an escaped solidus), so the rewrite changes no behaviour.
    code = re.sub(f"</(?={tag})", "<\\\\/", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def _short(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters with an ellipsis, for canvas labels."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _node_label(data: Mapping[str, Any]) -> str:
    """Return the canvas label: task code plus the start of its text, or a short name."""
    label = str(data.get("label", ""))
    if data.get("type") in TASK_TYPES:
        code = str(data.get("code") or "")
        text = _short(label, TASK_LABEL_CHARS)
        return f"{code} {text}" if code else text
    return _short(label, NAME_LABEL_CHARS)


def _vis_lib() -> tuple[str, str]:
    """Read vis-network's standalone JS and CSS from the pyvis package."""
    root = resources.files("pyvis").joinpath(*VIS_DIR)
    js = root.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = root.joinpath("vis-network.css").read_text(encoding="utf-8")
    return js, css


def _filter_regions(G: nx.MultiDiGraph[str]) -> dict[str, list[str]]:
    """Return, per node, the regions under which the region filter shows it."""
    keys: dict[str, list[str]] = {n: list(G.nodes[n].get("regions") or []) for n in G}
    # A provincial department has no region of its own, yet it is exactly who
    # a city's delegation asks about: show such an agent wherever it has a duty.
    # A city government keeps to its own jurisdiction, even when it shares a
    # problem that names several cities.
    placeless = {n for n in G if G.nodes[n].get("type") in AGENT_TYPES and not keys[n]}
    for u, v, d in G.edges(data=True):
        if is_duty(d) and u in placeless:
            keys[u].extend(r for r in G.nodes[v].get("regions") or [] if r not in keys[u])
    return keys


def _pyvis_records(
    G: nx.MultiDiGraph[str], positions: Mapping[Any, tuple[float, float]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Build vis node and edge records with pyvis, filling its lists directly for speed."""
    # Imported here: pyvis pulls in IPython, which commands that draw nothing
    # should not pay for.
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(directed=True, cdn_resources="in_line")
    region_keys = _filter_regions(G)
    for n, data in G.nodes(data=True):
        kind = str(data.get("type") or "Unknown")
        style = NODE_STYLES.get(kind, UNKNOWN_STYLE)
        label = str(data.get("label", ""))
        x, y = positions.get(n, (0.0, 0.0))
        options: dict[str, Any] = {
            "color": style.color,
            "size": style.size,
            "font": {"color": style.font_color if style.shape in ("box", "ellipse") else "#222222"},
            "x": x,
            "y": y,
            # Extra fields ride along in the vis DataSet for search, filters and details.
            "type": kind,
            "fullLabel": label,
            "code": str(data.get("code") or ""),
            "names": [str(s) for s in data.get("names") or [label]],
            "regions": list(data.get("regions") or []),
            "regionKeys": region_keys[n],
        }
        if kind == "More":
            options["shapeProperties"] = {"borderDashes": [4, 3]}
            options["count"] = int(data.get("count") or 0)
        # add_node would scan node_ids (a list) for every insert: quadratic on
        # thousands of nodes.  The graph's keys are unique already.
        node = Node(n, style.shape, label=_node_label(data), **options)
        net.nodes.append(node.options)
        net.node_ids.append(n)
        net.node_map[n] = node.options
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        if is_duty(d):
            role = str(d.get("role", ""))
            line_style = EDGE_STYLES.get(role, EDGE_STYLES["Responsible"])
            extra: dict[str, Any] = {
                "kind": "duty",
                "role": role,
                "quote": str(d.get("quote", "")),
                "doc": str(d.get("doc", "")),
                "docTitle": str(d.get("docTitle", "")),
                "start": int(d.get("start") or 0),
                "end": int(d.get("end") or 0),
                "line": int(d.get("line") or 0),
            }
        else:
            relation = str(d.get("relation", ""))
            line_style = EDGE_STYLES["more" if relation == "more" else "structure"]
            extra = {"kind": "structure", "relation": relation}
        # add_edge checks for duplicates with a linear scan (quadratic past a
        # few thousand edges); MultiDiGraph edges are distinct by construction.
        edge = Edge(
            u,
            v,
            directed=True,
            id=f"e{i}",
            color=line_style.color,
            width=line_style.width,
            dashes=list(line_style.dashes) if line_style.dashes else False,
            **extra,
        )
        net.edges.append(edge.options)
    return net.nodes, net.edges


def build_page_data(G: nx.MultiDiGraph[str], physics: bool | None = None) -> dict[str, Any]:
    """Return the JSON-able data the page script draws: nodes, edges, regions and settings."""
    if physics is None:
        physics = len(G) <= PHYSICS_NODE_LIMIT
    # Positions are computed for small graphs too: physics then starts from a
    # sensible, reproducible picture and settles in fewer iterations.
    positions = compute_layout(G)
    nodes, edges = _pyvis_records(G, positions)
    regions = sorted(
        (
            {"id": n, "label": str(d.get("label", ""))}
            for n, d in G.nodes(data=True)
            if d.get("type") == "Region"
        ),
        key=lambda r: (r["label"], r["id"]),
    )
    return {
        "physics": physics,
        "stabilizationIterations": STABILIZATION_ITERATIONS,
        "nodes": nodes,
        "edges": edges,
        "regions": regions,
        "typeNames": {k: s.name for k, s in NODE_STYLES.items()},
        "roleNames": {k: s.name for k, s in EDGE_STYLES.items() if k in ROLE_GROUPS},
        "roleGroups": ROLE_GROUPS,
        "relationNames": RELATION_NAMES,
        "leadRoles": sorted(LEAD_ROLES),
    }


def _shape_svg(style: NodeStyle) -> str:
    """Return a small inline SVG of a node shape for the legend (static markup, no data)."""
    fill = style.color
    stroke = "#555" if style.shape != "box" or style.color != "#dddddd" else "#777"
    dash = ' stroke-dasharray="3 2"' if style.color == "#dddddd" else ""
    shapes = {
        "box": f'<rect x="1" y="4" width="16" height="10" rx="2" fill="{fill}" stroke="{stroke}"{dash}/>',
        "ellipse": f'<ellipse cx="9" cy="9" rx="8" ry="5.5" fill="{fill}" stroke="{stroke}"/>',
        "dot": f'<circle cx="9" cy="9" r="6.5" fill="{fill}" stroke="{stroke}"/>',
        "square": f'<rect x="3.5" y="3.5" width="11" height="11" fill="{fill}" stroke="{stroke}"/>',
        "triangle": f'<polygon points="9,2 16,15 2,15" fill="{fill}" stroke="{stroke}"/>',
        "diamond": f'<polygon points="9,1 17,9 9,17 1,9" fill="{fill}" stroke="{stroke}"/>',
        "hexagon": f'<polygon points="5,2 13,2 17,9 13,16 5,16 1,9" fill="{fill}" stroke="{stroke}"/>',
    }
    body = shapes.get(style.shape, shapes["dot"])
    return (
        f'<svg class="dg-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'
    )


def _line_svg(style: EdgeStyle) -> str:
    """Return a small inline SVG of an edge style for the legend."""
    dash = f' stroke-dasharray="{" ".join(str(d) for d in style.dashes)}"' if style.dashes else ""
    return (
        '<svg class="dg-swatch" width="34" height="12" viewBox="0 0 34 12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="33" y2="6" stroke="{style.color}" '
        f'stroke-width="{style.width}"{dash}/></svg>'
    )


def _controls_html(G: nx.MultiDiGraph[str]) -> str:
    """Return the static filter/legend markup; counts are numbers, names are our own constants."""
    type_counts: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        type_counts[str(d.get("type") or "Unknown")] = type_counts.get(str(d.get("type") or "Unknown"), 0) + 1
    role_counts: dict[str, int] = {}
    structure_count = 0
    for *_, d in G.edges(data=True):
        if is_duty(d):
            group = ROLE_GROUPS.get(str(d.get("role")), "responsible")
            role_counts[group] = role_counts.get(group, 0) + 1
        else:
            structure_count += 1
    rows = []
    for group, name, roles in ROLE_FILTERS:
        swatches = "".join(_line_svg(EDGE_STYLES[r]) for r in roles)
        # Jurisdiction leads share the lead checkbox; their orange swatch and
        # this tooltip say so without widening the sidebar.
        hint = ' title="含属地牵头(橙色)"' if group == "lead" else ""
        rows.append(
            f'<label class="dg-row"{hint}>'
            f'<input type="checkbox" id="dg-role-{group}" data-role="{group}" checked>'
            f'{swatches}<span>{name}</span><span class="dg-count">{role_counts.get(group, 0)}</span></label>'
        )
    rows.append(
        '<label class="dg-row"><input type="checkbox" id="dg-structure" checked>'
        f"{_line_svg(EDGE_STYLES['structure'])}<span>结构关系</span>"
        f'<span class="dg-count">{structure_count}</span></label>'
    )
    types = []
    known = list(NODE_STYLES) + sorted(t for t in type_counts if t not in NODE_STYLES)
    for kind in known:
        style = NODE_STYLES.get(kind, UNKNOWN_STYLE)
        label = html.escape(style.name if kind in NODE_STYLES else kind)
        types.append(
            f'<label class="dg-row"><input type="checkbox" id="dg-type-{html.escape(kind)}" '
            f'data-type="{html.escape(kind)}" checked>{_shape_svg(style)}<span>{label}</span>'
            f'<span class="dg-count">{type_counts.get(kind, 0)}</span></label>'
        )
    return (
        '<fieldset class="dg-box"><legend>关系(连线)</legend>'
        + "".join(rows)
        + '</fieldset><fieldset class="dg-box"><legend>类型(节点)</legend>'
        + "".join(types)
        + "</fieldset>"
    )


_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)


def render_network_html(
    G: nx.MultiDiGraph[str],
    title: str,
    documents: Sequence[str],
    generated: date,
    *,
    physics: bool | None = None,
) -> str:
    """Render ``G`` as a self-contained interactive HTML page (no external resources)."""
    data = build_page_data(G, physics=physics)
    vis_js, vis_css = _vis_lib()
    own_js = (ASSETS / "dutygraph.js").read_text(encoding="utf-8")
    own_css = (ASSETS / "dutygraph.css").read_text(encoding="utf-8")
    docs = "".join(f"<li>{html.escape(str(d))}</li>" for d in documents) or "<li>(未注明)</li>"
    esc_title = html.escape(title)
    stamp = generated.isoformat()
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dutygraph">
<title>{esc_title}</title>
<style>{_inline_safe(vis_css, "style")}</style>
<style>{_inline_safe(own_css, "style")}</style>
</head>
<body>
<header class="dg-header">
<h1 id="dg-title">{esc_title}</h1>
<p class="dg-meta">生成日期:<time datetime="{stamp}" id="dg-generated">{stamp}</time>
 · <span id="dg-stats">{G.number_of_nodes()} 个节点 · {G.number_of_edges()} 条关系</span></p>
<details class="dg-docs"><summary>来源文件({len(documents)})</summary>
<ul id="dg-documents">{docs}</ul></details>
</header>
<main class="dg-main">
<aside class="dg-controls" aria-label="搜索与筛选">
<form id="dg-search-form" class="dg-box" role="search" autocomplete="off">
<label for="dg-search">搜索名称或编号</label>
<div class="dg-search-row">
<input id="dg-search" type="search" list="dg-names" placeholder="如:省环保厅 或 3.1">
<button id="dg-search-go" type="submit">查找</button></div>
<datalist id="dg-names"></datalist>
<div id="dg-search-status" class="dg-status" aria-live="polite"></div>
</form>
{_controls_html(G)}
<fieldset class="dg-box"><legend>地区</legend>
<select id="dg-region"><option value="">全部地区</option></select></fieldset>
<div class="dg-box"><span id="dg-visible" class="dg-status"></span>
<button id="dg-save" type="button">保存图片 PNG</button></div>
</aside>
<div class="dg-canvas-wrap"><div id="dg-network" role="img" aria-label="{esc_title}"></div>
<div id="dg-loading" class="dg-loading">正在布局…</div>
<noscript><p class="dg-noscript">此页面需要启用 JavaScript 才能显示关系图。</p></noscript></div>
<aside id="dg-details" class="dg-details" aria-live="polite">
<p class="dg-hint">点击节点查看其职责;点击连线查看原文依据。</p></aside>
</main>
<script id="dg-data" type="application/json" data-generated="{stamp}">{_json_for_script(data)}</script>
<script>{_inline_safe(vis_js, "script")}</script>
<script>{_inline_safe(own_js, "script")}</script>
</body>
</html>
"""


def write_network_html(
    G: nx.MultiDiGraph[str],
    path: str | Path,
    title: str,
    documents: Sequence[str],
    generated: date,
    *,
    physics: bool | None = None,
) -> Path:
    """Write the page for ``G`` to ``path`` as UTF-8 and return the path."""
    target = Path(path)
    page = render_network_html(G, title, documents, generated, physics=physics)
    # newline="" keeps "\n" on every platform; the encoding is never the locale's.
    with target.open("w", encoding="utf-8", newline="") as fh:
        fh.write(page)
    return target
