"""Rules on who sends what where: the rows' own arithmetic, caveats, requirements met exactly (or
short, in a partial plan), holdings with rotation, and the multinationality cap."""
from __future__ import annotations

import pandas as pd

from planner.check.verify.facts import Facts, held_needed
from planner.check.verify.violation import TOL, USD_TOL, Violation, when
from planner.inputs import Inputs


def check_rows(facts: Facts, alloc: pd.DataFrame) -> list[Violation]:
    """Each row's personnel is units x the unit's personnel; its cost is units x what one unit costs
    that member in that mission."""
    found = []
    people = alloc["units"] * facts.personnel.reindex(alloc["capability"]).to_numpy()
    for row in alloc[(alloc["personnel"] - people).abs() > TOL].itertuples():
        found.append(Violation("personnel", f"{row.state} {row.capability} in {row.mission}{when(row.year)}: "
                                            f"{row.personnel:g} personnel written for {row.units:g} units "
                                            f"(= {row.units * facts.personnel[row.capability]:g})"))
    unit_cost = facts.unit_cost_usd["unit_cost_usd"].reindex(
        pd.MultiIndex.from_frame(alloc[["state", "mission", "capability"]])).to_numpy()
    cost = alloc["units"].to_numpy() * unit_cost
    wrong = (alloc["cost_usd"] - cost).abs() > USD_TOL + 1e-9 * abs(cost)
    for row, expected in zip(alloc[wrong].itertuples(), cost[wrong.to_numpy()]):
        found.append(Violation("cost", f"{row.state} {row.capability} in {row.mission}{when(row.year)}: "
                                       f"USD {row.cost_usd:,.2f} written, USD {expected:,.2f} computed"))
    return found


def check_caveats(inputs: Inputs, alloc: pd.DataFrame) -> list[Violation]:
    found = []
    sc = inputs.scenario
    kinds = {m.id: m.kind for m in sc.missions}
    people = alloc.assign(p=alloc["personnel"])
    for row in alloc.itertuples():
        caveat = sc.caveats.get(row.state)
        if caveat is None:
            continue
        if kinds[row.mission] in caveat.kinds:
            found.append(Violation("caveat", f"{row.state} joins {row.mission} ({kinds[row.mission]})"
                                             f"{when(row.year)}, a kind of mission it refuses"))
        if caveat.no_combat and bool(inputs.capabilities.loc[row.capability, "combat"]):
            found.append(Violation("caveat", f"{row.state} sends combat unit {row.capability}{when(row.year)}"))
    for (year, state), group in people.groupby(["year", "state"]):
        caveat = sc.caveats.get(state)
        if caveat and caveat.max_personnel is not None and group["p"].sum() > caveat.max_personnel:
            found.append(Violation("caveat", f"{state}{when(year)}: {group['p'].sum():g} personnel > "
                                             f"cap {caveat.max_personnel}"))
        for capability, units in group.groupby("capability")["units"].sum().items():
            caps = [c for c in (caveat.max_units.get(capability) if caveat else None,
                                inputs.pools.get((state, capability))) if c is not None]
            if caps and units > min(caps):
                found.append(Violation("caveat", f"{state}{when(year)}: {units:g} {capability} > cap {min(caps):g}"))
    return found


def check_requirements(facts: Facts, alloc: pd.DataFrame, partial: bool) -> list[Violation]:
    """Every requirement filled exactly: a unit short leaves a mission without it, a unit too many
    costs money and helps no one. A partial plan may leave units short (shortfall.csv lists them)."""
    found = []
    filled = alloc.groupby(["year", "mission", "capability"])["units"].sum()
    need = facts.required.set_index(["year", "mission", "capability"])["units"]
    for key, units in need.items():
        got = filled.get(key, 0)
        if got > units or (got < units and not partial):
            year, mission, capability = key
            found.append(Violation("requirement",
                                   f"{mission}{when(year)}: {capability} filled {got:g}, required {units}"))
    for key in sorted(set(filled.index) - set(need.index)):
        year, mission, capability = key
        found.append(Violation("requirement",
                               f"{mission}{when(year)}: {filled[key]:g} {capability} sent, none required"))
    return found


def check_capacity(inputs: Inputs, facts: Facts, alloc: pd.DataFrame) -> list[Violation]:
    """In every month of the year: the units of a type deployed on the missions running that month,
    each times the units held it needs (the rotation factor on a mission longer than one tour,
    else 1), <= units held. (In a trajectory a member cuts around its pledges: the forces check
    is in planner/check/verify/trajectory.py.)"""
    found = []
    for row in held_needed(inputs, facts, alloc).itertuples(index=False):
        held = float(inputs.holdings.loc[row.state, row.capability])
        if row.need > held * (1 + TOL) + TOL:
            found.append(Violation("capacity with rotation", f"{row.state}{when(row.year)}, month {row.month}: "
                                   f"{row.units:g} {row.capability} deployed need {row.need:g} held "
                                   f"with rotation > {held:.2f} held"))
    return found


def check_multinationality(inputs: Inputs, delivered: pd.Series, alloc: pd.DataFrame) -> list[Violation]:
    """No member above the national share of the personnel a mission receives."""
    found = []
    share = inputs.scenario.max_national_share
    for (year, state, mission), p in alloc.groupby(["year", "state", "mission"])["personnel"].sum().items():
        people = delivered.get((year, mission), 0)
        if p > share * people + TOL:
            found.append(Violation("multinationality", f"{state} gives {p:g} of {people:g} "
                                   f"personnel in {mission}{when(year)} (limit {share:.0%} = {share * people:.0f})"))
    return found
