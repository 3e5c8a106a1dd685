"""Renamed units: the table of reorganisations (data) and the quads relating the old and new names.

The table lives in ``data/lexicon/renames.tsv``. For every unit a document names whose name is an
old or a new name of the table, the renames graph gets ``old dg:renamedTo new`` and the label of
the counterpart, so that queries can follow one organisation across documents of different years.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from graph.core.lexicon import table_rows
from graph.model import iris
from graph.model.vocab import DG, RDF, RDFS

_LABEL = NamedNode(str(RDFS.label))
_TYPE = NamedNode(str(RDF.type))
_UNIT = NamedNode(str(DG) + "Unit")
_RENAMED_TO = NamedNode(str(DG) + "renamedTo")


@dataclass(frozen=True)
class Rename:
    """One row of the table: a unit name before and after a reorganisation."""

    old: str
    new: str
    year: int
    note: str


@functools.cache
def load_renames() -> tuple[Rename, ...]:
    """The rows of ``data/lexicon/renames.tsv``."""
    rows = table_rows("renames", "old<TAB>new<TAB>year<TAB>what happened")
    return tuple(Rename(old, new, int(year or 0), note) for old, new, year, note in rows)


def renamed_pairs(name: str, renames: Iterable[Rename] | None = None) -> list[tuple[str, str]]:
    """The ``(old, new)`` name pairs a unit name takes part in, e.g. 南昌市环保局 -> 南昌市生态环境局.

    A name matches a row when it is the row's name or that name with a region in front of it
    (江西省环保厅 ends with 省环保厅); the counterpart keeps the same prefix.
    """
    pairs: list[tuple[str, str]] = []
    for row in load_renames() if renames is None else renames:
        for mine, other, is_old in ((row.old, row.new, True), (row.new, row.old, False)):
            if name.endswith(mine):
                prefix = name[: len(name) - len(mine)]
                counterpart = prefix + other
                pair = (name, counterpart) if is_old else (counterpart, name)
                if pair not in pairs:
                    pairs.append(pair)
    return pairs


def renames_to_quads(units: Iterable[tuple[str, str]]) -> Iterator[Quad]:
    """Quads of the renames graph for units given as ``(unit IRI, name)``."""
    graph = NamedNode(iris.renames_graph_iri())
    for unit, name in units:
        scope = iris.unit_scope(unit)
        for old, new in renamed_pairs(name):
            old_node = NamedNode(iris.unit_iri(scope, old))
            new_node = NamedNode(iris.unit_iri(scope, new))
            yield Quad(old_node, _RENAMED_TO, new_node, graph)
            counterpart, label = (new_node, new) if old == name else (old_node, old)
            yield Quad(counterpart, _LABEL, Literal(label), graph)


def units_in(quads: Iterable[Quad]) -> list[tuple[str, str]]:
    """``(unit IRI, name)`` of every unit typed and labelled in ``quads``."""
    typed: set[str] = set()
    labels: dict[str, str] = {}
    for q in quads:
        if q.predicate == _TYPE and q.object == _UNIT and isinstance(q.subject, NamedNode):
            typed.add(q.subject.value)
        elif q.predicate == _LABEL and isinstance(q.object, Literal) and isinstance(q.subject, NamedNode):
            labels.setdefault(q.subject.value, q.object.value)
    return [(unit, labels[unit]) for unit in sorted(typed) if unit in labels]
