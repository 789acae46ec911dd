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

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.errors import InputError, Problem
from planner.inputs.tables import Tables
from planner.scenario.load import LoadedScenario


@dataclass(frozen=True)
class TrajectoryInputs:
    """Everything the multi-year model needs beyond the single-year inputs.

    years : the planning years, in order.
    scale : year -> share of each mission's requirements (0 before a mission starts), DataFrame year x mission.
    forces : member -> baseline armed forces (personnel), floor, largest annual cut, target (NaN: none).
    regional_target : members' total forces in the final year (NaN: none).
    pairs : a, b, baseline ratio a/b, tolerance.
    cost_per_person_usd : member -> military spending per person a year; `cost_note` says where it came from.
    equipment : state, category, baseline count, status (public/illustrative); ceilings : year x (state, category).
    """

    years: pd.Index
    scale: pd.DataFrame
    forces: pd.DataFrame
    regional_target: float
    pairs: pd.DataFrame
    cost_per_person_usd: pd.Series
    cost_note: pd.Series
    equipment: pd.DataFrame | None
    ceilings: pd.DataFrame | None
    sufficiency_share: float | None


def resolve_trajectory(loaded: LoadedScenario, tables: Tables, members: pd.Index,
                       missions: pd.Index) -> TrajectoryInputs | None:
    tr = loaded.scenario.trajectory
    states = tables.states
    if tr is None:
        return None
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
    if problems:
        raise InputError(problems)
    years = pd.Index(range(tr.start_year, tr.start_year + tr.years), name="year")
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
    return TrajectoryInputs(years, scale, forces, regional, pairs, cost, note, equipment, ceilings,
                            tr.equipment.sufficiency_share if tr.equipment else None)


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
