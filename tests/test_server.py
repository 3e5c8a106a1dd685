"""The SPARQL endpoint, over real HTTP on 127.0.0.1, with urllib and a standard client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

from graph.server import EndpointConfig, RunningEndpoint, is_update, negotiate

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
          method: str | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
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


def test_every_update_is_refused(endpoint: RunningEndpoint) -> None:
    insert = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    attempts = [
        (endpoint.url + "sparql", urllib.parse.urlencode({"update": insert}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}, None),
        (endpoint.url + "sparql", insert.encode(), {"Content-Type": "application/sparql-update"}, None),
        (sparql_url(endpoint, "PREFIX x: <urn:x#>\n# a comment\n" + "DROP ALL"), None, {}, None),
        (endpoint.url + "sparql", b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "text/turtle"}, "PUT"),
    ]
    for url, data, headers, method in attempts:
        status, _, body = fetch(url, data, headers, method)
        assert status in (403, 405) and "read-only" in body, (status, body)
    status, _, body = fetch(sparql_url(endpoint, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x> { ?s ?p ?o } }'),
                            headers={"Accept": "text/csv"})
    assert body.split("\r\n")[1] == "0"


def test_bad_queries_get_a_clear_message(endpoint: RunningEndpoint) -> None:
    status, _, body = fetch(sparql_url(endpoint, "SELECT WHERE {"))
    assert status == 400 and "invalid SPARQL" in body
    status, _, body = fetch(endpoint.url + "sparql")
    assert status == 400 and "no query" in body
    status, _, body = fetch(endpoint.url + "sparql", b"x" * 2_000_000, {"Content-Type": "application/sparql-query"})
    assert status == 413


def test_a_result_over_the_cap_is_refused_not_cut(endpoint: RunningEndpoint) -> None:
    status, _, body = fetch(sparql_url(endpoint, "SELECT * WHERE { ?s ?p ?o }"))
    assert status == 400 and "more than 100 rows" in body
    status, _, body = fetch(sparql_url(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 100"),
                            headers={"Accept": "text/csv"})
    assert status == 200 and len(body.strip().split("\r\n")) == 101


def test_a_query_over_the_timeout_is_stopped_and_the_server_goes_on(endpoint: RunningEndpoint) -> None:
    status, _, body = fetch(sparql_url(endpoint, SLOW))
    assert status == 503 and "limit of 2 s" in body
    status, _, body = fetch(sparql_url(endpoint, LEADERS), headers={"Accept": "text/csv"})
    assert status == 200 and body.split("\r\n")[1:5] == HEADS


def test_saved_queries_over_http(endpoint: RunningEndpoint) -> None:
    status, _, body = fetch(endpoint.url + "queries")
    listed = {q["name"]: q for q in json.loads(body)}
    assert status == 200 and listed["region-issues"]["params"][0]["name"] == "region"
    url = endpoint.url + "queries/region-issues?" + urllib.parse.urlencode({"region": "上饶市"})
    status, _, body = fetch(url, headers={"Accept": "text/csv"})
    assert status == 200
    assert {row["code"] for row in csv.DictReader(io.StringIO(body))} == {"6.3", "7", "9"}
    status, _, body = fetch(endpoint.url + "queries/unit-duties?unit=%E5%B8%82%E6%94%BF%E5%BA%9C")  # 市政府
    assert status == 400 and "上饶市政府" in body
    assert fetch(endpoint.url + "queries/nope")[0] == 404


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

    from tests.conftest import ROOT

    command = [sys.executable, str(ROOT / "cli.py"), "--store", str(seed_store_path), "serve", "--port", "0",
               "--workers", "1"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        match = re.search(r"query page at (http://127\.0\.0\.1:\d+/)", line)
        assert match, line
        status, _, body = fetch(match.group(1) + "sparql?" + urllib.parse.urlencode({"query": LEADERS}),
                                headers={"Accept": "text/csv"})
        assert status == 200 and body.split("\r\n")[1:5] == HEADS
    finally:
        process.terminate()
        process.wait(30)
