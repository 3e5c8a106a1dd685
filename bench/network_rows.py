"""Plan-shaped network rows of an exact size, for the view benchmark and the browser tests.

The rows have the shape :func:`graph.sparql.reads.network_rows` returns (assignment
rows and structure rows), so :func:`graph.analyze.network.build_network` turns
them into a network of exactly ``n_nodes`` nodes: a tenth units, a fifth
problems, the rest measures; every measure led by one unit and every problem
supported by three.  Deterministic: the same ``n_nodes`` gives the same rows.

>>> from graph.analyze.network import build_network
>>> build_network(*synthetic_rows(300)).number_of_nodes()
300
"""

from __future__ import annotations

from typing import Any

__all__ = ["synthetic_rows"]


def synthetic_rows(n_nodes: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return rows for a plan-shaped graph of exactly ``n_nodes`` nodes (units, problems, measures)."""
    n_units = max(5, n_nodes // 10)
    n_problems = max(1, n_nodes // 5)
    n_measures = n_nodes - n_units - n_problems
    base = "https://w3id.org/dutygraph/id/synthetic/"

    def duty(u: int, code: str, kind: str, role: str) -> dict[str, Any]:
        return {
            "agent": f"{base}unit/{u}",
            "agentLabel": f"测试单位{u}",
            "agentType": "Unit",
            "task": f"{base}task/{code}",
            "taskLabel": f"第{code}项整改任务的内容说明,较长的文字",
            "taskType": kind,
            "taskCode": code,
            "role": role,
            "quote": f"测试单位{u}(牵头负责第{code}条)",
            "doc": f"{base}doc",
            "docTitle": "合成测试方案",
            "start": 0,
            "end": 10,
            "line": 1,
        }

    assignments: list[dict[str, Any]] = []
    structure: list[dict[str, Any]] = []
    for i in range(n_problems):
        for k in range(3):
            assignments.append(duty((i * 3 + k) % n_units, str(i + 1), "Problem", "Support"))
    for m in range(n_measures):
        problem = m % n_problems + 1
        code = f"{problem}.{m // n_problems + 1}"
        assignments.append(duty(m * 7 % n_units, code, "Measure", "Lead"))
        structure.append(
            {
                "source": f"{base}task/{code}",
                "sourceLabel": "",
                "sourceType": "Measure",
                "target": f"{base}task/{problem}",
                "targetLabel": "",
                "targetType": "Problem",
                "relation": "ofProblem",
            }
        )
    return assignments, structure
