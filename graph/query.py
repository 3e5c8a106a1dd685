"""SPARQL -> rows: ad-hoc queries, who-owns, statistics and exports, with output formats."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryError
from graph.extract.numerals import reference_code
from graph.store import GraphStore, python_value

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class Table:
    """Rows with named columns, the common shape of every read command's output."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def dicts(self) -> list[dict[str, object]]:
        """Rows as dicts keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def run_query(store: GraphStore, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> Table:
    """Run a SELECT (rows), ASK (one row ``result``) or CONSTRUCT (subject/predicate/object rows)."""
    result = store.query(sparql, bindings)
    if isinstance(result, ox.QueryBoolean):
        return Table(("result",), ((bool(result),),))
    if isinstance(result, ox.QueryTriples):
        return Table(("subject", "predicate", "object"),
                     tuple((str(t.subject), str(t.predicate), str(t.object)) for t in result))
    if isinstance(result, ox.QuerySolutions):
        names = tuple(v.value for v in result.variables)
        values = tuple(tuple(python_value(solution[name]) for name in names) for solution in result)
        return Table(names, values)
    raise QueryError("unsupported query result")


def format_table(table: Table, fmt: str) -> str:
    """Render a table as an aligned text table, CSV or JSON."""
    if fmt == "json":
        return json.dumps(table.dicts(), ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(["" if v is None else v for v in row] for row in table.rows)
        return buffer.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return _text_table(table)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: object, limit: int = 60) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    if _width(text) > limit:
        while _width(text) > limit - 1:
            text = text[:-1]
        text += "…"
    return text


def _text_table(table: Table) -> str:
    cells = [[_cell(c) for c in table.columns]] + [[_cell(v) for v in row] for row in table.rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(table.columns))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


_RESPONSIBILITIES = """
SELECT ?document ?title ?issueCode ?measureCode ?unit ?role ?quote ?line WHERE {
  ?a a dg:Assignment ; dg:agent ?agent ; dg:task ?task ; dg:role ?roleTerm ; dg:evidence ?span .
  ?agent rdfs:label ?unit .
  ?span dg:quote ?quote ; dg:document ?document .
  OPTIONAL { ?span dg:line ?line }
  ?document dg:sourceFile ?title .
  { ?task a dg:Measure ; dg:code ?measureCode ; dg:ofIssue/dg:code ?issueCode }
  UNION
  { ?task a dg:Issue ; dg:code ?issueCode . BIND("" AS ?measureCode) }
  BIND(STRAFTER(STR(?roleTerm), "#") AS ?role)
}
ORDER BY ?document ?issueCode ?measureCode ?role ?unit
"""


def responsibilities(store: GraphStore) -> Table:
    """One row per responsibility: document, issue code, measure code, unit, role, quote."""
    rows = _distinct(store.select(_RESPONSIBILITIES))
    columns = ("document", "title", "issue", "measure", "unit", "role", "quote", "line")
    keys = ("document", "title", "issueCode", "measureCode", "unit", "role", "quote", "line")
    return Table(columns, tuple(tuple(r[k] for k in keys) for r in rows))


def _distinct(rows: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    # The union default graph repeats a triple once per document graph that holds it.
    seen: dict[tuple[object, ...], dict[str, object]] = {}
    for row in rows:
        seen.setdefault(tuple(row.values()), row)
    return list(seen.values())


_FIND_ISSUES = """
SELECT DISTINCT ?issue ?code ?label ?document WHERE {
  ?issue a dg:Issue ; dg:code ?code ; rdfs:label ?label ; dg:inDocument ?document .
}
"""

def find_issues(store: GraphStore, reference: str) -> list[dict[str, object]]:
    """Issues matching a code ("3", "6.2", or Chinese "三") or words of their text."""
    rows = store.select(_FIND_ISSUES)
    code = reference_code(reference)
    if code is not None:
        exact = [r for r in rows if r["code"] == code]
        if exact:
            return exact
    words = [w for w in re.split(r"\s+", reference.strip()) if w]
    return [r for r in rows if words and all(w in str(r["label"]) for w in words)]


_STATS = {
    "documents": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Document }",
    "issues": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a dg:Issue . FILTER NOT EXISTS { ?x a dg:Case } }",
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
    """Counts of documents, issues, measures, units, leaders and assignments by role."""
    rows: list[tuple[object, ...]] = []
    for name, sparql in _STATS.items():
        rows.append((name, store.select(sparql)[0]["n"]))
    for row in store.select(_ROLES):
        rows.append((f"assignments: {row['role']}", row["n"]))
    if quads is not None:
        rows.append(("quads", quads))
    return Table(("what", "count"), tuple(rows))


def export_bytes(store: GraphStore, fmt: str) -> bytes:
    """The whole store as Turtle (all graphs merged), N-Quads, JSON-LD (graphs kept) or CSV."""
    if fmt == "nq":
        return store.dump_nquads()
    if fmt == "csv":
        return format_table(responsibilities(store), "csv").encode("utf-8")
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump_nquads().decode("utf-8"), format="nquads")
    if fmt == "ttl":
        merged = rdflib.Graph()
        for prefix, namespace in _prefixes().items():
            merged.bind(prefix, namespace)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged.serialize(format="turtle").encode("utf-8")
    if fmt == "jsonld":
        return dataset.serialize(format="json-ld", context=_prefixes(), indent=1).encode("utf-8")
    raise QueryError(f"unknown export format {fmt!r}: use ttl, nq, jsonld or csv")


def _prefixes() -> dict[str, Any]:
    from graph.store import PREFIXES

    return dict(PREFIXES)


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
  BIND(IF(EXISTS { ?task a dg:Measure }, "Measure", IF(EXISTS { ?task a dg:Case }, "Case", "Issue")) AS ?taskType)
  BIND(STRAFTER(STR(?roleTerm), "#") AS ?role)
}
"""

_NETWORK_STRUCTURE = """
SELECT DISTINCT ?source ?sourceLabel ?sourceType ?sourceCode ?sourceText ?target ?targetLabel ?targetType
                ?targetCode ?relation ?doc WHERE {
  {
    ?source dg:ofIssue ?target ; dg:inDocument ?doc . BIND("ofIssue" AS ?relation)
    BIND("Measure" AS ?sourceType) BIND("Issue" AS ?targetType)
  } UNION {
    ?source dg:subIssueOf ?target ; dg:inDocument ?doc . BIND("subIssueOf" AS ?relation)
    BIND("Issue" AS ?sourceType) BIND("Issue" AS ?targetType)
  } UNION {
    ?source dg:concerns ?target ; dg:inDocument ?doc . BIND("concerns" AS ?relation)
    BIND(IF(EXISTS { ?source a dg:Case }, "Case", "Issue") AS ?sourceType) BIND("Region" AS ?targetType)
  } UNION {
    GRAPH ?doc { ?source dg:jurisdiction ?target } BIND("jurisdiction" AS ?relation)
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


def resolve_documents(store: GraphStore, reference: str) -> list[str]:
    """Documents whose IRI, file name or title contains ``reference``."""
    rows = store.select(
        "SELECT DISTINCT ?doc ?title ?file WHERE {"
        " ?doc a dg:Document ; dcterms:title ?title ; dg:sourceFile ?file }"
    )
    return [str(r["doc"]) for r in rows if any(reference in str(r[k]) for k in ("doc", "title", "file"))]
