"""Capacity: what states hold, what rotation allows, what caveats and multinationality permit."""
from __future__ import annotations

import numpy as np

from planner.inputs import ModelData
from planner.model.linear import LinearModel
from planner.model.rows import add_where_binding, group_codes


def add_rotation_capacity(model: LinearModel, d: ModelData) -> None:
    """sum_m x[p,s,c,m] <= floor(held[s,c] / rotation[c]): one unit deployed needs `rotation` held.

    Written on whole units (rotation x <= held, rounded down) rather than on the units held:
    the same integer plans, a tighter LP relaxation (no half unit from a fractional quotient),
    so the relaxation's bound is closer to the plan's. Rows whose variables' own bounds already
    keep them within capacity are left out. (A trajectory replaces this by holdings that follow
    national forces.)
    """
    t = d.triples
    x = model.variables["units"]
    codes, index = group_codes(t, ["period", "state", "capability"])
    sustainable = d.sustainable.reindex(index.droplevel("period")).to_numpy()
    most = np.bincount(codes, weights=t["max_units"].to_numpy(), minlength=len(index))
    add_where_binding(model, "rotation_capacity", index, codes, x.ids, 1.0, sustainable, most)


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
