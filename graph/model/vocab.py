"""The dutygraph namespace: the one module that spells the ontology's IRIs.

The ontology itself (labels, domains, ranges) is data in ``ontology/dutygraph.ttl``;
these constants must match it (``tests/model/test_ontology.py`` checks both ways).
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

DG = Namespace("https://w3id.org/dutygraph/ontology#")
ID = Namespace("https://w3id.org/dutygraph/id/")
ORG = Namespace("http://www.w3.org/ns/org#")

__all__ = ["DCTERMS", "DG", "ID", "ORG", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD"]

CLASSES = (
    "Document",
    "Issue",
    "Case",
    "Measure",
    "Unit",
    "Leader",
    "Region",
    "LeadingGroup",
    "Membership",
    "Assignment",
    "Mention",
    "Span",
    "Deadline",
    "ProgressCount",
    "Role",
    "DeadlineKind",
    "GroupRole",
    "ProgressStatus",
    "StatusCount",
    "AccountabilityCount",
)

OBJECT_PROPERTIES = (
    "inDocument",
    "subIssueOf",
    "ofIssue",
    "leads",
    "supports",
    "responsibleFor",
    "tookOn",
    "agent",
    "task",
    "role",
    "evidence",
    "document",
    "concerns",
    "issuedFor",
    "partOf",
    "jurisdiction",
    "covers",
    "province",
    "deadline",
    "deadlineKind",
    "group",
    "member",
    "groupRole",
    "headOf",
    "deputyHeadOf",
    "memberOf",
    "officeOf",
    "accountableFor",
    "supervises",
    "signsOff",
    "progressStatus",
    "statusEvidence",
    "breakdown",
    "deadlineClass",
    "subGroupOf",
    "firstDeputyHeadOf",
    "renamedTo",
    "answersFor",
    "mentions",
    "mentionOf",
)

DATA_PROPERTIES = (
    "code",
    "text",
    "target",
    "deadlineText",
    "dueDate",
    "deadlineFlag",
    "truncated",
    "collective",
    "adcode",
    "level",
    "post",
    "start",
    "end",
    "line",
    "quote",
    "restored",
    "restoredQuote",
    "sourceFile",
    "documentKind",
    "sha256",
    "mappingVersion",
    "leadNames",
    "encoding",
    "format",
    "conversion",
    "total",
    "done",
    "number",
    "countOf",
    "count",
    "peopleHeldAccountable",
    "unitsHeldAccountable",
    "completed",
)

INDIVIDUALS = (
    "Lead",
    "Support",
    "Responsible",
    "JurisdictionLead",
    "Accountable",
    "Supervise",
    "SignOff",
    "Immediate",
    "LongTerm",
    "Continuous",
    "Dated",
    "Head",
    "DeputyHead",
    "FirstDeputyHead",
    "Member",
    "Office",
    "Completed",
    "CompletedOngoing",
    "BasicallyCompleted",
    "InProgress",
    "Behind",
    "NotCompleted",
    "SignedOff",
)
