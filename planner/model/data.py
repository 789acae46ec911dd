"""Model data: the arrays the constraint builders share, derived once from Inputs.

Money inside the model is in thousands of USD (kUSD), which keeps objective
coefficients well scaled; results convert back to USD.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.inputs import Inputs

USD_PER_MODEL_UNIT = 1000.0


@dataclass(frozen=True)
class ModelData:
    inputs: Inputs
    triples: pd.DataFrame        # eligible rows, in variable order
    personnel_total: int         # personnel all requirements need (exact: requirements are met with equality)

    @property
    def members(self) -> pd.Index:
        return self.inputs.members


def model_data(inputs: Inputs) -> ModelData:
    triples = inputs.eligible.copy()
    triples["cost_k"] = triples["cost_usd_per_unit"] / USD_PER_MODEL_UNIT
    triples["personnel_ub"] = triples["max_units"] * triples["personnel_per_unit"]
    return ModelData(inputs, triples, int(inputs.requirements["personnel_required"].sum()))


def group_codes(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.Index]:
    """Row number of each frame row's group (groups sorted by `keys`) and the group index."""
    grouped = frame.groupby(keys[0] if len(keys) == 1 else keys, sort=True)
    codes = grouped.ngroup().to_numpy()
    index = pd.Index(list(grouped.groups.keys()), name=keys[0]) if len(keys) == 1 else \
        pd.MultiIndex.from_tuples(list(grouped.groups.keys()), names=keys)
    return codes, index
