"""The responsibility matrix: units down, problems across, a mark where a unit leads, supports or answers.

The paper form officials already use for a rectification plan (责任分工表),
drawn from a selection of the graph as one offline HTML page.  Rows are the
agents that hold a duty in the selection, columns the problems (and cases),
grouped under their document; a column opens into the problem's measures.
Each mark is one or more duty edges of the network, and keeps their evidence
(quote, document, line) for the details panel.  The page script
(``static/matrix.js``) lays the sheet out, filters, searches, exports PNG and
CSV, and builds the print tables (A4 landscape, headers on every page).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analyze.network import LEAD_ROLES, DutyRole, NodeType, is_duty
from graph.link import ShownStatus, current_status_of
from graph.render.html import (
    EDGE_STYLES,
    STATUS_NAMES,
    code_key,
    inline_safe,
    json_for_script,
    label_text,
    page_top,
    problems_of,
    write_page,
)
from graph.render.selection import WHOLE_GRAPH, Selection, SelectionOptions, select_network
from graph.sparql.facts import TaskFacts, task_deadlines_and_statuses
from graph.store import GraphStore

__all__ = ["ROLE_MARKS", "MatrixSummary", "build_matrix_data", "render_matrix_html", "selected_with_facts",
           "with_current_statuses", "write_matrix"]

STATIC = Path(__file__).resolve().parent / "static"

# One mark per role, told apart by shape as well as colour (a grey print, a
# colour-blind reader): filled for who leads, hollow for who supports.
ROLE_MARKS: dict[str, str] = {
    DutyRole.LEAD: "●",
    DutyRole.JURISDICTION_LEAD: "◆",
    DutyRole.SUPPORT: "○",
    DutyRole.RESPONSIBLE: "■",
    DutyRole.ACCOUNTABLE: "★",
    DutyRole.SUPERVISE: "▲",
    DutyRole.SIGN_OFF: "✔",
}
ROLE_ORDER: tuple[str, ...] = tuple(ROLE_MARKS)
DEADLINE_KIND_NAMES: dict[str, str] = {
    "Immediate": "立行立改",
    "LongTerm": "长期坚持",
    "Continuous": "持续推进",
    "Dated": "限期完成",
}
AGENT_KINDS = frozenset({NodeType.UNIT, NodeType.LEADER, NodeType.GROUP})
COLUMN_KINDS = frozenset({NodeType.PROBLEM, NodeType.CASE})


@dataclass(frozen=True)
class MatrixSummary:
    """What a written matrix holds."""

    path: Path
    rows: int
    columns: int
    marks: int
    title: str


DONE_STATUSES = frozenset({"Completed", "CompletedOngoing", "SignedOff"})


def with_current_statuses(facts: Mapping[str, TaskFacts], statuses: Mapping[str, ShownStatus]) -> dict[str, TaskFacts]:
    """``facts`` with each problem's progress read from its current status (the latest statement of the
    reports linked to it, :func:`graph.link.current_status_of`) where it has one: a later report may say
    otherwise than the plan's own statement, and one reported done is done (the matrix's details, the
    map's colours)."""
    merged = dict(facts)
    for task, shown in statuses.items():
        merged[task] = replace(merged.get(task) or TaskFacts(), statuses=[shown.status],
                               completed=shown.status in DONE_STATUSES)
    return merged


def _facts(facts: Mapping[str, TaskFacts], task: str) -> dict[str, Any]:
    entry = facts.get(task)
    if entry is None:
        return {"due": [], "deadlines": [], "kinds": [], "statuses": [], "completed": False}
    return {
        "due": list(entry.due),
        "deadlines": list(entry.deadlines),
        "kinds": [DEADLINE_KIND_NAMES.get(k, k) for k in entry.kinds],
        "statuses": [STATUS_NAMES.get(s, s) for s in entry.statuses],
        "completed": entry.completed,
    }


def _task_record(G: nx.MultiDiGraph[str], node: str, facts: Mapping[str, TaskFacts]) -> dict[str, Any]:
    data = G.nodes[node]
    kind = str(data.get("type"))
    return {
        "id": node,
        "type": kind,
        "code": "" if kind == NodeType.CASE else str(data.get("code") or ""),
        "label": label_text(data),
        "text": str(data.get("text") or ""),
        **_facts(facts, node),
    }


def build_matrix_data(
    G: nx.MultiDiGraph[str],
    document_titles: Mapping[str, str],
    facts: Mapping[str, TaskFacts] | None = None,
) -> dict[str, Any]:
    """Return the JSON-able matrix the page draws: documents, columns (with measures), rows, duties, evidence.

    Every duty edge of ``G`` becomes one entry of ``duties``: [row, column,
    measure (-1 for the problem itself), role, evidence].  A measure whose
    problem is not in ``G`` is a column of its own.
    """
    facts = facts or {}
    parent_of: dict[str, str] = {}
    for u, v, d in G.edges(data=True):
        if d.get("relation") == "ofProblem" and G.nodes[v].get("type") in COLUMN_KINDS:
            parent_of[u] = v
    duty_edges = [(u, v, d) for u, v, d in G.edges(data=True) if is_duty(d)]
    column_nodes: set[str] = set()
    for _, v, _ in duty_edges:
        column_nodes.add(parent_of.get(v, v))
    # Problems with no duty of their own or of their measures still head the
    # columns of a whole plan: a problem nobody answers for is worth seeing.
    column_nodes.update(n for n, d in G.nodes(data=True) if d.get("type") in COLUMN_KINDS)

    def doc_of(node: str) -> str:
        docs = G.nodes[node].get("docs") or []
        return str(docs[0]) if docs else ""

    doc_ids = sorted({doc_of(c) for c in column_nodes}, key=lambda d: (document_titles.get(d, d), d))
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    ordered = sorted(column_nodes, key=lambda c: (doc_index[doc_of(c)], code_key(str(G.nodes[c].get("code") or
                                                                                          "")),
                                                  str(G.nodes[c].get("label", "")), c))
    measures_of: dict[str, list[str]] = {c: [] for c in ordered}
    for measure, problem in parent_of.items():
        if problem in measures_of:
            measures_of[problem].append(measure)
    columns: list[dict[str, Any]] = []
    place: dict[str, tuple[int, int]] = {}
    for i, c in enumerate(ordered):
        record = _task_record(G, c, facts)
        record["doc"] = doc_index[doc_of(c)]
        measures = sorted(measures_of[c], key=lambda m: (code_key(str(G.nodes[m].get("code") or "")), m))
        record["measures"] = [_task_record(G, m, facts) for m in measures]
        columns.append(record)
        place[c] = (i, -1)
        for j, m in enumerate(measures):
            place[m] = (i, j)

    agents = sorted({u for u, _, _ in duty_edges}, key=lambda a: (str(G.nodes[a].get("label", "")), a))
    row_index = {a: i for i, a in enumerate(agents)}
    role_index = {r: i for i, r in enumerate(ROLE_ORDER)}
    roles = list(ROLE_ORDER)
    evidence: list[list[Any]] = []
    duties: list[list[int]] = []
    load: dict[str, list[int]] = {a: [0, 0, 0, 0] for a in agents}
    for u, v, d in duty_edges:
        role = str(d.get("role"))
        if role not in role_index:
            role_index[role] = len(roles)
            roles.append(role)
        at_column, at_measure = place[v]
        evidence.append([str(d.get("quote", "")), doc_index.get(str(d.get("doc", "")), -1),
                         int(d.get("line") or 0), int(d.get("start") or 0), int(d.get("end") or 0)])
        duties.append([row_index[u], at_column, at_measure, role_index[role], len(evidence) - 1])
        # The workload query's ranking: leads, then supports, then the rest.
        slot = 0 if role in LEAD_ROLES else 1 if role == DutyRole.SUPPORT else 2 if role == DutyRole.RESPONSIBLE else 3
        load[u][slot] += 1
    for doc in {str(d.get("doc", "")) for *_, d in duty_edges} - set(doc_index):
        doc_index[doc] = len(doc_ids)
        doc_ids.append(doc)
    rows = [
        {
            "id": a,
            "label": str(G.nodes[a].get("label", "")),
            "names": [str(s) for s in G.nodes[a].get("names") or []],
            "type": str(G.nodes[a].get("type")),
            "load": load[a],
        }
        for a in agents
    ]
    return {
        "documents": [{"id": d, "title": document_titles.get(d, d)} for d in doc_ids],
        "columns": columns,
        "rows": rows,
        "duties": duties,
        "evidence": evidence,
        "roles": [
            {
                "key": r,
                "name": EDGE_STYLES[r].name if r in EDGE_STYLES else r,
                "mark": ROLE_MARKS.get(r, "□"),
                "color": EDGE_STYLES[r].color if r in EDGE_STYLES else "#555555",
            }
            for r in roles
        ],
        "typeNames": {NodeType.UNIT: "单位", NodeType.LEADER: "领导", NodeType.GROUP: "领导小组"},
    }


def _legend_html(data: Mapping[str, Any]) -> str:
    """Return the legend and role filters: names and marks are our own constants, counts are numbers."""
    counts = [0] * len(data["roles"])
    for duty in data["duties"]:
        counts[duty[3]] += 1
    rows = []
    for i, role in enumerate(data["roles"]):
        key = html.escape(role["key"])
        rows.append(
            f'<label class="dg-row"><input type="checkbox" id="mx-role-{key}" data-role="{i}" checked>'
            f'<b class="mx-mark" style="color:{html.escape(role["color"])}">{html.escape(role["mark"])}</b>'
            f'<span>{html.escape(role["name"])}</span><span class="dg-count">{counts[i]}</span></label>'
        )
    return '<fieldset class="dg-box" id="mx-legend"><legend>图例与筛选</legend>' + "".join(rows) + "</fieldset>"


def render_matrix_html(data: Mapping[str, Any], title: str, documents: Sequence[str], generated: date) -> str:
    """Render the matrix data as a self-contained page (no external resources)."""
    own_js = (STATIC / "matrix.js").read_text(encoding="utf-8")
    base_css = (STATIC / "dutygraph.css").read_text(encoding="utf-8")
    own_css = (STATIC / "matrix.css").read_text(encoding="utf-8")
    esc_title = html.escape(title)
    stamp = generated.isoformat()
    options = "".join(f'<option value="{i}">{html.escape(str(d["title"]))}</option>'
                      for i, d in enumerate(data["documents"]))
    stats = (f'<span id="mx-stats">{len(data["rows"])} 个单位 · {len(data["columns"])} 个问题 ·\n'
             f' {len(data["duties"])} 项职责</span>')
    top = page_top(title, (base_css, own_css), "mx-page", stats, documents, generated)
    return top + f"""<main class="dg-main">
<aside class="dg-controls" aria-label="搜索与筛选">
<form id="mx-search-form" class="dg-box" role="search" autocomplete="off">
<label for="mx-search">查找单位或问题</label>
<div class="dg-search-row"><input id="mx-search" type="search" placeholder="如:省环保厅 或 3">
<button id="mx-search-go" type="submit">查找</button></div>
<div id="mx-search-status" class="dg-status" aria-live="polite"></div>
</form>
{_legend_html(data)}
<fieldset class="dg-box"><legend>行与列</legend>
<label for="mx-filter">只显示名称含</label>
<input id="mx-filter" type="search" placeholder="单位名称">
<label for="mx-document">文件</label>
<select id="mx-document"><option value="">全部文件</option>{options}</select>
<label for="mx-sort">单位排序</label>
<select id="mx-sort"><option value="load">按工作量(牵头、配合、负责)</option>
<option value="name">按名称</option></select>
<label class="dg-row"><input type="checkbox" id="mx-hide-empty" checked><span>隐藏无标记的行与列</span></label>
<div class="mx-buttons"><button id="mx-expand-all" type="button">展开全部措施</button>
<button id="mx-collapse-all" type="button">收起</button></div>
</fieldset>
<div class="dg-box"><span id="mx-visible" class="dg-status"></span>
<button id="mx-save-png" type="button">保存图片 PNG</button>
<button id="mx-save-csv" type="button">导出表格 CSV</button></div>
</aside>
<div class="mx-wrap"><div id="mx-scroll" class="mx-scroll" tabindex="0" aria-label="{esc_title}">
<div id="mx-sheet" class="mx-sheet"><div id="mx-corner" class="mx-corner">单位 \\ 问题</div>
<div id="mx-colheads" class="mx-colheads"></div><div id="mx-rowheads" class="mx-rowheads"></div>
<div id="mx-body" class="mx-body"></div></div></div>
<noscript><p class="dg-noscript">此页面需要启用 JavaScript 才能显示责任矩阵。</p></noscript></div>
<aside id="dg-details" class="dg-details" aria-live="polite">
<p class="dg-hint">点击标记查看原文依据;点击问题编号查看问题全文、时限与进展。</p></aside>
</main>
<div id="mx-print" class="mx-print"></div>
<script id="dg-data" type="application/json" data-generated="{stamp}">{json_for_script(dict(data))}</script>
<script>{inline_safe(own_js, "script")}</script>
</body>
</html>
"""


def selected_with_facts(store: GraphStore, options: SelectionOptions) -> tuple[Selection, dict[str, TaskFacts]]:
    """What ``options`` select, with its tasks' deadlines and statuses, each problem's progress read from
    its current status (:func:`with_current_statuses`): what the matrix and the map draw from."""
    chosen = select_network(store, options)
    facts = task_deadlines_and_statuses(store, set(chosen.documents) or None)
    return chosen, with_current_statuses(facts, current_status_of(store, problems_of(chosen.network)))


def write_matrix(
    store: GraphStore,
    path: str | Path,
    options: SelectionOptions = WHOLE_GRAPH,
    *,
    generated: date | None = None,
) -> MatrixSummary:
    """Write the responsibility matrix of what ``options`` select (see :class:`.SelectionOptions`) to ``path``."""
    chosen, facts = selected_with_facts(store, options)
    data = build_matrix_data(chosen.network, chosen.titles, facts)
    title = chosen.title_for("责任矩阵")
    page = render_matrix_html(data, title, chosen.document_names, generated or date.today())
    target = write_page(path, page)
    return MatrixSummary(target, len(data["rows"]), len(data["columns"]), len(data["duties"]), title)
