"""Capacity: what states hold, what rotation allows, what caveats and multinationality permit."""
from __future__ import annotations

import numpy as np

from planner.model.data import ModelData, group_codes
from planner.model.linear import LinearModel

# A quotient within this of a whole number is that number (3 held / 1.5 rotation is 2 units, not 1).
WHOLE_TOL = 1e-9


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
    rotation = d.inputs.capabilities["rotation_factor"].reindex(index.get_level_values("capability")).to_numpy()
    held = d.inputs.holdings.stack().reindex(index.droplevel("period")).to_numpy().astype(float)
    sustainable = np.floor(held / rotation + WHOLE_TOL)
    most = np.bincount(codes, weights=t["max_units"].to_numpy(), minlength=len(index))
    _add_binding(model, "rotation_capacity", index, codes, x.ids, 1.0, sustainable, most)


def add_caveat_caps(model: LinearModel, d: ModelData) -> None:
    """sum_m x[p,s,c,m] <= cap[s,c] (unit caps) and sum_cm personnel[c] x[p,s,c,m] <= cap[s] (personnel caps)."""
    t = d.triples
    x = model.variables["units"]
    if len(d.inputs.max_units):
        codes, index = group_codes(t, ["period", "state", "capability"])
        cap = d.inputs.max_units.reindex(index.droplevel("period")).to_numpy()
        most = np.bincount(codes, weights=t["max_units"].to_numpy(), minlength=len(index))
        has = ~np.isnan(cap)
        _add_binding(model, "caveat_unit_cap", index, codes, x.ids, 1.0, np.where(has, cap, np.inf), most)
    if len(d.inputs.max_personnel):
        codes, index = group_codes(t, ["period", "state"])
        cap = d.inputs.max_personnel.reindex(index.droplevel("period")).to_numpy()
        most = np.bincount(codes, weights=t["personnel_ub"].to_numpy(), minlength=len(index))
        _add_binding(model, "caveat_personnel_cap", index, codes, x.ids, t["personnel_per_unit"].to_numpy(),
                     np.where(np.isnan(cap), np.inf, cap), most)


def add_multinationality(model: LinearModel, d: ModelData, every_row: bool = False) -> None:
    """sum_c personnel[c] x[p,s,c,m] <= max_national_share * P_pm: no state dominates a mission.

    `every_row` keeps rows the bounds already satisfy (the elastic model shrinks P_pm)."""
    t = d.triples
    x = model.variables["units"]
    codes, index = group_codes(t, ["period", "state", "mission"])
    mission_people = d.mission_personnel.reindex(index.droplevel("state")).to_numpy()
    cap = d.inputs.scenario.max_national_share * mission_people
    most = np.bincount(codes, weights=t["personnel_ub"].to_numpy(), minlength=len(index))
    if every_row:
        most = np.full(len(index), np.inf)
    _add_binding(model, "multinationality", index, codes, x.ids, t["personnel_per_unit"].to_numpy(), cap, most)


def _add_binding(model, name, index, codes, cols, coefs, cap, most) -> None:
    """Add `sum <= cap` only for groups whose largest possible sum exceeds cap."""
    binding = most > cap + 1e-9
    keep_rows = np.flatnonzero(binding)
    renumber = np.full(len(index), -1)
    renumber[keep_rows] = np.arange(len(keep_rows))
    entry = binding[codes]
    coefs = np.broadcast_to(np.asarray(coefs, dtype=float), codes.shape)
    model.add_constraints(name, index[keep_rows], renumber[codes[entry]], cols[entry], coefs[entry],
                          -np.inf, cap[keep_rows])
