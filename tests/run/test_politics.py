"""Small scenarios that use every new rule at once (parties, hosts, vetoes, neighbours, unavailable
members, bloc caps, minimum contingents, most contributors, lead nations, priorities): the four
solvers agree on the optimum, the verifier accepts each plan, and the rules hold in the plan.
And partial plans: the most important mission is filled first, the gaps are listed."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from planner.check.verify import verify
from planner.cli import app
from planner.errors import InfeasibleError
from planner.run import pipeline
from tests.cases import solved

STATES = [{"iso3": code, "gni": gni, "lon": lon, "lat": lat} for code, gni, lon, lat in (
    ("ARM", 10, 44.5, 40.2), ("AZE", 10, 49.9, 40.4), ("GEO", 10, 44.8, 41.7), ("TUR", 30, 32.9, 39.9),
    ("RUS", 40, 37.6, 55.8), ("KAZ", 20, 71.4, 51.2), ("FRA", 50, 2.35, 48.9), ("DEU", 60, 13.4, 52.5),
    ("ITA", 40, 12.5, 41.9), ("AUT", 15, 16.4, 48.2), ("CHE", 20, 7.4, 46.9), ("IRL", 15, -6.3, 53.3))]
BLOCS = {"nato": ["TUR", "FRA", "DEU", "ITA"], "csto": ["ARM", "RUS", "KAZ"]}
UNITS = [{"capability": "obs", "personnel": 4, "cost": 20000}, {"capability": "coy", "personnel": 100, "cost": 900000},
         {"capability": "med", "personnel": 20, "cost": 150000}]
HOLDINGS = [(s, c, n) for s in [x["iso3"] for x in STATES] for c, n in (("obs", 30), ("coy", 2), ("med", 6))]
MISSIONS = [
    {"id": "caucasus", "kind": "peacekeeping", "location": [45.6, 40.2], "host": ["ARM", "AZE"],
     "parties": ["ARM", "AZE"], "vetoes": ["RUS", "TUR"], "requirements": {"obs": 50, "coy": 2, "med": 2},
     "contingents": {"max_contributors": 4}},
    {"id": "relief", "kind": "humanitarian", "location": [44.8, 41.7], "host": ["GEO"],
     "requirements": {"med": 5, "coy": 1}},
    {"id": "quake", "kind": "disaster_response", "location": [36.9, 37.6], "host": ["TUR"], "lead": "DEU",
     "requirements": {"coy": 2, "obs": 25}},
]
RULES = {"missions": MISSIONS, "max_national_share": 0.5, "fairness": {"mode": "off"},
         "assumptions": {"transport_usd_per_person_km": 0.5},
         "impartiality": {"max_bloc_share": {"nato": 0.4, "csto": 0.4}, "unavailable": ["ITA"]},
         "contingents": {"min_personnel": 100, "lead_nation": {"min_share": 0.3}}}


@pytest.fixture
def every_rule(case):
    return case(STATES, UNITS, RULES, capacities=HOLDINGS, blocs=BLOCS)


@pytest.mark.parametrize("solver", ["highs", "cbc", "scip", "cpsat"])
def test_four_solvers_agree_on_the_optimum_with_every_rule(every_rule, solver):
    reference = solved(every_rule, "highs").plan.metrics["total_cost_usd"]
    run = solved(every_rule, solver)
    assert run.result.status == "optimal"
    # Each solver proves its plan within the 0.1 % gap: the optima agree that closely.
    assert run.plan.metrics["total_cost_usd"] == pytest.approx(reference, rel=2e-3)


def test_the_plan_keeps_every_rule(every_rule, tmp_path):
    out = tmp_path / "plan"
    result = CliRunner().invoke(app, ["solve", str(every_rule), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert verify(pipeline.load(every_rule), out) == []
    alloc = solved(every_rule).plan.allocation
    people = alloc.groupby(["mission", "state"])["personnel"].sum()
    # Parties, the vetoed, neighbours (GEO borders both parties), the humanitarian host, the unavailable.
    assert not set(people["caucasus"].index) & {"ARM", "AZE", "RUS", "TUR", "GEO", "ITA"}
    assert "GEO" not in people["relief"].index and "ITA" not in set(alloc["state"])
    for mission, total in alloc.groupby("mission")["personnel"].sum().items():
        mine = people[mission]
        assert (mine >= min(100, 0.5 * total)).all(), mission
        assert mine.max() >= 0.3 * total
    assert people["caucasus"].reindex(BLOCS["nato"]).fillna(0).sum() <= 0.4 * 440
    assert len(people["caucasus"]) <= 4
    assert people["quake"]["DEU"] > 0
    missions = solved(every_rule).plan.missions
    assert set(missions.loc[missions["mission"] == "quake", "lead"]) == {"DEU"}


SCARCE = [{"iso3": code, "gni": 1, "lon": float(i), "lat": 0.0} for i, code in enumerate(("AAA", "BBB", "CCC"))]
COY = [{"capability": "coy", "personnel": 100, "cost": 1000}]


@pytest.fixture
def scarce(case):
    """Two missions need 2 companies each; the members hold 3 between them. `south` matters most."""
    return case(SCARCE, COY, {"missions": [
        {"id": "north", "kind": "humanitarian", "location": [0, 0], "priority": 2, "requirements": {"coy": 2}},
        {"id": "south", "kind": "humanitarian", "location": [0, 0], "priority": 1, "requirements": {"coy": 2}}]},
        capacities=[("AAA", "coy", 1), ("BBB", "coy", 1), ("CCC", "coy", 1)])


def test_a_partial_plan_fills_the_most_important_mission_first(scarce, tmp_path):
    out = tmp_path / "partial"
    result = CliRunner().invoke(app, ["solve", str(scarce), "--out", str(out), "--allow-shortfall"])
    assert result.exit_code == 0, result.output
    assert "Gaps: 1 requirements, 100 personnel short" in result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "partial" and summary["partial"]["missions_short"] == ["north"]
    assert (out / "shortfall.csv").read_text() == ("mission,capability,required,filled,short,personnel_short\n"
                                                    "north,coy,2,1,1,100\n")
    inputs = pipeline.load(scarce, {"solver.allow_shortfall": True})
    assert verify(inputs, out) == []


def test_without_the_flag_no_plan_and_the_diagnosis_names_the_gap(scarce):
    with pytest.raises(InfeasibleError) as err:
        solved(scarce)
    assert err.value.reasons[0].startswith("coy: missions need 4 deployed at once, members can sustain 3")


def test_a_plan_that_meets_everything_is_not_partial(case, tmp_path):
    path = case(SCARCE, COY, {"missions": [{"id": "south", "kind": "humanitarian", "location": [0, 0],
                                             "requirements": {"coy": 2}}], "solver": {"allow_shortfall": True}},
                capacities=[("AAA", "coy", 1), ("BBB", "coy", 1), ("CCC", "coy", 1)])
    out = tmp_path / "whole"
    assert CliRunner().invoke(app, ["solve", str(path), "--out", str(out)]).exit_code == 0
    assert json.loads((out / "summary.json").read_text())["status"] == "optimal"
    assert not (out / "shortfall.csv").exists()
