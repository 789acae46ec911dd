"""What the scenario demands, worked out here again with the verifier's own arithmetic: the
requirements of each year (its own phase-in), who may serve where (its own eligibility), each
member's smallest unit, and what one unit costs a member in a mission (its own distances).

Only the scenario and its tables are read (members, key, holdings, unit types, missions, origins,
pools); nothing the model derived from them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.check.verify.rules import MissionRules, minimum_of, rules_of
from planner.inputs import Inputs

# One unit fits under a cap when its personnel exceeds the cap by no more than this.
FIT_TOL = 1e-9


@dataclass(frozen=True)
class Facts:
    years: list
    required: pd.DataFrame      # year, mission, capability, units, personnel
    personnel: pd.Series        # capability -> personnel per unit
    may_serve: pd.DataFrame     # year, state, mission, capability rows a member may fill
    unit_cost_usd: pd.DataFrame  # state, mission, capability -> USD for one unit over the mission's months
    rules: dict[str, MissionRules]  # mission -> its politics and contingent rules
    calendar: pd.DataFrame      # mission -> months, start, end, tours, rotates


def calendar_of(inputs: Inputs) -> pd.DataFrame:
    """Each mission's months in the plan's year (its own, else its kind's default), first and last
    month, tours of `tour_months` and whether it rotates (more than one tour)."""
    a = inputs.scenario.assumptions
    rows = []
    for m in inputs.scenario.missions:
        months = m.duration_months or a.duration_months[m.kind]
        tours = int(np.ceil(months / a.tour_months))
        rows.append((m.id, months, m.start_month, m.start_month + months - 1, tours, tours > 1))
    return pd.DataFrame(rows, columns=["mission", "months", "start", "end", "tours", "rotates"]).set_index("mission")


def facts_of(inputs: Inputs) -> Facts:
    years = years_of(inputs)
    personnel = inputs.capabilities["personnel"].astype(float)
    required = requirements_of(inputs, years)
    rules = rules_of(inputs)
    calendar = calendar_of(inputs)
    may_serve = _with_minimum(inputs, rules, required, personnel,
                              _may_serve(inputs, rules, required, personnel, calendar))
    return Facts(years, required, personnel, may_serve, _unit_costs(inputs, calendar), rules, calendar)


def held_needed(inputs: Inputs, facts: Facts, alloc: pd.DataFrame) -> pd.DataFrame:
    """year, state, capability, month, units, need: for each member and unit type, the month in which
    the missions running at once need the most units held (each unit deployed times the rotation
    factor on a mission longer than one tour, else 1), with the units deployed then."""
    caps = inputs.capabilities
    cal = facts.calendar
    rows = alloc.assign(need=alloc["units"].to_numpy() * np.array(
        [caps.loc[c, "rotation_factor"] if cal.loc[m, "rotates"] else 1.0
         for c, m in zip(alloc["capability"], alloc["mission"])], dtype=float))
    start = cal["start"].reindex(rows["mission"]).to_numpy()
    end = cal["end"].reindex(rows["mission"]).to_numpy()
    months = [rows[(start <= month) & (end >= month)].assign(month=month) for month in range(1, 13)]
    per_month = pd.concat(months).groupby(["year", "state", "capability", "month"])[["units", "need"]].sum()
    worst = per_month.reset_index().sort_values(["need", "month"], ascending=[False, True], kind="stable")
    return worst.drop_duplicates(["year", "state", "capability"]).sort_values(
        ["year", "state", "capability"]).reset_index(drop=True)


def pledged_forces(inputs: Inputs, facts: Facts, alloc: pd.DataFrame) -> pd.Series:
    """(year, state) -> the national forces a member's pledges need: in the month they need the most,
    the people in the units held for them (units deployed times the rotation factor on a mission
    longer than one tour, else 1, times the type's personnel per unit) over the deployable share."""
    if alloc.empty:
        return pd.Series(dtype=float)
    caps = inputs.capabilities
    cal = facts.calendar
    rotation = np.array([caps.loc[c, "rotation_factor"] if cal.loc[m, "rotates"] else 1.0
                         for c, m in zip(alloc["capability"], alloc["mission"])], dtype=float)
    rows = alloc.assign(people=alloc["units"].to_numpy() * rotation
                        * caps["personnel"].reindex(alloc["capability"]).to_numpy(dtype=float))
    start = cal["start"].reindex(rows["mission"]).to_numpy()
    end = cal["end"].reindex(rows["mission"]).to_numpy()
    months = [rows[(start <= month) & (end >= month)].assign(month=month) for month in range(1, 13)]
    per_month = pd.concat(months).groupby(["year", "state", "month"])["people"].sum()
    return per_month.groupby(["year", "state"]).max() / inputs.scenario.assumptions.deployable_share


def parties_of(inputs: Inputs) -> list[str]:
    """The states a trajectory binds: the peace force's members and those in arms control only."""
    return sorted(set(inputs.members) | set(inputs.scenario.arms_control_only))


def years_of(inputs: Inputs) -> list:
    tr = inputs.scenario.trajectory
    return [0] if tr is None else list(range(tr.start_year, tr.start_year + tr.years))


def requirements_of(inputs: Inputs, years: list) -> pd.DataFrame:
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
    frame["personnel"] = frame["units"] * inputs.capabilities["personnel"].reindex(frame["capability"]).to_numpy()
    return frame


def _may_serve(inputs: Inputs, rules: dict[str, MissionRules], required: pd.DataFrame,
               personnel: pd.Series, calendar: pd.DataFrame) -> pd.DataFrame:
    """Every (year, state, mission, capability) a member may fill: not excluded from the mission (by
    its politics), no caveat against its kind or (for combat units) against combat, no cap of 0 from
    a caveat or pool, enough held to keep one unit deployed with rotation, and one unit within the
    national share of the mission; with the most units of it the member could send there."""
    sc = inputs.scenario
    kinds = {m.id: m.kind for m in sc.missions}
    excluded = {(s, m) for m, rule in rules.items() for s in rule.excluded}
    mission_people = required.groupby(["year", "mission"])["personnel"].sum().to_dict()
    # Plain lookups: this loop runs over every member, mission, unit type and year.
    held_of = inputs.holdings.stack().astype(float).to_dict()
    combat = inputs.capabilities["combat"].astype(bool).to_dict()
    rotation_of = inputs.capabilities["rotation_factor"].astype(float).to_dict()
    rotates = calendar["rotates"].to_dict()
    pools = inputs.pools.to_dict()
    rows = []
    for year, mission, capability, units in required[["year", "mission", "capability", "units"]].itertuples(
            index=False):
        unit = personnel[capability]
        people = mission_people[(year, mission)]
        if unit > sc.max_national_share * people * (1 + FIT_TOL):
            continue
        rotation = rotation_of[capability] if rotates[mission] else 1
        for state in inputs.members:
            caveat = sc.caveats.get(state)
            if (state, mission) in excluded:
                continue
            if caveat is not None and (kinds[mission] in caveat.kinds or (caveat.no_combat and combat[capability])
                                       or caveat.max_units.get(capability) == 0):
                continue
            pool = pools.get((state, capability))
            if pool == 0:
                continue
            held = held_of.get((state, capability), 0.0)
            if held < rotation * (1 - FIT_TOL):
                continue
            caps = [units, np.floor(held / rotation * (1 + FIT_TOL)),
                    np.floor(sc.max_national_share * people / unit * (1 + FIT_TOL))]
            caps += [c for c in (caveat.max_units.get(capability) if caveat else None, pool) if c is not None]
            rows.append((year, state, mission, capability, min(caps)))
    return pd.DataFrame(rows, columns=["year", "state", "mission", "capability", "most_units"])


def _with_minimum(inputs: Inputs, rules: dict[str, MissionRules], required: pd.DataFrame, personnel: pd.Series,
                  serve: pd.DataFrame) -> pd.DataFrame:
    """The rows of members that could bring the mission's minimum contingent with every unit they may
    send there together (at most the national share of it)."""
    if serve.empty:
        return serve
    share = inputs.scenario.max_national_share
    mission_people = required.groupby(["year", "mission"])["personnel"].sum()
    most = (serve["most_units"] * personnel.reindex(serve["capability"]).to_numpy()).groupby(
        [serve["year"], serve["state"], serve["mission"]]).transform("sum")
    people = mission_people.reindex(pd.MultiIndex.from_frame(serve[["year", "mission"]])).to_numpy()
    minimum = [minimum_of(rules[m], share, p) for m, p in zip(serve["mission"], people)]
    able = np.minimum(most.to_numpy(), share * people) >= np.asarray(minimum) - FIT_TOL
    return serve[able].reset_index(drop=True)


def _unit_costs(inputs: Inputs, calendar: pd.DataFrame) -> pd.DataFrame:
    """(annual_cost_usd[c] + personnel[c] x (own cost per person - 12 x agreed rate)) x months / 12
    + personnel[c] x tours x 2 x geodesic km x transport USD per person-km: each tour flies one
    contingent out and home."""
    from pyproj import Geod

    sc = inputs.scenario
    origins = inputs.tables.origins.copy()
    for code, (lon, lat) in sc.origins.items():
        origins.loc[code, ["lon", "lat"]] = [lon, lat]
    members = [s for s in inputs.members if s in origins.index]
    missions = {m.id: m.location for m in sc.missions}
    pairs = [(s, m) for s in members for m in missions]
    if not pairs:
        return pd.DataFrame(columns=["state", "mission", "capability", "unit_cost_usd"])
    lon0 = origins.loc[[s for s, _ in pairs], "lon"].to_numpy()
    lat0 = origins.loc[[s for s, _ in pairs], "lat"].to_numpy()
    lon1 = np.array([missions[m][0] for _, m in pairs])
    lat1 = np.array([missions[m][1] for _, m in pairs])
    _, _, metres = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)
    km = pd.DataFrame({"state": [s for s, _ in pairs], "mission": [m for _, m in pairs], "km": metres / 1000.0})
    caps = inputs.capabilities[["personnel", "annual_cost_usd"]].reset_index()
    table = km.merge(caps, how="cross")
    a = sc.assumptions
    rate = 12 * sc.fund.reimbursement_usd_per_person_month
    own = inputs.national_costs["cost_per_person_usd"].reindex(table["state"]).fillna(rate).to_numpy() \
        if inputs.national_costs is not None else rate
    months = calendar["months"].reindex(table["mission"]).to_numpy()
    tours = calendar["tours"].reindex(table["mission"]).to_numpy()
    table["unit_cost_usd"] = ((table["annual_cost_usd"] + table["personnel"] * (own - rate)) * months / 12
                              + table["personnel"] * tours * 2 * table["km"] * a.transport_usd_per_person_km)
    return table.set_index(["state", "mission", "capability"])[["unit_cost_usd"]]
