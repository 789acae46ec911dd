"""Small ModelData built in code, and a reader for the rows a builder wrote."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs.band import personnel_reference
from planner.inputs.model_data import USD_PER_MODEL_UNIT, FairnessRule, ModelData

OFF = FairnessRule("off", 0.2, 0.1, 8, ("personnel", "net_cost"))


def tiny_data(rows: list[tuple], required: dict, key: dict, held: dict, personnel: dict, rotation: dict | None = None,
              fairness: FairnessRule = OFF, unit_caps: dict | None = None, personnel_caps: dict | None = None,
              share: float = 1.0) -> ModelData:
    """One period (0). `rows`: (state, capability, mission, max_units, cost_usd_per_unit);
    `required`: (mission, capability) -> units; `held`: (state, capability) -> units held."""
    t = pd.DataFrame(rows, columns=["state", "capability", "mission", "max_units", "cost_usd_per_unit"])
    t.insert(0, "period", 0)
    t["personnel_per_unit"] = t["capability"].map(personnel)
    t["distance_km"] = 0.0
    t = t.sort_values(["period", "state", "capability", "mission"]).reset_index(drop=True)
    t["cost_k"] = t["cost_usd_per_unit"] / USD_PER_MODEL_UNIT
    t["personnel_ub"] = t["max_units"] * t["personnel_per_unit"]
    req = pd.DataFrame([(0, m, c, n, n * personnel[c]) for (m, c), n in required.items()],
                       columns=["period", "mission", "capability", "units_required", "personnel_required"])
    req = req.set_index(["period", "mission", "capability"]).sort_index()
    mission_personnel = req["personnel_required"].groupby(["period", "mission"]).sum()
    total = req["personnel_required"].groupby("period").sum()
    rotation = pd.Series(rotation or {c: 1.0 for c in personnel}, dtype=float)
    held_s = pd.Series(held, dtype=float)
    held_s.index = pd.MultiIndex.from_tuples(held_s.index, names=["state", "capability"])
    sustainable = np.floor(held_s / rotation.reindex(held_s.index.get_level_values("capability")).to_numpy() + 1e-9)
    caps = pd.Series(unit_caps or {}, dtype=float)
    if len(caps):
        caps.index = pd.MultiIndex.from_tuples(caps.index, names=["state", "capability"])
    pcaps = pd.Series(personnel_caps or {}, dtype=float)
    per_unit = pd.Series(personnel, dtype=float)
    reference = personnel_reference(t, pd.Series(key, dtype=float), mission_personnel, total, sustainable, per_unit,
                                    pcaps, share, fairness.tolerance)
    return ModelData(pd.Index([0], name="period"), False, t, req, mission_personnel, total, reference, held_s,
                     sustainable, rotation, per_unit, caps, pcaps, share, fairness, None)


def rows(model, key) -> list[tuple]:
    """(row label, {column label: coefficient}, lo, hi) for each row of one constraint block,
    columns labelled (variable block, index label)."""
    a, lo, hi = model.matrix()
    labels = {}
    for name, block in model.variables.items():
        for j, label in zip(block.ids, block.index):
            labels[j] = (name, label)
    block = model.constraints[key]
    out = []
    for i, label in zip(block.ids, block.index):
        row = a.getrow(i)
        out.append((label, {labels[j]: v for j, v in zip(row.indices, row.data)}, lo[i], hi[i]))
    return out
