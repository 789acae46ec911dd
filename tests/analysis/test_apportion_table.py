"""planner apportion: whole units from a weights table."""
from __future__ import annotations

from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()


def test_apportion_command(tmp_path):
    table = tmp_path / "votes.csv"
    table.write_text("party,votes,seats_wanted\nA,53,1\nB,24,1\nC,23,1\n")
    result = runner.invoke(app, ["apportion", str(table), "--total", "7", "--method", "dhondt"])
    assert result.exit_code == 0 and result.output == "name,units\nA,4\nB,2\nC,1\n"
    result = runner.invoke(app, ["apportion", str(table), "--total", "3", "--method", "hamilton",
                                 "--column", "seats_wanted"])
    assert result.output == "name,units\nA,1\nB,1\nC,1\n"
    assert runner.invoke(app, ["apportion", str(table), "--total", "7", "--method", "x"]).exit_code == 2
    result = runner.invoke(app, ["apportion", str(table), "--total", "2", "--method", "adams", "--min", "1"])
    assert result.exit_code == 2 and "less than the minimum" in result.output
