"""Disproportionality indices between burden shares and key shares (all as fractions, 0 = proportional)."""
from __future__ import annotations

import numpy as np
import pandas as pd


def _aligned(share: pd.Series, key: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    ok = key.notna() & share.notna()
    k = key[ok].to_numpy(dtype=float)
    s = share[ok].to_numpy(dtype=float)
    return s / s.sum() if s.sum() > 0 else s, k / k.sum() if k.sum() > 0 else k


def gallagher(share: pd.Series, key: pd.Series) -> float:
    """Gallagher least-squares index: sqrt(1/2 sum (s_i - k_i)^2)."""
    s, k = _aligned(share, key)
    return float(np.sqrt(0.5 * np.sum((s - k) ** 2)))


def loosemore_hanby(share: pd.Series, key: pd.Series) -> float:
    """Loosemore-Hanby index: 1/2 sum |s_i - k_i| (the share that would have to move)."""
    s, k = _aligned(share, key)
    return float(0.5 * np.sum(np.abs(s - k)))


def gini_of_ratios(share: pd.Series, key: pd.Series) -> float:
    """Key-weighted Gini of burden ratios rho[s] = share[s] / key[s].

    Notes
    -----
    G = 1/2 * sum_i sum_j k_i k_j |rho_i - rho_j| over members with a key share
    (weights k sum to 1, so the weighted mean of rho is 1). 0: everyone carries
    exactly its key share; larger: burden concentrated off the key.
    """
    s, k = _aligned(share, key)
    keep = k > 0
    s, k = s[keep], k[keep]
    if len(k) == 0:
        return 0.0
    rho = s / k
    return float(0.5 * np.sum(np.outer(k, k) * np.abs(rho[:, None] - rho[None, :])))
