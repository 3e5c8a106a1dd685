"""Saved queries: ``ontology/queries/*.rq``, each with its name, description and parameters.

A file starts with a header of comments::

    # name: unit-duties
    # description: Everything a unit leads, supports or is responsible for, across documents.
    # param: unit  unit  a unit's name (a short form, an alias, a former or later name) or its IRI

A parameter line gives the variable, its kind and a description; a description that starts with
``(optional)`` makes the parameter optional.  A line of the query that ends in ``# if NAME`` is kept
only when NAME is bound (a scope: ``?document dg:province ?province .  # if province``), so that an
unbound optional parameter widens the query instead of leaving a free variable in a pattern the
planner would start from.  Values are bound as RDF terms
(a VALUES block serialised by pyoxigraph, see :func:`graph.sparql.text.bind_values`), never spliced
into the query text as typed: a name is first resolved
to the IRI of what it names (see :mod:`graph.resolve`), a date becomes an ``xsd:date`` literal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from graph.errors import QueryError
from graph.resolve import TASK_KINDS, Kind, resolve_one
from graph.resources import asset_path
from graph.sparql.run import Table, run_query
from graph.store import GraphStore


class ParamKind(StrEnum):
    """What a parameter takes: a name resolved to what it names (unit, leader, region, task), a date or text."""

    UNIT = "unit"
    LEADER = "leader"
    REGION = "region"
    TASK = "task"  # a problem, case or measure, by code or words
    DATE = "date"
    TEXT = "text"

    def kinds(self) -> tuple[Kind, ...]:
        """The kinds of thing a name given for this parameter may stand for."""
        return TASK_KINDS if self is ParamKind.TASK else (Kind(self.value),)


PARAM_KINDS = tuple(ParamKind)
_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_HEADER = re.compile(r"#\s*(name|description|param):\s*(.*)")
_PARAM = re.compile(r"(\w+)\s+(\w+)\s+(.+)")
_IF_BOUND = re.compile(r"#\s*if\s+(\w+)\s*$")


@dataclass(frozen=True)
class Param:
    """A parameter of a saved query: the variable it binds, its kind and what it means."""

    name: str
    kind: ParamKind
    description: str

    @property
    def optional(self) -> bool:
        """Whether the query runs without it (its description starts with ``(optional)``)."""
        return self.description.startswith("(optional)")


@dataclass(frozen=True)
class SavedQuery:
    """A saved query read from its .rq file."""

    name: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    path: Path

    def text(self, bound: Iterable[str] = ()) -> str:
        """The query text for these bound parameters: lines ending in ``# if NAME`` dropped for
        each NAME not bound."""
        names = set(bound)
        lines = [line for line in self.sparql.splitlines(keepends=True)
                 if (m := _IF_BOUND.search(line)) is None or m.group(1) in names]
        return "".join(lines)


def parse_saved_query(text: str, path: Path) -> SavedQuery:
    """Read the header comments and the query of one .rq file."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            p = _PARAM.fullmatch(value)
            if not p or p.group(2) not in PARAM_KINDS:
                raise QueryError(f"{path}: bad parameter line {line!r}: write '# param: NAME KIND description' "
                                 f"with KIND one of {', '.join(PARAM_KINDS)}")
            params.append(Param(p.group(1), ParamKind(p.group(2)), p.group(3).strip()))
        else:
            fields[key] = value
    name = fields.get("name") or path.stem
    if "description" not in fields:
        raise QueryError(f"{path}: the header has no '# description:' line")
    return SavedQuery(name, fields["description"], tuple(params), text, path)


@functools.cache
def _load(directory: Path) -> dict[str, SavedQuery]:
    queries: dict[str, SavedQuery] = {}
    for path in sorted(directory.glob("*.rq")):
        query = parse_saved_query(path.read_text(encoding="utf-8"), path)
        queries[query.name] = query
    return queries


def saved_queries(directory: Path | None = None) -> dict[str, SavedQuery]:
    """Every saved query by name (``ontology/queries`` unless another directory is given)."""
    return dict(_load(directory or asset_path("ontology", "queries")))


def get_saved_query(name: str) -> SavedQuery:
    """The saved query called ``name``."""
    queries = saved_queries()
    if name not in queries:
        raise QueryError(f"no saved query called {name!r}: `dutygraph queries` lists them ({', '.join(queries)})")
    return queries[name]


def listing() -> Table:
    """The saved queries as a table: name, parameters, description."""
    rows = tuple(
        (q.name, " ".join(f"[{p.name}={p.kind.upper()}]" if p.optional else f"{p.name}={p.kind.upper()}"
                          for p in q.params), q.description)
        for q in saved_queries().values()
    )
    return Table(("name", "params", "description"), rows)


def bind_params(
    store: GraphStore, query: SavedQuery, values: Mapping[str, str]
) -> dict[str, ox.NamedNode | ox.Literal]:
    """Resolve each parameter value to the RDF term it stands for; every parameter not marked
    optional is required."""
    known = {p.name: p for p in query.params}
    # An optional parameter left empty (a blank field of the query page) is not bound.
    values = {k: v for k, v in values.items() if not (k in known and known[k].optional and not v.strip())}
    unknown = sorted(set(values) - set(known))
    if unknown:
        expected = ", ".join(known) or "none"
        raise QueryError(f"{query.name} has no parameter {', '.join(unknown)} (its parameters: {expected})")
    missing = [p.name for p in query.params if p.name not in values and not p.optional]
    if missing:
        hints = "; ".join(f"{p.name}: {p.description}" for p in query.params if p.name in missing)
        raise QueryError(f"{query.name} needs --param {'=… --param '.join(missing)}=… ({hints})")
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, raw in values.items():
        bindings[name] = _term(store, known[name], raw)
    return bindings


def _term(store: GraphStore, param: Param, raw: str) -> ox.NamedNode | ox.Literal:
    if param.kind is ParamKind.DATE:
        try:
            return ox.Literal(date.fromisoformat(raw.strip()).isoformat(), datatype=_XSD_DATE)
        except ValueError as exc:
            raise QueryError(f"{param.name}: {raw!r} is not a date (write YYYY-MM-DD)") from exc
    if param.kind is ParamKind.TEXT:
        return ox.Literal(raw)
    return ox.NamedNode(resolve_one(store, raw, param.kind.kinds()).iri)


def prepare(store: GraphStore, query: SavedQuery,
            values: Mapping[str, str]) -> tuple[str, dict[str, ox.NamedNode | ox.Literal]]:
    """The text to run and its bindings: parameters resolved, scope lines of unbound ones dropped."""
    bindings = bind_params(store, query, values)
    return query.text(bindings), bindings


def run_saved(store: GraphStore, name: str, values: Mapping[str, str] | None = None) -> Table:
    """Run the saved query ``name`` with its parameters (names, codes or IRIs) bound as RDF terms."""
    return run_query(store, *prepare(store, get_saved_query(name), values or {}))
