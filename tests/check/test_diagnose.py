"""No plan: the reasons, before and after solving, in planners' words."""
from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.errors import InfeasibleError
from tests.cases import INF, mission, solve_units, three_states


def test_short_requirement_is_explained_before_solving(case):
    path = case(
        [{"iso3": "AAA", "gni": 1}, {"iso3": "BBB", "gni": 1}],
        [INF, {"capability": "heli", "personnel": 100, "cost": 9000, "rotation": 3}],
        {"missions": [mission({"inf": 1, "heli": 2})]},
        capacities=[("AAA", "inf", 5), ("BBB", "inf", 5), ("AAA", "heli", 3), ("BBB", "heli", 2)],
    )
    with pytest.raises(InfeasibleError) as err:
        solve_units(path)
    text = "\n".join(err.value.lines())
    assert "mission m1 is short 1 heli (needs 2): eligible states can field 1" in text
    assert "holds too few to rotate (BBB)" in text


def test_infeasible_band_is_traced_to_fairness(case):
    # Each member can field at most 3 units, but tol 0 asks A for at least 5 of 6
    # (target 0.9 * 60 = 54 personnel, band floor 54 - 10 = 44): capacity 30 < 44
    # makes A capacity-limited (money), so that alone is feasible; B's band top is
    # 0.1 * 60 + 10 = 16 personnel < the 30 it must then send: no plan.
    path = case(
        [{"iso3": "AAA", "gni": 90}, {"iso3": "BBB", "gni": 10}],
        [INF],
        {"missions": [mission({"inf": 6})],
         "fairness": {"mode": "band", "tolerance": 0.0, "apply_to": ["personnel"]}},
        capacities=[("AAA", "inf", 3), ("BBB", "inf", 3)],
    )
    with pytest.raises(InfeasibleError) as err:
        solve_units(path)
    text = "\n".join(err.value.lines())
    assert "personnel band" in text and "BBB" in text


def test_band_with_no_room_for_the_helicopter_state_is_infeasible_and_explained(case):
    from planner.errors import InfeasibleError

    path = three_states(case, {"mode": "band", "tolerance": 0.3, "apply_to": ["personnel"]})
    with pytest.raises(InfeasibleError) as err:
        solve_units(path)
    # A year-round mission: P = 100 people x 12 months, targets 400 person-months, band tops
    # 1.3 x 400 + 12 = 532 (the allowance: one observer for 12 months): A must send its 50-person
    # helicopter unit, 600 person-months.
    lines = err.value.lines()
    assert "  - AAA: the cheapest plan gives it 600 person-months, above its band's top 532 (band 268-532)" in lines
    assert err.value.relaxations == ["AAA must send 68 person-months above its band's top (532): "
                                     "a tolerance of 47.0% would allow it"]
    assert err.value.command.endswith("--set fairness.tolerance=0.47")


runner = CliRunner()


def test_infeasible_scenario_exits_1_naming_mission_and_unit(case, tmp_path):
    path = case([{"iso3": "AAA", "gni": 1}, {"iso3": "BBB", "gni": 1}],
                [{"capability": "heli", "personnel": 100, "cost": 9000, "rotation": 3}],
                {"missions": [{"id": "quake", "kind": "disaster_response", "location": [0, 0],
                               "requirements": {"heli": 4}, "duration_months": 12}]},
                capacities=[("AAA", "heli", 6), ("BBB", "heli", 3)])
    out = tmp_path / "never"
    result = runner.invoke(app, ["solve", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert "mission quake is short 1 heli (needs 4): eligible states can field 3" in result.output
    assert not out.exists()


def test_a_response_within_one_tour_does_not_rotate(case, tmp_path):
    # The same holdings for a 3-month response (the kind's default, within one 6-month tour): each
    # helicopter unit deploys once, so a member may send more than the held / 3 it could keep
    # deployed with rotation (the test above: AAA 2, BBB 1, one short).
    path = case([{"iso3": "AAA", "gni": 1}, {"iso3": "BBB", "gni": 1}],
                [{"capability": "heli", "personnel": 100, "cost": 9000, "rotation": 3}],
                {"missions": [{"id": "quake", "kind": "disaster_response", "location": [0, 0],
                               "requirements": {"heli": 4}}]},
                capacities=[("AAA", "heli", 6), ("BBB", "heli", 3)])
    out = tmp_path / "plan"
    result = runner.invoke(app, ["solve", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    alloc = pd.read_csv(out / "allocation.csv")
    units = alloc.groupby("state")["units"].sum()
    assert units.sum() == 4 and (units > pd.Series({"AAA": 2, "BBB": 1}).reindex(units.index)).any()
    assert set(alloc["months"]) == {3} and alloc["person_months"].sum() == 4 * 100 * 3
