"""A standing force: readiness tiers, a standby roster over semesters, and the contingencies the
reserve is sized for."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from planner.scenario.fields.common import MAX_UNITS, Strict, check_units
from planner.scenario.vocabulary import MISSION_KINDS, SOLVER_NAMES

# Columns of the standing force's table by year (planner/run/standing_force.py), beside one per tier.
RESERVED_TIER_NAMES = {"year", "standing_personnel"}
# A roster longer than this many semesters (twenty years) is beyond any agreed standby roster.
MAX_SEMESTERS = 40


def _units(value: dict[str, int]) -> dict[str, int]:
    for unit, count in value.items():
        check_units(unit, count, "must be >= 0")
    return value


class Tier(Strict):
    """A readiness tier: how many packages it keeps on standby each semester, and what each holds."""

    notice_days: int = Field(ge=0, le=365, description="notice to move, days (reported)")
    packages: int = Field(ge=1, le=50, description="packages on standby each semester")
    composition: dict[str, int] = Field(min_length=1, description="unit type -> units at least, per package")
    cost_share: float = Field(gt=0.0, le=1.0, description="share of a unit's personnel cost for a semester a "
                                                          "standby semester adds (training, readiness)")

    _composition = field_validator("composition")(classmethod(lambda cls, v: _units(v)))


class Standby(Strict):
    """The standby roster: packages of each tier in every semester, each under a framework nation."""

    start_year: int = Field(ge=1900, le=2300, description="the roster's first semester is the first half of it")
    semesters: int = Field(ge=1, le=MAX_SEMESTERS, description="semesters (half years) the roster covers")
    tiers: dict[str, Tier] = Field(min_length=1)
    max_members: int = Field(ge=1, le=MAX_UNITS, description="members in one package at most")
    framework_min_share: float = Field(ge=0.0, le=1.0, description="the framework nation's least share of its "
                                                                   "package's required personnel")
    standby_rotation: float = Field(ge=1.0, le=10.0, description="units held per unit on standby (stand-up, "
                                                                 "standby, stand-down)")
    reserve_cost_share: float = Field(gt=0.0, le=1.0, description="share of a unit's personnel cost for a "
                                                                 "semester in the reserve (national units on standby "
                                                                 "outside the packages, for the contingencies)")
    reserve_notice_days: int = Field(ge=0, le=365, description="the reserve's notice to move, days (reported)")
    cover_k: int = Field(ge=0, le=10, description="any this many contingencies at once are staffed from standby")
    @field_validator("tiers")
    @classmethod
    def _not_reserve(cls, value: dict) -> dict:
        if "reserve" in value:
            raise ValueError("'reserve' is the name of the units on standby outside the packages; name the tier "
                             "otherwise")
        taken = sorted(set(value) & RESERVED_TIER_NAMES)
        if taken:
            raise ValueError(f"{', '.join(taken)}: a column of the standing force's table by year; name the tier "
                             "otherwise")
        return value

    solver: Literal[SOLVER_NAMES] = Field(description="the solver of the roster (the allocation keeps solver.name)")
    tolerance: float | None = Field(default=None, ge=0.0, le=10.0,
                                    description="fairness band on roster personnel-semesters (default: the "
                                                "scenario's fairness tolerance)")


class Contingency(Strict):
    """A mission that may arise, the units it would need, how long, and how likely a year."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = ""
    kind: Literal[MISSION_KINDS]
    location: tuple[float, float] = Field(description="[lon, lat] in degrees (WGS84)")
    requirements: dict[str, int] = Field(min_length=1, description="unit type -> units")
    duration_months: float = Field(gt=0.0, le=120.0)
    likelihood: float = Field(ge=0.0, le=1.0, description="probability a year that it arises")
    host: list[str] = Field(default_factory=list, description="ISO3 of the stricken or host states")
    parties: list[str] = Field(default_factory=list, description="ISO3 of the parties (peacekeeping)")
    source: str = Field(default="", description="what the sizing rests on")

    _requirements = field_validator("requirements")(classmethod(lambda cls, v: _units(v)))
