"""``shisaku fy``: one TAB-separated line per input."""

from __future__ import annotations

from typer.testing import CliRunner

from shisaku.cli.main import app

runner = CliRunner()


def test_fy_reads_what_people_type() -> None:
    result = runner.invoke(app, ["fy", "H33", "令和3年度", "R3", "２０２１", "2021", "平成30年度"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "H33\t2021\t令和3年度",
        "令和3年度\t2021\t令和3年度",
        "R3\t2021\t令和3年度",
        "２０２１\t2021\t令和3年度",
        "2021\t2021\t令和3年度",
        "平成30年度\t2018\t平成30年度",
    ]


def test_fy_of_a_date() -> None:
    result = runner.invoke(app, ["fy", "2019-04-01", "2019-03-31"])
    assert result.stdout.splitlines() == [
        "2019-04-01\t2019\t令和元年度",
        "2019-03-31\t2018\t平成30年度",
    ]


def test_fy_exits_1_when_any_input_is_unreadable() -> None:
    result = runner.invoke(app, ["fy", "R3", "令和", "21", "2021-02-30"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "R3\t2021\t令和3年度"
    assert [line.split("\t")[1] for line in lines[1:]] == ["error", "error", "error"]
    assert "令和" in lines[1]
