"""Solve a model's objectives in turn, holding each optimum while minimising the next.

Bound first (`SolveOptions.bound_first`): an objective that is not the last is first held at
its LP relaxation's optimum z_LP instead of being solved as a MILP. z_LP is a lower bound on
every plan, so if the next stage finds a plan under that hold, the earlier objective's integer
optimum is z_LP and its MILP never needs solving (osce-baseline: the band's least shortfall is
the same with whole units as in the LP). If the next stage finds no plan, the hold is taken off
and the earlier objective solved as a MILP after all: the answer is the same either way, only
the time differs. Only for solvers with a true LP (CP-SAT has none, so its figure for the
relaxation is not a bound).
"""
from __future__ import annotations

from pathlib import Path

from planner.model.linear import LinearModel, Objective
from planner.solve.result import SolveOptions, SolveResult
from planner.solve.runner import solve

# Solvers whose relaxation is a true LP, so its optimum is a bound (CP-SAT works on integers).
LP_SOLVERS = ("highs", "scip", "cbc")
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
    pending: tuple[int, int, dict, set[str]] | None = None   # a stage held at its LP bound, unproven
    no_bound_first: set[int] = set()
    i = 0
    while i < len(objectives):
        objective = objectives[i]
        if objective.group in done_groups:
            i += 1
            continue
        model.use_objective(objective)
        last = i == len(objectives) - 1
        if options.bound_first and options.solver in LP_SOLVERS and not last and pending is None \
                and i not in no_bound_first:
            lp = solve(model, options, log_path, stage=f"{objective.name} LP bound", relaxed=True)
            total_s += lp.solve_s
            if lp.status == "optimal":
                pending = (i, len(records), dict(previous), set(done_groups))
                records.append({"stage": objective.name, "status": "optimal", "value": lp.objective, "gap": 0.0,
                                "solve_s": round(lp.solve_s, 3), "method": "LP bound, reached by the next stage"})
                _hold(model, objective, lp.objective, previous, done_groups)
                i += 1
                continue
            if lp.status == "infeasible":   # no fractional plan, so no plan
                result = lp
                records.append(_record(objective, lp))
                break
        result = solve(model, options, log_path, stage=objective.name)
        total_s += result.solve_s
        if pending is not None and not result.has_plan:
            # Whole units cannot reach the earlier stage's LP bound: solve that stage after all.
            j, kept, previous, done_groups = pending
            model.drop_last_constraints(("hold", objectives[j].name))
            del records[kept:]
            no_bound_first.add(j)
            pending, i = None, j
            continue
        pending = None
        if result.status == "infeasible" and any(r["method"] == "MILP" and r["status"] in ("optimal", "feasible")
                                                 for r in records):
            # An earlier stage's plan keeps every row of this one (its optimum is held with room):
            # "infeasible" here is the solver's numerical trouble, never a proof that no plan exists.
            result.status = "no_solution"
            result.message = (f"{options.solver} called stage {objective.name!r} infeasible although the plan of "
                              f"the stage before keeps every rule: a numerical failure of the solver, not of the "
                              f"scenario")
        records.append(_record(objective, result))
        if not result.has_plan or last:
            break
        _hold(model, objective, result.objective, previous, done_groups)
        i += 1
    result.solve_s = total_s
    return result, records


def _hold(model: LinearModel, objective: Objective, value: float, previous: dict, done_groups: set) -> None:
    model.hold_objective(objective, value + max(abs(value), 1.0) * HOLD_SLACK)
    if objective.group is not None:
        if value - previous.get(objective.group, 0.0) <= objective.settles_within:
            done_groups.add(objective.group)
        previous[objective.group] = value


def _record(objective: Objective, result: SolveResult) -> dict:
    return {"stage": objective.name, "status": result.status, "value": result.objective,
            "gap": result.gap, "solve_s": round(result.solve_s, 3), "method": "MILP"}
