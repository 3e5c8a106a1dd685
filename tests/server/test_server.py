"""The SPARQL endpoint, over real HTTP on 127.0.0.1, with urllib and a standard client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import http.client
import http.server
import io
import json
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

from cli import main
from graph.server import EndpointConfig, RunningEndpoint, is_update, negotiate
from graph.server.page import STATIC, STATIC_FILES
from graph.store import open_store
from tests.support.paths import ROOT

LEADERS = "SELECT ?name WHERE { ?l a dg:Leader ; rdfs:label ?name ; dg:headOf ?g } ORDER BY ?name"
HEADS = ["刘奇", "楼阳生", "郑为文", "骆惠宁"]
# A cross product of the whole store joined on its objects: minutes of work for any engine.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . FILTER(?c = ?f && ?f = ?i) }"


@pytest.fixture(scope="module")
def endpoint(seed_store_path: Path) -> Iterator[RunningEndpoint]:
    config = EndpointConfig(store=str(seed_store_path), port=0, timeout=2.0, max_rows=100, workers=2)
    running = RunningEndpoint(config).start()
    yield running
    running.stop()


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str | None = None, timeout: float = 60) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode("utf-8")


def sparql_url(endpoint: RunningEndpoint, query: str, **extra: str) -> str:
    return endpoint.url + "sparql?" + urllib.parse.urlencode({"query": query, **extra})


def test_it_listens_on_loopback_only(endpoint: RunningEndpoint) -> None:
    assert endpoint.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(("accept", "media", "marker"), [
    ("application/sparql-results+json", "application/sparql-results+json", '"vars"'),
    ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
    ("text/csv", "text/csv", "name\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", "?name\n"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json", '"bindings"'),
])
def test_get_negotiates_the_results_format(endpoint: RunningEndpoint, accept: str, media: str, marker: str) -> None:
    status, content_type, body = fetch(sparql_url(endpoint, LEADERS), headers={"Accept": accept})
    assert status == 200, body
    assert content_type.startswith(media) and marker in body
    assert all(name in body for name in HEADS)


def test_post_form_and_post_query_body(endpoint: RunningEndpoint) -> None:
    form = urllib.parse.urlencode({"query": LEADERS}).encode()
    status, _, body = fetch(endpoint.url + "sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                           "Accept": "text/csv"})
    assert status == 200 and body.split("\r\n")[1:5] == HEADS
    status, _, body = fetch(endpoint.url + "sparql", b'ASK { ?m dg:code "6.3.4" }',
                            {"Content-Type": "application/sparql-query", "Accept": "application/json"})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_construct_as_turtle_or_ntriples(endpoint: RunningEndpoint) -> None:
    query = "CONSTRUCT { ?l dg:headOf ?g } WHERE { ?l dg:headOf ?g }"
    status, content_type, body = fetch(sparql_url(endpoint, query), headers={"Accept": "application/n-triples"})
    assert status == 200 and content_type == "application/n-triples"
    assert len([line for line in body.splitlines() if line.endswith(" .")]) == 4
    status, content_type, _ = fetch(sparql_url(endpoint, query))
    assert content_type.startswith("text/turtle")


def test_bad_queries_get_a_clear_message(endpoint: RunningEndpoint) -> None:
    status, _, body = fetch(sparql_url(endpoint, "SELECT WHERE {"))
    assert status == 400 and "invalid SPARQL" in body
    status, _, body = fetch(endpoint.url + "sparql")
    assert status == 400 and "no query" in body


def test_a_result_over_the_cap_is_refused_not_cut(endpoint: RunningEndpoint) -> None:
    status, _, body = fetch(sparql_url(endpoint, "SELECT * WHERE { ?s ?p ?o }"))
    assert status == 400 and "more than 100 rows" in body
    status, _, body = fetch(sparql_url(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 100"),
                            headers={"Accept": "text/csv"})
    assert status == 200 and len(body.strip().split("\r\n")) == 101


@pytest.mark.slow  # a worker computes for the whole timeout (2 s of a core) before it is stopped
def test_a_query_over_the_timeout_is_stopped_and_the_server_goes_on(endpoint: RunningEndpoint) -> None:
    # The client gives up well before the query would end by itself (minutes): an answer at all
    # means the endpoint stopped it.  A ceiling for a hung server, not a timing assertion.
    status, _, body = fetch(sparql_url(endpoint, SLOW), timeout=endpoint.app.config.timeout + 30)
    assert status == 503 and "limit of 2 s" in body
    status, _, body = fetch(sparql_url(endpoint, LEADERS), headers={"Accept": "text/csv"})
    assert status == 200 and body.split("\r\n")[1:5] == HEADS


def test_saved_queries_over_http(endpoint: RunningEndpoint) -> None:
    status, _, body = fetch(endpoint.url + "queries")
    listed = {q["name"]: q for q in json.loads(body)}
    assert status == 200 and listed["region-problems"]["params"][0]["name"] == "region"
    url = endpoint.url + "queries/region-problems?" + urllib.parse.urlencode({"region": "上饶市"})
    status, _, body = fetch(url, headers={"Accept": "text/csv"})
    assert status == 200
    assert {row["code"] for row in csv.DictReader(io.StringIO(body))} == {"6.3", "7", "9"}
    status, _, body = fetch(endpoint.url + "queries/unit-duties?unit=%E5%B8%82%E6%94%BF%E5%BA%9C")  # 市政府
    assert status == 400 and "上饶市政府" in body
    assert fetch(endpoint.url + "queries/nope")[0] == 404


def test_optional_and_required_parameters_over_http(endpoint: RunningEndpoint) -> None:
    listed = {q["name"]: q for q in json.loads(fetch(endpoint.url + "queries")[2])}
    assert [(p["name"], p["optional"]) for p in listed["overdue"]["params"]] == [("as_of", False), ("province", True)]

    def codes(query: str, **params: str) -> list[str]:
        url = endpoint.url + f"queries/{query}?" + urllib.parse.urlencode(params)
        status, _, body = fetch(url, headers={"Accept": "text/csv"})
        assert status == 200, body
        return [row["code"] for row in csv.DictReader(io.StringIO(body))]

    everywhere = codes("overdue", as_of="2018-01-01")
    assert sorted(everywhere) == ["3.2", "3.4", "3.5", "4.2", "4.5", "7.6", "8", "8.1"]
    # The query page sends an empty field for a parameter left blank: not bound.
    assert codes("overdue", as_of="2018-01-01", province="") == everywhere
    assert codes("overdue", as_of="2018-01-01", province="江西") == everywhere
    assert codes("overdue", as_of="2018-01-01", province="山西省") == []
    status, _, body = fetch(endpoint.url + "queries/co-responsibility")
    assert status == 400 and "province" in body


def test_the_query_page_works_offline(endpoint: RunningEndpoint) -> None:
    status, content_type, page = fetch(endpoint.url)
    assert status == 200 and content_type.startswith("text/html")
    for name in ("who-owns", "unit-duties", "gaps", "overdue", "co-responsibility"):
        assert f'data-query="{name}"' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    for asset in re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", page):
        status, _, text = fetch(endpoint.url + asset.lstrip("/"))
        assert status == 200 and "http://" not in text and "https://" not in text
    assert fetch(endpoint.url + "static/..%2Fserver.py")[0] == 404


def test_sparqlwrapper_talks_to_it(endpoint: RunningEndpoint) -> None:
    client = SPARQLWrapper(endpoint.url + "sparql")
    client.setQuery("PREFIX dg: <https://w3id.org/dutygraph/ontology#>\n"
                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + LEADERS)
    client.setReturnFormat(JSON)
    names = [b["name"]["value"] for b in client.queryAndConvert()["results"]["bindings"]]  # type: ignore[index,call-overload]
    assert names == HEADS
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    assert len(document.getElementsByTagName("result")) == 4  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    client.setMethod("POST")
    assert client.queryAndConvert().decode("utf-8").split("\r\n")[1:5] == HEADS  # type: ignore[union-attr]


def test_negotiation_and_update_detection_rules() -> None:
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", "", graph=False) == "xml"
    assert negotiate("", "tsv", graph=False) == "tsv"
    assert negotiate("application/rdf+xml", "", graph=True) == "rdfxml"
    assert is_update("PREFIX dg: <x:>\n INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not is_update("SELECT ?insert WHERE { ?insert ?p ?o }")


def test_dutygraph_serve_from_the_command_line(seed_store_path: Path) -> None:
    import subprocess
    import sys

    from tests.support.paths import ROOT

    command = [sys.executable, str(ROOT / "cli.py"), "--store", str(seed_store_path), "serve", "--port", "0",
               "--workers", "1"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"query page at (http://127\.0\.0\.1:\d+/)", line)
        assert match, line
        if Path("/proc/net/tcp").exists():  # the command's default, as the kernel sees the socket
            assert _listening_addresses(int(match.group(1).rsplit(":", 1)[1].rstrip("/"))) == {"127.0.0.1"}
        status, _, body = fetch(match.group(1) + "sparql?" + urllib.parse.urlencode({"query": LEADERS}),
                                headers={"Accept": "text/csv"})
        assert status == 200 and body.split("\r\n")[1:5] == HEADS
    finally:
        process.terminate()
        process.wait(30)


# ---- read-only, whatever the disguise -----------------------------------------------------------------

JIANGXI_GRAPH = "https://w3id.org/dutygraph/id/doc/000_89c821903e6b9e73"
# One operation of each SPARQL 1.1 Update form, each of which would change the seed store if it ran.
UPDATE_FORMS = {
    "INSERT DATA": "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> 'c' } }",
    "DELETE DATA": f"DELETE DATA {{ GRAPH <{JIANGXI_GRAPH}> {{ <{JIANGXI_GRAPH}> a dg:Document }} }}",
    "DELETE WHERE": "DELETE WHERE { GRAPH ?g { ?s dg:leads ?o } }",
    "DELETE/INSERT WHERE": (f"WITH <{JIANGXI_GRAPH}> DELETE {{ ?s dg:leads ?o }} INSERT {{ ?s dg:supports ?o }} "
                            "WHERE { ?s dg:leads ?o }"),
    "INSERT WHERE": "INSERT { GRAPH <urn:x:g> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "LOAD": "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:x:g>",
    "CLEAR": "CLEAR ALL",
    "CREATE": "CREATE GRAPH <urn:x:g>",
    "DROP": f"DROP GRAPH <{JIANGXI_GRAPH}>",
    "COPY": f"COPY <{JIANGXI_GRAPH}> TO <urn:x:g>",
    "MOVE": f"MOVE <{JIANGXI_GRAPH}> TO <urn:x:g>",
    "ADD": f"ADD <{JIANGXI_GRAPH}> TO DEFAULT",
}


def _mixed_case(text: str) -> str:
    return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(text))


# What may stand before the keyword: a prologue, comments (one inside a PREFIX declaration, one that
# looks like a query), odd casing and whitespace, a byte order mark, a second operation.
DISGUISES = {
    "plain": lambda u: u,
    "prologue": lambda u: f"PREFIX dg: <https://w3id.org/dutygraph/ontology#>\nBASE <http://ex.org/a#b>\n{u}",
    "comments": lambda u: f"# SELECT * WHERE {{ ?s ?p ?o }}\n \t\r\n  {u.lower()}",
    "comment in a prefix": lambda u: f"prefix # a comment\n x: <urn:x#>\n\t{_mixed_case(u)}",
    "byte order mark": lambda u: "\ufeff" + u,
    "second operation": lambda u: f"PREFIX x: <urn:x#> CREATE SILENT GRAPH <urn:x:h> ;\n{u}",
}


def _transports(endpoint: RunningEndpoint, text: str) -> list[tuple[str, str, bytes | None, dict[str, str]]]:
    form = "application/x-www-form-urlencoded"
    return [
        ("GET query=", sparql_url(endpoint, text), None, {}),
        ("GET update=", endpoint.url + "sparql?" + urllib.parse.urlencode({"update": text}), None, {}),
        ("POST form update=", endpoint.url + "sparql", urllib.parse.urlencode({"update": text}).encode(),
         {"Content-Type": form}),
        ("POST form query=", endpoint.url + "sparql", urllib.parse.urlencode({"query": text}).encode(),
         {"Content-Type": form}),
        ("POST sparql-update", endpoint.url + "sparql", text.encode(),
         {"Content-Type": "application/sparql-update"}),
        ("POST sparql-query", endpoint.url + "sparql", text.encode(),
         {"Content-Type": "application/sparql-query; charset=utf-8"}),
    ]


@pytest.fixture(scope="module")
def store_dump(seed_store_path: Path) -> Callable[[], bytes]:
    """The seed store's quads, sorted, read by a fresh read-only handle each time it is called."""
    def dump() -> bytes:
        with open_store(str(seed_store_path), read_only=True) as store:
            return b"\n".join(sorted(store.dump_nquads().splitlines()))
    return dump


@pytest.mark.parametrize("form", UPDATE_FORMS)
def test_every_update_form_is_refused_and_the_store_is_unchanged(
    endpoint: RunningEndpoint, store_dump: Callable[[], bytes], form: str
) -> None:
    before = store_dump()
    assert JIANGXI_GRAPH.encode() in before and b"urn:x:" not in before
    for disguise, dress in DISGUISES.items():
        text = dress(UPDATE_FORMS[form])
        assert is_update(text), (disguise, text)
        for transport, url, data, headers in _transports(endpoint, text):
            status, _, body = fetch(url, data, headers)
            assert status == 403 and "read-only" in body, (disguise, transport, status, body)
    assert store_dump() == before


GRAPH_STORE_PATHS = ["", "data", "store?graph=urn:x:g", "store?default", "sparql?graph=urn:x:g", "sparql?default",
                     "sparql", "static/query.js", "queries/gaps", "anything/at/all"]


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
def test_graph_store_writes_are_refused_on_every_path(
    endpoint: RunningEndpoint, store_dump: Callable[[], bytes], method: str
) -> None:
    before = store_dump()
    for path in GRAPH_STORE_PATHS:
        if method == "POST" and path == "sparql":
            continue  # a POST there is a query; an RDF body on it is refused just below
        status, _, body = fetch(endpoint.url + path, b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                                {"Content-Type": "text/turtle"}, method)
        assert status in (403, 405) and "read-only" in body, (method, path, status, body)
    status, _, _ = fetch(endpoint.url + "sparql", b"<urn:x:a> <urn:x:b> <urn:x:c> .", {"Content-Type": "text/turtle"})
    assert status == 415
    assert store_dump() == before
    # Nothing answers a Graph Store Protocol read either: there is no such service here.
    assert fetch(endpoint.url + "store?graph=" + urllib.parse.quote(JIANGXI_GRAPH))[0] == 404


def test_update_detection_is_not_fooled_by_names_that_spell_keywords() -> None:
    queries = [
        "SELECT ?insert WHERE { ?insert dg:drop ?load }",
        "PREFIX insert: <urn:x#> SELECT (insert:clear(?x) AS ?y) WHERE { ?x ?p ?o }",
        "SELECT ?x WHERE { ?x ?p 'DROP ALL' } # INSERT DATA",
        "ASK { ?x dg:code ?c } VALUES ?c { 'CLEAR' }",
    ]
    assert not any(is_update(q) for q in queries)
    assert is_update("} DROP ALL")  # an unbalanced brace does not hide it


def test_a_federated_query_is_refused_and_fetches_nothing(endpoint: RunningEndpoint) -> None:
    # A real listener on loopback: pyoxigraph would send SERVICE requests to it (to any host it is told).
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    listener = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    try:
        target = f"http://127.0.0.1:{listener.server_port}/sparql"
        for text in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                     f"# federated\nselect * where {{ ?s ?p ?o . service silent <{target}> {{ ?s ?q ?r }} }} LIMIT 1"):
            status, _, body = fetch(sparql_url(endpoint, text))
            assert status == 403 and "SERVICE" in body, body
    finally:
        listener.shutdown()
        listener.server_close()
    assert hits == []


# ---- limits: rows, bodies, time ---------------------------------------------------------------------------


def test_a_graph_result_over_the_cap_is_refused(endpoint: RunningEndpoint) -> None:
    status, _, body = fetch(sparql_url(endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    assert status == 400 and "more than 100 triples" in body
    status, _, body = fetch(sparql_url(endpoint, "DESCRIBE ?s WHERE { ?s a dg:Measure }"))
    assert status == 400 and "more than 100 triples" in body


def _raw_response(sock: socket.socket) -> bytes:
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


def _announce(endpoint: RunningEndpoint, length: int) -> bytes:
    """The status line answered to a POST announcing ``length`` bytes of which only a few are sent."""
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: %d\r\n\r\nASK {" % length)
        return _raw_response(sock).split(b"\r\n")[0]


def test_a_huge_content_length_is_refused_before_the_body_is_sent(endpoint: RunningEndpoint) -> None:
    # A gigabyte announced, a few bytes sent: the answer can only come from the headers alone.
    assert _announce(endpoint, 1_000_000_000).startswith(b"HTTP/1.1 413")
    assert _announce(endpoint, endpoint.app.config.max_body + 1).startswith(b"HTTP/1.1 413")


def test_a_chunked_body_over_the_limit_is_refused(endpoint: RunningEndpoint) -> None:
    chunk = b"#" * 65536
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        try:
            # Twice the limit, never the closing chunk: only a refusal mid-stream answers.
            for _ in range(2 * endpoint.app.config.max_body // len(chunk)):
                sock.sendall(framed)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused while still sending
        answer = _raw_response(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    status, _, body = fetch(sparql_url(endpoint, LEADERS), headers={"Accept": "text/csv"})
    assert status == 200 and body.split("\r\n")[1:5] == HEADS


def test_a_body_of_exactly_the_limit_is_read(endpoint: RunningEndpoint) -> None:
    query = b'ASK { ?m dg:code "6.3.4" }\n'
    padded = query + b"#" * (endpoint.app.config.max_body - len(query))
    status, _, body = fetch(endpoint.url + "sparql", padded, {"Content-Type": "application/sparql-query",
                                                              "Accept": "application/json"})
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.slow  # a worker computes for the whole timeout (2 s of a core) before it is stopped
def test_a_slow_query_holds_one_worker_not_the_server(endpoint: RunningEndpoint) -> None:
    slow: list[int] = []
    thread = threading.Thread(target=lambda: slow.append(fetch(sparql_url(endpoint, SLOW), timeout=60)[0]))
    thread.start()
    try:
        status, _, body = fetch(sparql_url(endpoint, LEADERS), headers={"Accept": "text/csv"})
        assert status == 200 and body.split("\r\n")[1:5] == HEADS
        assert fetch(endpoint.url)[0] == 200
    finally:
        thread.join(60)
    assert slow == [503]


# ---- where it listens, what it serves ---------------------------------------------------------------------


def _listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port``, as the kernel reports them."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                packed = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))  # host-order words
                found.add(socket.inet_ntop(socket.AF_INET if width == 8 else socket.AF_INET6, packed))
    return found


def test_the_socket_is_bound_to_loopback(endpoint: RunningEndpoint) -> None:
    assert endpoint.server.socket.getsockname()[0] == "127.0.0.1"
    assert EndpointConfig(store="x").host == "127.0.0.1"
    if Path("/proc/net/tcp").exists():
        assert _listening_addresses(endpoint.port) == {"127.0.0.1"}


def test_serve_listens_on_loopback_unless_told_otherwise() -> None:
    from cli import serve

    (host,) = [p for p in serve.params if p.name == "host"]
    # No environment variable widens it, neither its own nor one click would derive for it.
    assert host.default == "127.0.0.1" and host.envvar is None
    assert "auto_envvar_prefix" not in main.context_settings and "auto_envvar_prefix" not in serve.context_settings
    # The command hands its --host to the server unchanged: 0.0.0.0 only when someone writes it.
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "[default: 127.0.0.1]" in result.output


PROJECT_SECRET = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()[0]
TRAVERSALS = [
    "/static/../../pyproject.toml", "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/%2E%2E/%2E%2E/pyproject.toml", "/static/..\\..\\pyproject.toml", "/static/..%5c..%5cpyproject.toml",
    f"/static/{ROOT}/pyproject.toml", f"/static/{quote(str(ROOT), safe='')}%2fpyproject.toml",
    "/static//etc/passwd", "//etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/static/query.js/../../server.py", "/static/./query.js%00.py", "/queries/../../pyproject.toml",
    "/queries/..%2f..%2fpyproject", "/static/%2fetc%2fpasswd", "/static/", "/static/query.js/",
    "/graph/server.py", "/pyproject.toml", "/cli.py", "/.git/config",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_the_assets_is_served(endpoint: RunningEndpoint, path: str) -> None:
    # http.client sends the path exactly as written, where urllib would tidy it first.
    connection = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        status, body = response.status, response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()
    assert status in (400, 404), (path, status)
    assert PROJECT_SECRET not in body and "root:x:0:0" not in body and "def _static" not in body


def test_the_assets_are_plain_files_and_a_link_out_is_not_followed(
    endpoint: RunningEndpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert {p.name for p in STATIC.iterdir()} == set(STATIC_FILES)
    assert not any(p.is_symlink() for p in STATIC.iterdir())
    # A tampered copy: query.js links to the project's pyproject.toml.  The endpoint runs in this
    # process (its server thread), so it serves from the copy.
    assets = tmp_path / "server_assets"
    assets.mkdir()
    (assets / "query.js").symlink_to(ROOT / "pyproject.toml")
    (assets / "query.css").write_text("body {}", encoding="utf-8")
    monkeypatch.setattr("graph.server.page.STATIC", assets)
    status, _, body = fetch(endpoint.url + "static/query.js")
    assert status == 404 and PROJECT_SECRET not in body
    status, _, body = fetch(endpoint.url + "static/query.css")
    assert (status, body) == (200, "body {}")
