"""Tidy result tables from a solved model: allocation, per state, per mission, and metrics."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from planner.inputs import Inputs
from planner.inputs.model_data import USD_PER_MODEL_UNIT
from planner.model import BuiltModel
from planner.results.metrics import plan_metrics
from planner.results.shortfall import lead_nations, shortfall_table
from planner.results.states import BINDING_TOL, states_table
from planner.solvers import SolveResult


@dataclass(frozen=True)
class Plan:
    allocation: pd.DataFrame   # state, mission, capability, units, personnel, months, person_months, cost_usd
    states: pd.DataFrame       # one row per member
    missions: pd.DataFrame     # mission, capability, required, filled, personnel_required, lead
    metrics: dict
    shortfall: pd.DataFrame | None = None   # a partial plan's unmet requirements (planner/results/shortfall.py)

    @property
    def partial(self) -> bool:
        return self.shortfall is not None and len(self.shortfall) > 0


def plan_tables(inputs: Inputs, built: BuiltModel, result: SolveResult, unfair_cost_usd: float | None = None) -> Plan:
    """Turn a checked solution into the result tables (a `year` column when there are several periods)."""
    d = built.data
    units = built.model.value("units", result.x).round().astype(int)
    t = d.triples.assign(units=units.to_numpy())
    t = t[t["units"] > 0]
    allocation = pd.DataFrame({
        "period": t["period"], "state": t["state"], "mission": t["mission"], "capability": t["capability"],
        "units": t["units"], "personnel": t["units"] * t["personnel_per_unit"], "months": t["months"],
        "person_months": t["units"] * t["person_months_per_unit"], "cost_usd": t["units"] * t["cost_usd_per_unit"],
    }).sort_values(["period", "state", "mission", "capability"]).reset_index(drop=True)
    band = None
    if d.fairness.mode == "band" and d.fairness.on_personnel and not d.triples.empty:
        band = d.reference.copy()
        band["shortfall"] = built.model.value("band_shortfall", result.x).reindex(band.index).to_numpy()
        band["capacity_limited"] = band["shortfall"] > BINDING_TOL
    dev = built.model.value("personnel_deviation", result.x) if "personnel_deviation" in built.model.variables else None
    states = pd.concat([states_table(inputs, period, allocation[allocation["period"] == period], d.reference, band, dev)
                        for period in d.periods], ignore_index=True)

    filled = allocation.groupby(["period", "mission", "capability"])["units"].sum()
    missions = d.requirements.reset_index().rename(columns={"units_required": "required"})
    missions["filled"] = filled.reindex(pd.MultiIndex.from_frame(missions[["period", "mission", "capability"]]),
                                        fill_value=0).to_numpy()
    missions["lead"] = lead_nations(built, result.x, allocation).reindex(
        pd.MultiIndex.from_frame(missions[["period", "mission"]]), fill_value="").to_numpy()
    missions = missions[["period", "mission", "capability", "required", "filled", "personnel_required", "lead"]]
    shortfall = shortfall_table(missions) if d.allow_shortfall else None
    metrics = plan_metrics(allocation, states, unfair_cost_usd, objective_usd=(
        float(result.objective * USD_PER_MODEL_UNIT) if built.objectives[-1].name == "cost" else None),
        bound_usd=float(result.bound * USD_PER_MODEL_UNIT) if result.bound is not None else None)
    if not d.multi_period:
        allocation, states, missions = (f.drop(columns="period") for f in (allocation, states, missions))
        shortfall = shortfall.drop(columns="period") if shortfall is not None else None
    else:
        allocation, states, missions = (f.rename(columns={"period": "year"}) for f in (allocation, states, missions))
        shortfall = shortfall.rename(columns={"period": "year"}) if shortfall is not None else None
    return Plan(allocation, states, missions, metrics, shortfall)


def in_year(plan: Plan, period) -> Plan:
    """A single year's plan labelled with its year (years with the same requirements share a solve)."""
    return Plan(*(frame.assign(year=period) for frame in (plan.allocation, plan.states, plan.missions)),
                plan.metrics, plan.shortfall.assign(year=period) if plan.shortfall is not None else None)


def combine_periods(plans: list[Plan], unfair_cost_usd: float | None) -> Plan:
    """One plan from the plans of single years (each with a `year` column)."""
    allocation = pd.concat([p.allocation for p in plans], ignore_index=True)
    states = pd.concat([p.states for p in plans], ignore_index=True)
    missions = pd.concat([p.missions for p in plans], ignore_index=True)
    short = [p.shortfall for p in plans if p.shortfall is not None]
    metrics = plan_metrics(allocation.rename(columns={"year": "period"}), states.rename(columns={"year": "period"}),
                           unfair_cost_usd, objective_usd=None, bound_usd=None)
    return Plan(allocation, states, missions, metrics, pd.concat(short, ignore_index=True) if short else None)
