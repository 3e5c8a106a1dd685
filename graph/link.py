"""Link reports' problems to the stored plans' problems they name: one problem's life across documents.

A progress report, a task notice or an acceptance notice names the plan task it reports on
(``《整改方案》第十四项``, ``问题编号十四``, ``第二轮第六十九项整改任务``: a dg:TaskReference,
extracted with the report).  The link is made in the store, not at extraction, because the plan
may arrive before or after the report, and either may be replaced: after every write
:func:`relink` reads the references and the stored plans, works out the links, and rewrites
the links graph of each report whose links changed (and drops those of reports gone).  A report
links only within its place, so after a file ingest only the documents of the places written
(and those their links join) are read again; a corpus ingest relinks the whole store once.

A reference links to a plan's problem only when exactly one stored plan fits it — precision
before recall, a wrong link is worse than none:

- the place: the report's issuing place (dg:issuedFor), or its province when the reference names
  the province's plan (省“回头看”《整改方案》第十四项); a report whose place is unknown links nothing;
- the plan is issued for that place (or, for a province, has no narrower place and is of that
  province);
- the round (the reference's own, 第二轮第六十九项, else the report's) and the level (central or
  provincial), where both sides state them, are the same; when several plans still fit, the one
  whose title the report quotes (根据《…整改方案》), else the one stating the same round;
- the plan has a top-level problem with the cited number as its code.

A report's problem that names no task is linked by its wording (``dg:TextMatch``, with its score)
to the best-matching problem of the one plan that fits the report, at a score and a lead over the
next problem chosen on a labelled set (:data:`TEXT_THRESHOLD`, :data:`TEXT_MARGIN`).  After the
links, each linked plan problem's current status (its latest statement) is written again where it
changed, in the status graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote

from graph.extract.matching import problem_similarity
from graph.model import iris
from graph.model.links import CurrentStatus, ReportLink, links_to_quads, statuses_to_quads
from graph.store import GraphStore
from graph.store.base import insert_data

__all__ = ["TEXT_MARGIN", "TEXT_THRESHOLD", "LinkReport", "ShownStatus", "best_match", "current_status_of", "relink"]

# A report's problem that names no task is linked by its wording to the one problem of the one fitting
# plan that it matches best, when the score reaches TEXT_THRESHOLD and leads the second best by
# TEXT_MARGIN: chosen on the labelled set of bench/labelled/links/ (bench/link_match.py prints it).
TEXT_THRESHOLD = 0.55
TEXT_MARGIN = 0.15


def best_match(text: str, problems: Mapping[str, str], threshold: float = TEXT_THRESHOLD) -> tuple[str, float] | None:
    """The code of the problem ``text`` words (of ``problems``, code -> text) and its score, or None."""
    # Longer codes first among equal scores: a sub-problem (6.1 “鄱阳湖水质下降”) before the problem
    # above it, whose heading names all its sub-problems (6: 对于鄱阳湖水质下降、稀土开采…).
    scores = sorted(((problem_similarity(text, wording), code.count("."), code) for code, wording in problems.items()),
                    reverse=True)
    if not scores or scores[0][0] < threshold:
        return None
    best = scores[0][2]
    others = [score for score, _, code in scores[1:] if not best.startswith(code + ".")]  # not the ones above it
    if others and scores[0][0] - others[0] < TEXT_MARGIN:
        return None  # two problems fit about as well: which one is not known
    return best, scores[0][0]


# Every query below reads either the whole store or the documents in scope of a relink (see
# :func:`relink`): ``%DOCS%`` / ``%PLANS%`` / ``%GRAPHS%`` become a VALUES block of them, or nothing.
# A reference, then the facts of the documents that cite or report (one OPTIONAL each on the citing document
# made the read ten times slower at 1M triples).
_REFERENCES = """
SELECT ?doc ?problem ?ref ?n ?provincial ?citedRound ?span WHERE {
  %DOCS%
  ?problem dg:cites ?ref .
  ?ref dg:citedNumber ?n ; dg:citesProvincePlan ?provincial ; dg:evidence ?span .
  ?problem dg:inDocument ?doc .
  OPTIONAL { ?ref dg:citedRound ?citedRound }
}
"""
# The facts a link is chosen by, of the documents that cite or report and of the plans: one query.
_DOCUMENT_FACTS = """
SELECT ?doc ?place ?province ?round ?level ?title ?answers WHERE {
  %DOCS%
  OPTIONAL { ?doc dg:issuedFor ?place }
  OPTIONAL { ?doc dg:province ?province }
  OPTIONAL { ?doc dg:inspectionRound ?round }
  OPTIONAL { ?doc dg:inspectionLevel ?level }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dg:answersToTitle ?answers }
}
"""
_CITING_DOCS = """{ SELECT DISTINCT ?doc WHERE {
      { ?problem dg:cites ?ref ; dg:inDocument ?doc } UNION { ?doc dg:documentKind "progress" } } }"""
_PLAN_DOCS = """?doc dg:documentKind "plan" ."""

# Every status statement about a problem of a plan: those of the report problems linked to it, and its
# own, in two reads; the own ones are every status with its document's kind, a plan's problems kept
# here: joined by a UNION, or with the kind "plan" or the type dg:Problem in the pattern, Oxigraph walked
# every problem of every plan to find the few with a status (0.4 s at 1M triples, against 30 ms).
_LINKED_STATEMENTS = """
SELECT ?task ?stated ?status ?issued WHERE {
  %PLANS%
  ?stated dg:reportsOn ?task ; dg:progressStatus ?s ; dg:inDocument ?doc .
  OPTIONAL { ?doc dcterms:issued ?issued }
  BIND(STRAFTER(STR(?s), "#") AS ?status)
}
"""
_OWN_STATEMENTS = """
SELECT ?task ?status ?kind ?problem ?issued WHERE {
  %DOCS%
  ?task dg:progressStatus ?s ; dg:inDocument ?doc . ?doc dg:documentKind ?kind .
  OPTIONAL { ?task dg:ofProblem ?problem }
  OPTIONAL { ?doc dcterms:issued ?issued }
  BIND(STRAFTER(STR(?s), "#") AS ?status)
}
"""
_STORED_STATUSES = """
SELECT ?task ?status ?source ?issued WHERE {
  GRAPH <%GRAPH%> {
    ?task dg:currentStatus ?s ; dg:currentStatusSource ?source OPTIONAL { ?task dg:currentStatusDate ?issued }
  }
  BIND(STRAFTER(STR(?s), "#") AS ?status)
}
"""
# Statements of the same date that disagree: the least advanced stands (a problem is not taken for
# done on a statement another of that day contradicts).
_ADVANCE = ("NotCompleted", "Behind", "InProgress", "BasicallyCompleted", "Completed", "CompletedOngoing",
            "SignedOff")

_STORED_LINKS = """
SELECT ?g ?source ?target ?ref ?method ?score ?plan WHERE {
  GRAPH %GRAPH% { ?link a dg:ReportLink ; dg:linkSource ?source ; dg:linkTarget ?target ; dg:linkMethod ?method
             OPTIONAL { ?link dg:linkReference ?ref } OPTIONAL { ?link dg:matchScore ?score } }
  OPTIONAL { ?target dg:inDocument ?plan }
}
"""

# The problems of reports that name no task, with their wording: linked by text, if at all.
_UNCITED = """
SELECT ?doc ?problem ?label ?span ?ref ?type WHERE {
  %DOCS%
  ?doc dg:documentKind "progress" .
  ?problem dg:inDocument ?doc ; rdfs:label ?label ; dg:evidence ?span ; a ?type .
  OPTIONAL { ?problem dg:cites ?ref }
}
"""
# The problems of the plans text-matched reports answer to (their measures and cases left out here).
_PLAN_WORDINGS = """
SELECT ?doc ?problem ?code ?label ?type WHERE {
  %DOCS%
  ?problem dg:inDocument ?doc ; dg:code ?code ; rdfs:label ?label ; a ?type .
}
"""

# A relink after an ingest reads only what the documents written can change: the documents of their
# places (their provinces and the places they are issued for), the plans their stored links answer
# to, and the reports whose stored links answer to them.
_SCOPE = """
SELECT DISTINCT ?doc WHERE {
  %WRITTEN%
  { { ?written dg:province ?place } UNION { ?written dg:issuedFor ?place }
    { ?doc dg:province ?place } UNION { ?doc dg:issuedFor ?place } }
  UNION { GRAPH ?g { ?written dg:answersTo ?doc } }
  UNION { GRAPH ?g { ?doc dg:answersTo ?written } }
}
"""


def _values(variable: str, iris_: Iterable[str]) -> str:
    """A VALUES block binding ``variable`` to each of ``iris_``."""
    return f"VALUES ?{variable} {{ {' '.join(f'<{iri}>' for iri in sorted(set(iris_)))} }}"


def _scoped(query: str, **blocks: str) -> str:
    """``query`` with each ``%NAME%`` replaced by its block (a VALUES clause, or "" for everything)."""
    for name, block in blocks.items():
        query = query.replace(f"%{name}%", block)
    return query


@dataclass(frozen=True)
class LinkReport:
    """What a relink found and changed."""

    links: int  # links held after the relink
    references: int  # task references read
    rewritten: int  # links graphs written or dropped (and the status graph)
    by_text: int = 0  # of the links, those made by wording


@dataclass(frozen=True)
class _Plan:
    iri: str
    place: str | None
    province: str | None
    round: str | None
    level: str | None
    title: str | None


@dataclass(frozen=True)
class ShownStatus:
    """A problem's current status as a picture shows it: the status, the date and document of its statement."""

    status: str  # a dg:ProgressStatus's local name: Completed, InProgress …
    issued: str | None  # ISO date of the stating document, None when undated
    document: str  # IRI of the document whose statement it is


# The current statuses of the problems a picture shows, read from the status graph relink writes.
_SHOWN_STATUSES = """
SELECT ?task ?status ?issued ?doc WHERE {{
  VALUES ?task {{ {tasks} }}
  GRAPH <{graph}> {{ ?task dg:currentStatus ?s ; dg:currentStatusSource ?source
                    OPTIONAL {{ ?task dg:currentStatusDate ?issued }} }}
  ?source dg:inDocument ?doc .
  BIND(STRAFTER(STR(?s), "#") AS ?status)
}}
"""


_NOT_IN_IRI = frozenset('<>"{}|^`\\ \n')


def current_status_of(store: GraphStore, tasks: Iterable[str]) -> dict[str, ShownStatus]:
    """The current status of each of ``tasks`` (problem IRIs) that has one, for the pictures that colour
    problems by it; one read, however many problems, apart from the rows the picture is drawn from."""
    # Only IRIs that can stand between <> (every task IRI the model makes can; a network's "more" node cannot).
    wanted = sorted({task for task in tasks if task.startswith(("http://", "https://")) and not _NOT_IN_IRI & set(task)
                     })
    if not wanted:
        return {}
    query = _SHOWN_STATUSES.format(tasks=" ".join(f"<{task}>" for task in wanted), graph=iris.status_graph_iri())
    return {str(row["task"]): ShownStatus(str(row["status"]), _text(row["issued"]), str(row["doc"]))
            for row in store.select(query)}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def relink(store: GraphStore, written: Collection[str] | None = None) -> LinkReport:
    """Make the reports' links to stored plans again, rewriting only the links graphs that changed.

    ``written``: the IRIs of the documents an ingest has just written or replaced.  A report links only
    to a plan of its own place, so only the links and current statuses of the documents of their
    places (provinces, and the places they are issued for) can change, and of the plans and reports
    their stored links join them to (were a document's place changed by its replacement): only those
    are read and made again.  None relinks the whole store (a corpus ingest, which writes everywhere).
    """
    scope = None if written is None else _scope(store, written)
    docs = "" if scope is None else _values("doc", scope)
    citing: dict[str, dict[str, object]] = {}
    # The reports' facts (in a scope, every document's: which of them report is read by the references,
    # and a UNION finding the citing ones read the whole store's citations).
    for row in store.select(_scoped(_DOCUMENT_FACTS, DOCS=docs or _CITING_DOCS)):
        citing.setdefault(str(row["doc"]), row)
    references = [{**citing.get(str(row["doc"]), {}), **row} for row in store.select(_scoped(_REFERENCES, DOCS=docs))]
    plans = _plans(store)  # every plan: a report of the scope may fit one outside it only when none fits
    chosen: list[tuple[dict[str, object], _Plan, str]] = []
    for ref in references:
        plan = _plan_for(ref, plans)
        if plan is not None:
            chosen.append((ref, plan, str(ref["n"])))
    problems = _plan_problems(store, {(plan.iri, code) for _, plan, code in chosen})
    wanted: dict[str, list[ReportLink]] = defaultdict(list)
    for ref, plan, code in chosen:
        target = problems.get((plan.iri, code))
        if target is None:
            continue
        report = str(ref["doc"])
        wanted[report].append(ReportLink(str(ref["problem"]), target, report, plan.iri, str(ref["ref"]),
                                         str(ref["span"])))
    by_text = _text_links(store, citing, plans, docs)
    for link in by_text:
        wanted[link.report].append(link)
    # Every links graph, or those of the scope one by one (a VALUES of graphs was planned as a scan of
    # every links graph: 0.11 s of CPU at 2M triples, against a few ms).
    rows = store.select(_scoped(_STORED_LINKS, GRAPH="?g")) if scope is None else [
        {**row, "g": graph} for graph in sorted(iris.links_graph_iri(doc) for doc in scope)
        for row in store.select(_scoped(_STORED_LINKS, GRAPH=f"<{graph}>"))]
    stored: dict[str, set[tuple[str, str, str, str, float | None]]] = defaultdict(set)
    linked_plans: set[str] = set()  # the plans the stored links of the scope answer to
    for row in rows:
        if str(row["g"]).startswith(iris.links_graph_prefix()):
            method = str(row["method"]).rsplit("#", 1)[-1]
            score = None if row["score"] is None else round(float(str(row["score"])), 3)
            stored[str(row["g"])].add((str(row["source"]), str(row["target"]), str(row["ref"] or ""), method, score))
            if row["plan"] is not None:
                linked_plans.add(str(row["plan"]))
    writes = []
    for report, links in wanted.items():
        graph = iris.links_graph_iri(report)
        made = {(link.source, link.target, link.reference or "", link.method,
                 None if link.score is None else round(link.score, 3)) for link in links}
        if made != stored.pop(graph, set()):
            writes.append((graph, links_to_quads(report, links)))
    writes += [(graph, []) for graph in stored]  # reports gone, or no longer linking anything
    store.replace_graphs(writes)
    # The statuses of every plan's problems, or of the scope's plans and those linked to from it, before or now.
    restated = None if scope is None else linked_plans | {link.plan for links in wanted.values() for link in links} | {
        plan.iri for plan in plans if plan.iri in scope}
    rewritten = len(writes) + _write_statuses(store, _current_statuses(store, restated), restated)
    return LinkReport(sum(len(links) for links in wanted.values()), len(references), rewritten, len(by_text))


def _scope(store: GraphStore, written: Collection[str]) -> set[str]:
    """The documents whose links or statuses the documents ``written`` can change (see :func:`relink`)."""
    if not written:
        return set()
    found = store.select(_scoped(_SCOPE, WRITTEN=_values("written", written)))
    return {str(row["doc"]) for row in found} | set(written)


def _plans(store: GraphStore) -> list[_Plan]:
    plans: dict[str, _Plan] = {}
    for r in store.select(_scoped(_DOCUMENT_FACTS, DOCS=_PLAN_DOCS)):
        plans.setdefault(str(r["doc"]), _Plan(str(r["doc"]), _text(r["place"]), _text(r["province"]),
                                              _text(r["round"]), _text(r["level"]), _text(r["title"])))
    return list(plans.values())


def _write_statuses(store: GraphStore, statuses: list[CurrentStatus], plans: set[str] | None) -> int:
    """Write the current statuses where they changed: the whole status graph (``plans`` None), or only
    those of the problems of ``plans``, in one update; 1 if anything was written, else 0."""
    graph = iris.status_graph_iri()
    held = {(str(r["task"]), str(r["status"]), str(r["source"]), _text(r["issued"]))
            for r in store.select(_scoped(_STORED_STATUSES, GRAPH=graph))}
    if plans is not None:
        prefixes = tuple(plan + "/" for plan in plans)
        held = {row for row in held if row[0].startswith(prefixes)}
    made = {(c.task, c.status, c.source, c.issued.isoformat() if c.issued else None) for c in statuses}
    if held == made:
        return 0
    if plans is None:
        store.replace_graphs([(graph, statuses_to_quads(statuses))])
        return 1
    gone = {row[0] for row in held - made} | {row[0] for row in made - held}
    changed = [c for c in statuses if c.task in gone]
    update = (f"DELETE {{ GRAPH <{graph}> {{ ?task ?p ?o }} }} WHERE {{ {_values('task', gone)} "
              f"GRAPH <{graph}> {{ ?task ?p ?o }} }}")
    if changed:
        update += " ;\n" + insert_data(graph, statuses_to_quads(changed))
    store.update(update)
    return 1


def _text_links(store: GraphStore, reports: Mapping[str, Mapping[str, object]], plans: list[_Plan],
                docs: str = "") -> list[ReportLink]:
    """Links by wording for the problems of reports (of ``docs``, a VALUES block, or all) that name no
    task: to the one plan that fits the report (as for a reference without a number), its
    best-matching problem (:func:`best_match`)."""
    uncited: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)  # report -> problem -> (label, span)
    cited: set[str] = set()
    for row in store.select(_scoped(_UNCITED, DOCS=docs)):
        problem = str(row["problem"])
        if row["ref"] is not None or str(row["type"]).endswith("#Case"):
            cited.add(problem)  # a case a leader took on is no plan's problem
        elif str(row["type"]).endswith("#Problem"):
            uncited[str(row["doc"])][problem] = (str(row["label"]), str(row["span"]))
    targets: dict[str, _Plan] = {}
    for report in uncited:
        facts = {**reports.get(report, {}), "doc": report, "provincial": False, "citedRound": None}
        plan = _plan_for(facts, plans)
        if plan is not None:
            targets[report] = plan
    if not targets:
        return []
    wordings: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)  # plan -> code -> (label, problem)
    excluded: set[str] = set()
    for row in store.select(_scoped(_PLAN_WORDINGS, DOCS=_values("doc", (plan.iri for plan in targets.values())))):
        if not str(row["type"]).endswith("#Problem"):
            excluded.add(str(row["problem"]))  # a measure (its own type only) or a case (Case beside Problem)
        wordings[str(row["doc"])][str(row["code"])] = (str(row["label"]), str(row["problem"]))
    links = []
    for report, plan in sorted(targets.items()):
        problems = {code: label for code, (label, problem) in wordings[plan.iri].items() if problem not in excluded}
        for problem, (label, span) in sorted(uncited[report].items()):
            if problem in cited:
                continue
            found = best_match(label, problems)
            if found is not None:
                target = wordings[plan.iri][found[0]][1]
                links.append(ReportLink(problem, target, report, plan.iri, None, span, "TextMatch", round(found[1], 3)))
    return links


def _current_statuses(store: GraphStore, plans: set[str] | None = None) -> list[CurrentStatus]:
    """Each plan problem's latest status statement (of the problems of ``plans``, or of every plan):
    the latest dated one (an undated one only when none is dated), the least advanced of a day's
    statements that disagree."""
    if plans is not None and not plans:
        return []
    in_plans = "" if plans is None else _values("plan", plans) + " ?task dg:inDocument ?plan ."
    docs = "" if plans is None else _values("doc", plans)
    timeline: dict[str, list[tuple[date, int, str, str]]] = defaultdict(list)
    own = [{**row, "stated": row["task"]} for row in store.select(_scoped(_OWN_STATEMENTS, DOCS=docs))
           if row["kind"] == "plan" and row["problem"] is None]  # a plan's problems, not its measures
    for row in store.select(_scoped(_LINKED_STATEMENTS, PLANS=in_plans)) + own:
        status = str(row["status"])
        issued = date.fromisoformat(str(row["issued"])) if row["issued"] else date.min
        advance = _ADVANCE.index(status) if status in _ADVANCE else 0
        timeline[str(row["task"])].append((issued, -advance, str(row["stated"]), status))
    statuses = []
    for task, statements in sorted(timeline.items()):
        latest = max(statements)
        statuses.append(CurrentStatus(task, latest[3], latest[2], None if latest[0] == date.min else latest[0]))
    return statuses


def _plan_for(ref: dict[str, object], plans: list[_Plan]) -> _Plan | None:
    """The one stored plan a reference can name, or None when none or several fit."""
    province = _text(ref["province"])
    scope = province if ref["provincial"] is True else _text(ref["place"])
    if scope is None:
        return None
    report = str(ref["doc"])
    round_ = _text(ref["citedRound"]) or _text(ref["round"])
    level = _text(ref["level"])
    fits = [p for p in plans if p.iri != report
            and (p.place == scope or (p.place is None and scope == province and p.province == scope))
            and not (round_ and p.round and p.round != round_)
            and not (level and p.level and p.level != level)]
    if len(fits) > 1:
        answers = _text(ref["answers"])
        for narrower in ([p for p in fits if answers and p.title == answers],
                         [p for p in fits if round_ and p.round == round_]):
            if len(narrower) == 1:
                return narrower[0]
        return None
    return fits[0] if fits else None


def _plan_problems(store: GraphStore, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(plan IRI, code) -> the IRI of the plan's top-level problem with that code (no case)."""
    if not wanted:
        return {}
    # The IRIs a plan's problems of those codes have (graph.model.iris), checked here: bound by the codes
    # alone, every problem of every plan with such a code was read (0.18 s of CPU at 2M triples for a
    # relink of one report), and a VALUES block of (document, code) pairs was planned as a scan.
    candidates = {iris.problem_iri(unquote(doc.rsplit("/", 1)[-1]), code) for doc, code in wanted}
    rows = store.select(f"""SELECT ?doc ?code ?problem ?above ?type WHERE {{
        {_values("problem", candidates)}
        ?problem dg:code ?code ; dg:inDocument ?doc ; a ?type .
        OPTIONAL {{ ?problem dg:subProblemOf ?above }}
    }}""")
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        kinds[str(row["problem"])].add(str(row["type"]).rsplit("#", 1)[-1])
    found: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (str(row["doc"]), str(row["code"]))
        if key in wanted and row["above"] is None and kinds[str(row["problem"])] == {"Problem"}:
            found[key] = str(row["problem"])
    return found
