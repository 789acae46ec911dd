"""Requirements that may go unmet: a partial plan (`solver.allow_shortfall`) and the elastic
diagnosis both give each requirement a shortfall, and then every rule written on a mission's
required personnel P is written on what is delivered, P - S, so that the plan found is a plan of
the scenario with the requirements cut by their shortfall.

=================  =========================  =====================================================
symbol             code name                  meaning
=================  =========================  =====================================================
short[p,m,c]       ``requirement_shortfall``  whole units of c mission m goes without (a partial plan)
=================  =========================  =====================================================

    requirement          sum_s x[p,s,c,m] + short[p,m,c] = required[p,m,c]
    S[p,m] = sum_c personnel[c] short[p,m,c] (times months[m] in the band and Gini rows, which are
    in person-months); each row below gains the + terms on its left:
    multinationality     b[p,s,m] + sigma S[p,m] <= sigma P[p,m]
    bloc_cap             sum_{s in B} b[p,s,m] + share S[p,m] <= share P[p,m]
    lead_share           b[p,s,m] + l S[p,m] - l P[p,m] z[p,s,m] >= 0
    personnel_band_upper b[p,s] + (1 + tol) k[s] sum_m S[p,m] <= hi[p,s]
    personnel_band_lower b[p,s] + short[p,s] + (1 - tol) k[s] sum_m S[p,m] >= lo[p,s]
    gini_bound           sum u + gini_max sum_m S[p,m] <= gini_max P[p]

A partial plan minimises, for each priority level in turn (1 first), the personnel its missions go
without, sum_{m of that priority} S[p,m]; then the usual objectives.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.model.linear import Block, LinearModel, Objective
from planner.model.rows import Terms


def add_shortfall(model: LinearModel, d: ModelData) -> list[Objective]:
    """Whole-unit shortfalls on the requirement rows, the rules following delivery, and one
    objective per priority level (most important first)."""
    req = model.constraints["requirement"]
    short = model.add_variables("requirement_shortfall", req.index, 0.0, d.requirements["units_required"].to_numpy(),
                                integer=True)
    model.add_to_rows("requirement", [Terms.per_row(short.ids)])
    follow_delivery(model, d, short)
    people = d.personnel_per_unit.reindex(req.index.get_level_values("capability")).to_numpy()
    priority = d.missions["priority"].reindex(req.index.droplevel("capability")).to_numpy()
    return [Objective(f"shortfall_priority_{level}", {short.name: np.where(priority == level, people, 0.0)})
            for level in sorted(set(priority.tolist()))]


def follow_delivery(model: LinearModel, d: ModelData, short: Block) -> None:
    """Rewrite the rules stated on required personnel on delivered personnel (the docstring's rows)."""
    labels = short.index.to_frame(index=False)
    labels["col"] = short.ids
    labels["people"] = d.personnel_per_unit.reindex(labels["capability"]).to_numpy()
    # The band and the Gini bound are in person-months.
    labels["burden"] = labels["people"] * d.mission_months.reindex(labels["mission"]).to_numpy()
    if "multinationality" in model.constraints:
        _per_mission(model, "multinationality", labels, d.max_national_share)
    if "bloc_cap" in model.constraints:
        shares = d.bloc_caps["share"].reindex(model.constraints["bloc_cap"].index).to_numpy()
        _per_mission(model, "bloc_cap", labels, shares)
    if "lead_share" in model.constraints:
        block = model.constraints["lead_share"]
        shares = d.missions["lead_share"].fillna(0.0).reindex(block.index.droplevel("state")).to_numpy()
        _per_mission(model, "lead_share", labels, shares)
    for name, side in (("personnel_band_upper", 1 + d.fairness.tolerance),
                       ("personnel_band_lower", 1 - d.fairness.tolerance)):
        if name not in model.constraints:
            continue
        block = model.constraints[name]
        rows = block.index.to_frame(index=False)
        rows["row"] = np.arange(len(rows))
        rows["ref"] = d.reference["reference_share"].reindex(block.index).to_numpy()
        pairs = rows.merge(labels, on="period")
        model.add_to_rows(name, [Terms(pairs["row"], pairs["col"], side * pairs["ref"].to_numpy()
                                       * pairs["burden"].to_numpy())])
    for block in model.family("gini_bound"):
        mine = (labels["period"] == block.index[0]).to_numpy()
        model.add_to_rows(block.name, [Terms.single_row(labels["col"].to_numpy()[mine],
                                                        d.fairness.gini_max * labels["burden"].to_numpy()[mine])])


def _per_mission(model: LinearModel, name: str, labels: pd.DataFrame, shares) -> None:
    """+ share x personnel x short[p,m,c] in every row of block `name` about mission (p, m)."""
    block = model.constraints[name]
    rows = block.index.to_frame(index=False)[["period", "mission"]]
    rows["row"] = np.arange(len(rows))
    rows["share"] = np.broadcast_to(np.asarray(shares, dtype=float), (len(rows),))
    pairs = rows.merge(labels, on=["period", "mission"])
    model.add_to_rows(name, [Terms(pairs["row"], pairs["col"], pairs["share"].to_numpy() * pairs["people"].to_numpy())])
