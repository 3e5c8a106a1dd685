"""SHACL validation of the stores the tests build, each distinct graph validated once per session.

A store is checked graph by graph, never as one union: the union of a store changes with every
document added, while its graphs recur from store to store (the seeds are in most of them), so
validation results can be reused by content.  Each graph is validated together with what it points
at outside itself, as a query over the union would see it:

* a document graph, the entities graph and the renames graph with the regions of the gazetteer they
  name (and the regions they lie in), and the types and names that the other graphs give the nodes
  they mention (a document's units and leaders are typed and named once, in the entities graph);
* the gazetteer on its own.

pySHACL against ``ontology/shapes.ttl`` with the ontology and RDFS inference, as the model tests do.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from graph.model import iris
from graph.resources import asset_path
from graph.store import open_store

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


class ShapeCheck:
    """Validates stores against the shapes, remembering which graphs (with their context) conformed."""

    def __init__(self) -> None:
        self.conforming: set[str] = set()  # hashes of whole dumps and of graphs with their context
        self._shapes: tuple[object, object] | None = None

    def check_store(self, location: str) -> None:
        """Validate every graph of the store at ``location``; fail listing the violations."""
        with open_store(location, read_only=True) as store:
            nquads = store.dump_nquads()
        self.check_nquads(nquads, location)

    def check_nquads(self, nquads: bytes, where: str) -> None:
        """Validate every graph of an N-Quads dump."""
        # Most stores hold what an earlier one held (the seeds): recognised whole, without parsing.
        whole = hashlib.sha256(b"\n".join(sorted(nquads.splitlines()))).hexdigest()
        if whole in self.conforming:
            return
        graphs: dict[str, list[ox.Triple]] = defaultdict(list)
        for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            graphs[name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
        gazetteer_iri = iris.gazetteer_graph_iri()
        gazetteer: dict[object, list[ox.Triple]] = defaultdict(list)
        for triple in graphs.get(gazetteer_iri, []):
            gazetteer[triple.subject].append(triple)
        naming: dict[object, list[ox.Triple]] = defaultdict(list)
        for name, triples in graphs.items():
            if name != gazetteer_iri:
                for triple in triples:
                    if triple.predicate in (RDF_TYPE, RDFS_LABEL):
                        naming[triple.subject].append(triple)
        failures = []
        for name, triples in sorted(graphs.items(), key=lambda item: item[0]):
            if name == gazetteer_iri:
                data = set(triples)
            else:
                data = set(triples) | _regions(triples, gazetteer)
                data |= {t for node in _nodes(triples) for t in naming.get(node, [])}
            report = self._validate(data)
            if report:
                failures.append(f"graph <{name}> of {where}:\n{report}")
        if failures:
            raise AssertionError("graphs that do not conform to ontology/shapes.ttl:\n" + "\n".join(failures))
        self.conforming.add(whole)

    def _validate(self, triples: set[ox.Triple]) -> str:
        lines = sorted(f"{t} .\n" for t in triples)
        key = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
        if key in self.conforming:
            return ""
        import rdflib
        from pyshacl import validate

        ontology, shapes = self._load_shapes()
        graph = rdflib.Graph()
        graph.parse(data="".join(lines), format="nt")
        conforms, _, text = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
        if conforms:
            self.conforming.add(key)
            return ""
        return str(text)[:4000]

    def _load_shapes(self) -> tuple[object, object]:
        if self._shapes is None:
            import rdflib

            ontology = rdflib.Graph().parse(asset_path("ontology", "dutygraph.ttl"), format="turtle")
            shapes = rdflib.Graph().parse(asset_path("ontology", "shapes.ttl"), format="turtle")
            self._shapes = (ontology, shapes)
        return self._shapes


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
