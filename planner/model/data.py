"""Model data: the arrays the constraint builders share, derived once from Inputs.

Every table is keyed by `period` first: one period (0) for a single-year
plan, the planning years for a trajectory, where each year's requirements are
the missions' requirements times that year's phase-in share, rounded to whole
units (planner/inputs_trajectory.py).

Money inside the model is in thousands of USD (kUSD), which keeps objective
coefficients well scaled; results convert back to USD.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.inputs import Inputs

USD_PER_MODEL_UNIT = 1000.0
SINGLE_PERIOD = 0


@dataclass(frozen=True)
class ModelData:
    inputs: Inputs
    periods: pd.Index
    triples: pd.DataFrame            # eligible (period, state, capability, mission) rows, in variable order
    requirements: pd.DataFrame       # (period, mission, capability) -> units_required, personnel_required
    mission_personnel: pd.Series     # (period, mission) -> personnel required
    personnel_total: pd.Series       # period -> personnel required (exact: requirements are met with equality)

    @property
    def members(self) -> pd.Index:
        return self.inputs.members

    @property
    def multi_period(self) -> bool:
        return self.inputs.trajectory is not None


def model_data(inputs: Inputs) -> ModelData:
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
    requirements = req.set_index(["period", "mission", "capability"]).sort_index()[["units_required", "personnel_required"]]
    mission_personnel = requirements["personnel_required"].groupby(["period", "mission"]).sum()

    share = inputs.scenario.max_national_share
    triples = inputs.eligible.merge(req[["period", "mission", "capability", "units_required"]],
                                    on=["mission", "capability"])
    people = mission_personnel.reindex(pd.MultiIndex.from_frame(triples[["period", "mission"]])).to_numpy()
    national = np.floor(share * people / triples["personnel_per_unit"].to_numpy() + 1e-9)
    triples["max_units"] = np.minimum(np.minimum(triples["max_units"], triples["units_required"]), national).astype(int)
    triples = triples[triples["max_units"] > 0].drop(columns="units_required")
    triples = triples.sort_values(["period", "state", "capability", "mission"]).reset_index(drop=True)
    triples["cost_k"] = triples["cost_usd_per_unit"] / USD_PER_MODEL_UNIT
    triples["personnel_ub"] = triples["max_units"] * triples["personnel_per_unit"]
    total = requirements["personnel_required"].groupby("period").sum().reindex(periods, fill_value=0)
    return ModelData(inputs, periods, triples, requirements, mission_personnel, total)


def group_codes(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.Index]:
    """Row number of each frame row's group (groups sorted by `keys`) and the group index.

    Each key is factorised on its own (sorted) and the codes combined into one integer per
    row, mixed radix: the same groups in the same order as a sorted groupby, without the
    per-group index objects a groupby builds (ten times faster on the world rung).
    """
    level_codes, levels = [], []
    combined = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(frame[key], sort=True)
        combined = combined * max(len(uniques), 1) + codes
        level_codes.append(codes)
        levels.append(uniques)
    _, first, codes = np.unique(combined, return_index=True, return_inverse=True)
    if len(keys) == 1:
        return codes, pd.Index(levels[0][level_codes[0][first]], name=keys[0])
    return codes, pd.MultiIndex(levels=[pd.Index(u) for u in levels], codes=[c[first] for c in level_codes],
                                names=keys)


def period_slice(d: ModelData, period) -> ModelData:
    """The model data of one period alone (a trajectory's years are solved one at a time)."""
    keep = d.triples["period"] == period
    return ModelData(d.inputs, pd.Index([period], name="period"), d.triples[keep].reset_index(drop=True),
                     d.requirements.loc[[period]] if period in d.requirements.index.get_level_values("period")
                     else d.requirements.iloc[0:0],
                     d.mission_personnel.loc[[period]] if period in d.mission_personnel.index.get_level_values("period")
                     else d.mission_personnel.iloc[0:0],
                     d.personnel_total.loc[[period]])


def period_signature(d: ModelData, period) -> str:
    """Periods with the same requirements have the same allocation problem."""
    req = d.requirements.loc[[period]] if period in d.requirements.index.get_level_values("period") \
        else d.requirements.iloc[0:0]
    return req.droplevel("period").to_csv()
