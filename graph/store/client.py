"""The HTTP client of a remote SPARQL engine: the SPARQL 1.1 Protocol and the Graph Store Protocol.

Standard library only (urllib).  This module knows HTTP, not the store contract nor SPARQL text:
:class:`graph.store.remote.SparqlStore` builds on it.

Where the endpoints are (``--store URL``):

* ``http://host:port`` (no path): an Oxigraph server: ``/query``, ``/update`` and ``/store``; every
  query asks for the union of the named graphs as its default graph (``union-default-graph``), so
  the server need not be started with ``--union-default-graph``.
* ``http://host:port/sparql``: Virtuoso: queries and updates at ``/sparql``, graphs at
  ``/sparql-graph-crud``; with credentials, updates go to ``/sparql-auth`` and graphs to
  ``/sparql-graph-crud-auth`` (HTTP digest authentication).
* any other URL: queries and updates at that URL; the Graph Store Protocol endpoint must be given.

``update_url`` and ``graph_store_url`` override the convention.  Credentials come from the URL
(``http://user:password@host/…``) or from ``$DUTYGRAPH_STORE_USER`` and ``$DUTYGRAPH_STORE_PASSWORD``.
"""

from __future__ import annotations

import base64
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, replace

from graph.errors import QueryError, StoreError

USER_ENV = "DUTYGRAPH_STORE_USER"
PASSWORD_ENV = "DUTYGRAPH_STORE_PASSWORD"
TIMEOUT = 600.0  # seconds for one request: a bulk PUT or a heavy query on a busy server

RESULTS_XML = "application/sparql-results+xml"
N_TRIPLES = "application/n-triples"


def is_endpoint(location: str) -> bool:
    """Whether a ``--store`` value names a SPARQL endpoint rather than a directory."""
    return location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Endpoints:
    """Where to send queries, updates and whole graphs, and as whom."""

    query: str
    update: str
    graph_store: str | None
    flavour: str  # oxigraph | virtuoso | generic
    user: str | None = None
    password: str | None = None

    @property
    def display(self) -> str:
        """The query URL, without credentials, for messages."""
        return self.query


def parse_endpoints(
    url: str,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> Endpoints:
    """The endpoints a ``--store URL`` stands for (see the module docstring for the convention)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url}: not an http(s) URL of a SPARQL endpoint")
    user = user or (urllib.parse.unquote(parts.username) if parts.username else None) or os.environ.get(USER_ENV)
    password = (password or (urllib.parse.unquote(parts.password) if parts.password else None)
                or os.environ.get(PASSWORD_ENV))
    netloc = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    if ":" in (parts.hostname or ""):
        netloc = f"[{parts.hostname}]" + ("" if parts.port is None else f":{parts.port}")
    base = urllib.parse.urlunsplit((parts.scheme, netloc, "", "", ""))
    path = parts.path.rstrip("/")
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    if not path:
        found = Endpoints(f"{base}/query", f"{base}/update", f"{base}/store", "oxigraph", user, password)
    elif path.endswith("/sparql"):
        auth = "-auth" if user else ""
        root = base + path
        found = Endpoints(root, root + auth, f"{root}-graph-crud{auth}", "virtuoso", user, password)
    else:
        found = Endpoints(clean, clean, None, "generic", user, password)
    if update_url:
        found = replace(found, update=update_url)
    if graph_store_url:
        found = replace(found, graph_store=graph_store_url)
    return found


class SparqlClient:
    """HTTP requests to one SPARQL engine; errors become :class:`StoreError` or :class:`QueryError`.

    Credentials are sent up front (HTTP Basic, or Digest from a challenge fetched by a small GET
    first): answering a 401 to a large PUT is not an option, as the server may close the connection
    before the body is sent.
    """

    def __init__(self, endpoints: Endpoints, timeout: float = TIMEOUT) -> None:
        self.endpoints = endpoints
        self.timeout = timeout
        self._local = threading.local()  # a digest nonce and its count belong to one thread

    def request(self, method: str, url: str, body: bytes | None, headers: Mapping[str, str],
                what: str, query_error: bool = False) -> tuple[str, bytes]:
        """Send one request; the response's media type and body."""
        for attempt in (1, 2):
            request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
            authorization = self._authorization(request, refresh=attempt == 2)
            if authorization:
                request.add_unredirected_header("Authorization", authorization)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.headers.get_content_type(), bytes(response.read())
            except urllib.error.HTTPError as exc:
                if exc.code == 401 and attempt == 1 and self.endpoints.user:
                    continue  # a stale nonce: fetch a fresh challenge and send again
                detail = _server_message(exc.read())
                message = f"{what} failed at {_without_credentials(url)}: HTTP {exc.code} {exc.reason}; {detail}"
                if exc.code in (401, 403):
                    message += " (the server refused the credentials or the permission: see README, 'Remote stores')"
                if query_error and exc.code in (400, 500):
                    raise QueryError(message) from exc
                raise StoreError(message) from exc
            except (urllib.error.URLError, OSError) as exc:
                if attempt == 1 and authorization and isinstance(exc, BrokenPipeError):
                    continue  # refused while the body was still being sent (a stale nonce): not executed
                reason = getattr(exc, "reason", exc)
                raise StoreError(f"{_endpoint_name(url)}: cannot reach the SPARQL server ({reason})") from exc
        raise AssertionError("unreachable")

    def _authorization(self, request: urllib.request.Request, refresh: bool) -> str | None:
        """The Authorization header for ``request``, from its endpoint's challenge (fetched once per thread).

        Each endpoint keeps its own challenge and nonce count: Virtuoso's /sparql-auth and
        /sparql-graph-crud-auth are two realms, and a nonce count must only ever grow.
        """
        user = self.endpoints.user
        if not user:
            return None
        password = self.endpoints.password or ""
        known: dict[str, tuple[str, dict[str, str], urllib.request.AbstractDigestAuthHandler]]
        known = self._local.__dict__.setdefault("auth", {})
        endpoint = request.full_url.split("?", 1)[0]
        if endpoint not in known or refresh:
            scheme, fields = self._challenge(request.full_url)
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, endpoint, user, password)
            known[endpoint] = (scheme, fields, urllib.request.AbstractDigestAuthHandler(passwords))
        scheme, fields, digest = known[endpoint]
        if scheme == "basic":
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            return f"Basic {token}"
        if scheme == "digest":
            value = digest.get_authorization(request, fields)
            return f"Digest {value}" if value else None
        return None  # the endpoint asks for nothing

    def _challenge(self, url: str) -> tuple[str, dict[str, str]]:
        """The authentication scheme and parameters the server asks for at ``url`` (a GET: no side effect)."""
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=self.timeout):
                return "none", {}
        except urllib.error.HTTPError as exc:
            header = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"{_endpoint_name(url)}: cannot reach the SPARQL server ({reason})") from exc
        scheme, _, rest = header.partition(" ")
        fields = urllib.request.parse_keqv_list([f for f in urllib.request.parse_http_list(rest) if f])
        return scheme.lower() or "none", fields

    def query(self, sparql: str, accept: str) -> tuple[str, bytes]:
        """POST a query (form-encoded, UTF-8); the response's media type and body."""
        fields = {"query": sparql}
        url = self.endpoints.query
        if self.endpoints.flavour == "oxigraph":
            url += ("&" if "?" in url else "?") + "union-default-graph"
        body = urllib.parse.urlencode(fields).encode("ascii")
        return self.request("POST", url, body, {
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Accept": accept,
        }, "the query", query_error=True)

    def update(self, sparql: str) -> None:
        """POST a SPARQL update (form-encoded, UTF-8): one request, one transaction on the server."""
        body = urllib.parse.urlencode({"update": sparql}).encode("ascii")
        self.request("POST", self.endpoints.update, body, {
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Accept": f"{RESULTS_XML}, */*;q=0.1",
        }, "the update")

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace one named graph with N-Triples in one Graph Store Protocol PUT."""
        if not self.endpoints.graph_store:
            raise StoreError(f"{self.endpoints.display}: no Graph Store Protocol endpoint known for this server; "
                             "give it with --graph-store-url")
        separator = "&" if "?" in self.endpoints.graph_store else "?"
        url = f"{self.endpoints.graph_store}{separator}{urllib.parse.urlencode({'graph': graph})}"
        self.request("PUT", url, ntriples, {"Content-Type": N_TRIPLES}, f"storing the graph <{graph}>")


def _without_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _server_message(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    if re.search(r"<(!DOCTYPE|html)", text[:200], re.IGNORECASE):
        text = re.sub(r"<[^>]+>", " ", text)  # an HTML error page; a plain one may quote <IRIs>
    text = " ".join(text.split())
    return text[:400] or "no message"


def _endpoint_name(url: str) -> str:
    """The endpoint's URL for a message: no credentials, no query string."""
    return _without_credentials(url).split("?", 1)[0]
