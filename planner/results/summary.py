"""summary.json: status, objective, fairness measures and how the result was made; run.json: what
differs from one run to the next (wall times, threads, the machine, the solver's own log).

summary.json is the same bytes whenever the plan is; everything that records the run rather than
the plan goes to run.json."""
from __future__ import annotations

import hashlib
import os
import platform

from planner.inputs import Inputs
from planner.results.plan import Plan
from planner.solvers import SolveOptions, SolveResult
from planner.version import __version__


def plan_summary(inputs: Inputs, result: SolveResult, plan: Plan, stages: list[dict], options: SolveOptions,
                 model_size: dict, trajectory: dict | None) -> dict:
    """`model_size`: variables, constraints, nonzeros of the (first) model solved; `trajectory`:
    the trajectory section (planner/results/trajectory.py) or None."""
    fair = inputs.scenario.fairness
    m = plan.metrics
    return {
        "scenario": inputs.name,
        # A partial plan (requirements left unmet, solver.allow_shortfall) is never called optimal:
        # whether its choice of gaps is proven is in "partial".
        "status": "partial" if plan.partial else result.status,
        "partial": _partial(plan, result) if plan.partial else None,
        "termination": result.termination,
        "solver": result.solver,
        "solver_version": result.solver_version,
        "objective_usd": m["objective_usd"],
        "bound_usd": m["bound_usd"],
        "gap": result.gap,
        # For a trajectory, money is summed over its years and personnel is the largest year's:
        # `period` says which, and `per_year` gives every year's own figures.
        "period": _period(plan),
        "per_year": _per_year(plan),
        "total_cost_usd": m["total_cost_usd"],
        "total_personnel": m["total_personnel"],
        "fund_transfers_usd": m["fund_transfers_usd"],
        "members": m["members"],
        "contributing_members": m["contributing_members"],
        "key": inputs.scenario.key.model_dump(exclude_defaults=True),
        "price_of_fairness_usd": m["price_of_fairness_usd"],
        "price_of_fairness_pct": m["price_of_fairness_pct"],
        "stages": [{k: v for k, v in stage.items() if k != "solve_s"} for stage in stages],
        "fairness": {
            "mode": fair.mode, "tolerance": fair.tolerance, "gini_max": fair.gini_max, "apply_to": list(fair.apply_to),
            **{name: m[name] for name in (
                "personnel_max_abs_deviation", "net_cost_max_abs_deviation", "personnel_all_within_band",
                "personnel_gini", "net_cost_gini", "personnel_gallagher", "personnel_loosemore_hanby",
                "net_cost_gallagher", "net_cost_loosemore_hanby")},
        },
        "model": model_size,
        "reproducibility": {
            "planner_version": __version__, "solver": result.solver, "solver_version": result.solver_version,
            "seed": options.seed, "time_limit_s": options.time_limit_s, "gap_limit": options.gap,
            "inputs_sha256": inputs_hash(inputs),
        },
        "trajectory": trajectory,
    }


def _period(plan: Plan) -> dict:
    """What the totals cover: one year, or the trajectory's years (money summed, personnel the peak)."""
    if "year" not in plan.states:
        return {"years": 1, "label": "a year", "personnel": "deployed"}
    years = sorted(int(y) for y in plan.states["year"].unique())
    return {"years": len(years), "first": years[0], "last": years[-1],
            "label": f"over {years[0]}-{years[-1]} ({len(years)} years)", "personnel": "peak year"}


def _per_year(plan: Plan) -> dict | None:
    """year -> cost, personnel, fund transfers and contributors of that year alone (trajectories)."""
    if "year" not in plan.states:
        return None
    alloc, states = plan.allocation, plan.states
    return {int(year): {"cost_usd": float(alloc.loc[alloc["year"] == year, "cost_usd"].sum()),
                        "personnel": int(alloc.loc[alloc["year"] == year, "personnel"].sum()),
                        "fund_transfers_usd": float(group["fund_payment_usd"].sum()),
                        "contributing_members": int((group["personnel"] > 0).sum())}
            for year, group in states.groupby("year")}


def _partial(plan: Plan, result: SolveResult) -> dict:
    short = plan.shortfall
    return {"requirements_short": int(len(short)), "units_short": int(short["short"].sum()),
            "personnel_short": int(short["personnel_short"].sum()),
            "missions_short": sorted(set(short["mission"])), "proven": result.status == "optimal"}


def run_record(options: SolveOptions, stages: list[dict], timings: dict[str, float], solver_log: str) -> dict:
    """run.json: wall times of the stages and of each solve, threads, the machine, the solver's log."""
    return {
        "timings_s": {**{k: round(v, 3) for k, v in timings.items()},
                      **{_stage_key(st): st["solve_s"] for st in stages}},
        "threads": options.threads,
        "machine": {"python": platform.python_version(), "system": platform.system(),
                    "machine": platform.machine(), "cpus": os.cpu_count()},
        "solver_log": solver_log.splitlines(),
    }


def _stage_key(stage: dict) -> str:
    where = stage.get("year") or stage.get("forces") or stage.get("model") or ""
    return f"stage_{stage['stage']}{'_' + str(where) if where else ''}_s"


def inputs_hash(inputs: Inputs) -> str:
    """Hash of the resolved scenario and every table the model was built from."""
    h = hashlib.sha256(inputs.scenario.model_dump_json().encode())
    for frame in (inputs.states, inputs.capabilities, inputs.holdings, inputs.eligible):
        h.update(frame.to_csv(lineterminator="\n", float_format="%.10g").encode())
    return h.hexdigest()
