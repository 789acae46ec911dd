"""Property-based: random small trajectories under each reduction rule, with phases, a balanced
pair and a member leaving, either get a path the verifier accepts, or an infeasibility report
that names a rule; leaving the rule out then gives a path the verifier accepts."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from planner.check.verify import verify
from planner.errors import InfeasibleError
from planner.results.folder import write_results
from planner.run import pipeline
from tests.conftest import write_case

CODES = ["AAA", "BBB", "CCC", "DDD", "EEE"]
RULES = ["min_cost", "proportional", "bloc_parity", "equal_ceiling"]
# Fixed examples in make test (two tests so that pytest-xdist runs them side by side); the
# searching kind runs in make bench.
EXAMPLES_PER_TEST = 4
counter = itertools.count()


@st.composite
def trajectories(draw):
    n = draw(st.integers(3, 5))
    codes = CODES[:n]
    states = [{"iso3": c, "gni": draw(st.integers(1, 50)), "armed_forces": draw(st.integers(5, 50)) * 100,
               "population": draw(st.integers(1, 20)) * 1000} for c in codes]
    years = draw(st.integers(3, 6))
    rule = draw(st.sampled_from(RULES))
    split = draw(st.integers(1, n - 1))
    trajectory = {"start_year": 2030, "years": years, "rule": rule,
                  "regional_reduction": draw(st.sampled_from([0.1, 0.2, 0.3, 0.4])),
                  "max_annual_reduction": draw(st.sampled_from([0.1, 0.2, 0.5])),
                  "floor_share": draw(st.sampled_from([0.1, 0.25, 0.5])),
                  "rule_tolerance": draw(st.sampled_from([0.05, 0.1, 0.2])),
                  "cost_per_person_usd": {c: float(draw(st.integers(1, 20))) for c in codes}}
    if rule == "bloc_parity":
        trajectory["rule_blocs"] = {"west": codes[:split], "east": codes[split:]}
        trajectory["bloc_ratio"] = draw(st.sampled_from(["today", "parity", 0.8]))
    if draw(st.booleans()):
        trajectory["phases"] = "cfe"
    if draw(st.booleans()):
        trajectory["balanced_pairs"] = [{"states": [codes[0], codes[1]], "tolerance": 0.2}]
    if draw(st.booleans()):
        trajectory["leaves"] = {codes[-1]: 2030 + draw(st.integers(1, years - 1))}
    scenario = {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0],
                              "requirements": {"obs": draw(st.integers(1, 6))}}],
                "fairness": {"mode": draw(st.sampled_from(["off", "band"])), "tolerance": 1.0},
                "trajectory": trajectory}
    capacities = [(c, "obs", draw(st.integers(4, 20))) for c in codes]
    return states, scenario, capacities


def check(tmp: Path, case) -> None:
    states, scenario, capacities = case
    folder = tmp / f"case{next(counter)}"
    path = write_case(folder, states, [{"capability": "obs", "personnel": 1, "cost": 100}], scenario,
                      capacities=capacities)
    inputs = pipeline.load(path)
    try:
        run = pipeline.solve_inputs(inputs, pipeline.options_for(inputs), folder / "highs.log", price=False,
                                    diagnose=False)
    except InfeasibleError as exc:
        assert exc.reasons and exc.reasons[0].startswith("forces path"), exc.lines()
        if "one exists without the reduction rule" not in exc.reasons[0]:
            return
        freed = pipeline.load(path, {"trajectory.rule": "min_cost"})
        run = pipeline.solve_inputs(freed, pipeline.options_for(freed), folder / "freed.log", price=False,
                                    diagnose=False)
        inputs = freed
    out = folder / "out"
    write_results(run.results({}), out)
    assert verify(inputs, out) == []


def _property_test(number: int):
    @seed(number)
    @settings(max_examples=EXAMPLES_PER_TEST, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(case=trajectories())
    def test(tmp_path, case):
        check(tmp_path, case)
    return test


test_random_trajectories_a = _property_test(11)
test_random_trajectories_b = _property_test(12)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(case=trajectories())
def test_random_trajectories_at_length(tmp_path, case):
    check(tmp_path, case)
