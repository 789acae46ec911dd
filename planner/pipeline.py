"""One scenario from file to written results: the stages in order, timed.

load -> resolve (validated inputs) -> pre-solve shortfall check -> build ->
solve -> check -> result tables -> files. Each stage only reads what the
previous one produced.
"""
from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from planner import __version__
from planner.diagnose import shortfalls
from planner.errors import InfeasibleError, SolverError
from planner.inputs import Inputs, resolve
from planner.model import BuiltModel, build_model
from planner.results import Plan, plan_tables
from planner.scenario import load_scenario
from planner.solve import SolveOptions, SolveResult, solve


@dataclass
class Run:
    inputs: Inputs
    options: SolveOptions
    built: BuiltModel | None = None
    result: SolveResult | None = None
    plan: Plan | None = None
    timings: dict[str, float] = field(default_factory=dict)


def load(path: str | Path) -> Inputs:
    return resolve(load_scenario(path))


def options_for(inputs: Inputs, solver: str | None = None, time_limit_s: float | None = None,
                gap: float | None = None, threads: int | None = None) -> SolveOptions:
    """Scenario solver settings, with command-line overrides."""
    s = inputs.scenario.solver
    return SolveOptions(solver or s.name, time_limit_s or s.time_limit_s, s.gap if gap is None else gap,
                        threads or s.threads, s.seed)


def solve_inputs(inputs: Inputs, options: SolveOptions, log_path: Path) -> Run:
    """Build, solve and tabulate; raise InfeasibleError with reasons, or SolverError."""
    run = Run(inputs, options)
    reasons = shortfalls(inputs)
    if reasons:
        raise InfeasibleError(inputs.name, reasons)
    started = time.perf_counter()
    run.built = build_model(inputs)
    run.timings["build_s"] = time.perf_counter() - started
    run.result = solve(run.built.model, options, log_path)
    run.timings["solve_s"] = run.result.solve_s
    if run.result.status == "infeasible":
        raise InfeasibleError(inputs.name, _explain(inputs, options, log_path))
    if not run.result.has_plan:
        raise SolverError(f"{inputs.name}: {options.solver} found no plan: {run.result.message or run.result.termination}"
                          f"; try another solver (--solver {_fallback(options.solver)}) or a longer --time-limit")
    run.plan = plan_tables(run.built, run.result)
    return run


def _fallback(solver: str) -> str:
    return {"highs": "scip", "scip": "highs", "cbc": "highs", "cpsat": "highs"}[solver]


def _explain(inputs: Inputs, options: SolveOptions, log_path: Path) -> list[str]:
    """The checks before the solve passed, yet no plan exists: find which rule family is to blame."""
    fair = inputs.scenario.fairness
    if fair.mode == "off" or "personnel" not in fair.apply_to:
        return ["capacities, caveats and the multinationality cap cannot all hold together "
                "(each requirement alone can be met); see the solver log " + str(log_path)]
    relaxed = dataclasses.replace(inputs, scenario=inputs.scenario.model_copy(
        update={"fairness": fair.model_copy(update={"mode": "off"})}))
    built = build_model(relaxed)
    result = solve(built.model, options, log_path.with_name("relaxed-" + log_path.name))
    if not result.has_plan:
        return ["capacities, caveats and the multinationality cap cannot all hold together, "
                "even with the fairness band off"]
    plan = plan_tables(built, result)
    from planner.model.fairness import personnel_band
    band = personnel_band(build_model(inputs).data)
    people = plan.states.set_index("state")["personnel"].reindex(band.index)
    outside = band.assign(personnel=people)
    outside = outside[(people < band["lo"] - 1e-6) | (people > band["hi"] + 1e-6)]
    lines = [f"the personnel band (+-{fair.tolerance:.0%} of key share) cannot be met together with "
             f"capacities, caveats and multinationality; without it a plan exists"]
    for state, row in outside.sort_values("personnel", ascending=False).head(8).iterrows():
        lines.append(f"{state}: the cheapest plan gives it {row['personnel']:.0f} personnel, its band is "
                     f"{row['lo']:.0f}-{row['hi']:.0f} (can field at most {row['most']:.0f})")
    lines.append("widen fairness.tolerance, relax caveats, or add capacity")
    return lines


def summary(run: Run) -> dict:
    """summary.json: status, objective, fairness metrics, timings and how the result was made."""
    r, inputs, p = run.result, run.inputs, run.plan
    fair = inputs.scenario.fairness
    return {
        "scenario": inputs.name,
        "status": r.status,
        "termination": r.termination,
        "solver": r.solver,
        "solver_version": r.solver_version,
        "objective_usd": p.metrics["objective_usd"],
        "bound_usd": p.metrics["bound_usd"],
        "gap": r.gap,
        "total_cost_usd": p.metrics["total_cost_usd"],
        "total_personnel": p.metrics["total_personnel"],
        "fund_transfers_usd": p.metrics["fund_transfers_usd"],
        "members": p.metrics["members"],
        "contributing_members": p.metrics["contributing_members"],
        "key": dict(sorted(inputs.scenario.key.items())),
        "fairness": {
            "mode": fair.mode, "tolerance": fair.tolerance, "apply_to": list(fair.apply_to),
            "personnel_max_abs_deviation": p.metrics["personnel_max_abs_deviation"],
            "net_cost_max_abs_deviation": p.metrics["net_cost_max_abs_deviation"],
            "personnel_all_within_band": p.metrics["personnel_all_within_band"],
            "personnel_gini": p.metrics["personnel_gini"],
            "net_cost_gini": p.metrics["net_cost_gini"],
        },
        "model": {"variables": run.built.model.n_cols, "constraints": run.built.model.n_rows,
                  "nonzeros": run.built.model.nnz},
        "reproducibility": {
            "planner_version": __version__, "solver": r.solver, "solver_version": r.solver_version,
            "seed": run.options.seed, "threads": run.options.threads,
            "time_limit_s": run.options.time_limit_s, "gap_limit": run.options.gap,
            "inputs_sha256": inputs_hash(inputs),
        },
        "timings_s": {k: round(v, 3) for k, v in run.timings.items()},
    }


def inputs_hash(inputs: Inputs) -> str:
    """Hash of the resolved scenario and every table the model was built from."""
    h = hashlib.sha256(inputs.scenario.model_dump_json().encode())
    for frame in (inputs.states, inputs.capabilities, inputs.holdings, inputs.eligible):
        h.update(frame.to_csv(lineterminator="\n", float_format="%.10g").encode())
    return h.hexdigest()
