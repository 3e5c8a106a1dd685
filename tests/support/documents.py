"""A document read from text or bytes as ``dutygraph ingest`` reads a file: decoded, then extracted."""

from __future__ import annotations

from graph.extract.document import extract_document
from graph.extract.reader import decode_document
from graph.records import Document


def extract_text(text: str | bytes, name: str = "doc.txt") -> Document:
    """The records of ``text`` (UTF-8 when a str) as a file called ``name``."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return extract_document(decode_document(data, name))


Edge = tuple[str, str, str]


def duty_edges(doc: Document) -> set[Edge]:
    """Each assignment as (agent, role, task): the task's code, or "document" for a duty on the whole."""
    return {(a.agent, a.role.value, "document" if a.task_kind == "document" else a.task) for a in doc.assignments}
