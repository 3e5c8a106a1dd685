"""SPARQL -> rows: run a query over a store and get a :class:`Table`, the shape every read command prints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import QueryError
from graph.store import GraphStore, python_value


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
