"""The trajectory section -> validated tables for the multi-year model.

Assumptions written down here and in README ("Trajectories"):
- baseline forces are `armed_forces` of states.csv (2020 at the latest);
- military spending follows forces at a constant cost per person a year, the
  state's own milex_usd / armed_forces (SIPRI 2024 over IISS 2020 figures: a
  known year mismatch) unless the scenario gives `cost_per_person_usd`; a
  member with no figure gets the members' median, flagged in the results;
- requirements in a year are the missions' requirements times the phase-in
  share of that year (linear between the years given; before the first given
  year its value, after the last the last value), rounded to whole units, and
  zero before a mission's `mission_start` year.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.errors import InputError, Problem
from planner.inputs.rules import (
    absent_by_year,
    bloc_ratios,
    exemptions_of,
    membership_problems,
    rule_blocs,
    rule_limits,
)
from planner.inputs.tables import Tables
from planner.scenario.load import LoadedScenario


@dataclass(frozen=True)
class TrajectoryInputs:
    """Everything the multi-year model needs beyond the single-year inputs.

    years : the planning years, in order.
    scale : year -> share of each mission's requirements (0 before a mission starts), DataFrame year x mission.
    forces : member -> baseline armed forces (personnel), floor, largest annual cut, target (NaN: none),
        rule_most_kept (what the proportional rule's least cut leaves at the regional reduction).
    regional_target : members' total forces in the final year (NaN: none).
    parties : the members of the peace force and the `arms_control_only` states, whose forces the
        trajectory plans (every table below is over them).
    pairs : a, b, baseline ratio a/b, tolerance.
    cost_per_person_usd : member -> military spending per person a year; `cost_note` says where it came from.
    equipment : state, category, baseline count, status (public/illustrative); ceilings : year x (state, category).
    rule, rule_tolerance : the reduction rule (planner/model/reduction.py); forces["ruled"] says who
        follows it, forces["exemption"] why the others do not (a floor, its own target).
    phases : year -> cumulative share of each member's reduction liability due by then (empty: none).
    personnel_per_object, quotas : the verification workload's rule (planner/results/inspections.py).
    stationed : stationing_state, host_state, baseline (personnel), consent, status, withdraw_by (year
        the forces must be gone, NaN: may stay) for members' forces abroad (planner/data/stationed.py).
    territory : host -> foreign and territorial ceilings (personnel) by year (columns: year), for hosts
        the scenario caps; zones : name -> (states, ceilings by year); blocs : bloc -> its members
        (reported: reductions by bloc).
    absent : year -> the peace-force members out of the force that year (joins, leaves): they neither
        contribute nor pay, and are held to arms control only.
    rule_blocs : state -> bloc under bloc_parity; bloc_ratios : year x bloc -> target ratio of its
        forces to the first bloc's. ceiling_level : the equal ceiling's personnel per unit of its basis;
        forces["goal"] : each member's final-year forces due under equal_ceiling.
    deployable_share : the most of a member's forces in deployable units: its forces must be at least
        the people in the units its pledges hold over this share (planner/model/trajectory.py).
    """

    years: pd.Index
    scale: pd.DataFrame
    parties: pd.Index
    forces: pd.DataFrame
    regional_target: float
    pairs: pd.DataFrame
    cost_per_person_usd: pd.Series
    cost_note: pd.Series
    equipment: pd.DataFrame | None
    ceilings: pd.DataFrame | None
    sufficiency_share: float | None
    rule: str = "min_cost"
    rule_tolerance: float = 0.0
    phases: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    personnel_per_object: float = 1000.0
    quotas: dict = field(default_factory=dict)
    stationed: pd.DataFrame = field(default_factory=pd.DataFrame)
    foreign_ceiling: pd.DataFrame = field(default_factory=pd.DataFrame)
    territorial_ceiling: pd.DataFrame = field(default_factory=pd.DataFrame)
    zones: dict = field(default_factory=dict)
    blocs: dict = field(default_factory=dict)
    deployable_share: float = 0.4
    absent: dict = field(default_factory=dict)
    rule_blocs: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    bloc_ratios: pd.DataFrame = field(default_factory=pd.DataFrame)
    ceiling_level: float = np.nan
    ceiling_per: str = "population"


def resolve_trajectory(loaded: LoadedScenario, tables: Tables, members: pd.Index,
                       missions: pd.Index) -> TrajectoryInputs | None:
    tr = loaded.scenario.trajectory
    states = tables.states
    if tr is None:
        return None
    # The parties to the arms control: the force's members and those in arms control only.
    loaded_members = members
    members = pd.Index(sorted(set(members) | set(loaded.scenario.arms_control_only)), name="state")
    problems: list[Problem] = []
    for code in list(tr.state_reductions) + list(tr.floors) + list(tr.cost_per_person_usd):
        if code not in members:
            problems.append(loaded.problem(("trajectory",), f"{code} is not a member"))
    for i, pair in enumerate(tr.balanced_pairs):
        for code in pair.states:
            if code not in members:
                problems.append(loaded.problem(("trajectory", "balanced_pairs", i), f"{code} is not a member"))
    for mission in tr.mission_start:
        if mission not in missions:
            problems.append(loaded.problem(("trajectory", "mission_start", mission), f"unknown mission {mission!r}"))
    if isinstance(tr.phases, dict):
        last = tr.start_year + tr.years - 1
        for year in tr.phases:
            if not tr.start_year <= year <= last:
                problems.append(loaded.problem(("trajectory", "phases", year),
                                               f"{year} is outside the trajectory's years {tr.start_year}-{last}"))
    years = pd.Index(range(tr.start_year, tr.start_year + tr.years), name="year")
    problems += membership_problems(loaded, loaded_members, members, years)
    if problems:
        raise InputError(problems)
    scale = _scale(tr, years, missions)

    baseline = states.loc[members, "armed_forces"].astype(float)
    floors = baseline * tr.floor_share
    for code, value in tr.floors.items():
        floors[code] = min(value, baseline[code])
    target = pd.Series(np.nan, index=members)
    for code, cut in tr.state_reductions.items():
        target[code] = max(baseline[code] * (1 - cut), floors[code])
    forces = pd.DataFrame({"baseline": baseline, "floor": floors,
                           "max_cut": baseline * tr.max_annual_reduction, "target": target})
    regional = baseline.sum() * (1 - tr.regional_reduction) if tr.regional_reduction is not None else np.nan
    ceiling = rule_limits(loaded, states, forces, regional)
    forces["exemption"] = exemptions_of(tr, forces)
    forces["ruled"] = (forces["exemption"] == "") & (forces["baseline"] > 0)
    blocs = rule_blocs(loaded, states, members)

    pairs = []
    for i, pair in enumerate(tr.balanced_pairs):
        a, b = pair.states
        if baseline[b] <= 0 or baseline[a] <= 0:
            raise InputError(loaded.problem(("trajectory", "balanced_pairs", i),
                                            f"{a} or {b} has no armed forces to keep in balance"))
        pairs.append({"a": a, "b": b, "ratio": baseline[a] / baseline[b], "tolerance": pair.tolerance})
    pairs = pd.DataFrame(pairs, columns=["a", "b", "ratio", "tolerance"])

    cost, note = _cost_per_person(states, members, tr.cost_per_person_usd)
    equipment = ceilings = None
    if tr.equipment is not None:
        equipment = tables.equipment[tables.equipment["state"].isin(members)].reset_index(drop=True)
        progress = (np.arange(1, len(years) + 1) / len(years))
        base = equipment.set_index(["state", "category"])["count"].astype(float)
        ceilings = pd.DataFrame({year: base * (1 - tr.equipment.reduction * p) for year, p in zip(years, progress)})
    return TrajectoryInputs(years, scale, members, forces, regional, pairs, cost, note, equipment, ceilings,
                            tr.equipment.sufficiency_share if tr.equipment else None, tr.rule, tr.rule_tolerance,
                            phase_shares(tr.phases, years), tr.inspections.personnel_per_object,
                            dict(tr.inspections.quotas), *_stationing(loaded, tables, members, years, baseline),
                            _blocs(states, members), loaded.scenario.assumptions.deployable_share,
                            absent_by_year(tr, years), blocs, bloc_ratios(tr, blocs, baseline, years), ceiling,
                            tr.ceiling_per)


# Membership columns reported as blocs in the reductions by group.
BLOCS = ("nato", "csto", "eu")


def _blocs(states: pd.DataFrame, members: pd.Index) -> dict:
    """bloc -> its members among the scenario's (blocs with none are left out)."""
    out = {}
    for bloc in BLOCS:
        if bloc in states:
            mine = [s for s in members if states.loc[s, bloc] == 1]
            if mine:
                out[bloc] = mine
    return out


def _stationing(loaded: LoadedScenario, tables: Tables, members: pd.Index, years: pd.Index, baseline: pd.Series):
    """(stationed pairs, foreign ceilings, territorial ceilings, zones): see TrajectoryInputs. A ceiling
    falls linearly from today's level to its value by its year (never above today's)."""
    tr = loaded.scenario.trajectory
    last = int(years[-1])
    problems: list[Problem] = []
    for host, rule in tr.stationing.items():
        if host not in tables.states.index:
            problems.append(loaded.problem(("trajectory", "stationing", host), f"unknown ISO3 code {host!r}"))
        elif rule.territorial_ceiling is not None and host not in members:
            problems.append(loaded.problem(("trajectory", "stationing", host, "territorial_ceiling"),
                                           f"{host} is not a member: its national forces are not planned"))
        if rule.withdraw_by is not None and not years[0] <= rule.withdraw_by <= last:
            problems.append(loaded.problem(("trajectory", "stationing", host, "withdraw_by"),
                                           f"{rule.withdraw_by} is outside the trajectory's years {years[0]}-{last}"))
    for name, zone in tr.zones.items():
        for i, code in enumerate(zone.states):
            if code not in members:
                problems.append(loaded.problem(("trajectory", "zones", name, "states", i), f"{code} is not a member"))
        if zone.by is not None and not years[0] <= zone.by <= last:
            problems.append(loaded.problem(("trajectory", "zones", name, "by"),
                                           f"{zone.by} is outside the trajectory's years {years[0]}-{last}"))
    if problems:
        raise InputError(problems)
    data = tables.stationed if tables.stationed is not None else pd.DataFrame(
        columns=["stationing_state", "host_state", "personnel", "consent", "status"])
    pairs = data[data["stationing_state"].isin(members[baseline.reindex(members).to_numpy() > 0])].copy()
    rules = tr.stationing
    pairs["consent"] = [rules[h].consent if h in rules and rules[h].consent is not None else bool(c)
                        for h, c in zip(pairs["host_state"], pairs["consent"])]
    pairs["withdraw_by"] = [np.nan if c else float(rules[h].withdraw_by or last) if h in rules else float(last)
                            for h, c in zip(pairs["host_state"], pairs["consent"])]
    stationed = pairs.rename(columns={"personnel": "baseline"})[
        ["stationing_state", "host_state", "baseline", "consent", "status", "withdraw_by"]].reset_index(drop=True)
    foreign = stationed.groupby("host_state")["baseline"].sum()
    home = baseline - stationed.groupby("stationing_state")["baseline"].sum().reindex(baseline.index, fill_value=0.0)
    on_territory = home + foreign.reindex(baseline.index, fill_value=0.0)
    foreign_rows, territorial_rows = {}, {}
    for host, rule in rules.items():
        by = rule.withdraw_by or last
        if rule.ceiling is not None:
            foreign_rows[host] = _falling(float(foreign.get(host, 0.0)), rule.ceiling, years, by)
        if rule.territorial_ceiling is not None:
            territorial_rows[host] = _falling(float(on_territory.get(host, 0.0)), rule.territorial_ceiling, years, by)
    zones = {name: (list(zone.states), _falling(float(on_territory.reindex(zone.states).sum()), zone.ceiling, years,
                                                zone.by or last))
             for name, zone in tr.zones.items()}
    return (stationed, pd.DataFrame(foreign_rows).T.reindex(columns=years), pd.DataFrame(territorial_rows).T.reindex(
        columns=years), zones)


def _falling(today: float, ceiling: float, years: pd.Index, by: int) -> pd.Series:
    """year -> a ceiling falling linearly from today's level (the year before the first) to `ceiling`
    in year `by`, then held; never above today's level."""
    target = min(ceiling, today)
    steps = np.clip((years.to_numpy() - years[0] + 1) / (by - years[0] + 1), 0.0, 1.0)
    return pd.Series(today + (target - today) * steps, index=years)


# CFE Article VIII: 25 %, 60 % and 100 % of each liability after 16, 28 and 40 months of a 40-month
# reduction period; a trajectory's reduction period is its horizon.
CFE_PHASES = ((16 / 40, 0.25), (28 / 40, 0.60), (40 / 40, 1.0))


def phase_shares(phases, years: pd.Index) -> pd.Series:
    """year -> cumulative share of the reduction liability due by then ("cfe": the treaty's pattern
    over the horizon, each phase due at the end of the year its fraction of the horizon falls in)."""
    if phases is None:
        return pd.Series(dtype=float, name="share")
    if phases == "cfe":
        n = len(years)
        phases = {int(years[max(int(np.ceil(fraction * n - 1e-9)) - 1, 0)]): share for fraction, share in CFE_PHASES}
    return pd.Series({int(y): float(v) for y, v in sorted(phases.items())}, name="share", dtype=float)


def _scale(tr, years: pd.Index, missions: pd.Index) -> pd.DataFrame:
    if tr.phase_in:
        known = sorted(tr.phase_in)
        share = np.interp(years.to_numpy(), known, [tr.phase_in[y] for y in known])
    else:
        share = np.ones(len(years))
    frame = pd.DataFrame(np.repeat(share[:, None], len(missions), axis=1), index=years, columns=missions)
    for mission, first in tr.mission_start.items():
        frame.loc[frame.index < first, mission] = 0.0
    return frame


def _cost_per_person(states: pd.DataFrame, members: pd.Index, given: dict[str, float]):
    s = states.loc[members]
    own = (s["milex_usd"] / s["armed_forces"]).where((s["armed_forces"] > 0) & (s["milex_usd"] > 0))
    median = float(own.median()) if own.notna().any() else 0.0
    cost = own.fillna(median)
    note = pd.Series(np.where(own.notna(), "milex / armed forces", "members' median (no figure)"), index=members)
    for code, value in given.items():
        cost[code] = value
        note[code] = "scenario"
    return cost, note
