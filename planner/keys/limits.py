"""Shares with lower and upper limits: clamp, and spread the difference pro rata over the rest."""
from __future__ import annotations

import numpy as np
import pandas as pd


def apply_limits(shares: pd.Series, lower: pd.Series | float = 0.0, upper: pd.Series | float = 1.0) -> pd.Series:
    """Clamp shares into [lower, upper] and renormalise the unclamped ones pro rata.

    Notes
    -----
    Repeats until no free share breaks its limits (moving money onto the free
    shares can push one of them over a ceiling or under a floor, as in the UN
    scale, where the ceiling's excess and the floor's deficit are redistributed
    pro rata). Limits that cannot all hold (sum of floors > 1) give equal shares.
    """
    values = (shares / shares.sum()).to_numpy(dtype=float).copy()
    lo = np.broadcast_to(np.asarray(lower.reindex(shares.index) if isinstance(lower, pd.Series) else lower,
                                    dtype=float), values.shape).copy()
    hi = np.broadcast_to(np.asarray(upper.reindex(shares.index) if isinstance(upper, pd.Series) else upper,
                                    dtype=float), values.shape).copy()
    if not np.isfinite(values).all():
        raise ValueError("shares must be finite")
    if (lo > hi).any():
        raise ValueError("a lower limit is above an upper limit")
    if lo.sum() > 1 + 1e-12 or hi.sum() < 1 - 1e-12:
        return pd.Series(1.0 / len(values), index=shares.index)
    fixed = np.zeros(len(values), dtype=bool)
    target = values.copy()
    for _ in range(len(values) + 1):
        free = ~fixed
        room = 1.0 - target[fixed].sum()
        base = values[free].sum()
        target[free] = values[free] * room / base if base > 0 else room / max(free.sum(), 1)
        over = free & (target > hi + 1e-15)
        under = free & (target < lo - 1e-15)
        if not over.any() and not under.any():
            break
        target[over] = hi[over]
        target[under] = lo[under]
        fixed |= over | under
    return pd.Series(target, index=shares.index)
