"""Two keys: money by `key`, troops by `personnel_key` (default: the one key for both)."""
from __future__ import annotations

from planner.check.verify import verify
from planner.results.folder import write_results
from planner.run.pipeline import load
from tests.cases import INF, mission, solve_units


def two_states(case, **scenario):
    # AAA: 90 % of the income, 10 % of the people; BBB the other way round. 10 units of 10 personnel,
    # no transport cost: any split costs the same, so the band alone decides it (tolerance 0,
    # widened by one unit: the member keyed at 90 % sends 8 to 10 units).
    return case(
        [{"iso3": "AAA", "gni": 9, "population": 1000}, {"iso3": "BBB", "gni": 1, "population": 9000}],
        [INF],
        {"missions": [mission({"inf": 10})], "fairness": {"mode": "band", "tolerance": 0.0,
                                                           "apply_to": ["personnel", "net_cost"]}, **scenario},
        capacities=[("AAA", "inf", 20), ("BBB", "inf", 20)],
    )


def test_one_key_shares_troops_and_money_alike(case):
    run, units = solve_units(two_states(case))
    assert units[("AAA", "m1", "inf")] >= 8


def test_a_personnel_key_shares_the_troops_and_the_key_the_money(case):
    path = two_states(case, personnel_key={"population": 1.0})
    run, units = solve_units(path)
    # Troops by population (BBB 90 %), money by income: the fund moves AAA's share of the cost to it.
    assert units[("BBB", "m1", "inf")] >= 8
    states = run.plan.states.set_index("state")
    assert states.loc["AAA", "key_share"] == 0.9
    assert abs(states.loc["BBB", "personnel_key_share"] - 0.9) < 1e-9
    total = states["net_cost_usd"].sum()
    assert abs(states.loc["AAA", "net_cost_usd"] / total - 0.9) < 1e-6
    out = path.parent / "out"
    write_results(run.results({}), out)
    assert verify(load(path), out) == []


def test_volunteered_troops_hold_only_money_to_the_key(case):
    # The band on personnel off: the two states split the troops as cost alone decides (equal here),
    # but the fund still puts AAA's net cost at 90 % of the total.
    path = two_states(case, fairness={"mode": "band", "tolerance": 0.0, "apply_to": ["personnel", "net_cost"],
                                      "personnel": "volunteer"})
    inputs = load(path)
    assert inputs.scenario.fairness.apply_to == ["net_cost"]
    run, _ = solve_units(path)
    states = run.plan.states.set_index("state")
    assert abs(states.loc["AAA", "net_cost_usd"] / states["net_cost_usd"].sum() - 0.9) < 1e-6
    out = path.parent / "out"
    write_results(run.results({}), out)
    assert verify(inputs, out) == []
