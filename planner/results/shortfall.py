"""Per mission: its lead nation, and (a partial plan) the requirements left unmet.

shortfall.csv: mission, capability, required, filled, short (units), personnel_short, for every
requirement a partial plan leaves unmet (planner/model/shortfall.py chose which: the most
important missions first).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.model import BuiltModel

# A binary read from a solution is 1 above this.
ON = 0.5


def lead_nations(built: BuiltModel, x: np.ndarray, allocation: pd.DataFrame) -> pd.Series:
    """(period, mission) -> the lead nation chosen by the model, for missions with a lead rule that
    receive anyone (a mission a partial plan leaves empty has no lead)."""
    if "leads" not in built.model.variables:
        return pd.Series(dtype=str)
    z = built.model.value("leads", x)
    chosen = z[z > ON].index.to_frame(index=False)
    sends = allocation.groupby(["period", "state", "mission"])["personnel"].sum()
    keys = pd.MultiIndex.from_frame(chosen[["period", "state", "mission"]])
    chosen = chosen[sends.reindex(keys, fill_value=0).to_numpy() > 0]
    return chosen.set_index(["period", "mission"])["state"].sort_index()


def shortfall_table(missions: pd.DataFrame) -> pd.DataFrame:
    """The rows of missions (period, mission, capability, required, filled, personnel_required) left
    short, with the units and personnel missing."""
    short = missions[missions["filled"] < missions["required"]].copy()
    short["short"] = short["required"] - short["filled"]
    per_unit = short["personnel_required"] / short["required"]
    short["personnel_short"] = (short["short"] * per_unit).round().astype(int)
    return short[["period", "mission", "capability", "required", "filled", "short", "personnel_short"]].reset_index(
        drop=True)
