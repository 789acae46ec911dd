"""Fairness: each member's share of the burden stays within a band around its key share.

Two faces of burden, each optional (`fairness.apply_to`):

personnel
    lo[s] <= sum_cm personnel[c] x[s,c,m] <= hi[s] for members that can send
    forces at all (the reference group G), with
    k^G[s] = key[s] / sum_{G} key, P the total personnel required,
    g[s] the personnel of the smallest unit s can field (integer contingents
    cannot hit a share exactly: the band is widened by one such unit),
    hi[s] = (1 + tol) k^G[s] P + g[s],
    lo[s] = min(max((1 - tol) k^G[s] P - g[s], 0), most[s]),
    most[s] the most personnel s can field in this scenario (holdings,
    rotation, caveats, multinationality): a member that cannot reach its lower
    bound is "capacity-limited" and carries the rest of its share in money.
    Members outside G carry their whole share in money.

net_cost
    (1 - tol) key[s] T <= cost[s] - r[s] + p[s] <= (1 + tol) key[s] T
    for every member, T the total cost, p and r fund payments and
    reimbursements. Always satisfiable through the common fund, so it is
    settled exactly after the solve (planner/model/fund.py), not here.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.model.data import ModelData, group_codes
from planner.model.linear import LinearModel


def personnel_band(d: ModelData) -> pd.DataFrame:
    """Per member of G: reference share, band limits, and whether capacity limits it."""
    fair = d.inputs.scenario.fairness
    t = d.triples
    key = d.inputs.key
    group = pd.Index(sorted(t["state"].unique()), name="state")
    ref = key.reindex(group) / key.reindex(group).sum()
    smallest = t.groupby("state")["personnel_per_unit"].min().reindex(group)
    by_mission = t.groupby(["state", "mission"])["personnel_ub"].sum()
    mission_cap = d.inputs.scenario.max_national_share * d.inputs.missions["personnel_required"]
    by_mission = np.minimum(by_mission, mission_cap.reindex(by_mission.index.get_level_values("mission")).to_numpy())
    rotation = d.inputs.capabilities["rotation_factor"]
    held = d.inputs.holdings.stack()
    per_cap = t.groupby(["state", "capability"])["max_units"].sum()
    sustainable = np.floor(held.reindex(per_cap.index).to_numpy() / rotation.reindex(
        per_cap.index.get_level_values("capability")).to_numpy() + 1e-9)
    by_cap = np.minimum(per_cap.to_numpy(), sustainable) * d.inputs.capabilities["personnel"].reindex(
        per_cap.index.get_level_values("capability")).to_numpy()
    most = np.minimum(by_mission.groupby("state").sum().reindex(group).to_numpy(),
                      pd.Series(by_cap, index=per_cap.index).groupby("state").sum().reindex(group).to_numpy())
    cap = d.inputs.max_personnel.reindex(group).to_numpy()
    most = np.where(np.isnan(cap), most, np.minimum(most, cap))
    target = ref.to_numpy() * d.personnel_total
    lo_wanted = np.maximum((1 - fair.tolerance) * target - smallest.to_numpy(), 0.0)
    return pd.DataFrame({
        "reference_share": ref.to_numpy(),
        "lo": np.minimum(lo_wanted, most),
        "hi": (1 + fair.tolerance) * target + smallest.to_numpy(),
        "most": most,
        "capacity_limited": most < lo_wanted,
    }, index=group)


def add_personnel_band(model: LinearModel, d: ModelData) -> None:
    """lo[s] <= sum_cm personnel[c] x[s,c,m] <= hi[s] for s in G (see module docstring)."""
    x = model.variables["units"]
    band = personnel_band(d)
    codes = band.index.get_indexer(d.triples["state"])
    model.add_constraints("personnel_band", band.index, codes, x.ids, d.triples["personnel_per_unit"].to_numpy(),
                          band["lo"].to_numpy(), band["hi"].to_numpy())

