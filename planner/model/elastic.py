"""The elastic allocation model: every rule that can make a plan impossible gets a priced slack.

For an infeasible scenario it finds the least costly set of relaxations:

=========================  ==================================================  ======================
rule (constraint family)   slack                                               price per person
=========================  ==================================================  ======================
requirement                units a mission goes without: sum_s x + short = req  REQUIREMENT_PRICE
personnel_band_upper       personnel above a member's band top: b - widen <= hi  BAND_PRICE
gini_bound                 Gini excess: sum u - excess <= gini_max P              BAND_PRICE
caveat_unit_cap            units over a caveat or pool cap: sum x - lift <= cap   CAVEAT_PRICE
caveat_personnel_cap       personnel over a caveat cap                         CAVEAT_PRICE
multinationality           personnel over a member's mission share              MULTINATIONAL_PRICE
=========================  ==================================================  ======================

Prices rank what a planner would rather change: a wider fairness band before
a national caveat, a caveat before the multinationality rule, and a mission
left short only when nothing else helps. The slack relaxing the block with key K
is the variable block ("relax", K).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.model.build import BuiltModel, build_allocation
from planner.model.linear import Objective, family_of
from planner.model.rows import Terms

BAND_PRICE = 1.0
CAVEAT_PRICE = 2.0
MULTINATIONAL_PRICE = 3.0
REQUIREMENT_PRICE = 10.0


def build_elastic(d: ModelData) -> BuiltModel:
    built = build_allocation(d, elastic=True)
    m = built.model
    costs: dict = {}
    personnel = d.personnel_per_unit

    def slack(constraint, sign: float, price_per_row: np.ndarray, upper: np.ndarray | float = np.inf) -> None:
        if constraint not in m.constraints or m.constraints[constraint].size == 0:
            return
        block = m.constraints[constraint]
        var = m.add_variables(("relax", constraint), block.index, 0.0, upper, integer=False)
        m.add_to_rows(constraint, [Terms.per_row(var.ids, sign)])
        costs[var.name] = price_per_row

    req = m.constraints["requirement"]
    per_unit = personnel.reindex(req.index.get_level_values("capability")).to_numpy()
    slack("requirement", 1.0, REQUIREMENT_PRICE * per_unit, d.requirements["units_required"].to_numpy())
    if "personnel_band_upper" in m.constraints:
        # The band can widen at most to a tolerance of 100 %: its top then is 2 target + allowance.
        band = d.reference.reindex(m.constraints["personnel_band_upper"].index)
        room = np.maximum((1.0 - d.fairness.tolerance) * band["target"].to_numpy(), 0.0)
        slack("personnel_band_upper", -1.0, np.full(len(band), BAND_PRICE), room)
    for block in m.family("gini_bound"):
        slack(block.name, -1.0, np.full(1, BAND_PRICE * d.personnel_total.sum()))
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
    if ("relax", "requirement") not in m.variables:
        return
    short = m.variables[("relax", "requirement")]
    labels = short.index.to_frame(index=False)
    per_unit = d.personnel_per_unit.reindex(labels["capability"]).to_numpy()
    if "multinationality" in m.constraints:
        rows = m.constraints["multinationality"].index.to_frame(index=False)
        rows["row"] = np.arange(len(rows))
        pairs = rows.merge(labels.assign(col=short.ids, people=per_unit), on=["period", "mission"])
        m.add_to_rows("multinationality", [Terms(pairs["row"].to_numpy(), pairs["col"].to_numpy(),
                                                 d.max_national_share * pairs["people"].to_numpy())])
    tol = d.fairness.tolerance
    if "personnel_band_upper" in m.constraints:
        block = m.constraints["personnel_band_upper"]
        rows = block.index.to_frame(index=False)
        rows["row"] = np.arange(len(rows))
        rows["ref"] = d.reference["reference_share"].reindex(block.index).to_numpy()
        pairs = rows.merge(labels.assign(col=short.ids, people=per_unit), on="period")
        m.add_to_rows("personnel_band_upper", [Terms(pairs["row"].to_numpy(), pairs["col"].to_numpy(),
                                                     (1 + tol) * pairs["ref"].to_numpy() * pairs["people"].to_numpy())])
    for block in m.family("gini_bound"):
        mine = (labels["period"] == block.index[0]).to_numpy()
        m.add_to_rows(block.name, [Terms.single_row(short.ids[mine], d.fairness.gini_max * per_unit[mine])])


def relaxations(built: BuiltModel, x: np.ndarray) -> pd.DataFrame:
    """One row per relaxed rule: family, index labels, amount, price."""
    rows = []
    for key, block in built.model.variables.items():
        if family_of(key) != "relax":
            continue
        relaxed = key[1]
        values = built.model.value(key, x)
        price = built.objectives[0].costs[key]
        for (label, amount), p in zip(values.items(), np.broadcast_to(price, (block.size,))):
            if amount > 1e-6:
                rows.append({"rule": family_of(relaxed), "where": label, "amount": float(amount),
                             "price": float(amount * p)})
    return pd.DataFrame(rows, columns=["rule", "where", "amount", "price"]).sort_values(
        "price", ascending=False, kind="mergesort").reset_index(drop=True)
