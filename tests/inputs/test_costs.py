"""National costs: what a soldier costs each state, the objective seeing it, the fund's agreed rate."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.data.costs import load_personnel_costs
from planner.inputs import model_data
from planner.model import build_allocation
from planner.paths import DATA_DIR, SCENARIO_DIR
from planner.run import pipeline
from planner.scenario.overrides import parse_sets
from planner.solvers.lexicographic import solve_in_turn

BASELINE = SCENARIO_DIR / "osce-baseline.yaml"
RATE_YEAR = 1448 * 12


def costs_of(*sets):
    return pipeline.load(BASELINE, parse_sets(list(sets)) if sets else None).national_costs


def test_uniform_costing_gives_every_state_the_agreed_rate():
    costs = costs_of()
    assert (costs["cost_per_person_usd"] == RATE_YEAR).all()


def test_national_costing_divides_same_year_spending_by_forces():
    costs = costs_of("assumptions.costing=national")
    raw = load_personnel_costs(DATA_DIR / "personnel_costs.csv")
    states = pipeline.load(BASELINE).states
    # Germany: 2020 spending x NATO's 2020 personnel share / 2020 armed forces.
    expected = raw.loc["DEU", "milex_usd_2020"] * raw.loc["DEU", "personnel_share"] / states.loc["DEU", "armed_forces"]
    assert costs.loc["DEU", "cost_per_person_usd"] == pytest.approx(expected)
    assert "published personnel share" in costs.loc["DEU", "cost_source"]
    # Ukraine publishes no personnel share: the median NATO ally's; no state outside the bounds.
    assert "fallback" in costs.loc["UKR", "cost_source"]
    assert costs["cost_per_person_usd"].between(2000, 250000).all()
    # Andorra has no spending figure: it is costed at the reimbursement rate.
    assert costs.loc["AND", "cost_per_person_usd"] == RATE_YEAR


def test_a_scenarios_own_figure_replaces_the_derived_one():
    costs = costs_of("assumptions.costing=national", "assumptions.cost_per_person_usd={DEU: 50000}")
    assert costs.loc["DEU", "cost_per_person_usd"] == 50000 and costs.loc["DEU", "cost_source"] == "scenario"


def cheapest_cost(*sets) -> float:
    inputs = pipeline.load(BASELINE, parse_sets(["fairness.mode=off", *sets]))
    built = build_allocation(model_data(inputs))
    result, _ = solve_in_turn(built.model, built.objectives, pipeline.options_for(inputs), Path("/dev/null"))
    assert result.status == "optimal"
    return result.objective


def test_the_objective_changes_when_national_costs_change():
    base = cheapest_cost()
    inputs = pipeline.load(BASELINE, parse_sets(["fairness.mode=off"]))
    # The member with the most personnel in the cheapest plan, made dearer by USD 100,000 a soldier.
    built = build_allocation(model_data(inputs))
    result, _ = solve_in_turn(built.model, built.objectives, pipeline.options_for(inputs), Path("/dev/null"))
    x = result.x[built.model.variables["units"].ids]
    people = (pd.Series(x * built.data.triples["personnel_per_unit"].to_numpy())
              .groupby(built.data.triples["state"].to_numpy()).sum())
    top = people.idxmax()
    dearer = cheapest_cost(f"assumptions.cost_per_person_usd={{{top}: {RATE_YEAR + 100000}}}")
    assert dearer > base * (1 + 1e-6)


def test_the_fund_reimburses_at_the_agreed_rate_and_balances(baseline):
    states = pd.read_csv(baseline.out / "states.csv")
    owed = states["person_months"] * RATE_YEAR / 12
    # Every contributor gets at least the agreed rate for each person-month (the settlement may add to it,
    # never take it back).
    assert (states["reimbursement_usd"] >= owed - 0.01).all()
    assert states["fund_payment_usd"].sum() == pytest.approx(states["reimbursement_usd"].sum(), rel=1e-9)
    net = states["cost_usd"] - states["reimbursement_usd"] + states["fund_payment_usd"]
    assert (net - states["net_cost_usd"]).abs().max() <= 0.03   # three figures written to the cent
