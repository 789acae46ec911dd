"""The elastic allocation model: every rule that can make a plan impossible gets a priced slack.

For an infeasible scenario it finds the least costly set of relaxations:

=========================  ==================================================  ======================
rule (constraint family)   slack                                               price per person
=========================  ==================================================  ======================
requirement                units a mission goes without: sum_s x + short = req  REQUIREMENT_PRICE
personnel_band_upper       personnel above a member's band top: b - widen <= hi  BAND_PRICE
gini_bound_<p>             Gini excess: sum u - excess <= gini_max P              BAND_PRICE
caveat_unit_cap            units over a caveat or pool cap: sum x - lift <= cap   CAVEAT_PRICE
caveat_personnel_cap       personnel over a caveat cap                         CAVEAT_PRICE
multinationality           personnel over a member's mission share              MULTINATIONAL_PRICE
=========================  ==================================================  ======================

Prices rank what a planner would rather change: a wider fairness band before
a national caveat, a caveat before the multinationality rule, and a mission
left short only when nothing else helps.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.model.build import BuiltModel, build_allocation
from planner.model.data import ModelData
from planner.model.fairness import personnel_band
from planner.model.linear import Objective

BAND_PRICE = 1.0
CAVEAT_PRICE = 2.0
MULTINATIONAL_PRICE = 3.0
REQUIREMENT_PRICE = 10.0


def build_elastic(d: ModelData) -> BuiltModel:
    built = build_allocation(d, elastic=True)
    m = built.model
    costs: dict[str, np.ndarray] = {}
    personnel = d.inputs.capabilities["personnel"]

    def slack(constraint: str, sign: float, price_per_row: np.ndarray, upper: np.ndarray | float = np.inf) -> None:
        if constraint not in m.constraints or m.constraints[constraint].size == 0:
            return
        block = m.constraints[constraint]
        var = m.add_variables(f"relax_{constraint}", block.index, 0.0, upper, integer=False)
        m.add_entries(constraint, np.arange(block.size), var.ids, sign)
        costs[var.name] = price_per_row

    req = m.constraints["requirement"]
    per_unit = personnel.reindex(req.index.get_level_values("capability")).to_numpy()
    slack("requirement", 1.0, REQUIREMENT_PRICE * per_unit, d.requirements["units_required"].to_numpy())
    if "personnel_band_upper" in m.constraints:
        # The band can widen at most to a tolerance of 100 %: its top then is 2 target + allowance.
        band = personnel_band(d).reindex(m.constraints["personnel_band_upper"].index)
        room = np.maximum((1.0 - d.inputs.scenario.fairness.tolerance) * band["target"].to_numpy(), 0.0)
        slack("personnel_band_upper", -1.0, np.full(len(band), BAND_PRICE), room)
    for name in [n for n in m.constraints if n.startswith("gini_bound_")]:
        slack(name, -1.0, np.full(1, BAND_PRICE * d.personnel_total.sum()))
    if "caveat_unit_cap" in m.constraints:
        caps = m.constraints["caveat_unit_cap"]
        slack("caveat_unit_cap", -1.0,
              CAVEAT_PRICE * personnel.reindex(caps.index.get_level_values("capability")).to_numpy())
    if "caveat_personnel_cap" in m.constraints:
        slack("caveat_personnel_cap", -1.0, np.full(m.constraints["caveat_personnel_cap"].size, CAVEAT_PRICE))
    if "multinationality" in m.constraints:
        slack("multinationality", -1.0, np.full(m.constraints["multinationality"].size, MULTINATIONAL_PRICE))
    _rules_follow_delivery(m, d)
    relax = Objective("relaxation", costs)
    # Least relaxation first; then the objectives of the scenario itself, for a plan worth reading.
    objectives = (relax,) + tuple(o for o in built.objectives)
    m.use_objective(relax)
    return BuiltModel(m, d, objectives)


def _rules_follow_delivery(m, d: ModelData) -> None:
    """Rules written on required personnel are rewritten on delivered personnel, so that the
    elastic plan is a plan of the relaxed scenario (requirements cut by their shortfall):

    multinationality   sum_c pers x[s,c,m] <= share (P_m - sum_c pers_c short[m,c])
    band top           b[s] <= (1 + tol) k^G[s] (P - sum_mc pers_c short[m,c]) + g[s]
    Gini bound         sum u <= gini_max (P - sum_mc pers_c short[m,c])

    i.e. each row gains + coefficient x short terms on its left-hand side.
    """
    if "relax_requirement" not in m.variables:
        return
    short = m.variables["relax_requirement"]
    labels = short.index.to_frame(index=False)
    per_unit = d.inputs.capabilities["personnel"].reindex(labels["capability"]).to_numpy()
    share = d.inputs.scenario.max_national_share
    if "multinationality" in m.constraints:
        rows_block = m.constraints["multinationality"]
        rows = rows_block.index.to_frame(index=False)
        rows["row"] = np.arange(len(rows))
        pairs = rows.merge(labels.assign(col=short.ids, people=per_unit), on=["period", "mission"])
        m.add_entries("multinationality", pairs["row"].to_numpy(), pairs["col"].to_numpy(),
                      share * pairs["people"].to_numpy())
    tol = d.inputs.scenario.fairness.tolerance
    if "personnel_band_upper" in m.constraints:
        band = personnel_band(d)
        block = m.constraints["personnel_band_upper"]
        rows = block.index.to_frame(index=False)
        rows["row"] = np.arange(len(rows))
        rows["ref"] = band["reference_share"].reindex(block.index).to_numpy()
        pairs = rows.merge(labels.assign(col=short.ids, people=per_unit), on="period")
        m.add_entries("personnel_band_upper", pairs["row"].to_numpy(), pairs["col"].to_numpy(),
                      (1 + tol) * pairs["ref"].to_numpy() * pairs["people"].to_numpy())
    gini_max = d.inputs.scenario.fairness.gini_max
    for name in [n for n in m.constraints if n.startswith("gini_bound_")]:
        period = m.constraints[name].index[0]
        mine = (labels["period"] == period).to_numpy()
        m.add_entries(name, np.zeros(mine.sum(), dtype=int), short.ids[mine], gini_max * per_unit[mine])


def relaxations(built: BuiltModel, x: np.ndarray) -> pd.DataFrame:
    """One row per relaxed rule: family, index labels, amount, price."""
    rows = []
    for name, block in built.model.variables.items():
        if not name.startswith("relax_"):
            continue
        values = built.model.value(name, x)
        price = built.objectives[0].costs[name]
        for (label, amount), p in zip(values.items(), np.broadcast_to(price, (block.size,))):
            if amount > 1e-6:
                rows.append({"rule": name.removeprefix("relax_"), "where": label, "amount": float(amount),
                             "price": float(amount * p)})
    return pd.DataFrame(rows, columns=["rule", "where", "amount", "price"]).sort_values(
        "price", ascending=False, kind="mergesort").reset_index(drop=True)
