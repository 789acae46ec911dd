"""National forces along a demilitarization trajectory: the forces model.

=============  =======================  ==============================================
symbol         code name                meaning
=============  =======================  ==============================================
N[p,s]         ``national_forces``      armed forces personnel of member s in year p
short          ``target_shortfall``     personnel by which a final-year target is missed
=============  =======================  ==============================================

Bounds:       max(floor[s], need[p,s]) <= N[p,s] <= N0[s]; in the first year also
              N >= N0 - max_cut (the pace from the baseline, the year before).
pace          0 <= N[p-1,s] - N[p,s] <= max_cut[s]: never grow back, shrink at most the cap.
balance       (1 - tol) r0 <= N[p,a] / N[p,b] <= (1 + tol) r0 for each balanced pair,
              written N[p,a] - (1 +- tol) r0 N[p,b] <= 0 / >= 0 (r0 the baseline ratio).
targets       final year: sum_s N[Y,s] - short <= T and sum_s N[Y,s] >= T (regional),
              N[Y,s] - short_s <= T_s and N[Y,s] >= T_s (per state): the plan lands on the
              agreed target; short measures how far it cannot get.
objectives    least total shortfall; then least spending sum_ps cpp[s] N[p,s].

need[p,s] is the forces member s must keep in year p for what it contributes:
holdings shrink with forces (held[s,c] N / N0 units of type c), and deploying x
units of c needs rotation[c] x of them held, so N >= rotation[c] x N0 / held[s,c].
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.model.data import USD_PER_MODEL_UNIT, ModelData
from planner.model.linear import LinearModel, Objective


def forces_table(d: ModelData) -> pd.DataFrame:
    f = d.inputs.trajectory.forces
    return f[f["baseline"] > 0]


def build_forces(d: ModelData, need: pd.Series | None) -> tuple[LinearModel, tuple[Objective, ...]]:
    """The forces LP for all years; `need` ((period, state) -> personnel) may be None (the relaxation)."""
    m = LinearModel()
    f = forces_table(d)
    years = d.periods
    index = pd.MultiIndex.from_product([years, f.index], names=["period", "state"])
    lo = np.tile(f["floor"].to_numpy(), len(years))
    first = np.maximum(f["floor"], f["baseline"] - f["max_cut"]).to_numpy()
    lo[: len(f)] = np.minimum(first, f["baseline"].to_numpy())
    hi = np.tile(f["baseline"].to_numpy(), len(years))
    if need is not None:
        lo = np.minimum(np.maximum(lo, need.reindex(index, fill_value=0.0).to_numpy()), hi)
    n = m.add_variables("national_forces", index, lo, hi, integer=False)
    _add_pace(m, n, f, len(years))
    _add_balance(m, n, d)
    objectives = [o for o in (_add_targets(m, n, d, f),) if o is not None]
    cpp = d.inputs.trajectory.cost_per_person_usd.reindex(index.get_level_values("state")).to_numpy()
    objectives.append(Objective("spending", {"national_forces": cpp / USD_PER_MODEL_UNIT}))
    m.use_objective(objectives[0])
    return m, tuple(objectives)


def _add_pace(m: LinearModel, n, f: pd.DataFrame, years: int) -> None:
    k = len(f)
    if years < 2:
        return
    prev = np.arange(0, (years - 1) * k)
    rows = np.concatenate([np.arange(len(prev))] * 2)
    cols = np.concatenate([n.start + prev, n.start + prev + k])
    coefs = np.concatenate([np.ones(len(prev)), -np.ones(len(prev))])
    m.add_constraints("reduction_pace", n.index[k:], rows, cols, coefs, 0.0, np.tile(f["max_cut"].to_numpy(), years - 1))


def _add_balance(m: LinearModel, n, d: ModelData) -> None:
    pairs = d.inputs.trajectory.pairs
    if pairs.empty:
        return
    index = pd.MultiIndex.from_product([d.periods, pairs["a"] + "/" + pairs["b"]], names=["period", "pair"])
    for sign, name, lo, hi in ((1.0, "balance_upper", -np.inf, 0.0), (-1.0, "balance_lower", 0.0, np.inf)):
        rows, cols, coefs = [], [], []
        for j, period in enumerate(d.periods):
            a = n.index.get_indexer(pd.MultiIndex.from_arrays([[period] * len(pairs), pairs["a"]]))
            b = n.index.get_indexer(pd.MultiIndex.from_arrays([[period] * len(pairs), pairs["b"]]))
            base = j * len(pairs) + np.arange(len(pairs))
            rows += [base, base]
            cols += [n.start + a, n.start + b]
            coefs += [np.ones(len(pairs)), -(1 + sign * pairs["tolerance"].to_numpy()) * pairs["ratio"].to_numpy()]
        m.add_constraints(name, index, np.concatenate(rows), np.concatenate(cols), np.concatenate(coefs), lo, hi)


def _add_targets(m: LinearModel, n, d: ModelData, f: pd.DataFrame) -> Objective | None:
    tr = d.inputs.trajectory
    k = len(f)
    last = n.start + (len(d.periods) - 1) * k + np.arange(k)
    groups, names, targets = [], [], []
    if np.isfinite(tr.regional_target):
        groups.append(np.arange(k))
        names.append("regional")
        targets.append(tr.regional_target)
    for state, target in f["target"].dropna().items():
        groups.append(np.array([f.index.get_loc(state)]))
        names.append(state)
        targets.append(target)
    if not names:
        return None
    short = m.add_variables("target_shortfall", pd.Index(names, name="target"), 0.0, np.inf, integer=False)
    rows = np.concatenate([np.full(len(g), i) for i, g in enumerate(groups)])
    cols = np.concatenate([last[g] for g in groups])
    m.add_constraints("target_reached", short.index, np.concatenate([rows, np.arange(len(names))]),
                      np.concatenate([cols, short.ids]), np.concatenate([np.ones(len(cols)), -np.ones(len(names))]),
                      -np.inf, np.array(targets))
    m.add_constraints("target_not_overshot", short.index, rows, cols, 1.0, np.array(targets), np.inf)
    return Objective("target_shortfall", {"target_shortfall": np.ones(len(names))})


def forces_needed(d: ModelData, allocation: pd.DataFrame) -> pd.Series:
    """need[p,s] = max_c rotation[c] x[p,s,c] N0[s] / held[s,c] for the allocation (a `period` column)."""
    if allocation.empty:
        return pd.Series(dtype=float)
    units = allocation.groupby(["period", "state", "capability"])["units"].sum()
    caps = d.inputs.capabilities["rotation_factor"].reindex(units.index.get_level_values("capability")).to_numpy()
    held = d.inputs.holdings.stack().reindex(units.index.droplevel("period")).to_numpy().astype(float)
    baseline = d.inputs.trajectory.forces["baseline"].reindex(units.index.get_level_values("state")).to_numpy()
    need = pd.Series(caps * units.to_numpy() * baseline / held, index=units.index)
    return need.groupby(["period", "state"]).max()
