"""What to change so that a plan exists: the elastic model's relaxations, in planners' words, each
with the scenario field (`--set PATH=VALUE`) that applies it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from planner.check.diagnose import why_not
from planner.inputs import Inputs, model_data
from planner.model.elastic import build_elastic, relaxations
from planner.solvers import SolveOptions
from planner.solvers.lexicographic import solve_in_turn

ELASTIC_GAP = 1e-3
ELASTIC_TIME_S = 20.0


@dataclass(frozen=True)
class Relaxation:
    rule: str
    text: str
    overrides: dict
    where: tuple = ()
    proven: bool = True      # from an elastic plan proven least costly (not one found at the time limit)
    personnel: float = 0.0   # what the relaxation stands for, the one measure they are ranked on


def elastic_relaxations(inputs: Inputs, options: SolveOptions, log: Path) -> list[Relaxation]:
    """Solve the elastic model and say, in planners' words, what it had to relax (largest first)."""
    d = model_data(inputs, drop_small=False)     # the minimum contingent is one of the rules relaxed
    built = build_elastic(d)
    # The relaxations are reported in whole units and rounded shares: a proven 0.1 % is enough, and
    # a tighter gap asked for the plan itself (1e-7 in the property tests) made CBC search for seconds.
    # Within ELASTIC_TIME_S: a diagnosis that takes minutes is not read; an unproven set of
    # relaxations is still checked by solving the relaxed scenario, and said to be unproven.
    options = replace(options, gap=max(options.gap, ELASTIC_GAP), time_limit_s=min(options.time_limit_s,
                                                                                    ELASTIC_TIME_S))
    result, _ = solve_in_turn(built.model, built.objectives[:1], options, log)
    if not result.has_plan:
        return []
    proven = result.status == "optimal"
    delivered = _delivered(d, built, result.x)
    band = d.reference if "personnel_band_upper" in built.model.constraints else None
    out = []
    for row in relaxations(built, result.x).itertuples():
        r = _describe(inputs, d, row, delivered, band)
        out.append(Relaxation(r.rule, r.text, r.overrides, (row.rule,) + tuple(
            row.where if isinstance(row.where, tuple) else (row.where,)), proven, r.personnel or row.personnel))
    return out


def _delivered(d, built, x) -> dict:
    """Personnel the elastic plan delivers: per (period, mission), per period, and per
    (period, state, mission) and (period, state) for the members; person-months (the band's and the
    Gini bound's measure) per period and per (period, state)."""
    units = built.model.value("units", x)
    people = units * d.triples["personnel_per_unit"].to_numpy()
    frame = d.triples[["period", "state", "mission"]].assign(
        people=people.to_numpy(), burden=(units * d.triples["person_months_per_unit"].to_numpy()).to_numpy())
    return {"burden_period": frame.groupby("period")["burden"].sum(),
            "burden_state": frame.groupby(["period", "state"])["burden"].sum(),
            "mission": frame.groupby(["period", "mission"])["people"].sum(),
            "period": frame.groupby("period")["people"].sum(),
            "state_mission": frame.groupby(["period", "state", "mission"])["people"].sum(),
            "state": frame.groupby(["period", "state"])["people"].sum()}


def _describe(inputs: Inputs, d, row, delivered: dict, band) -> Relaxation:
    sc = inputs.scenario
    where = row.where if isinstance(row.where, tuple) else (row.where,)
    def when(p):
        return (f" in {p}" if d.multi_period else "")
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
        # Counted from the scenario as written (a later round of the diagnosis starts from a variant
        # that earlier rounds already cut).
        asked = _written_requirement(inputs, mission_index[mission], capability, base)
        short_of_asked = asked - new
        if have < need:
            text = (f"mission {mission}{when(period)} is short {short_of_asked} {capability} of {asked}: eligible "
                    f"states can field {have}; {why_not(inputs, mission, capability, d, period)}")
        else:
            text = (f"mission {mission}{when(period)} is short {short_of_asked} {capability} of {asked}: eligible "
                    f"states hold {have}, but the other rules, at their widest, leave room for only {new}")
        return Relaxation("requirement", text, {f"missions.{mission_index[mission]}.requirements.{capability}": new},
                          personnel=short_of_asked * float(d.personnel_per_unit[capability]))
    if row.rule == "personnel_band_upper":
        period, state = where
        member = band.loc[(period, state)]
        # The tolerance the elastic plan needs, on the person-months it delivers.
        target = member["reference_share"] * delivered["burden_period"].get(period, 0.0)
        sent = delivered["burden_state"].get((period, state), 0.0)
        tol = min(1.0, max(0.0, (sent - member["allowance"]) / target - 1.0)) if target > 0 else 1.0
        text = (f"{state}{when(period)} must send {amount:.0f} person-months above its band's top "
                f"({member['hi']:.0f}): "
                f"a tolerance of {tol:.1%} would allow it")
        return Relaxation("fairness band", text, {"fairness.tolerance": _up(tol)})
    if row.rule == "gini_bound":
        period = where[0]
        excess = amount / max(delivered["burden_period"].get(period, 0.0), 1.0)
        gini = min(1.0, sc.fairness.gini_max + excess)
        return Relaxation("gini bound", f"the Gini of personnel shares{when(period)} must rise by {excess:.3f}: "
                          f"a bound of {gini:.3f} would allow the plan",
                          {"fairness.gini_max": float(np.ceil(gini * 1000) / 1000)})
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
    if row.rule in CONTINGENT_RULES:
        return CONTINGENT_RULES[row.rule](inputs, d, where, amount, delivered, mission_index, when)
    period, state, mission = where
    people = delivered["mission"].get((period, mission), 0.0)
    share = min(1.0, delivered["state_mission"].get((period, state, mission), 0.0) / people) if people else 1.0
    return Relaxation("multinationality", f"{state} must give {amount:.0f} personnel more than "
                      f"{sc.max_national_share:.0%} of {mission}{when(period)}: a cap of {share:.1%} would allow it",
                      {"max_national_share": _up(share)})


def _written_requirement(inputs: Inputs, i: int, capability: str, default: int) -> int:
    try:
        return int(inputs.loaded.document["missions"][i]["requirements"][capability])
    except (KeyError, IndexError, TypeError, ValueError):
        return default


def _bloc(inputs, d, where, amount, delivered, mission_index, when) -> Relaxation:
    period, mission, bloc = where
    people = delivered["mission"].get((period, mission), 0.0)
    members = d.blocs[bloc]
    sent = sum(v for (p, s, m), v in delivered["state_mission"].items() if p == period and m == mission
               and s in members)
    share = min(1.0, sent / people) if people else 1.0
    caps = {b: float(v) for (p, m, b), v in d.bloc_caps["share"].items() if p == period and m == mission}
    caps[bloc] = max(caps.get(bloc, 0.0), _up(share))
    cap = d.bloc_caps.loc[(period, mission, bloc), "share"]
    return Relaxation("bloc cap", f"{bloc} members must give {amount:.0f} personnel more than {cap:.0%} of "
                      f"{mission}{when(period)}: a cap of {share:.1%} would allow it",
                      {f"missions.{mission_index[mission]}.impartiality.max_bloc_share": dict(sorted(caps.items()))})


def _minimum(inputs, d, where, amount, delivered, mission_index, when) -> Relaxation:
    period, state, mission = where
    sent = delivered["state_mission"].get((period, state, mission), 0.0)
    minimum = d.missions.loc[(period, mission), "minimum"]
    return Relaxation("minimum contingent", f"{state} can bring only {sent:.0f} personnel to {mission}{when(period)}, "
                      f"below the minimum contingent of {minimum:.0f}: a minimum of {int(sent)} would allow it",
                      {f"missions.{mission_index[mission]}.contingents.min_personnel": int(np.floor(sent + 1e-6))})


def _lead(inputs, d, where, amount, delivered, mission_index, when) -> Relaxation:
    period, state, mission = where
    people = delivered["mission"].get((period, mission), 0.0)
    sent = delivered["state_mission"].get((period, state, mission), 0.0)
    share = d.missions.loc[(period, mission), "lead_share"]
    new = max(np.floor(sent / people * 1000) / 1000, 0.001) if people else 0.001
    return Relaxation("lead nation", f"no member can lead {mission}{when(period)} with {share:.0%} of its personnel: "
                      f"the best lead, {state}, carries {sent:.0f} of {people:.0f} ({amount:.0f} short); a lead share "
                      f"of {new:.1%} would allow it",
                      {f"missions.{mission_index[mission]}.contingents.lead_nation.min_share": float(new)})


def _contributors(inputs, d, where, amount, delivered, mission_index, when) -> Relaxation:
    period, mission = where
    limit = int(d.missions.loc[(period, mission), "max_contributors"])
    new = limit + int(np.ceil(amount - 1e-6))
    return Relaxation("max contributors", f"{mission}{when(period)} needs {new} contributors, more than the {limit} "
                      "allowed", {f"missions.{mission_index[mission]}.contingents.max_contributors": new})


CONTINGENT_RULES = {"bloc_cap": _bloc, "contribution_minimum": _minimum, "lead_share": _lead,
                    "max_contributors": _contributors}


def _up(share: float) -> float:
    """A share rounded up to 0.1 %, never above 1."""
    return float(min(1.0, np.ceil(share * 1000 - 1e-9) / 1000))


def merge_overrides(relaxations: list[Relaxation]) -> dict:
    """One set of overrides; for the same field the most relaxing value wins: the largest tolerance,
    cap, share or count, the smallest requirement or minimum contingent (a table of bloc caps, key by
    key)."""
    merged: dict = {}
    for r in relaxations:
        for path, value in r.overrides.items():
            if path not in merged:
                merged[path] = value
            elif isinstance(value, dict):
                merged[path] = {k: max(merged[path].get(k, v), v) for k, v in {**merged[path], **value}.items()}
            elif ".requirements." in path or path.endswith(".min_personnel"):
                merged[path] = min(merged[path], value)
            else:
                merged[path] = max(merged[path], value)
    return merged
