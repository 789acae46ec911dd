"""Mutual reduction rules on the forces path: who cuts is decided by the rule, cost only inside it.

=============  =======================  ==============================================
symbol         code name                meaning
=============  =======================  ==============================================
c[p]           ``common_cut``           the common cut share of year p (proportional rule)
=============  =======================  ==============================================

proportional  for each member s under the rule (R: forces at baseline, no own target, a floor
              that does not stop it; planner/inputs/trajectory.py lists the others and why):
              N0[s] (1 - (1 + tol) c[p]) <= N[p,s] <= N0[s] (1 - (1 - tol) c[p]),
              written N[p,s] + (1 + tol) N0[s] c[p] >= N0[s] and
                      N[p,s] + (1 - tol) N0[s] c[p] <= N0[s]:
              every member cuts the same share of its baseline, within the relative tolerance.
phases        N0[s] - N[y_k,s] >= f_k (N0[s] - N[Y,s]) for each phase year y_k with cumulative
              share f_k, Y the final year: written N[y_k,s] - f_k N[Y,s] <= (1 - f_k) N0[s].
              Each member's reduction liability (what it cuts by the final year) is due f_k by y_k.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.model.linear import LinearModel
from planner.model.rows import Terms


def exemptions(d: ModelData, f: pd.DataFrame, need: pd.Series | None) -> pd.Series:
    """member -> why it does not follow the proportional rule ("" when it does): the inputs' reasons
    (its own target, a floor above the rule's least cut at the regional reduction), and forces its
    contributions need in some year above that least cut (the rule would otherwise hold every other
    member to the cut the contributor can make)."""
    tr = d.trajectory
    reason = f["exemption"].copy()
    if tr.rule != "proportional":
        return reason
    if need is None or need.empty:
        return _through_pairs(reason, tr.pairs)
    most_needed = need.groupby("state").max().reindex(f.index, fill_value=0.0)
    held_up = (reason == "") & (most_needed > f["rule_most_kept"] + 1e-6)
    reason[held_up] = "contributions need its forces"
    return _through_pairs(reason, tr.pairs)


def _through_pairs(reason: pd.Series, pairs: pd.DataFrame) -> pd.Series:
    """A member balanced against an exempt member is exempt too: the pair keeps it near its rival's
    path, which the rule does not govern."""
    changed = True
    while changed:
        changed = False
        for a, b in zip(pairs["a"], pairs["b"]):
            for one, other in ((a, b), (b, a)):
                if one in reason.index and other in reason.index and reason[one] and not reason[other]:
                    reason[other] = f"balanced against {one}"
                    changed = True
    return reason


def add_proportional_rule(m: LinearModel, n, d: ModelData, f: pd.DataFrame, need: pd.Series | None) -> None:
    """The proportional rule's rows (module docstring) for the members of f under the rule."""
    tr = d.trajectory
    if tr.rule != "proportional":
        return
    ruled = f.index[(exemptions(d, f, need) == "").to_numpy()]
    if not len(ruled):
        return
    years = d.periods
    c = m.add_variables("common_cut", pd.Index(years, name="period"), 0.0, 1.0, integer=False)
    index = pd.MultiIndex.from_product([years, ruled], names=["period", "state"])
    cols = n.index.get_indexer(index)
    base = np.tile(f.loc[ruled, "baseline"].to_numpy(), len(years))
    cut_col = np.repeat(c.ids, len(ruled))
    tol = tr.rule_tolerance
    m.add_rows("rule_most_cut", index, [Terms.per_row(n.start + cols), Terms.per_row(cut_col, (1 + tol) * base)],
               base, np.inf)
    m.add_rows("rule_least_cut", index, [Terms.per_row(n.start + cols), Terms.per_row(cut_col, (1 - tol) * base)],
               -np.inf, base)


def add_phases(m: LinearModel, n, d: ModelData, f: pd.DataFrame) -> None:
    """N[y_k,s] - f_k N[Y,s] <= (1 - f_k) N0[s] for every phase year y_k before the final year."""
    phases = d.trajectory.phases
    years = d.periods
    due = phases[phases.index < years[-1]]
    if due.empty:
        return
    states = f.index
    index = pd.MultiIndex.from_product([due.index, states], names=["period", "state"])
    now = n.index.get_indexer(index)
    final = n.index.get_indexer(pd.MultiIndex.from_product([[years[-1]], states]))
    share = np.repeat(due.to_numpy(), len(states))
    base = np.tile(f["baseline"].to_numpy(), len(due))
    later = n.start + np.tile(final, len(due))
    m.add_rows("phase_liability", index, [Terms.per_row(n.start + now), Terms.per_row(later, -share)],
               -np.inf, (1 - share) * base)
