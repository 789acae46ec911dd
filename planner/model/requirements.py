"""Requirements: every mission gets exactly the units it asks for, in every period."""
from __future__ import annotations

import pandas as pd

from planner.inputs import ModelData
from planner.model.linear import LinearModel
from planner.model.rows import Terms


def add_requirements(model: LinearModel, d: ModelData) -> None:
    """sum_s x[p,s,c,m] = required[p,m,c] for every requirement (p, m, c).

    Equality, not >=: surplus units cost money and help no one, and with equality
    the total personnel P_p = sum_mc required[p,m,c] * personnel[c] is a constant,
    which keeps the fairness band on personnel a pair of simple bounds. A
    requirement no state can fill keeps its (empty) row, so the model is
    infeasible rather than silently short.
    """
    x = model.variables["units"]
    index = d.requirements.index
    codes = index.get_indexer(pd.MultiIndex.from_frame(d.triples[["period", "mission", "capability"]]))
    required = d.requirements["units_required"].to_numpy()
    model.add_rows("requirement", index, [Terms(codes, x.ids)], required, required)
