"""Apportionment: whole units from fractional shares, by the standard methods.

Largest remainder
    hamilton: each party gets the integer part of its quota q_i = N w_i / W,
    the seats left go to the largest fractional parts. Not house-monotone: a
    party can lose a seat when N grows (the Alabama paradox).

Highest averages (divisor methods; house-monotone): seats go one at a time to
the party with the largest w_i / d(n_i), n_i its seats so far:

    jefferson = dhondt          d(n) = n + 1
    webster = sainte_lague      d(n) = n + 1/2
    huntington_hill             d(n) = sqrt(n (n + 1))   (the US House since 1941)
    adams                       d(n) = n

With d(0) = 0 (Adams, Huntington-Hill) every party with a positive weight
gets one unit before any gets a second. `minimum` gives every party that
many units first. Ties go to the larger weight, then the earlier name.
"""
from __future__ import annotations

import heapq
import math

import numpy as np
import pandas as pd

from planner.scenario.vocabulary import APPORTION_METHODS

DIVISORS = {
    "jefferson": lambda n: n + 1.0,
    "dhondt": lambda n: n + 1.0,
    "webster": lambda n: n + 0.5,
    "sainte_lague": lambda n: n + 0.5,
    "huntington_hill": lambda n: math.sqrt(n * (n + 1.0)),
    "adams": lambda n: float(n),
}
METHODS = APPORTION_METHODS


def apportion(weights: pd.Series, total: int, method: str, minimum: int = 0) -> pd.Series:
    """Whole units per party summing to `total`."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (known: {', '.join(METHODS)})")
    if (weights < 0).any() or not np.isfinite(weights.to_numpy(dtype=float)).all():
        raise ValueError("weights must be finite and >= 0")
    if total < minimum * len(weights):
        raise ValueError(f"total {total} is less than the minimum {minimum} for each of {len(weights)} parties")
    if weights.sum() <= 0:
        raise ValueError("weights sum to 0")
    if method == "hamilton":
        return _hamilton(weights.astype(float), total, minimum)
    return _divisor(weights.astype(float), total, DIVISORS[method], minimum)


def _divisor(weights: pd.Series, total: int, divisor, minimum: int) -> pd.Series:
    seats = {name: minimum for name in weights.index}
    names = list(weights.index)
    rank = {name: i for i, name in enumerate(names)}

    def entry(name):
        w, d = weights[name], divisor(seats[name])
        priority = math.inf if (d == 0 and w > 0) else (w / d if d > 0 else 0.0)
        return (-priority, -w, rank[name], name)

    heap = [entry(name) for name in names]
    heapq.heapify(heap)
    for _ in range(total - minimum * len(names)):
        _, _, _, name = heapq.heappop(heap)
        seats[name] += 1
        heapq.heappush(heap, entry(name))
    return pd.Series(seats, dtype=int).reindex(weights.index)


def _hamilton(weights: pd.Series, total: int, minimum: int) -> pd.Series:
    quota = total * weights / weights.sum()
    base = np.floor(quota + 1e-12)
    seats = np.maximum(base, minimum)
    remainder = (quota - base).where(seats == base, -np.inf)
    order = sorted(range(len(weights)), key=lambda i: (-remainder.iloc[i], -weights.iloc[i], i))
    left = int(total - seats.sum())
    if left >= 0:
        for i in order[:left]:
            seats.iloc[i] += 1
    while left < 0:  # minimums took more than the floors left: take back, smallest remainders first
        for i in reversed(order):
            if left == 0:
                break
            if seats.iloc[i] > minimum:
                seats.iloc[i] -= 1
                left += 1
    return seats.astype(int)
