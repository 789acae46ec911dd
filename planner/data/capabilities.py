"""Unit types the peace force uses (data/capabilities.csv) and what each state holds of them."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.csvread import numeric, read_csv, unique_ids
from planner.errors import InputError, Problem

CAPABILITY_ID = r"[a-z][a-z0-9_]*"
CAPABILITY_COLUMNS = ["capability", "name", "personnel", "rotation_factor", "combat",
                      "annual_cost_usd", "pool_share", "min_armed_forces"]


def load_capabilities(file: Path) -> pd.DataFrame:
    """Validated unit types indexed by `capability`."""
    raw = read_csv(file, CAPABILITY_COLUMNS)
    problems: list[Problem] = []
    unique_ids(raw, file, "capability", problems, CAPABILITY_ID)
    table = pd.DataFrame({"capability": raw["capability"], "name": raw["name"]})
    table["personnel"] = numeric(raw, file, "personnel", problems, allow_blank=False, integer=True, minimum=1)
    table["rotation_factor"] = numeric(raw, file, "rotation_factor", problems, allow_blank=False, minimum=1)
    table["combat"] = numeric(raw, file, "combat", problems, allow_blank=False, integer=True)
    table["annual_cost_usd"] = numeric(raw, file, "annual_cost_usd", problems, allow_blank=False)
    table["pool_share"] = numeric(raw, file, "pool_share", problems, allow_blank=False)
    table["min_armed_forces"] = numeric(raw, file, "min_armed_forces", problems, allow_blank=False)
    for i in np.flatnonzero((table["combat"] > 1).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "combat", "must be 0 or 1"))
    if not problems and len(table) and table["pool_share"].sum() > 1 + 1e-9:
        problems.append(Problem(str(file), "pool_share", f"shares sum to {table['pool_share'].sum():.4f}, more than 1"))
    if len(table) == 0:
        problems.append(Problem(str(file), "", "no unit types"))
    if problems:
        raise InputError(problems)
    table["combat"] = table["combat"].astype(bool)
    table["personnel"] = table["personnel"].astype(int)
    return table.set_index("capability").sort_index()


def default_capacity(states: pd.DataFrame, capabilities: pd.DataFrame, deployable_share: float) -> pd.DataFrame:
    """Units each state holds per unit type, from its armed forces.

    Notes
    -----
    units[s, c] = floor(armed_forces[s] * deployable_share * pool_share[c] / personnel[c])
    when armed_forces[s] >= min_armed_forces[c], else 0: a state's deployable pool
    is split over unit types in fixed proportions, and small forces field no
    specialised units (helicopters, airlift, CBRN).
    """
    forces = states["armed_forces"].to_numpy()[:, None]
    pool = forces * deployable_share * capabilities["pool_share"].to_numpy()[None, :]
    units = np.floor(pool / capabilities["personnel"].to_numpy()[None, :] + 1e-9)
    units[forces[:, 0] < 1, :] = 0
    units = np.where(forces >= capabilities["min_armed_forces"].to_numpy()[None, :], units, 0)
    frame = pd.DataFrame(units.astype(int), index=states.index, columns=capabilities.index)
    return frame.rename_axis(index="state", columns="capability")


def load_capacity_overrides(file: Path, states: pd.Index, capabilities: pd.Index) -> pd.DataFrame:
    """capacities.csv (`state,capability,units`): units held, replacing the default per pair."""
    raw = read_csv(file, ["state", "capability", "units"])
    problems: list[Problem] = []
    units = numeric(raw, file, "units", problems, allow_blank=False, integer=True)
    for i, (state, cap) in enumerate(zip(raw["state"], raw["capability"])):
        if state not in states:
            problems.append(Problem(f"{file}:{i + 2}", "state", f"unknown ISO3 code {state!r}"))
        if cap not in capabilities:
            problems.append(Problem(f"{file}:{i + 2}", "capability", f"unknown unit type {cap!r}"))
    for i in np.flatnonzero(raw.duplicated(["state", "capability"]).to_numpy()):
        pair = f"{raw['state'].iloc[i]}/{raw['capability'].iloc[i]}"
        problems.append(Problem(f"{file}:{i + 2}", "state", f"duplicate row for {pair}"))
    if problems:
        raise InputError(problems)
    return pd.DataFrame({"state": raw["state"], "capability": raw["capability"], "units": units.astype(int)})
