"""NATO common-funding style key: GNI shares with the largest payer capped at the next largest."""
from __future__ import annotations

import pandas as pd


def cap_at_peer(shares: pd.Series) -> pd.Series:
    """Cap the largest share at the second largest; spread the excess pro rata over all others.

    Notes
    -----
    With s1 >= s2 the two largest shares, every other share (the peer's
    included) is scaled by f = 1 / (1 - s1 + s2) and the largest becomes s2 * f,
    so the two are equal afterwards, as the US and German shares (16.35 % each)
    of NATO's common funding from 2021.
    """
    shares = shares / shares.sum()
    if len(shares) < 2:
        return shares
    order = shares.sort_values(ascending=False, kind="mergesort")
    s1, s2 = order.iloc[0], order.iloc[1]
    factor = 1.0 / (1.0 - s1 + s2)
    out = shares * factor
    out[order.index[0]] = s2 * factor
    return out
