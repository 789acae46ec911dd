"""Build the allocation model: the builders, in the order they are called."""
from __future__ import annotations

from dataclasses import dataclass, field

from planner.inputs import ModelData
from planner.model.capacity import add_caveat_caps, add_multinationality, add_rotation_capacity
from planner.model.contingents import add_contingents
from planner.model.fairness import (
    add_gini_bound,
    add_personnel_band,
    add_personnel_burden,
    add_personnel_deviation,
    leximin_objective,
    minimax_objective,
)
from planner.model.linear import LinearModel, Objective
from planner.model.objective import cost_objective
from planner.model.politics import add_bloc_caps
from planner.model.requirements import add_requirements
from planner.model.shortfall import add_shortfall
from planner.model.variables import define_units


@dataclass(frozen=True)
class BuiltModel:
    model: LinearModel
    data: ModelData
    objectives: tuple[Objective, ...]   # minimised in turn, each optimum held; the last is cost
    # Elastic model only: per relaxation block, the personnel one unit of its slack stands for.
    measures: dict = field(default_factory=dict)


def build_allocation(d: ModelData, elastic: bool = False) -> BuiltModel:
    """Variables, then constraints by concept, then the objectives in the order they are minimised:
    (for a partial plan) the personnel each priority level goes without, fairness (band shortfall,
    minimax, leximin), then cost. (A trajectory builds one per year: planner/run/trajectory.py.)

    `elastic` keeps rows the elastic model may need to tighten (planner/model/elastic.py).
    Fairness on net cost is not a constraint here: the common fund settles it
    exactly after the solve (see planner/results/fund.py).
    """
    partial = d.allow_shortfall and not elastic
    m = LinearModel()
    define_units(m, d)
    add_requirements(m, d)
    add_rotation_capacity(m, d)
    add_caveat_caps(m, d)
    # Rows a shrinking mission may tighten are all kept when requirements can go unmet.
    add_multinationality(m, d, every_row=elastic or partial)
    add_bloc_caps(m, d, every_row=elastic or partial)
    add_contingents(m, d, band_top=not elastic, any_lead=elastic or partial)
    objectives = _add_fairness(m, d, elastic, first=not partial)
    if partial:
        objectives = add_shortfall(m, d) + objectives
    objectives.append(cost_objective(m, d))
    m.use_objective(objectives[0])
    return BuiltModel(m, d, tuple(objectives))


def _add_fairness(m: LinearModel, d: ModelData, elastic: bool, first: bool) -> list[Objective]:
    fair = d.fairness
    if not fair.on_personnel or d.triples.empty:
        return []
    if fair.mode == "band":
        return [add_personnel_band(m, d, bound_units=not elastic, priced_top=first)]
    add_personnel_burden(m, d)
    if fair.mode == "gini":
        add_gini_bound(m, d)
        return []
    add_personnel_deviation(m, d)
    if fair.mode == "minimax":
        return [minimax_objective(m, d)]
    rounds = min(fair.leximin_rounds, m.variables["personnel_deviation"].size)
    return [leximin_objective(m, d, k) for k in range(1, rounds + 1)]
