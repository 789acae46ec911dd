"""The planner command end to end on the shipped default scenario."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.paths import SCENARIO_DIR
from planner.run import pipeline
from planner.scenario.vocabulary import SOLVER_NAMES

runner = CliRunner()


BASELINE = SCENARIO_DIR / "osce-baseline.yaml"


def test_solve_writes_the_four_files_and_exits_0(baseline):
    result, out = baseline, baseline.out
    assert result.exit_code == 0, result.output
    for name in ("allocation.csv", "states.csv", "missions.csv", "summary.json"):
        assert (out / name).stat().st_size > 0
    assert "osce-baseline: optimal" in result.output


def test_baseline_files_have_the_documented_columns(baseline):
    out = baseline.out
    assert list(pd.read_csv(out / "allocation.csv").columns[:4]) == ["state", "mission", "capability", "units"]
    states = pd.read_csv(out / "states.csv")
    for column in ["state", "key_share", "personnel", "personnel_share", "cost_usd", "fund_payment_usd",
                   "net_cost_usd", "net_cost_share", "personnel_deviation", "net_cost_deviation"]:
        assert column in states.columns
    assert len(states) == 57
    assert states["key_share"].sum() == pytest.approx(1.0)
    missions = pd.read_csv(out / "missions.csv")
    assert (missions["filled"] == missions["required"]).all()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "optimal" and summary["gap"] <= 1e-3
    assert summary["fairness"]["personnel_all_within_band"] is True


def test_money_only_members_still_carry_their_share(baseline):
    out = baseline.out
    states = pd.read_csv(out / "states.csv").set_index("state")
    for micro in ("VAT", "MCO", "LIE", "AND", "SMR"):
        assert states.loc[micro, "burden"] == "money only"
        assert states.loc[micro, "personnel"] == 0
        assert states.loc[micro, "fund_payment_usd"] > 0
        assert abs(states.loc[micro, "net_cost_deviation"]) <= 0.2 + 1e-9


def test_variants_extend_the_baseline():
    nato = pipeline.load(SCENARIO_DIR / "nato-only.yaml")
    assert len(nato.members) == 32 and "RUS" not in nato.members
    assert len(nato.missions) == len(pipeline.load(BASELINE).missions)
    no_rus = pipeline.load(SCENARIO_DIR / "osce-without-russia.yaml")
    assert len(no_rus.members) == 56 and "RUS" not in no_rus.members


def test_validate_reports_a_valid_scenario():
    result = runner.invoke(app, ["validate", str(BASELINE)])
    assert result.exit_code == 0, result.output
    assert "valid scenario 'osce-baseline': 57 members, 7 missions" in result.output


def test_data_lists_regions_and_flags():
    result = runner.invoke(app, ["data", "--region", "osce"])
    assert result.exit_code == 0
    assert "osce (57)" in result.output and "nato (32)" in result.output
    assert "Holy See" in result.output and "gni_usd=0 (no figure)" in result.output


def test_solvers_reports_every_solver():
    result = runner.invoke(app, ["solvers"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split()[1] for line in result.output.splitlines() if line.strip()}
    assert lines == {name: "ok" for name in SOLVER_NAMES}
