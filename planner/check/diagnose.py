"""Why a scenario has no plan, in planners' words, before any solve.

`shortfalls(inputs)` compares each requirement with what eligible states can
field, each unit type's total demand with what the members can sustain with
rotation, and each mission's personnel with what the multinationality cap lets
its contributors send. What is learnt by solving (a rule family to blame, the
smallest relaxations) is in planner/check/explain.py and planner/check/relaxations.py.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import Inputs, ModelData, model_data
from planner.inputs.eligibility import sustainable_units


def shortfalls(inputs: Inputs, d: ModelData | None = None) -> list[str]:
    """Requirements that cannot be met whatever the plan, in any period; empty when none is found.

    In a trajectory each year is checked at the members' baseline holdings (the
    most they can hold), so a year named here is short whatever the path.
    """
    d = d if d is not None else model_data(inputs)
    reasons: list[str] = []
    for period in d.periods:
        when = f" in {period}" if d.multi_period else ""
        e = d.triples[d.triples["period"] == period]
        if period not in d.requirements.index.get_level_values("period"):
            continue   # nothing required that year
        req = d.requirements.xs(period, level="period")["units_required"]
        reasons += _period_shortfalls(inputs, d, e, req, period, when)
        if reasons:   # the first year that fails is the one to fix; later years usually repeat it
            break
    return reasons


def _period_shortfalls(inputs: Inputs, d: ModelData, e: pd.DataFrame, req: pd.Series, period, when: str) -> list[str]:
    reasons: list[str] = []
    supply = e.groupby(["mission", "capability"])["max_units"].sum().reindex(req.index, fill_value=0)
    for (mission, capability), need in req.items():
        have = int(supply.loc[(mission, capability)])
        if have < need:
            reasons.append(f"mission {mission}{when} is short {need - have} {capability} "
                           f"(needs {need}): eligible states can field {have}; "
                           f"{why_not(inputs, mission, capability, d, period)}")
    sustainable = _sustainable(d, e)
    for capability, need in req.groupby("capability").sum().items():
        have = int(sustainable.get(capability, 0))
        if have < need and not any(f" {capability} " in r for r in reasons):
            reasons.append(f"{capability}{when}: missions need {need} deployed at once, members can sustain {have} "
                           f"with rotation factor {d.rotation[capability]:g} (on missions longer than one tour)")
    share = d.max_national_share
    for mission in req.index.get_level_values("mission").unique():
        people = d.mission_personnel[(period, mission)]
        per_state = e[e["mission"] == mission].assign(p=lambda f: f["max_units"] * f["personnel_per_unit"])
        reach = np.minimum(per_state.groupby("state")["p"].sum(), share * people).sum()
        if reach < people - 1e-9:
            reasons.append(f"mission {mission}{when}: with at most {share:.0%} of its {people} personnel from any one "
                           f"state, its eligible contributors reach only {reach:.0f}")
    return reasons


def _sustainable(d: ModelData, e: pd.DataFrame) -> pd.Series:
    """Units of each type members can keep deployed at once (held / rotation, or held where no mission
    needing it outlasts a tour), counting only members eligible for at least one mission needing it."""
    out = {}
    for capability, rows in e.groupby("capability"):
        held = d.held.reindex(pd.MultiIndex.from_arrays([rows["state"], rows["capability"]])).to_numpy()
        most = pd.Series(sustainable_units(held, rows["rotation"].to_numpy()), index=rows.index)
        by_state = most.groupby(rows["state"]).max()
        cap = rows.groupby("state")["max_units"].sum().reindex(by_state.index).to_numpy()
        out[capability] = float(np.minimum(by_state.to_numpy(), cap).sum())
    return pd.Series(out)


def why_not(inputs: Inputs, mission: str, capability: str, d: ModelData | None = None, period=None) -> str:
    """Count the reasons members are not eligible for one requirement."""
    ex = inputs.exclusions
    rows = ex[(ex["mission"] == mission) & (ex["capability"] == capability)]
    if d is not None and len(d.too_small):
        small = d.too_small.to_frame(index=False)
        small = small[(small["period"] == period) & (small["mission"] == mission)
                      & ~small["state"].isin(rows["state"])]
        rows = pd.concat([rows, small.assign(capability=capability, reason="cannot bring the minimum contingent")
                          [rows.columns]], ignore_index=True)
    if rows.empty:
        return "every member is eligible but holds too few"
    counts = rows["reason"].value_counts().sort_index()
    parts = []
    for reason, n in counts.items():
        states = rows.loc[rows["reason"] == reason, "state"]
        sample = ", ".join(states[:4]) + (", ..." if len(states) > 4 else "")
        parts.append(f"{n} {'member' if n == 1 else 'members'}: {reason} ({sample})")
    return "; ".join(parts)
