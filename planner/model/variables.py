"""Decision variables.

=========  ===========================  ===========================================
symbol     code name                    meaning
=========  ===========================  ===========================================
x[s,c,m]   ``units``                    integer units of type c state s sends to m
=========  ===========================  ===========================================
"""
from __future__ import annotations

import pandas as pd

from planner.model.data import ModelData
from planner.model.linear import LinearModel


def define_units(model: LinearModel, d: ModelData) -> None:
    """x[s,c,m] in {0, 1, ..., max_units[s,c,m]} for eligible triples only."""
    t = d.triples
    index = pd.MultiIndex.from_frame(t[["state", "capability", "mission"]])
    model.add_variables("units", index, 0.0, t["max_units"].to_numpy(), integer=True)

