"""The personnel reference every fairness rule measures against, and the band's limits.

With G the members that can send forces at all (at least one eligible row in the period),
the reference share is k^G[s] = key[s] / sum_G key (members outside G carry their share in
money), target[s] = k^G[s] P with P the personnel required, g[s] the smallest contribution s can
make (the allowance for whole units and whole contingents: a share of 3 people cannot be met with
4-person teams, nor a share of 40 where contingents are at least 150),

    g[s] = min over missions m open to s of max(minimum[m], smallest unit of s in m),

and most[s] the most personnel s can field in this scenario (holdings with
rotation, caveats, multinationality). A member is *capacity-limited* when most[s] < target[s] - g[s].

Band, in whole people (a member's personnel is a whole number, so rounding the limits inward
changes no plan, and keeps every quantity of the band stage whole: CP-SAT, which turns continuous
variables into integers, then solves the same problem as the LP-based solvers):

    hi[s] = floor((1 + tol) target[s] + g[s]),   lo[s] = max(ceil((1 - tol) target[s] - g[s]), 0).

Computed once here (per period and member of G); the model, the results, the diagnosis and
the frontier read it from ModelData.reference.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs.eligibility import WHOLE_TOL

REFERENCE_COLUMNS = ["reference_share", "target", "allowance", "smallest_unit", "most", "capacity_limited", "lo",
                     "hi"]


def personnel_reference(triples: pd.DataFrame, key: pd.Series, mission_personnel: pd.Series,
                        personnel_total: pd.Series, sustainable: pd.Series, personnel_per_unit: pd.Series,
                        personnel_caps: pd.Series, max_national_share: float, tolerance: float,
                        minimum: pd.Series | None = None) -> pd.DataFrame:
    """(period, state) -> the REFERENCE_COLUMNS for each member of G; `minimum`: (period, mission)
    -> the minimum contingent (none when absent)."""
    t = triples
    if t.empty:
        index = pd.MultiIndex.from_arrays([[], []], names=["period", "state"])
        return pd.DataFrame({c: pd.Series(dtype=bool if c == "capacity_limited" else float)
                             for c in REFERENCE_COLUMNS}).set_axis(index)
    pairs = t[["period", "state"]].drop_duplicates().sort_values(["period", "state"])
    index = pd.MultiIndex.from_frame(pairs)
    own_key = key.reindex(index.get_level_values("state")).to_numpy()
    group_key = pd.Series(own_key, index=index).groupby("period").transform("sum").to_numpy()
    ref = own_key / group_key
    unit = t.groupby(["period", "state", "mission"])["personnel_per_unit"].min()
    smallest_unit = unit.groupby(["period", "state"]).min().reindex(index).to_numpy(dtype=float)
    if minimum is not None:
        unit = pd.Series(np.maximum(unit.to_numpy(), minimum.reindex(unit.index.droplevel("state")).fillna(0.0)
                                    .to_numpy()), index=unit.index)
    smallest = unit.groupby(["period", "state"]).min().reindex(index).to_numpy(dtype=float)
    by_mission = t.groupby(["period", "state", "mission"])["personnel_ub"].sum()
    mission_cap = max_national_share * mission_personnel
    by_mission = pd.Series(np.minimum(by_mission.to_numpy(), mission_cap.reindex(
        by_mission.index.droplevel("state")).to_numpy()), index=by_mission.index)
    per_cap = t.groupby(["period", "state", "capability"])["max_units"].sum()
    state_cap = per_cap.index.droplevel("period")
    by_cap = pd.Series(np.minimum(per_cap.to_numpy(), sustainable.reindex(state_cap).to_numpy())
                       * personnel_per_unit.reindex(state_cap.get_level_values("capability")).to_numpy(),
                       index=per_cap.index)
    most = np.minimum(by_mission.groupby(["period", "state"]).sum().reindex(index).to_numpy(),
                      by_cap.groupby(["period", "state"]).sum().reindex(index).to_numpy())
    cap = personnel_caps.reindex(index.get_level_values("state")).to_numpy()
    most = np.where(np.isnan(cap), most, np.minimum(most, cap))
    target = ref * personnel_total.reindex(index.get_level_values("period")).to_numpy()
    return pd.DataFrame({"reference_share": ref, "target": target, "allowance": smallest,
                         "smallest_unit": smallest_unit, "most": most,
                         "capacity_limited": most < target - smallest,
                         "lo": np.maximum(np.ceil((1 - tolerance) * target - smallest - WHOLE_TOL), 0.0),
                         "hi": np.floor((1 + tolerance) * target + smallest + WHOLE_TOL)}, index=index)
