"""Fairness: each member's share of the burden stays close to its key share.

Two faces of burden (`fairness.apply_to`):

personnel (in the MILP, in every period p; indices p omitted below)
    b[s] = sum_cm personnel[c] months[m] x[s,c,m] (person-months), for members that can send forces at all
    (the reference group G), measured against target[s] = k^G[s] P with the
    allowance g[s] for whole units (planner/inputs/band.py computes the reference,
    the band and who is capacity-limited, once, into ModelData.reference).

net_cost (settled by the common fund after the solve, planner/results/fund.py)
    money can always be moved, so every mode is met exactly there.

Modes:

band      b[s] <= hi[s] = (1 + tol) target[s] + g[s], and b[s] + short[s] >= lo[s] =
          max((1 - tol) target[s] - g[s], 0): first the least total shortfall, then
          cost with it held (a member short of its floor cannot do better in any plan
          and carries the rest in money).
minimax   minimise z subject to  target[s] dev[s] >= b[s] - target[s] - g[s],
          target[s] dev[s] >= target[s] - g[s] - b[s] (not for capacity-limited s),
          dev[s] <= z, dev >= 0;  then least cost with z held at its optimum.
leximin   lexicographic: for k = 1, 2, ...: minimise the sum of the k largest
          deviations theta_k = k t_k + sum_s e[k,s], e[k,s] >= dev[s] - t_k,
          e >= 0 (Ogryczak's ordered-sum form), holding theta_1..theta_{k-1};
          stop after `leximin_rounds` or when the k-th largest deviation is 0;
          then least cost.
gini      sum_{i<j in G} u[i,j] <= gini_max P (P in person-months) with u[i,j] >= +-(k^G[j] b[i] - k^G[i] b[j]):
          the key-weighted Gini of share/key ratios, G = 1/2 sum_ij k_i k_j |rho_i - rho_j|
          with rho = b / (k^G P), written pair by pair.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.inputs.eligibility import WHOLE_TOL
from planner.model.linear import LinearModel, Objective
from planner.model.rows import Terms

# Leximin: a k-th largest deviation below this is zero and ends the rounds.
ZERO_DEVIATION = 1e-7


def _burden_terms(d: ModelData, group: pd.Index, x_ids: np.ndarray, sign: float = 1.0) -> Terms:
    """sign * b[p,s] = sign * sum_cm personnel[c] months[m] x[p,s,c,m] (person-months) for the (p, s)
    of `group`, as terms."""
    rows = group.get_indexer(pd.MultiIndex.from_frame(d.triples[["period", "state"]]))
    keep = rows >= 0
    return Terms(rows[keep], x_ids[keep], sign * d.triples["person_months_per_unit"].to_numpy()[keep])


def add_personnel_band(model: LinearModel, d: ModelData, bound_units: bool = True,
                       priced_top: bool = True) -> Objective:
    """b[s] <= hi[s] and b[s] + short[s] >= lo[s], 0 <= short[s] <= lo[s], for s in G.

    The floor of the band is elastic: a member that cannot reach it (too few
    units, caveats, mission caps) falls short and carries the rest in money.
    Returns the first objective, least total shortfall, so that no member is
    below its band unless no plan can do better.

    With `bound_units`, also x[s,c,m] <= floor(hi[s] / personnel[c]): implied by the band's top
    for whole units, but not for fractional ones, so without it the LP relaxation lets a small
    member send 3 % of a battalion (world rung: LP bound 0.6 % under the integer optimum;
    with it the two are equal). The elastic model, which may widen the top, leaves it out.

    With `priced_top` (only when this is the first objective: an earlier stage would be free to
    break the top) the top is written with a priced excess, see below.
    """
    x = model.variables["units"]
    band = d.reference
    burden = _burden_terms(d, band.index, x.ids)
    if bound_units:
        most = np.full(x.size, np.inf)
        columns = burden.cols - x.start
        most[columns] = np.floor(band["hi"].to_numpy()[burden.rows] / burden.coefs + WHOLE_TOL)
        model.tighten_upper(x, most)
    # Whole person-months short: b is whole and lo is whole, so the least shortfall is whole too. A
    # member cannot deliver more than most[s] (an upper bound), so it is short at least lo - most:
    # a bound the solver would otherwise have to find by branching (osce-baseline: 11 s to 503).
    least = np.clip(np.ceil(band["lo"].to_numpy() - band["most"].to_numpy() - WHOLE_TOL), 0.0, band["lo"].to_numpy())
    short = model.add_variables("band_shortfall", band.index, least, band["lo"].to_numpy(), integer=True)
    model.add_rows("personnel_band_lower", band.index, [burden, Terms.per_row(short.ids)],
                   band["lo"].to_numpy(), np.inf)
    if not (bound_units and priced_top):
        model.add_rows("personnel_band_upper", band.index, [burden], -np.inf, band["hi"].to_numpy())
        return Objective("band_shortfall", {"band_shortfall": np.ones(len(band))})
    # The top is a hard rule, written with a priced excess: a plan above it is never chosen while
    # one within it exists (the price exceeds every possible shortfall), and the search starts from
    # plans that are easy to find. A stage optimum at or above the price means no plan exists.
    price = float(band["lo"].sum()) + 1.0
    excess = model.add_variables("band_excess", band.index, 0.0, np.inf, integer=True)
    model.add_rows("personnel_band_upper", band.index, [burden, Terms.per_row(excess.ids, -1.0)], -np.inf,
                   band["hi"].to_numpy())
    return Objective("band_shortfall", {"band_shortfall": np.ones(len(band)), "band_excess": np.full(len(band), price)},
                     infeasible_at=price)


def add_personnel_burden(model: LinearModel, d: ModelData) -> None:
    """b[s] - sum_cm personnel[c] months[m] x[s,c,m] = 0 for s in G: one variable per member's burden,
    so the deviation and Gini rows below stay short."""
    x = model.variables["units"]
    ref = d.reference
    b = model.add_variables("personnel_burden", ref.index, 0.0, np.inf, integer=False)
    model.add_rows("personnel_burden_def", ref.index, [Terms.per_row(b.ids), _burden_terms(d, ref.index, x.ids, -1.0)],
                   0.0, 0.0)


def add_personnel_deviation(model: LinearModel, d: ModelData) -> None:
    """dev[s] >= 0 with target[s] dev[s] >= |b[s] - target[s]| - g[s] (lower side not for capacity-limited)."""
    ref = d.reference
    b = model.variables["personnel_burden"]
    dev = model.add_variables("personnel_deviation", ref.index, 0.0, np.inf, integer=False)
    target = ref["target"].to_numpy()
    allowance = ref["allowance"].to_numpy()
    # above: target dev - b >= -target - g
    model.add_rows("deviation_above", ref.index, [Terms.per_row(dev.ids, target), Terms.per_row(b.ids, -1.0)],
                   -target - allowance, np.inf)
    below = np.flatnonzero(~ref["capacity_limited"].to_numpy())
    # below: target dev + b >= target - g
    model.add_rows("deviation_below", ref.index[below],
                   [Terms.per_row(dev.ids[below], target[below]), Terms.per_row(b.ids[below])],
                   (target - allowance)[below], np.inf)


def minimax_objective(model: LinearModel, d: ModelData) -> Objective:
    """z >= dev[s] for all s; the objective: minimise z."""
    dev = model.variables["personnel_deviation"]
    z = model.add_variables("max_deviation", pd.Index(["z"]), 0.0, np.inf, integer=False)
    model.add_rows("max_deviation_def", dev.index, [Terms.same_column(dev.size, z.start), Terms.per_row(dev.ids, -1.0)],
                   0.0, np.inf)
    return Objective("minimax", {"max_deviation": np.ones(1)})


def leximin_objective(model: LinearModel, d: ModelData, k: int) -> Objective:
    """theta_k = k t_k + sum_s e[k,s] with e[k,s] >= dev[s] - t_k, e >= 0: the sum of the k largest deviations."""
    dev = model.variables["personnel_deviation"]
    t = model.add_variables(("leximin_t", k), pd.Index([k]), 0.0, np.inf, integer=False)
    e = model.add_variables(("leximin_e", k), dev.index, 0.0, np.inf, integer=False)
    model.add_rows(("leximin_excess", k), dev.index,
                   [Terms.per_row(e.ids), Terms.per_row(dev.ids, -1.0), Terms.same_column(dev.size, t.start)],
                   0.0, np.inf)
    return Objective(f"leximin_{k}", {t.name: np.array([float(k)]), e.name: np.ones(dev.size)}, group="leximin",
                     settles_within=ZERO_DEVIATION)


def add_gini_bound(model: LinearModel, d: ModelData) -> None:
    """In every period: sum_{i<j} u[i,j] <= gini_max P with u[i,j] >= +-(k_j b[i] - k_i b[j])."""
    ref = d.reference
    b = model.variables["personnel_burden"]
    positions = np.arange(len(ref))
    period_of = ref.index.get_level_values("period")
    for period in d.periods:
        mine = positions[period_of == period]
        if len(mine) < 2:
            continue
        k = ref["reference_share"].to_numpy()[mine]
        i, j = np.triu_indices(len(mine), 1)
        states = ref.index.get_level_values("state")[mine]
        pairs = pd.MultiIndex.from_arrays([np.full(len(i), period), states[i], states[j]],
                                          names=["period", "state", "other"])
        u = model.add_variables(("gini_pair", period), pairs, 0.0, np.inf, integer=False)
        for sign, side in ((1.0, "pos"), (-1.0, "neg")):
            # u - sign (k_j b_i - k_i b_j) >= 0
            model.add_rows((f"gini_pair_{side}", period), pairs,
                           [Terms.per_row(u.ids), Terms.per_row(b.ids[mine[i]], -sign * k[j]),
                            Terms.per_row(b.ids[mine[j]], sign * k[i])], 0.0, np.inf)
        model.add_rows(("gini_bound", period), pd.Index([period]), [Terms.single_row(u.ids)],
                       -np.inf, d.fairness.gini_max * d.burden_total[period])
