"""The standby roster by hand: packages complete every semester, a framework nation per package
that never serves two semesters running, the band on roster burden, the contingency cover (raising
k raises the cost), and an uncoverable contingency reported, not dropped."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()
CODES = ["AAA", "BBB", "CCC", "DDD"]
INF = {"capability": "inf", "personnel": 100, "cost": 1000, "rotation": 1}
MED = {"capability": "med", "personnel": 20, "cost": 1000, "rotation": 1}
MISSION = [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"med": 1}}]


def standby_case(case, k=1, semesters=4, contingencies=None, tolerance=1.0, holdings=6):
    contingencies = contingencies if contingencies is not None else [
        {"id": "quake", "kind": "disaster_response", "location": [10, 45], "requirements": {"med": 3},
         "duration_months": 1, "likelihood": 0.1, "host": ["AAA"]},
        {"id": "flood", "kind": "disaster_response", "location": [15, 48], "requirements": {"med": 2, "inf": 1},
         "duration_months": 2, "likelihood": 0.3, "host": ["BBB"]}]
    return case(
        [{"iso3": c, "gni": g} for c, g in zip(CODES, [4, 3, 2, 1])],
        [INF, MED],
        {"missions": MISSION, "fairness": {"mode": "off", "tolerance": min(tolerance, 1.0)},
         "assumptions": {"cost_per_person_usd": {"AAA": 4000.0, "BBB": 3000.0, "CCC": 2000.0, "DDD": 1000.0}},
         "standby": {"start_year": 2027, "semesters": semesters, "max_members": 2, "framework_min_share": 0.5,
                     "standby_rotation": 1, "cover_k": k, "tolerance": tolerance,
                     "tiers": {"high": {"notice_days": 10, "packages": 1, "cost_share": 0.5,
                                        "composition": {"inf": 1, "med": 1}}}},
         "contingencies": contingencies},
        capacities=[(c, u, holdings) for c in CODES for u in ("inf", "med")])


def solve(path, out):
    result = runner.invoke(app, ["solve", str(path), "--out", str(out)])
    return result


def test_roster_is_complete_rested_and_verified(case, tmp_path):
    path = standby_case(case)
    result = solve(path, tmp_path / "out")
    assert result.exit_code == 0, result.output
    roster = pd.read_csv(tmp_path / "out" / "roster.csv")
    assert sorted(roster["semester"].unique()) == ["2027-H1", "2027-H2", "2028-H1", "2028-H2"]
    packaged = roster[roster["role"] != "reserve"]
    for _, one in packaged.groupby("semester"):
        units = one.groupby("capability")["units"].sum()
        assert units["inf"] >= 1 and units["med"] >= 1
        assert (one["role"] == "framework").groupby(one["state"]).any().sum() == 1
        assert one["state"].nunique() <= 2
    leads = roster[roster["role"] == "framework"].drop_duplicates("semester").sort_values("semester")["state"].tolist()
    assert all(a != b for a, b in zip(leads, leads[1:]))
    verified = runner.invoke(app, ["verify", str(path), str(tmp_path / "out")])
    assert verified.exit_code == 0, verified.output


def test_any_k_contingencies_are_covered_and_raising_k_costs_more(case, tmp_path):
    """With a band too wide to bind, the standby is what the cover needs: one contingency at a time
    needs 3 med, both at once 5 (the package holds 1)."""
    costs = {}
    for k in (1, 2):
        out = tmp_path / f"k{k}"
        result = solve(standby_case(case, k=k, tolerance=10.0), out)
        assert result.exit_code == 0, result.output
        cover = pd.read_csv(out / "contingencies.csv")
        within = cover[cover["size"] <= k]
        assert (within["covered"] == "yes").all(), within
        costs[k] = json.loads((out / "summary.json").read_text())["standby"]["standby_cost_usd"]
    assert costs[2] > costs[1]


def test_a_contingency_larger_than_the_whole_standby_is_reported(case, tmp_path):
    huge = [{"id": "mega", "kind": "disaster_response", "location": [0, 50], "requirements": {"med": 500},
             "duration_months": 3, "likelihood": 0.01}]
    result = solve(standby_case(case, contingencies=huge), tmp_path / "out")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())["standby"]
    assert summary["uncoverable"] == ["mega"]
    cover = pd.read_csv(tmp_path / "out" / "contingencies.csv")
    assert cover.set_index("contingencies").loc["mega", "covered"] == "no"
    assert cover.set_index("contingencies").loc["mega", "unmet_units"] > 0


@pytest.mark.parametrize("tamper", ["drop_package_unit", "framework_twice", "uncover"])
def test_verify_rejects_a_tampered_roster(case, tmp_path, tamper):
    path = standby_case(case)
    out = tmp_path / "out"
    assert solve(path, out).exit_code == 0
    roster = pd.read_csv(out / "roster.csv")
    if tamper == "drop_package_unit":
        first = roster[(roster["semester"] == "2027-H1") & (roster["capability"] == "inf")].index
        roster = roster.drop(first)
    elif tamper == "framework_twice":
        lead = roster.loc[(roster["semester"] == "2027-H1") & (roster["role"] == "framework"), "state"].iloc[0]
        nxt = roster["semester"] == "2027-H2"
        roster.loc[nxt, "role"] = "contributor"
        roster.loc[nxt, "state"] = lead
        roster.loc[nxt & (roster.index == roster[nxt].index[0]), "role"] = "framework"
    else:
        roster = roster[~((roster["semester"] == "2028-H1") & (roster["capability"] == "med"))]
    roster.to_csv(out / "roster.csv", index=False)
    verified = runner.invoke(app, ["verify", str(path), str(out)])
    assert verified.exit_code == 1, verified.output


@pytest.mark.parametrize("solver", ["highs", "scip", "cpsat"])
def test_the_four_solvers_agree_on_a_small_roster(case, tmp_path, solver):
    """CBC (the roster's default) and each other solver reach the same standby cost."""
    costs = {}
    for name in ("cbc", solver):
        out = tmp_path / name
        result = runner.invoke(app, ["solve", str(standby_case(case, k=2, tolerance=10.0)), "--out", str(out),
                                     "--set", f"standby.solver={name}"])
        assert result.exit_code == 0, result.output
        costs[name] = json.loads((out / "summary.json").read_text())["standby"]["standby_cost_usd"]
    assert costs[solver] == pytest.approx(costs["cbc"], rel=1e-6)


def test_report_and_workbook_show_the_roster(case, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(standby_case(case)), "--out", str(out), "--report", "--xlsx"])
    assert result.exit_code == 0, result.output
    assert (out / "roster.png").stat().st_size > 0
    page = (out / "report.html").read_text()
    assert "Standby roster" in page and "Contingencies: any 1 at once" in page
    book = load_workbook(out / "allocation.xlsx", read_only=True)
    assert {"Roster", "Roster burden", "Contingencies"} <= set(book.sheetnames)
    rows = list(book["Roster"].iter_rows(values_only=True))
    assert len(rows) - 1 == len(pd.read_csv(out / "roster.csv"))
