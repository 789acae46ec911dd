"""What a soldier costs each state (data/personnel_costs.csv): defence spending and the personnel
share of it, of the same year (2020) as the armed-forces figures of data/states.csv.

    cost_per_person_usd[s] = milex_usd_2020[s] * personnel_share[s] / armed_forces[s]

clamped to [cost_per_person_min_usd, cost_per_person_max_usd] (assumptions). A state with no
published personnel share takes `personnel_share_fallback` (the median NATO ally's in 2020); a
state with no 2020 spending or no forces pays the agreed reimbursement rate (what a UN troop
contributor is paid per soldier: its cost is taken to be what it is reimbursed). Each figure's
rule is kept beside it (`cost_source`).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.csvread import numeric, read_csv
from planner.data.states import ISO3
from planner.errors import InputError, Problem

MONTHS_PER_YEAR = 12


def load_personnel_costs(file: Path) -> pd.DataFrame:
    """iso3 -> milex_usd_2020, personnel_share (NaN where not published)."""
    raw = read_csv(file, ["iso3", "milex_usd_2020", "personnel_share"])
    problems: list[Problem] = []
    for i in np.flatnonzero(~raw["iso3"].str.fullmatch(ISO3).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "iso3", f"malformed ISO3 code {raw['iso3'].iloc[i]!r}"))
    for i in np.flatnonzero(raw["iso3"].duplicated().to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "iso3", f"duplicate row for {raw['iso3'].iloc[i]}"))
    milex = numeric(raw, file, "milex_usd_2020", problems, allow_blank=True, maximum=1e13)
    share = numeric(raw, file, "personnel_share", problems, allow_blank=True, maximum=1.0)
    if problems:
        raise InputError(problems)
    return pd.DataFrame({"milex_usd_2020": milex.to_numpy(), "personnel_share": share.to_numpy()},
                        index=pd.Index(raw["iso3"], name="iso3"))


def cost_per_person(states: pd.DataFrame, costs: pd.DataFrame, assumptions, reimbursement_usd_per_month: float,
                    overrides: dict[str, float] | None = None) -> pd.DataFrame:
    """state -> cost_per_person_usd (a year), cost_source; by the rule of the module docstring with
    `costing: national`, the reimbursement rate for every state with `costing: uniform`; the
    scenario's own figures (`overrides`) replace either."""
    if assumptions.costing == "uniform":
        frame = pd.DataFrame({"cost_per_person_usd": reimbursement_usd_per_month * MONTHS_PER_YEAR,
                              "cost_source": "uniform: the reimbursement rate"}, index=states.index)
        return _overridden(frame, overrides)
    table = costs.reindex(states.index)
    forces = states["armed_forces"].to_numpy(dtype=float)
    published = table["personnel_share"].to_numpy(dtype=float)
    share = np.where(np.isnan(published), assumptions.personnel_share_fallback, published)
    milex = table["milex_usd_2020"].to_numpy(dtype=float)
    known = ~np.isnan(milex) & (milex > 0) & (np.nan_to_num(forces) > 0)
    raw = np.where(known, np.nan_to_num(milex) * share / np.where(known, forces, 1.0), np.nan)
    rate = reimbursement_usd_per_month * MONTHS_PER_YEAR
    lo, hi = assumptions.cost_per_person_min_usd, assumptions.cost_per_person_max_usd
    value = np.where(known, np.clip(np.nan_to_num(raw), lo, hi), rate)
    source = np.where(~known, "no 2020 spending or forces: the reimbursement rate",
                      np.where(np.isnan(published), "2020 spending x fallback personnel share / forces",
                               "2020 spending x published personnel share / forces"))
    source = np.where(known & (raw < lo), source + " (raised to the floor)", source)
    source = np.where(known & (raw > hi), source + " (lowered to the ceiling)", source)
    frame = pd.DataFrame({"cost_per_person_usd": value, "cost_source": source}, index=states.index)
    return _overridden(frame, overrides)


def _overridden(frame: pd.DataFrame, overrides: dict[str, float] | None) -> pd.DataFrame:
    for state, usd in (overrides or {}).items():
        if state in frame.index:
            frame.loc[state, ["cost_per_person_usd", "cost_source"]] = [float(usd), "scenario"]
    return frame
