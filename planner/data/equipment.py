"""Baseline holdings of treaty-limited equipment, in the shape of the Vienna Document exchange."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.csvread import numeric, read_csv
from planner.errors import InputError, Problem

# The five categories of the CFE treaty.
CFE_CATEGORIES = ("battle_tanks", "armoured_combat_vehicles", "artillery", "combat_aircraft", "attack_helicopters")
STATUSES = ("public", "illustrative")


def load_holdings(file: Path, known: pd.Index) -> pd.DataFrame:
    """state, category, count, status (public or illustrative), one row per state and category."""
    raw = read_csv(file, ["state", "category", "count", "year", "status", "source"])
    problems: list[Problem] = []
    count = numeric(raw, file, "count", problems, allow_blank=False, integer=True)
    for i, (state, category, status) in enumerate(zip(raw["state"], raw["category"], raw["status"])):
        if state not in known:
            problems.append(Problem(f"{file}:{i + 2}", "state", f"unknown ISO3 code {state!r}"))
        if category not in CFE_CATEGORIES:
            problems.append(Problem(f"{file}:{i + 2}", "category",
                                    f"unknown category {category!r} (known: {', '.join(CFE_CATEGORIES)})"))
        if status not in STATUSES:
            problems.append(Problem(f"{file}:{i + 2}", "status", f"must be public or illustrative, got {status!r}"))
    for i in np.flatnonzero(raw.duplicated(["state", "category"]).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "state", "duplicate state and category"))
    if problems:
        raise InputError(problems)
    return pd.DataFrame({"state": raw["state"], "category": raw["category"], "count": count.astype(int),
                         "status": raw["status"]})
