"""The tables a scenario is resolved against (shipped, or the scenario's own `tables:`), read once.

A variant of the scenario (a diagnosis's relaxation, a price-of-fairness solve) is resolved
against the same tables without reading a file again.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from planner.data.capabilities import load_capabilities, load_capacity_overrides
from planner.data.costs import load_personnel_costs
from planner.data.equipment import load_holdings
from planner.data.geography import load_borders, shipped_origins
from planner.data.reference import load_designations, load_levels
from planner.data.state_facts import load_state_facts
from planner.data.states import load_states
from planner.data.stationed import load_stationed
from planner.errors import InputError
from planner.paths import DATA_DIR
from planner.scenario.load import LoadedScenario


@dataclass(frozen=True)
class Tables:
    """states (figures, memberships, fill notes), capabilities (unit types), capacity_overrides
    (state, capability, units; None when the scenario gives no capacities.csv), origins (lon, lat
    per ISO3), the UN designations and peacekeeping levels, equipment holdings (None without
    a trajectory's equipment section), land borders (state, neighbour, both ways round), facts
    (coast, army, aircraft, rescue teams per ISO3: planner/data/state_facts.py), personnel costs
    (2020 spending and its personnel share: planner/data/costs.py), foreign-stationed forces (with a
    trajectory: planner/data/stationed.py); `read_for` is the scenario `tables:` they were read for."""

    states: pd.DataFrame
    capabilities: pd.DataFrame
    capacity_overrides: pd.DataFrame | None
    origins: pd.DataFrame
    designations: pd.DataFrame
    levels: pd.DataFrame
    equipment: pd.DataFrame | None
    borders: pd.DataFrame
    facts: pd.DataFrame
    personnel_costs: pd.DataFrame
    read_for: tuple
    stationed: pd.DataFrame | None = None


def read_tables(loaded: LoadedScenario) -> Tables:
    sc = loaded.scenario
    t = sc.tables

    def custom(field_path: tuple, name: str) -> Path:
        return _confined(loaded, field_path, name)

    states = load_states(custom(("tables", "states"), t.states) if t.states else DATA_DIR / "states.csv",
                         DATA_DIR / "figure_flags.csv" if t.states is None else None)
    capabilities = load_capabilities(custom(("tables", "capabilities"), t.capabilities) if t.capabilities
                                     else DATA_DIR / "capabilities.csv")
    overrides = (load_capacity_overrides(custom(("tables", "capacities"), t.capacities), states.index,
                                         capabilities.index) if t.capacities else None)
    equipment = None
    if sc.trajectory is not None and sc.trajectory.equipment is not None:
        holdings = sc.trajectory.equipment.holdings
        file = custom(("trajectory", "equipment", "holdings"), holdings) if holdings \
            else DATA_DIR / "equipment_holdings.csv"
        equipment = load_holdings(file, states.index)
    return Tables(states, capabilities, overrides, shipped_origins(DATA_DIR),
                  load_designations(DATA_DIR / "un_designations.csv"),
                  load_levels(DATA_DIR / "un_peacekeeping_levels.csv"), equipment,
                  load_borders(DATA_DIR / "land_borders.csv", states.index),
                  load_state_facts(DATA_DIR, states.index), load_personnel_costs(DATA_DIR / "personnel_costs.csv"),
                  _read_for(loaded),
                  _stationed(loaded, custom, states.index))


def _stationed(loaded: LoadedScenario, custom, known: pd.Index) -> pd.DataFrame | None:
    """Foreign-stationed forces, for a trajectory: the scenario's table or the shipped one."""
    sc = loaded.scenario
    if sc.trajectory is None:
        return None
    if sc.tables.stationed:
        return load_stationed(custom(("tables", "stationed"), sc.tables.stationed), known)
    return load_stationed(DATA_DIR / "stationed_forces.csv", known, shipped=True)


def _confined(loaded: LoadedScenario, field_path: tuple, name: str) -> Path:
    """A custom table's path, relative to the scenario, and inside the scenario's folder tree unless
    the scenario was loaded with allow_outside_tables (a scenario from elsewhere must not make the
    planner read, and echo, any file it can reach)."""
    path = (loaded.base_dir / name)
    if not loaded.allow_outside_tables:
        try:
            path.resolve().relative_to(loaded.base_dir.resolve())
        except ValueError:
            raise InputError(loaded.problem(field_path, f"{name} is outside the scenario's folder; copy it there "
                                                        f"or pass --allow-outside-tables")) from None
    return path


def tables_for(loaded: LoadedScenario, known: Tables | None) -> Tables:
    """`known` when it was read for the same `tables:` and files; else a copy of the tables this
    process read before for the same `tables:` and files of the same contents (a notebook, a sweep or a test
    suite resolves many scenarios against the same data); else the tables read afresh."""
    if known is not None and known.read_for == _read_for(loaded):
        return known
    key = _files_key(loaded)
    if key is None:
        return read_tables(loaded)
    if key not in _READ:
        if len(_READ) >= READ_CACHE_SIZE:
            _READ.pop(next(iter(_READ)))
        _READ[key] = read_tables(loaded)
    return _copied(_READ[key])


# Tables read in this process, by what they were read for and the files' contents.
_READ: dict[tuple, Tables] = {}
READ_CACHE_SIZE = 8


def _files_key(loaded: LoadedScenario) -> tuple | None:
    """What the tables were read for, with a digest of every file they may come from (a file
    rewritten within the clock's tick is still seen); None when a file named by the scenario is
    missing (read_tables then says so)."""
    sc = loaded.scenario
    named = [v for v in sc.tables.model_dump().values() if isinstance(v, str)]
    if sc.trajectory is not None and sc.trajectory.equipment is not None and sc.trajectory.equipment.holdings:
        named.append(sc.trajectory.equipment.holdings)
    stats = []
    try:
        for path in sorted(DATA_DIR.glob("*.csv")) + [loaded.base_dir / name for name in named]:
            stats.append((str(path), hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()))
    except OSError:
        return None
    return (_read_for(loaded), tuple(stats))


def _copied(tables: Tables) -> Tables:
    """A copy whose tables a caller may change without changing the cached ones."""
    return replace(tables, **{f.name: getattr(tables, f.name).copy() for f in fields(tables)
                              if isinstance(getattr(tables, f.name), pd.DataFrame)})


def _read_for(loaded: LoadedScenario) -> tuple:
    sc = loaded.scenario
    equipment = sc.trajectory.equipment.holdings if sc.trajectory and sc.trajectory.equipment else None
    return (str(Path(loaded.base_dir).resolve()), sc.tables.model_dump_json(), equipment,
            sc.trajectory is not None and sc.trajectory.equipment is not None, sc.trajectory is not None)
