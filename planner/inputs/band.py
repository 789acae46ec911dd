"""The personnel reference every fairness rule measures against, and the band's limits.

Burden is measured in person-months: a unit of c in mission m weighs personnel[c] months[m]
(a 3-month disaster response a quarter of a year-round mission); P below is the person-months
required, and every quantity of this module is in person-months.

With G the members that can send forces at all (at least one eligible row in the period),
the reference share is k^G[s] = key[s] / sum_G key (members outside G carry their share in
money), target[s] = k^G[s] P with P the personnel required, g[s] the smallest contribution s can
make (the allowance for whole units and whole contingents: a share of 3 people cannot be met with
4-person teams, nor a share of 40 where contingents are at least 150),

    g[s] = max over missions m open to s of months[m] max(minimum[m], smallest unit of s in m),

and most[s] an upper bound on the person-months s can field in this scenario (holdings with
rotation, caveats, multinationality, each type at its longest mission). A member is
*capacity-limited* when most[s] < target[s] - g[s].

Band, in whole person-months (a member's person-months are a whole number, so rounding the limits inward
changes no plan, and keeps every quantity of the band stage whole: CP-SAT, which turns continuous
variables into integers, then solves the same problem as the LP-based solvers):

    hi[s] = floor((1 + tol) target[s] + g[s]),   lo[s] = max(ceil((1 - tol) target[s] - g[s]), 0).

Computed once here (per period and member of G); the model, the results, the diagnosis and
the frontier read it from ModelData.reference.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs.eligibility import WHOLE_TOL, sustainable_units

REFERENCE_COLUMNS = ["reference_share", "target", "allowance", "smallest_unit", "most", "capacity_limited", "lo",
                     "hi"]


def personnel_reference(triples: pd.DataFrame, key: pd.Series, mission_personnel: pd.Series,
                        burden_total: pd.Series, held: pd.Series, personnel_caps: pd.Series,
                        max_national_share: float, tolerance: float, minimum: pd.Series | None = None) -> pd.DataFrame:
    """(period, state) -> the REFERENCE_COLUMNS for each member of G, in person-months; `triples` with
    personnel_per_unit, months, rotation, max_units; `minimum`: (period, mission) -> the minimum
    contingent in people (none when absent)."""
    t = triples
    if t.empty:
        index = pd.MultiIndex.from_arrays([[], []], names=["period", "state"])
        return pd.DataFrame({c: pd.Series(dtype=bool if c == "capacity_limited" else float)
                             for c in REFERENCE_COLUMNS}).set_axis(index)
    t = t.assign(pm=t["personnel_per_unit"] * t["months"])
    pairs = t[["period", "state"]].drop_duplicates().sort_values(["period", "state"])
    index = pd.MultiIndex.from_frame(pairs)
    own_key = key.reindex(index.get_level_values("state")).to_numpy()
    group_key = pd.Series(own_key, index=index).groupby("period").transform("sum").to_numpy()
    ref = own_key / group_key
    months = t.groupby(["period", "state", "mission"])["months"].first()
    unit = t.groupby(["period", "state", "mission"])["pm"].min()
    smallest_unit = unit.groupby(["period", "state"]).min().reindex(index).to_numpy(dtype=float)
    if minimum is not None:
        least = minimum.reindex(unit.index.droplevel("state")).fillna(0.0).to_numpy() * months.to_numpy()
        unit = pd.Series(np.maximum(unit.to_numpy(), least), index=unit.index)
    # One whole contingent in any mission open to s fits its band: a year-round mission's minimum
    # weighs four times a 3-month response's, and the band must let a small member bring either.
    smallest = unit.groupby(["period", "state"]).max().reindex(index).to_numpy(dtype=float)
    by_mission = (t["max_units"] * t["pm"]).groupby([t["period"], t["state"], t["mission"]]).sum()
    mission_cap = max_national_share * mission_personnel.reindex(by_mission.index.droplevel("state")).to_numpy() \
        * months.reindex(by_mission.index).to_numpy()
    by_mission = pd.Series(np.minimum(by_mission.to_numpy(), mission_cap), index=by_mission.index)
    # A type's units serve one mission at a time: at most what its holdings keep deployed, each
    # unit counted at its most person-months.
    held_row = held.reindex(pd.MultiIndex.from_frame(t[["state", "capability"]])).to_numpy()
    deployed = sustainable_units(held_row, t["rotation"].to_numpy()) * t["pm"].to_numpy()
    keys = [t["period"], t["state"], t["capability"]]
    by_cap = np.minimum((t["max_units"] * t["pm"]).groupby(keys).sum(), pd.Series(deployed, index=t.index)
                        .groupby(keys).max())
    most = np.minimum(by_mission.groupby(["period", "state"]).sum().reindex(index).to_numpy(),
                      by_cap.groupby(["period", "state"]).sum().reindex(index).to_numpy())
    cap = personnel_caps.reindex(index.get_level_values("state")).to_numpy() * \
        t.groupby(["period", "state"])["months"].max().reindex(index).to_numpy()
    most = np.where(np.isnan(cap), most, np.minimum(most, cap))
    target = ref * burden_total.reindex(index.get_level_values("period")).to_numpy()
    return pd.DataFrame({"reference_share": ref, "target": target, "allowance": smallest,
                         "smallest_unit": smallest_unit, "most": most,
                         "capacity_limited": most < target - smallest,
                         "lo": np.maximum(np.ceil((1 - tolerance) * target - smallest - WHOLE_TOL), 0.0),
                         "hi": np.floor((1 + tolerance) * target + smallest + WHOLE_TOL)}, index=index)

