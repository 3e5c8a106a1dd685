"""The fixed reads behind the commands: statistics, document titles, and the rows the network is built from."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import pyoxigraph as ox

from graph.errors import QueryError
from graph.sparql.run import Table
from graph.sparql.text import serialise_term
from graph.store import GraphStore

_STATS = {
    "documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Document }",
    "problems": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Problem MINUS { ?x a dg:Case } }",
    "cases": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Case }",
    "measures": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Measure }",
    "units": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Unit }",
    "leaders": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Leader }",
    "leading groups": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:LeadingGroup }",
    "assignments": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Assignment }",
}
_ROLES = """
SELECT ?role (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a dg:Assignment ; dg:role ?r . BIND(STRAFTER(STR(?r), "#") AS ?role)
}
GROUP BY ?role ORDER BY ?role
"""


def statistics(store: GraphStore, quads: int | None = None) -> Table:
    """Counts of documents, problems, measures, units, leaders and assignments by role."""
    rows: list[tuple[object, ...]] = []
    for name, sparql in _STATS.items():
        rows.append((name, store.select(sparql)[0]["n"]))
    for row in store.select(_ROLES):
        rows.append((f"assignments: {row['role']}", row["n"]))
    if quads is not None:
        rows.append(("quads", quads))
    return Table(("what", "count"), tuple(rows))


_NETWORK_ASSIGNMENTS = """
SELECT DISTINCT ?agent ?agentLabel ?agentType ?task ?taskLabel ?taskType ?taskCode ?taskText ?role ?quote ?doc
                ?docTitle ?start ?end ?line WHERE {
  # Every required pattern first, in one group: a BIND or OPTIONAL between
  # them splits the join, and Oxigraph then took seconds instead of milliseconds.
  ?a a dg:Assignment ; dg:agent ?agent ; dg:task ?task ; dg:role ?roleTerm ; dg:evidence ?span .
  ?span dg:quote ?quote ; dg:start ?start ; dg:end ?end ; dg:document ?doc .
  ?doc dcterms:title ?docTitle .
  ?agent rdfs:label ?agentLabel .
  ?task rdfs:label ?taskLabel .
  OPTIONAL { ?span dg:line ?line }
  OPTIONAL { ?task dg:code ?taskCode }
  OPTIONAL { ?task dg:text ?taskText }
  BIND(IF(EXISTS { ?agent a dg:Leader }, "Leader", "Unit") AS ?agentType)
  BIND(IF(EXISTS { ?task a dg:Measure }, "Measure", IF(EXISTS { ?task a dg:Case }, "Case",
       IF(EXISTS { ?task a dg:Document }, "Document", "Problem"))) AS ?taskType)
  BIND(STRAFTER(STR(?roleTerm), "#") AS ?role)
}
"""

_NETWORK_STRUCTURE = """
SELECT DISTINCT ?source ?sourceLabel ?sourceType ?sourceCode ?sourceText ?target ?targetLabel ?targetType
                ?targetCode ?relation ?doc WHERE {
  {
    ?source dg:ofProblem ?target ; dg:inDocument ?doc . BIND("ofProblem" AS ?relation)
    BIND("Measure" AS ?sourceType) BIND("Problem" AS ?targetType)
  } UNION {
    ?source dg:subProblemOf ?target ; dg:inDocument ?doc . BIND("subProblemOf" AS ?relation)
    BIND("Problem" AS ?sourceType) BIND("Problem" AS ?targetType)
  } UNION {
    ?source dg:concerns ?target ; dg:inDocument ?doc . BIND("concerns" AS ?relation)
    BIND(IF(EXISTS { ?source a dg:Case }, "Case", "Problem") AS ?sourceType) BIND("Region" AS ?targetType)
  } UNION {
    # A unit's jurisdiction is its own fact (the entities graph), shown in every document naming it.
    ?doc dg:mentions ?source . ?source dg:jurisdiction ?target . BIND("jurisdiction" AS ?relation)
    BIND("Unit" AS ?sourceType) BIND("Region" AS ?targetType)
  } UNION {
    VALUES ?relation { "headOf" "deputyHeadOf" "memberOf" "officeOf" }
    BIND(IRI(CONCAT(STR(dg:), ?relation)) AS ?edge)
    GRAPH ?doc { ?source ?edge ?target }
    BIND(IF(EXISTS { ?source a dg:Leader }, "Leader", "Unit") AS ?sourceType) BIND("LeadingGroup" AS ?targetType)
  }
  ?source rdfs:label ?sourceLabel .
  ?target rdfs:label ?targetLabel .
  OPTIONAL { ?source dg:code ?sourceCode }
  OPTIONAL { ?source dg:text ?sourceText }
  OPTIONAL { ?target dg:code ?targetCode }
}
"""


# The rows touching some nodes (a view's focus and its neighbourhood), in the shape network_rows gives:
# the same patterns, each query starting from the nodes (a VALUES block, {nodes}) on one side of one
# relation, so that a view of one unit reads its duties, not the store's. One query per side and
# relation: a UNION under the bound nodes was evaluated for the whole store and joined after. ?span
# names the duty (its agent, task, role and span) where rows read other ways meet these.
_AROUND_ASSIGNMENTS = _NETWORK_ASSIGNMENTS.replace("WHERE {\n", "WHERE {\n  {nodes}\n  ?a dg:{side} ?{side} .\n", 1
                                                  ).replace("?line WHERE", "?line ?span WHERE", 1)
# The branches of _NETWORK_STRUCTURE, each read from one side.
_AROUND_RELATIONS = {
    "ofProblem": """?source dg:ofProblem ?target ; dg:inDocument ?doc . BIND("ofProblem" AS ?relation)
    BIND("Measure" AS ?sourceType) BIND("Problem" AS ?targetType)""",
    "subProblemOf": """?source dg:subProblemOf ?target ; dg:inDocument ?doc . BIND("subProblemOf" AS ?relation)
    BIND("Problem" AS ?sourceType) BIND("Problem" AS ?targetType)""",
    "concerns": """?source dg:concerns ?target ; dg:inDocument ?doc . BIND("concerns" AS ?relation)
    BIND(IF(EXISTS { ?source a dg:Case }, "Case", "Problem") AS ?sourceType) BIND("Region" AS ?targetType)""",
    "jurisdiction": """?source dg:jurisdiction ?target . ?doc dg:mentions ?source . BIND("jurisdiction" AS ?relation)
    BIND("Unit" AS ?sourceType) BIND("Region" AS ?targetType)""",
    "groups": """VALUES (?edge ?relation) { (dg:headOf "headOf") (dg:deputyHeadOf "deputyHeadOf")
                                   (dg:memberOf "memberOf") (dg:officeOf "officeOf") }
    GRAPH ?doc { ?source ?edge ?target }
    BIND(IF(EXISTS { ?source a dg:Leader }, "Leader", "Unit") AS ?sourceType) BIND("LeadingGroup" AS ?targetType)""",
}
_AROUND_STRUCTURE = """
SELECT DISTINCT ?source ?sourceLabel ?sourceType ?sourceCode ?sourceText ?target ?targetLabel ?targetType
                ?targetCode ?relation ?doc WHERE {
  {nodes}
  {relation}
  ?source rdfs:label ?sourceLabel .
  ?target rdfs:label ?targetLabel .
  OPTIONAL { ?source dg:code ?sourceCode }
  OPTIONAL { ?source dg:text ?sourceText }
  OPTIONAL { ?target dg:code ?targetCode }
}
"""
# How many duties each neighbour of a node has, by role: what a focus view ranks neighbours by. One
# query per way of being a neighbour ({step}: from the bound ?node to ?n), each counting the
# neighbours' duties as the network keys them (agent, task, role, document, start, end). A span is
# one (document, start, end) (its IRI is made of them, its dg:document is its graph), so the
# duties are counted by ?span: three lookups a duty fewer.
_NEIGHBOUR_DUTIES = """
SELECT ?n ?role (COUNT(*) AS ?duties) WHERE {
  {
    SELECT DISTINCT ?n ?other ?roleTerm ?span WHERE {
      {nodes}
      {step}
      ?a dg:{side} ?n ; dg:{other} ?other ; dg:role ?roleTerm ; dg:evidence ?span .
    }
  }
  BIND(STRAFTER(STR(?roleTerm), "#") AS ?role)
}
GROUP BY ?n ?role
"""
_DUTY_STEPS = ("?x dg:agent ?node ; dg:task ?n .", "?x dg:task ?node ; dg:agent ?n .")
_STRUCTURE_STEPS = (
    *(f"?node dg:{r} ?n ." for r in ("ofProblem", "subProblemOf", "concerns", "jurisdiction", "headOf",
                                      "deputyHeadOf", "memberOf", "officeOf")),
    *(f"?n dg:{r} ?node ." for r in ("ofProblem", "subProblemOf", "concerns", "jurisdiction", "headOf",
                                      "deputyHeadOf", "memberOf", "officeOf")),
)
_STEPS = (*_DUTY_STEPS, *_STRUCTURE_STEPS)
# Every duty of every duty-neighbour of a node (so the node's own duties too), as the network keys
# them: the assignment's graph is its document (the document of its span). A hub unit's 7,568 tasks
# and their 12,000 duties in 0.6 s, where its rows with quotes, titles and types took 3.3 s.
_DUTIES_AROUND = {
    # A unit's tasks: each task, and so each of its duties, is in one document's graph.
    "agent": """
SELECT ?agent2 ?task ?roleTerm ?span ?doc WHERE {
  {nodes}
  GRAPH ?doc { ?x dg:agent ?agent ; dg:task ?task . ?a dg:task ?task ; dg:agent ?agent2 ; dg:role ?roleTerm ;
                                                                      dg:evidence ?span }
}
""",
    # A task's agents: their duties in every document.
    "task": """
SELECT ?task2 ?agent ?roleTerm ?span ?doc WHERE {
  {nodes}
  ?x dg:task ?task ; dg:agent ?agent .
  GRAPH ?doc { ?a dg:agent ?agent ; dg:task ?task2 ; dg:role ?roleTerm ; dg:evidence ?span }
}
""",
}
_HAS_DUTIES = "SELECT ?a WHERE { {nodes} ?a dg:{side} ?node } LIMIT {limit}"
_NODE_FACTS = """
SELECT ?node ?label ?code ?text ?agentType ?taskType WHERE {
  {nodes}
  ?node rdfs:label ?label .
  OPTIONAL { ?node dg:code ?code }
  OPTIONAL { ?node dg:text ?text }
  BIND(IF(EXISTS { ?node a dg:Leader }, "Leader", "Unit") AS ?agentType)
  BIND(IF(EXISTS { ?node a dg:Measure }, "Measure", IF(EXISTS { ?node a dg:Case }, "Case",
       IF(EXISTS { ?node a dg:Document }, "Document", "Problem"))) AS ?taskType)
}
"""
_LABELS_CHUNK = 2_000  # IRIs in one VALUES block of labels: a simple pattern, looked up value by value


def _values(name: str, node: str) -> str:
    return f"VALUES ?{name} {{ {serialise_term(name, ox.NamedNode(node))} }}"


def _many_values(name: str, nodes: Sequence[str]) -> str:
    return f"VALUES ?{name} {{ {' '.join(serialise_term(name, ox.NamedNode(n)) for n in nodes)} }}"


def network_rows_around(
    store: GraphStore, nodes: Collection[str]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The rows of :func:`network_rows` that touch ``nodes`` (as agent, task, source or target), each
    assignment row with its ``span`` too.

    Read node by node (a VALUES block of many nodes was joined after reading the whole store); a
    row touching two of the nodes comes twice (building the network merges them).
    """
    assignments: list[dict[str, object]] = []
    structure: list[dict[str, object]] = []
    for node in sorted(set(nodes)):
        for side in ("agent", "task"):
            text = _AROUND_ASSIGNMENTS.replace("{side}", side)
            assignments += store.select(text.replace("{nodes}", _values(side, node)))
        structure += structure_rows_around(store, node)
    return assignments, structure


def structure_rows_around(store: GraphStore, node: str) -> list[dict[str, object]]:
    """The structure rows of :func:`network_rows` that touch ``node`` (as source or target)."""
    structure: list[dict[str, object]] = []
    for relation in _AROUND_RELATIONS.values():
        for side in ("source", "target"):
            text = _AROUND_STRUCTURE.replace("{relation}", relation).replace("{nodes}", _values(side, node))
            structure += store.select(text)
    return structure


def has_more_duties(store: GraphStore, node: str, limit: int) -> bool:
    """Tell whether ``node`` is the agent or task of more than ``limit`` assignments (without counting all)."""
    found = 0
    for side in ("agent", "task"):
        text = _HAS_DUTIES.replace("{side}", side).replace("{limit}", str(limit + 1 - found))
        found += len(store.select(text.replace("{nodes}", _values("node", node))))
        if found > limit:
            return True
    return False


def duties_around(store: GraphStore, node: str) -> list[dict[str, object]]:
    """Every duty of ``node`` and of its neighbours by a duty (a unit's tasks, a task's agents):
    rows of ``agent``, ``task``, ``role`` (the role's local name), ``span`` and ``doc``, the key
    the network gives a duty, and ``via``: ``node``'s side ("agent" when the neighbours are its tasks)."""
    rows: list[dict[str, object]] = []
    for side, other in (("agent", "task"), ("task", "agent")):
        text = _DUTIES_AROUND[side]
        result = store.query(text.replace("{nodes}", _values(side, node)))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        # Read off the solutions, not through store.select: every value is an IRI, and a hub's 12,000
        # rows of dicts of converted values cost 0.05 s more.
        for row in result:
            rows.append({side: _iri(row[f"{side}2"]), other: _iri(row[other]),
                         "role": _iri(row["roleTerm"]).rpartition("#")[2], "span": _iri(row["span"]),
                         "doc": _iri(row["doc"]), "via": side})
    return rows


def _iri(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def node_facts(store: GraphStore, node: str) -> list[dict[str, object]]:
    """A node's labels (a row each), code, text and type as an agent and as a task would give them."""
    return store.select(_NODE_FACTS.replace("{nodes}", _values("node", node)))


def labels_of(store: GraphStore, nodes: Collection[str]) -> dict[str, list[str]]:
    """Each node's labels (``rdfs:label``), read in VALUES blocks of a simple pattern."""
    ordered = sorted(set(nodes))
    labels: dict[str, list[str]] = {}
    for start in range(0, len(ordered), _LABELS_CHUNK):
        values = _many_values("node", ordered[start:start + _LABELS_CHUNK])
        for row in store.select(f"SELECT ?node ?label WHERE {{ {values} ?node rdfs:label ?label }}"):
            labels.setdefault(str(row["node"]), []).append(str(row["label"]))
    return labels


def neighbour_duties(
    store: GraphStore, node: str, known: dict[str, dict[tuple[str, str], int]] | None = None
) -> dict[str, dict[str, int]]:
    """Each neighbour of ``node`` in the network (by a duty or a structure edge) -> role -> its duties.

    ``known``: the duties of its neighbours by a duty, counted already (neighbour -> (its side, role) ->
    duties, see :func:`count_duties`); only the neighbours by a structure edge are then read."""
    # A neighbour reached two ways is counted the same each way: kept once per side and role.
    found: dict[str, dict[tuple[str, str], int]] = {n: dict(c) for n, c in (known or {}).items()}
    for step in _STEPS if known is None else _STRUCTURE_STEPS:
        for side, other in (("agent", "task"), ("task", "agent")):
            text = _NEIGHBOUR_DUTIES.replace("{step}", step).replace("{side}", side).replace("{other}", other)
            for row in store.select(text.replace("{nodes}", _values("node", node))):
                found.setdefault(str(row["n"]), {})[(side, str(row["role"]))] = int(str(row["duties"]))
    counts: dict[str, dict[str, int]] = {}
    for neighbour, by_side in found.items():
        by_role = counts.setdefault(neighbour, {})
        for (_, role), duties in by_side.items():
            by_role[role] = by_role.get(role, 0) + duties
    return counts


def count_duties(rows: Iterable[dict[str, object]]) -> dict[str, dict[tuple[str, str], int]]:
    """From :func:`duties_around` rows: each neighbour by a duty -> (its side, role) -> its duties, as
    :func:`neighbour_duties` counts them (a duty once, whichever way it was read)."""
    seen: set[tuple[str, str, str, str]] = set()
    found: dict[str, dict[tuple[str, str], int]] = {}
    for row in rows:
        agent, task, role, span = str(row["agent"]), str(row["task"]), str(row["role"]), str(row["span"])
        side = "task" if row["via"] == "agent" else "agent"  # the neighbour's side: a unit's tasks, a task's agents
        if (agent, task, role, span) in seen:
            continue
        seen.add((agent, task, role, span))
        by = found.setdefault(agent if side == "agent" else task, {})
        by[(side, role)] = by.get((side, role), 0) + 1
    return found


def network_rows(
    store: GraphStore, documents: Sequence[str] | None = None
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Responsibility and structure rows for the network view, optionally for some documents only."""
    assignments = store.select(_NETWORK_ASSIGNMENTS)
    structure = store.select(_NETWORK_STRUCTURE)
    if documents:
        wanted = set(documents)
        assignments = [r for r in assignments if r["doc"] in wanted]
        structure = [r for r in structure if r["doc"] in wanted]
    return assignments, structure


def document_titles(store: GraphStore) -> dict[str, str]:
    """Document IRI -> title, for every stored document."""
    rows = store.select("SELECT DISTINCT ?doc ?title WHERE { ?doc a dg:Document ; dcterms:title ?title }")
    return {str(r["doc"]): str(r["title"]) for r in rows}
