"""Bad input: a clear message naming the file and the reason, exit 1, and the store unchanged."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from cli import main
from graph.extract.document import extract_file
from graph.extract.reader import DEFAULT_MAX_SIZE, format_size, parse_size, read_document
from graph.ingest import summarise
from tests.support.paths import JIANGXI, ROOT


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The Jiangxi plan ingested by the command line, once for the module, and its N-Quads export."""
    runner = CliRunner()
    db = tmp_path_factory.mktemp("stored") / "db"
    assert runner.invoke(main, ["--store", str(db), "ingest", str(JIANGXI)]).exit_code == 0
    dump = runner.invoke(main, ["--store", str(db), "export", "--format", "nq"]).stdout_bytes
    return db, dump


@pytest.fixture()
def stored(tmp_path: Path, pristine: tuple[Path, bytes]) -> tuple[CliRunner, str, bytes]:
    """A store of its own for each test to write to: a copy of the pristine one, with its export."""
    source, dump = pristine
    db = tmp_path / "db"
    shutil.copytree(source, db)
    return CliRunner(), str(db), dump


def _zip_of_text() -> bytes:
    """A .docx that is really a ZIP of something else (a text file and a manifest)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("data/plan.txt", JIANGXI.read_text(encoding="utf-8"))
    return buffer.getvalue()


def _pdf_without_text() -> bytes:
    """A PDF of two pages holding drawings only, as a scan without OCR does: no text layer."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for _ in range(2):
        pdf.rect(50, 100, 400, 560, fill=1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _gb18030_damaged(bad_bytes: int) -> bytes:
    """The Jiangxi plan in GB18030 with ``bad_bytes`` lines each starting with a byte no codec reads (0xFF)."""
    lines = JIANGXI.read_text(encoding="utf-8").split("\n")
    damaged = set(range(1, len(lines), max(1, len(lines) // bad_bytes))[:bad_bytes])
    return b"\n".join((b"\xff" if i in damaged else b"") + line.encode("gb18030") for i, line in enumerate(lines))


# Each bad file and the message it gets, in full (the charset guess of latin1.txt aside, which is
# charset-normalizer's).
BAD = {
    "empty.txt": (b"", "the file is empty"),
    "blank.txt": (b" \n\t\n", "the file is empty"),
    "ideographic_spaces.txt": ("\u3000\u3000\n\u3000\r\n".encode(), "the file holds only whitespace"),
    "fake.docx": (_zip_of_text(),
                  "this is a ZIP archive, not a Word .docx file: unpack it and ingest the documents inside"),
    "scan.pdf": (_pdf_without_text(), "this is a scanned PDF without a text layer (2 page(s) of images, no "
                                      "characters): there is no text to read; run OCR on it first and ingest the text"),
    "damaged_gbk.txt": (_gb18030_damaged(400), "damaged text: it reads as gb18030, but at 334 places its bytes "
                                               "decode in no encoding (at most 31 are repaired): the file is damaged "
                                               "or mixes several encodings; convert it to UTF-8 and retry"),
    "binary.bin": (bytes(range(256)) * 4, "this is a binary file, not text (it contains NUL bytes)"),
    "english.txt": (b"This is a plain English memo about nothing in particular.\n" * 5,
                    "unrecognisable: the text is not Chinese, so it cannot be a rectification document"),
    "latin1.txt": ("Rapport d'activit\xe9 \xe9t\xe9 \xe0 Paris\n".encode("latin-1") * 3,
                   "unknown encoding: not UTF-8, GB18030/GBK or Big5 (it looks like"),
    "recipe.txt": ("今天天气很好,我们去公园散步,然后回家做饭。\n".encode(),
                   "unrecognisable: no problems, responsibilities, leading groups or progress figures were found "
                   "(is this a rectification plan or progress report?)"),
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
    assert f"Error: {path}: {reason}" in result.stderr, result.stderr
    assert result.stderr.rstrip().endswith(" — nothing was stored")
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


# --- a size limit: files over it are refused by their size, unread ---------------------------------------


def test_a_file_over_the_size_limit_is_refused_unread_and_the_store_unchanged(
        tmp_path: Path, stored: tuple[CliRunner, str, bytes]) -> None:
    runner, db, before = stored
    huge = tmp_path / "huge_plan.txt"
    with huge.open("wb") as handle:  # sparse: 6 GB on paper, nothing on disk; reading it would take minutes
        handle.truncate(6 * 10**9)
    result = runner.invoke(main, ["--store", db, "ingest", str(JIANGXI), str(huge)])
    assert result.exit_code == 1
    assert (f"{huge}: the file is 6 GB, over the size limit of {format_size(DEFAULT_MAX_SIZE)}, and was not read: "
            "if it is one document, raise the limit (dutygraph ingest --max-size 6001MB, or $DUTYGRAPH_MAX_SIZE)"
            ) in result.stderr
    assert runner.invoke(main, ["--store", db, "export", "--format", "nq"]).stdout_bytes == before


def test_the_size_limit_is_set_by_option_or_environment_and_a_corpus_skips_the_large_file(
        tmp_path: Path, stored: tuple[CliRunner, str, bytes]) -> None:
    runner, db, before = stored
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_bytes(JIANGXI.read_bytes())  # 45 KB
    small = corpus / "recipe.txt"
    small.write_text("今天天气很好。\n", encoding="utf-8")
    too_big = runner.invoke(main, ["--store", db, "ingest", str(corpus / "plan.txt"), "--max-size", "20KB"])
    assert too_big.exit_code == 1 and "over the size limit of 20 KB" in too_big.stderr
    by_env = runner.invoke(main, ["--store", db, "ingest", str(corpus / "plan.txt")],
                           env={"DUTYGRAPH_MAX_SIZE": "40KiB"})
    assert by_env.exit_code == 1 and "over the size limit of 41 KB" in by_env.stderr
    assert runner.invoke(main, ["--store", db, "export", "--format", "nq"]).stdout_bytes == before
    # In a directory the large file is reported and skipped, the others go on (recipe.txt fails for its text).
    result = runner.invoke(main, ["--store", db, "ingest", str(corpus), "--max-size", "20KB"])
    assert result.exit_code == 1
    assert f"{corpus / 'plan.txt'}: the file is 45.4 KB, over the size limit of 20 KB" in result.stderr
    assert runner.invoke(main, ["--store", db, "export", "--format", "nq"]).stdout_bytes == before
    raised = runner.invoke(main, ["--store", db, "ingest", str(corpus / "plan.txt"), "--max-size", "1MB"])
    assert raised.exit_code == 0, raised.output
    wrong = runner.invoke(main, ["--store", db, "ingest", str(small), "--max-size", "lots"])
    assert wrong.exit_code == 2 and "'lots' is not a size" in wrong.stderr


def test_human_sizes() -> None:
    assert [parse_size(s) for s in ("20MB", "20 mb", "1.5GB", "500k", "64MiB", "2KiB", "1048576")] == [
        20_000_000, 20_000_000, 1_500_000_000, 500_000, 64 * 2**20, 2048, 1_048_576]
    for bad in ("", "MB", "-5MB", "0", "5 TB", "1e3"):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert format_size(DEFAULT_MAX_SIZE) == "50 MB" and format_size(73_400_000) == "73.4 MB"


def test_a_device_without_a_size_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(Exception, match="holds more than the size limit of 1 KB and was not read past it"):
        read_document("/dev/zero", max_size=1000)


# --- damage that is repaired, with a warning naming what was done: a partial result ------------------------


def ingest_one(runner: CliRunner, db: str, path: Path) -> str:
    result = runner.invoke(main, ["--store", db, "ingest", str(path)])
    assert result.exit_code == 0, result.output
    return result.stderr


def test_utf8_cut_in_the_middle_of_the_last_character_keeps_the_rest(tmp_path: Path) -> None:
    data = JIANGXI.read_bytes().rstrip(b"\n")
    assert data[-3:].decode("utf-8")  # the plan ends on a Chinese character: three bytes, of which one is cut
    cut = tmp_path / "cut_plan.txt"
    cut.write_bytes(data[:-1])
    document, whole = extract_file(cut), extract_file(JIANGXI)
    assert document.text == whole.text.rstrip("\n")[:-1]
    assert summarise(document, 0).counts == summarise(whole, 0).counts
    stderr = ingest_one(CliRunner(), str(tmp_path / "db"), cut)
    assert (f"warning: line {whole.text.rstrip().count(chr(10)) + 1}: the file ends in the middle of a character "
            "(it was cut short?): its last 2 byte(s) were left out") in stderr
    assert "cut_plan.txt: plan" in stderr  # the warning stands under the file's name


def test_gb18030_with_a_utf8_paragraph_decodes_each_line_in_its_own_encoding(tmp_path: Path) -> None:
    lines = JIANGXI.read_text(encoding="utf-8").split("\n")
    mixed = tmp_path / "mixed_plan.txt"
    mixed.write_bytes("\n".join(lines[:200]).encode("gb18030") + b"\n" + "\n".join(lines[200:215]).encode("utf-8")
                      + b"\n" + "\n".join(lines[215:]).encode("gb18030"))
    raw = read_document(mixed)
    assert raw.text == "\n".join(lines) and raw.encoding == "gb18030+utf_8"
    stderr = ingest_one(CliRunner(), str(tmp_path / "db"), mixed)
    assert "(gb18030+utf_8)" in stderr
    assert ("warning: line 201: mixed encodings: lines 201-215 are utf_8, the rest gb18030; each line was decoded "
            "with its own encoding") in stderr


def test_a_few_undecodable_bytes_become_replacement_characters_with_a_warning(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged_plan.txt"
    damaged.write_bytes(_gb18030_damaged(3))
    raw = read_document(damaged)
    assert raw.encoding == "gb18030" and raw.text.count("\ufffd") == 3
    assert raw.text.replace("\ufffd", "") == JIANGXI.read_text(encoding="utf-8")
    stderr = ingest_one(CliRunner(), str(tmp_path / "db"), damaged)
    assert "bytes that are not gb18030 were replaced by U+FFFD (�) on lines 2, 113, 224: the quotes there are " \
           "damaged" in stderr
    # The U+FFFD at the start of line 113 stands before 附:…清单: the checklist is still found after it.
    assert [(m.code, m.text) for i in extract_file(damaged).problems for m in i.measures] == \
           [(m.code, m.text) for i in extract_file(JIANGXI).problems for m in i.measures]


def test_a_document_that_repeats_itself_is_read_once(tmp_path: Path) -> None:
    text = JIANGXI.read_text(encoding="utf-8")
    twice = tmp_path / "twice_plan.txt"
    twice.write_text(text + "\n" + text, encoding="utf-8")
    document, once = extract_file(twice), extract_file(JIANGXI)
    assert summarise(document, 0).counts == summarise(once, 0).counts
    assert summarise(document, 0).roles == summarise(once, 0).roles
    assert [(i.code, i.label) for i in document.problems] == [(i.code, i.label) for i in once.problems]
    first = text.count("\n") + 2
    assert [n.message for n in document.warnings if n.line == first] == [
        f"lines {first}-{2 * first - 2} repeat the document from its first line word for word (it was saved or "
        "pasted twice?): the repeat was left out"]


def test_deeply_nested_headings_give_what_is_there_without_recursion(tmp_path: Path) -> None:
    lines = ["某市贯彻落实中央环境保护督察反馈意见整改情况", ""]
    for number, code in enumerate("一二三", start=1):
        lines += [f"{code}、关于“城市黑臭水体整治进展缓慢”问题的整改情况{number}",
                  "整改目标:2018年底前基本消除建成区黑臭水体。", "整改措施:"]
        lines += [f"{style}市住建局牵头,会同市水务局推进截污纳管工程建设。"
                  for style in ("(一)", "1.", "(1)", "⑴", "①", "一是")]
        # Sixty levels of dotted numbering under them, each deeper than the last.
        lines += [".".join(["1"] * depth) + f" 市住建局牵头,会同市水务局推进第{depth}层级截污纳管工程建设。"
                  for depth in range(2, 60)]
    nested = tmp_path / "nested_report.txt"
    nested.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = extract_file(nested)
    assert [(i.code, len(i.measures)) for i in document.problems] == [("1", 1), ("2", 1), ("3", 1)]
    duties = {(a.role.value, a.agent) for a in document.assignments}
    assert {("lead", "市住建局"), ("support", "市水务局")} <= {(role, agent.split("/")[-1]) for role, agent in duties}


def _unit_names(count: int) -> list[str]:
    """``count`` distinct county-level unit names (县名 + 局), from the gazetteer."""
    with (ROOT / "data" / "gazetteer" / "regions.csv").open(encoding="utf-8") as handle:
        counties = dict.fromkeys(row["name"] for row in csv.DictReader(handle) if row["level"] == "county")
    # 和/与/及 inside a name (和平区, 南和县) is read as a conjunction: a known gap, tested apart below.
    plain = [name for name in counties if not any(word in name for word in "和与及")]
    bodies = ("环保局", "住建局", "水务局", "农业局", "林业局", "国土资源局", "城管局", "公安局")
    return [county + body for county in plain for body in bodies][:count]


def _plan_with_units(names: list[str]) -> str:
    return ("某省贯彻落实中央环境保护督察反馈意见整改方案\n\n附:某省贯彻落实中央环境保护督察反馈意见问题整改清单\n\n"
            "一、部分地区大气污染防治工作滞后,细颗粒物浓度同比上升。\n\n整改目标:到2018年底,细颗粒物浓度达到国家考核目标。\n\n"
            "整改时限:2018年底前\n\n整改措施:\n\n1、全面开展燃煤小锅炉淘汰工作。\n\n"
            "责任单位:" + "、".join(names) + "。\n")


@pytest.mark.slow
def test_a_list_of_ten_thousand_units_gives_ten_thousand_responsibilities(tmp_path: Path) -> None:
    names = _unit_names(10_000)
    assert len(set(names)) == 10_000
    plan = tmp_path / "units_plan.txt"
    plan.write_text(_plan_with_units(names), encoding="utf-8")
    runner, db = CliRunner(), str(tmp_path / "db")
    stderr = ingest_one(runner, db, plan)
    assert "10000 units" in stderr and "10000 responsible" in stderr
    # Every one of them, none capped: a list is as long as the document makes it.
    query = ("SELECT (COUNT(DISTINCT ?name) AS ?n) WHERE { ?u dg:responsibleFor ?problem ; rdfs:label ?name . "
             "?problem dg:code '1' }")
    answer = runner.invoke(main, ["--store", db, "query", query, "--format", "csv"])
    assert answer.stdout.split() == ["n", "10000"]


def test_a_unit_named_with_he_stays_whole(tmp_path: Path) -> None:
    plan = tmp_path / "he_plan.txt"
    plan.write_text(_plan_with_units(["和平区环保局", "南和县住建局", "省环保厅"]), encoding="utf-8")
    assert {u.name for u in extract_file(plan).units} == {"和平区环保局", "南和县住建局", "省环保厅"}


# -- where the store is ------------------------------------------------------------------------------


def test_a_store_in_a_folder_not_made_yet_is_made(tmp_path: Path) -> None:
    db = tmp_path / "out" / "nested" / "new.db"
    result = CliRunner().invoke(main, ["--store", str(db), "ingest", str(JIANGXI)])
    assert result.exit_code == 0, result.output
    assert "stored 1 document(s)" in result.stderr and db.is_dir()


def test_a_store_that_cannot_be_made_says_why_and_not_that_it_is_in_use(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["--store", str(blocker / "db"), "ingest", str(JIANGXI)])
    assert result.exit_code == 1
    assert str(blocker / "db") in result.stderr and "cannot open the store" in result.stderr
    assert "another dutygraph process" not in result.stderr


def test_a_store_another_process_holds_says_so(tmp_path: Path) -> None:
    from graph.store import open_store

    db = tmp_path / "db"
    with open_store(str(db)):  # this process holds the store's lock, as a running ingest would
        result = CliRunner().invoke(main, ["--store", str(db), "ingest", str(JIANGXI)])
    assert result.exit_code == 1
    assert "another dutygraph process" in result.stderr and str(db) in result.stderr
