"""The Python API: a scenario loaded and solved from a notebook gives the same plan as the command
line, as pandas tables; the plan writes its workbook and report and passes the verifier; and the
example notebook reproduces `planner compare` of the shipped trio."""
from __future__ import annotations

import os

import pandas as pd
import pytest
from typer.testing import CliRunner

import planner
from planner.cli import app
from planner.paths import DATA_DIR

ROOT_DIR = DATA_DIR.parent

runner = CliRunner()
CASE = {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 4}}],
        "fairness": {"mode": "band", "tolerance": 0.5}}


def test_solve_gives_the_command_lines_plan(case, tmp_path):
    path = case([{"iso3": c, "gni": g} for c, g in zip(["AAA", "BBB", "CCC"], [3, 2, 1])],
                [{"capability": "obs", "personnel": 2, "cost": 10}], CASE,
                capacities=[(c, "obs", 6) for c in ["AAA", "BBB", "CCC"]])
    plan = planner.solve(planner.load_scenario(path, **{"fairness.tolerance": 0.4}))
    assert isinstance(plan.allocation, pd.DataFrame) and plan.summary["status"] == "optimal"
    assert plan.verify() == []
    out = tmp_path / "cli"
    assert runner.invoke(app, ["solve", str(path), "--out", str(out), "--set", "fairness.tolerance=0.4"]).exit_code == 0
    cli = pd.read_csv(out / "allocation.csv")
    assert plan.allocation["units"].sum() == cli["units"].sum()
    assert plan.summary["total_cost_usd"] == pytest.approx(float(pd.read_json(out / "summary.json",
                                                                               typ="series")["total_cost_usd"]))
    book = plan.to_excel(tmp_path / "brief.xlsx")
    assert "Force generation" in pd.ExcelFile(book).sheet_names
    assert plan.report(tmp_path / "report").exists()


def test_a_scenario_can_be_a_dict(case):
    path = case([{"iso3": c, "gni": 1} for c in ["AAA", "BBB"]], [{"capability": "obs", "personnel": 2, "cost": 10}],
                CASE, capacities=[(c, "obs", 6) for c in ["AAA", "BBB"]])
    import yaml

    doc = yaml.safe_load(path.read_text())
    doc["tables"] = {k: str(path.parent / v) for k, v in doc["tables"].items()}
    assert planner.load_scenario(doc).name == "case"


@pytest.mark.slow
def test_the_notebook_reproduces_planner_compare(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    os.environ["PEACEFORCE_ROOT"], os.environ["PEACEFORCE_OUT"] = str(ROOT_DIR), str(tmp_path / "nb")
    notebook = nbformat.read(ROOT_DIR / "examples" / "analysis.ipynb", as_version=4)
    NotebookClient(notebook, timeout=1200, kernel_name="python3").execute()
    trio = [str(ROOT_DIR / "data" / "scenarios" / f"{n}.yaml") for n in ("osce-baseline", "nato-only", "eu-only")]
    assert runner.invoke(app, ["compare", *trio, "--out", str(tmp_path / "cli")]).exit_code == 0
    from_notebook = pd.read_csv(tmp_path / "nb" / "compare.csv", index_col=0)
    from_cli = pd.read_csv(tmp_path / "cli" / "compare.csv", index_col=0)
    assert list(from_notebook.columns) == list(from_cli.columns)
    pd.testing.assert_frame_equal(from_notebook.astype(str), from_cli.astype(str))
