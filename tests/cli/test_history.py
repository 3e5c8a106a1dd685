"""A problem's life across documents on the command line: history, overdue, who-owns and the saved
queries problem-history, reported-done and unreported.

The seed plan (data/samples/000_*.txt) is stored with a progress report written for these tests in
the shape of a province's report (每项以《整改方案》第N项 开头, a signature and a date at the end):
problem 三 completed, 九 not.  A later report, and a sign-off notice, then change what is current.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.support.paths import JIANGXI
from tests.test_link import JIANGXI_REPORT

# Half a year later: 三 has slipped back to in progress (a later statement is the current one).
LATER_REPORT = """江西省贯彻落实中央环境保护督察反馈意见整改进展情况(第二期)
一、《整改方案》第三项:部分城市空气质量下降。
整改进展情况:正在推进整改。
江西省环境保护督察整改工作领导小组办公室
2018年12月30日
"""

SIGN_OFF = """江西省中央环境保护督察反馈意见整改任务验收销号公示
一、《整改方案》第三项:部分城市空气质量下降。
整改完成情况:已完成整改,已验收销号。
江西省环境保护督察整改工作领导小组办公室
2019年3月1日
"""


def _run(store: Path | str, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def _overdue(store: Path) -> dict[str, tuple[str, str]]:
    out, _ = _run(store, "query", "overdue", "--param", "as_of=2019-01-01", "--format", "json")
    return {row["code"]: (row["standing"], row["current"]) for row in json.loads(out)}


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    (tmp_path / "jx_report.txt").write_text(JIANGXI_REPORT, encoding="utf-8")
    shutil.copy(JIANGXI, tmp_path / JIANGXI.name)
    return tmp_path / "db"


def test_a_report_saying_three_is_done_takes_it_out_of_overdue(store: Path) -> None:
    _run(store, "ingest", str(JIANGXI))
    before = _overdue(store)
    assert before["3.2"] == ("overdue", "") and before["8"] == ("overdue", "")
    _run(store, "ingest", str(store.parent / "jx_report.txt"))
    after = _overdue(store)
    # 三's measures were due 2017年底: reported done, they are listed apart, not as overdue.
    assert after["3.2"] == after["3.4"] == after["3.5"] == ("done, not signed off", "Completed")
    assert after["8"] == ("overdue", "")
    assert set(after) == set(before)
    _, err = _run(store, "overdue", "--as-of", "2019-01-01")
    assert "3 past due reported done but not signed off" in err


def test_history_gives_owners_then_statements_with_source_and_quote(store: Path) -> None:
    _run(store, "ingest", str(store.parent / "jx_report.txt"), str(JIANGXI))
    out, err = _run(store, "history", "三", "--format", "json")
    assert "Lead: 省环保厅, 省工信委, 省住建厅, 省公安厅" in err
    assert "current status: Completed (2018-06-30, jx_report line 4)" in err
    [row] = json.loads(out)
    assert (row["date"], row["status"], row["current"], row["via"], row["document"], row["line"]) == (
        "2018-06-30", "Completed", True, "linked", "jx_report", 4)
    assert row["quote"].startswith("整改进展情况:已完成整改。")
    out, err = _run(store, "history", "九", "--format", "json")
    assert [(r["status"], r["line"]) for r in json.loads(out)] == [("NotCompleted", 6)]
    assert "current status: NotCompleted (2018-06-30, jx_report line 6)" in err
    _, err = _run(store, "who-owns", "三")
    assert "current status: Completed (2018-06-30, jx_report line 4)" in err


def test_the_latest_statement_is_current_and_a_sign_off_ends_overdue(store: Path) -> None:
    later = store.parent / "jx_report_2.txt"
    later.write_text(LATER_REPORT, encoding="utf-8")
    _run(store, "ingest", str(store.parent / "jx_report.txt"), str(JIANGXI), str(later))
    out, _ = _run(store, "history", "三", "--document", "000_", "--format", "json")
    assert [(r["date"], r["status"], r["current"]) for r in json.loads(out)] == [
        ("2018-06-30", "Completed", False), ("2018-12-30", "InProgress", True)]
    assert _overdue(store)["3.2"] == ("overdue", "InProgress")
    signed = store.parent / "jx_signoff.txt"
    signed.write_text(SIGN_OFF, encoding="utf-8")
    _run(store, "ingest", str(signed))
    assert "3.2" not in _overdue(store)
    out, _ = _run(store, "query", "reported-done", "--param", "province=江西", "--format", "json")
    assert [(r["code"], r["status"], r["signedOff"], r["place"]) for r in json.loads(out)] == [
        ("3", "SignedOff", True, "江西省")]


def test_unreported_lists_problems_past_due_that_no_report_speaks_of(store: Path) -> None:
    _run(store, "ingest", str(JIANGXI))
    out, _ = _run(store, "query", "unreported", "--param", "as_of=2019-01-01", "--format", "json")
    assert [r["code"] for r in json.loads(out)] == ["8"]
    later = store.parent / "jx_report_8.txt"
    later.write_text(LATER_REPORT.replace("第三项:部分城市空气质量下降", "第八项:昌铜高速规划不符合环评要求"),
                     encoding="utf-8")
    _run(store, "ingest", str(later))
    out, _ = _run(store, "query", "unreported", "--param", "as_of=2019-01-01", "--format", "json")
    assert json.loads(out) == []


def test_history_of_an_unknown_problem_fails_cleanly(store: Path) -> None:
    _run(store, "ingest", str(JIANGXI))
    result = CliRunner().invoke(main, ["--store", str(store), "history", "九十九"])
    assert result.exit_code == 1
    assert "九十九" in result.stderr


# Rebounds: Liaoning's first-round plan, a first-round report saying its 十四 is done, then the
# province's look-back plan raising that task again (一、(第一轮第十四项)…).
FIRST_ROUND_REPORT = """辽宁省贯彻落实中央第三环境保护督察组第一轮督察反馈意见整改进展情况
一、《整改方案》第十四项:部分自然保护区内违规开发建设问题突出。
整改进展情况:已完成整改。
辽宁省环境保护督察整改工作领导小组办公室
2017年12月30日
"""

LOOK_BACK_RAISING = """辽宁省贯彻落实中央生态环境保护督察“回头看”反馈意见整改方案
一、(第一轮第十四项)部分自然保护区内违规开发建设问题反弹,违规项目再次出现。
整改目标:2019年底前,完成保护区内新增违规项目清理整治。
整改措施:
1.开展自然保护区违规项目再排查。
责任单位:省生态环境厅(牵头),省林业和草原局
二、部分城市黑臭水体整治不彻底。
整改目标:2019年底前,城市建成区黑臭水体基本消除。
整改措施:
1.开展黑臭水体排查整治。
责任单位:省住房城乡建设厅(牵头)
"""


def test_a_problem_reported_done_and_raised_again_by_the_look_back_is_a_rebound(tmp_path: Path,
                                                                               fresh_location: str) -> None:
    from tests.test_link import FIRST_ROUND_PLAN

    files = {"ln_first_plan.txt": FIRST_ROUND_PLAN, "ln_first_report.txt": FIRST_ROUND_REPORT,
             "ln_lookback.txt": LOOK_BACK_RAISING}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = fresh_location
    # The look-back plan first: the rebound is found whichever document arrives last.
    _run(store, "ingest", str(tmp_path / "ln_lookback.txt"))
    _run(store, "ingest", str(tmp_path / "ln_first_plan.txt"), str(tmp_path / "ln_first_report.txt"))
    out, _ = _run(store, "query", "rebounds", "--param", "province=辽宁", "--format", "json")
    [row] = json.loads(out)
    assert (row["code"], row["doneStatus"], row["doneDate"], row["laterRound"], row["laterCode"], row["laterLine"]) == (
        "14", "Completed", "2017-12-30", "LookBack", "1", 2)
    assert row["laterQuote"].startswith("(第一轮第十四项)部分自然保护区")
    _, err = _run(store, "history", "十四", "--document", "ln_first_plan")
    assert "raised again: problem 1 of ln_lookback (LookBack) line 2" in err
    # The look-back plan's own problem 二 names no earlier task: no rebound, no link.
    out, _ = _run(store, "query", "problem-history", "--param", "task=十四", "--format", "json")
    assert [r["status"] for r in json.loads(out)] == ["Completed"]


def test_history_of_a_code_two_stored_plans_share_names_their_documents_and_asks_for_one(store: Path) -> None:
    # A second plan with a problem 三: the seed plan as another city's copy of it.
    copy = store.parent / "jx_copy_plan.txt"
    copy.write_text("江西省某市\n" + JIANGXI.read_text(encoding="utf-8"), encoding="utf-8")
    _run(store, "ingest", str(JIANGXI), str(copy), str(store.parent / "jx_report.txt"))
    result = CliRunner().invoke(main, ["--store", str(store), "history", "三"])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].endswith(f"choose one with --document (part of its id or title), e.g. dutygraph history 三 "
                             f"--document {JIANGXI.stem}:")
    assert "in 2 stored documents" in lines[0]
    assert [line.split(" ", 3)[2] for line in lines[1:]] == [JIANGXI.stem, "jx_copy_plan"]
    out, err = _run(store, "history", "三", "--document", "jx_copy", "--format", "json")
    assert json.loads(out) == [] and "current status: no status statement" in err
