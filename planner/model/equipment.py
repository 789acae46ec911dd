"""Equipment under treaty-style ceilings: what each member keeps of each CFE category, year by year.

=============  =======================  ==============================================
symbol         code name                meaning
=============  =======================  ==============================================
H[p,s,e]       ``holdings``             items of category e member s holds in year p
=============  =======================  ==============================================

0 <= H[p,s,e] <= min(H0[s,e], ceiling[p,s,e]), integer
H[p,s,e] <= H[p-1,s,e]                         destroyed or converted items never come back
H[p,s,e] - share * sum_s' H[p,s',e] <= 0       sufficiency: no member above `share` of the total
H[p,s,e] <= (1 + b) H0[s,e] N[p,s] / N0[s]      equipment follows manpower down: items per 1,000
                                               personnel at most b above the baseline ratio (`manpower_band`)
objective: maximise sum H (destroy no more than the ceilings, sufficiency and manpower demand)

Items are kept wherever these rules allow, so a member's ratio falls below its baseline only where
a ceiling or the sufficiency rule demands it (the band's lower side, written as a bound, would make
a member whose forces do not fall break the sufficiency rule).

Solved after the forces path (N from it), as its own small model.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs.eligibility import WHOLE_TOL
from planner.model.linear import LinearModel, Objective
from planner.model.rows import Terms


def build_equipment(years: pd.Index, baseline: pd.Series, ceilings: pd.DataFrame, share: float,
                    manpower: pd.DataFrame | None = None,
                    band: float | None = None) -> tuple[LinearModel, tuple[Objective, ...]]:
    """`baseline`: (state, category) -> count; `ceilings`: same index x years; `manpower`: year x state
    -> N[p,s] / N0[s], the forces path as a share of baseline (with `band`: equipment follows it)."""
    m = LinearModel()
    pairs = baseline.index
    index = pd.MultiIndex.from_tuples([(y, s, e) for y in years for s, e in pairs],
                                      names=["period", "state", "category"])
    hi = np.concatenate([np.floor(np.minimum(baseline.to_numpy(), ceilings[y].reindex(pairs).to_numpy()) + WHOLE_TOL)
                         for y in years])
    if manpower is not None and band is not None:
        states = pairs.get_level_values("state")
        ratio = np.concatenate([manpower.loc[y].reindex(states).fillna(1.0).to_numpy() for y in years])
        base = np.tile(baseline.to_numpy(dtype=float), len(years))
        hi = np.minimum(hi, np.floor((1 + band) * base * ratio + WHOLE_TOL))
    h = m.add_variables("holdings", index, 0.0, hi, integer=True)
    k = len(pairs)
    if len(years) > 1:
        prev = h.start + np.arange((len(years) - 1) * k)
        m.add_rows("no_rebuilding", index[k:], [Terms.per_row(prev + k), Terms.per_row(prev, -1.0)], -np.inf, 0.0)
    _add_sufficiency(m, h, index, years, pairs, share)
    keep = Objective("retained", {"holdings": -np.ones(len(index))})
    m.use_objective(keep)
    return m, (keep,)


def _add_sufficiency(m: LinearModel, h, index: pd.MultiIndex, years: pd.Index, pairs: pd.MultiIndex,
                     share: float) -> None:
    """H[p,s,e] - share * sum_s' H[p,s',e] <= 0 for every year, category and member holding it."""
    k = len(pairs)
    categories = pairs.get_level_values("category")
    # Per year, the rows go category by category (sorted), members in table order.
    members = [np.flatnonzero(categories == category) for category in sorted(set(categories))]
    own = np.concatenate(members) if members else np.zeros(0, dtype=int)
    if len(own) == 0:
        return
    group = np.concatenate([np.full(len(g), j) for j, g in enumerate(members)])
    sizes = np.array([len(members[g]) for g in group])
    peers = np.concatenate([members[g] for g in group])          # each row's whole category
    per_year = len(own)
    offsets = np.arange(len(years)) * k
    rows = np.arange(per_year * len(years))
    own_cols = h.start + (offsets[:, None] + own[None, :]).ravel()
    peer_rows = np.repeat(rows, np.tile(sizes, len(years)))
    peer_cols = h.start + (offsets[:, None] + peers[None, :]).ravel()
    labels = index[(offsets[:, None] + own[None, :]).ravel()]
    m.add_rows("sufficiency", labels, [Terms(rows, own_cols), Terms(peer_rows, peer_cols, -share)], -np.inf, 0.0)
