"""The deadline and progress of tasks, for the pictures that show them beside who answers for them.

One small read, kept apart so that it follows the RDF model wherever the model
puts these facts: the network rows (:mod:`graph.sparql.reads`) say who does
what; this says by when, and how far it has got.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from graph.store import GraphStore

__all__ = ["TaskFacts", "task_deadlines_and_statuses"]

# One fact a row, by UNION: a task with two deadlines (立行立改 and 长期坚持)
# would multiply with its statuses in one joined row.
_TASK_FACTS = """
SELECT ?task ?doc ?due ?deadline ?kind ?status ?completed WHERE {
  ?task dg:inDocument ?doc .
  { ?task dg:dueDate ?due }
  UNION { ?task dg:deadline ?d . ?d dg:deadlineText ?deadline }
  UNION { ?task dg:deadlineKind ?k BIND(STRAFTER(STR(?k), "#") AS ?kind) }
  UNION { ?task dg:progressStatus ?s BIND(STRAFTER(STR(?s), "#") AS ?status) }
  UNION { ?task dg:completed ?completed }
}
"""


@dataclass
class TaskFacts:
    """What the store says of one task's schedule and progress."""

    due: list[str] = field(default_factory=list)  # ISO dates
    deadlines: list[str] = field(default_factory=list)  # as written: 2017年底前, 长期坚持
    kinds: list[str] = field(default_factory=list)  # Immediate, LongTerm, Continuous, Dated
    statuses: list[str] = field(default_factory=list)  # Completed, InProgress …
    completed: bool = False


def task_deadlines_and_statuses(
    store: GraphStore, documents: Collection[str] | None = None
) -> dict[str, TaskFacts]:
    """Task IRI -> its due dates, deadline phrases, deadline kinds and progress statuses."""
    facts: dict[str, TaskFacts] = {}
    for row in store.select(_TASK_FACTS):
        if documents is not None and str(row["doc"]) not in documents:
            continue
        entry = facts.setdefault(str(row["task"]), TaskFacts())
        for key, values in (("due", entry.due), ("deadline", entry.deadlines), ("kind", entry.kinds),
                            ("status", entry.statuses)):
            value = row.get(key)
            if value is not None and str(value) and str(value) not in values:
                values.append(str(value))
        if str(row.get("completed") or "").lower() in ("true", "1"):
            entry.completed = True
    for entry in facts.values():
        entry.due.sort()
    return facts
