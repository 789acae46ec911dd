"""One scenario from file to a checked plan: the stages in order, timed.

load -> resolve (validated inputs) -> model data -> pre-solve shortfall check ->
build -> solve -> check -> result tables. Each stage only reads what the previous
one produced; a diagnosis of an infeasible scenario works on variants made in
memory (Inputs.variant), never by reading the scenario again.
"""
from __future__ import annotations

import logging
import shlex
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner.check.diagnose import shortfalls
from planner.check.explain import explain_allocation
from planner.check.relaxations import elastic_relaxations, merge_overrides
from planner.errors import InfeasibleError, NothingRequired, PlannerError, SolverError
from planner.inputs import Inputs, model_data, resolve
from planner.model import build_allocation
from planner.results import Plan, ResultSet, plan_tables
from planner.results.inspections import inspections_table
from planner.results.plan import combine_periods
from planner.results.summary import plan_summary, run_record
from planner.results.trajectory import (
    ForcesPath,
    binding_limits,
    stationing_table,
    trajectory_summary,
    trajectory_table,
)
from planner.run.price import cost_without_fairness, price_beside
from planner.run.standby import StandbyRun, solve_standby
from planner.run.trajectory import solve_trajectory
from planner.scenario import load_scenario
from planner.scenario.overrides import format_value
from planner.solvers import SolveOptions, SolveResult
from planner.solvers.lexicographic import solve_in_turn

logger = logging.getLogger(__name__)

# A relaxed scenario is re-diagnosed at most this often (relaxing requirements shrinks missions,
# which can tighten the multinationality cap and the personnel bands again).
MAX_RELAX_ROUNDS = 3
# Relaxations listed at most (the command that applies them all is checked and printed).
MOST_LISTED = 12
FALLBACK_SOLVER = {"highs": "scip", "scip": "highs", "cbc": "highs", "cpsat": "highs"}


@dataclass
class Run:
    """A solved scenario: its inputs, the checked solve, the plan's tables, and how it was made."""

    inputs: Inputs
    options: SolveOptions
    result: SolveResult
    plan: Plan
    stages: list[dict]
    model_size: dict
    unfair_cost_usd: float | None = None
    path: ForcesPath | None = None
    trajectory: pd.DataFrame | None = None          # per member and year (planner/results/trajectory.py)
    trajectory_limits: pd.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)
    inspections: pd.DataFrame | None = None         # per member and year (planner/results/inspections.py)
    standby: StandbyRun | None = None               # the standby roster (planner/run/standby.py)

    def summary(self) -> dict:
        trajectory = (trajectory_summary(self.path, self.trajectory, self.trajectory_limits)
                      if self.path is not None else None)
        if trajectory is not None and self.inspections is not None:
            trajectory["inspections_by_year"] = {
                int(y): {"objects": int(g["objects"].sum()), "quota_received": int(g["quota_received"].sum())}
                for y, g in self.inspections.groupby("year")}
        summary = plan_summary(self.inputs, self.result, self.plan, self.stages, self.options, self.model_size,
                               trajectory)
        if self.standby is not None:
            summary["standby"] = self.standby.summary
        return summary

    def record(self, solver_log: str) -> dict:
        """run.json: what differs from one run of the same inputs to the next."""
        return run_record(self.options, self.stages, self.timings, solver_log)

    def results(self, scenario: dict) -> ResultSet:
        """The typed result set every export reads; `scenario` is the resolved scenario for scenario.json."""
        return ResultSet(self.plan.allocation, self.plan.states, self.plan.missions, self.summary(), scenario,
                         self.trajectory, self.trajectory_limits,
                         shortfall=self.plan.shortfall if self.plan.partial else None, inspections=self.inspections,
                         stationing=stationing_table(self.path) if self.path is not None else None,
                         roster=self.standby.roster if self.standby else None,
                         roster_burden=self.standby.burden if self.standby else None,
                         contingencies=self.standby.cover if self.standby else None)


def load(path: str | Path, overrides: dict | None = None, allow_outside_tables: bool = False) -> Inputs:
    """A scenario file (YAML or input workbook) with `--set` overrides, resolved against its tables."""
    return resolve(load_scenario(path, overrides, allow_outside_tables))


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
    found: dict = {}
    every: list = []
    current = inputs
    for round_number in range(1, MAX_RELAX_ROUNDS + 1):
        logger.info("%s: no plan; looking for the smallest relaxations (round %d)", inputs.name, round_number)
        round_found = elastic_relaxations(current, options, log_path)
        if not round_found:
            break
        every += round_found
        for r in round_found:   # shown once per rule and place; the later round's words win
            found.pop(r.where, None)
            found[r.where] = r
        overrides = merge_overrides(every)
        try:
            current = inputs.variant(overrides)
            _solve(current, options, log_path, price=False, progress=lambda stage: None)
        except InfeasibleError:
            continue
        except NothingRequired:
            nothing = "with these every requirement is 0: no member can field any unit the missions need"
            return InfeasibleError(inputs.name, exc.reasons, _listed(found.values()) + [nothing])
        except PlannerError:
            break
        return InfeasibleError(inputs.name, exc.reasons, _listed(found.values()),
                               solve_command(inputs, {**inputs.loaded.overrides, **overrides}),
                               all(r.proven for r in every))
    return InfeasibleError(inputs.name, exc.reasons, _listed(found.values()), proven=all(r.proven for r in every))


def solve_command(inputs: Inputs, overrides: dict) -> str:
    """The command that solves the scenario with these fields set (the variant's own settings and the
    relaxations), quoted for a POSIX shell."""
    sets = " ".join(f"--set {shlex.quote(f'{path}={format_value(value)}')}" for path, value in overrides.items())
    return f"planner solve {shlex.quote(str(inputs.source))} {sets}".rstrip()


def _listed(relaxations) -> list[str]:
    """Largest first, on one measure (personnel); a requirement left short is always listed, the
    other kinds up to MOST_LISTED, the rest counted by kind."""
    relaxations = sorted(relaxations, key=lambda r: -r.personnel)
    shown = [r for r in relaxations if r.rule == "requirement"]
    rest = [r for r in relaxations if r.rule != "requirement"]
    shown += rest[:max(MOST_LISTED - len(shown), 0)]
    hidden = [r for r in relaxations if r not in shown]
    texts = [r.text for r in relaxations if r in shown]
    if hidden:
        kinds = Counter(r.rule for r in hidden)
        texts.append(f"... and {len(hidden)} smaller: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
    return texts


def _solve(inputs: Inputs, options: SolveOptions, log_path: Path, price: bool, progress) -> Run:
    d = model_data(inputs)
    logger.info("%s: %d eligible rows over %d period(s)", inputs.name, len(d.triples), len(d.periods))
    reasons = [] if d.allow_shortfall else shortfalls(inputs, d)   # a partial plan is made to leave them short
    if reasons:
        logger.info("%s: %d requirement(s) cannot be met whatever the plan", inputs.name, len(reasons))
        raise InfeasibleError(inputs.name, reasons)
    if inputs.trajectory is not None:
        return _solve_trajectory(inputs, options, log_path, price, progress)
    timings: dict[str, float] = {}
    with price_beside(inputs, price, lambda log: cost_without_fairness(inputs, options, log), log_path) as unfair:
        started = time.perf_counter()
        built = build_allocation(d)
        timings["build_s"] = time.perf_counter() - started
        logger.info("built %d variables, %d constraints, %d nonzeros in %.2f s", built.model.n_cols,
                 built.model.n_rows, built.model.nnz, timings["build_s"])
        result, stages = solve_in_turn(built.model, built.objectives, options, log_path)
        timings["solve_s"] = result.solve_s
        unfair_cost = None
        if unfair is not None and result.has_plan:
            unfair_cost, timings["price_s"] = unfair.result()
    if result.status == "infeasible":
        raise InfeasibleError(inputs.name, explain_allocation(d, options, log_path))
    _require_plan(inputs, options, result)
    size = {"variables": built.model.n_cols, "constraints": built.model.n_rows, "nonzeros": built.model.nnz}
    plan = plan_tables(inputs, built, result, unfair_cost)
    standby = None
    if inputs.standby is not None:
        progress("standby roster")
        started = time.perf_counter()
        standby = solve_standby(inputs, d, plan.allocation, options, log_path)
        timings["standby_s"] = time.perf_counter() - started
        stages = stages + [{**r, "model": "roster"} for r in standby.stages]
    return Run(inputs, options, result, plan, stages, size, unfair_cost, timings=timings, standby=standby)


def _solve_trajectory(inputs: Inputs, options: SolveOptions, log_path: Path, price: bool, progress) -> Run:
    timings: dict[str, float] = {}
    unfair_cost = None
    with price_beside(inputs, price, lambda log: solve_trajectory(inputs.without_fairness(), options, log,
                                                                 allocations_only=True), log_path) as unfair:
        started = time.perf_counter()
        tr = solve_trajectory(inputs, options, log_path, progress)
        timings["solve_s"] = tr.solve_s
        timings["trajectory_s"] = time.perf_counter() - started
        if unfair is not None:
            progress("price of fairness")
            plans, timings["price_s"] = unfair.result()
            unfair_cost = float(sum(p.metrics["total_cost_usd"] for p in plans.plans.values()))
    plan = combine_periods(list(tr.plans.values()), unfair_cost)
    # The roster has its own status and gap (summary.standby), as in a single-year scenario.
    gaps = [st["gap"] for st in tr.stages if st.get("gap") is not None and st.get("model") != "roster"]
    result = SolveResult(options.solver, tr.solver_version, "solved by periods", tr.status,
                         gap=max(gaps) if gaps else None, solve_s=tr.solve_s)
    first = next(iter(tr.built.values())).model
    size = {"variables": first.n_cols, "constraints": first.n_rows, "nonzeros": first.nnz}
    return Run(inputs, options, result, plan, tr.stages, size, unfair_cost, tr.path,
               trajectory_table(tr.path, plan), binding_limits(tr.path), timings, _inspections(inputs, tr.path),
               standby=tr.standby)


def _inspections(inputs: Inputs, path: ForcesPath) -> pd.DataFrame:
    """The verification workload of the solved forces path (planner/results/inspections.py)."""
    tr = inputs.trajectory
    forces = path.forces.rename_axis(["year", "state"])
    forces = forces[tr.forces["baseline"].reindex(forces.index.get_level_values("state")).to_numpy() > 0]
    last = int(tr.phases.index[-1]) if len(tr.phases) else int(path.years[-1])
    return inspections_table(forces, inputs.key, tr.personnel_per_object, tr.quotas, last)


def _require_plan(inputs: Inputs, options: SolveOptions, result: SolveResult) -> None:
    if not result.has_plan:
        raise SolverError(f"{inputs.name}: {options.solver} found no plan: {result.message or result.termination}"
                          f"; try another solver (--solver {FALLBACK_SOLVER[options.solver]}) or a longer --time-limit")
