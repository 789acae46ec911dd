"""Model data: everything the model is built from, derived once from Inputs.

ModelData is the model's only input: the builders in planner/model/ read these tables and
numbers and nothing else; the results, the diagnosis and the frontier read the same derived
parameters (the personnel reference and band, the concurrent missions) from here rather than
computing them again.

Every table is keyed by `period` first: one period (0) for a single-year
plan, the planning years for a trajectory, where each year's requirements are
the missions' requirements times that year's phase-in share, rounded to whole
units (planner/inputs/trajectory.py).

Money inside the model is in thousands of USD (kUSD), which keeps objective
coefficients well scaled; results convert back to USD.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from planner.inputs.band import personnel_reference
from planner.inputs.contingents import below_minimum, bloc_limits, contribution_pairs, mission_rules
from planner.inputs.eligibility import WHOLE_TOL
from planner.inputs.missions import concurrent_sets
from planner.inputs.plan import Inputs
from planner.inputs.trajectory import TrajectoryInputs

USD_PER_MODEL_UNIT = 1000.0
SINGLE_PERIOD = 0


@dataclass(frozen=True)
class FairnessRule:
    """The scenario's fairness settings, as the model reads them."""

    mode: str
    tolerance: float
    gini_max: float
    leximin_rounds: int
    faces: tuple[str, ...]

    @property
    def on_personnel(self) -> bool:
        return self.mode != "off" and "personnel" in self.faces


@dataclass(frozen=True)
class ModelData:
    """periods : the planning periods (0 alone for a single-year plan).
    triples : eligible (period, state, capability, mission) rows in variable order, with max_units,
        personnel_per_unit, months, rotation (units held per unit deployed), person_months_per_unit,
        cost_usd_per_unit, distance_km, cost_k (kUSD) and personnel_ub.
    requirements : (period, mission, capability) -> units_required, personnel_required.
    mission_personnel : (period, mission) -> personnel required; personnel_total : period -> P.
    burden_total : period -> person-months required (sum_m months[m] P_pm): what the band shares out.
    concurrent : (slice, mission): the missions running at once (planner/inputs/missions.py); each
        slice's units share the holdings. mission_months : mission -> months it runs in the year.
    reference : (period, state) -> reference share, target, allowance, most, capacity_limited,
        band lo and hi (planner/inputs/band.py), for members that can send forces.
    held : (state, capability) -> units held.
    rotation, personnel_per_unit : capability -> rotation factor, personnel per unit.
    unit_caps : (state, capability) -> caveat or pool cap; personnel_caps : state -> caveat cap.
    missions : (period, mission) -> personnel, minimum contingent, max_contributors, lead_share,
        lead, priority; pairs : (period, state, mission) -> most personnel, can_lead
        (planner/inputs/contingents.py).
    bloc_caps : (period, mission, bloc) -> share, cap (personnel); blocs : bloc -> its members.
    too_small : (period, state, mission) pairs dropped: the member cannot bring the minimum contingent.
    allow_shortfall : requirements may go unmet (a partial plan), most important missions first.
    """

    periods: pd.Index
    multi_period: bool
    triples: pd.DataFrame
    requirements: pd.DataFrame
    mission_personnel: pd.Series
    personnel_total: pd.Series
    burden_total: pd.Series
    concurrent: pd.DataFrame
    mission_months: pd.Series
    reference: pd.DataFrame
    held: pd.Series
    rotation: pd.Series
    personnel_per_unit: pd.Series
    unit_caps: pd.Series
    personnel_caps: pd.Series
    max_national_share: float
    fairness: FairnessRule
    trajectory: TrajectoryInputs | None
    missions: pd.DataFrame
    pairs: pd.DataFrame
    bloc_caps: pd.DataFrame
    blocs: dict
    too_small: pd.Index
    allow_shortfall: bool = False

    def with_fairness_off(self) -> ModelData:
        return replace(self, fairness=replace(self.fairness, mode="off"))


def model_data(inputs: Inputs, drop_small: bool = True) -> ModelData:
    """The model's data. `drop_small` drops the members that cannot bring a mission's minimum
    contingent (implied by the rule; the elastic diagnosis keeps them, to relax the minimum)."""
    if inputs.trajectory is None:
        periods = pd.Index([SINGLE_PERIOD], name="period")
        scale = pd.DataFrame(1.0, index=periods, columns=inputs.missions.index)
    else:
        periods = inputs.trajectory.years.rename("period")
        scale = inputs.trajectory.scale.rename_axis("period")
    base = inputs.requirements.reset_index()
    parts = []
    for period in periods:
        units = np.floor(base["units_required"] * scale.loc[period].reindex(base["mission"]).to_numpy() + 0.5)
        parts.append(base.assign(period=period, units_required=units.astype(int)))
    req = pd.concat(parts, ignore_index=True)
    per_unit = inputs.capabilities["personnel"].reindex(req["capability"]).to_numpy()
    req["personnel_required"] = req["units_required"] * per_unit
    req = req[req["units_required"] > 0]
    requirements = req.set_index(["period", "mission", "capability"]).sort_index()
    requirements = requirements[["units_required", "personnel_required"]]
    mission_personnel = requirements["personnel_required"].groupby(["period", "mission"]).sum()

    sc = inputs.scenario
    share = sc.max_national_share
    triples = inputs.eligible.merge(req[["period", "mission", "capability", "units_required"]],
                                    on=["mission", "capability"])
    people = mission_personnel.reindex(pd.MultiIndex.from_frame(triples[["period", "mission"]])).to_numpy()
    national = np.floor(share * people / triples["personnel_per_unit"].to_numpy() + WHOLE_TOL)
    triples["max_units"] = np.minimum(np.minimum(triples["max_units"], triples["units_required"]), national).astype(int)
    triples = triples[triples["max_units"] > 0].drop(columns="units_required")
    triples = triples.sort_values(["period", "state", "capability", "mission"]).reset_index(drop=True)
    triples["cost_k"] = triples["cost_usd_per_unit"] / USD_PER_MODEL_UNIT
    triples["personnel_ub"] = triples["max_units"] * triples["personnel_per_unit"]
    triples["person_months_per_unit"] = triples["personnel_per_unit"] * triples["months"]
    missions = mission_rules(inputs.contingents, mission_personnel, share)
    triples, too_small = below_minimum(triples, missions, share) if drop_small else (triples, _no_pairs())
    pairs = contribution_pairs(triples, missions, share)
    caps, blocs = bloc_limits(inputs.bloc_caps, mission_personnel, inputs.states, inputs.members)
    total = requirements["personnel_required"].groupby("period").sum().reindex(periods, fill_value=0)
    months = inputs.missions["duration_months"]
    burden = (mission_personnel * months.reindex(mission_personnel.index.get_level_values("mission")).to_numpy()
              ).groupby("period").sum().reindex(periods, fill_value=0)

    held = inputs.holdings.stack().astype(float).rename("held")
    rotation = inputs.capabilities["rotation_factor"]
    personnel = inputs.capabilities["personnel"]
    fair = sc.fairness
    reference = personnel_reference(triples, inputs.troops_key, mission_personnel, burden, held,
                                    inputs.max_personnel, share, fair.tolerance, missions["minimum"])
    return ModelData(periods, inputs.trajectory is not None, triples, requirements, mission_personnel, total,
                     burden, concurrent_sets(inputs.missions), months, reference, held, rotation,
                     personnel, inputs.max_units, inputs.max_personnel,
                     share, FairnessRule(fair.mode, fair.tolerance, fair.gini_max, fair.leximin_rounds,
                                         tuple(fair.apply_to)), inputs.trajectory, missions, pairs, caps, blocs,
                     too_small, sc.solver.allow_shortfall)


def period_slice(d: ModelData, period) -> ModelData:
    """The model data of one period alone (a trajectory's years are solved one at a time)."""
    keep = d.triples["period"] == period
    return replace(d, periods=pd.Index([period], name="period"), triples=d.triples[keep].reset_index(drop=True),
                   requirements=_rows_of(d.requirements, period),
                   mission_personnel=_rows_of(d.mission_personnel, period),
                   personnel_total=d.personnel_total.loc[[period]], burden_total=d.burden_total.loc[[period]],
                   reference=_rows_of(d.reference, period),
                   missions=_rows_of(d.missions, period), pairs=_rows_of(d.pairs, period),
                   bloc_caps=_rows_of(d.bloc_caps, period),
                   too_small=d.too_small[d.too_small.get_level_values("period") == period])


def period_signature(d: ModelData, period) -> str:
    """Periods with the same requirements have the same allocation problem."""
    return _rows_of(d.requirements, period).droplevel("period").to_csv()


def _rows_of(frame, period):
    """The rows of `frame` (indexed by period first) in one period; none when it has none."""
    return frame.loc[[period]] if period in frame.index.get_level_values("period") else frame.iloc[0:0]


def _no_pairs() -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays([[], [], []], names=["period", "state", "mission"])
