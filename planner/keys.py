"""Burden-sharing keys: pure functions from the states table to shares summing to 1."""
from __future__ import annotations

import numpy as np
import pandas as pd

COMPONENT_COLUMNS = {
    "gdp": "gdp_usd",
    "gni": "gni_usd",
    "population": "population",
    "milex": "milex_usd",
    "armed_forces": "armed_forces",
}


def weighted_key(states: pd.DataFrame, members: pd.Index, weights: dict[str, float],
                 floor_share: float = 0.0) -> pd.Series:
    """Share of each member under a weighted mix of components, with a floor.

    Notes
    -----
    share_s = sum_j w_j * x_sj / X_j / sum_j w_j, with X_j = sum over members of x_sj;
    a component no member has (X_j = 0) is dropped. Then `apply_floor`.
    """
    figures = states.loc[members]
    total = pd.Series(0.0, index=members)
    weight_sum = 0.0
    for component, weight in sorted(weights.items()):
        column = figures[COMPONENT_COLUMNS[component]].astype(float)
        if weight <= 0 or column.sum() <= 0:
            continue
        total += weight * column / column.sum()
        weight_sum += weight
    if weight_sum == 0:
        total[:] = 1.0
        weight_sum = float(len(members))
    return apply_floor(total / weight_sum, floor_share).rename("key_share")


def apply_floor(shares: pd.Series, floor_share: float) -> pd.Series:
    """Raise shares below `floor_share` to it; take the excess pro rata from the others.

    Repeats until no share falls below the floor (taking from others can push
    them under it). Impossible floors (n * floor > 1) give equal shares.
    """
    shares = shares / shares.sum()
    if floor_share <= 0:
        return shares
    if floor_share * len(shares) >= 1:
        return pd.Series(1.0 / len(shares), index=shares.index)
    fixed = np.zeros(len(shares), dtype=bool)
    values = shares.to_numpy().copy()
    while True:
        below = (values < floor_share - 1e-15) & ~fixed
        if not below.any():
            break
        fixed |= below
        free = ~fixed
        values[fixed] = floor_share
        values[free] *= (1.0 - floor_share * fixed.sum()) / values[free].sum()
    return pd.Series(values, index=shares.index)
