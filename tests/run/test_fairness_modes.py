"""Fairness modes by hand: minimax, leximin, gini, and the price of fairness."""
from __future__ import annotations

import pytest

from planner.run import pipeline
from tests.cases import OBS, solve_people, three_states


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_minimax_holds_the_worst_then_minimises_cost(case, solver):
    # z* = 0.47 (A). Then B only needs b >= 33.33 - 1 - 0.47 * 33.33 = 16.67 -> 17, and the
    # cheaper C takes the rest: A 50, B 17, C 33.
    path = three_states(case, {"mode": "minimax", "apply_to": ["personnel"]})
    run, people = solve_people(path, solver)
    assert people == {"AAA": 50, "BBB": 17, "CCC": 33}
    assert run.result.status == "optimal"
    assert run.stages[0]["stage"] == "minimax"
    assert run.stages[0]["value"] == pytest.approx((50 - 100 / 3 - 1) / (100 / 3), abs=1e-6)
    assert "personnel worst deviation" in run.plan.states.set_index("state").loc["AAA", "binding"]


@pytest.mark.parametrize("solver", ["highs", "scip"])
def test_leximin_also_balances_the_next_worst(case, solver):
    # After A's 0.47, leximin minimises the next-largest deviation: B = C = 25.
    path = three_states(case, {"mode": "leximin", "apply_to": ["personnel"]})
    _, people = solve_people(path, solver)
    assert people == {"AAA": 50, "BBB": 25, "CCC": 25}


def test_gini_bound_by_hand(case):
    # Two members, equal keys: Gini = |b_A - b_B| / 200 with P = 100. A is cheaper; a bound of
    # 0.1 allows |b_A - b_B| <= 20, so A 60, B 40.
    path = case(
        [{"iso3": "AAA", "gni": 1, "lon": 1.0}, {"iso3": "BBB", "gni": 1, "lon": 20.0}],
        [OBS],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 100}}],
         "assumptions": {"transport_usd_per_person_km": 1.0},
         "fairness": {"mode": "gini", "gini_max": 0.1, "apply_to": ["personnel"]}},
        capacities=[("AAA", "obs", 100), ("BBB", "obs", 100)],
    )
    run, people = solve_people(path)
    assert people == {"AAA": 60, "BBB": 40}
    assert run.plan.metrics["personnel_gini"] == pytest.approx(0.1)


def test_net_cost_modes_are_settled_exactly_by_the_fund(case):
    path = three_states(case, {"mode": "minimax", "apply_to": ["personnel", "net_cost"]})
    run, _ = solve_people(path)
    states = run.plan.states
    assert states["net_cost_share"].tolist() == pytest.approx(states["key_share"].tolist())
    assert run.plan.metrics["net_cost_max_abs_deviation"] == pytest.approx(0.0, abs=1e-9)


def test_price_of_fairness_is_the_extra_cost_over_fairness_off(case):
    path = three_states(case, {"mode": "leximin", "apply_to": ["personnel"]})
    run, _ = solve_people(path)
    off_inputs = pipeline.load(path).without_fairness()
    off = pipeline.solve_inputs(off_inputs, pipeline.options_for(off_inputs), path.parent / "off.log")
    # without fairness C, the nearest, sends all 50 observers
    assert off.plan.states.set_index("state").loc["CCC", "personnel"] == 50
    assert run.plan.metrics["price_of_fairness_usd"] == pytest.approx(
        run.plan.metrics["total_cost_usd"] - off.plan.metrics["total_cost_usd"])
    assert run.plan.metrics["price_of_fairness_usd"] > 0
