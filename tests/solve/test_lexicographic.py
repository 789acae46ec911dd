"""Objectives solved in turn; bound first never changes the answer."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from planner.model.linear import LinearModel, Objective
from planner.model.rows import Terms
from planner.paths import SCENARIO_DIR
from planner.run import pipeline
from planner.solvers.lexicographic import solve_in_turn
from planner.solvers.result import SolveOptions


def two_stage_model() -> tuple[LinearModel, tuple[Objective, ...]]:
    """min x, then min -y, with x whole in [0, 3], 2x >= 1 and y <= x: the LP bound of the first
    stage (x = 0.5) is not reachable with whole x, so holding it makes the second stage infeasible."""
    m = LinearModel()
    x = m.add_variables("x", pd.Index(["x"]), 0.0, 3.0, integer=True)
    y = m.add_variables("y", pd.Index(["y"]), 0.0, 10.0, integer=False)
    m.add_rows("half", pd.Index(["half"]), [Terms.single_row(x.ids, 2.0)], 1.0, np.inf)
    m.add_rows("y_below_x", pd.Index(["yx"]), [Terms.single_row([y.start, x.start], [1.0, -1.0])], -np.inf, 0.0)
    return m, (Objective("first", {"x": np.ones(1)}), Objective("second", {"y": -np.ones(1)}))


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_an_unreachable_lp_bound_falls_back_to_the_milp(tmp_path, solver):
    model, objectives = two_stage_model()
    result, records = solve_in_turn(model, objectives, SolveOptions(solver, 10, 0.0, 1, 0), tmp_path / "log")
    assert result.status == "optimal" and result.objective == pytest.approx(-1.0)
    assert [(r["stage"], r["method"]) for r in records] == [("first", "MILP"), ("second", "MILP")]
    assert records[0]["value"] == pytest.approx(1.0)
    assert ("hold", "first") in model.constraints     # the MILP optimum is held, not the LP bound
    assert model.n_rows == 3


@pytest.mark.slow   # the band stage of osce-baseline as a MILP: about a minute
def test_bound_first_gives_the_answer_of_solving_every_stage(tmp_path):
    inputs = pipeline.load(SCENARIO_DIR / "osce-baseline.yaml")
    options = pipeline.options_for(inputs)
    fast = pipeline.solve_inputs(inputs, options, tmp_path / "fast.log", price=False)
    slow = pipeline.solve_inputs(inputs, dataclasses.replace(options, bound_first=False), tmp_path / "slow.log",
                                 price=False)
    assert fast.stages[0]["method"].startswith("LP bound") and slow.stages[0]["method"] == "MILP"
    assert fast.stages[0]["value"] == pytest.approx(slow.stages[0]["value"], abs=1e-6)
    # Both cost stages are proven within the gap of the same optimum.
    assert fast.result.objective == pytest.approx(slow.result.objective, rel=2 * options.gap)


def test_a_later_stage_called_infeasible_is_never_a_proof_of_no_plan(tmp_path, monkeypatch):
    """The first stage's plan keeps the second stage's rows; a solver that then says "infeasible"
    (CP-SAT did, rounding continuous variables) has failed, and is not believed."""
    import planner.solvers.lexicographic as lexicographic

    real = lexicographic.solve
    calls = []

    def second_stage_says_infeasible(model, options, log_path, stage="", relaxed=False):
        calls.append(stage)
        result = real(model, options, log_path, stage=stage, relaxed=relaxed)
        if stage.startswith("second"):      # near the first stage's plan, and alone
            result.status, result.x = "infeasible", None
        return result

    monkeypatch.setattr(lexicographic, "solve", second_stage_says_infeasible)
    model, objectives = two_stage_model()
    result, records = solve_in_turn(model, objectives, SolveOptions("highs", 10, 0.0, 1, 0, bound_first=False),
                                    tmp_path / "log")
    assert calls == ["first", "second near the plan before", "second at the plan before", "second"]
    assert result.status == "no_solution" and "numerical failure" in result.message
