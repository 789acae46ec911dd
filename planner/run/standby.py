"""The standby roster, solved after the year's allocation: units a member holds for the named
missions are not available to stand by (a unit on standby cannot deploy at the same time)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from planner.errors import InfeasibleError, SolverError
from planner.inputs import Inputs, ModelData
from planner.inputs.eligibility import WHOLE_TOL
from planner.inputs.standby import StandbyInputs
from planner.model.roster import RESERVE, build_roster, cover_sets
from planner.results.roster import cover_table, roster_burden, roster_table
from planner.solvers import SolveOptions
from planner.solvers.lexicographic import solve_in_turn


@dataclass
class StandbyRun:
    roster: pd.DataFrame
    burden: pd.DataFrame
    cover: pd.DataFrame
    summary: dict
    stages: list
    most: pd.Series | None = None      # (state, capability) -> units a member could stand by


def held_for_missions(d: ModelData, allocation: pd.DataFrame) -> pd.Series:
    """(state, capability) -> units held for the named missions: at the busiest set of missions
    running at once, each unit deployed times the units held it needs (planner/model/capacity.py)."""
    if allocation.empty:
        return pd.Series(dtype=float)
    keys = ["state", "capability", "mission"]
    rows = allocation[keys + ["units"]].merge(d.triples[keys + ["rotation"]].drop_duplicates(keys), on=keys,
                                              how="left").merge(d.concurrent, on="mission")
    held = (rows["rotation"] * rows["units"]).groupby([rows["state"], rows["capability"], rows["slice"]]).sum()
    return held.groupby(["state", "capability"]).max()


def solve_standby(inputs: Inputs, d: ModelData, allocation: pd.DataFrame, options: SolveOptions,
                  log: Path, sb: StandbyInputs | None = None) -> StandbyRun:
    """The roster of `sb` (default: the scenario's) after the missions of `allocation`."""
    sb = sb if sb is not None else inputs.standby
    people = inputs.capabilities["personnel"].astype(float)
    held = sb.eligible.set_index(["state", "capability"])["held"]
    busy = held_for_missions(d, allocation).reindex(held.index, fill_value=0.0)
    most = np.floor((held - busy).clip(lower=0.0) / sb.standby_rotation + WHOLE_TOL)
    model, objectives = build_roster(sb, most, people)
    options = replace(options, solver=sb.solver)
    result, records = solve_in_turn(model, objectives, options, log)
    if result.status == "infeasible":
        raise InfeasibleError(inputs.name, _why(sb, most, people))
    if not result.has_plan:
        raise SolverError(f"{inputs.name}: standby roster: {options.solver} found no plan "
                          f"({result.message or result.termination}); try a longer --time-limit")
    roster = roster_table(model.value("standby_units", result.x), model.value("framework", result.x), people)
    burden = roster_burden(sb, roster, people, most)
    cover, totals = cover_table(sb, roster, people)
    _, uncoverable = cover_sets(sb, most)
    cost = standby_cost_usd(sb, roster)
    summary = {"semesters": [sb.semesters[0], sb.semesters[-1]], "packages_per_semester": int(len(sb.packages)),
               "cover_k": sb.cover_k, "standby_cost_usd": round(cost, 2),
               "standby_personnel_semesters": int(roster["personnel"].sum()),
               "solver": sb.solver, "status": _worst_status(result, records), "gap": _worst_gap(result, records),
               "members_on_roster": int(roster["state"].nunique()),
               "carried_in_money": sorted(burden.loc[burden["in_band"] == "money", "state"]),
               "uncoverable": ["+".join(c) for c in uncoverable], **totals}
    return StandbyRun(roster, burden, cover, summary, records, most)


def standby_cost_usd(sb: StandbyInputs, roster: pd.DataFrame) -> float:
    """What the roster's standby costs: units x a semester's cost of the unit x its tier's share
    (the reserve's for units outside the packages)."""
    unit_cost = sb.eligible.set_index(["state", "capability"])["cost_usd"]
    share = pd.concat([sb.tiers["cost_share"].astype(float), pd.Series({RESERVE: sb.reserve_cost_share})])
    return float((roster["units"] * unit_cost.reindex(pd.MultiIndex.from_arrays(
        [roster["state"], roster["capability"]])).to_numpy() * share.reindex(roster["tier"]).to_numpy()).sum())


def _worst_status(result, records: list[dict]) -> str:
    """optimal only when every stage was: a band stage stopped at its limit makes the roster feasible."""
    statuses = [r["status"] for r in records if r.get("method") == "MILP"] + [result.status]
    return "optimal" if all(s == "optimal" for s in statuses) else "feasible"


def _worst_gap(result, records: list[dict]) -> float | None:
    """The largest gap of any stage: the band stage's counts as much as the cost stage's."""
    gaps = [r["gap"] for r in records if r.get("gap") is not None] + ([result.gap] if result.gap is not None else [])
    return max(gaps) if gaps else None


def _why(sb, most: pd.Series, people: pd.Series) -> list[str]:
    """Which package type cannot be filled in a semester from what members can stand by."""
    reasons = []
    have = most.groupby("capability").sum()
    for (tier, cap), units in sb.composition.items():
        need = units * int(sb.tiers.loc[tier, "packages"])
        if have.get(cap, 0.0) < need:
            reasons.append(f"standby tier {tier} ({sb.semesters[0]} to {sb.semesters[-1]}): its packages need "
                           f"{need:g} {cap} each semester; members can "
                           f"stand by {have.get(cap, 0.0):g} (held, less what the missions hold, over the standby "
                           f"rotation {sb.standby_rotation:g})")
    if not reasons:
        reasons.append(f"standby roster ({sb.semesters[0]} to {sb.semesters[-1]}, {len(sb.packages)} packages a "
                       "semester): the packages, the framework rest rule, the mixing limit and the fairness "
                       "band cannot all hold; try a larger max_members or fewer packages")
    return reasons
