"""Burden-sharing keys: pure functions from the states table to shares summing to 1.

Methods (scenario `key.method`, or `planner key METHOD`):

==================  ==============================================================
gdp, gni,           proportional to one figure of states.csv
population, milex,
armed_forces
mix                 weighted mix of those figures (`key.weights`)
un                  UN regular-budget capacity to pay (planner/keys/un.py)
un_peacekeeping     UN peacekeeping levels A-J with the permanent members' premium
                    (both on a basis, `key.basis`: world, the default, computes the
                    scale over all UN members and rebases it to the members;
                    members computes it over the members alone)
nato                GNI shares, the largest payer capped at the next largest
==================  ==============================================================

Then the floor (`assumptions.key_floor_share`) and, last, negotiated
per-member overrides (`key.overrides`: share, cap or discount), which hold exactly.
"""
from __future__ import annotations

import pandas as pd

from planner.keys.nato import cap_at_peer
from planner.keys.overrides import apply_overrides
from planner.keys.un import un_key
from planner.keys.weighted import COMPONENT_COLUMNS, apply_floor, weighted_key
from planner.scenario.vocabulary import DEFAULT_KEY_BASIS, KEY_METHODS, UN_KEY_METHODS


def compute_key(method: str, states: pd.DataFrame, members: pd.Index, *, weights: dict[str, float] | None = None,
                floor: float = 0.0, overrides: dict[str, dict[str, float]] | None = None,
                designations: pd.DataFrame | None = None, levels: pd.DataFrame | None = None,
                basis: str | None = None) -> pd.Series:
    """Key shares of `members` by `method`; sums to 1. `basis` (un, un_peacekeeping only; None
    means world): whom the UN scale is computed over before it is rebased to the members."""
    if basis is not None and method not in UN_KEY_METHODS:
        raise ValueError(f"method {method} takes no basis (only {', '.join(UN_KEY_METHODS)} do)")
    if method in COMPONENT_COLUMNS:
        shares = apply_floor(weighted_key(states, members, {method: 1.0}), floor)
    elif method == "mix":
        shares = apply_floor(weighted_key(states, members, weights or {}), floor)
    elif method in UN_KEY_METHODS:
        shares = un_key(method, states, members, designations, levels, floor=floor, basis=basis or DEFAULT_KEY_BASIS)
    elif method == "nato":
        shares = apply_floor(cap_at_peer(weighted_key(states, members, {"gni": 1.0})), floor)
    else:
        raise ValueError(f"unknown key method {method!r} (known: {', '.join(KEY_METHODS)})")
    if overrides:
        shares = apply_overrides(shares, overrides)
    return shares.rename("key_share")


__all__ = ["KEY_METHODS", "apply_floor", "compute_key", "weighted_key"]
