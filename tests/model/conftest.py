"""Small ModelData built in code, a model of it with some constraint builders, and a reader for the
rows a builder wrote."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs.band import personnel_reference
from planner.inputs.contingents import bloc_limits, contribution_pairs, mission_rules
from planner.inputs.model_data import USD_PER_MODEL_UNIT, FairnessRule, ModelData
from planner.model.linear import LinearModel
from planner.model.variables import define_units

OFF = FairnessRule("off", 0.2, 0.1, 8, ("personnel", "net_cost"))


def tiny_data(rows: list[tuple], required: dict, key: dict, held: dict, personnel: dict, rotation: dict | None = None,
              fairness: FairnessRule = OFF, unit_caps: dict | None = None, personnel_caps: dict | None = None,
              share: float = 1.0, contingents: dict | None = None, blocs: dict | None = None,
              allow_shortfall: bool = False) -> ModelData:
    """One period (0). `rows`: (state, capability, mission, max_units, cost_usd_per_unit);
    `required`: (mission, capability) -> units; `held`: (state, capability) -> units held;
    `contingents`: mission -> {min_personnel, max_contributors, lead_share, lead, priority} (none by
    default); `blocs`: bloc -> (members, {mission: share}). Every mission runs one month, so a
    member's person-months equal its personnel and the hand-worked figures read in people; every
    unit deployed needs its type's rotation factor held."""
    t = pd.DataFrame(rows, columns=["state", "capability", "mission", "max_units", "cost_usd_per_unit"])
    t.insert(0, "period", 0)
    t["personnel_per_unit"] = t["capability"].map(personnel)
    t["distance_km"] = 0.0
    t["months"] = 1
    t = t.sort_values(["period", "state", "capability", "mission"]).reset_index(drop=True)
    t["cost_k"] = t["cost_usd_per_unit"] / USD_PER_MODEL_UNIT
    t["personnel_ub"] = t["max_units"] * t["personnel_per_unit"]
    t["person_months_per_unit"] = t["personnel_per_unit"] * t["months"]
    req = pd.DataFrame([(0, m, c, n, n * personnel[c]) for (m, c), n in required.items()],
                       columns=["period", "mission", "capability", "units_required", "personnel_required"])
    req = req.set_index(["period", "mission", "capability"]).sort_index()
    mission_personnel = req["personnel_required"].groupby(["period", "mission"]).sum()
    total = req["personnel_required"].groupby("period").sum()
    rotation = pd.Series(rotation or {c: 1.0 for c in personnel}, dtype=float)
    held_s = pd.Series(held, dtype=float)
    held_s.index = pd.MultiIndex.from_tuples(held_s.index, names=["state", "capability"])
    caps = pd.Series(unit_caps or {}, dtype=float)
    if len(caps):
        caps.index = pd.MultiIndex.from_tuples(caps.index, names=["state", "capability"])
    pcaps = pd.Series(personnel_caps or {}, dtype=float)
    per_unit = pd.Series(personnel, dtype=float)
    missions = mission_rules(_rules(mission_personnel, contingents or {}), mission_personnel, share)
    t["rotation"] = rotation.reindex(t["capability"]).to_numpy()
    reference = personnel_reference(t, pd.Series(key, dtype=float), mission_personnel, total, held_s, pcaps, share,
                                    fairness.tolerance, missions["minimum"])
    pairs = contribution_pairs(t, missions, share)
    caps_table, members = _blocs(blocs or {}, mission_personnel, sorted(key))
    concurrent = pd.DataFrame({"slice": 0, "mission": sorted(mission_personnel.index.get_level_values("mission"))})
    return ModelData(pd.Index([0], name="period"), False, t, req, mission_personnel, total, total, concurrent,
                     pd.Series(1, index=concurrent["mission"]),
                     reference, held_s,
                     rotation, per_unit, caps, pcaps, share, fairness, None, missions, pairs,
                     caps_table, members, pd.MultiIndex.from_arrays([[], [], []], names=["period", "state", "mission"]),
                     allow_shortfall)


NO_RULE = {"min_personnel": 0.0, "max_contributors": np.nan, "lead_share": np.nan, "lead": "", "priority": 1}


def _rules(mission_personnel: pd.Series, contingents: dict) -> pd.DataFrame:
    names = sorted(set(mission_personnel.index.get_level_values("mission")))
    return pd.DataFrame([{**NO_RULE, **contingents.get(m, {})} for m in names], columns=list(NO_RULE),
                        index=pd.Index(names, name="mission"))


def _blocs(blocs: dict, mission_personnel: pd.Series, states: list) -> tuple[pd.DataFrame, dict]:
    caps = pd.DataFrame([(m, b, v) for b, (_, shares) in sorted(blocs.items()) for m, v in shares.items()],
                        columns=["mission", "bloc", "share"])
    table = pd.DataFrame({b: [int(s in members) for s in states] for b, (members, _) in blocs.items()},
                         index=pd.Index(states, name="iso3"))
    return bloc_limits(caps, mission_personnel, table, pd.Index(states))


def built(d, *builders) -> LinearModel:
    """The unit variables of `d`, then the rows of each builder (add_...(model, d)) in turn."""
    m = LinearModel()
    define_units(m, d)
    for builder in builders:
        builder(m, d)
    return m


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
