"""Bad input: a clear message naming the file and the reason, exit 1, and the store unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import JIANGXI


@pytest.fixture()
def stored(tmp_path: Path) -> tuple[CliRunner, str, bytes]:
    runner = CliRunner()
    db = str(tmp_path / "db")
    assert runner.invoke(main, ["--store", db, "ingest", str(JIANGXI)]).exit_code == 0
    dump = runner.invoke(main, ["--store", db, "export", "--format", "nq"]).stdout_bytes
    return runner, db, dump


BAD = {
    "empty.txt": (b"", "the file is empty"),
    "blank.txt": (b" \n\t\n", "the file is empty"),
    "binary.bin": (bytes(range(256)) * 4, "binary"),
    "english.txt": (b"This is a plain English memo about nothing in particular.\n" * 5, "not Chinese"),
    "latin1.txt": ("Rapport d'activit\xe9 \xe9t\xe9 \xe0 Paris\n".encode("latin-1") * 3, "unknown encoding"),
    "recipe.txt": ("今天天气很好,我们去公园散步,然后回家做饭。\n".encode(), "no problems, responsibilities"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_refused_and_store_unchanged(tmp_path: Path, stored: tuple[CliRunner, str, bytes],
                                                 name: str) -> None:
    runner, db, before = stored
    data, reason = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    # The good file again plus the bad one: nothing at all is written.
    result = runner.invoke(main, ["--store", db, "ingest", str(JIANGXI), str(path)])
    assert result.exit_code == 1
    assert name in result.stderr and reason in result.stderr, result.stderr
    after = runner.invoke(main, ["--store", db, "export", "--format", "nq"]).stdout_bytes
    assert after == before


def test_gbk_document_is_decoded_and_the_encoding_recorded(tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "gbk_plan.txt"
    path.write_bytes(JIANGXI.read_text(encoding="utf-8").encode("gb18030"))
    db = str(tmp_path / "db")
    result = runner.invoke(main, ["--store", db, "ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "(gb18030)" in result.stderr
    query = runner.invoke(main, ["--store", db, "query", "SELECT ?e WHERE { ?d dg:encoding ?e }", "--format", "csv"])
    assert query.stdout.splitlines() == ["e", "gb18030"]


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "db"), "ingest", str(tmp_path / "nope.txt")])
    assert result.exit_code in (1, 2)
    assert "nope.txt" in result.stderr
