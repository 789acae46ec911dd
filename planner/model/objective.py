"""Objective: least cost.

minimise  sum_scm cost[s,c,m] x[s,c,m]   (kUSD; deployment cost per year)

Fund transfers are not in the objective: they are settled after the solve as
the smallest transfers that make net costs fair (planner/model/fund.py).
"""
from __future__ import annotations

from planner.model.data import ModelData
from planner.model.linear import LinearModel


def set_objective(model: LinearModel, d: ModelData) -> None:
    model.set_cost(model.variables["units"], d.triples["cost_k"].to_numpy())
