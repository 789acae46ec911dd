"""Planning assumptions, solver settings and custom tables."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from planner.scenario.fields.common import MAX_ROTATIONS_PER_YEAR, MAX_TIME_LIMIT_S, MAX_USD_PER_PERSON_KM, Strict
from planner.scenario.vocabulary import SOLVER_NAMES


class Assumptions(Strict):
    """Planning assumptions; defaults and their sources are in data/defaults.yaml."""

    deployable_share: float = Field(gt=0.0, le=1.0)
    sustainable_share: float = Field(gt=0.0, le=1.0)
    transport_usd_per_person_km: float = Field(ge=0.0, le=MAX_USD_PER_PERSON_KM)
    rotations_per_year: float = Field(ge=0.0, le=MAX_ROTATIONS_PER_YEAR)
    key_floor_share: float = Field(ge=0.0, lt=0.01)


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
