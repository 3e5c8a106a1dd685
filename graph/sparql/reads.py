"""The fixed reads behind the commands: statistics, document titles, and the rows the network is built from."""

from __future__ import annotations

from collections.abc import Sequence

from graph.sparql.run import Table
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
