"""The SPARQL 1.1 Protocol side of the endpoint: its limits, what a request asks for, content negotiation,
results serialised under the row cap, and the evaluation a worker runs."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from graph.errors import DutygraphError, QueryError
from graph.sparql.saved import get_saved_query, prepare
from graph.sparql.text import update_operation
from graph.store import GraphStore

_RESULTS = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
}
_RESULT_MEDIA = {
    "application/sparql-results+json": "json", "application/json": "json", "text/javascript": "json",
    "application/javascript": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPHS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
_GRAPH_MEDIA = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "ntriples",
    "text/plain": "ntriples", "application/rdf+xml": "rdfxml", "application/xml": "rdfxml",
    "application/ld+json": "jsonld", "application/json": "jsonld",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
READ_ONLY = "this endpoint is read-only: SPARQL Update and Graph Store writes are refused"
NO_SERVICE = ("SERVICE (federated query) is refused: this endpoint fetches nothing from other hosts; "
              "query those endpoints yourself")


@dataclass(frozen=True)
class EndpointConfig:
    """Where the store is, where to listen, and the limits that keep one query from harming the rest."""

    store: str
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0  # seconds a query may run
    max_rows: int = 100_000  # rows of a SELECT, triples of a CONSTRUCT
    workers: int = 2  # queries evaluated at the same time, one process each
    max_body: int = 1_000_000  # bytes of a POST body


@dataclass(frozen=True)
class Work:
    """A query for a worker: SPARQL text, or a saved query's name with its raw parameter values."""

    sparql: str = ""
    saved: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    accept: str = ""
    fmt: str = ""
    max_rows: int = 100_000


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes

    @staticmethod
    def error(status: int, message: str) -> Answer:
        """A plain-text error message (SPARQL Protocol clients show the body)."""
        return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))



def _accepted(accept: str) -> list[str]:
    """Media types of an Accept header, best first (by q, then by order)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, index, pieces[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str, fmt: str, graph: bool) -> str:
    """The format key to answer with: a ``format=`` parameter wins, then the Accept header."""
    keys, media = (_GRAPHS, _GRAPH_MEDIA) if graph else (_RESULTS, _RESULT_MEDIA)
    wanted = fmt.strip().lower()
    if wanted:
        aliases = {"nt": "ntriples", "n-triples": "ntriples", "ttl": "turtle", "rdf": "rdfxml", "json-ld": "jsonld"}
        wanted = aliases.get(wanted, wanted)
        if wanted in keys:
            return wanted
        if wanted in media:
            return media[wanted]
        raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(keys)}")
    for candidate in _accepted(accept):
        if candidate in media:
            return media[candidate]
    return "turtle" if graph else "json"


def _term_json(term: object) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise QueryError(f"cannot serialise {term!r}")


def _capped(items: Iterable[Any], cap: int, what: str) -> list[Any]:
    taken = list(itertools.islice(items, cap + 1))
    if len(taken) > cap:
        raise ResultTooLarge(f"the result has more than {cap} {what} (this endpoint's cap): add a LIMIT, "
                             "or narrow the query")
    return taken


class ResultTooLarge(QueryError):
    """A result over the row cap."""


def serialise(result: object, accept: str, fmt: str, max_rows: int) -> Answer:
    """A query result as the negotiated format, refused if it is over ``max_rows``."""
    if isinstance(result, ox.QueryTriples):
        key = negotiate(accept, fmt, graph=True)
        triples = _capped(result, max_rows, "triples")
        rdf_format, media = _GRAPHS[key]
        return Answer(200, media, ox.serialize(triples, format=rdf_format) or b"")
    key = negotiate(accept, fmt, graph=False)
    results_format, media = _RESULTS[key]
    if isinstance(result, ox.QueryBoolean):
        return Answer(200, media, result.serialize(format=results_format) or b"")
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("unsupported query result")
    names = [v.value for v in result.variables]
    rows = _capped(result, max_rows, "rows")
    # The solutions are counted before they are written, so they are written as SPARQL JSON here
    # (json.dumps escapes every string) and pyoxigraph turns that into the other formats.
    document = {
        "head": {"vars": names},
        "results": {"bindings": [
            {name: _term_json(row[name]) for name in names if row[name] is not None} for row in rows
        ]},
    }
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    if key != "json":
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(parsed, ox.QuerySolutions):
            raise QueryError("unsupported query result")
        body = parsed.serialize(format=results_format) or b""
    return Answer(200, media, body)


def is_update(sparql: str) -> bool:
    """Tell whether a request text is a SPARQL Update rather than a query."""
    return update_operation(sparql) is not None


def evaluate(store: GraphStore, work: Work) -> Answer:
    """Run one query against the store and serialise the answer (what a worker does)."""
    try:
        if work.saved:
            result = store.query(*prepare(store, get_saved_query(work.saved), work.params))
        else:
            result = store.query(work.sparql)
        return serialise(result, work.accept, work.fmt, work.max_rows)
    except DutygraphError as exc:
        return Answer.error(400, str(exc))
