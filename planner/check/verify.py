"""An independent check of a written plan: every hard rule, re-computed with this module's own arithmetic.

It reads the scenario (through the validated inputs) and the result files, and
never imports the model: requirements per year (its own phase-in arithmetic),
opt-outs and exclusions, caveats, holdings with rotation (shrinking with
forces in a trajectory), multinationality, the fairness band, the common
fund, and the trajectory's pace, floors, pairs, target and equipment rules.
`planner verify` prints each violation with its numbers; `planner solve`
runs it on every plan before calling it solved.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planner.inputs import Inputs
from planner.results.folder import read_result_csv

# Slack for float noise; a rule is broken by more than this (relative to the quantity).
TOL = 1e-6
USD_TOL = 0.05


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


def verify(inputs: Inputs, out: Path) -> list[Violation]:
    """Every broken rule of the plan in `out` (empty: the plan is valid)."""
    alloc = read_result_csv(out / "allocation.csv")
    states = read_result_csv(out / "states.csv")
    found: list[Violation] = []
    if "year" not in alloc:
        alloc = alloc.assign(year=0)
        states = states.assign(year=0)
    years = _years(inputs)
    required = _requirements(inputs, years)
    found += _check_units(inputs, alloc)
    found += _check_requirements(alloc, required)
    forces = _forces(inputs, out) if inputs.trajectory is not None else None
    found += _check_capacity(inputs, alloc, forces)
    found += _check_caveats(inputs, alloc)
    found += _check_multinationality(inputs, alloc, required)
    for year, group in states.groupby("year"):
        found += _check_fairness(inputs, alloc[alloc["year"] == year], group, year)
    if inputs.trajectory is not None:
        found += _check_trajectory(inputs, forces, out)
    return found


def _years(inputs: Inputs) -> list:
    tr = inputs.scenario.trajectory
    return [0] if tr is None else list(range(tr.start_year, tr.start_year + tr.years))


def _requirements(inputs: Inputs, years: list) -> pd.DataFrame:
    """(year, mission, capability) -> units, with the trajectory's phase-in computed here again."""
    tr = inputs.scenario.trajectory
    rows = []
    for year in years:
        share = 1.0
        if tr is not None and tr.phase_in:
            known = sorted(tr.phase_in)
            share = float(np.interp(year, known, [tr.phase_in[k] for k in known]))
        for mission in inputs.scenario.missions:
            started = tr is None or year >= tr.mission_start.get(mission.id, year)
            for capability, units in mission.requirements.items():
                n = int(np.floor(units * share + 0.5)) if started else 0
                if n > 0:
                    rows.append((year, mission.id, capability, n))
    frame = pd.DataFrame(rows, columns=["year", "mission", "capability", "units"])
    frame["personnel"] = frame["units"] * inputs.capabilities.loc[frame["capability"], "personnel"].to_numpy()
    return frame


def _check_units(inputs: Inputs, alloc: pd.DataFrame) -> list[Violation]:
    found = []
    if len(alloc) and ((alloc["units"] <= 0).any() or not np.allclose(alloc["units"], alloc["units"].round())):
        found.append(Violation("whole units", "allocation has non-positive or fractional units"))
    outsiders = sorted(set(alloc["state"]) - set(inputs.members))
    if outsiders:
        found.append(Violation("membership", f"non-members or opted-out states deploy: {', '.join(outsiders)}"))
    excluded = {(s, m.id) for m in inputs.scenario.missions for s in m.exclude}
    for row in alloc.itertuples():
        if (row.state, row.mission) in excluded:
            found.append(Violation("exclusion", f"{row.state} deploys {row.units} {row.capability} to {row.mission}"
                                                f"{_when(row.year)}, from which it is excluded"))
    return found


def _check_requirements(alloc: pd.DataFrame, required: pd.DataFrame) -> list[Violation]:
    found = []
    filled = alloc.groupby(["year", "mission", "capability"])["units"].sum()
    need = required.set_index(["year", "mission", "capability"])["units"]
    for key, units in need.items():
        got = int(filled.get(key, 0))
        if got != units:
            year, mission, capability = key
            found.append(Violation("requirement",
                                   f"{mission}{_when(year)}: {capability} filled {got}, required {units}"))
    for key in sorted(set(filled.index) - set(need.index)):
        year, mission, capability = key
        found.append(Violation("requirement",
                               f"{mission}{_when(year)}: {filled[key]} {capability} sent, none required"))
    return found


def _check_capacity(inputs: Inputs, alloc: pd.DataFrame, forces: pd.Series | None) -> list[Violation]:
    found = []
    caps = inputs.capabilities
    for (year, state, capability), units in alloc.groupby(["year", "state", "capability"])["units"].sum().items():
        held = float(inputs.holdings.loc[state, capability])
        if forces is not None:
            baseline = inputs.trajectory.forces.loc[state, "baseline"]
            held *= forces.get((year, state), baseline) / baseline
        rotation = caps.loc[capability, "rotation_factor"]
        if units * rotation > held * (1 + TOL) + TOL:
            found.append(Violation("capacity with rotation", f"{state}{_when(year)}: {units} {capability} deployed "
                                   f"x rotation {rotation:g} = {units * rotation:g} > {held:.2f} held"))
    return found


def _check_caveats(inputs: Inputs, alloc: pd.DataFrame) -> list[Violation]:
    found = []
    sc = inputs.scenario
    caps = inputs.capabilities
    kinds = {m.id: m.kind for m in sc.missions}
    personnel = alloc["units"] * caps.loc[alloc["capability"], "personnel"].to_numpy()
    alloc = alloc.assign(people=personnel)
    for row in alloc.itertuples():
        caveat = sc.caveats.get(row.state)
        if caveat is None:
            continue
        if kinds[row.mission] in caveat.kinds:
            found.append(Violation("caveat",
                                   f"{row.state} joins {row.mission} ({kinds[row.mission]}){_when(row.year)}"))
        if caveat.no_combat and caps.loc[row.capability, "combat"]:
            found.append(Violation("caveat", f"{row.state} sends combat unit {row.capability}{_when(row.year)}"))
    for (year, state), group in alloc.groupby(["year", "state"]):
        caveat = sc.caveats.get(state)
        if caveat and caveat.max_personnel is not None and group["people"].sum() > caveat.max_personnel:
            found.append(Violation("caveat", f"{state}{_when(year)}: {group['people'].sum()} personnel > "
                                             f"cap {caveat.max_personnel}"))
        for capability, units in group.groupby("capability")["units"].sum().items():
            cap = min([c for c in (caveat.max_units.get(capability) if caveat else None,
                                   inputs.pools.get((state, capability))) if c is not None], default=None)
            if cap is not None and units > cap:
                found.append(Violation("caveat", f"{state}{_when(year)}: {units} {capability} > cap {cap:g}"))
    return found


def _check_multinationality(inputs: Inputs, alloc: pd.DataFrame, required: pd.DataFrame) -> list[Violation]:
    found = []
    share = inputs.scenario.max_national_share
    people = required.groupby(["year", "mission"])["personnel"].sum()
    personnel = alloc["units"] * inputs.capabilities.loc[alloc["capability"], "personnel"].to_numpy()
    for (year, state, mission), p in alloc.assign(p=personnel).groupby(["year", "state", "mission"])["p"].sum().items():
        limit = share * people.get((year, mission), 0)
        if p > limit + TOL:
            found.append(Violation("multinationality", f"{state} gives {p} of {people.get((year, mission), 0)} "
                                   f"personnel in {mission}{_when(year)} (limit {share:.0%} = {limit:.0f})"))
    return found


def _check_fairness(inputs: Inputs, alloc: pd.DataFrame, states: pd.DataFrame, year) -> list[Violation]:
    found = []
    fair = inputs.scenario.fairness
    states = states.set_index("state")
    if abs(states["key_share"].sum() - 1) > 1e-6:
        found.append(Violation("key", f"key shares sum to {states['key_share'].sum():.8f}{_when(year)}"))
    if fair.mode == "band" and "personnel" in fair.apply_to:
        total = alloc["units"].mul(inputs.capabilities.loc[alloc["capability"], "personnel"].to_numpy()).sum()
        forces = states[states["burden"] != "money only"]
        ref = forces["key_share"] / forces["key_share"].sum()
        slack = inputs.capabilities["personnel"].max()
        for state, share in ref.items():
            people = states.loc[state, "personnel"]
            if people > (1 + fair.tolerance) * share * total + slack + TOL:
                found.append(Violation("fairness band", f"{state}{_when(year)}: {people} personnel above "
                                       f"{(1 + fair.tolerance) * share * total:.0f} + one unit"))
            if people < (1 - fair.tolerance) * share * total - slack - TOL \
                    and states.loc[state, "burden"] != "capacity-limited":
                found.append(Violation("fairness band", f"{state}{_when(year)}: {people} personnel below "
                                       f"{(1 - fair.tolerance) * share * total:.0f} - one unit"))
    money = {"band": fair.tolerance, "minimax": 0.0, "leximin": 0.0, "gini": fair.gini_max}.get(fair.mode)
    if money is not None and "net_cost" in fair.apply_to:
        cost = states["cost_usd"].sum()
        imbalance = states["fund_payment_usd"].sum() - states["reimbursement_usd"].sum()
        if abs(imbalance) > USD_TOL * len(states):
            found.append(Violation("fund balance",
                                   f"payments and reimbursements differ by USD {imbalance:,.2f}{_when(year)}"))
        over = states[states["reimbursement_usd"] > states["cost_usd"] + USD_TOL]
        for state in over.index:
            found.append(Violation("fund", f"{state}{_when(year)} reimbursed more than it spent"))
        net = states["cost_usd"] - states["reimbursement_usd"] + states["fund_payment_usd"]
        if cost > 0:
            # In USD: the files round money to cents and shares to 8 decimals.
            slack = USD_TOL + 2e-8 * cost
            lo = (1 - money) * states["key_share"] * cost - slack
            hi = (1 + money) * states["key_share"] * cost + slack
            for state in states.index[(net < lo) | (net > hi)]:
                found.append(Violation("net cost band", f"{state}{_when(year)}: net cost USD {net[state]:,.2f} "
                                       f"outside {lo[state] + slack:,.2f}-{hi[state] - slack:,.2f}"))
    return found


def _forces(inputs: Inputs, out: Path) -> pd.Series:
    table = read_result_csv(out / "trajectory.csv")
    return table.set_index(["year", "state"])["national_personnel"]


def _check_trajectory(inputs: Inputs, forces: pd.Series, out: Path) -> list[Violation]:
    found = []
    tr = inputs.scenario.trajectory
    baseline = inputs.states.loc[inputs.members, "armed_forces"].astype(float)
    years = _years(inputs)
    for state in inputs.members:
        if baseline[state] <= 0:
            continue
        floor = min(tr.floors.get(state, baseline[state] * tr.floor_share), baseline[state])
        cap = baseline[state] * tr.max_annual_reduction
        previous = baseline[state]
        for year in years:
            n = forces.get((year, state), np.nan)
            if n < floor * (1 - TOL) - TOL:
                found.append(Violation("floor", f"{state} {year}: {n:,.0f} below its floor {floor:,.0f}"))
            if previous - n > cap * (1 + TOL) + TOL:
                found.append(Violation("annual cut cap", f"{state} {year}: cut {previous - n:,.0f} > {cap:,.0f}"))
            if n > previous * (1 + TOL) + TOL:
                found.append(Violation("no regrowth", f"{state} {year}: forces grow from {previous:,.0f} to {n:,.0f}"))
            previous = n
    for pair in tr.balanced_pairs:
        a, b = pair.states
        r0 = baseline[a] / baseline[b]
        for year in years:
            r = forces[(year, a)] / forces[(year, b)]
            if not (1 - pair.tolerance) * r0 * (1 - TOL) <= r <= (1 + pair.tolerance) * r0 * (1 + TOL):
                found.append(Violation("balanced pair", f"{a}/{b} {year}: ratio {r:.4f} outside "
                                       f"{(1 - pair.tolerance) * r0:.4f}-{(1 + pair.tolerance) * r0:.4f}"))
    summary = json.loads((out / "summary.json").read_text()).get("trajectory") or {}
    final = sum(forces[(years[-1], s)] for s in inputs.members if (years[-1], s) in forces.index)
    if tr.regional_reduction is not None:
        target = baseline.sum() * (1 - tr.regional_reduction)
        missed = summary.get("target_shortfall_personnel", {}).get("regional", 0.0)
        if final > target + missed + TOL * target:
            found.append(Violation("target", f"final forces {final:,.0f} > target {target:,.0f} + reported shortfall "
                                             f"{missed:,.0f}"))
    if tr.equipment is not None:
        found += _check_equipment(inputs, out)
    return found


def _check_equipment(inputs: Inputs, out: Path) -> list[Violation]:
    found = []
    tr = inputs.scenario.trajectory
    table = read_result_csv(out / "trajectory.csv")
    baseline = inputs.trajectory.equipment.set_index(["state", "category"])["count"]
    years = _years(inputs)
    for category in baseline.index.get_level_values("category").unique():
        if category not in table:
            found.append(Violation("equipment", f"no holdings of {category} reported"))
            continue
        held = table.set_index(["year", "state"])[category]
        for i, year in enumerate(years):
            progress = (i + 1) / len(years)
            total = sum(held.get((year, s), 0) for s in baseline.xs(category, level="category").index)
            for state, base in baseline.xs(category, level="category").items():
                h = held.get((year, state), np.nan)
                ceiling = base * (1 - tr.equipment.reduction * progress)
                if h > ceiling + TOL:
                    found.append(Violation("ceiling", f"{state} {year}: {h:g} {category} > ceiling {ceiling:.1f}"))
                if h > tr.equipment.sufficiency_share * total + TOL:
                    found.append(Violation("sufficiency", f"{state} {year}: {h:g} of {total:g} {category} > "
                                                          f"{tr.equipment.sufficiency_share:.0%}"))
                before = base if i == 0 else held.get((years[i - 1], state), base)
                if h > before + TOL:
                    found.append(Violation("no rebuilding", f"{state} {year}: {category} grows {before:g} -> {h:g}"))
    return found


def _when(year) -> str:
    return "" if year == 0 else f" in {year}"
