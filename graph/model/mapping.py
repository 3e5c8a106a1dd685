"""Records -> quads: a pure generator, one named graph per document.

Terms are built as pyoxigraph terms because the store loads them in bulk without
a conversion step; where rdflib is wanted (the Turtle and JSON-LD exports of
:func:`graph.render.export.export_bytes`, the tests' SHACL validation) the quads
are read into it from N-Quads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from graph.model import iris
from graph.model.vocab import DCTERMS, DG, RDF, RDFS, XSD
from graph.records import (
    AgentKind,
    Assignment,
    Deadline,
    Document,
    GroupMembership,
    InspectionLevel,
    InspectionRound,
    Problem,
    ProblemKind,
    ProgressStatus,
    Region,
    Role,
    Span,
    TaskKind,
)

_TYPE = NamedNode(str(RDF.type))
_LABEL = NamedNode(str(RDFS.label))
_TITLE = NamedNode(str(DCTERMS.title))
_INTEGER = NamedNode(str(XSD.integer))
_BOOLEAN = NamedNode(str(XSD.boolean))
_DATE = NamedNode(str(XSD.date))


# The version of the records -> RDF mapping. Raise it whenever the quads written for the same records
# change (a new property, another IRI): `ingest` re-maps stored documents of an older version instead
# of skipping them as unchanged (graph.store.GraphStore.stored_hashes, current_only).
# 2: dg:leadNames on tasks, dg:answersFor from units to problems, dg:mappingVersion on documents.
# 3: dg:issuedFor and dg:concerns from a document to the region it is issued for.
# 4: document facts (dcterms:issued, dg:inspectionRound, dg:inspectionLevel, dg:answersToTitle) and
#    the plan tasks a report's problems cite (dg:cites -> dg:TaskReference).
# 5: a unit's or leader's own facts (type, label, collective, jurisdiction or covers, a post holder's
#    post) once in the entities graph; the document graph says `doc dg:mentions entity`, and a
#    leader's posts and evidence as the document gives them hang from a dg:Mention node.
# 6: one word per concept: dg:Issue -> dg:Problem, dg:ofIssue -> dg:ofProblem, dg:subIssueOf ->
#    dg:subProblemOf, problem IRIs .../problem/CODE.
# 7: dg:dutyKey on an assignment of a problem or measure (role, problem code, measure code).
MAPPING_VERSION = 7


def dg(name: str) -> NamedNode:
    """The ontology term ``dg:name``."""
    # Cached: a national ingest asks for the same few dozen terms some ten million times.
    term = _DG_TERMS.get(name)
    if term is None:
        term = _DG_TERMS[name] = NamedNode(str(DG) + name)
    return term


_DG_TERMS: dict[str, NamedNode] = {}


ROLE_TERMS = {
    Role.LEAD: dg("Lead"),
    Role.SUPPORT: dg("Support"),
    Role.RESPONSIBLE: dg("Responsible"),
    Role.JURISDICTION_LEAD: dg("JurisdictionLead"),
    Role.ACCOUNTABLE: dg("Accountable"),
    Role.SUPERVISE: dg("Supervise"),
    Role.SIGN_OFF: dg("SignOff"),
}
# A jurisdictional lead is a lead: the direct edge is dg:leads; the Assignment keeps the nuance.
ROLE_EDGES = {
    Role.LEAD: dg("leads"),
    Role.SUPPORT: dg("supports"),
    Role.RESPONSIBLE: dg("responsibleFor"),
    Role.JURISDICTION_LEAD: dg("leads"),
    Role.ACCOUNTABLE: dg("accountableFor"),
    Role.SUPERVISE: dg("supervises"),
    Role.SIGN_OFF: dg("signsOff"),
}
_LEADS = dg("leads")
STATUS_TERMS = {
    ProgressStatus.COMPLETED: dg("Completed"),
    ProgressStatus.COMPLETED_ONGOING: dg("CompletedOngoing"),
    ProgressStatus.BASICALLY_COMPLETED: dg("BasicallyCompleted"),
    ProgressStatus.IN_PROGRESS: dg("InProgress"),
    ProgressStatus.BEHIND: dg("Behind"),
    ProgressStatus.NOT_COMPLETED: dg("NotCompleted"),
    ProgressStatus.SIGNED_OFF: dg("SignedOff"),
}
# Statuses that declare the work done (dg:completed true); 基本完成 is not done yet.
_DONE = (ProgressStatus.COMPLETED, ProgressStatus.COMPLETED_ONGOING, ProgressStatus.SIGNED_OFF)
_KIND_TERMS = {"immediate": "Immediate", "long_term": "LongTerm", "continuous": "Continuous", "dated": "Dated"}
_GROUP_ROLES = {
    "head": ("Head", "headOf"),
    "first_deputy_head": ("FirstDeputyHead", "firstDeputyHeadOf"),
    "deputy_head": ("DeputyHead", "deputyHeadOf"),
    "member": ("Member", "memberOf"),
    "office": ("Office", "officeOf"),
}


def _text(value: str) -> Literal:
    return Literal(value)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=_INTEGER)


def _bool(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=_BOOLEAN)


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=_DATE)


class _Writer:
    """Accumulates the quads of one document's graph, and the facts of the units and leaders it names
    (the entities graph)."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.graph = NamedNode(iris.document_iri(document.doc_id))
        self.entities = NamedNode(iris.entities_graph_iri())
        self.quads: list[Quad] = []
        self.entity_quads: list[Quad] = []
        self.mentioned: dict[NamedNode, None] = {}
        self._spans: set[str] = set()
        self._restored = [(r.span.start, r.span.end) for r in document.restorations]
        self.lead_names: dict[NamedNode, set[str]] = {}
        self.measure_problems: dict[str, str] | None = None  # filled by the first _duty_key
        self.problem_codes: frozenset[str] = frozenset()

    def add(self, subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        self.quads.append(Quad(subject, predicate, obj, self.graph))

    def entity(self, subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        """A fact of a unit or leader itself, true whichever document names it: the entities graph."""
        self.entity_quads.append(Quad(subject, predicate, obj, self.entities))

    def mention(self, entity: NamedNode) -> None:
        """The document names ``entity`` (``doc dg:mentions entity``): what keeps its facts in the
        entities graph, and how a query finds the documents naming it."""
        self.mentioned.setdefault(entity)

    def span(self, span: Span, restored_text: str | None = None) -> NamedNode:
        node = NamedNode(iris.span_iri(self.doc.doc_id, span.start, span.end))
        if node.value in self._spans:
            return node
        self._spans.add(node.value)
        self.add(node, _TYPE, dg("Span"))
        self.add(node, dg("document"), self.graph)
        self.add(node, dg("start"), _int(span.start))
        self.add(node, dg("end"), _int(span.end))
        self.add(node, dg("quote"), _text(span.text))
        if span.line > 0:
            self.add(node, dg("line"), _int(span.line))
        restored = any(span.start <= s and e <= span.end for s, e in self._restored)
        self.add(node, dg("restored"), _bool(restored))
        if restored:
            self.add(node, dg("restoredQuote"), _text(self._restore(span)))
        return node

    def _restore(self, span: Span) -> str:
        text = list(span.text)
        for restoration in self.doc.restorations:
            if span.start <= restoration.span.start and restoration.span.end <= span.end:
                offset = restoration.span.start - span.start
                text[offset : offset + len(restoration.restored)] = restoration.restored
        return "".join(text)


def document_to_quads(document: Document) -> list[Quad]:
    """All quads of ``document``: what it says in its own named graph (the document's IRI), then the
    facts of the units and leaders it names in the entities graph (:func:`iris.entities_graph_iri`),
    which every document naming them writes alike."""
    w = _Writer(document)
    doc = document
    province = doc.province
    w.add(w.graph, _TYPE, dg("Document"))
    w.add(w.graph, _TITLE, _text(doc.title))
    w.add(w.graph, _LABEL, _text(doc.title))
    w.add(w.graph, dg("sourceFile"), _text(doc.source))
    w.add(w.graph, dg("documentKind"), _text(doc.kind))
    w.add(w.graph, dg("sha256"), _text(doc.sha256))
    w.add(w.graph, dg("encoding"), _text(doc.encoding))
    w.add(w.graph, dg("format"), _text(doc.format))
    w.add(w.graph, dg("mappingVersion"), _int(MAPPING_VERSION))
    if doc.conversion:
        w.add(w.graph, dg("conversion"), _text(doc.conversion))
    if province:
        w.add(w.graph, dg("province"), NamedNode(iris.region_iri(province)))
    if doc.place:
        # Written out with its super-property: stores run no RDFS inference, and a query for what
        # concerns a region (its problems, its documents) should not have to know the sub-property.
        w.add(w.graph, dg("issuedFor"), NamedNode(iris.region_iri(doc.place)))
        w.add(w.graph, dg("concerns"), NamedNode(iris.region_iri(doc.place)))

    for found in doc.problems:
        _problem(w, found)
    for unit in doc.units:
        node = NamedNode(iris.unit_iri(province, unit.name))
        w.mention(node)
        w.entity(node, _TYPE, dg("Unit"))
        w.entity(node, _LABEL, _text(unit.name))
        w.entity(node, dg("collective"), _bool(unit.collective))
        for adcode in unit.regions:
            w.entity(node, dg("covers" if unit.collective else "jurisdiction"), NamedNode(iris.region_iri(adcode)))
    for leader in doc.leaders:
        node = NamedNode(iris.leader_iri(province, leader.name))
        w.mention(node)
        w.entity(node, _TYPE, dg("Leader"))
        w.entity(node, _LABEL, _text(leader.name))
        if leader.posts or leader.span:
            # What this document says of the leader: the posts it gives and where it names them.
            # Reached from the document (dg:inDocument), never by joining the leader to every span.
            mention = NamedNode(iris.node_iri(doc.doc_id, "mention", "leader", leader.name))
            w.add(mention, _TYPE, dg("Mention"))
            w.add(mention, dg("mentionOf"), node)
            w.add(mention, dg("inDocument"), w.graph)
            for post in leader.posts:
                w.add(mention, dg("post"), _text(post))
            if leader.span:
                w.add(mention, dg("evidence"), w.span(leader.span))
    for group in doc.groups:
        node = NamedNode(iris.group_iri(doc.doc_id, group.key))
        w.add(node, _TYPE, dg("LeadingGroup"))
        w.add(node, _LABEL, _text(group.name))
        w.add(node, dg("inDocument"), w.graph)
        w.add(node, dg("evidence"), w.span(group.span))
        if group.parent:
            w.add(node, dg("subGroupOf"), NamedNode(iris.group_iri(doc.doc_id, group.parent)))
    for membership in doc.memberships:
        _membership(w, membership)
    for assignment in doc.assignments:
        _assignment(w, assignment)
    for task, names in w.lead_names.items():
        # Derived from the dg:leads edges just written, in the same graph: the names of a task's
        # leads in one literal, so that a report over many tasks (overdue) reads one value per task
        # instead of joining every lead's label, which the union default graph repeats once per
        # document naming the unit (13 copies at 5M triples).
        w.add(task, dg("leadNames"), _text(", ".join(sorted(names))))
    # Derived the same way: a unit answers for a problem when it has any role on the problem or on
    # one of its measures (co-responsibility pairs units on it without walking assignments).
    problem_of = {m.code: problem.code for problem in doc.problems for m in problem.measures}
    answers: set[tuple[str, str]] = set()
    for a in doc.assignments:
        if a.agent_kind != AgentKind.UNIT or a.task_kind == TaskKind.DOCUMENT:
            continue
        problem = problem_of.get(a.task) if a.task_kind == TaskKind.MEASURE else a.task
        if problem is not None:
            answers.add((a.agent, problem))
    for agent_name, problem in sorted(answers):
        w.add(NamedNode(iris.unit_iri(province, agent_name)), dg("answersFor"),
              NamedNode(iris.problem_iri(doc.doc_id, problem)))
    for count in doc.progress:
        node = NamedNode(iris.node_iri(doc.doc_id, "progress", count.span.start))
        w.add(node, _TYPE, dg("ProgressCount"))
        w.add(node, dg("inDocument"), w.graph)
        if count.total is not None:
            w.add(node, dg("total"), _int(count.total))
        if count.done is not None:
            w.add(node, dg("done"), _int(count.done))
        if count.subject:
            w.add(node, dg("countOf"), _text(count.subject))
        w.add(node, dg("evidence"), w.span(count.span))
        for part in count.parts:
            pn = NamedNode(iris.node_iri(doc.doc_id, "status-count", part.span.start, part.span.end))
            w.add(node, dg("breakdown"), pn)
            w.add(pn, _TYPE, dg("StatusCount"))
            w.add(pn, dg("count"), _int(part.count))
            if part.status:
                w.add(pn, dg("progressStatus"), STATUS_TERMS[part.status])
            w.add(pn, dg("evidence"), w.span(part.span))
    for held in doc.accountability:
        node = NamedNode(iris.node_iri(doc.doc_id, "accountability", held.span.start))
        w.add(node, _TYPE, dg("AccountabilityCount"))
        w.add(node, dg("inDocument"), w.graph)
        if held.people is not None:
            w.add(node, dg("peopleHeldAccountable"), _int(held.people))
        if held.units is not None:
            w.add(node, dg("unitsHeldAccountable"), _int(held.units))
        w.add(node, dg("evidence"), w.span(held.span))
    for cls in doc.deadline_classes:
        node = _deadline_node(w, cls.deadline)
        w.add(w.graph, dg("deadlineClass"), node)
        w.add(node, _LABEL, _text(cls.name))
    for target in doc.targets:
        w.add(w.graph, dg("deadline"), _deadline_node(w, target))
    _document_facts(w)
    for entity in w.mentioned:
        w.add(w.graph, dg("mentions"), entity)
    # A unit named in a clause and in a group's member list is typed and labelled once.
    return list(dict.fromkeys(w.quads)) + list(dict.fromkeys(w.entity_quads))


# -- document facts: when, for which round, answering which plan, citing which tasks ----

_ISSUED = NamedNode(str(DCTERMS.issued))
ROUND_TERMS = {
    InspectionRound.FIRST: dg("FirstRound"),
    InspectionRound.LOOK_BACK: dg("LookBack"),
    InspectionRound.SPECIAL: dg("SpecialInspection"),
    InspectionRound.SECOND: dg("SecondRound"),
    InspectionRound.THIRD: dg("ThirdRound"),
}
LEVEL_TERMS = {
    InspectionLevel.CENTRAL: dg("CentralInspection"),
    InspectionLevel.PROVINCIAL: dg("ProvincialInspection"),
}


def _document_facts(w: _Writer) -> None:
    """The document's date, inspection round and level, the plan it answers to, and its citations."""
    facts = w.doc.facts
    if facts.issued and facts.issued_span:
        w.add(w.graph, _ISSUED, _date(facts.issued))
        w.add(w.graph, dg("issuedEvidence"), w.span(facts.issued_span))
    if facts.round and facts.round_span:
        w.add(w.graph, dg("inspectionRound"), ROUND_TERMS[facts.round])
        w.add(w.graph, dg("roundEvidence"), w.span(facts.round_span))
    if facts.level and facts.level_span:
        w.add(w.graph, dg("inspectionLevel"), LEVEL_TERMS[facts.level])
        w.add(w.graph, dg("levelEvidence"), w.span(facts.level_span))
    if facts.answers_to and facts.answers_to_span:
        w.add(w.graph, dg("answersToTitle"), _text(facts.answers_to))
        w.add(w.graph, dg("answersToEvidence"), w.span(facts.answers_to_span))
    for ref in facts.references:
        node = NamedNode(iris.node_iri(w.doc.doc_id, "reference", ref.problem, ref.number, ref.span.start))
        w.add(NamedNode(iris.problem_iri(w.doc.doc_id, ref.problem)), dg("cites"), node)
        w.add(node, _TYPE, dg("TaskReference"))
        w.add(node, dg("citedNumber"), _int(ref.number))
        if ref.round:
            w.add(node, dg("citedRound"), ROUND_TERMS[ref.round])
        w.add(node, dg("citesProvincePlan"), _bool(ref.provincial_plan))
        w.add(node, dg("evidence"), w.span(ref.span))


def _problem(w: _Writer, problem: Problem) -> None:
    doc_id = w.doc.doc_id
    node = NamedNode(iris.problem_iri(doc_id, problem.code))
    w.add(node, _TYPE, dg("Case" if problem.kind == ProblemKind.CASE else "Problem"))
    if problem.kind == ProblemKind.CASE:
        w.add(node, _TYPE, dg("Problem"))
    w.add(node, dg("code"), _text(problem.code))
    w.add(node, dg("inDocument"), w.graph)
    w.add(node, _LABEL, _text(problem.label))
    w.add(node, dg("evidence"), w.span(problem.span))
    w.add(node, dg("truncated"), _bool(problem.truncated))
    if problem.parent:
        w.add(node, dg("subProblemOf"), NamedNode(iris.problem_iri(doc_id, problem.parent)))
    if problem.target:
        w.add(node, dg("target"), _text(problem.target))
    if problem.deadline:
        _deadline_facts(w, node, problem.deadline)
        if problem.deadline.basis:
            # The date comes from a class the plan defines once (立行立改 -> 2017年6月底前).
            basis = _span_key(problem.deadline.basis)
            w.add(node, dg("deadline"), NamedNode(iris.node_iri(doc_id, "deadline", *basis)))
    if problem.status:
        _status_facts(w, node, problem.status, problem.status_span)
    for adcode in problem.regions:
        w.add(node, dg("concerns"), NamedNode(iris.region_iri(adcode)))
    for measure in problem.measures:
        m = NamedNode(iris.measure_iri(doc_id, measure.code))
        w.add(m, _TYPE, dg("Measure"))
        w.add(m, dg("code"), _text(measure.code))
        w.add(m, dg("number"), _int(measure.number))
        w.add(m, dg("ofProblem"), node)
        w.add(m, dg("inDocument"), w.graph)
        w.add(m, dg("text"), _text(measure.text))
        w.add(m, _LABEL, _text(f"{measure.code} {measure.text[:30]}"))
        w.add(m, dg("evidence"), w.span(measure.span))
        dues = [d.due for d in measure.deadlines if d.due]
        if dues:
            # The measure is done when its last dated phase is.
            w.add(m, dg("dueDate"), _date(max(dues)))
        for d in measure.deadlines:
            w.add(m, dg("deadline"), _deadline_node(w, d))
        if measure.status:
            _status_facts(w, m, measure.status, measure.status_span)


def _status_facts(w: _Writer, subject: NamedNode, status: ProgressStatus, span: Span | None) -> None:
    """The progress status a report states for a problem or a measure, and whether it declares it done."""
    w.add(subject, dg("progressStatus"), STATUS_TERMS[status])
    if status in _DONE:
        w.add(subject, dg("completed"), _bool(True))
    if span:
        w.add(subject, dg("statusEvidence"), w.span(span))


def _span_key(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _deadline_node(w: _Writer, d: Deadline) -> NamedNode:
    """A dg:Deadline node: a measure's phase, a plan-wide target, or a class the plan defines once
    (named and evidenced by its whole definition, so the problems taking its date can point to it)."""
    where = d.basis or d.span
    dn = NamedNode(iris.node_iri(w.doc.doc_id, "deadline", *_span_key(where)))
    w.add(dn, _TYPE, dg("Deadline"))
    _deadline_facts(w, dn, d)
    if d.target:
        w.add(dn, dg("target"), _text(d.target))
    w.add(dn, dg("evidence"), w.span(where))
    return dn


def _deadline_facts(w: _Writer, subject: NamedNode, d: Deadline) -> None:
    """The text, date, kinds and flag of a deadline, on a problem or on a measure's Deadline node."""
    w.add(subject, dg("deadlineText"), _text(d.text))
    if d.due:
        w.add(subject, dg("dueDate"), _date(d.due))
    for kind in d.kinds:
        w.add(subject, dg("deadlineKind"), dg(_KIND_TERMS[kind.value]))
    if d.flagged:
        w.add(subject, dg("deadlineFlag"), _text(d.flagged))


def _agent(w: _Writer, name: str, kind: AgentKind) -> NamedNode:
    province = w.doc.province
    if kind == AgentKind.LEADER:
        return NamedNode(iris.leader_iri(province, name))
    if kind == AgentKind.POST:
        return NamedNode(iris.post_holder_iri(province, name))
    return NamedNode(iris.unit_iri(province, name))


def _assignment(w: _Writer, a: Assignment) -> None:
    doc_id = w.doc.doc_id
    agent = _agent(w, a.agent, a.agent_kind)
    w.mention(agent)
    if a.agent_kind == AgentKind.POST:
        _post_holder(w, agent, a.agent)
    if a.task_kind == TaskKind.DOCUMENT:
        task = w.graph  # a responsibility chain over the whole rectification
    elif a.task_kind == TaskKind.MEASURE:
        task = NamedNode(iris.measure_iri(doc_id, a.task))
    else:
        task = NamedNode(iris.problem_iri(doc_id, a.task))
    w.add(agent, ROLE_EDGES[a.role], task)
    if ROLE_EDGES[a.role] is _LEADS:
        w.lead_names.setdefault(task, set()).add(a.agent)
    if a.agent_kind == AgentKind.LEADER and a.role is Role.LEAD and a.task in _case_codes(w.doc):
        w.add(agent, dg("tookOn"), task)
    node = NamedNode(iris.node_iri(doc_id, "assignment", a.agent, a.task, a.role.value))
    w.add(node, _TYPE, dg("Assignment"))
    w.add(node, dg("agent"), agent)
    w.add(node, dg("task"), task)
    w.add(node, dg("role"), ROLE_TERMS[a.role])
    w.add(node, dg("evidence"), w.span(a.evidence))
    key = _duty_key(w, a)
    if key is not None:
        w.add(node, dg("dutyKey"), _text(key))


def _duty_key(w: _Writer, a: Assignment) -> str | None:
    """The assignment as the row a unit's duties are counted by: its role, its problem's code and, on a
    measure, the measure's code, tab-separated (``Lead\t3\t3.1``, ``Support\t3``); None for a
    duty on the whole document or on a code the document does not define (no row either way).

    Derived from facts written beside it (dg:role, dg:task, the task's dg:ofProblem and dg:code),
    so that a report over the thousands of duties of one unit (unit-duties) reads one value per
    assignment instead of looking up its role, task, the task's code and its problem's code, four to
    six index seeks a row (about 0.6 CPU-s for 8,000 rows)."""
    if w.measure_problems is None:
        w.measure_problems = {m.code: p.code for p in w.doc.problems for m in p.measures}
        w.problem_codes = frozenset(p.code for p in w.doc.problems)
    role = ROLE_TERMS[a.role].value.rpartition("#")[2]
    if a.task_kind == TaskKind.MEASURE:
        problem = w.measure_problems.get(a.task)
        return None if problem is None else f"{role}\t{problem}\t{a.task}"
    if a.task_kind == TaskKind.PROBLEM and a.task in w.problem_codes:
        return f"{role}\t{a.task}"
    return None


def _post_holder(w: _Writer, agent: NamedNode, post: str) -> None:
    """Whoever holds a post the document names without a person: the post is the holder's name."""
    w.entity(agent, _TYPE, dg("Leader"))
    w.entity(agent, _LABEL, _text(post))
    w.entity(agent, dg("post"), _text(post))


def _case_codes(doc: Document) -> frozenset[str]:
    return frozenset(problem.code for problem in doc.problems if problem.kind == ProblemKind.CASE)


def _membership(w: _Writer, m: GroupMembership) -> None:
    doc_id = w.doc.doc_id
    group = NamedNode(iris.group_iri(doc_id, m.group_key))
    agent = _agent(w, m.agent, m.agent_kind)
    role_name, edge = _GROUP_ROLES[m.role]
    w.mention(agent)
    if m.agent_kind == AgentKind.POST:
        _post_holder(w, agent, m.agent)
    elif m.agent_kind == AgentKind.UNIT:
        w.entity(agent, _TYPE, dg("Unit"))
        w.entity(agent, _LABEL, _text(m.agent))
    w.add(agent, dg(edge), group)
    node = NamedNode(iris.node_iri(doc_id, "membership", m.group_key, m.agent, m.role))
    w.add(node, _TYPE, dg("Membership"))
    w.add(node, dg("group"), group)
    w.add(node, dg("member"), agent)
    w.add(node, dg("groupRole"), dg(role_name))
    w.add(node, dg("evidence"), w.span(m.span))


def regions_to_quads(regions: Iterable[Region]) -> Iterator[Quad]:
    """The gazetteer's divisions, in their own named graph."""
    graph = NamedNode(iris.gazetteer_graph_iri())
    for region in regions:
        node = NamedNode(iris.region_iri(region.adcode))
        yield Quad(node, _TYPE, dg("Region"), graph)
        yield Quad(node, _LABEL, _text(region.name), graph)
        yield Quad(node, dg("adcode"), _text(region.adcode), graph)
        yield Quad(node, dg("level"), _text(region.level), graph)
        if region.parent:
            yield Quad(node, dg("partOf"), NamedNode(iris.region_iri(region.parent)), graph)



