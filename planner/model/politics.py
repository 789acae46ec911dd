"""Mission politics in the rows: no bloc above its share of a mission's personnel.

    bloc_cap      sum_{s in B} sum_c personnel[c] x[p,s,c,m] <= share[m,B] * P[p,m]

(Who may not serve at all, as a party, host, neighbour, vetoed or unavailable state, never gets a
variable: planner/inputs/politics.py.)
"""
from __future__ import annotations

import numpy as np

from planner.inputs import ModelData
from planner.model.linear import LinearModel
from planner.model.rows import Terms


def add_bloc_caps(model: LinearModel, d: ModelData, every_row: bool = False) -> None:
    """One row per (period, mission, bloc) cap that the members' own bounds do not already keep;
    `every_row` keeps them all (the elastic model shrinks P)."""
    if d.bloc_caps.empty:
        return
    x = model.variables["units"]
    t = d.triples
    rows, cols, coefs = [], [], []
    keep = []
    for r, ((period, mission, bloc), cap) in enumerate(d.bloc_caps["cap"].items()):
        mine = np.flatnonzero(((t["period"] == period) & (t["mission"] == mission)
                               & t["state"].isin(d.blocs[bloc])).to_numpy())
        if not every_row and t["personnel_ub"].to_numpy()[mine].sum() <= cap + 1e-9:
            continue
        keep.append(r)
        rows.append(np.full(len(mine), len(keep) - 1))
        cols.append(x.ids[mine])
        coefs.append(t["personnel_per_unit"].to_numpy()[mine])
    if not keep:
        return
    index = d.bloc_caps.index[keep]
    model.add_rows("bloc_cap", index, [Terms(np.concatenate(rows), np.concatenate(cols), np.concatenate(coefs))],
                   -np.inf, d.bloc_caps["cap"].to_numpy()[keep])


