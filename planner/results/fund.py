"""The common fund: members pay in, contributors are reimbursed, so that every
member's net cost lands inside its fairness band.

Why this is not in the MILP: for any allocation x the fund can always bring
every member's net cost into its band (shown below), so money never restricts
who sends what. Leaving it out of the MILP is an exact decomposition: the
MILP finds the cheapest allocation, then `settle_fund` computes the smallest
transfers that make it fair in money. (Kept inside the MILP, these always-
satisfiable rows slowed HiGHS from under a second to 17 s on osce-baseline.)

Notes
-----
Given deployment costs c[s] of each member, total T = sum c, key shares k[s]
and tolerance tol, with band L[s] = (1 - tol) k[s] T and U[s] = (1 + tol) k[s] T:

1. r[s] = max(c[s] - U[s], 0): members above the band are reimbursed down to its top;
   p[s] = max(L[s] - c[s], 0): members below it pay up to its bottom.
2. The fund must balance (sum p = sum r). Let A = sum r, B = sum p.
   If A > B, every member not reimbursed pays theta * (U[s] - net[s]) more, with one
   theta in [0, 1] for all, so that the extra payments sum to A - B (possible:
   sum U >= T). If B > A, every member not paying is reimbursed theta * (net[s] - L[s])
   more, symmetrically.
Total transfers are max(A, B), the least any balanced fund can move, and every
member ends inside its band; net[s] = c[s] - r[s] + p[s] sums to T.

Before the settlement, the fund reimburses every contributor at the agreed rate and members pay
for it by the key (`agreed_rate`): R[s] = rate person_months[s], P[s] = k[s] sum R. The settlement
then starts from c[s] - R[s] + P[s] (which also sums to T), and states.csv reports the sums of both.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def money_tolerance(fairness) -> float | None:
    """Band the common fund settles net costs into, by fairness mode (None: no fund transfers).

    band: the band itself; minimax and leximin: exact key shares (money can be
    divided exactly); gini: a band of half-width gini_max, which keeps the
    Gini of net-cost ratios at most gini_max (|rho_i - rho_j| <= 2 gini_max).
    """
    if fairness.mode == "off" or "net_cost" not in fairness.apply_to:
        return None
    return {"band": fairness.tolerance, "minimax": 0.0, "leximin": 0.0, "gini": fairness.gini_max}[fairness.mode]


def settle_fund(cost_usd: pd.Series, key: pd.Series, tolerance: float) -> pd.DataFrame:
    """Fund payments and reimbursements per member (USD) that put net costs in the band."""
    c = cost_usd.reindex(key.index).fillna(0.0).to_numpy(dtype=float)
    k = key.to_numpy(dtype=float)
    total = c.sum()
    lower, upper = (1 - tolerance) * k * total, (1 + tolerance) * k * total
    r = np.maximum(c - upper, 0.0)
    p = np.maximum(lower - c, 0.0)
    net = c - r + p
    excess = r.sum() - p.sum()
    if excess > 0:
        room = np.where(r > 0, 0.0, upper - net)
        p += excess / room.sum() * room if room.sum() > 0 else 0.0
    elif excess < 0:
        room = np.where(p > 0, 0.0, net - lower)
        r += -excess / room.sum() * room if room.sum() > 0 else 0.0
    return pd.DataFrame({"fund_payment_usd": p, "reimbursement_usd": r,
                         "net_cost_usd": c - r + p}, index=key.index)


def agreed_rate(person_months: pd.Series, key: pd.Series, usd_per_person_month: float) -> pd.DataFrame:
    """Reimbursement at the agreed rate per person-month deployed and each member's payment for it
    by the key: the fund balances."""
    back = person_months.reindex(key.index).fillna(0.0).to_numpy(dtype=float) * usd_per_person_month
    pay = key.to_numpy(dtype=float) * back.sum()
    return pd.DataFrame({"fund_payment_usd": pay, "reimbursement_usd": back}, index=key.index)
