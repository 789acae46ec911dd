"""Foreign-stationed forces (data/stationed_forces.csv): personnel a state keeps on another's
territory, the year and status (public or estimate) of the figure, and whether the host consents.

US figures are the Defense Manpower Data Center's December 2025 active-duty counts (permanently
assigned only: rotational brigades are not in them); the others published estimates, flagged so.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.csvread import numeric, read_csv
from planner.data.states import ISO3
from planner.errors import InputError, Problem

STATUSES = ("public", "estimate")


def load_stationed(file: Path, known: pd.Index, shipped: bool = False) -> pd.DataFrame:
    """stationing_state, host_state, personnel, year, status, consent (bool), source. The shipped
    table (`shipped`) read against a scenario's own states table keeps the pairs of states it knows
    (the others are real states outside that table); any other table must name known states only."""
    raw = read_csv(file, ["stationing_state", "host_state", "personnel", "year", "status", "consent", "source"])
    if shipped:
        raw = raw[raw["stationing_state"].isin(known) & raw["host_state"].isin(known)].reset_index(drop=True)
    problems: list[Problem] = []
    for column in ("stationing_state", "host_state"):
        for i in np.flatnonzero(~raw[column].str.fullmatch(ISO3).to_numpy() | ~raw[column].isin(known).to_numpy()):
            problems.append(Problem(f"{file}:{i + 2}", column, f"unknown ISO3 code {raw[column].iloc[i]!r}"))
    for i in np.flatnonzero(raw.duplicated(["stationing_state", "host_state"]).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "host_state", "a second row for the same pair"))
    for i in np.flatnonzero((raw["stationing_state"] == raw["host_state"]).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "host_state", "a state is not stationed on its own territory"))
    for i in np.flatnonzero(~raw["status"].isin(STATUSES).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "status",
                                f"must be public or estimate, got {raw['status'].iloc[i]!r}"))
    for i in np.flatnonzero(~raw["consent"].isin(["0", "1"]).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "consent", f"must be 1 or 0, got {raw['consent'].iloc[i]!r}"))
    personnel = numeric(raw, file, "personnel", problems, allow_blank=False, maximum=1e7)
    year = numeric(raw, file, "year", problems, allow_blank=False, integer=True, maximum=2300)
    if problems:
        raise InputError(problems)
    return pd.DataFrame({"stationing_state": raw["stationing_state"], "host_state": raw["host_state"],
                         "personnel": personnel.to_numpy(), "year": year.astype(int).to_numpy(),
                         "status": raw["status"], "consent": raw["consent"] == "1", "source": raw["source"]})
