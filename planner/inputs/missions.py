"""Missions, their requirements in units and personnel, and how far each member's forces travel to them."""
from __future__ import annotations

import pandas as pd

from planner.data.geography import geodesic_km
from planner.errors import InputError
from planner.scenario.load import LoadedScenario
from planner.scenario.schema import Scenario


def missions_of(sc: Scenario, capabilities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(missions: id -> name, kind, lon, lat, personnel_required;
    requirements: (mission, capability) -> units_required, personnel_required)."""
    missions = pd.DataFrame(
        [{"mission": m.id, "name": m.name or m.id, "kind": m.kind, "lon": m.location[0], "lat": m.location[1]}
         for m in sc.missions]).set_index("mission")
    rows = [(m.id, c, n) for m in sc.missions for c, n in m.requirements.items() if n > 0]
    requirements = pd.DataFrame(rows, columns=["mission", "capability", "units_required"])
    requirements["personnel_required"] = (
        requirements["units_required"] * capabilities.loc[requirements["capability"], "personnel"].to_numpy())
    requirements = requirements.set_index(["mission", "capability"]).sort_index()
    missions["personnel_required"] = requirements["personnel_required"].groupby("mission").sum()
    missions["personnel_required"] = missions["personnel_required"].fillna(0).astype(int)
    return missions.sort_index(), requirements


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
