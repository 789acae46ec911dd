"""Objectives: least cost, after any fairness objectives that come first.

cost      minimise sum_scm cost[s,c,m] x[s,c,m]   (kUSD; deployment cost per year)

Fairness modes `minimax` and `leximin` put their objectives before cost
(planner/model/fairness.py); the solve then holds each optimum while
minimising the next. Fund transfers are not in any objective: they are settled
after the solve as the least transfers that make net costs fair
(planner/results/fund.py).
"""
from __future__ import annotations

from planner.inputs import ModelData
from planner.model.linear import LinearModel, Objective


def cost_objective(model: LinearModel, d: ModelData) -> Objective:
    """Total national cost; seeded, where a solver finds no plan under an earlier stage's hold, by
    the fewest people deployed: a cost the same for every state, so the search is not drawn to the
    cheapest states, far above their band tops (osce-baseline: HiGHS found no plan in 60 s)."""
    people = Objective("people deployed", {"units": d.triples["personnel_per_unit"].to_numpy(dtype=float)})
    return Objective("cost", {"units": d.triples["cost_k"].to_numpy()}, seed=people)
