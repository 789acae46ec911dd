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
bloc_parity   for each year p and bloc B after the first bloc A (planner/inputs/rules.py):
              (1 - tol) rho[p,B] sum_{s in A} N[p,s] <= sum_{s in B} N[p,s] <= (1 + tol) rho[p,B] sum_{s in A} N[p,s],
              rho moving linearly from today's ratio to the target ratio by the final year.
equal_ceiling for each member s under the rule, with cut[s] = N0[s] - goal[s] and goal[s] =
              clip(k basis[s], floor[s], N0[s]) (k the common ceiling per person or per USD of GDP):
              N0[s] - (1 + tol) cut[s] <= N[Y,s] <= N0[s] - (1 - tol) cut[s] in the final year Y.
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
    """member -> why it does not follow the rule ("" when it does): the inputs' reasons (it leaves,
    its own target, a floor above the proportional rule's least cut at the regional reduction); under
    bloc parity, being in no bloc; under the proportional rule and the equal ceiling, forces its
    contributions need in some year above the most the rule lets it keep (the proportional rule
    would otherwise hold every other member to the cut the contributor can make)."""
    tr = d.trajectory
    reason = f["exemption"].copy()
    if tr.rule == "bloc_parity":
        reason[(reason == "") & ~reason.index.isin(tr.rule_blocs.index)] = "in no bloc"
        return reason
    if tr.rule not in ("proportional", "equal_ceiling"):
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


def add_bloc_parity(m: LinearModel, n, d: ModelData, f: pd.DataFrame) -> None:
    """The bloc parity rows (module docstring) for every year and every bloc after the first."""
    tr = d.trajectory
    if tr.rule != "bloc_parity" or tr.bloc_ratios.empty:
        return
    blocs = tr.rule_blocs[tr.rule_blocs.index.isin(f.index)]
    first = blocs.iloc[0] if len(blocs) else None
    tol = tr.rule_tolerance
    for bloc in tr.bloc_ratios.columns:
        mine, lead = blocs.index[blocs == bloc], blocs.index[blocs == first]
        index = pd.Index([f"{p}/{bloc}" for p in d.periods], name="year_bloc")
        rows_mine = np.repeat(np.arange(len(d.periods)), len(mine))
        rows_lead = np.repeat(np.arange(len(d.periods)), len(lead))
        col_mine = n.start + n.index.get_indexer(pd.MultiIndex.from_product([d.periods, mine]))
        col_lead = n.start + n.index.get_indexer(pd.MultiIndex.from_product([d.periods, lead]))
        rho = np.repeat(tr.bloc_ratios[bloc].reindex(d.periods).to_numpy(), len(lead))
        for sign, name, lo, hi in ((1.0, "bloc_parity_upper", -np.inf, 0.0), (-1.0, "bloc_parity_lower", 0.0, np.inf)):
            m.add_rows(f"{name}_{bloc}", index, [Terms(rows_mine, col_mine), Terms(rows_lead, col_lead,
                                                                                   -(1 + sign * tol) * rho)], lo, hi)


def add_equal_ceiling(m: LinearModel, n, d: ModelData, f: pd.DataFrame, need: pd.Series | None) -> None:
    """N0[s] - (1 + tol) cut[s] <= N[Y,s] <= N0[s] - (1 - tol) cut[s] for the members under the rule."""
    tr = d.trajectory
    if tr.rule != "equal_ceiling":
        return
    ruled = f.index[(exemptions(d, f, need) == "").to_numpy() & f["goal"].notna().to_numpy()]
    if not len(ruled):
        return
    last = d.periods[-1]
    cols = n.start + n.index.get_indexer(pd.MultiIndex.from_product([[last], ruled]))
    base = f.loc[ruled, "baseline"].to_numpy()
    cut = base - f.loc[ruled, "goal"].to_numpy()
    tol = tr.rule_tolerance
    m.add_rows("equal_ceiling", pd.Index(ruled, name="state"), [Terms.per_row(cols)], base - (1 + tol) * cut,
               base - (1 - tol) * cut)


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
