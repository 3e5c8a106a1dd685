"""One exception hierarchy for the library; the CLI turns these into messages."""

from __future__ import annotations


class DutygraphError(Exception):
    """Base of every error the library raises on purpose."""


class InputError(DutygraphError):
    """A document cannot be read: empty, binary, unknown encoding, unrecognisable."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ExtractionError(DutygraphError):
    """The text was read but its structure could not be extracted."""


class OntologyError(DutygraphError):
    """The ontology or shapes are missing or invalid."""


class QueryError(DutygraphError):
    """A SPARQL query is invalid or failed."""


class StoreError(DutygraphError):
    """The store cannot be opened or written."""


class IngestInterrupted(DutygraphError):
    """An ingest was stopped (Ctrl-C) before its end; what it had stored is complete and kept."""
