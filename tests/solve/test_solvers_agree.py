"""The same scenario reaches the same optimum on every solver (within the gap)."""
from __future__ import annotations

import numpy as np
import pytest

from planner.check.verify import verify as violations
from planner.errors import InfeasibleError
from planner.run import pipeline
from planner.solvers import SOLVERS

GAP = 1e-4


def synthetic(case, seed: int):
    rng = np.random.default_rng(seed)
    codes = [f"S{chr(65 + i)}{chr(65 + i)}" for i in range(8)]
    states = [{"iso3": c, "gni": int(rng.integers(10, 200)), "lon": float(rng.uniform(-10, 30)),
               "lat": float(rng.uniform(35, 60))} for c in codes]
    caps = [{"capability": "inf", "personnel": 120, "cost": 2_000_000, "rotation": 3, "combat": True},
            {"capability": "eng", "personnel": 60, "cost": 1_200_000, "rotation": 3},
            {"capability": "med", "personnel": 20, "cost": 400_000, "rotation": 2},
            {"capability": "obs", "personnel": 4, "cost": 90_000, "rotation": 2}]
    capacities = [(c, cap["capability"], int(rng.integers(0, 12))) for c in codes for cap in caps]
    missions = [
        {"id": "pk", "kind": "peacekeeping", "location": [20.0, 45.0], "requirements": {"inf": 3, "obs": 10, "med": 1}},
        {"id": "dr", "kind": "disaster_response", "location": [10.0, 50.0], "requirements": {"eng": 3, "med": 3}},
        {"id": "hu", "kind": "humanitarian", "location": [25.0, 40.0], "requirements": {"med": 2, "eng": 1, "obs": 4}},
    ]
    return case(states, caps, {
        "missions": missions, "max_national_share": 0.6,
        "fairness": {"mode": "band", "tolerance": 0.3, "apply_to": ["personnel", "net_cost"]},
        "assumptions": {"transport_usd_per_person_km": 0.5},
        "solver": {"gap": GAP},
    }, capacities=[(c, u, n) for c, u, n in capacities])


def _solve_all(case, seed):
    path = synthetic(case, seed)
    inputs = pipeline.load(path)
    outcomes = {}
    for solver in SOLVERS:
        try:
            run = pipeline.solve_inputs(inputs, pipeline.options_for(inputs, solver), path.parent / f"{solver}.log")
            outcomes[solver] = run.result
        except InfeasibleError as exc:
            outcomes[solver] = exc
    return outcomes


@pytest.mark.parametrize("seed", [1, 3, 9, 12])
def test_every_solver_reaches_the_same_optimum(case, seed):
    outcomes = _solve_all(case, seed)
    assert all(r.status == "optimal" for r in outcomes.values()), outcomes
    best = min(r.objective for r in outcomes.values())
    for solver, result in outcomes.items():
        assert result.objective <= best * (1 + 2 * GAP) + 1e-6, (solver, {s: r.objective for s, r in outcomes.items()})


def test_every_solver_agrees_on_infeasibility(case):
    # seed 2 draws capacities under which no plan keeps every member in its band
    outcomes = _solve_all(case, 2)
    assert all(isinstance(r, InfeasibleError) for r in outcomes.values()), outcomes


@pytest.mark.parametrize("solver", SOLVERS)
def test_each_solver_finds_the_hand_optimum_and_a_valid_plan(case, solver, tmp_path):
    """10 units of 10 personnel; GNI key 50/30/20 and tolerance 0, so with the one-unit allowance
    the bands are A [40, 60], B [20, 40], C [10, 30] personnel. Costs rise with distance, C < B < A:
    the cheapest plan inside the bands is C 3, B 3, A 4 units (A at its floor)."""
    from planner.results.folder import write_results

    unit = {"capability": "inf", "personnel": 10, "cost": 1000, "rotation": 1}
    path = case(
        [{"iso3": "AAA", "gni": 50, "lon": 30.0}, {"iso3": "BBB", "gni": 30, "lon": 20.0},
         {"iso3": "CCC", "gni": 20, "lon": 10.0}],
        [unit],
        {"missions": [{"id": "m1", "kind": "peacekeeping", "location": [0.0, 0.0], "requirements": {"inf": 10}}],
         "assumptions": {"transport_usd_per_person_km": 1.0},
         "fairness": {"mode": "band", "tolerance": 0.0, "apply_to": ["personnel"]}},
        capacities=[("AAA", "inf", 10), ("BBB", "inf", 10), ("CCC", "inf", 10)],
    )
    inputs = pipeline.load(path)
    run = pipeline.solve_inputs(inputs, pipeline.options_for(inputs, solver), path.parent / f"{solver}.log")
    assert run.result.status == "optimal"
    assert run.plan.allocation.set_index("state")["units"].to_dict() == {"AAA": 4, "BBB": 3, "CCC": 3}
    out = tmp_path / f"out-{solver}"
    write_results(run.results({}), out)
    assert violations(inputs, out) == []
