"""Decision variables of the allocation.

=============  ===========================  ===========================================
symbol         code name                    meaning
=============  ===========================  ===========================================
x[p,s,c,m]     ``units``                    integer units of type c state s sends to m in period p
=============  ===========================  ===========================================

Fairness modes add `personnel_burden`, `personnel_deviation` and their
auxiliaries (planner/model/fairness.py); trajectories add `national_forces`
and `target_shortfall` (planner/model/trajectory.py).
"""
from __future__ import annotations

import pandas as pd

from planner.inputs import ModelData
from planner.model.linear import LinearModel


def define_units(model: LinearModel, d: ModelData) -> None:
    """x[p,s,c,m] in {0, 1, ..., max_units[p,s,c,m]} for eligible rows only."""
    t = d.triples
    index = pd.MultiIndex.from_frame(t[["period", "state", "capability", "mission"]])
    model.add_variables("units", index, 0.0, t["max_units"].to_numpy(), integer=True)
