"""Sweeps: a grid of variants in parallel, failures kept as rows, the same rows on Dask."""
from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.analysis.sweep import variants
from planner.cli import app
from planner.scenario.overrides import parse_grid

runner = CliRunner()


def test_sweep_grid_parsing():
    grid = parse_grid(["fairness.tolerance=0.05,0.1,0.2", "key=gdp,un"])
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
    result = runner.invoke(app, ["sweep", str(path), "--set", "fairness.tolerance=0.1,7", "--workers", "1",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output      # a failed variant is a row, not the end of the sweep
    table = pd.read_csv(out / "sweep.csv")
    assert table["status"].tolist() == ["optimal", "bad input"]
    assert "fairness.tolerance" in table["message"].iloc[1]


@pytest.mark.slow
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
