"""Capacity: what states hold, what rotation allows, what caveats and multinationality permit."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.inputs.eligibility import WHOLE_TOL, sustainable_units
from planner.model.linear import LinearModel
from planner.model.rows import add_where_binding, group_codes


def add_rotation_capacity(model: LinearModel, d: ModelData) -> None:
    """sum_{m in S} r[c,m] x[p,s,c,m] <= held[s,c] for each set S of missions running at once
    (ModelData.concurrent): a unit deployed on a mission longer than one tour needs r[c,m] =
    rotation[c] held (preparing, deployed, recovering), one deployed once needs one.

    Where every mission of the row rotates alike this is written on whole units,
    sum x <= floor(held / rotation), rather than on the units held: the same integer plans, a
    tighter LP relaxation (no half unit from a fractional quotient). Rows whose variables' own
    bounds already keep them within capacity are left out. (A trajectory replaces this by
    holdings that follow national forces.)
    """
    rows = capacity_rows(d)
    x = model.variables["units"]
    codes, index = group_codes(rows, ["period", "state", "capability", "slice"])
    held = d.held.reindex(index.droplevel(["period", "slice"])).fillna(0.0).to_numpy()
    rotation = rows["rotation"].to_numpy()
    low = np.full(len(index), np.inf)
    np.minimum.at(low, codes, rotation)
    high = np.zeros(len(index))
    np.maximum.at(high, codes, rotation)
    alike = high - low <= WHOLE_TOL
    coefs = np.where(alike[codes], 1.0, rotation)
    cap = np.where(alike, sustainable_units(held, np.where(alike, low, 1.0)), held)
    most = np.bincount(codes, weights=rows["max_units"].to_numpy() * coefs, minlength=len(index))
    add_where_binding(model, "rotation_capacity", index, codes, x.ids[rows["column"].to_numpy()], coefs, cap, most)


def capacity_rows(d: ModelData) -> pd.DataFrame:
    """The triples (column: their position in variable order) once per set of concurrent missions
    they belong to, with that set's number in `slice`."""
    t = d.triples[["period", "state", "capability", "mission", "max_units", "rotation"]]
    return t.assign(column=np.arange(len(t))).merge(d.concurrent, on="mission").sort_values("column", kind="stable")


def add_caveat_caps(model: LinearModel, d: ModelData) -> None:
    """sum_m x[p,s,c,m] <= cap[s,c] (unit caps) and sum_cm personnel[c] x[p,s,c,m] <= cap[s] (personnel caps)."""
    t = d.triples
    x = model.variables["units"]
    if len(d.unit_caps):
        codes, index = group_codes(t, ["period", "state", "capability"])
        cap = d.unit_caps.reindex(index.droplevel("period")).to_numpy()
        most = np.bincount(codes, weights=t["max_units"].to_numpy(), minlength=len(index))
        add_where_binding(model, "caveat_unit_cap", index, codes, x.ids, 1.0, np.where(np.isnan(cap), np.inf, cap),
                          most)
    if len(d.personnel_caps):
        codes, index = group_codes(t, ["period", "state"])
        cap = d.personnel_caps.reindex(index.droplevel("period")).to_numpy()
        most = np.bincount(codes, weights=t["personnel_ub"].to_numpy(), minlength=len(index))
        add_where_binding(model, "caveat_personnel_cap", index, codes, x.ids, t["personnel_per_unit"].to_numpy(),
                          np.where(np.isnan(cap), np.inf, cap), most)


def add_multinationality(model: LinearModel, d: ModelData, every_row: bool = False) -> None:
    """sum_c personnel[c] x[p,s,c,m] <= max_national_share * P_pm: no state dominates a mission.

    `every_row` keeps rows the bounds already satisfy (the elastic model shrinks P_pm)."""
    t = d.triples
    x = model.variables["units"]
    codes, index = group_codes(t, ["period", "state", "mission"])
    cap = d.max_national_share * d.mission_personnel.reindex(index.droplevel("state")).to_numpy()
    most = np.bincount(codes, weights=t["personnel_ub"].to_numpy(), minlength=len(index))
    if every_row:
        most = np.full(len(index), np.inf)
    add_where_binding(model, "multinationality", index, codes, x.ids, t["personnel_per_unit"].to_numpy(), cap, most)
