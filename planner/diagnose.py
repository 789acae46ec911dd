"""Why a scenario has no plan, in planners' words.

`shortfalls(inputs)` runs before any solve: it compares each requirement with
what eligible states can field, each unit type's total demand with what the
members can sustain with rotation, and each mission's personnel with what the
multinationality cap lets its contributors send. `explain_infeasible` adds
what is learnt by re-solving with rules relaxed when those checks pass.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dataclasses import dataclass

from planner.inputs import Inputs
from planner.model.data import model_data


def shortfalls(inputs: Inputs) -> list[str]:
    """Requirements that cannot be met whatever the plan, in any period; empty when none is found.

    In a trajectory each year is checked at the members' baseline holdings (the
    most they can hold), so a year named here is short whatever the path.
    """
    d = model_data(inputs)
    reasons: list[str] = []
    for period in d.periods:
        when = f" in {period}" if d.multi_period else ""
        e = d.triples[d.triples["period"] == period]
        if period not in d.requirements.index.get_level_values("period"):
            continue   # nothing required that year
        req = d.requirements.xs(period, level="period")["units_required"]
        reasons += _period_shortfalls(inputs, e, req, d.mission_personnel, period, when)
        if reasons:   # the first year that fails is the one to fix; later years usually repeat it
            break
    return reasons


def _period_shortfalls(inputs: Inputs, e: pd.DataFrame, req: pd.Series, mission_personnel: pd.Series,
                       period, when: str) -> list[str]:
    reasons: list[str] = []
    supply = e.groupby(["mission", "capability"])["max_units"].sum().reindex(req.index, fill_value=0)
    for (mission, capability), need in req.items():
        have = int(supply.loc[(mission, capability)])
        if have < need:
            reasons.append(f"mission {mission}{when} is short {need - have} {capability} "
                           f"(needs {need}): eligible states can field {have}; {_why_not(inputs, mission, capability)}")
    sustainable = _sustainable(inputs, e)
    for capability, need in req.groupby("capability").sum().items():
        have = int(sustainable.get(capability, 0))
        if have < need and not any(f" {capability} " in r for r in reasons):
            reasons.append(f"{capability}{when}: missions need {need} deployed at once, members can sustain {have} "
                           f"with rotation factor {inputs.capabilities.loc[capability, 'rotation_factor']:g}")
    share = inputs.scenario.max_national_share
    for mission in req.index.get_level_values("mission").unique():
        people = mission_personnel[(period, mission)]
        per_state = e[e["mission"] == mission].assign(p=lambda f: f["max_units"] * f["personnel_per_unit"])
        reach = np.minimum(per_state.groupby("state")["p"].sum(), share * people).sum()
        if reach < people - 1e-9:
            reasons.append(f"mission {mission}{when}: with at most {share:.0%} of its {people} personnel from any one "
                           f"state, its eligible contributors reach only {reach:.0f}")
    return reasons


def _sustainable(inputs: Inputs, e: pd.DataFrame) -> pd.Series:
    """Units of each type members can keep deployed at once (held / rotation), counting only members
    eligible for at least one mission needing it."""
    rotation = inputs.capabilities["rotation_factor"]
    out = {}
    for capability, rows in e.groupby("capability"):
        states = rows["state"].unique()
        held = inputs.holdings.loc[states, capability].to_numpy()
        by_state = np.floor(held / rotation[capability] + 1e-9)
        cap = rows.groupby("state")["max_units"].sum().reindex(states).to_numpy()
        out[capability] = float(np.minimum(by_state, cap).sum())
    return pd.Series(out)


def _why_not(inputs: Inputs, mission: str, capability: str) -> str:
    """Count the reasons members are not eligible for one requirement."""
    ex = inputs.exclusions
    rows = ex[(ex["mission"] == mission) & (ex["capability"] == capability)]
    if rows.empty:
        return "every member is eligible but holds too few"
    counts = rows["reason"].value_counts().sort_index()
    parts = []
    for reason, n in counts.items():
        states = rows.loc[rows["reason"] == reason, "state"]
        sample = ", ".join(states[:4]) + (", ..." if len(states) > 4 else "")
        parts.append(f"{n} {'member' if n == 1 else 'members'} {reason} ({sample})")
    return "; ".join(parts)


# --- relaxations: what to change so that a plan exists --------------------------------------------

@dataclass(frozen=True)
class Relaxation:
    rule: str
    text: str
    overrides: dict
    where: tuple = ()


def elastic_relaxations(inputs: Inputs, options, log) -> list[Relaxation]:
    """Solve the elastic model and say, in planners' words, what it had to relax (largest first)."""
    from planner.model.elastic import build_elastic, relaxations
    from planner.solve.lexicographic import solve_in_turn

    d = model_data(inputs)
    built = build_elastic(d)
    result, _ = solve_in_turn(built.model, built.objectives[:1], options, log)
    if not result.has_plan:
        return []
    delivered = _delivered(d, built, result.x)
    from planner.model.fairness import personnel_band

    band = personnel_band(d) if "personnel_band_upper" in built.model.constraints else None
    out = []
    for row in relaxations(built, result.x).itertuples():
        r = _describe(inputs, d, row, delivered, band)
        out.append(Relaxation(r.rule, r.text, r.overrides, (row.rule,) + tuple(
            row.where if isinstance(row.where, tuple) else (row.where,))))
    return out


def _delivered(d, built, x) -> dict:
    """Personnel the elastic plan delivers: per (period, mission), per period, and per
    (period, state, mission) and (period, state) for the members."""
    units = built.model.value("units", x)
    people = units * d.triples["personnel_per_unit"].to_numpy()
    frame = d.triples[["period", "state", "mission"]].assign(people=people.to_numpy())
    return {"mission": frame.groupby(["period", "mission"])["people"].sum(),
            "period": frame.groupby("period")["people"].sum(),
            "state_mission": frame.groupby(["period", "state", "mission"])["people"].sum(),
            "state": frame.groupby(["period", "state"])["people"].sum()}


def _describe(inputs: Inputs, d, row, delivered: dict, band) -> Relaxation:
    sc = inputs.scenario
    where = row.where if isinstance(row.where, tuple) else (row.where,)
    when = (lambda p: f" in {p}" if d.multi_period else "")
    mission_index = {m.id: i for i, m in enumerate(sc.missions)}
    amount = row.amount
    if row.rule == "requirement":
        period, mission, capability = where
        need = int(d.requirements.loc[(period, mission, capability), "units_required"])
        short = int(np.ceil(amount - 1e-6))
        have = int(d.triples[(d.triples["period"] == period) & (d.triples["mission"] == mission)
                             & (d.triples["capability"] == capability)]["max_units"].sum())
        base = sc.missions[mission_index[mission]].requirements[capability]
        scale = need / base if base else 1.0
        new = max(0, base - int(np.ceil(short / scale)))
        if have < need:
            text = (f"mission {mission}{when(period)} is short {short} {capability}: eligible states can field "
                    f"{have}, the plan needs {need}; {_why_not(inputs, mission, capability)}")
        else:
            text = (f"mission {mission}{when(period)} is short {short} {capability} of {need}: eligible states hold "
                    f"{have}, but the other rules, at their widest, leave room for only {need - short}")
        return Relaxation("requirement", text, {f"missions.{mission_index[mission]}.requirements.{capability}": new})
    if row.rule == "personnel_band_upper":
        period, state = where
        member = band.loc[(period, state)]
        # The tolerance the elastic plan needs, on the personnel it delivers.
        target = member["reference_share"] * delivered["period"].get(period, 0.0)
        sent = delivered["state"].get((period, state), 0.0)
        tol = min(1.0, max(0.0, (sent - member["allowance"]) / target - 1.0)) if target > 0 else 1.0
        text = (f"{state}{when(period)} must send {amount:.0f} personnel above its band's top ({member['hi']:.0f}): "
                f"a tolerance of {tol:.1%} would allow it")
        return Relaxation("fairness band", text, {"fairness.tolerance": float(np.ceil(tol * 1000) / 1000)})
    if row.rule.startswith("gini_bound_"):
        period = where[0]
        excess = amount / max(delivered["period"].get(period, 0.0), 1.0)
        gini = min(1.0, sc.fairness.gini_max + excess)
        return Relaxation("gini bound", f"the Gini of personnel shares{when(period)} must rise by {excess:.3f}: "
                          f"a bound of {gini:.3f} would allow the plan", {"fairness.gini_max": float(np.ceil(gini * 1000) / 1000)})
    if row.rule == "caveat_unit_cap":
        period, state, capability = where
        cap = inputs.max_units[(state, capability)]
        new = int(cap + np.ceil(amount - 1e-6))
        pooled = (state, capability) in inputs.pools.index and inputs.pools[(state, capability)] == cap
        source = "pool share" if pooled else "caveat"
        return Relaxation("caveat", f"lift {state}'s {source} on {capability}{when(period)} from {cap:g} to {new}",
                          {} if pooled else {f"caveats.{state}.max_units.{capability}": new})
    if row.rule == "caveat_personnel_cap":
        period, state = where
        cap = inputs.max_personnel[state]
        new = int(cap + np.ceil(amount - 1e-6))
        return Relaxation("caveat", f"lift {state}'s personnel cap{when(period)} from {cap:g} to {new}",
                          {f"caveats.{state}.max_personnel": new})
    period, state, mission = where
    people = delivered["mission"].get((period, mission), 0.0)
    share = min(1.0, delivered["state_mission"].get((period, state, mission), 0.0) / people) if people else 1.0
    return Relaxation("multinationality", f"{state} must give {amount:.0f} personnel more than "
                      f"{sc.max_national_share:.0%} of {mission}{when(period)}: a cap of {share:.1%} would allow it",
                      {"max_national_share": float(np.ceil(share * 1000) / 1000)})


def merge_overrides(relaxations: list[Relaxation]) -> dict:
    """One set of overrides; for the same field the most relaxing value (largest tolerance or cap,
    smallest requirement) wins."""
    merged: dict = {}
    for r in relaxations:
        for path, value in r.overrides.items():
            if path not in merged:
                merged[path] = value
            elif ".requirements." in path:
                merged[path] = min(merged[path], value)
            else:
                merged[path] = max(merged[path], value)
    return merged
