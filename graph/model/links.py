"""Links from a report's problems to a stored plan's problems -> quads.

The links are not extracted from one document: :mod:`graph.link` finds them in the store (a
report's dg:TaskReference against the plans stored for the same place and round) and this module
writes them, each a plain ``dg:reportsOn`` edge for queries and views and a ``dg:ReportLink`` node
with its proof (the reference, its span, how it was made), in the report's links graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from graph.model import iris
from graph.model.mapping import dg
from graph.model.vocab import RDF, XSD

_TYPE = NamedNode(str(RDF.type))


@dataclass(frozen=True)
class ReportLink:
    """A report's problem linked to a plan's problem, with what proves it."""

    source: str  # IRI of the report's problem
    target: str  # IRI of the plan's problem
    report: str  # IRI of the report (its document graph)
    plan: str  # IRI of the plan
    reference: str | None  # IRI of the dg:TaskReference an explicit link was made from
    evidence: str  # IRI of the reference's dg:Span, or of the report problem's wording for a text match
    method: str = "ExplicitReference"  # or TextMatch
    score: float | None = None  # a text match's score (graph.extract.matching.problem_similarity)


def links_to_quads(report: str, links: Sequence[ReportLink]) -> list[Quad]:
    """The quads of ``report``'s links graph: one dg:reportsOn and one dg:ReportLink per link."""
    graph = NamedNode(iris.links_graph_iri(report))
    quads: list[Quad] = []
    for link in links:
        source, target = NamedNode(link.source), NamedNode(link.target)
        node = NamedNode(iris.link_iri(report, link.source, link.target))
        quads += [
            Quad(source, dg("reportsOn"), target, graph),
            Quad(node, _TYPE, dg("ReportLink"), graph),
            Quad(node, dg("linkSource"), source, graph),
            Quad(node, dg("linkTarget"), target, graph),
            Quad(node, dg("linkMethod"), dg(link.method), graph),
            Quad(node, dg("evidence"), NamedNode(link.evidence), graph),
            Quad(NamedNode(link.report), dg("answersTo"), NamedNode(link.plan), graph),
        ]
        if link.reference is not None:
            quads.append(Quad(node, dg("linkReference"), NamedNode(link.reference), graph))
        if link.score is not None:
            score = Literal(f"{link.score:.3f}", datatype=NamedNode(str(XSD.decimal)))
            quads.append(Quad(node, dg("matchScore"), score, graph))
    return list(dict.fromkeys(quads))


@dataclass(frozen=True)
class CurrentStatus:
    """A problem's latest status statement: what it says, which problem states it, and when."""

    task: str  # IRI of the plan's problem
    status: str  # local name of the dg:ProgressStatus: Completed, InProgress …
    source: str  # IRI of the problem whose status statement it is (the report's, or the task itself)
    issued: date | None = None  # the stating document's date


def statuses_to_quads(statuses: Sequence[CurrentStatus]) -> list[Quad]:
    """The quads of the status graph: each problem's dg:currentStatus, its source and its date."""
    graph = NamedNode(iris.status_graph_iri())
    quads: list[Quad] = []
    for current in statuses:
        task = NamedNode(current.task)
        quads.append(Quad(task, dg("currentStatus"), dg(current.status), graph))
        quads.append(Quad(task, dg("currentStatusSource"), NamedNode(current.source), graph))
        if current.issued:
            quads.append(Quad(task, dg("currentStatusDate"),
                              Literal(current.issued.isoformat(), datatype=NamedNode(str(XSD.date))), graph))
    return quads
