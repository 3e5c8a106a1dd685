"""The whole store written out: Turtle (graphs merged), N-Quads and JSON-LD (graphs kept), or CSV with
one row per responsibility."""

from __future__ import annotations

from collections.abc import Sequence

from graph.errors import QueryError
from graph.render.tables import format_table
from graph.sparql.run import Table
from graph.sparql.text import PREFIXES
from graph.store import GraphStore

EXPORT_FORMATS = ("ttl", "nq", "jsonld", "csv")


_RESPONSIBILITIES = """
SELECT ?document ?title ?problemCode ?measureCode ?unit ?role ?quote ?line WHERE {
  ?a a dg:Assignment ; dg:agent ?agent ; dg:task ?task ; dg:role ?roleTerm ; dg:evidence ?span .
  ?agent rdfs:label ?unit .
  ?span dg:quote ?quote ; dg:document ?document .
  OPTIONAL { ?span dg:line ?line }
  ?document dg:sourceFile ?title .
  { ?task a dg:Measure ; dg:code ?measureCode ; dg:ofProblem/dg:code ?problemCode }
  UNION
  { ?task a dg:Problem ; dg:code ?problemCode . BIND("" AS ?measureCode) }
  BIND(STRAFTER(STR(?roleTerm), "#") AS ?role)
}
ORDER BY ?document ?problemCode ?measureCode ?role ?unit
"""


def responsibilities(store: GraphStore) -> Table:
    """One row per responsibility: document, problem code, measure code, unit, role, quote."""
    rows = _distinct(store.select(_RESPONSIBILITIES))
    columns = ("document", "title", "problem", "measure", "unit", "role", "quote", "line")
    keys = ("document", "title", "problemCode", "measureCode", "unit", "role", "quote", "line")
    return Table(columns, tuple(tuple(r[k] for k in keys) for r in rows))


def _distinct(rows: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    # The union default graph repeats a triple once per document graph that holds it.
    seen: dict[tuple[object, ...], dict[str, object]] = {}
    for row in rows:
        seen.setdefault(tuple(row.values()), row)
    return list(seen.values())


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
        for prefix, namespace in PREFIXES.items():
            merged.bind(prefix, namespace)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged.serialize(format="turtle").encode("utf-8")
    if fmt == "jsonld":
        return dataset.serialize(format="json-ld", context=dict(PREFIXES), indent=1).encode("utf-8")
    raise QueryError(f"unknown export format {fmt!r}: use ttl, nq, jsonld or csv")
