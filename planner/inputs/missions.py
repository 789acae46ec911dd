"""Missions, their requirements in units and personnel, and how far each member's forces travel to them."""
from __future__ import annotations

import pandas as pd

from planner.data.geography import geodesic_km
from planner.errors import InputError
from planner.scenario.fields.common import MONTHS_PER_YEAR
from planner.scenario.load import LoadedScenario


def missions_of(loaded: LoadedScenario, capabilities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(missions: id -> name, kind, lon, lat, duration_months, start_month, end_month, tours,
    personnel_required; requirements: (mission, capability) -> units_required, personnel_required).

    A mission runs `duration_months` of the plan's year from `start_month` (its kind's default
    duration unless it sets its own) and needs tours = ceil(duration / tour_months) deployments
    of each unit; with more than one it rotates (planner/inputs/eligibility.py)."""
    sc = loaded.scenario
    a = sc.assumptions
    rows, problems = [], []
    for i, m in enumerate(sc.missions):
        months = m.duration_months if m.duration_months is not None else a.duration_months[m.kind]
        end = m.start_month + months - 1
        if end > MONTHS_PER_YEAR:
            problems.append(loaded.problem(("missions", i, "start_month"),
                                           f"{m.id} starts in month {m.start_month} and runs {months} months, past "
                                           f"month {MONTHS_PER_YEAR} of the plan's year"))
        rows.append({"mission": m.id, "name": m.name or m.id, "kind": m.kind, "lon": m.location[0],
                     "lat": m.location[1], "duration_months": months, "start_month": m.start_month,
                     "end_month": end, "tours": -(-months // a.tour_months)})
    if problems:
        raise InputError(problems)
    missions = pd.DataFrame(rows).set_index("mission")
    rows = [(m.id, c, n) for m in sc.missions for c, n in m.requirements.items() if n > 0]
    requirements = pd.DataFrame(rows, columns=["mission", "capability", "units_required"])
    requirements["personnel_required"] = (
        requirements["units_required"] * capabilities.loc[requirements["capability"], "personnel"].to_numpy())
    requirements = requirements.set_index(["mission", "capability"]).sort_index()
    missions["personnel_required"] = requirements["personnel_required"].groupby("mission").sum()
    missions["personnel_required"] = missions["personnel_required"].fillna(0).astype(int)
    return missions.sort_index(), requirements


def concurrent_sets(missions: pd.DataFrame) -> pd.DataFrame:
    """(slice, mission): the missions running together at each month one of them starts, keeping
    only sets no other set contains. A unit serves one mission at a time, so each set's units
    share one capacity; missions that never overlap (a spring and an autumn disaster response)
    may use the same units. Slice 0 alone, holding every mission, when all run at once."""
    sets = []
    for month in sorted(set(missions["start_month"])):
        running = frozenset(missions.index[(missions["start_month"] <= month) & (missions["end_month"] >= month)])
        sets.append(running)
    kept = [s for s in dict.fromkeys(sets) if not any(s < other for other in sets)]
    rows = [(i, m) for i, s in enumerate(kept) for m in sorted(s)]
    return pd.DataFrame(rows, columns=["slice", "mission"])


def distances(loaded: LoadedScenario, shipped: pd.DataFrame, members: pd.Index, missions: pd.DataFrame) -> pd.DataFrame:
    """Geodesic km from each member's origin (rows) to each mission (columns): the shipped origin
    (shape or capital), replaced by the scenario's `origins:`."""
    origins = shipped.copy()
    for code, (lon, lat) in loaded.scenario.origins.items():
        origins.loc[code, ["lon", "lat"]] = [lon, lat]
    missing = [s for s in members if s not in origins.index]
    if missing:
        raise InputError(loaded.problem(("origins",), f"no shape or point for {', '.join(missing)}: "
                                                      "give each an origin [lon, lat]"))
    return geodesic_km(origins.loc[members], missions[["lon", "lat"]])
