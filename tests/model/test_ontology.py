"""The ontology (ontology/dutygraph.ttl), its shapes (ontology/shapes.ttl) and vocab.py agree.

* both Turtle files parse;
* every dg: term has a Chinese and an English label and an English comment;
* graph.model.vocab and the ontology list the same terms, with the same OWL kinds;
* the SHACL shapes accept a small correct graph and reject small broken ones,
  each for the reason intended.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from graph.model import vocab
from graph.model.vocab import DCTERMS, DG, ORG, OWL, PROV, RDF, RDFS, SKOS
from tests.support.paths import ROOT
from tests.support.paths import SHAPES_CASES as CASES

# rdflib's closed XSD namespace warns when pytest probes module globals during
# collection; an open Namespace with the same IRI does not.
XSD = Namespace(str(vocab.XSD))

ONTOLOGY_TTL = ROOT / "ontology" / "dutygraph.ttl"
SHAPES_TTL = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/dutygraph/ontology")
FOAF = "http://xmlns.com/foaf/0.1/"

KINDS = {
    "CLASSES": OWL.Class,
    "OBJECT_PROPERTIES": OWL.ObjectProperty,
    "DATA_PROPERTIES": OWL.DatatypeProperty,
    "INDIVIDUALS": OWL.NamedIndividual,
}


@pytest.fixture(scope="module")
def ont() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


def _is_dg(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(DG))


def _local(term: URIRef) -> str:
    return str(term)[len(str(DG)) :]


def _vocab_names() -> dict[str, str]:
    """name -> the vocab list it is in."""
    names: dict[str, str] = {}
    for kind in KINDS:
        for name in getattr(vocab, kind):
            names[name] = kind
    return names


def _union_members(g: Graph, node: object) -> set[object]:
    """The classes of an owl:unionOf class expression, or {node} for a named class."""
    if isinstance(node, BNode):
        members = g.value(node, OWL.unionOf)
        if members is not None:
            return set(g.items(members))
    return {node}


# (a) both files parse -----------------------------------------------------------


@pytest.mark.parametrize(
    "path", [ONTOLOGY_TTL, SHAPES_TTL, *sorted(CASES.glob("*.ttl"))], ids=lambda p: p.name
)
def test_turtle_parses(path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    assert len(g) > 0


def test_ontology_header(ont: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ont
    assert ont.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert ont.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert ont.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")


# (b) labels and comments --------------------------------------------------------


def test_every_dg_subject_has_zh_and_en_label(ont: Graph) -> None:
    subjects = {s for s in ont.subjects() if _is_dg(s)}
    assert subjects, "no dg: subjects in the ontology"
    missing = []
    for s in sorted(subjects):
        langs = [lbl.language for lbl in ont.objects(s, RDFS.label) if isinstance(lbl, Literal)]
        if langs.count("zh") != 1 or langs.count("en") != 1:
            missing.append((_local(s), langs))
    assert not missing, f"terms without exactly one @zh and one @en rdfs:label: {missing}"


def test_every_dg_subject_has_one_english_comment(ont: Graph) -> None:
    bad = []
    for s in sorted({s for s in ont.subjects() if _is_dg(s)}):
        comments = [c for c in ont.objects(s, RDFS.comment) if isinstance(c, Literal) and c.language == "en"]
        if len(comments) != 1 or not str(comments[0]).rstrip().endswith("."):
            bad.append(_local(s))
    assert not bad, f"terms without a single one-sentence @en rdfs:comment: {bad}"


def test_labels_of_a_kind_are_distinct(ont: Graph) -> None:
    """Two classes (or two properties) with one label would be indistinguishable in a view."""
    for kind, owl_type in KINDS.items():
        for lang in ("zh", "en"):
            seen: dict[str, str] = {}
            for name in getattr(vocab, kind):
                for lbl in ont.objects(DG[name], RDFS.label):
                    if lbl.language == lang:
                        assert str(lbl) not in seen, (
                            f"{kind}: {name} and {seen[str(lbl)]} share the label {lbl!r}@{lang}"
                        )
                        seen[str(lbl)] = name
            assert seen, f"no {lang} labels for {kind} ({owl_type})"


# (c) vocab.py <-> ontology, both ways ---------------------------------------------


def test_vocab_lists_are_disjoint_and_without_duplicates() -> None:
    all_names = [n for kind in KINDS for n in getattr(vocab, kind)]
    dupes = sorted({n for n in all_names if all_names.count(n) > 1})
    assert not dupes, f"names listed twice in vocab.py: {dupes}"


@pytest.mark.parametrize("kind", list(KINDS))
def test_vocab_terms_are_declared_with_their_owl_type(ont: Graph, kind: str) -> None:
    owl_type = KINDS[kind]
    missing = [name for name in getattr(vocab, kind) if (DG[name], RDF.type, owl_type) not in ont]
    assert not missing, f"vocab.{kind} names not declared as {owl_type} in dutygraph.ttl: {missing}"


def test_every_declared_term_is_in_vocab_with_the_same_kind(ont: Graph) -> None:
    names = _vocab_names()
    declared: dict[str, set[str]] = {}
    for kind, owl_type in KINDS.items():
        for s in ont.subjects(RDF.type, owl_type):
            if _is_dg(s):
                declared.setdefault(_local(s), set()).add(kind)
    not_in_vocab = sorted(set(declared) - set(names))
    assert not not_in_vocab, f"declared in dutygraph.ttl but not listed in vocab.py: {not_in_vocab}"
    wrong_kind = {n: sorted(k) for n, k in declared.items() if k != {names[n]}}
    assert not wrong_kind, f"declared with an OWL type other than (or besides) vocab.py's: {wrong_kind}"


@pytest.mark.parametrize("source", ["ontology", "shapes"])
def test_no_dg_term_outside_vocab(ont: Graph, shapes: Graph, source: str) -> None:
    """No misspelt or stray dg: IRI anywhere (subject, predicate or object) in either file."""
    g = ont if source == "ontology" else shapes
    names = set(_vocab_names())
    used = {_local(t) for triple in g for t in triple if _is_dg(t)}
    stray = sorted(used - names)
    assert not stray, f"dg: terms in {source} that vocab.py does not list: {stray}"


def test_individuals_are_typed_with_their_class(ont: Graph) -> None:
    expected = {
        "Role": {"Lead", "Support", "Responsible", "JurisdictionLead", "Accountable", "Supervise", "SignOff"},
        "DeadlineKind": {"Immediate", "LongTerm", "Continuous", "Dated"},
        "GroupRole": {"Head", "FirstDeputyHead", "DeputyHead", "Member", "Office"},
        "ProgressStatus": {"Completed", "CompletedOngoing", "BasicallyCompleted", "InProgress", "Behind",
                           "NotCompleted", "SignedOff"},
        "InspectionRound": {"FirstRound", "LookBack", "SpecialInspection", "SecondRound", "ThirdRound"},
        "InspectionLevel": {"CentralInspection", "ProvincialInspection"},
        "LinkMethod": {"ExplicitReference", "TextMatch"},
    }
    for cls, members in expected.items():
        typed = {_local(s) for s in ont.subjects(RDF.type, DG[cls]) if _is_dg(s)}
        assert typed == members, cls
    assert set().union(*expected.values()) == set(vocab.INDIVIDUALS)


def test_every_property_has_a_range_and_datatype_ranges_are_xsd(ont: Graph) -> None:
    for name in vocab.OBJECT_PROPERTIES:
        rng = ont.value(DG[name], RDFS.range)
        assert rng is not None, f"dg:{name} has no rdfs:range"
        for cls in _union_members(ont, rng):
            assert _is_dg(cls), f"dg:{name} ranges over {cls}, not a dg: class"
    for name in vocab.DATA_PROPERTIES:
        rng = ont.value(DG[name], RDFS.range)
        assert rng is not None and str(rng).startswith(str(XSD)), f"dg:{name} range {rng}"


@pytest.mark.parametrize(
    ("prop", "rng"),
    [
        ("code", XSD.string),
        ("number", XSD.integer),
        ("dueDate", XSD.date),
        ("truncated", XSD.boolean),
        ("collective", XSD.boolean),
        ("restored", XSD.boolean),
        ("start", XSD.integer),
        ("end", XSD.integer),
        ("line", XSD.integer),
        ("total", XSD.integer),
        ("done", XSD.integer),
        ("adcode", XSD.string),
        ("inDocument", DG.Document),
        ("subProblemOf", DG.Problem),
        ("ofProblem", DG.Problem),
        ("deadline", DG.Deadline),
        ("deadlineKind", DG.DeadlineKind),
        ("role", DG.Role),
        ("evidence", DG.Span),
        ("document", DG.Document),
        ("concerns", DG.Region),
        ("partOf", DG.Region),
        ("jurisdiction", DG.Region),
        ("covers", DG.Region),
        ("province", DG.Region),
        ("group", DG.LeadingGroup),
        ("groupRole", DG.GroupRole),
        ("headOf", DG.LeadingGroup),
        ("deputyHeadOf", DG.LeadingGroup),
        ("memberOf", DG.LeadingGroup),
        ("officeOf", DG.LeadingGroup),
        ("tookOn", DG.Case),
    ],
)
def test_range(ont: Graph, prop: str, rng: URIRef) -> None:
    assert ont.value(DG[prop], RDFS.range) == rng


@pytest.mark.parametrize("prop", ["leads", "supports", "responsibleFor", "accountableFor", "supervises", "signsOff"])
def test_responsibility_properties_link_agents_to_tasks(ont: Graph, prop: str) -> None:
    assert _union_members(ont, ont.value(DG[prop], RDFS.domain)) == {DG.Unit, DG.Leader}
    # A responsibility chain (市委书记、市长负总责,…) covers a document's whole rectification.
    assert _union_members(ont, ont.value(DG[prop], RDFS.range)) == {DG.Problem, DG.Measure, DG.Document}


@pytest.mark.parametrize(
    ("sub", "pred", "sup"),
    [
        (DG.Unit, RDFS.subClassOf, ORG.Organization),
        (DG.LeadingGroup, RDFS.subClassOf, ORG.Organization),
        (DG.Leader, RDFS.subClassOf, PROV.Agent),
        (DG.Leader, RDFS.subClassOf, URIRef(FOAF + "Person")),
        (DG.Document, RDFS.subClassOf, PROV.Entity),
        (DG.Span, RDFS.subClassOf, PROV.Entity),
        (DG.Region, RDFS.subClassOf, DCTERMS.Location),
        (DG.Case, RDFS.subClassOf, DG.Problem),
        (DG.Membership, RDFS.subClassOf, ORG.Membership),
        (DG.Assignment, RDFS.subClassOf, PROV.AgentInfluence),
        (DG.DeadlineKind, RDFS.subClassOf, SKOS.Concept),
        (DG.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
        (DG.tookOn, RDFS.subPropertyOf, DG.leads),
    ],
)
def test_reuses_w3c_vocabularies(ont: Graph, sub: URIRef, pred: URIRef, sup: URIRef) -> None:
    assert (sub, pred, sup) in ont


# (d) SHACL ------------------------------------------------------------------------


def _validate(data_path: Path, ont: Graph, shapes: Graph, **kwargs: object) -> tuple[bool, Graph, str]:
    pyshacl = pytest.importorskip("pyshacl")
    data = Graph().parse(data_path, format="turtle")
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ont, inference="rdfs", **kwargs
    )
    return conforms, report, text


def _results(report: Graph) -> set[tuple[str, str | None, str]]:
    """(focus node local name, path local name, constraint component local name) of each result."""
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        path = report.value(r, SH.resultPath)
        comp = report.value(r, SH.sourceConstraintComponent)
        out.add(
            (
                str(focus).rsplit("/", 1)[-1],
                _local(path) if _is_dg(path) else (str(path) if path is not None else None),
                str(comp)[len(str(SH)) :],
            )
        )
    return out


# Slow (about 3 s): the SHACL shapes validated against the SHACL-SHACL graph; `make test` runs it.
@pytest.mark.slow
def test_shapes_graph_is_well_formed(ont: Graph, shapes: Graph) -> None:
    conforms, _, text = _validate(CASES / "valid_minimal.ttl", ont, shapes, meta_shacl=True)
    assert conforms, text


def test_valid_minimal_conforms(ont: Graph, shapes: Graph) -> None:
    conforms, _, text = _validate(CASES / "valid_minimal.ttl", ont, shapes)
    assert conforms, text


def test_valid_minimal_is_what_it_says(ont: Graph) -> None:
    """Guard the fixture itself: the pieces the brief names are all there."""
    g = Graph().parse(CASES / "valid_minimal.ttl", format="turtle")
    unit = next(g.subjects(RDFS.label, Literal("省工信委")))
    measure = next(g.subjects(DG.code, Literal("3.2")))
    problem = next(g.subjects(DG.code, Literal("3")))
    assert (unit, DG.leads, measure) in g
    assert (measure, DG.ofProblem, problem) in g
    assignment = next(g.subjects(DG.agent, unit))
    span = g.value(assignment, DG.evidence)
    assert span is not None and g.value(span, DG.quote) is not None
    assert any(g.subjects(RDF.type, DG.Region))


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            "invalid_assignment_without_evidence.ttl",
            {("assignment-1", "evidence", "MinCountConstraintComponent")},
        ),
        (
            "invalid_span_start_after_end.ttl",
            {("span-bad", "start", "LessThanOrEqualsConstraintComponent")},
        ),
        (
            "invalid_region_bad_adcode.ttl",
            {("region-360900", "adcode", "PatternConstraintComponent")},
        ),
        (
            "invalid_problem_due_date_not_date.ttl",
            {("case-1", "dueDate", "DatatypeConstraintComponent")},
        ),
        (
            "invalid_span_quote_length.ttl",
            {("span-short", "quote", "SPARQLConstraintComponent")},
        ),
    ],
)
def test_invalid_case_fails_for_the_intended_reason(
    ont: Graph, shapes: Graph, case: str, expected: set[tuple[str, str, str]]
) -> None:
    conforms, report, text = _validate(CASES / case, ont, shapes)
    assert not conforms, f"{case} unexpectedly conforms"
    assert _results(report) == expected, text


def test_every_case_file_is_exercised() -> None:
    """A case file added without a test would silently prove nothing."""
    src = Path(__file__).read_text(encoding="utf-8")
    unused = [p.name for p in CASES.glob("*.ttl") if p.name not in src]
    assert not unused, unused
