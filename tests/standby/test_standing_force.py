"""The standing force along a trajectory: the roster runs through the years, its packages grow with
the members' reduction (or to a size by a year), the rest rule holds across the turn of a year,
national forces keep what standby and missions need, and verify checks all of it."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()
CODES = ["AAA", "BBB", "CCC", "DDD"]
INF = {"capability": "inf", "personnel": 100, "cost": 1000, "rotation": 1}
MED = {"capability": "med", "personnel": 20, "cost": 1000, "rotation": 1}
MISSION = [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"med": 1}}]
YEARS = 3
FORCES = 2000
PACKAGE_PERSONNEL = 120     # one inf (100) and one med (20)


def trajectory_case(case, growth, reduction=0.5, holdings=6, years=YEARS, **extra):
    return case(
        [{"iso3": c, "gni": g, "armed_forces": FORCES} for c, g in zip(CODES, [4, 3, 2, 1])],
        [INF, MED],
        {"missions": MISSION, "fairness": {"mode": "off", "tolerance": 1.0},
         "trajectory": {"start_year": 2030, "years": years, "regional_reduction": reduction,
                        "max_annual_reduction": 0.2, "floor_share": 0.1,
                        "cost_per_person_usd": {c: 1000.0 for c in CODES}, "standing_force_growth": growth,
                        **extra},
         "standby": {"start_year": 2030, "semesters": 2 * years, "max_members": 2, "framework_min_share": 0.5,
                     "standby_rotation": 1, "cover_k": 1, "tolerance": 1.0,
                     "tiers": {"high": {"notice_days": 10, "packages": 1, "cost_share": 0.5,
                                        "composition": {"inf": 1, "med": 1}}}},
         "contingencies": [{"id": "quake", "kind": "disaster_response", "location": [10, 45],
                            "requirements": {"med": 2}, "duration_months": 1, "likelihood": 0.1, "host": ["AAA"]}]},
        capacities=[(c, u, holdings) for c in CODES for u in ("inf", "med")])


def solved(path, out):
    result = runner.invoke(app, ["solve", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return (pd.read_csv(out / "roster.csv"), pd.read_csv(out / "trajectory.csv"),
            json.loads((out / "summary.json").read_text())["standby"])


def packages_by_year(roster: pd.DataFrame) -> dict[int, int]:
    packaged = roster[roster["tier"] == "high"]
    per_semester = packaged.groupby("semester")["package"].nunique()
    return {int(s[:4]): int(n) for s, n in per_semester.items()}


def test_packages_grow_with_the_reduction_and_forces_hold_them(case, tmp_path):
    # share 0.05 of the cut: 8,000 members' forces falling to 4,000 add up to 200 standby personnel,
    # 120 a package: from 1 package to as many as floor(1 + share x cut / 120) allows.
    path = trajectory_case(case, {"share": 0.05})
    roster, trajectory, summary = solved(path, tmp_path / "out")
    assert sorted(roster["semester"].unique()) == [f"{y}-H{h}" for y in range(2030, 2030 + YEARS) for h in (1, 2)]
    totals = trajectory.groupby("year")["national_personnel"].sum()
    for year, packages in packages_by_year(roster).items():
        cut = FORCES * len(CODES) - totals[year]
        assert packages >= max(1, math.floor(1 + 0.05 * cut / PACKAGE_PERSONNEL - 1e-9))
        assert summary["by_year"][str(year)]["packages"]["high"] == packages
    assert packages_by_year(roster)[2030 + YEARS - 1] > packages_by_year(roster)[2030]
    # Forces hold their busiest standby semester (rotation 1, deployable share from the defaults).
    held = roster.assign(year=roster["semester"].str[:4].astype(int)).groupby(["year", "semester", "state"])[
        "personnel"].sum().groupby(["year", "state"]).max()
    forces = trajectory.set_index(["year", "state"])["national_personnel"]
    assert (forces.reindex(held.index) >= held - 1e-6).all()
    leads = roster[roster["role"] == "framework"].groupby("semester")["state"].apply(set).sort_index()
    for a, b in zip(leads, leads.iloc[1:]):
        assert not a & b                        # never framework nation two semesters running, across years too
    # The band is over the whole roster: each member's burden is everything it served, every year.
    burden = pd.read_csv(tmp_path / "out" / "roster_burden.csv").set_index("state")
    served = roster.groupby("state")["personnel"].sum()
    assert (burden["personnel_semesters"].reindex(served.index) == served).all()
    verified = runner.invoke(app, ["verify", str(path), str(tmp_path / "out")])
    assert verified.exit_code == 0, verified.output


def test_a_size_by_a_year_is_reached_and_a_missing_package_is_caught(case, tmp_path):
    # 240 standby personnel by the final year: two packages of 120, linearly from one (1.5 in 2031
    # rounds down). Three would not do with four members: six framework nations a year, none twice running.
    path = trajectory_case(case, {"personnel": 2 * PACKAGE_PERSONNEL})
    roster, _, summary = solved(path, tmp_path / "out")
    assert packages_by_year(roster) == {2030: 1, 2031: 1, 2032: 2}
    assert summary["by_year"]["2031"]["standing_personnel"] == 180
    last = roster[(roster["semester"] == "2032-H2") & (roster["package"] == 2)]
    roster.drop(last.index).to_csv(tmp_path / "out" / "roster.csv", index=False)
    verified = runner.invoke(app, ["verify", str(path), str(tmp_path / "out")])
    assert verified.exit_code == 1
    assert "2032-H2 high package 2" in verified.output


@pytest.mark.parametrize("standby, field", [({"start_year": 2031}, "standby.start_year"),
                                            ({"semesters": 4}, "standby.semesters")])
def test_a_roster_out_of_step_with_the_trajectory_is_refused(case, tmp_path, standby, field):
    path = trajectory_case(case, {"share": 0.1})
    doc = yaml.safe_load(path.read_text())
    doc["standby"].update(standby)
    path.write_text(yaml.safe_dump(doc))
    result = runner.invoke(app, ["solve", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert field in result.output


def test_one_year_reaches_its_size_at_once_and_the_report_tells_it(case, tmp_path):
    # A size with no year to grow over (a one-year trajectory) is reached in that year, not a division by 0.
    path = trajectory_case(case, {"personnel": 2 * PACKAGE_PERSONNEL}, years=1)
    result = runner.invoke(app, ["solve", str(path), "--out", str(tmp_path / "out"), "--report"])
    assert result.exit_code == 0, result.output
    roster = pd.read_csv(tmp_path / "out" / "roster.csv")
    assert packages_by_year(roster) == {2030: 2}
    page = (tmp_path / "out" / "report.html").read_text()
    assert "2 packages a semester by the final year" in page


def test_joins_and_leaves_are_refused_with_a_standing_force(case, tmp_path):
    path = trajectory_case(case, {"share": 0.05}, joins={"DDD": 2031})
    result = runner.invoke(app, ["solve", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "trajectory.joins" in result.output
