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
contribution_minimum       personnel below the minimum contingent               CONTINGENT_PRICE
lead_share                 personnel the lead carries below its share           CONTINGENT_PRICE
max_contributors           contributors beyond the most allowed                 CONTINGENT_PRICE x minimum
multinationality           personnel over a member's mission share              MULTINATIONAL_PRICE
bloc_cap                   personnel over a bloc's share                        MULTINATIONAL_PRICE
=========================  ==================================================  ======================

Prices rank what a planner would rather change: a wider fairness band before
a national caveat, a caveat before the multinationality rule, and a mission
left short only when nothing else helps. The slack relaxing the block with key K
is the variable block ("relax", K). Rules stated on a mission's required personnel follow what
is delivered (planner/model/shortfall.py), so the relaxation, applied, gives a plan.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.model.build import BuiltModel, build_allocation
from planner.model.linear import Objective, family_of
from planner.model.rows import Terms
from planner.model.shortfall import follow_delivery

BAND_PRICE = 1.0
CAVEAT_PRICE = 2.0
CONTINGENT_PRICE = 2.0
MULTINATIONAL_PRICE = 3.0
REQUIREMENT_PRICE = 10.0


def build_elastic(d: ModelData) -> BuiltModel:
    d = replace(d, allow_shortfall=False)      # the slacks below do what a partial plan would
    built = build_allocation(d, elastic=True)
    m = built.model
    costs: dict = {}
    measures: dict = {}
    personnel = d.personnel_per_unit

    def slack(constraint, sign: float, price: float, people: np.ndarray | float = 1.0,
              upper: np.ndarray | float = np.inf) -> None:
        """A slack on each row of `constraint`; one unit of it stands for `people` personnel and
        costs price x people in the relaxation objective."""
        if constraint not in m.constraints or m.constraints[constraint].size == 0:
            return
        block = m.constraints[constraint]
        var = m.add_variables(("relax", constraint), block.index, 0.0, upper, integer=False)
        m.add_to_rows(constraint, [Terms.per_row(var.ids, sign)])
        measures[var.name] = np.broadcast_to(np.asarray(people, dtype=float), (block.size,)).copy()
        costs[var.name] = price * measures[var.name]

    req = m.constraints["requirement"]
    slack("requirement", 1.0, REQUIREMENT_PRICE, personnel.reindex(req.index.get_level_values("capability")).to_numpy(),
          d.requirements["units_required"].to_numpy())
    if "personnel_band_upper" in m.constraints:
        # The band can widen at most to a tolerance of 100 %: its top then is 2 target + allowance.
        band = d.reference.reindex(m.constraints["personnel_band_upper"].index)
        room = np.maximum((1.0 - d.fairness.tolerance) * band["target"].to_numpy(), 0.0)
        slack("personnel_band_upper", -1.0, BAND_PRICE, upper=room)
    for block in m.family("gini_bound"):
        slack(block.name, -1.0, BAND_PRICE * d.burden_total.sum())
    if "caveat_unit_cap" in m.constraints:
        caps = m.constraints["caveat_unit_cap"]
        slack("caveat_unit_cap", -1.0, CAVEAT_PRICE,
              personnel.reindex(caps.index.get_level_values("capability")).to_numpy())
    slack("caveat_personnel_cap", -1.0, CAVEAT_PRICE)
    slack("multinationality", -1.0, MULTINATIONAL_PRICE)
    slack("bloc_cap", -1.0, MULTINATIONAL_PRICE)
    slack("contribution_minimum", 1.0, CONTINGENT_PRICE)
    slack("lead_share", 1.0, CONTINGENT_PRICE)
    if "max_contributors" in m.constraints:
        # One more contributor stands for the people of a minimum contingent.
        block = m.constraints["max_contributors"]
        slack("max_contributors", -1.0, CONTINGENT_PRICE,
              np.maximum(d.missions["minimum"].reindex(block.index).to_numpy(), 1.0))
    if ("relax", "requirement") in m.variables:
        follow_delivery(m, d, m.variables[("relax", "requirement")])
    relax = Objective("relaxation", costs)
    # Least relaxation first; then the objectives of the scenario itself, for a plan worth reading.
    objectives = (relax,) + tuple(o for o in built.objectives)
    m.use_objective(relax)
    return BuiltModel(m, d, objectives, measures)


def relaxations(built: BuiltModel, x: np.ndarray) -> pd.DataFrame:
    """One row per relaxed rule: family, index labels, amount (in the rule's own unit: units,
    personnel, contributors), personnel (what the amount stands for) and price; largest personnel
    first, so that every kind of relaxation is ranked on one measure."""
    rows = []
    for key in built.model.variables:
        if family_of(key) != "relax":
            continue
        relaxed = key[1]
        values = built.model.value(key, x)
        price = built.objectives[0].costs[key]
        people = built.measures[key]
        for (label, amount), p, per in zip(values.items(), price, people):
            if amount > 1e-6:
                rows.append({"rule": family_of(relaxed), "where": label, "amount": float(amount),
                             "personnel": float(amount * per), "price": float(amount * p)})
    return pd.DataFrame(rows, columns=["rule", "where", "amount", "personnel", "price"]).sort_values(
        ["personnel", "price"], ascending=False, kind="mergesort").reset_index(drop=True)
