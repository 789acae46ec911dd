"""Hand-built result folders with the sheets the baseline lacks, each solved once per session with
its workbook: a standby roster (Roster, Roster burden, Contingencies) and a three-year trajectory
(Trajectory, Trajectory by state, and the yearly Allocation, By state and By mission)."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.conftest import write_case

CODES = ["AAA", "BBB", "CCC", "DDD"]
INF = {"capability": "inf", "personnel": 10, "cost": 5000, "rotation": 3}
MED = {"capability": "med", "personnel": 20, "cost": 1000}
OBS = {"capability": "obs", "personnel": 1, "cost": 100}
# Years the hand-built trajectory runs: a multi-year book at a size a test prints in seconds.
TRAJECTORY_YEARS = 3


def _solved(folder: Path, path: Path) -> Path:
    """The result folder of `path`, solved by the command line with its workbook."""
    out = folder / "out"
    result = CliRunner().invoke(app, ["solve", str(path), "--out", str(out), "--xlsx"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def standby_book(tmp_path_factory) -> Path:
    """A standby of one package a semester over two years, two contingencies to cover."""
    folder = tmp_path_factory.mktemp("standby-book")
    path = write_case(
        folder, [{"iso3": c, "name": f"State {c}", "gni": g} for c, g in zip(CODES, [4, 3, 2, 1])],
        [{**INF, "personnel": 100, "rotation": 1}, MED],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"med": 1}}],
         "assumptions": {"cost_per_person_usd": {"AAA": 4000.0, "BBB": 3000.0, "CCC": 2000.0, "DDD": 1000.0}},
         "standby": {"start_year": 2027, "semesters": 4, "max_members": 2, "framework_min_share": 0.5,
                     "standby_rotation": 1, "cover_k": 1, "tolerance": 1.0,
                     "tiers": {"high": {"notice_days": 10, "packages": 1, "cost_share": 0.5,
                                        "composition": {"inf": 1, "med": 1}}}},
         "contingencies": [
             {"id": "quake", "kind": "disaster_response", "location": [10, 45], "requirements": {"med": 3},
              "duration_months": 1, "likelihood": 0.1, "host": ["AAA"]},
             {"id": "flood", "kind": "disaster_response", "location": [15, 48], "requirements": {"med": 2, "inf": 1},
              "duration_months": 2, "likelihood": 0.3, "host": ["BBB"]}]},
        capacities=[(c, u, 6) for c in CODES for u in ("inf", "med")], name="standby-book")
    return _solved(folder, path)


@pytest.fixture(scope="session")
def trajectory_book(tmp_path_factory) -> Path:
    """Four members cutting their forces over TRAJECTORY_YEARS years under a personnel band, with
    equipment ceilings, one peacekeeping mission with a long name."""
    folder = tmp_path_factory.mktemp("trajectory-book")
    holdings = folder / "holdings.csv"
    holdings.write_text("state,category,count,year,status,source\n"
                        + "".join(f"{c},battle_tanks,{100 + 10 * i},2020,public,test\n" for i, c in enumerate(CODES)))
    path = write_case(
        folder, [{"iso3": c, "name": f"State {c}", "gni": 10 + i, "armed_forces": 50_000 + 1000 * i,
                  "milex": 10**9 * (i + 1), "lon": float(i * 5)} for i, c in enumerate(CODES)],
        [OBS, INF],
        {"missions": [{"id": "pk", "kind": "peacekeeping", "location": [5, 5], "requirements": {"inf": 6, "obs": 40},
                       "name": "Peacekeeping force along the ceasefire line (a name long enough to wrap)"}],
         "fairness": {"mode": "band", "tolerance": 0.5},
         "trajectory": {"start_year": 2030, "years": TRAJECTORY_YEARS, "regional_reduction": 0.2,
                        "max_annual_reduction": 0.1, "floor_share": 0.3,
                        "equipment": {"holdings": str(holdings), "reduction": 0.3, "sufficiency_share": 0.45}}},
        capacities=[(c, u, 30) for c in CODES for u in ("obs", "inf")], name="trajectory-book")
    return _solved(folder, path)
