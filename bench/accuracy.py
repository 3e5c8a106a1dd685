"""Score the extractor against the hand-written gold of ``bench/labelled/``: precision, recall, F1.

    python -m bench.accuracy                  # every gold file, per document and micro-averaged
    python -m bench.accuracy --only henan     # gold files whose name contains "henan"
    python -m bench.accuracy --validate       # check the gold files' shape only, extract nothing
    python -m bench.accuracy --record         # also write the figures into bench/README.md and the
                                              # found-facts baseline that tests/documents/test_accuracy.py keeps

The gold format and the labelling rules are in ``bench/labelled/README.md``. Names are compared in
simplified characters without spaces or width differences; an agent also matches when the two
names differ only by a level prefix the text shared across a list (``省生态环境厅`` / ``生态环境厅``).
Real excerpts (``corpus:``, ``seed:``) and documents we wrote (``written:``) are reported apart.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.extract.document import extract_document
from graph.extract.reader import read_document
from graph.records import Document, Measure, Problem, ProgressStatus, Role
from graph.resolve import normalise

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "bench" / "labelled"
SHARED_CORPUS = ROOT / ".." / "shared" / "corpus"
SAMPLES = ROOT / "data" / "samples"
BASELINE = LABELLED / "baseline.json"
README = ROOT / "bench" / "README.md"
ROLES = tuple(role.value for role in Role)
STATUSES = tuple(status.value for status in ProgressStatus)
# Level prefixes a list shares (省住房城乡建设厅、生态环境厅): a name with or without one is the same agent.
_SHARED_PREFIXES = ("省", "市", "县", "区", "州", "盟", "旗", "自治区", "自治州", "省委", "市委", "县委")

Fact = tuple[str, str, str]  # (agent, role, task)


class GoldError(ValueError):
    """A gold file that does not follow bench/labelled/README.md."""


@dataclass
class Gold:
    """One gold file, read and checked."""

    path: Path
    source: str
    kind: str
    problems: list[dict[str, Any]] | None
    measures: list[dict[str, Any]] | None
    cases: list[dict[str, Any]]
    facts: list[Fact] | None
    leaders: list[str] | None
    regions: list[str] | None

    @property
    def written(self) -> bool:
        return self.source.startswith("written:")

    def text_path(self) -> Path:
        scheme, _, name = self.source.partition(":")
        if scheme == "corpus":
            return SHARED_CORPUS / name
        if scheme == "seed":
            return SAMPLES / name
        return self.path.parent / name


def _require(condition: bool, path: Path, message: str) -> None:
    if not condition:
        raise GoldError(f"{path.name}: {message}")


def _date(value: object, path: Path, where: str) -> str | None:
    if value is None:
        return None
    _require(isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None, path,
             f"{where}: due must be YYYY-MM-DD or null, not {value!r}")
    date.fromisoformat(str(value))
    return str(value)


def _items(data: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]] | None:
    if key not in data:
        return None
    items = data[key]
    _require(isinstance(items, list), path, f"{key} must be a list")
    seen: set[str] = set()
    for item in items:
        _require(isinstance(item, dict) and isinstance(item.get("code"), str), path, f"{key}: {item!r} has no code")
        code = item["code"]
        _require(re.fullmatch(r"\d+(\.\d+)*'?", code) is not None, path, f"{key}: bad code {code!r}")
        _require(code not in seen, path, f"{key}: code {code} twice")
        seen.add(code)
        _require(isinstance(item.get("anchor"), str) and len(item["anchor"]) >= 2, path, f"{key} {code}: no anchor")
        _date(item.get("due"), path, f"{key} {code}")
        status = item.get("status")
        _require(status is None or status in STATUSES, path, f"{key} {code}: unknown status {status!r}")
    return items


def load_gold(path: Path) -> Gold:
    """Read and check one gold file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    _require(isinstance(data, dict), path, "not a JSON object")
    source = data.get("source", "")
    _require(re.fullmatch(r"(corpus|seed|written):.+", source) is not None, path, f"bad source {source!r}")
    problems = _items(data, "problems", path)
    measures = _items(data, "measures", path)
    cases = data.get("cases", [])
    for case in cases:
        _require(isinstance(case, dict) and str(case.get("id", "")).startswith("case:") and case.get("anchor"),
                 path, f"case {case!r} needs an id case:… and an anchor")
    tasks = {"document"} | {p["code"] for p in problems or []} | {m["code"] for m in measures or []}
    tasks |= {c["id"] for c in cases}
    facts: list[Fact] | None = None
    if "facts" in data:
        facts = []
        for fact in data["facts"]:
            _require(isinstance(fact, list) and len(fact) == 3, path, f"fact {fact!r} is not [agent, role, task]")
            agent, role, task = fact
            _require(role in ROLES, path, f"fact {fact!r}: unknown role {role!r}")
            _require(task in tasks, path, f"fact {fact!r}: task {task!r} is no problem, measure or case of the file")
            facts.append((agent, role, task))
    for key in ("leaders", "regions"):
        _require(key not in data or isinstance(data[key], list), path, f"{key} must be a list")
    gold = Gold(path, source, data.get("kind", ""), problems, measures, cases, facts,
                data.get("leaders"), data.get("regions"))
    _require(gold.text_path().exists(), path, f"its document {gold.text_path()} does not exist")
    return gold


def gold_files(only: str | None = None) -> list[Path]:
    """Every gold file of the labelled set, real first."""
    paths = sorted((LABELLED / "real").glob("*.json")) + sorted((LABELLED / "written").glob("*.json"))
    return [p for p in paths if only is None or only in p.name]


# --- comparison ----------------------------------------------------------------------------------

def _key(name: str) -> str:
    return normalise(name).replace("(", "(").replace(")", ")")


def _same_agent(a: str, b: str) -> bool:
    if a == b:
        return True
    long, short = (a, b) if len(a) > len(b) else (b, a)
    return long.endswith(short) and long[: len(long) - len(short)] in _SHARED_PREFIXES


def _contains(text: str, anchor: str) -> bool:
    return _key(anchor) in _key(text)


@dataclass
class Score:
    """Counts for one document (or a sum of documents)."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    found: dict[str, list[str]] = field(default_factory=dict)  # gold items found, per measure (for the baseline)
    wrong: dict[str, list[str]] = field(default_factory=dict)  # what was found that the gold lacks

    def add(self, other: Score) -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)

    def count(self, metric: str, hits: Iterable[str], misses: Iterable[str], extra: Iterable[str] = ()) -> None:
        hits, misses, extra = list(hits), list(misses), list(extra)
        self.tp[metric] += len(hits)
        self.fn[metric] += len(misses)
        self.fp[metric] += len(extra)
        self.found[metric] = sorted(hits)
        self.wrong[metric] = sorted(extra)

    def precision(self, metric: str) -> float | None:
        n = self.tp[metric] + self.fp[metric]
        return self.tp[metric] / n if n else None

    def recall(self, metric: str) -> float | None:
        n = self.tp[metric] + self.fn[metric]
        return self.tp[metric] / n if n else None

    def f1(self, metric: str) -> float | None:
        p, r = self.precision(metric), self.recall(metric)
        if p is None and r is None:
            return None
        if p is None or r is None:  # nothing found, or nothing to find: one side is all wrong
            return 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _problem_text(problem: Problem) -> str:
    return " ".join(filter(None, [problem.label, problem.span.text, problem.target or ""]))


def _match_items(gold: list[dict[str, Any]], found: dict[str, str]) -> tuple[list[str], list[str]]:
    hits = [g["code"] for g in gold if g["code"] in found and _contains(found[g["code"]], g["anchor"])]
    misses = [g["code"] for g in gold if g["code"] not in hits]
    return hits, misses


def _due_of_problem(problem: Problem) -> set[date]:
    return {problem.deadline.due} if problem.deadline and problem.deadline.due else set()


def _due_of_measure(measure: Measure) -> set[date]:
    return {d.due for d in measure.deadlines if d.due}


def _case_ids(doc: Document, gold: Gold) -> dict[str, str]:
    """The gold case id of each case the extractor found (by the gold anchor in the case's text)."""
    ids: dict[str, str] = {}
    for problem in doc.problems:
        if problem.kind != "case":
            continue
        for case in gold.cases:
            if _contains(_problem_text(problem), case["anchor"]):
                ids[problem.code] = case["id"]
                break
    return ids


def found_facts(doc: Document, gold: Gold) -> set[Fact]:
    """The extractor's (agent, role, task) facts, with tasks named as the gold names them."""
    cases = _case_ids(doc, gold)
    facts: set[Fact] = set()
    for a in doc.assignments:
        if a.task_kind == "document":
            task = "document"
        else:
            task = cases.get(a.task, a.task)
        facts.add((_key(a.agent), a.role.value, task))
    return facts


def _match_facts(gold: Sequence[Fact], found: set[Fact]) -> tuple[list[Fact], list[Fact], list[Fact]]:
    """Pair gold facts with found ones (exact first, then by shared prefix): hits, misses, extras."""
    left = set(found)
    hits: list[Fact] = []
    misses: list[Fact] = []
    wanted = [(_key(agent), role, task) for agent, role, task in dict.fromkeys(gold)]
    pending: list[Fact] = []
    for fact in wanted:
        if fact in left:
            left.discard(fact)
            hits.append(fact)
        else:
            pending.append(fact)
    for fact in pending:
        match = next((f for f in sorted(left) if f[1:] == fact[1:] and _same_agent(f[0], fact[0])), None)
        if match is None:
            misses.append(fact)
        else:
            left.discard(match)
            hits.append(fact)
    return hits, misses, sorted(left)


def score(doc: Document, gold: Gold) -> Score:
    """Compare one extracted document with its gold."""
    s = Score()
    problems = {i.code: _problem_text(i) for i in doc.problems if i.kind != "case"}
    measures = {m.code: m.text for i in doc.problems for m in i.measures}
    if gold.problems is not None:
        hits, misses = _match_items(gold.problems, problems)
        gold_codes = {g["code"] for g in gold.problems}
        s.count("problem", hits, misses, [c for c in problems if c not in gold_codes])
    if gold.measures is not None:
        hits, misses = _match_items(gold.measures, measures)
        gold_codes = {g["code"] for g in gold.measures}
        s.count("measure", hits, misses, [c for c in measures if c not in gold_codes])
    problem_by_code = {i.code: i for i in doc.problems}
    measure_by_code = {m.code: m for i in doc.problems for m in i.measures}
    dated: list[tuple[str, bool]] = []
    statuses: list[tuple[str, bool]] = []
    for item in gold.problems or []:
        problem = problem_by_code.get(item["code"])
        if item.get("due"):
            due = date.fromisoformat(item["due"])
            dated.append((item["code"], problem is not None and due in _due_of_problem(problem)))
        if item.get("status"):
            got = problem.status.value if problem and problem.status else None
            statuses.append((item["code"], got == item["status"]))
    for item in gold.measures or []:
        measure = measure_by_code.get(item["code"])
        if item.get("due"):
            ok = measure is not None and date.fromisoformat(item["due"]) in _due_of_measure(measure)
            dated.append((item["code"], ok))
    s.count("due", [c for c, ok in dated if ok], [c for c, ok in dated if not ok])
    s.count("status", [c for c, ok in statuses if ok], [c for c, ok in statuses if not ok])
    if gold.facts is not None:
        found = found_facts(doc, gold)
        hits, misses, extra = _match_facts(gold.facts, found)
        for role in ROLES:
            s.count(f"role:{role}", [_fmt(f) for f in hits if f[1] == role], [_fmt(f) for f in misses if f[1] == role],
                    [_fmt(f) for f in extra if f[1] == role])
        s.count("fact", [_fmt(f) for f in hits], [_fmt(f) for f in misses], [_fmt(f) for f in extra])
        # Agent-task pairs: the role set aside.
        gold_pairs = [(a, "", t) for a, _, t in gold.facts]
        pair_hits, pair_misses, pair_extra = _match_facts(gold_pairs, {(a, "", t) for a, _, t in found})
        s.count("agent-task", [_fmt(f) for f in pair_hits], [_fmt(f) for f in pair_misses],
                [_fmt(f) for f in pair_extra])
    if gold.leaders is not None:
        wanted = {_key(n) for n in gold.leaders}
        got = {_key(leader.name) for leader in doc.leaders if leader.name not in leader.posts}
        s.count("leader", sorted(wanted & got), sorted(wanted - got), sorted(got - wanted))
    if gold.regions is not None:
        wanted = {_key(n) for n in gold.regions}
        got = {_key(r.name) for r in doc.regions}
        s.count("region", sorted(wanted & got), sorted(wanted - got), sorted(got - wanted))
    return s


def _fmt(fact: Fact) -> str:
    agent, role, task = fact
    return f"{agent} {role} {task}" if role else f"{agent} {task}"


def extract_gold_document(gold: Gold) -> Document:
    """Extract the document a gold file labels, as `dutygraph ingest` would read it."""
    return extract_document(read_document(gold.text_path()))


# --- report --------------------------------------------------------------------------------------

COLUMNS = (
    ("agent-task F1", "agent-task", "f1"),
    ("fact F1", "fact", "f1"),
    ("problem R", "problem", "recall"),
    ("measure R", "measure", "recall"),
    ("due", "due", "recall"),
    ("leader P", "leader", "precision"),
    ("leader R", "leader", "recall"),
    ("region R", "region", "recall"),
)


def _cell(s: Score, metric: str, how: str) -> str:
    value = getattr(s, how)(metric)
    return "—" if value is None else f"{value:.2f}"


def table(rows: list[tuple[str, Score]]) -> list[str]:
    head = "| document | " + " | ".join(c[0] for c in COLUMNS) + " |"
    lines = [head, "| --- |" + " ---: |" * len(COLUMNS)]
    for name, s in rows:
        lines.append(f"| {name} | " + " | ".join(_cell(s, m, how) for _, m, how in COLUMNS) + " |")
    return lines


def role_table(total: Score) -> list[str]:
    lines = ["| role | gold | found | precision | recall | F1 |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for role in ROLES:
        m = f"role:{role}"
        gold_n, found_n = total.tp[m] + total.fn[m], total.tp[m] + total.fp[m]
        if gold_n or found_n:
            lines.append(f"| {role} | {gold_n} | {found_n} | {_cell(total, m, 'precision')} | "
                         f"{_cell(total, m, 'recall')} | {_cell(total, m, 'f1')} |")
    return lines


# A numbered item closing with a responsibility clause, as the text is published (before any reading).
_CLAUSE_ITEM = re.compile(r"(?m)^\s*(?:\d{1,3}[.、．]|[(（]\d{1,2}[)）]|[①-⑳]).{4,}?(?:牵头单位|责任单位|牵头)[^\n]*$")


def clause_items_unread(doc: Document) -> bool:
    """Whether a document has numbered items carrying responsibility clauses but no measure was read."""
    has_items = len(_CLAUSE_ITEM.findall(doc.text)) >= 2
    return has_items and not any(problem.measures for problem in doc.problems)


def evaluate(paths: Sequence[Path]) -> list[tuple[Gold, Score]]:
    """Extract and score every gold file's document."""
    results = []
    for gold in map(load_gold, paths):
        doc = extract_gold_document(gold)
        s = score(doc, gold)
        s.count("clause-items-unread", [], [gold.path.stem] if clause_items_unread(doc) else [])
        results.append((gold, s))
    return results


def report(results: list[tuple[Gold, Score]], *, details: bool = False) -> list[str]:
    out: list[str] = []
    for label, group in (("real", [r for r in results if not r[0].written]),
                         ("written", [r for r in results if r[0].written])):
        if not group:
            continue
        total = Score()
        for _, s in group:
            total.add(s)
        out.append(f"### {label} documents ({len(group)})")
        out.append("")
        rows = [(g.path.stem, s) for g, s in group] + [(f"**micro-average, {label}**", total)]
        out += table(rows)
        out.append("")
        out += role_table(total)
        out.append("")
        if details:
            for gold, s in group:
                for metric in ("fact", "problem", "measure", "due", "leader", "region"):
                    extra = s.wrong.get(metric, [])
                    lost = _lost(gold, s, metric)
                    if extra or lost:
                        out.append(f"- {gold.path.stem} {metric}: missed {lost} extra {extra}")
            out.append("")
    grand = Score()
    for _, s in results:
        grand.add(s)
    out += table([("**micro-average, all**", grand)])
    unread = [g.path.stem for g, s in results if s.fn["clause-items-unread"]]
    out += ["", f"Documents with numbered items carrying responsibility clauses and no measure read: "
                f"{len(unread)}" + (f" ({', '.join(unread)})" if unread else "")]
    return out


def _lost(gold: Gold, s: Score, metric: str) -> list[str]:
    found = set(s.found.get(metric, []))
    if metric == "fact":
        wanted = [_fmt((_key(a), r, t)) for a, r, t in gold.facts or []]
    elif metric == "problem":
        wanted = [p["code"] for p in gold.problems or []]
    elif metric == "measure":
        wanted = [m["code"] for m in gold.measures or []]
    elif metric == "due":
        wanted = [i["code"] for i in (gold.problems or []) + (gold.measures or []) if i.get("due")]
    elif metric == "leader":
        wanted = [_key(n) for n in gold.leaders or []]
    else:
        wanted = [_key(n) for n in gold.regions or []]
    return [w for w in dict.fromkeys(wanted) if w not in found]


def baseline(results: list[tuple[Gold, Score]]) -> dict[str, dict[str, dict[str, list[str]]]]:
    """What each document gets right and wrong today, for tests/documents/test_accuracy.py to hold."""
    return {
        gold.path.name: {"found": s.found, "wrong": s.wrong}
        for gold, s in results
    }


def _record(lines: list[str], results: list[tuple[Gold, Score]]) -> None:
    BASELINE.write_text(json.dumps(baseline(results), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    start, end = "<!-- accuracy:start -->", "<!-- accuracy:end -->"
    text = README.read_text(encoding="utf-8")
    block = "\n".join([start, f"Recorded {date.today().isoformat()} by `python -m bench.accuracy --record`.", "",
                       *lines, end])
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n## Accuracy: `bench/accuracy.py`\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="gold files whose name contains this")
    parser.add_argument("--validate", action="store_true", help="check the gold files only")
    parser.add_argument("--details", action="store_true", help="list what each document missed and added")
    parser.add_argument("--record", action="store_true", help="write bench/README.md's figures and the baseline")
    args = parser.parse_args(argv)
    paths = gold_files(args.only)
    if not paths:
        print("no gold files", file=sys.stderr)
        return 1
    if args.validate:
        errors = 0
        for path in paths:
            try:
                load_gold(path)
            except (GoldError, ValueError, KeyError) as error:
                errors += 1
                print(error, file=sys.stderr)
        print(f"{len(paths) - errors} of {len(paths)} gold files valid")
        return 1 if errors else 0
    results = evaluate(paths)
    lines = report(results, details=args.details)
    print("\n".join(lines))
    if args.record:
        _record(report(results), results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
