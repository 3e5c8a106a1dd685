"""SHACL validation of the stores the tests build, each distinct graph validated once per session.

A store is checked graph by graph, never as one union: the union of a store changes with every
document added, while its graphs recur from store to store (the seeds are in most of them), so
validation results can be reused by content.  Each graph is validated together with what it points
at outside itself, as a query over the union would see it:

* a document graph, the entities graph and the renames graph with the regions of the gazetteer they
  name (and the regions they lie in), and the types and names that the other graphs give the nodes
  they mention (a document's units and leaders are typed and named once, in the entities graph);
* a links graph or the status graph with the document graphs whose nodes it names;
* the gazetteer on its own.

pySHACL against ``ontology/shapes.ttl`` with the ontology and RDFS inference, as the model tests do.
pySHACL hands rdflib the text of a SPARQL constraint once per focus node, and rdflib parses it every
time (a tenth of a second each); here each text is parsed once and reused as a prepared query, as
rdflib's ``prepareQuery`` is meant to be: the same query, evaluated with each node bound.

Given a directory (``.pytest_cache``'s, see tests/conftest.py), what conformed is remembered from one
session to the next: a file named by the hash of the graph validated, under a folder named by the
hash of the shapes, the ontology and the versions of pySHACL, rdflib and OWL-RL. A graph is validated
again whenever any of these changes; a failure is never remembered.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.model import iris
from graph.resources import asset_path
from graph.store import open_store

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


class ShapeCheck:
    """Validates stores against the shapes, remembering which graphs (with their context) conformed."""

    def __init__(self, cache: Path | None = None) -> None:
        """``cache``: a directory where what conformed is remembered across sessions (none: this one only)."""
        self.conforming: set[str] = set()  # hashes of whole dumps and of graphs with their context
        self._shapes: tuple[object, object] | None = None
        self._cache = cache / _validator_fingerprint() if cache is not None else None

    def _conformed(self, key: str) -> bool:
        if key in self.conforming:
            return True
        if self._cache is not None and (self._cache / key).exists():
            self.conforming.add(key)
            return True
        return False

    def _remember(self, key: str) -> None:
        self.conforming.add(key)
        if self._cache is not None:
            self._cache.mkdir(parents=True, exist_ok=True)
            (self._cache / key).touch()

    def check_store(self, location: str) -> None:
        """Validate every graph of the store at ``location``; fail listing the violations."""
        with open_store(location, read_only=True) as store:
            nquads = store.dump_nquads()
        self.check_nquads(nquads, location)

    def check_triples(self, triples: Iterable[ox.Triple | ox.Quad], where: str) -> None:
        """Validate ``triples`` as one graph (quads lose their graph's name); fail listing the violations."""
        report = self._validate({ox.Triple(t.subject, t.predicate, t.object) for t in triples})
        if report:
            raise AssertionError(f"{where} does not conform to ontology/shapes.ttl:\n{report}")

    def check_nquads(self, nquads: bytes, where: str) -> None:
        """Validate every graph of an N-Quads dump."""
        # Most stores hold what an earlier one held (the seeds): recognised whole, without parsing.
        whole = hashlib.sha256(b"\n".join(sorted(nquads.splitlines()))).hexdigest()
        if self._conformed(whole):
            return
        graphs: dict[str, list[ox.Triple]] = defaultdict(list)
        for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
        gazetteer_iri = iris.gazetteer_graph_iri()
        entities_iri = iris.entities_graph_iri()
        documents = iris.document_iri("")
        gazetteer: dict[object, list[ox.Triple]] = defaultdict(list)
        for triple in graphs.get(gazetteer_iri, []):
            gazetteer[triple.subject].append(triple)
        # Types and names other graphs give a node; a document graph takes them from the entities
        # graph only (its units and leaders are typed and named there, once).
        naming: dict[object, list[ox.Triple]] = defaultdict(list)
        entity_naming: dict[object, list[ox.Triple]] = defaultdict(list)
        for name, triples in graphs.items():
            if name != gazetteer_iri:
                for triple in triples:
                    if triple.predicate in (RDF_TYPE, RDFS_LABEL):
                        naming[triple.subject].append(triple)
                        if name == entities_iri:
                            entity_naming[triple.subject].append(triple)
        failures = []
        for name, triples in sorted(graphs.items(), key=lambda item: item[0]):
            if name == gazetteer_iri:
                data = set(triples)
            elif name.startswith(iris.links_graph_prefix()) or name == iris.status_graph_iri():
                # A links graph joins a report's problems to a plan's, the status graph gives a plan's
                # problems the latest of the reports' statements: each checked with the documents it joins.
                data = set(triples)
                for joined in _documents_named(triples, documents, graphs):
                    data |= set(graphs[joined])
                data |= {t for node in _nodes(data) for t in entity_naming.get(node, [])}
                data |= _regions(data, gazetteer)
            else:
                data = set(triples) | _regions(triples, gazetteer)
                names = entity_naming if name.startswith(documents) else naming
                data |= {t for node in _nodes(triples) for t in names.get(node, [])}
            report = self._validate(data)
            if report:
                failures.append(f"graph <{name}> of {where}:\n{report}")
        if failures:
            raise AssertionError("graphs that do not conform to ontology/shapes.ttl:\n" + "\n".join(failures))
        self._remember(whole)

    def _validate(self, triples: set[ox.Triple]) -> str:
        lines = sorted(f"{t} .\n" for t in triples)
        key = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
        if self._conformed(key):
            return ""
        import rdflib
        from pyshacl import validate

        ontology, shapes = self._load_shapes()
        graph = rdflib.Graph()
        graph.parse(data="".join(lines), format="nt")
        with _queries_prepared_once():
            conforms, _, text = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
        if conforms:
            self._remember(key)
            return ""
        return str(text)[:4000]

    def _load_shapes(self) -> tuple[object, object]:
        if self._shapes is None:
            import rdflib

            ontology = rdflib.Graph().parse(asset_path("ontology", "dutygraph.ttl"), format="turtle")
            shapes = rdflib.Graph().parse(asset_path("ontology", "shapes.ttl"), format="turtle")
            self._shapes = (ontology, shapes)
        return self._shapes


@functools.cache
def _validator_fingerprint() -> str:
    """What a validation's outcome depends on besides the graph: shapes, ontology, inference, libraries."""
    digest = hashlib.sha256(b"inference=rdfs\n")
    for name in ("shapes.ttl", "dutygraph.ttl"):
        digest.update(asset_path("ontology", name).read_bytes())
    for package in ("pyshacl", "rdflib", "owlrl"):
        digest.update(f"\n{package}=={version(package)}".encode())
    return digest.hexdigest()[:32]


@functools.cache
def _prepared(text: str, namespaces: tuple[tuple[str, Any], ...], base: str | None) -> Any:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces))


@contextlib.contextmanager
def _queries_prepared_once() -> Iterator[None]:
    """While pySHACL validates, a query given as text is parsed once per text, namespaces and base."""
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    evaluate = SPARQLProcessor.query

    def query(self: SPARQLProcessor, query: Any, initBindings: Any = None, initNs: Any = None,
              base: str | None = None, DEBUG: bool = False) -> Any:
        if isinstance(query, str):
            query = _prepared(query, tuple(sorted((initNs or {}).items())), base)
        return evaluate(self, query, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # undone below, whatever happens
    try:
        yield
    finally:
        SPARQLProcessor.query = evaluate


def _documents_named(triples: Iterable[ox.Triple], documents: str, graphs: dict[str, list[ox.Triple]]) -> set[str]:
    """The document graphs whose nodes (the document, its problems, its spans) ``triples`` mention."""
    found = set()
    for node in _nodes(triples):
        value = node.value if isinstance(node, ox.NamedNode) else ""
        if value.startswith(documents):
            rest = value[len(documents):].split("/", 1)[0]
            if documents + rest in graphs:
                found.add(documents + rest)
    return found


def _nodes(triples: Iterable[ox.Triple]) -> set[object]:
    return {node for t in triples for node in (t.subject, t.object) if isinstance(node, ox.NamedNode)}


def _regions(triples: Iterable[ox.Triple], gazetteer: dict[object, list[ox.Triple]]) -> set[ox.Triple]:
    """The gazetteer's triples about the regions ``triples`` name, and about the regions those lie in."""
    found: set[ox.Triple] = set()
    todo = [node for node in _nodes(triples) if node in gazetteer]
    seen = set(todo)
    while todo:
        for triple in gazetteer[todo.pop()]:
            found.add(triple)
            if triple.object in gazetteer and triple.object not in seen:
                seen.add(triple.object)
                todo.append(triple.object)
    return found
