"""The WSGI application of the endpoint (routes, refusals of writes and federated queries) and its
serving by waitress in a thread or until interrupted."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

from graph.server.page import query_list, query_page, static_file
from graph.server.pool import QueryPool
from graph.server.protocol import NO_SERVICE, READ_ONLY, Answer, EndpointConfig, Work, is_update
from graph.sparql.saved import saved_queries
from graph.sparql.text import calls_service

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
            return static_file(path[len("/static/"):])
        if path == "/queries":
            return Answer(200, "application/json", json.dumps(query_list(), ensure_ascii=False).encode("utf-8"))
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
