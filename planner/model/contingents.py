"""Contingent structure: national contingents of a useful size, a bounded number of contributors,
one lead nation.

=================  =========================  =====================================================
symbol             code name                  meaning
=================  =========================  =====================================================
y[p,s,m]           ``contributes``            binary: s sends something to m in period p
z[p,s,m]           ``leads``                  binary: s is m's lead (framework) nation
=================  =========================  =====================================================

With b[p,s,m] = sum_c personnel[c] x[p,s,c,m] the personnel s sends, U = most[p,s,m] (the most it
can bring, a whole-unit big-M: planner/inputs/contingents.py), L = minimum[p,m], K the most
contributors and l the lead's share of the mission's personnel P:

    contribution_link      b[p,s,m] - U y[p,s,m] <= 0          nothing unless contributing
    contribution_minimum   b[p,s,m] - L y[p,s,m] >= 0          at least L when contributing
    max_contributors       sum_s y[p,s,m] <= K
    contribution_count     sum_m y[p,s,m] <= floor(hi[p,s] / min_m L[p,m])   (with the band: a cut)
    one_lead               sum_s z[p,s,m] = 1                  over the members that can lead
    lead_share             b[p,s,m] - max(l P, 1) z[p,s,m] >= 0   the lead carries l P (and is there)

A member leads only if it can carry l P (`can_lead`), so z needs no link to y: z = 1 forces
b >= l P > 0, and the link row then forces y = 1. An agreed lead nation is the only one allowed
to lead (with l = 0 when no share is set, it must still contribute). Missions without a rule get
no variables.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.model.linear import LinearModel
from planner.model.rows import Terms


def contribution_terms(d: ModelData, x_ids: np.ndarray, index: pd.Index, sign: float = 1.0) -> Terms:
    """sign * b[p,s,m] for the (p, s, m) of `index`, as terms."""
    rows = index.get_indexer(pd.MultiIndex.from_frame(d.triples[["period", "state", "mission"]]))
    keep = rows >= 0
    return Terms(rows[keep], x_ids[keep], sign * d.triples["personnel_per_unit"].to_numpy()[keep])


def add_contingents(model: LinearModel, d: ModelData, band_top: bool = True, any_lead: bool = False) -> None:
    """The rows of the module docstring. With `band_top` (not in the elastic model, which may widen
    the band), U is also at most the member's band top hi[s]: a tighter big-M, b[p,s,m] <= b[p,s] <= hi.
    With `any_lead` (a partial plan, the elastic model: the mission may shrink), every contributor may
    lead, not only those that can carry l P."""
    x = model.variables["units"]
    if d.pairs.empty:
        return
    rules = d.missions.reindex(d.pairs.index.droplevel("state"))
    minimum = rules["minimum"].to_numpy(dtype=float)
    limited = rules["max_contributors"].notna().to_numpy()
    agreed = (rules["lead"] != "").to_numpy()
    needs_y = (minimum > 0) | limited | agreed
    most = d.pairs["most"].to_numpy()
    if band_top and d.fairness.mode == "band" and d.fairness.on_personnel:
        # The band's top is in person-months: a mission of `months` holds at most top / months people.
        top = d.reference["hi"].reindex(d.pairs.index.droplevel("mission")).to_numpy() / _months(d, d.pairs.index)
        most = np.minimum(most, np.where(np.isnan(top), np.inf, np.floor(top + 1e-9)))
    if needs_y.any():
        _add_contributes(model, d, x.ids, d.pairs.index[needs_y], most[needs_y], minimum[needs_y], agreed[needs_y])
        if band_top and d.fairness.mode == "band" and d.fairness.on_personnel:
            _add_contribution_count(model, d, minimum)
    if "contributes" in model.variables and limited.any():
        _add_max_contributors(model, d)
    _add_lead(model, d, x.ids, any_lead)


def _add_contributes(model, d, x_ids, index, most, minimum, agreed) -> None:
    lead = d.missions["lead"].reindex(index.droplevel("state")).to_numpy()
    is_lead = agreed & (index.get_level_values("state").to_numpy() == lead)
    y = model.add_variables("contributes", index, np.where(is_lead, 1.0, 0.0), 1.0, integer=True)
    model.add_rows("contribution_link", index, [contribution_terms(d, x_ids, index), Terms.per_row(y.ids, -most)],
                   -np.inf, 0.0)
    positive = np.flatnonzero(minimum > 0)
    model.add_rows("contribution_minimum", index[positive],
                   [contribution_terms(d, x_ids, index[positive]), Terms.per_row(y.ids[positive], -minimum[positive])],
                   0.0, np.inf)


def _add_contribution_count(model, d, minimum) -> None:
    """sum_m y[p,s,m] <= floor(hi[p,s] / min_m months[m] L[p,m]): a member whose band top (person-
    months) holds one minimum contingent contributes to one mission. Implied by the band for whole
    plans, not for the LP relaxation (written only where it cuts)."""
    y = model.variables["contributes"]
    members = y.index.droplevel("mission")
    least = pd.Series(np.where(minimum > 0, minimum * _months(d, d.pairs.index), np.nan), index=d.pairs.index
                      ).groupby(["period", "state"]).min()
    top = d.reference["hi"].reindex(least.index).to_numpy()
    most = np.floor(top / least.to_numpy() + 1e-9)
    count = pd.Series(1, index=members).groupby(["period", "state"]).sum().reindex(least.index).to_numpy()
    cut = np.flatnonzero(np.nan_to_num(most, nan=np.inf) < count)
    if not len(cut):
        return
    index = least.index[cut]
    rows = index.get_indexer(members)
    keep = rows >= 0
    model.add_rows("contribution_count", index, [Terms(rows[keep], y.ids[keep])], -np.inf, most[cut])


def _add_max_contributors(model, d) -> None:
    y = model.variables["contributes"]
    limits = d.missions["max_contributors"].dropna()
    rows = limits.index.get_indexer(y.index.droplevel("state"))
    keep = rows >= 0
    model.add_rows("max_contributors", limits.index, [Terms(rows[keep], y.ids[keep])], -np.inf, limits.to_numpy())


def _add_lead(model, d, x_ids, any_lead: bool) -> None:
    rules = d.missions[d.missions["lead_share"].notna() | (d.missions["lead"] != "")]
    if rules.empty:
        return
    able = d.pairs["can_lead"].to_numpy()
    if any_lead:
        lead = rules["lead"].reindex(d.pairs.index.droplevel("state")).to_numpy()
        state = d.pairs.index.get_level_values("state").to_numpy()
        able = pd.isna(lead) | (lead == "") | (lead == state)
        able &= rules.index.get_indexer(d.pairs.index.droplevel("state")) >= 0
    leaders = d.pairs.index[able]
    z = model.add_variables("leads", leaders, 0.0, 1.0, integer=True)
    row_of = rules.index.get_indexer(leaders.droplevel("state"))
    model.add_rows("one_lead", rules.index, [Terms(row_of, z.ids)], 1.0, 1.0)
    share = rules["lead_share"].fillna(0.0).reindex(leaders.droplevel("state")).to_numpy()
    # At least one person even where no share is set (an agreed lead nation must be there).
    need = np.maximum(share * rules["personnel"].reindex(leaders.droplevel("state")).to_numpy(), 1.0)
    model.add_rows("lead_share", leaders, [contribution_terms(d, x_ids, leaders), Terms.per_row(z.ids, -need)],
                   0.0, np.inf)


def _months(d: ModelData, pairs: pd.MultiIndex) -> np.ndarray:
    """Months each (period, state, mission) pair's mission runs."""
    return d.mission_months.reindex(pairs.get_level_values("mission")).to_numpy(dtype=float)
