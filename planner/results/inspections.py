"""The verification workload of a trajectory: objects of verification and declared-site inspection
quotas per member and year, after the CFE Protocol on Inspection.

objects[s,p]        = ceil(N[p,s] / personnel_per_object): units and sites holding treaty-limited
                      equipment, estimated from national forces (`trajectory.inspections`).
period of year p    : the first year is baseline validation; years up to the last phase year (the
                      year every reduction liability is due) the reduction period; the year after it
                      residual level validation; later years the residual period.
quota_received[s,p] = ceil(q[period] objects[s,p]): passive declared-site inspections s must accept
                      (q: 20 %, 10 % a year, 20 %, 15 % a year by default).
quota_active[s,p]   : the region's passive quotas of year p shared over the members by the key
                      (Hamilton's largest remainders): the inspections each member conducts, so
                      that verification, like the peace force, is a common burden.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.keys.apportion import apportion
from planner.scenario.vocabulary import INSPECTION_PERIODS as PERIODS


def inspection_periods(years: pd.Index, last_phase_year: int) -> pd.Series:
    """year -> the inspection period it falls in."""
    names = []
    for i, year in enumerate(years):
        if i == 0:
            names.append(PERIODS[0])
        elif year <= last_phase_year:
            names.append(PERIODS[1])
        elif year == last_phase_year + 1:
            names.append(PERIODS[2])
        else:
            names.append(PERIODS[3])
    return pd.Series(names, index=years, name="period")


def inspections_table(forces: pd.Series, key: pd.Series, personnel_per_object: float, quotas: dict,
                      last_phase_year: int) -> pd.DataFrame:
    """state, year, period, objects, quota_received, quota_active; `forces`: (year, state) -> N."""
    frame = forces.rename("national_personnel").reset_index()
    frame.columns = ["year", "state", "national_personnel"]
    years = pd.Index(sorted(frame["year"].unique()))
    period = inspection_periods(years, last_phase_year)
    frame["period"] = period.reindex(frame["year"]).to_numpy()
    frame["objects"] = np.ceil(frame["national_personnel"].to_numpy() / personnel_per_object - 1e-9).astype(int)
    share = frame["period"].map(quotas).to_numpy(dtype=float)
    frame["quota_received"] = np.ceil(share * frame["objects"].to_numpy() - 1e-9).astype(int)
    active = []
    for _, group in frame.groupby("year"):
        total = int(group["quota_received"].sum())
        weights = key.reindex(group["state"]).fillna(0.0)
        weights.index = group["state"].to_numpy()
        shares = apportion(weights, total, "hamilton") if total and weights.sum() > 0 \
            else pd.Series(0, index=weights.index)
        active.append(pd.Series(shares.to_numpy(), index=group.index))
    frame["quota_active"] = pd.concat(active).reindex(frame.index).astype(int)
    return frame[["state", "year", "period", "objects", "quota_received", "quota_active"]].sort_values(
        ["state", "year"]).reset_index(drop=True)
