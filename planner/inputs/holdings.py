"""What each member holds of each unit type, and the caps caveats and pools put on what it sends."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.data.capabilities import default_capacity
from planner.inputs.tables import Tables
from planner.scenario.schema import Scenario


def holdings_of(sc: Scenario, tables: Tables, members: pd.Index) -> pd.DataFrame:
    """Units held per member and type (state x capability): default, then capacities.csv, then the
    scenario's `capacities:`."""
    return holdings_with_sources(sc, tables, members)[0]


def holdings_with_sources(sc: Scenario, tables: Tables, members: pd.Index) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The holdings and, per cell, where the figure comes from."""
    a = sc.assumptions
    holdings, sources = default_capacity(tables.states.loc[members], tables.capabilities, tables.facts,
                                         a.deployable_share, a.sustainable_share)
    if tables.capacity_overrides is not None:
        for state, cap, units in tables.capacity_overrides.itertuples(index=False):
            if state in holdings.index:
                holdings.loc[state, cap] = units
                sources.loc[state, cap] = "capacities table"
    for state, units in sc.capacities.items():
        for cap, count in units.items():
            if state in holdings.index:
                holdings.loc[state, cap] = count
                sources.loc[state, cap] = "scenario capacities"
    return holdings, sources


def personnel_caps(sc: Scenario, members: pd.Index) -> pd.Series:
    """member -> personnel cap from caveats (only capped members)."""
    caps = pd.Series({s: c.max_personnel for s, c in sc.caveats.items()
                      if c.max_personnel is not None and s in members}, dtype=float)
    return caps.sort_index().rename("max_personnel")


def unit_caps(sc: Scenario, members: pd.Index, pools: pd.Series) -> pd.Series:
    """(state, capability) -> unit cap from caveats and pools; where both cap a pair the tighter holds."""
    caps = {(s, u): float(n) for s, c in sc.caveats.items() if s in members for u, n in c.max_units.items()}
    for pair, units in pools.items():
        caps[pair] = min(units, caps.get(pair, np.inf))
    max_units = pd.Series(caps, dtype=float)
    if len(max_units):
        max_units.index = pd.MultiIndex.from_tuples(max_units.index, names=["state", "capability"])
        max_units = max_units.sort_index()
    return max_units.rename("max_units")
