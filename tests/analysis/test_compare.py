"""Scenarios side by side: what differs in the inputs, whose burden rises."""
from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.analysis.compare import input_differences
from planner.cli import app
from planner.paths import SCENARIO_DIR
from planner.run import pipeline

runner = CliRunner()


def test_input_differences_show_exactly_the_intended_change():
    base = pipeline.load(SCENARIO_DIR / "osce-baseline.yaml")
    tight = pipeline.load(SCENARIO_DIR / "osce-tight.yaml")
    diff = input_differences([base, tight])
    assert diff["field"].tolist() == ["fairness.tolerance"]
    no_rus = pipeline.load(SCENARIO_DIR / "osce-without-russia.yaml")
    diff = input_differences([base, no_rus])
    assert diff["field"].tolist() == ["opt_out", "members (resolved)"]
    assert "without RUS" in diff.iloc[1]["osce-without-russia"]


@pytest.mark.slow   # solves osce-without-russia: 20-45 s
def test_compare_shows_whose_burden_rose(tmp_path):
    out = tmp_path / "cmp"
    result = runner.invoke(app, ["compare", str(SCENARIO_DIR / "osce-baseline.yaml"),
                                 str(SCENARIO_DIR / "osce-without-russia.yaml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.index("Inputs that differ") < result.output.index("Results")
    summary = pd.read_csv(out / "compare.csv", index_col=0)
    assert summary.loc["members", "osce-without-russia"] == "56"
    states = pd.read_csv(out / "compare_states.csv", index_col=0)
    change = states["osce-without-russia:net_cost_change"]
    assert pd.isna(states.loc["RUS", "osce-without-russia:net_cost_share"])
    # Russia's net cost share is carried by the others: their changes add up to it
    assert change.sum() == pytest.approx(states.loc["RUS", "osce-baseline:net_cost_share"], abs=1e-6)
    assert (out / "compare.png").stat().st_size > 10_000


def test_compare_without_any_plan_names_only_the_files_it_wrote(case, tmp_path):
    """No scenario has a plan: no chart is drawn, none from an earlier run is left (the report would
    show it), and the `wrote` line names only files that are there."""
    units = [{"capability": "heli", "personnel": 100, "cost": 9000, "rotation": 3}]
    holdings = [("AAA", "heli", 6), ("BBB", "heli", 3)]
    paths = [case([{"iso3": "AAA", "gni": 1}, {"iso3": "BBB", "gni": 1}], units,
                  {"missions": [{"id": "quake", "kind": "disaster_response", "location": [0, 0],
                                 "requirements": {"heli": need}, "duration_months": 12}]},
                  capacities=holdings, name=f"short-{need}") for need in (4, 5)]
    out = tmp_path / "cmp"
    out.mkdir()
    (out / "compare.png").write_bytes(b"an earlier comparison's chart")
    result = runner.invoke(app, ["compare", *map(str, paths), "--out", str(out), "--report"])
    assert result.exit_code == 0, result.output
    assert "short-4: infeasible" in result.output and "short-5: infeasible" in result.output
    wrote = result.output[result.output.rindex("wrote "):].split("/")[-1].split()
    named = "".join(wrote).split(",")
    assert named == ["compare.csv", "compare_states.csv", "inputs_diff.csv", "compare.html"]
    assert all((out / name).exists() for name in named)
    assert not (out / "compare.png").exists()
    assert "<img" not in (out / "compare.html").read_text()
