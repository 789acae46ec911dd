"""Planning assumptions, solver settings and custom tables."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from planner.scenario.fields.common import MAX_TIME_LIMIT_S, MAX_USD_PER_PERSON_KM, MONTHS_PER_YEAR, Strict
from planner.scenario.vocabulary import MISSION_KINDS, SOLVER_NAMES


class Assumptions(Strict):
    """Planning assumptions; defaults and their sources are in data/defaults.yaml."""

    deployable_share: float = Field(gt=0.0, le=1.0)
    sustainable_share: float = Field(gt=0.0, le=1.0)
    transport_usd_per_person_km: float = Field(ge=0.0, le=MAX_USD_PER_PERSON_KM)
    tour_months: int = Field(ge=1, le=MONTHS_PER_YEAR, description="months a unit serves on one deployment; "
                                                                   "a mission longer than one tour rotates its units")
    duration_months: dict[Literal[MISSION_KINDS], int] = Field(
        description="mission kind -> months a mission of that kind lasts in the plan's year, unless it says")
    key_floor_share: float = Field(ge=0.0, lt=0.01)
    costing: Literal["uniform", "national"] = Field(description="what a soldier costs in the objective: the "
                                                                "agreed reimbursement rate for every state, or "
                                                                "each state's own (planner/data/costs.py)")
    personnel_share_fallback: float = Field(gt=0.0, le=1.0, description="personnel share of defence spending "
                                                                       "where none is published")
    cost_per_person_min_usd: float = Field(ge=0.0, le=1e7)
    cost_per_person_max_usd: float = Field(gt=0.0, le=1e7)
    cost_per_person_usd: dict[str, float] = Field(default_factory=dict,
                                                  description="ISO3 -> national cost per person a year, replacing "
                                                              "the derived figure")


    @field_validator("duration_months")
    @classmethod
    def _months(cls, value: dict[str, int]) -> dict[str, int]:
        for kind, months in value.items():
            if not 1 <= months <= MONTHS_PER_YEAR:
                raise ValueError(f"{kind}: {months} months; must be 1 to {MONTHS_PER_YEAR}")
        return value


class Fund(Strict):
    """The common fund: contributors are reimbursed per person deployed at the agreed rate, paid for
    by members in proportion to the key."""

    reimbursement_usd_per_person_month: float = Field(ge=0.0, le=1e6)


class Solver(Strict):
    name: Literal[SOLVER_NAMES]
    time_limit_s: float = Field(gt=0.0, le=MAX_TIME_LIMIT_S)
    gap: float = Field(ge=0.0, lt=1.0)
    threads: int = Field(ge=1, le=64)
    seed: int = Field(ge=0)
    bound_first: bool
    allow_shortfall: bool = Field(description="when no full plan exists, the best partial plan (status partial)")


class Tables(Strict):
    """Custom tables replacing the shipped ones; paths relative to the scenario file."""

    states: str | None = None
    capabilities: str | None = None
    capacities: str | None = None
    stationed: str | None = Field(default=None, description="foreign-stationed forces (default "
                                                            "data/stationed_forces.csv)")
