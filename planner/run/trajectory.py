"""Solving a trajectory by periods: each year's allocation, then the forces path, then equipment.

Why by periods, and when it is exact: years are linked only through national
forces (a member must keep enough forces to hold what it deploys). The
allocation of each year is solved alone with holdings at their baseline, the
most a member can hold; years with the same requirements share one solve.
The forces path is then solved twice (with a standing force, the
roster in between: planner/run/standing_force.py): with each member's forces at least what
its contributions need, and without that link (a relaxation). When both reach
the same target shortfall and spending, the link does not bind and the plan
is optimal for the joint problem; otherwise the difference is reported as the
gap of the decomposition. (Solved jointly, the 20-year OSCE model did not find
a plan within 60 s; by periods it takes seconds.)

minimax is exact across years: each year's own optimum z_p is found, then
every year is re-solved for cost holding z <= max_p z_p. leximin is applied
year by year (a refinement of the joint ordering, stated in the README).
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from planner.check.explain import explain_allocation
from planner.errors import InfeasibleError, SolverError
from planner.inputs import Inputs, ModelData, model_data
from planner.inputs.epochs import YearInputs
from planner.inputs.model_data import period_signature, period_slice
from planner.model import BuiltModel, build_allocation
from planner.model.equipment import build_equipment
from planner.model.reduction import exemptions
from planner.model.trajectory import RULE_FAMILIES, build_forces, forces_needed, forces_table
from planner.results.plan import in_year, plan_tables
from planner.results.trajectory import ForcesPath
from planner.run.standby import StandbyRun
from planner.run.standing_force import solve_standing_force, standby_need, standing_sizes
from planner.solvers import SolveOptions
from planner.solvers.lexicographic import HOLD_SLACK, solve_in_turn
from planner.solvers.logs import append_side_logs, side_log

logger = logging.getLogger(__name__)
# Target shortfall and spending of the linked and relaxed forces paths are "the same" within this.
EXACT_TOL = 1e-6


@dataclass
class TrajectoryRun:
    data: ModelData
    plans: dict = field(default_factory=dict)          # period -> Plan
    built: dict = field(default_factory=dict)          # period -> BuiltModel
    stages: list = field(default_factory=list)
    path: ForcesPath | None = None
    solve_s: float = 0.0
    status: str = "optimal"
    solver_version: str = ""
    standby: StandbyRun | None = None                  # the standing force (planner/run/standing_force.py)


def solve_trajectory(inputs: Inputs, options: SolveOptions, log: Path,
                     progress: Callable[[str], None] = lambda stage: None,
                     allocations_only: bool = False) -> TrajectoryRun:
    """Each year's allocation, then (unless `allocations_only`: the price of fairness needs only
    the allocations' cost) the forces path and equipment."""
    d = model_data(inputs)
    run = TrajectoryRun(d)
    year_inputs = YearInputs(inputs)
    year_data = _YearData(year_inputs, d)
    firsts: dict[str, object] = {}
    for period in d.periods:
        firsts.setdefault(_signature(year_data, period), period)
    progress(f"allocations ({len(firsts)} distinct years of {len(d.periods)})")
    logger.info("%s: %d years, %d with distinct requirements, solved side by side", inputs.name, len(d.periods),
             len(firsts))
    by_signature: dict[str, tuple[BuiltModel, object]] = {}
    for signature, period, built, result, records in _solve_years(year_data, firsts, options, log):
        run.solve_s += result.solve_s
        run.solver_version = result.solver_version
        run.stages += [{**r, "year": int(period)} for r in records]
        if result.status == "infeasible":
            reasons = explain_allocation(period_slice(year_data(period), period), options)
            raise InfeasibleError(inputs.name, [f"year {period}: " + r for r in reasons])
        if not result.has_plan:
            raise SolverError(f"{inputs.name}: year {period}: {options.solver} found no plan: "
                              f"{result.message or result.termination}")
        by_signature[signature] = (built, result)
    if d.fairness.mode == "minimax":
        _hold_common_minimax(run, by_signature, options, log)
    for period in d.periods:
        built, result = by_signature[_signature(year_data, period)]
        # Years with the same requirements and members share one solve; each keeps its own year label.
        run.plans[period] = in_year(plan_tables(year_inputs(period), built, result), period)
        run.built[period] = built
        run.status = "feasible" if result.status == "feasible" else run.status
    if allocations_only:
        return run
    allocation = pd.concat([p.allocation for p in run.plans.values()], ignore_index=True).rename(
        columns={"year": "period"})
    need = forces_needed(d, allocation)
    progress("forces path")
    linked = _solve_forces(d, need, options, log, run, inputs.name)
    if inputs.standby is not None:
        progress("standing force")
        sizes = standing_sizes(inputs.standby, d.periods, linked["forces"], float(forces_table(d)["baseline"].sum()))
        run.standby = solve_standing_force(inputs, d, allocation, sizes, options, log)
        run.stages += [{**r, "model": "roster"} for r in run.standby.stages]
        need = need.add(standby_need(run.standby.roster, inputs.standby.standby_rotation,
                                     d.trajectory.deployable_share), fill_value=0.0)
        linked = _solve_forces(d, need, options, log, run, inputs.name)
    relaxed = _solve_forces(d, None, options, log, run, inputs.name)
    binding = (abs(sum(linked["shortfall"].values()) - sum(relaxed["shortfall"].values())) > EXACT_TOL
               or linked["spending_usd"] - relaxed["spending_usd"] > EXACT_TOL * max(1.0, linked["spending_usd"]))
    equipment = None
    if inputs.trajectory.equipment is not None and len(inputs.trajectory.equipment):
        progress("equipment")
        equipment = _solve_equipment(inputs, d, options, log, run, linked["forces"])
    run.path = ForcesPath(inputs.trajectory, inputs.trajectory.parties, d.periods, linked["forces"], need,
                          linked["shortfall"],
                          linked["spending_usd"], relaxed["spending_usd"], binding, equipment, linked["common_cut"],
                          exemptions(d, forces_table(d), need), linked["stationed"])
    return run


class _YearData:
    """year -> the model data of that year's members (the whole scenario's when nobody is out)."""

    def __init__(self, year_inputs: YearInputs, d: ModelData):
        self.year_inputs, self.d = year_inputs, d
        self._by_absent: dict[tuple, ModelData] = {(): d}

    def __call__(self, period) -> ModelData:
        absent = self.year_inputs.absent(period)
        if absent not in self._by_absent:
            self._by_absent[absent] = model_data(self.year_inputs(period))
        return self._by_absent[absent]


def _signature(year_data: _YearData, period) -> str:
    """Years with the same requirements and the same members have the same allocation problem."""
    return ",".join(year_data.year_inputs.absent(period)) + "\n" + period_signature(year_data(period), period)


def _solve_years(year_data: _YearData, firsts: dict, options: SolveOptions, log: Path) -> list[tuple]:
    """Each distinct year's allocation, side by side on the machine's cores.

    The years are independent problems (that is what makes the decomposition work), each solve
    is single-threaded and deterministic, so running them at once changes only the wall time.
    Each year writes its own solver log, appended to `log` in year order afterwards.
    """
    def one(item):
        signature, period = item
        built = build_allocation(period_slice(year_data(period), period))
        result, records = solve_in_turn(built.model, built.objectives, options, side_log(log, period))
        return signature, period, built, result, records

    workers = max(1, min(len(firsts), os.cpu_count() or 1))
    try:
        with ThreadPoolExecutor(workers) as pool:
            outcomes = list(pool.map(one, firsts.items()))
    finally:
        append_side_logs(log, firsts.values())
    return outcomes


def _hold_common_minimax(run, by_signature, options, log) -> None:
    """Re-solve each distinct year for cost with the worst deviation held at the worst of all years."""
    worst = max(float(s["value"]) for s in run.stages if s["stage"] == "minimax")
    for signature, (built, _) in list(by_signature.items()):
        rebuilt = build_allocation(built.data)
        minimax, cost = rebuilt.objectives[0], rebuilt.objectives[-1]
        rebuilt.model.hold_objective(minimax, worst + max(abs(worst), 1.0) * HOLD_SLACK)
        result, records = solve_in_turn(rebuilt.model, (cost,), options, log)
        run.solve_s += result.solve_s
        if not result.has_plan:
            raise SolverError(f"re-solving a year with the common worst deviation failed: {result.message}")
        by_signature[signature] = (rebuilt, result)


def _solve_forces(d: ModelData, need, options: SolveOptions, log: Path, run: TrajectoryRun, name: str) -> dict:
    model, objectives = build_forces(d, need)
    result, records = solve_in_turn(model, objectives, options, log)
    run.solve_s += result.solve_s
    run.stages += [{**r, "forces": "linked" if need is not None else "relaxed"} for r in records]
    if result.status == "infeasible":
        raise InfeasibleError(name, _forces_conflict(d, need, options, log))
    if not result.has_plan:
        raise SolverError(f"forces path: {options.solver} found no plan ({result.message or result.termination})")
    forces = model.value("national_forces", result.x)
    shortfall = model.value("target_shortfall", result.x).to_dict() if "target_shortfall" in model.variables else {}
    cpp = d.trajectory.cost_per_person_usd.reindex(forces.index.get_level_values("state")).to_numpy()
    common = model.value("common_cut", result.x) if "common_cut" in model.variables else None
    stationed = model.value("stationed", result.x) if "stationed" in model.variables else None
    return {"forces": forces, "shortfall": shortfall, "spending_usd": float((forces.to_numpy() * cpp).sum()),
            "common_cut": common, "stationed": stationed}


def _forces_conflict(d: ModelData, need, options: SolveOptions, log: Path) -> list[str]:
    """Which rule family, left out alone, lets a forces path exist (the floors, the pace cap and the
    target stay): the planner's first place to look."""
    freed = []
    for family, words in RULE_FAMILIES.items():
        model, objectives = build_forces(d, need, frozenset({family}))
        result, _ = solve_in_turn(model, objectives[:1], options, log)
        if result.has_plan:
            freed.append(words)
    head = "forces path: no year-by-year path meets every rule with the floors, the annual cut cap and the target"
    if not freed:
        return [head + "; leaving out any one rule does not help: look at the floors, max_annual_reduction and "
                       "the target together"]
    return [head + "; one exists without " + " or without ".join(freed)]


def _solve_equipment(inputs: Inputs, d: ModelData, options: SolveOptions, log: Path, run: TrajectoryRun,
                     forces: pd.Series) -> pd.Series:
    tr = inputs.trajectory
    baseline = tr.equipment.set_index(["state", "category"])["count"].astype(float)
    base_forces = tr.forces["baseline"]
    manpower = (forces.unstack("state") / base_forces.reindex(forces.unstack("state").columns)).fillna(1.0)
    model, objectives = build_equipment(d.periods, baseline, tr.ceilings, tr.sufficiency_share, manpower,
                                        inputs.scenario.trajectory.equipment.manpower_band)
    result, records = solve_in_turn(model, objectives, options, log)
    run.solve_s += result.solve_s
    run.stages += [{**r, "model": "equipment"} for r in records]
    if not result.has_plan:
        raise SolverError(f"equipment: {options.solver} found no plan ({result.message or result.termination})")
    return model.value("holdings", result.x).round()

