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
from planner.solve.lexicographic import solve_in_turn


@dataclass
class Run:
    inputs: Inputs
    options: SolveOptions
    built: BuiltModel | None = None
    result: SolveResult | None = None
    plan: Plan | None = None
    stages: list[dict] = field(default_factory=list)
    unfair_cost_usd: float | None = None
    timings: dict[str, float] = field(default_factory=dict)


def load(path: str | Path) -> Inputs:
    return resolve(load_scenario(path))


def options_for(inputs: Inputs, solver: str | None = None, time_limit_s: float | None = None,
                gap: float | None = None, threads: int | None = None) -> SolveOptions:
    """Scenario solver settings, with command-line overrides."""
    s = inputs.scenario.solver
    return SolveOptions(solver or s.name, time_limit_s or s.time_limit_s, s.gap if gap is None else gap,
                        threads or s.threads, s.seed)


def solve_inputs(inputs: Inputs, options: SolveOptions, log_path: Path, price: bool = True) -> Run:
    """Build, solve and tabulate; raise InfeasibleError with reasons, or SolverError.

    With `price`, the same scenario is also solved with fairness off, so the plan
    reports the cost of fairness.
    """
    run = Run(inputs, options)
    reasons = shortfalls(inputs)
    if reasons:
        raise InfeasibleError(inputs.name, reasons)
    started = time.perf_counter()
    run.built = build_model(inputs)
    run.timings["build_s"] = time.perf_counter() - started
    run.result, run.stages = solve_in_turn(run.built.model, run.built.objectives, options, log_path)
    run.timings["solve_s"] = run.result.solve_s
    if run.result.status == "infeasible":
        raise InfeasibleError(inputs.name, _explain(inputs, options, log_path))
    if not run.result.has_plan:
        raise SolverError(f"{inputs.name}: {options.solver} found no plan: {run.result.message or run.result.termination}"
                          f"; try another solver (--solver {_fallback(options.solver)}) or a longer --time-limit")
    if price and inputs.scenario.fairness.mode != "off":
        started = time.perf_counter()
        run.unfair_cost_usd = _cost_without_fairness(inputs, options, log_path)
        run.timings["price_s"] = time.perf_counter() - started
    run.plan = plan_tables(run.built, run.result, run.unfair_cost_usd)
    return run


def without_fairness(inputs: Inputs) -> Inputs:
    """The same inputs with the fairness rule off."""
    fair = inputs.scenario.fairness
    return dataclasses.replace(inputs, scenario=inputs.scenario.model_copy(
        update={"fairness": fair.model_copy(update={"mode": "off"})}))


def _cost_without_fairness(inputs: Inputs, options: SolveOptions, log_path: Path) -> float | None:
    built = build_model(without_fairness(inputs))
    result, _ = solve_in_turn(built.model, built.objectives, options, log_path)
    return plan_tables(built, result).metrics["total_cost_usd"] if result.status == "optimal" else None


def _fallback(solver: str) -> str:
    return {"highs": "scip", "scip": "highs", "cbc": "highs", "cpsat": "highs"}[solver]


def _explain(inputs: Inputs, options: SolveOptions, log_path: Path) -> list[str]:
    """The checks before the solve passed, yet no plan exists: find which rule family is to blame."""
    fair = inputs.scenario.fairness
    if fair.mode == "off" or "personnel" not in fair.apply_to:
        return ["capacities, caveats and the multinationality cap cannot all hold together "
                "(each requirement alone can be met); see the solver log " + str(log_path)]
    built = build_model(without_fairness(inputs))
    result, _ = solve_in_turn(built.model, built.objectives, options, log_path)
    if not result.has_plan:
        return ["capacities, caveats and the multinationality cap cannot all hold together, "
                "even with the fairness band off"]
    plan = plan_tables(built, result)
    from planner.model.fairness import personnel_band
    band = personnel_band(build_model(inputs).data)
    year = "year" if "year" in plan.states else None
    people = plan.states.assign(period=plan.states[year] if year else 0).set_index(["period", "state"])["personnel"]
    outside = band.assign(personnel=people.reindex(band.index).to_numpy())
    people = outside["personnel"]
    outside = outside[(people < band["lo"] - 1e-6) | (people > band["hi"] + 1e-6)]
    rule = {"band": f"the personnel band (+-{fair.tolerance:.0%} of key share)",
            "gini": f"the Gini bound ({fair.gini_max:g}) on personnel shares"}.get(fair.mode, f"fairness mode {fair.mode}")
    lines = [f"{rule} cannot be met together with capacities, caveats and multinationality; "
             f"without it a plan exists"]
    if fair.mode != "band":
        outside = outside.iloc[0:0]
    for (period, state), row in outside.sort_values("personnel", ascending=False).head(8).iterrows():
        when = f" in {period}" if year else ""
        lines.append(f"{state}{when}: the cheapest plan gives it {row['personnel']:.0f} personnel, its band is "
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
        "key": inputs.scenario.key.model_dump(exclude_defaults=True),
        "price_of_fairness_usd": p.metrics["price_of_fairness_usd"],
        "price_of_fairness_pct": p.metrics["price_of_fairness_pct"],
        "stages": [{k: v for k, v in stage.items() if k != "solve_s"} for stage in run.stages],
        "fairness": {
            "mode": fair.mode, "tolerance": fair.tolerance, "gini_max": fair.gini_max, "apply_to": list(fair.apply_to),
            "personnel_max_abs_deviation": p.metrics["personnel_max_abs_deviation"],
            "net_cost_max_abs_deviation": p.metrics["net_cost_max_abs_deviation"],
            "personnel_all_within_band": p.metrics["personnel_all_within_band"],
            "personnel_gini": p.metrics["personnel_gini"],
            "net_cost_gini": p.metrics["net_cost_gini"],
            "personnel_gallagher": p.metrics["personnel_gallagher"],
            "personnel_loosemore_hanby": p.metrics["personnel_loosemore_hanby"],
            "net_cost_gallagher": p.metrics["net_cost_gallagher"],
            "net_cost_loosemore_hanby": p.metrics["net_cost_loosemore_hanby"],
        },
        "model": {"variables": run.built.model.n_cols, "constraints": run.built.model.n_rows,
                  "nonzeros": run.built.model.nnz},
        "reproducibility": {
            "planner_version": __version__, "solver": r.solver, "solver_version": r.solver_version,
            "seed": run.options.seed, "threads": run.options.threads,
            "time_limit_s": run.options.time_limit_s, "gap_limit": run.options.gap,
            "inputs_sha256": inputs_hash(inputs),
        },
        "timings_s": {**{k: round(v, 3) for k, v in run.timings.items()},
                      **{f"stage_{st['stage']}_s": st["solve_s"] for st in run.stages}},
    }


def inputs_hash(inputs: Inputs) -> str:
    """Hash of the resolved scenario and every table the model was built from."""
    h = hashlib.sha256(inputs.scenario.model_dump_json().encode())
    for frame in (inputs.states, inputs.capabilities, inputs.holdings, inputs.eligible):
        h.update(frame.to_csv(lineterminator="\n", float_format="%.10g").encode())
    return h.hexdigest()
