"""Who is in, what each member's key share is, and what a standing pool apportions to it."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.errors import InputError
from planner.inputs.tables import Tables
from planner.keys import compute_key
from planner.keys.apportion import apportion
from planner.scenario.load import LoadedScenario

# Key shares sum to 1 within float noise.
KEY_SUM_TOL = 1e-9


def members_of(loaded: LoadedScenario, states: pd.DataFrame) -> pd.Index:
    """The region's states plus `members:`, minus `opt_out:` and `arms_control_only:` (in the
    organisation's arms control, not in its peace force), sorted."""
    sc = loaded.scenario
    chosen = set(states.index[states[sc.region] == 1]) if sc.region else set()
    chosen |= set(sc.members)
    members = pd.Index(sorted(chosen - set(sc.opt_out) - set(sc.arms_control_only)), name="state")
    if len(members) == 0:
        raise InputError(loaded.problem(("opt_out",) if chosen else ("region",),
                                        "no members left: the region is empty or every state opted out"))
    return members


def key_of(loaded: LoadedScenario, tables: Tables, members: pd.Index, field: str = "key") -> pd.Series:
    """member -> key share (sums to 1): the method, the floor, then the overrides; `field` is the
    scenario's `key` (money) or `personnel_key` (troops)."""
    sc = loaded.scenario
    key = getattr(sc, field)
    unknown = [code for code in key.overrides if code not in members]
    if unknown:
        raise InputError([loaded.problem((field, "overrides", code), f"{code} is not a member") for code in unknown])
    try:
        shares = compute_key(key.method, tables.states, members, weights=key.weights,
                             floor=sc.assumptions.key_floor_share,
                             overrides={c: o.model_dump() for c, o in key.overrides.items()},
                             designations=tables.designations, levels=tables.levels, basis=key.basis)
    except ValueError as exc:
        raise InputError(loaded.problem((field,), str(exc))) from None
    values = shares.to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any() or abs(values.sum() - 1.0) > KEY_SUM_TOL:
        raise InputError(loaded.problem((field,), f"the shares do not make a key (they sum to {np.nansum(values):.6g}; "
                                                  "overrides must leave the members a positive total)"))
    return shares


def pools_of(loaded: LoadedScenario, key: pd.Series) -> pd.Series:
    """(state, capability) -> units of each pooled type apportioned to each member by its key share."""
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
