"""Solve a model's objectives in turn, holding each optimum while minimising the next."""
from __future__ import annotations

from pathlib import Path

from planner.model.fairness import ZERO_DEVIATION
from planner.model.linear import LinearModel, Objective
from planner.solve.result import SolveOptions, SolveResult
from planner.solve.runner import solve

# An earlier optimum is held with this much room, so float noise cannot make the next stage infeasible.
HOLD_SLACK = 1e-7


def solve_in_turn(model: LinearModel, objectives: tuple[Objective, ...], options: SolveOptions,
                  log_path: Path) -> tuple[SolveResult, list[dict]]:
    """The last objective's result, and a record (name, status, value, gap, seconds) per stage solved."""
    records: list[dict] = []
    previous: dict[str, float] = {}
    done_groups: set[str] = set()
    total_s = 0.0
    result: SolveResult | None = None
    for i, objective in enumerate(objectives):
        if objective.group in done_groups:
            continue
        model.use_objective(objective)
        result = solve(model, options, log_path, stage=objective.name)
        total_s += result.solve_s
        records.append({"stage": objective.name, "status": result.status, "value": result.objective,
                        "gap": result.gap, "solve_s": round(result.solve_s, 3)})
        if not result.has_plan or i == len(objectives) - 1:
            break
        value = result.objective
        model.hold_objective(objective, value + max(abs(value), 1.0) * HOLD_SLACK)
        if objective.group is not None:
            if value - previous.get(objective.group, 0.0) <= ZERO_DEVIATION:
                done_groups.add(objective.group)
            previous[objective.group] = value
    result.solve_s = total_s
    return result, records
