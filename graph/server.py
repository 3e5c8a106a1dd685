"""A read-only SPARQL 1.1 Protocol endpoint over the store, with a query page listing the saved queries.

* ``/sparql``: GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=``) or
  ``application/sparql-query``; SELECT and ASK results as JSON, XML, CSV or TSV, CONSTRUCT and
  DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD, by content negotiation (``Accept``, or a
  ``format=`` parameter). Any update (``update=``, ``application/sparql-update``, an update sent
  as a query) is refused with 403, and so is a federated query (``SERVICE``: the server would fetch
  another URL for the client); any other method, and POST anywhere but ``/sparql``, with 405.
* ``/queries`` lists the saved queries as JSON; ``/queries/NAME?param=value`` runs one, its
  parameters resolved and bound as RDF terms exactly as ``dutygraph query NAME --param`` does.
* ``/`` is a query page whose script and style are served from ``/static/`` (no other host).

Every query runs in a worker process that holds the store open read-only. pyoxigraph releases
the GIL while it evaluates, but offers no way to stop a running query, so a query that overruns
the timeout is stopped by killing its worker, which is then replaced: one bad query costs one
worker for ``timeout`` seconds and never the server. A result over the row cap is refused, not
cut short, so nobody reads a partial answer as the whole one.

The HTTP side is a plain WSGI application served by waitress (a pure-Python, multi-threaded
server with no dependencies of its own).
"""

from __future__ import annotations

import html
import itertools
import json
import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox

from graph.endpoint import calls_service, update_operation
from graph.errors import DutygraphError, QueryError, StoreError
from graph.saved import get_saved_query, prepare, saved_queries
from graph.store import GraphStore, open_store

STATIC = Path(__file__).resolve().parent / "server_assets"
_STATIC_FILES = {"query.js": "text/javascript; charset=utf-8", "query.css": "text/css; charset=utf-8"}

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
_START_TIMEOUT = 120
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


# ---------------------------------------------------------------------------------------------
# Content negotiation and serialisation (run inside the workers)


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


def _worker_main(conn: Connection, store_path: str) -> None:
    """A worker process: open the store read-only once, then answer queries until told to stop."""
    store: GraphStore | None = None
    failure = ""
    try:
        store = open_store(store_path, read_only=True)
    except StoreError as exc:
        failure = str(exc)
    conn.send("ready")
    while True:
        try:
            work = conn.recv()
        except EOFError:
            return
        if work is None:
            return
        if store is None:
            answer = Answer.error(500, failure)
        else:
            try:
                answer = evaluate(store, work)
            except Exception as exc:  # a worker must answer whatever happens, or the request would hang
                answer = Answer.error(500, f"the query failed: {exc}")
        conn.send(answer)


# ---------------------------------------------------------------------------------------------
# The worker pool


class _Worker:
    def __init__(self, context: Any, store_path: str) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(target=_worker_main, args=(child, store_path), daemon=True)
        self.process.start()
        child.close()
        # Wait until the worker has imported everything and opened the store, so that start-up
        # time is never counted against a query's timeout.
        if not self.conn.poll(_START_TIMEOUT) or self.conn.recv() != "ready":
            self.kill()
            raise StoreError(f"a query worker did not start within {_START_TIMEOUT} s")

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(2)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class QueryPool:
    """Worker processes holding the store read-only; one that overruns its deadline is replaced."""

    def __init__(self, store_path: str, size: int, timeout: float) -> None:
        # spawn, not fork: the HTTP server runs threads, and forking a threaded process is unsafe.
        self._context = multiprocessing.get_context("spawn")
        self._store_path = store_path
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self._store_path)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, work: Work) -> Answer:
        """Evaluate ``work`` in a worker within the timeout, or answer 503."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.error(503, f"every query worker stayed busy for {self.timeout:g} s: try again later")
        try:
            worker.conn.send(work)
            if worker.conn.poll(self.timeout):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (OSError, EOFError):
            pass
        # Overran (or died): stop it the only way a running Oxigraph query can be stopped.
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        self._add()
        return Answer.error(503, f"the query ran longer than this endpoint's limit of {self.timeout:g} s and was "
                                 "stopped: narrow it or add a LIMIT")

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()


# ---------------------------------------------------------------------------------------------
# The WSGI application

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            413: "Content Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error",
            503: "Service Unavailable"}


class Endpoint:
    """The WSGI application: routes requests, refuses writes, hands queries to the pool."""

    def __init__(self, config: EndpointConfig, pool: QueryPool | None = None) -> None:
        self.config = config
        self.pool = pool or QueryPool(config.store, config.workers, config.timeout)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        answer = self.route(environ)
        headers = [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body))),
                   ("X-Content-Type-Options", "nosniff"), ("Vary", "Accept")]
        if answer.status == 405:
            headers.append(("Allow", "GET, HEAD, POST" if environ.get("PATH_INFO") == "/sparql" else "GET, HEAD"))
        start_response(f"{answer.status} {_REASONS.get(answer.status, '')}", headers)
        return [answer.body]

    def route(self, environ: Mapping[str, Any]) -> Answer:
        """The answer to one request."""
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = str(environ.get("PATH_INFO", "/"))
        if method not in ("GET", "POST", "HEAD"):
            return Answer.error(405, READ_ONLY)
        if method == "POST" and path != "/sparql":
            # A Graph Store Protocol POST (to /, /data, /store?graph=…) is a write wherever it is sent.
            return Answer.error(405, READ_ONLY)
        if path in ("/", "/index.html"):
            return Answer(200, "text/html; charset=utf-8", query_page().encode("utf-8"))
        if path.startswith("/static/"):
            return _static(path[len("/static/"):])
        if path == "/queries":
            return Answer(200, "application/json", json.dumps(_query_list(), ensure_ascii=False).encode("utf-8"))
        if path.startswith("/queries/"):
            return self._saved(path[len("/queries/"):], environ)
        if path == "/sparql":
            return self._sparql(method, environ)
        return Answer.error(404, f"nothing at {path}: the endpoint is /sparql, the query page /")

    def _sparql(self, method: str, environ: Mapping[str, Any]) -> Answer:
        params = parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
        sparql = ""
        if method == "POST":
            if "graph" in params or "default" in params:
                return Answer.error(403, READ_ONLY)  # the Graph Store Protocol's POST to a graph
            media = str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
            body = _read_body(environ, self.config.max_body)
            if isinstance(body, Answer):
                return body
            if media == "application/sparql-update":
                return Answer.error(403, READ_ONLY)
            if media == "application/sparql-query":
                sparql = body.decode("utf-8", errors="replace")
            elif media in ("application/x-www-form-urlencoded", ""):
                for key, values in parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            else:
                return Answer.error(415, f"cannot read a {media} body: send application/sparql-query or a form")
        if "update" in params:
            return Answer.error(403, READ_ONLY)
        if not sparql:
            sparql = (params.get("query") or [""])[0]
        if not sparql.strip():
            return Answer.error(400, "no query: send query=… (GET or a POST form) or an application/sparql-query body")
        if is_update(sparql):
            return Answer.error(403, READ_ONLY)
        if calls_service(sparql):
            # pyoxigraph would send the request (to any host, loopback included) and cannot be told not to.
            return Answer.error(403, NO_SERVICE)
        for unsupported in ("default-graph-uri", "named-graph-uri"):
            if params.get(unsupported):
                return Answer.error(400, f"{unsupported} is not supported: the default graph is the union of every "
                                         "document graph; use FROM or GRAPH in the query")
        work = Work(sparql=sparql, accept=str(environ.get("HTTP_ACCEPT", "")),
                    fmt=_first(params, "format", "output"), max_rows=self.config.max_rows)
        return self.pool.run(work)

    def _saved(self, name: str, environ: Mapping[str, Any]) -> Answer:
        if name not in saved_queries():
            return Answer.error(404, f"no saved query called {name!r}: /queries lists them")
        params = parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
        fmt = _first(params, "format", "output")
        values = {k: v[0] for k, v in params.items() if k not in ("format", "output")}
        work = Work(saved=name, params=values, accept=str(environ.get("HTTP_ACCEPT", "")), fmt=fmt,
                    max_rows=self.config.max_rows)
        return self.pool.run(work)

    def close(self) -> None:
        """Stop the workers."""
        self.pool.close()


def _first(params: Mapping[str, list[str]], *keys: str) -> str:
    for key in keys:
        if params.get(key):
            return params[key][0]
    return ""


def _read_body(environ: Mapping[str, Any], limit: int) -> bytes | Answer:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return Answer.error(400, "bad Content-Length")
    if length > limit:
        return Answer.error(413, f"the request body is over {limit} bytes")
    stream = environ.get("wsgi.input")
    data: bytes = stream.read(length) if stream is not None and length else b""
    return data


def _static(name: str) -> Answer:
    # Only the named files, never a path built from the request; and a listed file that has become a
    # link to somewhere else (a checkout or package tampered with) is not followed out of the assets.
    if name not in _STATIC_FILES:
        return Answer.error(404, f"no static file {name!r}")
    path = (STATIC / name).resolve()
    if not path.is_relative_to(STATIC.resolve()) or not path.is_file():
        return Answer.error(404, f"no static file {name!r}")
    return Answer(200, _STATIC_FILES[name], path.read_bytes())


def _query_list() -> list[dict[str, Any]]:
    return [
        {"name": q.name, "description": q.description, "sparql": q.sparql,
         "params": [{"name": p.name, "kind": p.kind, "description": p.description, "optional": p.optional}
                    for p in q.params]}
        for q in saved_queries().values()
    ]


def query_page() -> str:
    """The query page: a form, the saved queries (listed in the HTML itself) and a local script."""
    items = "\n".join(
        f'<li><a href="#" data-query="{html.escape(q.name)}"><code>{html.escape(q.name)}</code></a>'
        f'{"".join(f" <var>{html.escape(p.name)}</var>" for p in q.params)} — {html.escape(q.description)}</li>'
        for q in saved_queries().values()
    )
    return _PAGE.replace("{{queries}}", items)


_PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>dutygraph SPARQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/query.css">
<script src="/static/query.js" defer></script>
</head>
<body>
<h1>dutygraph · SPARQL</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST; JSON, XML, CSV or TSV by
<code>Accept</code>). Prefixes <code>dg:</code>, <code>rdfs:</code>, <code>dcterms:</code>… are predefined.</p>
<section id="saved">
<h2>Saved queries</h2>
<ul id="saved-list">
{{queries}}
</ul>
<div id="params"></div>
</section>
<form id="query-form" method="get" action="/sparql">
<textarea id="query" name="query" rows="14" spellcheck="false">SELECT ?unit (COUNT(DISTINCT ?m) AS ?leads) WHERE {
  ?u dg:leads ?m ; rdfs:label ?unit
} GROUP BY ?unit ORDER BY DESC(?leads) LIMIT 20</textarea>
<p><button type="submit">Run</button> <select id="format" name="format">
<option value="json">table</option><option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="xml">XML</option></select> <span id="status"></span></p>
</form>
<div id="results"></div>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------
# Serving


class RunningEndpoint:
    """An endpoint served by waitress in a background thread (for tests and embedding)."""

    def __init__(self, config: EndpointConfig) -> None:
        from waitress.server import create_server

        self.app = Endpoint(config)
        # Threads beyond the workers answer the page, refusals and "busy" quickly.  waitress reads a
        # whole body before the application sees the request, so the body limit is waitress's too:
        # a huge Content-Length, or a chunked body that grows past it, gets 413 before it is read.
        self.server: Any = create_server(self.app, host=config.host, port=config.port,
                                         threads=config.workers + 4, ident="dutygraph",
                                         max_request_body_size=config.max_body + 1)
        self.port = int(self.server.effective_port)
        host = f"[{config.host}]" if ":" in config.host else config.host
        self.url = f"http://{host}:{self.port}/"
        self._thread = threading.Thread(target=self.server.run, name="dutygraph-endpoint", daemon=True)

    def start(self) -> RunningEndpoint:
        """Start answering requests."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the server and its workers."""
        self.server.close()
        self._thread.join(5)
        self.app.close()


def serve_forever(config: EndpointConfig, ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; ``ready`` is told the base URL once the port is open."""
    running = RunningEndpoint(config)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops the workers as Ctrl-C does

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    if ready is not None:
        ready(running.url)
    try:
        running.server.run()
    except KeyboardInterrupt:
        pass
    finally:
        running.server.close()
        running.app.close()
