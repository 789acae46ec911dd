"""Solve a model's objectives in turn, holding each optimum while minimising the next.

Bound first (`SolveOptions.bound_first`): an objective that is not the last is first held at
its LP relaxation's optimum z_LP instead of being solved as a MILP. z_LP is a lower bound on
every plan, so if the next stage finds a plan under that hold, the earlier objective's integer
optimum is z_LP and its MILP never needs solving (osce-baseline: the band's least shortfall is
the same with whole units as in the LP). If the next stage finds no plan, the hold is taken off
and the earlier objective solved as a MILP after all: the answer is the same either way, only
the time differs. Only for solvers with a true LP (CP-SAT has none, so its figure for the
relaxation is not a bound). The next stage gets TRY_SHARE of the time limit to find a plan under
that hold; a stage that needs longer is a sign the hold is out of reach.

A plan carried from stage to stage: the plan of a stage keeps every row of the next (its optimum
is held with room), so the next stage starts from it. First that plan's binary decisions (who
contributes, who leads) are fixed and the rest re-optimised, a small problem that gives a good
plan fast; then the whole stage is searched for a better one, told that plan's value (HiGHS's
`objective_bound`: only better plans are searched), and its dual bound proves the gap of
whichever plan is best. Solvers whose heuristics cannot find a first plan in a tightly held stage
(HiGHS on osce-loose: none in 60 s) then always have one.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from planner.model.linear import LinearModel, Objective
from planner.solvers.result import SolveOptions, SolveResult
from planner.solvers.runner import solve

# Solvers whose relaxation is a true LP, so its optimum is a bound (CP-SAT works on integers).
LP_SOLVERS = ("highs", "scip", "cbc")
# An earlier optimum is held with this much room, so float noise cannot make the next stage infeasible.
HOLD_SLACK = 1e-7
# The stage after an LP-bound hold gets this share of the time limit to find a plan before the held
# stage is solved. These tries are wall-clock limits, so a loaded machine could take the other path
# (and find another plan of the same cost within the gap): a third of osce-baseline's 60 s is 20 s,
# far above the 2-6 s its cost stage needs, so that its result does not depend on load.
TRY_SHARE = 1.0 / 3.0
# A stage re-optimised near the plan before (its binary decisions fixed: under a second on the
# shipped scenarios) gets this share of the time limit before that plan itself is taken.
NEAR_TRY_SHARE = 1.0 / 6.0
# The first MILP stage gets this share alone before it is searched from a first plan of any cost.
# Half: osce-baseline's band stage needs 11-13 s alone and over 20 s beside other work, and a
# search stopped at its limit hands back no plan at all (OR-Tools' HiGHS returns no vector then),
# so a shorter try would throw away the work on a loaded machine.
FIRST_TRY_SHARE = 1.0 / 2.0
# No objective: any plan that keeps the rows, the easiest first plan to find.
ANY_PLAN = Objective("any plan", {})
# Solvers told the value of a known plan (so that they search only for better ones).
CUTOFF_SOLVERS = ("highs",)


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
    incumbent: np.ndarray | None = None      # the plan of the stage before, which keeps this stage's rows
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
        if pending is not None:
            tried = replace(options, time_limit_s=options.time_limit_s * TRY_SHARE)
            result = solve(model, tried, log_path, stage=objective.name)
            if not result.has_plan and result.status != "infeasible" and objective.seed is not None:
                result = _searched_from(model, objective, objective.seed,
                                        f"{objective.seed.name}, to start {objective.name} from", options, log_path,
                                        result.solve_s)
        elif incumbent is None and not last:
            result = _first_stage(model, objective, options, log_path)
        else:
            result = _from_incumbent(model, options, log_path, objective.name, incumbent)
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
        if result.has_plan and objective.infeasible_at is not None \
                and result.objective >= objective.infeasible_at - 0.5:
            # Its best plan breaks a rule the objective only prices: proven when the bound says so.
            proven = result.bound is not None and result.bound >= objective.infeasible_at - 0.5
            result.status = "infeasible" if proven else "no_solution"
            result.message = "" if proven else (f"{options.solver} found no plan within stage {objective.name!r}'s "
                                                f"priced rule in the time given")
        records.append(_record(objective, result))
        if not result.has_plan or last:
            break
        incumbent = result.x
        _hold(model, objective, result.objective, previous, done_groups)
        i += 1
    result.solve_s = total_s
    return result, records


def _first_stage(model: LinearModel, objective: Objective, options: SolveOptions, log_path: Path) -> SolveResult:
    """The first MILP stage: searched alone for FIRST_TRY_SHARE of the time limit; if no plan turns
    up, searched from any plan that keeps the hard rules (the stage's own columns are elastic)."""
    tried = replace(options, time_limit_s=options.time_limit_s * FIRST_TRY_SHARE)
    result = solve(model, tried, log_path, stage=objective.name)
    if result.status != "no_solution":
        return result
    # No objective at all: the cost objective drives the search to the cheapest states, far above
    # their band tops (osce-baseline with national costs: no plan in 50 s; any plan: seconds).
    return _searched_from(model, objective, ANY_PLAN, "any plan, to start from", options, log_path, result.solve_s)


def _searched_from(model: LinearModel, objective: Objective, start: Objective, label: str, options: SolveOptions,
                   log_path: Path, spent: float) -> SolveResult:
    """The stage searched from a plan of `start` (the same rows, an easier search), in the time
    left after `spent`; `start`'s result when it finds no plan (its rows are the stage's, so its
    "infeasible" is the stage's too)."""
    model.use_objective(start)
    seed = solve(model, replace(options, time_limit_s=max(options.time_limit_s - spent, 1.0)), log_path, stage=label)
    model.use_objective(objective)
    spent += seed.solve_s
    if not seed.has_plan:
        seed.solve_s = spent
        return seed
    result = _from_incumbent(model, replace(options, time_limit_s=max(options.time_limit_s - spent, 1.0)),
                             log_path, objective.name, seed.x)
    result.solve_s += spent
    return result


def _from_incumbent(model: LinearModel, options: SolveOptions, log_path: Path, stage: str,
                    incumbent: np.ndarray | None) -> SolveResult:
    """This stage's best plan: searched from scratch, or (with the plan of the stage before) first
    re-optimised with that plan's binary decisions fixed, then searched for a better one."""
    fixed = model.binary_blocks()
    if incumbent is None or not fixed:
        return solve(model, options, log_path, stage=stage)
    tried = replace(options, time_limit_s=options.time_limit_s * NEAR_TRY_SHARE)
    with model.fixed(fixed, incumbent):
        near = solve(model, tried, log_path, stage=f"{stage} near the plan before")
    if not near.has_plan:
        # The plan before itself: every whole-number decision kept, only this stage's own measures
        # (shortfalls, excesses: the columns it prices) free. A plan, at once, to search from.
        priced = {key for key in model.variables if np.any(model.cost_of(key) != 0)}
        kept = [key for key in model.integer_blocks() if key not in priced]
        spent = near.solve_s
        with model.fixed(kept, incumbent):
            near = solve(model, tried, log_path, stage=f"{stage} at the plan before")
        near.solve_s += spent
        if not near.has_plan:
            return solve(model, options, log_path, stage=stage)
    if options.solver in LP_SOLVERS:
        # The near plan may already sit on the LP bound (osce-baseline's band stage: proving it by
        # search took 30 s); then it is optimal and no search is needed.
        lp = solve(model, options, log_path, stage=f"{stage} LP bound", relaxed=True)
        near.solve_s += lp.solve_s
        if lp.status == "optimal" and near.objective - lp.objective <= options.gap * max(abs(near.objective), 1e-9) \
                + HOLD_SLACK:
            near.bound, near.status = lp.objective, "optimal"
            near.gap = max(near.objective - lp.objective, 0.0) / max(abs(near.objective), 1e-9)
            return near
    remaining = max(options.time_limit_s - near.solve_s, 1.0)
    cutoff = near.objective if options.solver in CUTOFF_SOLVERS else None
    full = solve(model, replace(options, time_limit_s=remaining, cutoff=cutoff), log_path, stage=stage)
    full.solve_s += near.solve_s
    if full.has_plan and full.objective <= near.objective:
        return full
    # No better plan: the near one stands, with the whole stage's bound (a bound on every plan) if any.
    near.solve_s = full.solve_s
    # Under a cutoff, "infeasible" proves that no plan is better than the near one.
    proven_best = full.status == "infeasible" and cutoff is not None
    bound = full.bound if full.bound is not None else (near.objective if proven_best else None)
    if bound is not None:
        near.bound = min(bound, near.objective)
        near.gap = (near.objective - near.bound) / max(abs(near.objective), 1e-9)
        near.status = "optimal" if near.gap <= options.gap + 1e-9 else "feasible"
    else:
        near.bound, near.gap, near.status = None, None, "feasible"
    near.termination = f"{full.termination} (a better plan searched for; the plan near the stage before kept)"
    return near


def _hold(model: LinearModel, objective: Objective, value: float, previous: dict, done_groups: set) -> None:
    model.hold_objective(objective, value + max(abs(value), 1.0) * HOLD_SLACK)
    if objective.group is not None:
        if value - previous.get(objective.group, 0.0) <= objective.settles_within:
            done_groups.add(objective.group)
        previous[objective.group] = value


def _record(objective: Objective, result: SolveResult) -> dict:
    return {"stage": objective.name, "status": result.status, "value": result.objective,
            "gap": result.gap, "solve_s": round(result.solve_s, 3), "method": "MILP"}
