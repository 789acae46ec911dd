"""Equipment under treaty-style ceilings: what each member keeps of each CFE category, year by year.

=============  =======================  ==============================================
symbol         code name                meaning
=============  =======================  ==============================================
H[p,s,e]       ``holdings``             items of category e member s holds in year p
=============  =======================  ==============================================

0 <= H[p,s,e] <= min(H0[s,e], ceiling[p,s,e]), integer
H[p,s,e] <= H[p-1,s,e]                         destroyed or converted items never come back
H[p,s,e] - share * sum_s' H[p,s',e] <= 0       sufficiency: no member above `share` of the total
objective: maximise sum H (destroy no more than the ceilings and sufficiency demand)

Independent of the allocation and the personnel path, so it is its own small model.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs.eligibility import WHOLE_TOL
from planner.model.linear import LinearModel, Objective
from planner.model.rows import Terms


def build_equipment(years: pd.Index, baseline: pd.Series, ceilings: pd.DataFrame,
                    share: float) -> tuple[LinearModel, tuple[Objective, ...]]:
    """`baseline`: (state, category) -> count; `ceilings`: same index x years."""
    m = LinearModel()
    pairs = baseline.index
    index = pd.MultiIndex.from_tuples([(y, s, e) for y in years for s, e in pairs],
                                      names=["period", "state", "category"])
    hi = np.concatenate([np.floor(np.minimum(baseline.to_numpy(), ceilings[y].reindex(pairs).to_numpy()) + WHOLE_TOL)
                         for y in years])
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
