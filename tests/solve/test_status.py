"""Solver status is never taken on trust: our status comes from our own checks."""
from __future__ import annotations

import numpy as np
import pytest

from planner.solvers.probe import probe_model
from planner.solvers.result import SolveOptions
from planner.solvers.runner import _checked

OPTIONS = SolveOptions("cbc", 10, 0.001, 1, 0)


def raw(**fields):
    return {"termination": "optimal", "version": "test", **fields}


def test_optimal_needs_a_bound_that_proves_the_gap():
    model = probe_model()     # min 3x + 2y, x + y >= 3.5, integers: x = 0, y = 4 -> 8
    good = np.array([0.0, 4.0])
    assert _checked(model, OPTIONS, raw(x=good, bound=8.0), 1.0).status == "optimal"
    # The solver says "optimal" but its bound leaves a 12.5 % gap: only feasible.
    result = _checked(model, OPTIONS, raw(x=good, bound=7.0), 1.0)
    assert result.status == "feasible" and result.gap == pytest.approx(0.125)
    # No bound at all (a time limit): feasible, never optimal.
    assert _checked(model, OPTIONS, raw(termination="stopped on time", x=good, bound=None), 1.0).status == "feasible"


def test_lp_values_left_in_the_variables_are_not_a_plan():
    model = probe_model()
    result = _checked(model, OPTIONS, raw(x=np.array([0.0, 3.5]), bound=7.0), 1.0)
    assert result.status == "no_solution" and "integrality" in result.message


def test_a_vector_that_breaks_a_row_is_not_a_plan():
    result = _checked(probe_model(), OPTIONS, raw(x=np.array([0.0, 3.0]), bound=6.0), 1.0)
    assert result.status == "no_solution" and "breaks the model" in result.message


def test_no_vector_at_the_time_limit_is_reported_as_such():
    result = _checked(probe_model(), OPTIONS, raw(termination="feasible", x=None), 1.0)
    assert result.status == "no_solution" and "no solution vector" in result.message


def test_the_objective_is_recomputed_not_copied():
    result = _checked(probe_model(), OPTIONS, raw(x=np.array([0.0, 4.0]), bound=8.0, objective=-1e9), 1.0)
    assert result.objective == pytest.approx(8.0)


def test_highs_bound_is_read_from_its_own_report(tmp_path):
    """OR-Tools hands back HiGHS's primal objective as its bound; the bound must come from HiGHS."""
    from planner.solvers.backends import _highs_dual_bound

    log = tmp_path / "solver.log"
    log.write_text("earlier stage\n  Dual bound        1.0\n")
    start = log.stat().st_size
    with log.open("a") as out:
        out.write("  Primal bound      1027165.06\n  Dual bound        1026769.97\n")
    assert _highs_dual_bound(log, start, 1027165.06) == pytest.approx(1026769.97)
    # An LP's report has no dual bound: the solver's figure stands.
    assert _highs_dual_bound(log, log.stat().st_size, 42.0) == 42.0


def test_the_requested_gap_reaches_highs(tmp_path):
    from planner.solvers.runner import solve

    log = tmp_path / "solver.log"
    result = solve(probe_model(), SolveOptions("highs", 10, 0.25, 1, 0), log)
    assert result.status == "optimal"
    assert "tolerance: 25%" in log.read_text()
