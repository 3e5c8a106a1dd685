"""Deterministic IRIs: the same document always yields the same names, so re-ingests do not churn.

Units and leaders are shared across the documents of one province (省环保厅 in two
Jiangxi documents is one node; 省环保厅 of Shanxi is another), their own facts held once in the
entities graph; everything else, a document's mentions of them included, lives under its document.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from graph.model.vocab import ID

_BASE = str(ID)
NATIONAL = "cn"  # scope of units and leaders when a document's province is unknown


def _segment(text: str) -> str:
    return quote(text, safe="-_.")


def document_iri(doc_id: str) -> str:
    """The document; also the name of the graph holding its triples."""
    return f"{_BASE}doc/{_segment(doc_id)}"


def problem_iri(doc_id: str, code: str) -> str:
    """A problem (or case) of a document by its dotted code."""
    return f"{document_iri(doc_id)}/problem/{_segment(code)}"


def measure_iri(doc_id: str, code: str) -> str:
    """A measure of a document by its dotted code."""
    return f"{document_iri(doc_id)}/measure/{_segment(code)}"


def unit_iri(province: str | None, name: str) -> str:
    """A unit by its name as written, within its province."""
    return f"{_BASE}unit/{province or NATIONAL}/{_segment(name)}"


def leader_iri(province: str | None, name: str) -> str:
    """A leader by name, within the province; a post without a name is its own holder."""
    return f"{_BASE}leader/{province or NATIONAL}/{_segment(name)}"


def post_holder_iri(province: str | None, post: str) -> str:
    """Whoever holds a post the document names without a person (省监察厅厅长)."""
    return f"{_BASE}post/{province or NATIONAL}/{_segment(post)}"


def region_iri(adcode: str) -> str:
    """An administrative division by its 12-digit code."""
    return f"{_BASE}region/{adcode}"


def group_iri(doc_id: str, key: str) -> str:
    """A leading group set up by a document."""
    return f"{document_iri(doc_id)}/group/{key}"


def span_iri(doc_id: str, start: int, end: int) -> str:
    """A slice of a document's original text."""
    return f"{document_iri(doc_id)}/span/{start}-{end}"


def node_iri(doc_id: str, kind: str, *parts: object) -> str:
    """A node of a document identified by the hash of the facts that make it (assignment, membership…)."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return f"{document_iri(doc_id)}/{kind}/{digest}"


def gazetteer_graph_iri() -> str:
    """The named graph holding the administrative divisions."""
    return f"{_BASE}graph/gazetteer"


def entities_graph_iri() -> str:
    """The named graph holding each unit's and leader's own facts (type, name, region), once for all
    the documents naming it."""
    return f"{_BASE}graph/entities"


def renames_graph_iri() -> str:
    """The named graph relating the names one organisation had before and after a reorganisation."""
    return f"{_BASE}graph/renames"


def unit_scope(unit: str) -> str | None:
    """The province segment of a unit IRI (``None`` for a national unit or another IRI)."""
    prefix = f"{_BASE}unit/"
    if not unit.startswith(prefix):
        return None
    scope = unit[len(prefix) :].split("/", 1)[0]
    return None if scope == NATIONAL else scope


def links_graph_iri(doc_id_or_iri: str) -> str:
    """The named graph holding the links from a report's problems to stored plans' (made by graph.link).

    Apart from the report's own graph, so that it is made again when a plan arrives or is replaced
    without touching the report.
    """
    prefix = document_iri("")
    doc_id = doc_id_or_iri[len(prefix):] if doc_id_or_iri.startswith(prefix) else _segment(doc_id_or_iri)
    return f"{_BASE}graph/links/{doc_id}"


def links_graph_prefix() -> str:
    """What every links graph's IRI starts with."""
    return f"{_BASE}graph/links/"


def link_iri(report: str, source: str, target: str) -> str:
    """The dg:ReportLink from a report's problem to a plan's problem, in the report's links graph."""
    digest = hashlib.sha1(f"{source}\x1f{target}".encode()).hexdigest()[:16]
    return f"{links_graph_iri(report)}/{digest}"


def status_graph_iri() -> str:
    """The named graph holding each linked problem's current status (the latest statement of the
    reports linked to it), made again with the links."""
    return f"{_BASE}graph/status"
