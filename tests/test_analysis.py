"""Analyst commands: key, apportion, frontier, compare, sweep."""
from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.run import pipeline
from planner.cli import app
from planner.analysis.compare import input_differences
from planner.paths import SCENARIO_DIR
from planner.analysis.sweep import variants
from planner.scenario.overrides import parse_sets

runner = CliRunner()


def test_key_command_prints_shares_summing_to_one():
    result = runner.invoke(app, ["key", "un"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(pd.io.common.StringIO(result.output))
    assert list(frame.columns) == ["state", "share"] and len(frame) == 193
    assert frame["share"].sum() == pytest.approx(1.0, abs=1e-8)
    assert frame.set_index("state").loc["USA", "share"] == pytest.approx(0.22)


def test_key_command_over_a_region_and_members():
    result = runner.invoke(app, ["key", "nato", "--region", "nato"])
    shares = pd.read_csv(pd.io.common.StringIO(result.output)).set_index("state")["share"]
    assert len(shares) == 32 and shares["USA"] == pytest.approx(shares["DEU"])
    result = runner.invoke(app, ["key", "gdp", "--members", "FRA,DEU"])
    assert pd.read_csv(pd.io.common.StringIO(result.output))["state"].tolist() == ["DEU", "FRA"]
    assert runner.invoke(app, ["key", "wealth"]).exit_code == 2


def test_apportion_command(tmp_path):
    table = tmp_path / "votes.csv"
    table.write_text("party,votes,seats_wanted\nA,53,1\nB,24,1\nC,23,1\n")
    result = runner.invoke(app, ["apportion", str(table), "--total", "7", "--method", "dhondt"])
    assert result.exit_code == 0 and result.output == "name,units\nA,4\nB,2\nC,1\n"
    result = runner.invoke(app, ["apportion", str(table), "--total", "3", "--method", "hamilton", "--column", "seats_wanted"])
    assert result.output == "name,units\nA,1\nB,1\nC,1\n"
    assert runner.invoke(app, ["apportion", str(table), "--total", "7", "--method", "x"]).exit_code == 2
    result = runner.invoke(app, ["apportion", str(table), "--total", "2", "--method", "adams", "--min", "1"])
    assert result.exit_code == 2 and "less than the minimum" in result.output


def test_a_pool_caps_each_members_contribution(case):
    # 4 observer teams pooled by key 3:1 (Hamilton): A 3, B 1. A is cheaper but may only send 3.
    path = case(
        [{"iso3": "AAA", "gni": 3, "lon": 1.0}, {"iso3": "BBB", "gni": 1, "lon": 20.0}],
        [{"capability": "obs", "personnel": 4, "cost": 1000}],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 4}}],
         "pools": [{"capability": "obs", "total": 4, "method": "hamilton"}],
         "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[("AAA", "obs", 10), ("BBB", "obs", 10)],
    )
    inputs = pipeline.load(path)
    assert inputs.pools.to_dict() == {("AAA", "obs"): 3, ("BBB", "obs"): 1}
    run = pipeline.solve_inputs(inputs, pipeline.options_for(inputs), path.parent / "p.log")
    assert run.plan.allocation.set_index("state")["units"].to_dict() == {"AAA": 3, "BBB": 1}


def test_input_differences_show_exactly_the_intended_change():
    base = pipeline.load(SCENARIO_DIR / "osce-baseline.yaml")
    tight = pipeline.load(SCENARIO_DIR / "osce-tight.yaml")
    diff = input_differences([base, tight])
    assert diff["field"].tolist() == ["fairness.tolerance"]
    no_rus = pipeline.load(SCENARIO_DIR / "osce-without-russia.yaml")
    diff = input_differences([base, no_rus])
    assert diff["field"].tolist() == ["opt_out", "members (resolved)"]
    assert "without RUS" in diff.iloc[1]["osce-without-russia"]


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


def test_sweep_grid_parsing():
    grid = parse_sets(["fairness.tolerance=0.05,0.1,0.2", "key=gdp,un"])
    assert grid == {"fairness.tolerance": [0.05, 0.1, 0.2], "key": ["gdp", "un"]}
    assert len(variants(grid)) == 6


def test_sweep_runs_on_two_workers_and_keeps_failures_as_rows(case, tmp_path):
    path = case(
        [{"iso3": code, "gni": g, "lon": float(i)} for i, (code, g) in enumerate([("AAA", 5), ("BBB", 3), ("CCC", 2)])],
        [{"capability": "obs", "personnel": 4, "cost": 1000}],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 20}}],
         "fairness": {"mode": "band", "tolerance": 0.2, "apply_to": ["personnel", "net_cost"]},
         "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[(code, "obs", 30) for code in ("AAA", "BBB", "CCC")],
    )
    out = tmp_path / "sweep"
    result = runner.invoke(app, ["sweep", str(path), "--set", "fairness.tolerance=0,0.1,0.2,0.5",
                                 "--set", "key=gni,population,nato", "--workers", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "sweep.csv")
    assert len(table) == 12 and table["variant"].tolist() == list(range(12))
    assert set(table["status"]) <= {"optimal", "infeasible"}
    runner.invoke(app, ["sweep", str(path), "--set", "fairness.tolerance=0.1,7", "--workers", "1",
                              "--out", str(out)])
    table = pd.read_csv(out / "sweep.csv")
    assert table["status"].tolist() == ["optimal", "bad input"]
    assert "fairness.tolerance" in table["message"].iloc[1]


def test_frontier_cost_falls_as_the_band_loosens(case, tmp_path):
    path = case(
        [{"iso3": "AAA", "gni": 1, "lon": 1.0}, {"iso3": "BBB", "gni": 1, "lon": 30.0}],
        [{"capability": "obs", "personnel": 1, "cost": 1000}],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 100}}],
         "max_national_share": 0.9, "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[("AAA", "obs", 100), ("BBB", "obs", 100)],
    )
    out = tmp_path / "frontier"
    result = runner.invoke(app, ["frontier", str(path), "--points", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out / "frontier.csv")
    assert (frame["status"] == "optimal").all()
    costs = frame["total_cost_usd"].to_numpy()
    assert (costs[1:] <= costs[:-1] + 1e-6).all() and costs[0] > costs[-1]
    assert frame["tolerance"].iloc[0] == pytest.approx(0.0, abs=1e-5)   # equal shares are reachable
    assert (out / "frontier.png").stat().st_size > 10_000


def test_sweep_on_a_local_dask_cluster_gives_the_same_rows(case, tmp_path):
    from planner.analysis.sweep import local_cluster, run_sweep

    path = case(
        [{"iso3": code, "gni": g, "lon": float(i)} for i, (code, g) in enumerate([("AAA", 5), ("BBB", 3), ("CCC", 2)])],
        [{"capability": "obs", "personnel": 4, "cost": 1000}],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 20}}],
         "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[(code, "obs", 30) for code in ("AAA", "BBB", "CCC")],
    )
    grid = {"fairness.tolerance": [0.0, 0.2, 0.5], "key": ["gni", "population"]}
    local = run_sweep(str(path), grid, 1, tmp_path / "local")
    with local_cluster(2) as cluster:
        on_dask = run_sweep(str(path), grid, 2, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert len(on_dask) == 6
    assert local.drop(columns="message").equals(on_dask.drop(columns="message"))
