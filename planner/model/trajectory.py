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
rule, phases  the reduction rule and phase liabilities (planner/model/reduction.py).
stationing    foreign-stationed forces, territorial and zone ceilings (planner/model/stationing.py).
targets       final year: sum_s N[Y,s] - short <= T and sum_s N[Y,s] >= T (regional),
              N[Y,s] - short_s <= T_s and N[Y,s] >= T_s (per state): the plan lands on the
              agreed target; short measures how far it cannot get.
objectives    least total shortfall; then least spending sum_ps cpp[s] N[p,s]; then, with forces
              stationed abroad, the most kept there (withdrawn only where a rule demands it).

need[p,s] is the forces member s must keep in year p for what it contributes: a member cuts
around its pledges. Deploying x units of c needs r x of them held (r the rotation factor on a
mission longer than one tour, else 1), r x ppu[c] people in units, and deployable units are at
most the deployable share D of a member's forces (assumptions.deployable_share), so
N >= sum_c r x ppu[c] / D over the missions running at once. (Holdings shrinking in proportion
to forces would let one pledged field hospital, a small member's only one, pin all its forces.)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.inputs.model_data import USD_PER_MODEL_UNIT
from planner.model.linear import LinearModel, Objective
from planner.model.reduction import add_bloc_parity, add_equal_ceiling, add_phases, add_proportional_rule
from planner.model.rows import Terms
from planner.model.stationing import add_stationing


def forces_table(d: ModelData) -> pd.DataFrame:
    f = d.trajectory.forces
    return f[f["baseline"] > 0]


# Rule families the infeasibility diagnosis leaves out one at a time, in words for the planner.
RULE_FAMILIES = {"rule": "the reduction rule", "phases": "the phases", "balance": "the balanced pairs",
                 "stationing": "the stationing and zone ceilings", "pledges": "the forces the pledges need"}


def build_forces(d: ModelData, need: pd.Series | None,
                 without: frozenset = frozenset()) -> tuple[LinearModel, tuple[Objective, ...]]:
    """The forces LP for all years; `need` ((period, state) -> personnel) may be None (the relaxation);
    `without` leaves out families of RULE_FAMILIES (to say which rule makes a path impossible)."""
    if "pledges" in without:
        need = None
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
    if "balance" not in without:
        _add_balance(m, n, d)
    if "rule" not in without:
        add_proportional_rule(m, n, d, f, need)
        add_bloc_parity(m, n, d, f)
        add_equal_ceiling(m, n, d, f, need)
    if "phases" not in without:
        add_phases(m, n, d, f)
    add_stationing(m, n, d, f, ceilings="stationing" not in without)
    objectives = [o for o in (_add_targets(m, n, d, f),) if o is not None]
    cpp = d.trajectory.cost_per_person_usd.reindex(index.get_level_values("state")).to_numpy()
    objectives.append(Objective("spending", {"national_forces": cpp / USD_PER_MODEL_UNIT}))
    if "stationed" in m.variables and m.variables["stationed"].size:
        # Last: withdraw only what a rule demands (spending does not see where forces stand).
        objectives.append(Objective("stationed_kept", {"stationed": -np.ones(m.variables["stationed"].size)}))
    m.use_objective(objectives[0])
    return m, tuple(objectives)


def _add_pace(m: LinearModel, n, f: pd.DataFrame, years: int) -> None:
    """0 <= N[p-1,s] - N[p,s] <= max_cut[s] for every year after the first."""
    k = len(f)
    if years < 2:
        return
    prev = n.start + np.arange(0, (years - 1) * k)
    m.add_rows("reduction_pace", n.index[k:], [Terms.per_row(prev), Terms.per_row(prev + k, -1.0)],
               0.0, np.tile(f["max_cut"].to_numpy(), years - 1))


def _add_balance(m: LinearModel, n, d: ModelData) -> None:
    """N[p,a] - (1 + tol) r0 N[p,b] <= 0 and N[p,a] - (1 - tol) r0 N[p,b] >= 0 for every pair and year."""
    pairs = d.trajectory.pairs
    if pairs.empty:
        return
    index = pd.MultiIndex.from_product([d.periods, pairs["a"] + "/" + pairs["b"]], names=["period", "pair"])
    year_of_row = np.repeat(d.periods.to_numpy(), len(pairs))
    a = n.index.get_indexer(pd.MultiIndex.from_arrays([year_of_row, np.tile(pairs["a"].to_numpy(), len(d.periods))]))
    b = n.index.get_indexer(pd.MultiIndex.from_arrays([year_of_row, np.tile(pairs["b"].to_numpy(), len(d.periods))]))
    ratio = np.tile(pairs["ratio"].to_numpy(), len(d.periods))
    tol = np.tile(pairs["tolerance"].to_numpy(), len(d.periods))
    for sign, name, lo, hi in ((1.0, "balance_upper", -np.inf, 0.0), (-1.0, "balance_lower", 0.0, np.inf)):
        m.add_rows(name, index, [Terms.per_row(n.start + a), Terms.per_row(n.start + b, -(1 + sign * tol) * ratio)],
                   lo, hi)


def _add_targets(m: LinearModel, n, d: ModelData, f: pd.DataFrame) -> Objective | None:
    tr = d.trajectory
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
    members = Terms(np.concatenate([np.full(len(g), i) for i, g in enumerate(groups)]),
                    np.concatenate([last[g] for g in groups]))
    m.add_rows("target_reached", short.index, [members, Terms.per_row(short.ids, -1.0)], -np.inf, np.array(targets))
    m.add_rows("target_not_overshot", short.index, [members], np.array(targets), np.inf)
    return Objective("target_shortfall", {"target_shortfall": np.ones(len(names))})


def forces_needed(d: ModelData, allocation: pd.DataFrame) -> pd.Series:
    """need[p,s] = max over sets S of concurrent missions of
    sum_{c, m in S} r[c,m] x[p,s,c,m] ppu[c] / D for the allocation (a `period` column), with
    r[c,m] the units held per unit deployed (planner/model/capacity.py), D the deployable share."""
    if allocation.empty:
        return pd.Series(dtype=float)
    keys = ["period", "state", "capability", "mission"]
    rows = allocation[keys + ["units"]].merge(d.triples[keys + ["rotation"]], on=keys, how="left")
    rows = rows.merge(d.concurrent, on="mission")
    people = rows["rotation"] * rows["units"] * d.personnel_per_unit.reindex(rows["capability"]).to_numpy()
    pledged = people.groupby([rows["period"], rows["state"], rows["slice"]]).sum()
    return (pledged / d.trajectory.deployable_share).groupby(["period", "state"]).max()
