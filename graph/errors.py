"""One exception hierarchy for the library; the CLI turns these into messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


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


class Described(Protocol):
    """Anything that can describe itself in one line of a list."""

    def describe(self) -> str: ...


class AmbiguousName(QueryError):
    """A name matched several things: the candidates are listed, nothing is guessed."""

    LISTED = 30

    def __init__(self, name: str, candidates: Sequence[Described], what: str = "things",
                 hint: str = "be more specific") -> None:
        listing = "\n".join(f"  {c.describe()}" for c in candidates[: self.LISTED])
        more = f"\n  … and {len(candidates) - self.LISTED} more" if len(candidates) > self.LISTED else ""
        super().__init__(f"{name!r} matches {len(candidates)} {what}; {hint}:\n{listing}{more}")
        self.name = name
        self.candidates = list(candidates)


class UnknownName(QueryError):
    """Nothing in the graph goes by a name."""
