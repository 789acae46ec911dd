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
# Where a unit type comes from: an army's land, air or naval forces, its police, or civil protection.
DOMAINS = ("land", "air", "maritime", "police", "civil")
MILITARY = ("land", "air", "maritime")
# Optional columns (a scenario's own capabilities table may leave them out) and their defaults.
OPTIONAL = {"domain": "land", "inventory": "", "inventory_per_unit": "", "per_million_people": ""}
INVENTORIES = ("utility_helicopters", "transport_aircraft")


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
    for column, default in OPTIONAL.items():
        if column not in raw.columns:
            raw[column] = default
    table["domain"] = raw["domain"].replace("", "land")
    for i in np.flatnonzero(~table["domain"].isin(DOMAINS).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "domain", f"must be one of {', '.join(DOMAINS)}, "
                                                             f"got {table['domain'].iloc[i]!r}"))
    table["inventory"] = raw["inventory"]
    for i in np.flatnonzero(~raw["inventory"].isin(INVENTORIES + ("",)).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "inventory", f"must be blank or one of {', '.join(INVENTORIES)}, "
                                                                f"got {raw['inventory'].iloc[i]!r}"))
    table["inventory_per_unit"] = numeric(raw, file, "inventory_per_unit", problems, allow_blank=True, minimum=1,
                                          maximum=1000)
    for i in np.flatnonzero(((raw["inventory"] != "") & table["inventory_per_unit"].isna()).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "inventory_per_unit", "value is required with an inventory"))
    table["per_million_people"] = numeric(raw, file, "per_million_people", problems, allow_blank=True, maximum=1000)
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


def default_capacity(states: pd.DataFrame, capabilities: pd.DataFrame, facts: pd.DataFrame,
                     deployable_share: float, sustainable_share: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Units each state holds per unit type, and where each figure comes from (state x capability).

    Notes
    -----
    Military and police units (domain land, air, maritime, police), from the armed forces F[s]:

        share[c] = min(deployable_share, sustainable_share * rotation[c])
        units[s, c] = floor(F[s] * share[c] * pool_share[c] / personnel[c])   when F[s] >= min_armed_forces[c]

    so that the units kept deployed, units / rotation, are `sustainable_share` of the forces (NATO's
    usability target: 8 %) and those held ready at most `deployable_share` (40 %). Then:

    - air units: at most floor(inventory[s] * share[c] / inventory_per_unit[c]) (the state's
      helicopters or airlifters, data/air_inventory.csv; the manpower rule alone where no figure
      is published, flagged);
    - maritime units: none for a state without a sea coast (data/coastlines.csv);
    - land, air and maritime units: none for a state without an army (data/no_army.csv); its
      police (formed police units) and civil units remain.

    Civil units (domain civil: heavy urban search and rescue) come from civil protection, not the
    army: the INSARAG-classified teams found (data/civil_protection.csv, a lower bound), or
    floor(population * per_million_people / 1e6) where that is more.
    """
    forces = states["armed_forces"].fillna(0).to_numpy()[:, None]
    share = np.minimum(deployable_share, sustainable_share * capabilities["rotation_factor"].to_numpy())[None, :]
    personnel = capabilities["personnel"].to_numpy()[None, :]
    units = np.floor(forces * share * capabilities["pool_share"].to_numpy()[None, :] / personnel + 1e-9)
    units[forces[:, 0] < 1, :] = 0
    units = np.where(forces >= capabilities["min_armed_forces"].to_numpy()[None, :], units, 0)
    source = np.full(units.shape, "armed forces", dtype=object)
    source[units == 0] = "armed forces: too few"
    domain = capabilities["domain"].to_numpy()
    facts = facts.reindex(states.index)

    for j in np.flatnonzero(capabilities["inventory"].to_numpy() != ""):
        held = facts[capabilities["inventory"].iloc[j]].to_numpy(dtype=float)
        cap = np.floor(held * share[0, j] / capabilities["inventory_per_unit"].iloc[j] + 1e-9)
        known = ~np.isnan(held)
        year = facts["air_year"].to_numpy()
        status = facts["air_status"].to_numpy()
        capped = known & (cap < units[:, j])
        units[:, j] = np.where(capped, cap, units[:, j])
        for i in np.flatnonzero(known):
            what = f"inventory {int(held[i])} ({status[i] or 'listed'}, {int(year[i]) if year[i] == year[i] else '?'})"
            source[i, j] = f"{what}: the limit" if capped[i] else f"armed forces; {what}"
        for i in np.flatnonzero(~known & (units[:, j] > 0)):
            source[i, j] = "armed forces (no published inventory)"

    for j in np.flatnonzero(domain == "civil"):
        rate = capabilities["per_million_people"].iloc[j]
        by_people = np.floor(states["population"].fillna(0).to_numpy() * (0 if np.isnan(rate) else rate) / 1e6 + 1e-9)
        classified = facts["usar_teams"].to_numpy(dtype=float)
        listed = ~np.isnan(classified) & (classified >= by_people)
        units[:, j] = np.where(listed, classified, by_people)
        for i in range(len(states)):
            source[i, j] = (f"classified teams ({int(facts['usar_year'].iloc[i])})" if listed[i]
                            else "population rule")

    for j in np.flatnonzero(domain == "maritime"):
        units[~facts["coastal"].to_numpy(), j] = 0
        source[~facts["coastal"].to_numpy(), j] = "none: no sea coast"
    for j in np.flatnonzero(np.isin(domain, MILITARY)):
        units[~facts["has_army"].to_numpy(), j] = 0
        source[~facts["has_army"].to_numpy(), j] = "none: no army"

    frame = pd.DataFrame(units.astype(int), index=states.index, columns=capabilities.index)
    sources = pd.DataFrame(source, index=states.index, columns=capabilities.index)
    return (frame.rename_axis(index="state", columns="capability"),
            sources.rename_axis(index="state", columns="capability"))


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
