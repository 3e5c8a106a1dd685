"""What a picture shows: one selection of the stored graph, shared by the network, the matrix and the map.

``dutygraph view``, ``matrix`` and ``map`` take the same options (``--document``,
``--focus``, ``--depth``, ``--role``, ``--region``, ``--cap``), held in one
:class:`SelectionOptions`, and must mean the same thing by them: this module turns
them into one network (built by :mod:`graph.analyze.network` from the same rows)
and the title and sources the page shows.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.analyze.network import (
    CORE_RELATIONS,
    MORE_TYPE,
    ROLE_FILTERS,
    NodeType,
    build_network,
    focus_subgraph,
    is_duty,
)
from graph.errors import DutygraphError
from graph.render.html import AGENT_TYPES, NODE_STYLES, TASK_TYPES, within_region
from graph.resolve import ALL_KINDS, Kind, matching_documents, resolve_one
from graph.sparql.reads import (
    count_duties,
    document_titles,
    duties_around,
    has_more_duties,
    labels_of,
    neighbour_duties,
    network_rows,
    network_rows_around,
    node_facts,
    structure_rows_around,
)
from graph.store import GraphStore

__all__ = [
    "WHOLE_GRAPH", "Selection", "SelectionOptions", "display_name", "keep_region", "keep_roles", "select_network",
]

TITLE_CHARS = 30


@dataclass(frozen=True)
class SelectionOptions:
    """What a picture is asked to show: the options of ``view``, ``matrix`` and ``map``.

    ``document`` restricts the graph first (it also settles a code several plans
    share); ``focus`` (a unit, leader, problem by name or code, measure or
    region) keeps its neighbourhood within ``depth`` hops and ``cap``
    neighbours a node; ``region`` keeps the tasks concerning a place or any
    place inside it, with who answers for them; ``role`` keeps lead, support or
    all duties.
    """

    focus: str | None = None
    depth: int = 1
    role: str = "all"
    document: str | None = None
    region: str | None = None
    cap: int = 40


WHOLE_GRAPH = SelectionOptions()  # no option given: every stored document, every duty


@dataclass(frozen=True)
class Selection:
    """A network cut out of the store, with what a page says about where it comes from."""

    network: nx.MultiDiGraph[str]
    subject: str  # what the picture is of: a focus, a region, a document's title, or "" for everything
    focused: bool  # the subject is a focus ("省环保厅 的…"), not a scope ("江西省… · …")
    role: str  # "all", "lead" or "support"
    documents: list[str]  # IRIs of the documents the content comes from, sorted
    titles: dict[str, str] = field(default_factory=dict)  # document IRI -> title, every stored document

    def title_for(self, picture: str) -> str:
        """Return the page title for a kind of picture (责任关系网络, 责任矩阵, 责任地图).

        >>> s = Selection(nx.MultiDiGraph(), "省环保厅", True, "lead", [])
        >>> s.title_for("责任矩阵")
        '省环保厅 的责任矩阵 (仅牵头)'
        """
        if self.focused:
            title = f"{self.subject} 的{picture}"
        else:
            title = f"{self.subject} · {picture}" if self.subject else picture
        if self.role != "all":
            title += " (仅牵头)" if self.role == "lead" else " (仅配合)"
        return title

    @property
    def document_names(self) -> list[str]:
        """The titles of the documents the content comes from (their IRIs where untitled)."""
        return [self.titles.get(d, d) for d in self.documents]


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def display_name(data: Mapping[str, Any]) -> str:
    """Return a node's code and label, without repeating a code the label already starts with."""
    label, code = str(data.get("label", "")), str(data.get("code") or "")
    if not code or label == code or label.startswith(code + " ") or data.get("type") == NodeType.CASE:
        return label
    return f"{code} {label}"


def _type_name(data: Mapping[str, Any]) -> str:
    kind = str(data.get("type"))
    return NODE_STYLES[kind].name if kind in NODE_STYLES else kind


def view_documents(G: nx.MultiDiGraph[str]) -> list[str]:
    """Return the documents a view's content comes from, sorted.

    Duty edges cite their document; so do problems, measures and groups, which
    belong to one document.  A unit named in several documents does not make
    the view cite all of them, unless nothing else on screen names any.
    """
    used = {str(d) for *_, d in G.edges(data="doc") if d}
    for _, data in G.nodes(data=True):
        if data.get("type") not in AGENT_TYPES:
            used.update(str(d) for d in data.get("docs") or [])
    if not used:
        for _, data in G.nodes(data=True):
            used.update(str(d) for d in data.get("docs") or [])
    return sorted(used)


def select_network(store: GraphStore, options: SelectionOptions = WHOLE_GRAPH) -> Selection:
    """Return the part of the store a picture shows, as ``options`` say (see :class:`SelectionOptions`)."""
    focus, depth, role, cap = options.focus, options.depth, options.role, options.cap
    document, region = options.document, options.region
    titles = document_titles(store)
    documents: list[str] | None = None
    if document:
        documents = matching_documents(store, document)
        if not documents:
            raise DutygraphError(f"no stored document matches {document!r}")
    subject = ""
    if focus and not region and not documents:
        # Only the focus's neighbourhood is read (a hub unit of 1,000 documents: its 7,500 tasks,
        # not the store's 112,000 assignments); the same walk then runs on it.
        around = _Neighbourhood(store)
        node = resolve_one(store, focus, ALL_KINDS, within=around,
                           hint="give the full name, or choose a document with --document").iri
        network = around.focus_subgraph(node, depth, role, cap)
    else:
        assignments, structure = network_rows(store, documents)
        if not assignments and not structure:
            raise DutygraphError("the store holds no responsibilities yet: run `dutygraph ingest` first")
        network = build_network(assignments, structure)
    if region:
        place = resolve_one(store, region, (Kind.REGION,), hint="give the full name of the region")
        network = keep_region(network, place.iri)
        subject = place.label
    if focus and (region or documents):
        # Resolved as every command resolves names, among what the picture can show.
        node = resolve_one(store, focus, ALL_KINDS, within=network,
                           hint="give the full name, or choose a document with --document").iri
        network = focus_subgraph(network, node, depth=depth, role=role, cap=cap)
    if focus:
        data = network.nodes[node]
        # "问题 3 2013年以来…" says what a bare number is; a unit's name says it all.
        prefix = f"{_type_name(data)} " if data.get("type") in (NodeType.PROBLEM, NodeType.MEASURE) else ""
        subject = f"{prefix}{_short(display_name(data))}"
    elif role != "all":
        network = keep_roles(network, role)
    used = view_documents(network) or sorted(documents or titles)
    if len(used) == 1 and not focus and not region:
        subject = titles.get(used[0], used[0])
    return Selection(network, subject, bool(focus), role, used, titles)


class _Neighbourhood(Collection[str]):
    """The part of the store a focus view walks, read as the walk needs it.

    :func:`graph.analyze.network.focus_subgraph` keeps, from the focus's core, ``depth`` hops of
    neighbours, at most ``cap`` per node ranked by their duties. What it decides on is: the rows of
    every node it keeps (what the page shows of it, and the edges between kept nodes), the
    neighbours of every node it expands, and how many duties each such neighbour has (its rank).
    So the rows of kept nodes are read, and the duties of an expanded node's neighbours counted
    (:func:`graph.sparql.reads.neighbour_duties`); a neighbour that is only counted is given
    stand-in duties to unlabelled nodes of its own (never a neighbour of an expanded node, so never
    walked to nor shown) for the duties its rows do not bring. The walk is run on what has been
    read, and whatever it reached without those facts read, until nothing is missing: the same walk
    over the whole store's network keeps the same nodes and edges. A measure or problem naming no
    region takes its problem's or parent's, so the rows of the problems above kept ones are read too.

    A node of more than ``BIG_NODE`` duties (a hub unit: 7,568 in 1,000 documents) is read light:
    its duties as the network keys them, without quotes, titles or types
    (:func:`graph.sparql.reads.duties_around`, which reads its neighbours' duties in the same go, so
    that they are counted too) and its own facts. Its neighbours' labels are read only for those a
    cut ranks by them (tied by their duties with the last one kept: ``label_ties`` of the walk); the
    others are never shown. Of its duties, the page shows those to kept nodes, whose full rows are
    read and hold them; a duty between two light nodes, both kept, makes one of them read in full.
    A big focus's likely first hop is read before the network is first built, so that it is built
    once (see :meth:`_likely_kept`).

    As a collection it answers ``iri in self`` (is the node in the store's network: some row touches
    it) for the resolver; iterating gives the nodes read so far.
    """

    BIG_NODE = 300

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.full: dict[str, tuple[list[dict[str, object]], list[dict[str, object]]]] = {}
        # A big node -> its facts (labels, code, text, types) and its duties, read light.
        self.light: dict[str, tuple[list[dict[str, object]], list[dict[str, object]]]] = {}
        self.known: dict[str, dict[str, dict[tuple[str, str], int]]] = {}  # a big node -> its neighbours' duties
        self.counts: dict[str, dict[str, int]] = {}
        self.expanded: set[str] = set()
        self.labels: dict[str, list[str]] = {}  # labels read of a big node's neighbours: those a cut ranks
        self.unlabelled: set[str] = set()  # nodes of the last network no row read labels

    def __contains__(self, iri: object) -> bool:
        if not isinstance(iri, str):
            return False
        self._read([iri])
        assignments, structure = self.full[iri]
        return bool(assignments or structure or self.light.get(iri))

    def __iter__(self) -> Iterator[str]:
        return iter(self.full)

    def __len__(self) -> int:
        return len(self.full)

    def _read(self, nodes: Collection[str], whole: bool = False) -> None:
        """Read the rows of ``nodes``: in full, or light for a big node unless ``whole``."""
        for node in nodes:
            if node in self.full and not (whole and node in self.light):
                continue
            if not whole and has_more_duties(self.store, node, self.BIG_NODE):
                self.full[node] = ([], structure_rows_around(self.store, node))
                self.light[node] = self._light_rows(node)
            else:
                self.light.pop(node, None)
                self.full[node] = network_rows_around(self.store, [node])

    def _light_rows(self, node: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        rows = duties_around(self.store, node)
        self.known[node] = count_duties(rows)
        return node_facts(self.store, node), [r for r in rows if r[str(r["via"])] == node]

    def _light_assignments(self, node: str) -> list[dict[str, object]]:
        """A big node's duties as rows of the network: its neighbours' labels only where they were read
        (those a cut ranks, see :meth:`_label_ties`); the others are never shown (kept ones are read
        in full) and rank by their duties."""
        facts, mine = self.light[node]
        light: list[dict[str, object]] = []
        for row in mine:
            names = self.labels.get(str(row["task"] if row["via"] == "agent" else row["agent"]), [""])
            # A row per label of each end, as the full rows come (the first label is the node's label).
            for fact in facts or [{}]:
                for name in names:
                    end = {"agentLabel": fact.get("label"), "agentType": fact.get("agentType"), "taskLabel": name}
                    if row["via"] == "task":
                        end = {"taskLabel": fact.get("label"), "taskType": fact.get("taskType"),
                               "taskCode": fact.get("code"), "taskText": fact.get("text"), "agentLabel": name}
                    light.append({**row, **end})
        return light

    def _label_ties(self, G: nx.MultiDiGraph[str], tied: list[str]) -> None:
        """Give the nodes a cut ranks by their labels (see :func:`focus_subgraph`) the labels the rows left out."""
        wanted = [n for n in tied if n in self.unlabelled and n not in self.labels]
        if not wanted:
            return
        found = labels_of(self.store, wanted)
        for n in wanted:
            self.labels[n] = found.get(n) or [""]
            if found.get(n):
                G.nodes[n]["label"], G.nodes[n]["names"] = found[n][0], list(dict.fromkeys(found[n]))

    def _network(self) -> nx.MultiDiGraph[str]:
        assignments = [r for rows, _ in self.full.values() for r in rows]
        structure = [r for _, rows in self.full.values() for r in rows]
        held_duties = {_duty(r) for r in assignments}
        # A light node's duties that no full row holds (none is an edge the page shows), first, as its
        # full rows came first: the network keeps the order nodes come in. Each keyed by a number of
        # its own (the network keys a duty by its document, start and end).
        light: list[dict[str, object]] = []
        numbers: dict[tuple[str, str, str, str], int] = {}
        for big in self.light:
            for row in self._light_assignments(big):
                duty = _duty(row)
                if duty not in held_duties:
                    light.append({**row, "start": numbers.setdefault(duty, len(numbers)), "end": -1})
        assignments = light + assignments
        # The duties of a counted neighbour that the rows read do not hold, as stand-ins.
        held: dict[str, set[tuple[object, ...]]] = {}
        for row in assignments:
            for end in ("agent", "task"):
                node = str(row[end])
                if node in self.counts and node not in self.full:
                    held.setdefault(node, set()).add(_duty(row))
        stand_ins: list[dict[str, object]] = []
        for node, by_role in self.counts.items():
            if node in self.full:
                continue
            mine = held.get(node, set())
            for role, duties in by_role.items():
                for i in range(duties - sum(1 for key in mine if key[2] == role)):
                    stand_ins.append({"agent": f"{_STAND_IN}{node}", "task": node, "role": role, "doc": "",
                                      "start": i, "end": i})
        labelled = {str(r["agent"]) for r in assignments if r.get("agentLabel")}
        labelled.update(str(r["task"]) for r in assignments if r.get("taskLabel"))
        labelled.update(str(r[end]) for r in structure for end in ("source", "target"))
        G = build_network(assignments + stand_ins, structure)
        self.unlabelled = {n for n in G if n not in labelled}
        return G

    def focus_subgraph(self, node: str, depth: int, role: str, cap: int) -> nx.MultiDiGraph[str]:
        """``focus_subgraph(…, node, depth, role, cap)`` as over the whole store's network."""
        self._read([node])
        if depth:
            # The focus is kept and expanded by the first hop, whatever the walk finds.
            self._expand([node])
            if node in self.light:
                self._read(self._likely_kept(node, role, cap))
        G = None
        for hops in range(depth + 1):
            while True:
                # Built again only after something was read.
                G = self._network() if G is None else G
                walked = focus_subgraph(G, node, depth=hops, role=role, cap=cap,
                                        label_ties=functools.partial(self._label_ties, G))
                kept = [n for n, t in walked.nodes(data="type") if t != MORE_TYPE]
                # Kept nodes are expanded by the next hop; the core (hop 0) grows through the
                # in-edges of a problem, case or region.
                grow = [n for n in kept if hops < depth
                        or (hops == 0 and G.nodes[n].get("type") in CORE_RELATIONS)]
                missing = [n for n in [*kept, *_parents(G, kept)] if n not in self.full]
                # Two light nodes kept with a duty between them: one is read whole, for that duty's quote.
                kept_light = {n for n in kept if n in self.light}
                whole = [n for n in kept_light if any(m in kept_light for m in nx.all_neighbors(G, n))]
                if missing or whole:
                    self._read(missing)
                    self._read(sorted(whole)[:1], whole=True)
                    G = None
                    continue
                if self._expand(grow):
                    G = None
                    continue
                break
        return walked

    def _likely_kept(self, node: str, role: str, cap: int) -> list[str]:
        """The neighbours of a big focus its first hop is likely to keep, ranked as the walk ranks them
        by what was counted: read before the network is first built, the walk then finds them all
        read, and the network is built once instead of twice (a guess: the walk decides)."""
        roles = ROLE_FILTERS.get(role, frozenset())
        duties = {n: sum(d for r, d in by_role.items() if role == "all" or r in roles)
                  for n, by_role in self.counts.items() if n != node}
        boundary = sorted(duties.values(), reverse=True)[cap - 1] if len(duties) > cap else 0
        chosen = [n for n, d in duties.items() if d > boundary]
        tied = [n for n, d in duties.items() if d == boundary]
        if len(chosen) + len(tied) > cap:
            unread = [n for n in tied if n not in self.labels]
            found = labels_of(self.store, unread)
            self.labels.update((n, found.get(n) or [""]) for n in unread)
            tied.sort(key=lambda n: (self.labels[n][0], n))
        # In the order the walk would list them (the order nodes come in: the focus's duties, then its
        # structure), for they are read in that order, and the network keeps the order rows come in.
        _, mine = self.light[node]
        ends = [str(r["task"] if r["via"] == "agent" else r["agent"]) for r in mine]
        ends += [str(r[end]) for r in self.full[node][1] for end in ("source", "target")]
        position: dict[str, int] = {}
        for end in ends:
            position.setdefault(end, len(position))
        return sorted(chosen + tied[: cap - len(chosen)], key=lambda n: position.get(n, len(position)))

    def _expand(self, nodes: Collection[str]) -> bool:
        """Count the duties of the neighbours of ``nodes`` not expanded yet; tell whether there were any."""
        fresh = [n for n in nodes if n not in self.expanded]
        for n in fresh:
            known = self.known.get(n) if n in self.light else None
            self.counts.update(neighbour_duties(self.store, n, known))
        self.expanded.update(fresh)
        return bool(fresh)


_STAND_IN = "stand-in:"


def _duty(row: Mapping[str, object]) -> tuple[str, str, str, str]:
    """What a duty is, however it was read: its agent, task, role and span."""
    return str(row["agent"]), str(row["task"]), str(row["role"]), str(row.get("span"))


def _parents(G: nx.MultiDiGraph[str], nodes: Collection[str]) -> set[str]:
    """The problems above ``nodes`` (a measure's, then dg:subProblemOf all the way up), as far as
    ``G`` holds them: a measure or problem naming no region takes theirs."""
    found: set[str] = set()
    pending = list(nodes)
    while pending:
        for _, parent, relation in G.out_edges(pending.pop(), data="relation"):
            if relation in ("subProblemOf", "ofProblem") and parent not in found:
                found.add(parent)
                pending.append(parent)
    return found


def keep_roles(G: nx.MultiDiGraph[str], role: str) -> nx.MultiDiGraph[str]:
    """Return ``G`` with only the duties of ``role`` (structure kept), for a whole-graph view."""
    roles = ROLE_FILTERS[role]
    H: nx.MultiDiGraph[str] = G.copy()
    H.remove_edges_from(
        [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if is_duty(d) and d["role"] not in roles]
    )
    return H


def keep_region(G: nx.MultiDiGraph[str], area: str) -> nx.MultiDiGraph[str]:
    """Return the part of ``G`` about ``area``: its tasks, who answers for them, and the regions inside it.

    A task is kept when one of the regions it concerns lies in ``area`` (by the
    division codes: 铅山县 is in 上饶市); a problem comes with its measures and
    a measure with its problem, so the matrix keeps its columns whole.
    """
    tasks = {n for n, d in G.nodes(data=True)
             if d.get("type") in TASK_TYPES and any(within_region(r, area) for r in d.get("regions") or [])}
    for u, v, d in G.edges(data=True):
        if d.get("relation") in ("ofProblem", "subProblemOf") and (u in tasks or v in tasks):
            tasks.update((u, v))
    kept = set(tasks)
    for u, v, d in G.edges(data=True):
        if is_duty(d) and v in tasks:
            kept.add(u)
    kept.update(n for n, d in G.nodes(data=True)
                if d.get("type") == NodeType.REGION and within_region(n, area))
    H: nx.MultiDiGraph[str] = G.subgraph(kept).copy()
    return H
