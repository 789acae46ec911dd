"""Negotiated adjustments to a computed key: fixed shares, caps and discounts per member."""
from __future__ import annotations

import pandas as pd


def apply_overrides(shares: pd.Series, overrides: dict[str, dict[str, float]]) -> pd.Series:
    """Apply per-member `share`, `cap` or `discount`; the others absorb the difference pro rata.

    Notes
    -----
    For an overridden member: share -> the given share; cap -> min(share, cap);
    discount d -> share * (1 - d). Every other member is scaled by
    (1 - sum of overridden shares) / (sum of their own shares).
    """
    out = shares.copy()
    fixed = pd.Series(False, index=shares.index)
    for code, rule in sorted(overrides.items()):
        if code not in out.index:
            continue
        if rule.get("share") is not None:
            out[code] = rule["share"]
        if rule.get("cap") is not None:
            out[code] = min(out[code], rule["cap"])
        if rule.get("discount") is not None:
            out[code] = out[code] * (1.0 - rule["discount"])
        fixed[code] = True
    room = 1.0 - out[fixed].sum()
    free = ~fixed
    if room < -1e-12 or (free.any() and out[free].sum() <= 0 and room > 1e-12):
        raise ValueError(f"overridden shares sum to {out[fixed].sum():.4f}, leaving no room for the others")
    if free.any():
        out[free] = out[free] * room / out[free].sum()
    return out
