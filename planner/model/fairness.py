"""Fairness: each member's share of the burden stays close to its key share.

Two faces of burden (`fairness.apply_to`):

personnel (in the MILP, in every period p; indices p omitted below)
    b[s] = sum_cm personnel[c] x[s,c,m], for members that can send forces at all
    (the reference group G). Reference share k^G[s] = key[s] / sum_G key (members
    outside G carry their share in money), target[s] = k^G[s] P with P the total
    personnel required, g[s] the personnel of the smallest unit s can field (the
    allowance for whole units: a share of 3 people cannot be met with 4-person
    teams), most[s] the most personnel s can field in this scenario (holdings,
    rotation, caveats, multinationality). A member is *capacity-limited* when
    most[s] < target[s] - g[s]: it cannot reach its share and carries the rest
    in money; the rules below then only bound it from above.

net_cost (settled by the common fund after the solve, planner/model/fund.py)
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
gini      sum_{i<j in G} u[i,j] <= gini_max P with u[i,j] >= +-(k^G[j] b[i] - k^G[i] b[j]):
          the key-weighted Gini of share/key ratios, G = 1/2 sum_ij k_i k_j |rho_i - rho_j|
          with rho = b / (k^G P), written pair by pair.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.model.data import ModelData
from planner.model.linear import LinearModel, Objective

# A quotient within this of a whole number is that number.
WHOLE_TOL = 1e-9
# Leximin: a k-th largest deviation below this is zero and ends the rounds.
ZERO_DEVIATION = 1e-7


def personnel_reference(d: ModelData) -> pd.DataFrame:
    """Per (period, member of G): reference share, target, allowance, most it can field, capacity limit."""
    t = d.triples
    pairs = t[["period", "state"]].drop_duplicates().sort_values(["period", "state"])
    index = pd.MultiIndex.from_frame(pairs)
    key = d.inputs.key.reindex(index.get_level_values("state")).to_numpy()
    group_key = pd.Series(key, index=index).groupby("period").transform("sum").to_numpy()
    ref = key / group_key
    smallest = t.groupby(["period", "state"])["personnel_per_unit"].min().reindex(index).to_numpy(dtype=float)
    by_mission = t.groupby(["period", "state", "mission"])["personnel_ub"].sum()
    mission_cap = d.inputs.scenario.max_national_share * d.mission_personnel
    by_mission = pd.Series(np.minimum(by_mission.to_numpy(), mission_cap.reindex(
        by_mission.index.droplevel("state")).to_numpy()), index=by_mission.index)
    rotation = d.inputs.capabilities["rotation_factor"]
    held = d.inputs.holdings.stack()
    per_cap = t.groupby(["period", "state", "capability"])["max_units"].sum()
    state_cap = per_cap.index.droplevel("period")
    sustainable = np.floor(held.reindex(state_cap).to_numpy() / rotation.reindex(
        state_cap.get_level_values("capability")).to_numpy() + 1e-9)
    by_cap = pd.Series(np.minimum(per_cap.to_numpy(), sustainable) * d.inputs.capabilities["personnel"].reindex(
        state_cap.get_level_values("capability")).to_numpy(), index=per_cap.index)
    most = np.minimum(by_mission.groupby(["period", "state"]).sum().reindex(index).to_numpy(),
                      by_cap.groupby(["period", "state"]).sum().reindex(index).to_numpy())
    cap = d.inputs.max_personnel.reindex(index.get_level_values("state")).to_numpy()
    most = np.where(np.isnan(cap), most, np.minimum(most, cap))
    target = ref * d.personnel_total.reindex(index.get_level_values("period")).to_numpy()
    return pd.DataFrame({"reference_share": ref, "target": target, "allowance": smallest,
                         "most": most, "capacity_limited": most < target - smallest}, index=index)


def personnel_band(d: ModelData) -> pd.DataFrame:
    """Band limits lo, hi per (period, member of G) for the `band` mode (and the reference columns)."""
    tol = d.inputs.scenario.fairness.tolerance
    ref = personnel_reference(d)
    return ref.assign(lo=np.maximum((1 - tol) * ref["target"] - ref["allowance"], 0.0),
                      hi=(1 + tol) * ref["target"] + ref["allowance"])


def _burden_rows(d: ModelData, group: pd.Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row within group, unit column offset, personnel coefficient) of b[p,s] for (p, s) in group."""
    rows = group.get_indexer(pd.MultiIndex.from_frame(d.triples[["period", "state"]]))
    keep = rows >= 0
    return rows[keep], np.flatnonzero(keep), d.triples["personnel_per_unit"].to_numpy()[keep]


def add_personnel_band(model: LinearModel, d: ModelData, bound_units: bool = True) -> Objective:
    """b[s] <= hi[s] and b[s] + short[s] >= lo[s], 0 <= short[s] <= lo[s], for s in G.

    The floor of the band is elastic: a member that cannot reach it (too few
    units, caveats, mission caps) falls short and carries the rest in money.
    Returns the first objective, least total shortfall, so that no member is
    below its band unless no plan can do better.

    With `bound_units`, also x[s,c,m] <= floor(hi[s] / personnel[c]): implied by the band's top
    for whole units, but not for fractional ones, so without it the LP relaxation lets a small
    member send 3 % of a battalion (world rung: LP bound 0.6 % under the integer optimum;
    with it the two are equal). The elastic model, which may widen the top, leaves it out.
    """
    x = model.variables["units"]
    band = personnel_band(d)
    rows, cols, coefs = _burden_rows(d, band.index)
    if bound_units:
        most = np.full(x.size, np.inf)
        most[cols] = np.floor(band["hi"].to_numpy()[rows] / coefs + WHOLE_TOL)
        model.lower_upper_bounds(x, most)
    model.add_constraints("personnel_band_upper", band.index, rows, x.ids[cols], coefs, -np.inf, band["hi"].to_numpy())
    short = model.add_variables("band_shortfall", band.index, 0.0, band["lo"].to_numpy(), integer=False)
    n = len(band)
    model.add_constraints("personnel_band_lower", band.index, np.concatenate([rows, np.arange(n)]),
                          np.concatenate([x.ids[cols], short.ids]), np.concatenate([coefs, np.ones(n)]),
                          band["lo"].to_numpy(), np.inf)
    return Objective("band_shortfall", {"band_shortfall": np.ones(n)})


def add_personnel_burden(model: LinearModel, d: ModelData) -> None:
    """b[s] - sum_cm personnel[c] x[s,c,m] = 0 for s in G: one variable per member's personnel,
    so the deviation and Gini rows below stay short."""
    x = model.variables["units"]
    ref = personnel_reference(d)
    b = model.add_variables("personnel_burden", ref.index, 0.0, np.inf, integer=False)
    rows, cols, coefs = _burden_rows(d, ref.index)
    n = len(ref)
    model.add_constraints("personnel_burden_def", ref.index, np.concatenate([np.arange(n), rows]),
                          np.concatenate([b.ids, x.ids[cols]]), np.concatenate([np.ones(n), -coefs]), 0.0, 0.0)


def add_personnel_deviation(model: LinearModel, d: ModelData) -> None:
    """dev[s] >= 0 with target[s] dev[s] >= |b[s] - target[s]| - g[s] (lower side not for capacity-limited)."""
    ref = personnel_reference(d)
    b = model.variables["personnel_burden"]
    dev = model.add_variables("personnel_deviation", ref.index, 0.0, np.inf, integer=False)
    n = len(ref)
    target = ref["target"].to_numpy()
    allowance = ref["allowance"].to_numpy()
    rows = np.concatenate([np.arange(n), np.arange(n)])
    # above: target dev - b >= -target - g
    model.add_constraints("deviation_above", ref.index, rows, np.concatenate([dev.ids, b.ids]),
                          np.concatenate([target, -np.ones(n)]), -target - allowance, np.inf)
    below = np.flatnonzero(~ref["capacity_limited"].to_numpy())
    m = len(below)
    # below: target dev + b >= target - g
    model.add_constraints("deviation_below", ref.index[below], np.concatenate([np.arange(m), np.arange(m)]),
                          np.concatenate([dev.ids[below], b.ids[below]]),
                          np.concatenate([target[below], np.ones(m)]), (target - allowance)[below], np.inf)


def minimax_objective(model: LinearModel, d: ModelData) -> Objective:
    """z >= dev[s] for all s; the objective: minimise z."""
    dev = model.variables["personnel_deviation"]
    z = model.add_variables("max_deviation", pd.Index(["z"]), 0.0, np.inf, integer=False)
    n = dev.size
    model.add_constraints("max_deviation_def", dev.index, np.concatenate([np.arange(n), np.arange(n)]),
                          np.concatenate([np.full(n, z.start), dev.ids]),
                          np.concatenate([np.ones(n), -np.ones(n)]), 0.0, np.inf)
    return Objective("minimax", {"max_deviation": np.ones(1)})


def leximin_objective(model: LinearModel, d: ModelData, k: int) -> Objective:
    """theta_k = k t_k + sum_s e[k,s] with e[k,s] >= dev[s] - t_k, e >= 0: the sum of the k largest deviations."""
    dev = model.variables["personnel_deviation"]
    n = dev.size
    t = model.add_variables(f"leximin_t{k}", pd.Index([k]), 0.0, np.inf, integer=False)
    e = model.add_variables(f"leximin_e{k}", dev.index, 0.0, np.inf, integer=False)
    model.add_constraints(f"leximin_excess{k}", dev.index, np.concatenate([np.arange(n)] * 3),
                          np.concatenate([e.ids, dev.ids, np.full(n, t.start)]),
                          np.concatenate([np.ones(n), -np.ones(n), np.ones(n)]), 0.0, np.inf)
    return Objective(f"leximin_{k}", {t.name: np.array([float(k)]), e.name: np.ones(n)}, group="leximin")


def add_gini_bound(model: LinearModel, d: ModelData) -> None:
    """In every period: sum_{i<j} u[i,j] <= gini_max P with u[i,j] >= +-(k_j b[i] - k_i b[j])."""
    ref = personnel_reference(d)
    b = model.variables["personnel_burden"]
    gini_max = d.inputs.scenario.fairness.gini_max
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
        u = model.add_variables(f"gini_pair_{period}", pairs, 0.0, np.inf, integer=False)
        p = np.arange(len(pairs))
        for sign, name in ((1.0, "pos"), (-1.0, "neg")):
            # u - sign (k_j b_i - k_i b_j) >= 0
            model.add_constraints(f"gini_pair_{name}_{period}", pairs, np.concatenate([p, p, p]),
                                  np.concatenate([u.ids, b.ids[mine[i]], b.ids[mine[j]]]),
                                  np.concatenate([np.ones(len(p)), -sign * k[j], sign * k[i]]), 0.0, np.inf)
        model.add_constraints(f"gini_bound_{period}", pd.Index([period]), np.zeros(len(pairs), dtype=int), u.ids,
                              1.0, -np.inf, gini_max * d.personnel_total[period])
