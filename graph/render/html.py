"""Render the responsibility network as one self-contained, offline HTML page.

The page is shown in meetings, often with no network: everything it needs (the
vis-network library shipped inside pyvis, our script and styles, the data) is
inlined, and nothing is ever fetched.  pyvis builds the node and edge records;
its own HTML template is not used because it links CDNs and writes files in the
platform encoding.  Text from documents reaches the page only as escaped JSON
and is put into the DOM with ``textContent``.  No record here carries a
``title``: the page script builds each tooltip as a DOM element (vis-network 9
shows an element as it is and a string as ``innerText``; versions before 9
parsed a string title as HTML).
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

from graph.analyze.layout import label_box, layered_positions, remove_overlaps
from graph.analyze.network import LEAD_ROLES, DutyRole, NodeType, compute_layout, is_duty
from graph.core.numerals import int_to_chinese
from graph.link import ShownStatus

__all__ = [
    "EDGE_STYLES",
    "LAYOUTS",
    "NODE_STYLES",
    "PHYSICS_NODE_LIMIT",
    "STATUS_CLASSES",
    "STATUS_NAMES",
    "STATUS_STYLES",
    "build_page_data",
    "problems_of",
    "render_network_html",
    "write_network_html",
    "write_page",
]

# Up to this many nodes the browser's physics settles a view (a focus view is
# a star of long labels, which forceAtlas2's avoidOverlap keeps apart); past it,
# positions computed in Python, labels moved apart, draw at once instead.
PHYSICS_NODE_LIMIT = 60
# Past this many nodes labels are moved apart no more: the search for free
# spots took 0.1 s for the 131 nodes of the Jiangxi plan but 1 s for 300 and 3 s
# for 600, and most labels of such a view are not drawn until zoomed in anyway.
OVERLAP_NODE_LIMIT = 200
# vis-network's stabilisation runs this many iterations at most before we
# switch physics off, so a small graph is still and readable within a moment.
STABILIZATION_ITERATIONS = 200
TASK_LABEL_CHARS = 12
NAME_LABEL_CHARS = 16
# Above this many nodes a view is "big": a measure is labelled by its code
# alone, the other labels grow so they still read when the whole network is on
# screen, and physics packs the nodes closer so the fitted view is not tiny.
COMPACT_LABEL_NODES = 60
BIG_FONT_SCALE = 1.35
# vis-network forceAtlas2Based settings.  A focus view is a star of long
# labels around one node: long springs and strong repulsion keep the labels
# apart.  A bigger view keeps vis-network's tighter defaults.
SMALL_VIEW_FORCES = {
    "gravitationalConstant": -100,
    "centralGravity": 0.01,
    "springLength": 120,
    "springConstant": 0.06,
    "avoidOverlap": 0.6,
}
BIG_VIEW_FORCES = {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.3}
VIS_DIR = ("lib", "vis-9.1.2")
# How a network is laid out: force-directed (labels then moved apart), or in
# layers from the document down to the units (graph.analyze.layout).
LAYOUTS = ("force", "layered")
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class NodeStyle:
    """How one node type looks on the canvas and in the legend."""

    name: str  # Chinese name shown in the legend
    shape: str  # vis-network shape
    color: str
    size: int
    font_color: str = "#222222"
    # Canvas units: who acts (units, leaders) and what is at stake (problems,
    # regions) get the big labels that still read on a projector when the
    # whole network is on screen; a measure's number shows once zoomed in.
    font_size: int = 14


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge looks on the canvas and in the legend."""

    name: str
    color: str
    width: float
    dashes: tuple[int, ...] = ()


NODE_STYLES: dict[str, NodeStyle] = {
    NodeType.UNIT: NodeStyle("单位", "box", "#4e79a7", 14, "#ffffff", 22),
    NodeType.LEADER: NodeStyle("领导", "ellipse", "#f28e2b", 14, font_size=22),
    NodeType.PROBLEM: NodeStyle("问题", "dot", "#e15759", 16, font_size=20),
    NodeType.MEASURE: NodeStyle("措施", "square", "#59a14f", 9, font_size=14),
    NodeType.CASE: NodeStyle("交办案件", "triangle", "#b07aa1", 14, font_size=18),
    NodeType.REGION: NodeStyle("地区", "diamond", "#edc948", 14, font_size=20),
    NodeType.GROUP: NodeStyle("领导小组", "hexagon", "#76b7b2", 16, font_size=20),
    NodeType.MORE: NodeStyle("更多(已折叠)", "box", "#dddddd", 12, font_size=18),
}
UNKNOWN_STYLE = NodeStyle("其他", "dot", "#9d9d9d", 10)
# A document: the task of a duty on the whole rectification, and the layered view's first column.
DOCUMENT_TYPE = NodeType.DOCUMENT
NODE_STYLES[DOCUMENT_TYPE] = NodeStyle("文件", "box", "#34495e", 16, "#ffffff", 22)

# Role keys are the ontology's individuals; the filter groups them as the page's
# checkboxes do: a jurisdiction lead is a lead.
EDGE_STYLES: dict[str, EdgeStyle] = {
    DutyRole.LEAD: EdgeStyle("牵头", "#c0392b", 3.5),
    DutyRole.JURISDICTION_LEAD: EdgeStyle("属地牵头", "#d35400", 3.5),
    DutyRole.SUPPORT: EdgeStyle("配合", "#2f78b5", 1.8, (8, 6)),
    DutyRole.RESPONSIBLE: EdgeStyle("负责", "#555555", 1.0),
    DutyRole.ACCOUNTABLE: EdgeStyle("负总责", "#7b4f9d", 1.8, (2, 3)),
    DutyRole.SUPERVISE: EdgeStyle("督办", "#7b4f9d", 1.8, (2, 3)),
    DutyRole.SIGN_OFF: EdgeStyle("验收销号", "#7b4f9d", 1.8, (2, 3)),
    "structure": EdgeStyle("结构关系", "#b4b4b4", 1.0),
    "more": EdgeStyle("折叠", "#b4b4b4", 1.0, (2, 4)),
}
ROLE_GROUPS: dict[str, str] = {
    DutyRole.LEAD: "lead",
    DutyRole.JURISDICTION_LEAD: "lead",
    DutyRole.SUPPORT: "support",
    DutyRole.RESPONSIBLE: "responsible",
    DutyRole.ACCOUNTABLE: "oversight",
    DutyRole.SUPERVISE: "oversight",
    DutyRole.SIGN_OFF: "oversight",
}
ROLE_FILTERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("lead", "牵头", (DutyRole.LEAD, DutyRole.JURISDICTION_LEAD)),
    ("support", "配合", (DutyRole.SUPPORT,)),
    ("responsible", "负责", (DutyRole.RESPONSIBLE,)),
    # Who answers for, oversees or signs off a task rather than doing it.
    ("oversight", "总责·督办·验收", (DutyRole.ACCOUNTABLE, DutyRole.SUPERVISE, DutyRole.SIGN_OFF)),
)
RELATION_NAMES: dict[str, str] = {
    "ofProblem": "所属问题",
    "subProblemOf": "上级问题",
    "concerns": "涉及地区",
    "jurisdiction": "辖区",
    "headOf": "组长",
    "deputyHeadOf": "副组长",
    "memberOf": "成员单位",
    "officeOf": "办公室设在",
    "inDocument": "所属文件",
    "more": "折叠的相邻节点",
}


@dataclass(frozen=True)
class StatusStyle:
    """How a problem of a current status looks: a fill, a border (solid, dashed or dotted) and a mark
    before its label, so that the status reads without telling the colours apart (grey print,
    colour-blind viewers)."""

    name: str  # Chinese name shown in the legend
    mark: str  # put before the label on the canvas
    color: str
    border: str
    dashes: tuple[int, ...] = ()


# Progress statuses (dg:ProgressStatus) as a meeting says them.
STATUS_NAMES: dict[str, str] = {
    "Completed": "已完成",
    "CompletedOngoing": "已完成(长期坚持)",
    "BasicallyCompleted": "基本完成",
    "SignedOff": "已验收销号",
    "InProgress": "推进中",
    "Behind": "滞后",
    "NotCompleted": "未完成",
}
# A problem's current status (its latest statement, graph.link) in four classes; 基本完成 is not done
# (dg:completed is not stated for it), so it shows as under way.
STATUS_CLASSES: dict[str, str] = {
    "SignedOff": "signedOff",
    "Completed": "done",
    "CompletedOngoing": "done",
    "BasicallyCompleted": "ongoing",
    "InProgress": "ongoing",
    "Behind": "behind",
    "NotCompleted": "behind",
}
STATUS_STYLES: dict[str, StatusStyle] = {
    "signedOff": StatusStyle("已验收销号", "☑", "#1b6e8f", "#0b3a4d"),
    "done": StatusStyle("已完成", "✔", "#3b9a4b", "#1d5426"),
    "ongoing": StatusStyle("推进中·基本完成", "◔", "#e8a33d", "#7a5210", (6, 3)),
    "behind": StatusStyle("滞后·未完成", "✘", "#7b1f1f", "#000000", (2, 3)),
}
STATUS_BORDER_WIDTH = 3
AGENT_TYPES = frozenset({NodeType.UNIT, NodeType.LEADER})
TASK_TYPES = frozenset({NodeType.PROBLEM, NodeType.MEASURE, NodeType.CASE})

# JSON inside <script> must not be able to close the element or open a comment,
# and U+2028/2029 are line breaks to older JS parsers; all five become \\u escapes.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def json_for_script(value: Any) -> str:
    """Serialise ``value`` as JSON that is safe verbatim inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def inline_safe(code: str, tag: str) -> str:
    """Make library code safe to inline in ``<script>``/``<style>``: nothing may end the element early."""
    # "<\/" means "</" inside JS strings, regexes and comments and inside CSS
    # (an escaped solidus), so the rewrite changes no behaviour.
    code = re.sub(f"</(?={tag})", "<\\\\/", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def _short(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters with an ellipsis, for canvas labels."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def label_text(data: Mapping[str, Any]) -> str:
    """Return a task's label without the code it may already start with (a measure's does)."""
    label, code = str(data.get("label", "")), str(data.get("code") or "")
    if code and label.startswith(code + " "):
        return label[len(code) + 1 :].strip()
    return label


def _node_label(data: Mapping[str, Any], big: bool = False) -> str:
    """Return the canvas label: task code plus the start of its text, or a short name.

    On a big view a measure shows its code alone: fifty measure texts would bury
    the names of the units, and the full text is one click away.
    """
    label = str(data.get("label", ""))
    kind = data.get("type")
    if kind in TASK_TYPES:
        # A case's code ("case.1") is an internal number, not something people say.
        code = "" if kind == NodeType.CASE else str(data.get("code") or "")
        if big and kind == NodeType.MEASURE and code:
            return code
        text = _short(label_text(data), TASK_LABEL_CHARS)
        text = f"{code} {text}" if code else text
        style = _status_style(data)
        return f"{style.mark} {text}" if style else text
    return _short(label, NAME_LABEL_CHARS)


def _status_style(data: Mapping[str, Any]) -> StatusStyle | None:
    """The look of a problem's current status (the ``status`` attribute :func:`with_statuses` sets), or None."""
    if data.get("type") != NodeType.PROBLEM:
        return None
    kind = STATUS_CLASSES.get(str(data.get("status") or ""))
    return STATUS_STYLES[kind] if kind else None


def problems_of(G: nx.MultiDiGraph[str]) -> list[str]:
    """The problems a network shows (their IRIs), whose current status a page looks up."""
    return [n for n, kind in G.nodes(data="type") if kind == NodeType.PROBLEM]


def with_statuses(G: nx.MultiDiGraph[str], statuses: Mapping[str, ShownStatus],
                  titles: Mapping[str, str] | None = None) -> nx.MultiDiGraph[str]:
    """Return ``G`` with each shown problem's current status (``status``, and ``statusText`` for the
    details panel: 当前进展:已完成(2018-06-30,文件)), or ``G`` itself when none of its problems has one."""
    shown = {n: statuses[n] for n, kind in G.nodes(data="type") if kind == NodeType.PROBLEM and n in statuses}
    if not shown:
        return G
    H: nx.MultiDiGraph[str] = G.copy()
    for n, status in shown.items():
        source = (titles or {}).get(status.document) or status.document.rsplit("/", 1)[-1]
        when = f"{status.issued}," if status.issued else "未注明日期,"
        H.nodes[n]["status"] = status.status
        H.nodes[n]["statusText"] = f"当前进展:{STATUS_NAMES.get(status.status, status.status)}({when}{source})"
    return H


def _aliases(data: Mapping[str, Any]) -> list[str]:
    """Return extra names search accepts for a node: a problem's code in Chinese numerals."""
    code = str(data.get("code") or "")
    if data.get("type") == NodeType.PROBLEM and code.isdigit() and 0 < int(code) < 100:
        return [int_to_chinese(int(code))]
    return []


def _vis_lib() -> tuple[str, str]:
    """Read vis-network's standalone JS and CSS from the pyvis package."""
    root = resources.files("pyvis").joinpath(*VIS_DIR)
    js = root.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = root.joinpath("vis-network.css").read_text(encoding="utf-8")
    return js, css


# Administrative division codes, padded to 12 digits, nest by these prefix
# lengths: province, city, county, township, village.
_ADCODE_LEVELS = (2, 4, 6, 9, 12)


def _adcode_prefix(region: str) -> str | None:
    """Return the part of a region's code that every division inside it shares, or None.

    Region IRIs end with the division code (``…/region/361100000000``, 上饶市):
    上饶市's divisions all start with ``3611``.

    >>> _adcode_prefix("https://w3id.org/dutygraph/id/region/361000000000"), _adcode_prefix("x/region/36")
    ('3610', '36')
    """
    code = region.rsplit("/", 1)[-1]
    if not code.isdigit() or len(code) > 12:
        return None
    code = code.ljust(12, "0")
    for length in _ADCODE_LEVELS:
        if not code[length:].strip("0"):
            return code[:length]
    return code


def within_region(region: str, area: str) -> bool:
    """Tell whether ``region`` lies in ``area`` (or is it), by division codes; unknown codes only match themselves."""
    if region == area:
        return True
    inner, outer = _adcode_prefix(region), _adcode_prefix(area)
    return inner is not None and outer is not None and inner.startswith(outer)


def _filter_regions(G: nx.MultiDiGraph[str]) -> dict[str, list[str]]:
    """Return, per node, the regions under which the region filter shows it.

    A problem or measure shows under the regions it concerns.  An agent shows
    under its own jurisdiction and under the regions of its duties that lie
    inside that jurisdiction: a provincial department (jurisdiction: the
    province) is exactly who a city's delegation asks about, so it shows
    wherever in the province it has a duty; a city government keeps to its own
    city even when it shares a problem that names several cities.  An agent
    with no jurisdiction shows wherever it has a duty.
    """
    keys: dict[str, list[str]] = {n: list(G.nodes[n].get("regions") or []) for n in G}
    own = {n: list(keys[n]) for n in G if G.nodes[n].get("type") in AGENT_TYPES}
    for u, v, d in G.edges(data=True):
        if is_duty(d) and u in own:
            for r in G.nodes[v].get("regions") or []:
                if r not in keys[u] and (not own[u] or any(within_region(r, area) for area in own[u])):
                    keys[u].append(r)
    return keys


def _font_size(kind: str, style: NodeStyle, big: bool) -> int:
    """Return a node's label size: bigger on a big view, where the whole network is on screen at once."""
    return style.font_size if not big or kind == NodeType.MEASURE else round(style.font_size * BIG_FONT_SCALE)


def _label_sizes(G: nx.MultiDiGraph[str]) -> dict[str, tuple[float, float]]:
    """Return the box each node's shape and label take on the canvas, as vis-network will draw them."""
    big = len(G) > COMPACT_LABEL_NODES
    sizes: dict[str, tuple[float, float]] = {}
    for n, data in G.nodes(data=True):
        kind = str(data.get("type") or NodeType.UNKNOWN)
        style = NODE_STYLES.get(kind, UNKNOWN_STYLE)
        sizes[n] = label_box(_node_label(data, big), _font_size(kind, style, big), style.shape, style.size)
    return sizes


# Columns of the layered layout, left to right.
LAYER_OF: dict[str, int] = {
    DOCUMENT_TYPE: 0,
    NodeType.PROBLEM: 1,
    NodeType.CASE: 1,
    NodeType.MEASURE: 2,
    NodeType.UNIT: 3,
    NodeType.LEADER: 3,
    NodeType.MORE: 3,
    NodeType.GROUP: 4,
    NodeType.REGION: 4,
}


def with_documents(G: nx.MultiDiGraph[str], titles: Mapping[str, str]) -> nx.MultiDiGraph[str]:
    """Return ``G`` with a node per document its problems come from, linked to its top-level problems."""
    H: nx.MultiDiGraph[str] = G.copy()
    parents = {u for u, _, r in G.edges(data="relation") if r == "subProblemOf"}
    for n, data in G.nodes(data=True):
        if data.get("type") not in (NodeType.PROBLEM, NodeType.CASE) or n in parents:
            continue
        for doc in data.get("docs") or []:
            if doc not in H:
                title = str(titles.get(doc, doc.rsplit("/", 1)[-1]))
                H.add_node(doc, label=title, type=DOCUMENT_TYPE, code="", names=[title], regions=[], docs=[doc],
                           text=title)
            H.add_edge(doc, n, key="inDocument", kind="structure", relation="inDocument")
    return H


def _layered_layout(G: nx.MultiDiGraph[str]) -> dict[str, tuple[float, float]]:
    """Lay ``G`` out in columns: document → problems → measures → units → regions and groups."""
    sizes = _label_sizes(G)
    neighbours: dict[str, list[str]] = {n: [] for n in G}
    for u, v in G.edges():
        if u != v:
            neighbours[u].append(v)
            neighbours[v].append(u)
    layers: list[list[str]] = [[] for _ in range(1 + max(LAYER_OF.values()))]
    for n, data in G.nodes(data=True):
        layers[LAYER_OF.get(str(data.get("type")), 3)].append(n)
    # The first order of each column: documents by title, tasks by document and natural code.
    def task_key(n: str) -> tuple[str, tuple[tuple[int, int | str], ...], str]:
        data = G.nodes[n]
        docs = data.get("docs") or [""]
        return (str(docs[0]), code_key(str(data.get("code") or "")), n)

    layers[0].sort(key=lambda n: str(G.nodes[n].get("label", "")))
    layers[1].sort(key=task_key)
    layers[2].sort(key=task_key)
    layers = [layer for layer in layers if layer]
    # Columns no taller than 0.9 of the picture's width (at least 1,400 pixels) are dealt into
    # sub-columns, so the fitted picture keeps about a screen's shape.
    height = max(1400.0, 0.9 * sum(max(sizes[n][0] for n in layer) for layer in layers))
    positions = layered_positions(layers, neighbours, sizes, layer_gap=90.0, node_gap=8.0, max_height=height)
    # Labels longer than their column is wide (a document's title) may still reach a neighbour.
    nodes = list(positions)
    moved = remove_overlaps([positions[n] for n in nodes], [sizes[n] for n in nodes], gap=6.0)
    return dict(zip(nodes, moved, strict=True))


def code_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of task codes: 3.2 before 3.10, words after numbers, no code last.

    >>> sorted(["3.10", "3.2", "", "case.1", "10"], key=code_key)
    ['3.2', '3.10', '10', 'case.1', '']
    """
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in code.split(".")) if code else ((2, ""),)


def _readable_layout(G: nx.MultiDiGraph[str]) -> dict[str, tuple[float, float]]:
    """Return the seeded force layout, drawn together and then moved apart until no two labels overlap.

    The spring layout gives every node the same room whatever its label; a unit
    with a 16-character name needs ten times a measure's.  Starting from the
    layout at half its size, boxes are pushed apart only as far as their labels
    need, which keeps the whole picture small enough to read when fitted.
    """
    positions = compute_layout(G)
    sizes = _label_sizes(G)
    nodes = list(G)
    start = [(positions[n][0] * 0.5, positions[n][1] * 0.5) for n in nodes]
    moved = remove_overlaps(start, [sizes[n] for n in nodes], gap=8.0)
    return dict(zip(nodes, moved, strict=True))


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
    big = len(G) > COMPACT_LABEL_NODES
    for n, data in G.nodes(data=True):
        kind = str(data.get("type") or NodeType.UNKNOWN)
        style = NODE_STYLES.get(kind, UNKNOWN_STYLE)
        label = str(data.get("label", ""))
        x, y = positions.get(n, (0.0, 0.0))
        options: dict[str, Any] = {
            "color": style.color,
            "size": style.size,
            "font": {
                "color": style.font_color if style.shape in ("box", "ellipse") else "#222222",
                "size": _font_size(kind, style, big),
            },
            "x": x,
            "y": y,
            # Extra fields ride along in the vis DataSet for search, filters and details.
            "type": kind,
            "fullLabel": label_text(data),
            "text": str(data.get("text") or ""),
            "code": "" if kind == NodeType.CASE else str(data.get("code") or ""),
            "names": [str(s) for s in data.get("names") or [label]],
            "aliases": _aliases(data),
            "regions": list(data.get("regions") or []),
            "regionKeys": region_keys[n],
        }
        if kind == NodeType.MORE:
            options["shapeProperties"] = {"borderDashes": [4, 3]}
            options["count"] = int(data.get("count") or 0)
        status = _status_style(data)
        if status is not None:
            look = {"background": status.color, "border": status.border}
            options["color"] = {**look, "highlight": look, "hover": look}
            options["borderWidth"] = STATUS_BORDER_WIDTH
            options["borderWidthSelected"] = STATUS_BORDER_WIDTH + 2
            options["shapeProperties"] = {"borderDashes": list(status.dashes) if status.dashes else False}
            options["status"] = str(data.get("status"))
            options["statusText"] = str(data.get("statusText") or "")
        # add_node would scan node_ids (a list) for every insert: quadratic on
        # thousands of nodes.  The graph's keys are unique already.
        node = Node(n, style.shape, label=_node_label(data, big), **options)
        net.nodes.append(node.options)
        net.node_ids.append(n)
        net.node_map[n] = node.options
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        if is_duty(d):
            role = str(d.get("role", ""))
            line_style = EDGE_STYLES.get(role, EDGE_STYLES[DutyRole.RESPONSIBLE])
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


def build_page_data(
    G: nx.MultiDiGraph[str], physics: bool | None = None, layout: str = "force"
) -> dict[str, Any]:
    """Return the JSON-able data the page script draws: nodes, edges, regions and settings.

    A small view (up to ``COMPACT_LABEL_NODES``) settles in the browser; a
    bigger one is laid out here, its labels moved apart until none overlaps
    (``force``), or in columns (``layered``), and drawn at once.
    """
    if layout == "layered":
        physics = False
        positions = _layered_layout(G)
    elif (physics is None and len(G) <= PHYSICS_NODE_LIMIT) or physics:
        physics = True
        # Physics then starts from a sensible, reproducible picture and settles in fewer iterations.
        positions = compute_layout(G)
    else:
        physics = False
        positions = _readable_layout(G) if len(G) <= OVERLAP_NODE_LIMIT else compute_layout(G)
    nodes, edges = _pyvis_records(G, positions)
    # Every region a node can be filtered by, not only the region nodes on
    # screen: a focus view of a department still answers "what in 上饶市?".
    labels: dict[str, str] = {str(k): str(v) for k, v in (G.graph.get("region_labels") or {}).items()}
    labels.update({n: str(d.get("label", "")) for n, d in G.nodes(data=True) if d.get("type") == NodeType.REGION})
    used = {r for n in nodes for r in [*n["regionKeys"], *n["regions"]]}
    used.update(n for n, d in G.nodes(data=True) if d.get("type") == NodeType.REGION)
    regions = sorted(
        ({"id": r, "label": labels.get(r) or r.rsplit("/", 1)[-1]} for r in used),
        key=lambda r: (r["label"], r["id"]),
    )
    return {
        "physics": physics,
        "stabilizationIterations": STABILIZATION_ITERATIONS,
        "forces": SMALL_VIEW_FORCES if len(G) <= COMPACT_LABEL_NODES else BIG_VIEW_FORCES,
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


def _status_svg(style: StatusStyle) -> str:
    """Return the legend's swatch of a status: the problem's dot in its fill and border."""
    dash = f' stroke-dasharray="{" ".join(str(d / 2) for d in style.dashes)}"' if style.dashes else ""
    return (
        '<svg class="dg-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
        f'<circle cx="9" cy="9" r="6.5" fill="{style.color}" stroke="{style.border}" stroke-width="2"{dash}/></svg>'
    )


def _status_legend_html(G: nx.MultiDiGraph[str]) -> str:
    """Return the legend of problems' current statuses, with counts, or "" when no shown problem has one."""
    counts: dict[str, int] = {}
    unstated = 0
    for _, d in G.nodes(data=True):
        if d.get("type") != NodeType.PROBLEM:
            continue
        kind = STATUS_CLASSES.get(str(d.get("status") or ""))
        if kind is None:
            unstated += 1
        else:
            counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return ""
    rows = [
        f'<div class="dg-row" data-status="{kind}">{_status_svg(style)}<span>{style.mark} {style.name}</span>'
        f'<span class="dg-count">{counts.get(kind, 0)}</span></div>'
        for kind, style in STATUS_STYLES.items()
    ]
    rows.append(
        f'<div class="dg-row" data-status="none">{_shape_svg(NODE_STYLES[NodeType.PROBLEM])}<span>无进展信息</span>'
        f'<span class="dg-count">{unstated}</span></div>'
    )
    return (
        '<fieldset class="dg-box" id="dg-status-legend"><legend>问题当前进展</legend>'
        + "".join(rows)
        + '<p class="dg-status">最近一份报告或公示所述;点击问题查看来源与日期</p></fieldset>'
    )


def _controls_html(G: nx.MultiDiGraph[str]) -> str:
    """Return the static filter/legend markup; counts are numbers, names are our own constants."""
    type_counts: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        kind = str(d.get("type") or NodeType.UNKNOWN)
        type_counts[kind] = type_counts.get(kind, 0) + 1
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
        # One swatch per distinct line: the oversight roles share one.
        looks = {(EDGE_STYLES[r].color, EDGE_STYLES[r].width, EDGE_STYLES[r].dashes): EDGE_STYLES[r] for r in roles}
        swatches = "".join(_line_svg(style) for style in looks.values())
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
    known = [k for k in NODE_STYLES if k != DOCUMENT_TYPE or type_counts.get(k)]
    known += sorted(t for t in type_counts if t not in NODE_STYLES)
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
        + _status_legend_html(G)
    )


CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)


def page_top(title: str, styles: Sequence[str], body_class: str, stats: str, documents: Sequence[str],
             generated: date) -> str:
    """The head and header every page shares (network, matrix, map): the CSP, the inlined ``styles``,
    the title, the date it was generated, ``stats`` (HTML, escaped by the caller) and the source
    documents, escaped."""
    docs = "".join(f"<li>{html.escape(str(d))}</li>" for d in documents) or "<li>(未注明)</li>"
    esc_title = html.escape(title)
    stamp = generated.isoformat()
    inlined = "".join(f'<style>{inline_safe(css, "style")}</style>\n' for css in styles)
    body = f' class="{body_class}"' if body_class else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dutygraph">
<title>{esc_title}</title>
{inlined}</head>
<body{body}>
<header class="dg-header">
<h1 id="dg-title">{esc_title}</h1>
<p class="dg-meta">生成日期:<time datetime="{stamp}" id="dg-generated">{stamp}</time>
 · {stats}</p>
<details class="dg-docs"><summary>来源文件({len(documents)})</summary>
<ul id="dg-documents">{docs}</ul></details>
</header>
"""


def render_network_html(
    G: nx.MultiDiGraph[str],
    title: str,
    documents: Sequence[str],
    generated: date,
    *,
    physics: bool | None = None,
    layout: str = "force",
    document_titles: Mapping[str, str] | None = None,
    statuses: Mapping[str, ShownStatus] | None = None,
) -> str:
    """Render ``G`` as a self-contained interactive HTML page (no external resources).

    ``statuses`` (problem IRI -> current status, :func:`graph.link.current_status_of`) colours the
    problems by their current status, with a legend.
    """
    if statuses:
        G = with_statuses(G, statuses, document_titles)
    if layout == "layered":
        G = with_documents(G, document_titles or {})
    data = build_page_data(G, physics=physics, layout=layout)
    vis_js, vis_css = _vis_lib()
    own_js = (STATIC / "dutygraph.js").read_text(encoding="utf-8")
    own_css = (STATIC / "dutygraph.css").read_text(encoding="utf-8")
    esc_title = html.escape(title)
    stamp = generated.isoformat()
    stats = f'<span id="dg-stats">{G.number_of_nodes()} 个节点 · {G.number_of_edges()} 条关系</span>'
    top = page_top(title, (vis_css, own_css), "", stats, documents, generated)
    return top + f"""<main class="dg-main">
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
<script id="dg-data" type="application/json" data-generated="{stamp}">{json_for_script(data)}</script>
<script>{inline_safe(vis_js, "script")}</script>
<script>{inline_safe(own_js, "script")}</script>
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
    layout: str = "force",
    document_titles: Mapping[str, str] | None = None,
    statuses: Mapping[str, ShownStatus] | None = None,
) -> Path:
    """Write the page for ``G`` to ``path`` as UTF-8 and return the path."""
    page = render_network_html(G, title, documents, generated, physics=physics, layout=layout,
                               document_titles=document_titles, statuses=statuses)
    return write_page(path, page)


def write_page(path: str | Path, page: str) -> Path:
    """Write a rendered page to ``path`` as UTF-8 and return the path (every picture ends here)."""
    target = Path(path)
    # newline="" keeps "\n" on every platform; the encoding is never the locale's.
    with target.open("w", encoding="utf-8", newline="") as fh:
        fh.write(page)
    return target
