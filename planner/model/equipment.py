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

from planner.model.linear import LinearModel, Objective
from planner.model.rows import Terms


def build_equipment(years: pd.Index, baseline: pd.Series, ceilings: pd.DataFrame,
                    share: float) -> tuple[LinearModel, tuple[Objective, ...]]:
    """`baseline`: (state, category) -> count; `ceilings`: same index x years."""
    m = LinearModel()
    pairs = baseline.index
    index = pd.MultiIndex.from_tuples([(y, s, e) for y in years for s, e in pairs],
                                      names=["period", "state", "category"])
    hi = np.concatenate([np.floor(np.minimum(baseline.to_numpy(), ceilings[y].reindex(pairs).to_numpy()) + 1e-9)
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
    terms, labels = [], []
    r = 0
    for j, _ in enumerate(years):
        for category in sorted(set(categories)):
            members = np.flatnonzero(categories == category)
            for i in members:
                cols = h.start + j * k + np.concatenate([[i], members])
                terms.append(Terms(np.full(len(members) + 1, r), cols,
                                   np.concatenate([[1.0], -share * np.ones(len(members))])))
                labels.append(index[j * k + i])
                r += 1
    if terms:
        m.add_rows("sufficiency", pd.MultiIndex.from_tuples(labels, names=index.names), terms, -np.inf, 0.0)
