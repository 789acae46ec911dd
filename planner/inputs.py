"""Scenario + tables -> the validated inputs every later stage reads.

`resolve(loaded)` checks every cross-reference (ISO3 codes, unit types,
regions, mission ids), reports all problems at once, and returns `Inputs`:
plain pandas tables keyed by ISO3, unit type id and mission id. Nothing
downstream reads files or the scenario's raw text again.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.capabilities import default_capacity, load_capabilities, load_capacity_overrides
from planner.data.states import load_states, membership_columns
from planner.errors import InputError, Problem
from planner.geo import geodesic_km, point_origins
from planner.inputs_trajectory import TrajectoryInputs, resolve_trajectory
from planner.apportion import apportion
from planner.data.reference import load_designations, load_levels
from planner.keys import compute_key
from planner.paths import DATA_DIR
from planner.scenario.load import LoadedScenario
from planner.scenario.schema import Scenario


@dataclass(frozen=True)
class Inputs:
    """Everything the model needs, validated.

    Attributes
    ----------
    states : all states of the table (figures, memberships, `filled` notes), by ISO3.
    members : ISO3 codes of the organisation's members after opt-outs, sorted.
    key : member -> key share (sums to 1).
    capabilities : unit types by id (personnel, rotation_factor, combat, annual_cost_usd, ...).
    holdings : member x unit type -> units held (default or overridden).
    missions : mission id -> name, kind, lon, lat, personnel_required.
    requirements : (mission, capability) -> units_required, personnel_required.
    eligible : one row per (state, capability, mission) a state may fill, with
        max_units, personnel_per_unit, cost_usd_per_unit, distance_km.
    max_personnel : member -> personnel cap from caveats (only capped members).
    max_units : (state, capability) -> unit cap from caveats and pools.
    pools : (state, capability) -> units apportioned to the member by a standing force pool.
    """

    scenario: Scenario
    source: Path
    states: pd.DataFrame
    members: pd.Index
    key: pd.Series
    capabilities: pd.DataFrame
    holdings: pd.DataFrame
    missions: pd.DataFrame
    requirements: pd.DataFrame
    eligible: pd.DataFrame
    max_personnel: pd.Series
    max_units: pd.Series
    exclusions: pd.DataFrame
    pools: pd.Series
    trajectory: TrajectoryInputs | None = None

    @property
    def name(self) -> str:
        return self.scenario.name


def resolve(loaded: LoadedScenario) -> Inputs:
    """Validate the scenario against its tables and build `Inputs`."""
    sc = loaded.scenario
    tables = _table_paths(loaded)
    states = load_states(tables["states"], DATA_DIR / "figure_flags.csv" if tables["states_shipped"] else None)
    capabilities = load_capabilities(tables["capabilities"])
    problems = _check_references(loaded, states, capabilities)
    if problems:
        raise InputError(problems)
    members = _members(loaded, states)
    key = _key(loaded, states, members)
    holdings = _holdings(loaded, states, members, capabilities, tables["capacities"])
    pools = _pools(loaded, key)
    missions, requirements = _missions(sc, capabilities)
    origins = _origins(loaded, states.loc[members])
    distance = geodesic_km(origins, missions[["lon", "lat"]])
    eligible, exclusions = _eligible(sc, members, capabilities, holdings, missions, requirements, distance, pools)
    max_personnel = pd.Series({s: c.max_personnel for s, c in sc.caveats.items()
                               if c.max_personnel is not None and s in members}, dtype=float).sort_index()
    caps = {(s, u): float(n) for s, c in sc.caveats.items() if s in members for u, n in c.max_units.items()}
    # A pool share caps a member's contribution like a caveat does; the tighter cap holds.
    for pair, units in pools.items():
        caps[pair] = min(units, caps.get(pair, np.inf))
    max_units = pd.Series(caps, dtype=float)
    if len(max_units):
        max_units.index = pd.MultiIndex.from_tuples(max_units.index, names=["state", "capability"])
        max_units = max_units.sort_index()
    return Inputs(sc, loaded.file, states, members, key, capabilities, holdings, missions,
                  requirements, eligible, max_personnel.rename("max_personnel"),
                  max_units.rename("max_units"), exclusions, pools.rename("pool_units"),
                  resolve_trajectory(loaded, states, members, missions.index))


def _key(loaded: LoadedScenario, states: pd.DataFrame, members: pd.Index) -> pd.Series:
    sc = loaded.scenario
    unknown = [code for code in sc.key.overrides if code not in members]
    if unknown:
        raise InputError([loaded.problem(("key", "overrides", code), f"{code} is not a member") for code in unknown])
    try:
        return compute_key(sc.key.method, states, members, weights=sc.key.weights,
                           floor=sc.assumptions.key_floor_share,
                           overrides={c: o.model_dump() for c, o in sc.key.overrides.items()},
                           designations=load_designations(DATA_DIR / "un_designations.csv"),
                           levels=load_levels(DATA_DIR / "un_peacekeeping_levels.csv"))
    except ValueError as exc:
        raise InputError(loaded.problem(("key",), str(exc))) from None


def _pools(loaded: LoadedScenario, key: pd.Series) -> pd.Series:
    """Units of each pooled type apportioned to each member by its key share."""
    parts = {}
    for i, pool in enumerate(loaded.scenario.pools):
        try:
            units = apportion(key, pool.total, pool.method, pool.min)
        except ValueError as exc:
            raise InputError(loaded.problem(("pools", i), str(exc))) from None
        parts.update({(state, pool.capability): int(n) for state, n in units.items()})
    series = pd.Series(parts, dtype=float)
    if len(series):
        series.index = pd.MultiIndex.from_tuples(series.index, names=["state", "capability"])
    return series.sort_index()


def _table_paths(loaded: LoadedScenario) -> dict:
    t = loaded.scenario.tables
    base = loaded.base_dir
    return {
        "states": base / t.states if t.states else DATA_DIR / "states.csv",
        "states_shipped": t.states is None,
        "capabilities": base / t.capabilities if t.capabilities else DATA_DIR / "capabilities.csv",
        "capacities": base / t.capacities if t.capacities else None,
    }


def _check_references(loaded: LoadedScenario, states: pd.DataFrame, capabilities: pd.DataFrame) -> list[Problem]:
    """Every ISO3 code, unit type, region and mission id the scenario names must exist."""
    sc = loaded.scenario
    known_states, known_units = states.index, capabilities.index
    problems: list[Problem] = []

    def state(path, code):
        if code not in known_states:
            problems.append(loaded.problem(path, f"unknown ISO3 code {code!r}"))

    def unit(path, code):
        if code not in known_units:
            problems.append(loaded.problem(path, f"unknown unit type {code!r} (known: {', '.join(known_units)})"))

    regions = membership_columns(states)
    if sc.region is not None and sc.region not in regions:
        problems.append(loaded.problem(("region",), f"unknown region {sc.region!r} (known: {', '.join(regions)})"))
    if sc.region is None and not sc.members:
        problems.append(loaded.problem(("region",), "set a region or a members list"))
    for i, code in enumerate(sc.members):
        state(("members", i), code)
    for i, code in enumerate(sc.opt_out):
        state(("opt_out", i), code)
    seen: set[str] = set()
    for i, mission in enumerate(sc.missions):
        if mission.id in seen:
            problems.append(loaded.problem(("missions", i, "id"), f"duplicate mission id {mission.id!r}"))
        seen.add(mission.id)
        for code in mission.requirements:
            unit(("missions", i, "requirements", code), code)
        for j, code in enumerate(mission.exclude):
            state(("missions", i, "exclude", j), code)
    for code, caveat in sc.caveats.items():
        state(("caveats", code), code)
        for u in caveat.max_units:
            unit(("caveats", code, "max_units", u), u)
    for code, units in sc.capacities.items():
        state(("capacities", code), code)
        for u in units:
            unit(("capacities", code, u), u)
    for code in sc.origins:
        state(("origins", code), code)
    for code in sc.key.overrides:
        state(("key", "overrides", code), code)
    seen_pools: set[str] = set()
    for i, pool in enumerate(sc.pools):
        unit(("pools", i, "capability"), pool.capability)
        if pool.capability in seen_pools:
            problems.append(loaded.problem(("pools", i, "capability"), f"second pool for {pool.capability!r}"))
        seen_pools.add(pool.capability)
    return problems


def _members(loaded: LoadedScenario, states: pd.DataFrame) -> pd.Index:
    sc = loaded.scenario
    chosen = set(states.index[states[sc.region] == 1]) if sc.region else set()
    chosen |= set(sc.members)
    members = pd.Index(sorted(chosen - set(sc.opt_out)), name="state")
    if len(members) == 0:
        raise InputError(loaded.problem(("opt_out",) if chosen else ("region",),
                                        "no members left: the region is empty or every state opted out"))
    return members


def _holdings(loaded: LoadedScenario, states: pd.DataFrame, members: pd.Index, capabilities: pd.DataFrame,
              capacities_file: Path | None) -> pd.DataFrame:
    """Units held per member and type: default, then capacities.csv, then the scenario's `capacities:`."""
    holdings = default_capacity(states.loc[members], capabilities, loaded.scenario.assumptions.deployable_share)
    if capacities_file is not None:
        overrides = load_capacity_overrides(capacities_file, states.index, capabilities.index)
        for state, cap, units in overrides.itertuples(index=False):
            if state in holdings.index:
                holdings.loc[state, cap] = units
    for state, units in loaded.scenario.capacities.items():
        for cap, count in units.items():
            if state in holdings.index:
                holdings.loc[state, cap] = count
    return holdings


def _missions(sc: Scenario, capabilities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
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


def _origins(loaded: LoadedScenario, members: pd.DataFrame) -> pd.DataFrame:
    shapes = point_origins(DATA_DIR / "state_origins.csv")   # derived from countries.geojson
    points = point_origins(DATA_DIR / "state_points.csv")
    origins = pd.concat([shapes, points[~points.index.isin(shapes.index)]])
    for code, (lon, lat) in loaded.scenario.origins.items():
        origins.loc[code, ["lon", "lat"]] = [lon, lat]
    missing = [s for s in members.index if s not in origins.index]
    if missing:
        raise InputError(loaded.problem(("origins",), f"no shape or point for {', '.join(missing)}: "
                                                      "give each an origin [lon, lat]"))
    return origins.loc[members.index]


def _eligible(sc: Scenario, members: pd.Index, capabilities: pd.DataFrame, holdings: pd.DataFrame,
              missions: pd.DataFrame, requirements: pd.DataFrame, distance: pd.DataFrame, pools: pd.Series):
    """Every (state, capability, mission) a state may fill, with its unit bound and cost.

    Notes
    -----
    max_units = min(required[m, c], floor(held[s, c] / rotation[c]),
                    caveat cap[s, c], floor(max_national_share * P_m / personnel[c]))
    cost_usd_per_unit = annual_cost_usd[c]
        + personnel[c] * rotations_per_year * 2 * distance_km[s, m] * transport_usd_per_person_km
    (each rotation flies one contingent out and the other home).
    Also returns `exclusions`: per (state, mission) the reason a state may not go.
    """
    a = sc.assumptions
    grid = requirements.reset_index()[["mission", "capability", "units_required"]].merge(
        pd.DataFrame({"state": members}), how="cross")
    caps = capabilities.loc[grid["capability"]]
    grid["personnel_per_unit"] = caps["personnel"].to_numpy()
    rotation = caps["rotation_factor"].to_numpy()
    held = holdings.stack().rename("held")
    grid["held"] = held.reindex(pd.MultiIndex.from_arrays([grid["state"], grid["capability"]])).to_numpy()
    grid["sustainable"] = np.floor(grid["held"].to_numpy() / rotation + 1e-9)
    mission_people = missions["personnel_required"].reindex(grid["mission"]).to_numpy()
    grid["multinational_cap"] = np.floor(sc.max_national_share * mission_people / grid["personnel_per_unit"] + 1e-9)
    caveat_cap = pd.Series({(s, u): n for s, c in sc.caveats.items() for u, n in c.max_units.items()}, dtype=float)
    pairs_index = pd.MultiIndex.from_arrays([grid["state"], grid["capability"]])
    grid["caveat_cap"] = caveat_cap.reindex(pairs_index).to_numpy() if len(caveat_cap) else np.nan
    grid["pool_cap"] = pools.reindex(pairs_index).to_numpy() if len(pools) else np.nan
    grid["max_units"] = grid[["units_required", "sustainable", "multinational_cap", "caveat_cap", "pool_cap"]].min(axis=1)

    kind = missions["kind"].reindex(grid["mission"]).to_numpy()
    reason = pd.Series("", index=grid.index)
    excluded = {(s, m.id) for m in sc.missions for s in m.exclude}
    by_kind = {(s, k) for s, c in sc.caveats.items() for k in c.kinds}
    no_combat = {s for s, c in sc.caveats.items() if c.no_combat}
    pairs = list(zip(grid["state"], grid["mission"]))
    reason[[p in excluded for p in pairs]] = "excluded from mission"
    reason[(reason == "") & np.array([(s, k) in by_kind for s, k in zip(grid["state"], kind)])] = "caveat: mission kind"
    combat = caps["combat"].to_numpy()
    reason[(reason == "") & combat & grid["state"].isin(no_combat).to_numpy()] = "caveat: no combat units"
    reason[(reason == "") & (grid["caveat_cap"] == 0).to_numpy()] = "caveat: unit cap 0"
    reason[(reason == "") & (grid["pool_cap"] == 0).to_numpy()] = "pool share 0"
    reason[(reason == "") & (grid["held"] == 0).to_numpy()] = "holds none"
    reason[(reason == "") & (grid["sustainable"] == 0).to_numpy()] = "holds too few to rotate"
    reason[(reason == "") & (grid["multinational_cap"] == 0).to_numpy()] = "unit exceeds national share"
    grid["reason"] = reason

    keep = grid[grid["reason"] == ""].copy()
    keep["distance_km"] = distance.stack().reindex(
        pd.MultiIndex.from_arrays([keep["state"], keep["mission"]])).to_numpy()
    keep["cost_usd_per_unit"] = (
        capabilities.loc[keep["capability"], "annual_cost_usd"].to_numpy()
        + keep["personnel_per_unit"] * a.rotations_per_year * 2 * keep["distance_km"] * a.transport_usd_per_person_km)
    keep["max_units"] = keep["max_units"].astype(int)
    eligible = keep[["state", "capability", "mission", "max_units", "personnel_per_unit",
                     "cost_usd_per_unit", "distance_km"]].sort_values(["state", "capability", "mission"])
    exclusions = grid[grid["reason"] != ""][["state", "capability", "mission", "reason"]]
    return eligible.reset_index(drop=True), exclusions.sort_values(["mission", "capability", "state"]).reset_index(drop=True)
