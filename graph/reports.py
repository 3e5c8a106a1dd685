"""Investigation reports: a unit, a leader, a region, the gaps, what is overdue, chains between two things.

Each report resolves the names it is given (forgivingly, see :mod:`graph.resolve`), runs a saved
query or walks the network, and returns a :class:`Report`: a heading and notes for the reader
(printed to stderr) and a table of data (printed to stdout).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import AmbiguousName, DutygraphError
from graph.resolve import Candidate, Kind, matching_documents, resolve_one, same_organisation
from graph.sparql.reads import network_rows
from graph.sparql.run import Table, run_query
from graph.sparql.saved import get_saved_query, run_saved
from graph.store import GraphStore

if TYPE_CHECKING:
    # networkx and numpy (through the network's layout) are imported by path_report only: a third of a
    # second of start-up for every other report.
    import networkx as nx

    from graph.analyze.paths import Step

_DOC_PREFIX = "https://w3id.org/dutygraph/id/doc/"


@dataclass(frozen=True)
class Report:
    """What an investigation command prints: heading and notes on stderr, the table on stdout."""

    heading: str
    notes: tuple[str, ...]
    table: Table
    chains: tuple[tuple[Step, ...], ...] = ()


def _doc(value: object) -> object:
    # The document's id is enough to tell documents apart in a table and to find the file.
    text = "" if value is None else str(value)
    return text[len(_DOC_PREFIX):] if text.startswith(_DOC_PREFIX) else value


def _select(table: Table, columns: Sequence[tuple[str, str]]) -> Table:
    """Keep and rename some columns (``(query column, shown name)``); document IRIs become ids."""
    index = {c: i for i, c in enumerate(table.columns)}
    rows = tuple(
        tuple(_doc(row[index[c]]) if c == "document" else row[index[c]] for c, _ in columns) for row in table.rows
    )
    return Table(tuple(name for _, name in columns), rows)


def who_owns_report(store: GraphStore, reference: str, document: str | None = None) -> Report:
    """Who leads, supports or is responsible for one problem (or case) and its measures (the saved who-owns query).

    Unlike ``query who-owns`` it takes only problems and cases, optionally of the documents whose name
    or title contains ``document``, and stops with the candidates when the reference matches several.
    """
    documents = matching_documents(store, document) if document else None
    found = resolve_one(store, reference, (Kind.PROBLEM, Kind.CASE), documents=documents,
                        hint="be more specific, or choose a document with --document")
    table = run_query(store, get_saved_query("who-owns").sparql, {"task": ox.NamedNode(found.iri)})
    shown = _select(table, [("code", "task"), ("kind", "kind"), ("agentName", "agent"), ("agentKind", "agent_kind"),
                            ("role", "role"), ("quote", "quote"), ("line", "line")])
    rows = store.select("SELECT ?task ?label WHERE { ?task rdfs:label ?label }", {"task": ox.NamedNode(found.iri)})
    label = str(rows[0]["label"]) if rows else found.label
    return Report(f"problem {found.names[0]}: {label}", (current_status_note(store, found.iri),), shown)


_CURRENT = """
SELECT ?task ?status ?date ?document ?line WHERE {
  ?task dg:currentStatus ?s ; dg:currentStatusSource ?source .
  ?source dg:inDocument ?document .
  OPTIONAL { ?task dg:currentStatusDate ?date }
  OPTIONAL { ?source dg:statusEvidence ?span . ?span dg:line ?line }
  BIND(STRAFTER(STR(?s), "#") AS ?status)
}
"""


def current_status_note(store: GraphStore, task: str) -> str:
    """``current status: Completed (2018-06-30, jx_report line 4)``: the latest statement about a problem."""
    rows = store.select(_CURRENT, {"task": ox.NamedNode(task)})
    if not rows:
        return "current status: no status statement (no linked report states one)"
    row = rows[0]
    where = ", ".join(str(part) for part in (row["date"] or "undated", _doc(row["document"])) if part)
    line = f" line {row['line']}" if row["line"] is not None else ""
    return f"current status: {row['status']} ({where}{line})"


# Later plans naming the problem again (a look-back plan's (第一轮第十四项)): rebounds when it was reported done.
_RAISED_AGAIN = """
SELECT ?task ?code ?later ?round ?date ?line WHERE {
  ?raised dg:reportsOn ?task ; dg:code ?code ; dg:inDocument ?later .
  ?later dg:documentKind "plan" .
  OPTIONAL { ?later dg:inspectionRound ?r BIND(STRAFTER(STR(?r), "#") AS ?round) }
  OPTIONAL { ?later dcterms:issued ?date }
  OPTIONAL { ?raised dg:evidence ?span . ?span dg:line ?line }
}
ORDER BY ?date ?later ?code
"""


@dataclass(frozen=True)
class _InDocument:
    """A candidate problem listed by the document ``--document`` chooses it with."""

    candidate: Candidate

    def describe(self) -> str:
        title = f" ({self.candidate.detail})" if self.candidate.detail else ""
        return f"{_doc(self.candidate.document)}{title}: problem {self.candidate.label}"


def _choose_a_document(exc: AmbiguousName, command: str) -> AmbiguousName:
    """A code several stored documents share (三 of two plans): the documents it is in, by the ids
    ``--document`` takes, each with its title, and the command again with the first of them."""
    candidates = [c for c in exc.candidates if isinstance(c, Candidate)]
    ids = list(dict.fromkeys(str(_doc(c.document)) for c in candidates if c.document))
    if len(ids) < 2 or len(candidates) != len(exc.candidates):
        return exc  # one document's problems that the words fit alike: be more specific
    hint = (f"it names a problem in {len(ids)} stored documents; choose one with --document (part of its id or "
            f"title), e.g. dutygraph {command} {exc.name} --document {ids[0]}")
    return AmbiguousName(exc.name, [_InDocument(c) for c in candidates], "problems", hint)


def history_report(store: GraphStore, reference: str, document: str | None = None) -> Report:
    """A problem's life: who owns it (notes), then every status statement about it in date order, its
    own and those of the reports linked to it, with source and quote (the saved problem-history query)."""
    documents = matching_documents(store, document) if document else None
    try:
        found = resolve_one(store, reference, (Kind.PROBLEM, Kind.CASE), documents=documents,
                            hint="be more specific, or choose a document with --document")
    except AmbiguousName as exc:
        raise _choose_a_document(exc, "history") from None
    task = {"task": ox.NamedNode(found.iri)}
    owners = run_query(store, get_saved_query("who-owns").sparql, task).dicts()
    by_role: dict[str, dict[str, None]] = {}
    for row in owners:
        by_role.setdefault(str(row["role"]), {})[str(row["agentName"])] = None
    notes = [f"{role}: {', '.join(names)}" for role, names in sorted(by_role.items())] or ["no owners stated"]
    notes.append(current_status_note(store, found.iri))
    for row in store.select(_RAISED_AGAIN, task):
        line = f" line {row['line']}" if row["line"] is not None else ""
        notes.append(f"raised again: problem {row['code']} of {_doc(row['later'])} ({row['round'] or 'round unknown'}"
                     f"{', ' + str(row['date']) if row['date'] else ''}){line}")
    table = run_query(store, get_saved_query("problem-history").sparql, task)
    shown = _select(table, [("date", "date"), ("status", "status"), ("current", "current"), ("via", "via"),
                            ("document", "document"), ("line", "line"), ("quote", "quote")])
    rows = store.select("SELECT ?task ?label WHERE { ?task rdfs:label ?label }", task)
    label = str(rows[0]["label"]) if rows else found.label
    code = found.names[0] if found.names else found.iri
    return Report(f"history of problem {code}: {label}", tuple(notes), shown)


def unit_report(store: GraphStore, name: str) -> Report:
    """Everything a unit (under any of its names) leads, supports or is responsible for."""
    unit = resolve_one(store, name, (Kind.UNIT,))
    table = run_saved(store, "unit-duties", {"unit": unit.iri})
    shown = _select(table, [("document", "document"), ("agentName", "as"), ("role", "role"),
                            ("problem", "problem"), ("measures", "measures"), ("tasks", "tasks")])
    totals: Counter[str] = Counter()
    for row in table.dicts():
        totals[str(row["role"])] += int(str(row["tasks"]))
    names = _other_names(store, unit)
    notes = [f"also named {'、'.join(names)}"] if names else []
    if totals:
        notes.append("in all: " + ", ".join(f"{role} {n}" for role, n in sorted(totals.items())))
    else:
        notes.append("no responsibility is recorded for it")
    return Report(_heading(unit), tuple(notes), shown)


def _other_names(store: GraphStore, unit: Candidate) -> list[str]:
    iris = same_organisation(store, unit.iri)[1:]
    names: list[str] = []
    for iri in iris:
        rows = store.select("SELECT DISTINCT ?unit ?label WHERE { ?unit rdfs:label ?label }",
                            {"unit": ox.NamedNode(iri)})
        names += [str(r["label"]) for r in rows if str(r["label"]) not in names]
    return names


def _heading(candidate: Candidate) -> str:
    detail = f" ({candidate.detail})" if candidate.detail else ""
    return f"{candidate.kind} {candidate.label}{detail}"


def leader_report(store: GraphStore, name: str) -> Report:
    """A leader's posts, leading groups and the cases or tasks taken on."""
    leader = resolve_one(store, name, (Kind.LEADER,))
    table = run_saved(store, "leader-duties", {"leader": leader.iri})
    shown = _select(table, [("kind", "kind"), ("what", "what"), ("role", "role"), ("quote", "quote"),
                            ("line", "line"), ("document", "document")])
    kinds = Counter(str(r["kind"]) for r in table.dicts())
    notes = (", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items())),)
    return Report(_heading(leader), notes, shown)


def region_report(store: GraphStore, name: str) -> Report:
    """Problems and cases concerning a region or a region inside it."""
    region = resolve_one(store, name, (Kind.REGION,))
    table = run_saved(store, "region-problems", {"region": region.iri})
    shown = _select(table, [("code", "code"), ("kind", "kind"), ("place", "place"), ("problem", "problem"),
                            ("document", "document")])
    problems = {(r["document"], r["code"]) for r in table.dicts()}
    return Report(_heading(region), (f"{len(problems)} problems or cases concern it or a place inside it",), shown)


def gaps_report(store: GraphStore) -> Report:
    """Measures with no lead, problems nobody answers for, unbacked collective units, truncated texts."""
    table = run_saved(store, "gaps")
    shown = _select(table, [("gap", "gap"), ("code", "code"), ("unit", "unit"), ("what", "what"),
                            ("document", "document")])
    kinds = Counter(str(r["gap"]) for r in table.dicts())
    return Report("gaps", tuple(f"{k}: {n}" for k, n in sorted(kinds.items())), shown)


def overdue_report(store: GraphStore, as_of: date, province: str | None = None) -> Report:
    """Problems and measures past their due date as of ``as_of`` with no completion reported, in
    the documents of ``province`` (a name or IRI) or in all documents."""
    values = {"as_of": as_of.isoformat()}
    if province:
        values["province"] = province
    table = run_saved(store, "overdue", values)
    shown = _select(table, [("standing", "standing"), ("code", "code"), ("kind", "kind"), ("due", "due"),
                            ("current", "current"), ("leads", "leads"), ("what", "what"), ("document", "document")])
    rows = table.dicts()
    days = [(as_of - date.fromisoformat(str(r["due"]))).days for r in rows if r["standing"] == "overdue"]
    unsigned = sum(1 for r in rows if r["standing"] != "overdue")
    note = f"{len(days)} overdue as of {as_of.isoformat()}" + (f" in {province}" if province else "")
    if days:
        note += f", the longest by {max(days)} days"
    notes = (note, f"{unsigned} past due reported done but not signed off (listed after)",
             "completion is read from dg:completed and from the latest status of the reports linked to a "
             "problem (dg:currentStatus); signed off is not overdue")
    return Report("overdue", notes, shown)


_EVIDENCE = """
SELECT DISTINCT ?node ?quote ?line ?document WHERE {
  ?node dg:evidence ?span . ?span dg:quote ?quote ; dg:document ?document . OPTIONAL { ?span dg:line ?line }
}
"""
_MEMBERSHIP = """
SELECT DISTINCT ?member ?group ?quote ?line ?document WHERE {
  ?m dg:member ?member ; dg:group ?group ; dg:evidence ?span .
  ?span dg:quote ?quote ; dg:document ?document . OPTIONAL { ?span dg:line ?line }
}
"""


def _with_evidence(store: GraphStore, step: Step) -> Step:
    """A structure step with the source text that states it (the measure's or problem's own text)."""
    from graph.analyze.paths import Step

    if step.duty or step.relation == "jurisdiction":
        return step
    if step.relation in ("headOf", "deputyHeadOf", "memberOf", "officeOf"):
        rows = store.select(_MEMBERSHIP, {"member": ox.NamedNode(step.source), "group": ox.NamedNode(step.target)})
    else:
        rows = store.select(_EVIDENCE, {"node": ox.NamedNode(step.source)})
    if not rows:
        return step
    row = rows[0]
    return Step(step.source, step.source_label, step.source_type, step.relation, step.target, step.target_label,
                step.target_type, step.duty, str(row["quote"]), str(row["document"]), int(str(row["line"] or 0)))


def path_report(store: GraphStore, a: str, b: str, limit: int = 5) -> Report:
    """The shortest chains of responsibility between two things, each step with its evidence."""
    from graph.analyze.network import build_network
    from graph.analyze.paths import describe_step, responsibility_chains

    assignments, structure = network_rows(store)
    G = build_network(assignments, structure)
    start, end = resolve_one(store, a), resolve_one(store, b)
    source, target = _in_network(store, start, G), _in_network(store, end, G)
    chains = [[_with_evidence(store, s) for s in chain] for chain in responsibility_chains(G, source, target, limit)]
    rows: list[tuple[object, ...]] = []
    for number, chain in enumerate(chains, 1):
        for index, step in enumerate(chain, 1):
            rows.append((number, index, describe_step(step), step.quote, step.line or None, _doc(step.document)))
    heading = f"from {start.label} to {end.label}"
    if not chains:
        notes: tuple[str, ...] = ("no chain of responsibility joins them",)
    else:
        notes = (f"{len(chains)} shortest chain(s) of {len(chains[0])} step(s)",)
    table = Table(("chain", "step", "sentence", "quote", "line", "document"), tuple(rows))
    return Report(heading, notes, table, tuple(tuple(c) for c in chains))


def _in_network(store: GraphStore, candidate: Candidate, G: nx.MultiDiGraph[str]) -> str:
    """The network node for a candidate: itself, or another name of the same organisation."""
    names = same_organisation(store, candidate.iri) if candidate.kind in (Kind.UNIT, None) else [candidate.iri]
    for iri in names:
        if iri in G:
            return iri
    raise DutygraphError(f"{candidate.label} takes part in no responsibility, so no chain can start or end there")
