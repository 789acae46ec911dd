"""A multi-year demilitarization trajectory."""
from __future__ import annotations

from pydantic import Field, field_validator

from planner.scenario.fields.common import MAX_PERSONNEL, MAX_PHASE_IN, MAX_USD_PER_PERSON_YEAR, Strict


class BalancedPair(Strict):
    """Two rivals whose force ratio must stay near its baseline in every year."""

    states: tuple[str, str]
    tolerance: float = Field(ge=0.0, le=1.0, description="relative drift allowed from the baseline ratio")


class Equipment(Strict):
    """Treaty-style ceilings on the five CFE categories of equipment."""

    holdings: str | None = Field(
        default=None, description="baseline holdings CSV (Vienna Document shape), relative to the scenario; default "
                                  "data/equipment_holdings.csv")
    reduction: float = Field(
        ge=0.0, le=1.0, description="ceilings fall linearly to (1 - reduction) x baseline by the final year")
    sufficiency_share: float = Field(
        gt=0.0, le=1.0, description="no state above this share of the members' total of a category")


class Trajectory(Strict):
    """A multi-year demilitarization plan."""

    start_year: int = Field(ge=1900, le=2300)
    years: int = Field(ge=1, le=100)
    regional_reduction: float | None = Field(
        default=None, ge=0.0, le=1.0, description="members' total armed forces down by this share by the final year")
    state_reductions: dict[str, float] = Field(
        default_factory=dict, description="ISO3 -> reduction of its own forces by the final year")
    max_annual_reduction: float = Field(
        gt=0.0, le=1.0, description="largest cut in one year, share of the state's baseline")
    floor_share: float = Field(ge=0.0, le=1.0, description="territorial-defence minimum, share of baseline")
    floors: dict[str, float] = Field(
        default_factory=dict, description="ISO3 -> minimum personnel, replacing floor_share")
    phase_in: dict[int, float] = Field(
        default_factory=dict, description="year -> share of the missions' requirements (linear between years)")
    mission_start: dict[str, int] = Field(default_factory=dict, description="mission id -> first year it runs")
    balanced_pairs: list[BalancedPair] = Field(default_factory=list)
    cost_per_person_usd: dict[str, float] = Field(
        default_factory=dict, description="ISO3 -> military spending per person a year, replacing milex / armed "
                                          "forces")
    equipment: Equipment | None = None

    @field_validator("state_reductions", "phase_in", "cost_per_person_usd", "floors")
    @classmethod
    def _non_negative(cls, value: dict, info) -> dict:
        largest = {"state_reductions": 1.0, "phase_in": MAX_PHASE_IN, "cost_per_person_usd": MAX_USD_PER_PERSON_YEAR,
                   "floors": float(MAX_PERSONNEL)}[info.field_name]
        for key, number in value.items():
            if number < 0:
                raise ValueError(f"{key}: must be >= 0, got {number}")
            if number > largest:
                raise ValueError(f"{key}: must be at most {largest:g}, got {number}")
        return value
