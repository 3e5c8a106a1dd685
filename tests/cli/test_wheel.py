"""A wheel built from the repository works outside the checkout (ontology and data shipped inside)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import JIANGXI, ROOT


@pytest.mark.slow  # builds the wheel, installs it with pip, then runs it in three new Python processes
def test_installed_wheel_runs_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    (wheel,) = wheels.glob("dutygraph-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    sample = work / "plan.txt"
    sample.write_bytes(JIANGXI.read_bytes())
    # The wheel's packages come first on the path; the checkout is not on it at all.
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    script = (
        "import graph, json, sys; from cli import main; "
        "print(json.dumps({'graph': graph.__file__}))"
    )
    where = subprocess.run([sys.executable, "-c", script], cwd=work, env=env, check=True,
                           capture_output=True, text=True)
    assert json.loads(where.stdout)["graph"].startswith(str(target))
    run = [sys.executable, "-c", "from cli import main; main()", "--store", str(work / "db")]
    ingest = subprocess.run([*run, "ingest", str(sample)], cwd=work, env=env, capture_output=True, text=True)
    assert ingest.returncode == 0, ingest.stderr
    assert "12 problems, 50 measures" in ingest.stderr
    owners = subprocess.run([*run, "who-owns", "6.3", "--format", "json"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert owners.returncode == 0, owners.stderr
    leads = {(r["task"], r["agent"]) for r in json.loads(owners.stdout) if r["role"] == "Lead"}
    assert ("6.3.4", "景德镇市政府") in leads
    assert (target / "graph" / "_assets" / "ontology" / "dutygraph.ttl").is_file()
