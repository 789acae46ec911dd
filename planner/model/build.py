"""Build the allocation model: the builders, in the order they are called."""
from __future__ import annotations

from dataclasses import dataclass

from planner.inputs import Inputs
from planner.model.capacity import add_caveat_caps, add_multinationality, add_rotation_capacity
from planner.model.data import ModelData, model_data
from planner.model.fairness import add_personnel_band
from planner.model.linear import LinearModel
from planner.model.objective import set_objective
from planner.model.requirements import add_requirements
from planner.model.variables import define_units


@dataclass(frozen=True)
class BuiltModel:
    model: LinearModel
    data: ModelData


def build_model(inputs: Inputs) -> BuiltModel:
    """Variables, then constraints by concept, then the objective.

    Fairness on net cost is not a constraint here: the common fund settles it
    exactly after the solve (see planner/model/fund.py).
    """
    d = model_data(inputs)
    m = LinearModel()
    define_units(m, d)
    add_requirements(m, d)
    add_rotation_capacity(m, d)
    add_caveat_caps(m, d)
    add_multinationality(m, d)
    fairness = inputs.scenario.fairness
    if fairness.mode == "band" and "personnel" in fairness.apply_to:
        add_personnel_band(m, d)
    set_objective(m, d)
    return BuiltModel(m, d)
