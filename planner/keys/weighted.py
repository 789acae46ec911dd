"""Keys proportional to one figure or a weighted mix of figures."""
from __future__ import annotations

import pandas as pd

from planner.keys.limits import apply_limits

COMPONENT_COLUMNS = {
    "gdp": "gdp_usd",
    "gni": "gni_usd",
    "population": "population",
    "milex": "milex_usd",
    "armed_forces": "armed_forces",
}


def weighted_key(states: pd.DataFrame, members: pd.Index, weights: dict[str, float]) -> pd.Series:
    """Share of each member under a weighted mix of components.

    Notes
    -----
    share_s = sum_j w_j * x_sj / X_j / sum_j w_j, with X_j = sum over members of x_sj;
    a component no member has (X_j = 0) is dropped. A single component
    (`gdp`, `gni`, ...) is the mix with one weight.
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
        return pd.Series(1.0 / len(members), index=members)
    return total / weight_sum


def apply_floor(shares: pd.Series, floor_share: float) -> pd.Series:
    """Raise shares below `floor_share` to it; take the difference pro rata from the others."""
    return apply_limits(shares, lower=floor_share) if floor_share > 0 else shares / shares.sum()
