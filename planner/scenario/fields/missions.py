"""Missions, national caveats and standing pools."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from planner.scenario.fields.common import MAX_PERSONNEL, MAX_UNITS, MONTHS_PER_YEAR, Strict, check_units
from planner.scenario.fields.politics import MissionContingents, MissionImpartiality
from planner.scenario.vocabulary import APPORTION_METHODS, MISSION_KINDS


class Pool(Strict):
    """A standing force pool: `total` units of one type apportioned over members by the key."""

    capability: str
    total: int = Field(ge=0, le=MAX_UNITS, description="units apportioned over the members")
    method: Literal[APPORTION_METHODS]
    min: int = Field(default=0, ge=0, le=MAX_UNITS, description="least units per member")


class Mission(Strict):
    """One standing mission of the peace force and the units it needs."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="lower-case id, e.g. balkans-pk")
    name: str = ""
    kind: Literal[MISSION_KINDS]
    location: tuple[float, float] = Field(description="[lon, lat] in degrees (WGS84)")
    requirements: dict[str, int] = Field(description="unit type id -> units required")
    host: list[str] = Field(default_factory=list, description="ISO3 of the states it deploys in")
    parties: list[str] = Field(default_factory=list, description="ISO3 of the parties to the conflict")
    vetoes: list[str] = Field(
        default_factory=list, description="ISO3 the host or the parties reject as contributors (patrons, rivals)")
    host_consent: bool = Field(
        default=False, description="the host consents although it is not a member (opted out or outside the region)")
    exclude: list[str] = Field(default_factory=list, description="further states that may not contribute")
    priority: int = Field(default=1, ge=1, le=100, description="1 = most important: filled first in a partial plan")
    duration_months: int | None = Field(default=None, ge=1, le=MONTHS_PER_YEAR,
                                        description="months it runs in the plan's year (unset: its kind's default)")
    start_month: int = Field(default=1, ge=1, le=MONTHS_PER_YEAR, description="month of the plan's year it starts")
    lead: str | None = Field(default=None, description="ISO3 of the lead (framework) nation, if agreed")
    impartiality: MissionImpartiality = Field(default_factory=MissionImpartiality)
    contingents: MissionContingents = Field(default_factory=MissionContingents)

    @field_validator("location")
    @classmethod
    def _on_earth(cls, value: tuple[float, float]) -> tuple[float, float]:
        lon, lat = value
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            raise ValueError("must be [lon, lat] with lon in [-180, 180] and lat in [-90, 90]")
        return value

    @field_validator("requirements")
    @classmethod
    def _positive_counts(cls, value: dict[str, int]) -> dict[str, int]:
        if not value:
            raise ValueError("a mission needs at least one requirement")
        for unit, count in value.items():
            check_units(unit, count, "must be a whole number >= 0")
        return value


class Caveat(Strict):
    """What a member will not do (national caveats)."""

    kinds: list[Literal[MISSION_KINDS]] = Field(
        default_factory=list, description="mission kinds the state will not join")
    no_combat: bool = Field(default=False, description="the state sends no combat units")
    max_personnel: int | None = Field(default=None, ge=0, le=MAX_PERSONNEL,
                                      description="cap on personnel deployed, all missions")
    max_units: dict[str, int] = Field(default_factory=dict, description="unit type id -> cap on units deployed")
