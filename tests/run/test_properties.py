"""Property-based: random small scenarios either get a plan the verifier accepts, with CBC and
CP-SAT at the same optimum, or an infeasibility report whose relaxation, applied, gives a plan."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from planner.check.verify import verify
from planner.errors import InfeasibleError
from planner.results.folder import write_results
from planner.run import pipeline
from planner.solvers import SOLVERS
from tests.conftest import write_case
from tests.run.pinned_cases import PINNED

KINDS = ["peacekeeping", "humanitarian", "disaster_response"]
CODES = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"]
UNITS = ["inf", "eng", "med", "obs"]
# 3 x 6 = 18 fixed examples in make test, in three tests so that pytest-xdist runs them side by
# side; the searching kind (2,000 fresh examples) runs in make bench.
EXAMPLES_PER_TEST = 6


@st.composite
def scenarios(draw):
    n_states = draw(st.integers(2, 5))
    codes = CODES[:n_states]
    states = [{"iso3": c, "gni": draw(st.integers(1, 100)), "lon": draw(st.floats(-20, 40)),
               "lat": draw(st.floats(30, 65))} for c in codes]
    n_caps = draw(st.integers(1, 4))
    caps = [{"capability": UNITS[i], "personnel": draw(st.sampled_from([1, 4, 10, 50])),
             "rotation": draw(st.sampled_from([1, 2, 3])), "cost": draw(st.integers(100, 10_000)),
             "combat": draw(st.booleans())} for i in range(n_caps)]
    missions = []
    for j in range(draw(st.integers(1, 3))):
        chosen = draw(st.lists(st.sampled_from(UNITS[:n_caps]), min_size=1, max_size=n_caps, unique=True))
        missions.append({"id": f"m{j}", "kind": draw(st.sampled_from(KINDS)),
                         "location": [draw(st.floats(-20, 40)), draw(st.floats(30, 65))],
                         "requirements": {u: draw(st.integers(1, 6)) for u in chosen},
                         "exclude": draw(st.lists(st.sampled_from(codes), max_size=1))})
    caveats = {}
    for code in draw(st.lists(st.sampled_from(codes), max_size=2, unique=True)):
        caveats[code] = {"kinds": draw(st.lists(st.sampled_from(KINDS), max_size=1)),
                         "no_combat": draw(st.booleans()),
                         "max_personnel": draw(st.one_of(st.none(), st.integers(0, 200)))}
    mode = draw(st.sampled_from(["band", "band", "off"]))
    fairness = {"mode": mode, "tolerance": draw(st.sampled_from([0.0, 0.2, 0.5, 1.0])),
                "apply_to": ["personnel", "net_cost"]}
    capacities = [(c, cap["capability"], draw(st.integers(0, 12))) for c in codes for cap in caps]
    scenario = {"missions": missions, "caveats": {k: {kk: vv for kk, vv in v.items() if vv is not None}
                                                  for k, v in caveats.items()},
                "fairness": fairness, "max_national_share": draw(st.sampled_from([0.5, 0.75, 1.0])),
                "assumptions": {"transport_usd_per_person_km": 0.5}, "solver": {"gap": 1e-7, "time_limit_s": 30}}
    return states, caps, scenario, capacities


counter = itertools.count()


def check(tmp: Path, case, solvers=("cbc", "cpsat")) -> None:
    """Every solver is asked: none is believed alone. They agree on whether a plan exists; when
    one does, on its cost, and every plan passes the verifier; when none does, the relaxation the
    diagnosis prints gives a plan."""
    states, caps, scenario, capacities = case
    folder = tmp / f"case{next(counter)}"
    path = write_case(folder, states, caps, scenario, capacities=capacities)
    inputs = pipeline.load(path)
    runs, refusals = {}, {}
    for solver in solvers:
        try:
            # Only the first solver's refusal is diagnosed; the others must only agree with it.
            runs[solver] = pipeline.solve_inputs(inputs, pipeline.options_for(inputs, solver), folder / f"{solver}.log",
                                                 price=False, diagnose=solver == solvers[0])
        except InfeasibleError as exc:
            refusals[solver] = exc
    assert not (runs and refusals), {s: e.lines() for s, e in refusals.items()}
    if refusals:
        exc = next(iter(refusals.values()))
        if exc.command is None:    # the relaxation leaves nothing to plan: it says so, and checks no command
            assert exc.relaxations[-1].startswith("with these every requirement is 0"), exc.lines()
            return
        # the relaxation was checked by a solve
        overrides = {part.split("=")[0]: part.split("=")[1] for part in exc.command.split(" --set ")[1:]}
        relaxed = pipeline.load(path, {k: yaml.safe_load(v) for k, v in overrides.items()})
        pipeline.solve_inputs(relaxed, pipeline.options_for(relaxed), folder / "relaxed.log", price=False,
                              diagnose=False)
        return
    costs = {solver: run.plan.metrics["total_cost_usd"] for solver, run in runs.items()}
    first = next(iter(costs.values()))
    assert all(cost == pytest.approx(first, rel=1e-5) for cost in costs.values()), costs
    for solver, run in runs.items():
        out = folder / f"out-{solver}"
        write_results(run.results({}), out)
        assert verify(inputs, out) == [], solver


def _property_test(number: int):
    @seed(number)
    @settings(max_examples=EXAMPLES_PER_TEST, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(case=scenarios())
    def test(tmp_path, case):
        check(tmp_path, case)
    return test


# Fixed examples: the same on every run and in every process.
test_random_scenarios_a = _property_test(1)
test_random_scenarios_b = _property_test(2)
test_random_scenarios_c = _property_test(3)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_examples_on_all_four_solvers(tmp_path, name):
    """Cases the searching tests once found failing, kept: every solver must now agree."""
    check(tmp_path, PINNED[name], solvers=SOLVERS)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(case=scenarios())
def test_random_scenarios_at_length(tmp_path, case):
    check(tmp_path, case)
