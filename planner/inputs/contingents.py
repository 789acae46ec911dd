"""Contingent structure per period: how much each member could bring to each mission, the minimum
contingent, the most contributors, the lead nation; and the personnel caps on blocs.

For a member s and mission m in period p (P the mission's required personnel, sigma the
national share cap):

    most[p,s,m] = min(sum_c personnel[c] * max_units[p,s,c,m], sigma * P)   the tightest big-M
    minimum[p,m] = min(min_personnel[m], sigma * P)                          a contribution or none
    can_lead[p,s,m] = most[p,s,m] >= lead_share[m] * P                        (when a lead rule applies)

A member whose `most` falls short of the minimum cannot contribute to that mission at all: its
rows are dropped from the model's triples before anything else is derived from them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs.eligibility import WHOLE_TOL


def mission_rules(rules: pd.DataFrame, mission_personnel: pd.Series, share: float) -> pd.DataFrame:
    """(period, mission) -> personnel, minimum, max_contributors (NaN: none), lead_share (NaN: no
    rule), lead (agreed lead nation or ""), priority."""
    table = rules.reindex(mission_personnel.index.get_level_values("mission")).set_axis(mission_personnel.index)
    table.insert(0, "personnel", mission_personnel.to_numpy(dtype=float))
    table["minimum"] = np.minimum(table["min_personnel"].astype(float), share * table["personnel"])
    table["max_contributors"] = pd.to_numeric(table["max_contributors"], errors="coerce")
    return table.drop(columns="min_personnel")


def contribution_pairs(triples: pd.DataFrame, missions: pd.DataFrame, share: float) -> pd.DataFrame:
    """(period, state, mission) -> most (personnel), can_lead (bool)."""
    total = triples.groupby(["period", "state", "mission"])["personnel_ub"].sum()
    index = total.index
    rules = missions.reindex(index.droplevel("state"))
    people = rules["personnel"].to_numpy()
    most = np.minimum(total.to_numpy(dtype=float), share * people)
    lead_share = rules["lead_share"].to_numpy(dtype=float)
    can_lead = np.where(np.isnan(lead_share), False, most >= lead_share * people - WHOLE_TOL)
    fixed = rules["lead"].to_numpy()
    can_lead = np.where(fixed != "", index.get_level_values("state").to_numpy() == fixed, can_lead)
    return pd.DataFrame({"most": most, "can_lead": can_lead}, index=index)


def below_minimum(triples: pd.DataFrame, missions: pd.DataFrame, share: float) -> tuple[pd.DataFrame, pd.Index]:
    """The triples without those of members that cannot bring a mission's minimum contingent, and
    the (period, state, mission) pairs dropped."""
    if triples.empty:
        return triples, pd.MultiIndex.from_arrays([[], [], []], names=["period", "state", "mission"])
    pairs = contribution_pairs(triples, missions, share)
    minimum = missions["minimum"].reindex(pairs.index.droplevel("state")).to_numpy()
    short = pairs.index[pairs["most"].to_numpy() < minimum - WHOLE_TOL]
    keys = pd.MultiIndex.from_frame(triples[["period", "state", "mission"]])
    return triples[~keys.isin(short)].reset_index(drop=True), short


def bloc_limits(bloc_caps: pd.DataFrame, mission_personnel: pd.Series, states: pd.DataFrame,
                members: pd.Index) -> tuple[pd.DataFrame, dict[str, frozenset]]:
    """((period, mission, bloc) -> share, cap personnel; bloc -> its members among the scenario's)."""
    if bloc_caps.empty:
        index = pd.MultiIndex.from_arrays([[], [], []], names=["period", "mission", "bloc"])
        return pd.DataFrame({"share": pd.Series(dtype=float), "cap": pd.Series(dtype=float)}, index=index), {}
    rows = []
    for (period, mission), people in mission_personnel.items():
        mine = bloc_caps.loc[bloc_caps["mission"] == mission, ["bloc", "share"]]
        rows += [(period, mission, bloc, cap_share, cap_share * people)
                 for bloc, cap_share in mine.itertuples(index=False)]
    table = pd.DataFrame(rows, columns=["period", "mission", "bloc", "share", "cap"]).set_index(
        ["period", "mission", "bloc"]).sort_index()
    blocs = {bloc: frozenset(members[states.loc[members, bloc].to_numpy() == 1])
             for bloc in sorted(set(bloc_caps["bloc"]))}
    return table, blocs
