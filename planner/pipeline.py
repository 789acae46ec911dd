"""One scenario from file to written results: the stages in order, timed.

load -> resolve (validated inputs) -> pre-solve shortfall check -> build ->
solve -> check -> result tables -> files. Each stage only reads what the
previous one produced.
"""
from __future__ import annotations

import dataclasses
import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from planner import __version__
from planner.diagnose import shortfalls
from planner.errors import InfeasibleError, PlannerError, SolverError
from planner.inputs import Inputs, resolve
from planner.model import BuiltModel, build_model
from planner.results import Plan, plan_tables
from planner.scenario import load_scenario
from planner.solve import SolveOptions, SolveResult
from planner.solve.lexicographic import solve_in_turn
from planner.solve.logs import append_side_logs, side_log


# A relaxed scenario is re-diagnosed at most this often (relaxing requirements shrinks missions,
# which can tighten the multinationality cap and the personnel bands again).
MAX_RELAX_ROUNDS = 3


@dataclass
class Run:
    inputs: Inputs
    options: SolveOptions
    built: BuiltModel | None = None
    result: SolveResult | None = None
    plan: Plan | None = None
    stages: list[dict] = field(default_factory=list)
    unfair_cost_usd: float | None = None
    trajectory: object | None = None        # TrajectoryRun when the scenario has a trajectory
    trajectory_table: object | None = None
    trajectory_limits: object | None = None
    timings: dict[str, float] = field(default_factory=dict)


def load(path: str | Path, overrides: dict | None = None) -> Inputs:
    return resolve(load_scenario(path, overrides))


def options_for(inputs: Inputs, solver: str | None = None, time_limit_s: float | None = None,
                gap: float | None = None, threads: int | None = None) -> SolveOptions:
    """Scenario solver settings, with command-line overrides."""
    s = inputs.scenario.solver
    return SolveOptions(solver or s.name, time_limit_s or s.time_limit_s, s.gap if gap is None else gap,
                        threads or s.threads, s.seed, s.bound_first)


def solve_inputs(inputs: Inputs, options: SolveOptions, log_path: Path, price: bool = True,
                 progress=lambda stage: None, diagnose: bool = True) -> Run:
    """Build, solve and tabulate; raise InfeasibleError with reasons, or SolverError.

    With `price`, the same scenario is also solved with fairness off, so the plan
    reports the cost of fairness.
    """
    try:
        return _solve(inputs, options, log_path, price, progress)
    except InfeasibleError as exc:
        if not diagnose:
            raise
        progress("diagnosing")
        raise _diagnosed(inputs, options, log_path, exc) from None


def _diagnosed(inputs: Inputs, options: SolveOptions, log_path: Path, exc: InfeasibleError) -> InfeasibleError:
    """The reasons, plus the smallest relaxations, checked by solving the relaxed scenario."""
    from planner.diagnose import elastic_relaxations, merge_overrides

    found: dict = {}
    every: list = []
    overrides, current = {}, inputs
    for _ in range(MAX_RELAX_ROUNDS):
        round_found = elastic_relaxations(current, options, log_path)
        if not round_found:
            break
        every += round_found
        for r in round_found:   # shown once per rule and place; the later round's words win
            found.pop(r.where, None)
            found[r.where] = r
        overrides = merge_overrides(every)
        try:
            current = load(inputs.source, overrides)
            _solve(current, options, log_path, price=False, progress=lambda stage: None)
        except InfeasibleError:
            continue
        except PlannerError:
            break
        sets = " ".join(f"--set {k}={v}" for k, v in overrides.items())
        return InfeasibleError(inputs.name, exc.reasons, _listed(found.values()), f"planner solve {inputs.source} {sets}")
    return InfeasibleError(inputs.name, exc.reasons, _listed(found.values()))


def _listed(relaxations, most: int = 12) -> list[str]:
    texts = [r.text for r in relaxations]
    return texts[:most] + ([f"... and {len(texts) - most} more of the same kinds"] if len(texts) > most else [])


def _solve(inputs: Inputs, options: SolveOptions, log_path: Path, price: bool, progress) -> Run:
    run = Run(inputs, options)
    reasons = shortfalls(inputs)
    if reasons:
        raise InfeasibleError(inputs.name, reasons)
    if inputs.trajectory is not None:
        return _solve_trajectory(run, log_path, price, progress)
    with _price_beside(run, price, lambda log: _cost_without_fairness(inputs, options, log), log_path) as unfair:
        started = time.perf_counter()
        run.built = build_model(inputs)
        run.timings["build_s"] = time.perf_counter() - started
        run.result, run.stages = solve_in_turn(run.built.model, run.built.objectives, options, log_path)
        run.timings["solve_s"] = run.result.solve_s
        if unfair is not None and run.result.has_plan:
            run.unfair_cost_usd, run.timings["price_s"] = unfair.result()
    if run.result.status == "infeasible":
        raise InfeasibleError(inputs.name, _explain(inputs, options, log_path))
    if not run.result.has_plan:
        raise SolverError(f"{inputs.name}: {options.solver} found no plan: {run.result.message or run.result.termination}"
                          f"; try another solver (--solver {_fallback(options.solver)}) or a longer --time-limit")
    run.plan = plan_tables(run.built, run.result, run.unfair_cost_usd)
    return run


def _solve_trajectory(run: Run, log_path: Path, price: bool, progress) -> Run:
    from planner.results import combine_periods
    from planner.results_trajectory import binding_limits, trajectory_table
    from planner.trajectory_solve import solve_trajectory

    inputs, options = run.inputs, run.options
    with _price_beside(run, price, lambda log: solve_trajectory(without_fairness(inputs), options, log,
                                                               allocations_only=True), log_path) as unfair:
        started = time.perf_counter()
        tr = solve_trajectory(inputs, options, log_path, progress)
        run.trajectory = tr
        run.stages = tr.stages
        run.timings["solve_s"] = tr.solve_s
        run.timings["trajectory_s"] = time.perf_counter() - started
        if unfair is not None:
            progress("price of fairness")
            plans, run.timings["price_s"] = unfair.result()
            run.unfair_cost_usd = float(sum(p.metrics["total_cost_usd"] for p in plans.plans.values()))
    run.plan = combine_periods(list(tr.plans.values()), run.unfair_cost_usd)
    gaps = [st["gap"] for st in tr.stages if st.get("gap") is not None]
    run.result = SolveResult(options.solver, tr.solver_version, "solved by periods", tr.status,
                             gap=max(gaps) if gaps else None, solve_s=tr.solve_s)
    run.built = next(iter(tr.built.values()))
    run.trajectory_table = trajectory_table(tr, run.plan)
    run.trajectory_limits = binding_limits(tr)
    return run


@contextmanager
def _price_beside(run: Run, price: bool, solve_unfair, log_path: Path):
    """The price-of-fairness solve (fairness off, nothing needed from the plan's) on the other
    core while the body finds the plan: yields a future of (value, seconds), or None when the
    price is not asked for. Its solver log is appended to `log_path` afterwards."""
    wanted = price and run.inputs.scenario.fairness.mode != "off"
    try:
        with ThreadPoolExecutor(1) as background:
            yield background.submit(_timed, solve_unfair, side_log(log_path, "price")) if wanted else None
    finally:
        append_side_logs(log_path, ["price"])


def _timed(function, *args):
    """(function's value, wall seconds it took)."""
    started = time.perf_counter()
    return function(*args), time.perf_counter() - started


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
    return explain_allocation(build_model(inputs).data, options, log_path)


def explain_allocation(d, options: SolveOptions | None = None, log_path: Path | None = None) -> list[str]:
    """The checks before the solve passed, yet no plan exists: find which rule family is to blame.

    The personnel band's floor is elastic, so only its top can make a plan impossible: re-solve
    without fairness and name the members that cheapest plan puts above their band's top.
    """
    import tempfile

    from planner.model.build import build_allocation
    from planner.model.fairness import personnel_band

    inputs = d.inputs
    fair = inputs.scenario.fairness
    options = options or options_for(inputs)
    if fair.mode == "off" or "personnel" not in fair.apply_to:
        return ["capacities, caveats and the multinationality cap cannot all hold together "
                "(each requirement alone can be met)"]
    with tempfile.TemporaryDirectory() as tmp:
        built = build_allocation(dataclasses.replace(d, inputs=without_fairness(inputs)))
        result, _ = solve_in_turn(built.model, built.objectives, options, log_path or Path(tmp) / "relaxed.log")
    if not result.has_plan:
        return ["capacities, caveats and the multinationality cap cannot all hold together, "
                "even with the fairness rule off"]
    rule = {"band": f"the personnel band (+-{fair.tolerance:.0%} of key share)",
            "gini": f"the Gini bound ({fair.gini_max:g}) on personnel shares"}.get(fair.mode, f"fairness mode {fair.mode}")
    lines = [f"{rule} cannot be met together with capacities, caveats and multinationality; "
             f"without it a plan exists"]
    if fair.mode == "band":
        band = personnel_band(d)
        units = built.model.value("units", result.x)
        people = (units * d.triples["personnel_per_unit"].to_numpy()).groupby(["period", "state"]).sum()
        over = band.assign(personnel=people.reindex(band.index, fill_value=0).to_numpy())
        over = over[over["personnel"] > over["hi"] + 1e-6]
        for (period, state), row in over.sort_values("personnel", ascending=False).head(3).iterrows():
            when = f" in {period}" if len(d.periods) > 1 else ""
            lines.append(f"{state}{when}: the cheapest plan gives it {row['personnel']:.0f} personnel, above its "
                         f"band's top {row['hi']:.0f} (band {row['lo']:.0f}-{row['hi']:.0f})")
        lines.append("members are pushed above their band's top when units are large against their share or "
                     "others cannot field the unit types: widen fairness.tolerance, relax caveats or the "
                     "multinationality cap, or add capacity elsewhere")
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
        "trajectory": (trajectory_summary(run.trajectory, run.trajectory_table, run.trajectory_limits)
                       if run.trajectory is not None else None),
        "timings_s": {**{k: round(v, 3) for k, v in run.timings.items()},
                      **{_stage_key(st): st["solve_s"] for st in run.stages}},
    }


def _stage_key(stage: dict) -> str:
    where = stage.get("year") or stage.get("forces") or stage.get("model") or ""
    return f"stage_{stage['stage']}{'_' + str(where) if where else ''}_s"


def trajectory_summary(*args):
    from planner.results_trajectory import trajectory_summary as make

    return make(*args)


def inputs_hash(inputs: Inputs) -> str:
    """Hash of the resolved scenario and every table the model was built from."""
    h = hashlib.sha256(inputs.scenario.model_dump_json().encode())
    for frame in (inputs.states, inputs.capabilities, inputs.holdings, inputs.eligible):
        h.update(frame.to_csv(lineterminator="\n", float_format="%.10g").encode())
    return h.hexdigest()
