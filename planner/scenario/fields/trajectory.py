"""A multi-year demilitarization trajectory."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from planner.scenario.fields.common import MAX_PERSONNEL, MAX_PHASE_IN, MAX_USD_PER_PERSON_YEAR, Strict
from planner.scenario.vocabulary import CEILING_BASES, INSPECTION_PERIODS, REDUCTION_RULES


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
    manpower_band: float | None = Field(
        default=0.2, ge=0.0, le=1.0, description="items per 1,000 personnel stay within this relative band of the "
                                                 "baseline ratio as forces fall (null: equipment free of manpower)")


class Inspections(Strict):
    """The verification workload: objects of verification and declared-site quotas (CFE Protocol on
    Inspection); defaults and sources in data/defaults.yaml."""

    personnel_per_object: float = Field(gt=0.0, le=1e6, description="national personnel per object of verification "
                                                                    "(a unit or site holding treaty-limited equipment)")
    quotas: dict[Literal[INSPECTION_PERIODS], float] = Field(
        description="inspection period -> passive declared-site quota, share of a member's objects a year")

    @field_validator("quotas")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        for period, share in value.items():
            if not 0.0 <= share <= 1.0:
                raise ValueError(f"{period}: a quota is a share of the objects in [0, 1], got {share}")
        return value


class HostStationing(Strict):
    """Foreign forces on one host's territory (data/stationed_forces.csv), along the trajectory."""

    consent: bool | None = Field(default=None, description="the host consents (unset: as data/stationed_forces.csv "
                                                            "says); without consent the forces withdraw")
    withdraw_by: int | None = Field(default=None, ge=1900, le=2300,
                                    description="year without-consent forces are gone, and the ceilings below are "
                                                "reached by (default: the final year)")
    ceiling: float | None = Field(default=None, ge=0.0, le=MAX_PERSONNEL,
                                  description="foreign-stationed personnel on its territory at most this")
    territorial_ceiling: float | None = Field(default=None, ge=0.0, le=MAX_PERSONNEL,
                                              description="national plus foreign-stationed personnel on its "
                                                          "territory at most this")


class Zone(Strict):
    """A group of states whose forces on their territories (national at home plus foreign-stationed)
    fall to a ceiling, linearly from today's by a year (the CFE's nested zones and flank)."""

    states: list[str] = Field(min_length=1)
    ceiling: float = Field(ge=0.0, le=MAX_PERSONNEL, description="personnel on the zone's territory by `by`")
    by: int | None = Field(default=None, ge=1900, le=2300, description="year the ceiling is reached (default: the "
                                                                       "final year)")


class StandingForceGrowth(Strict):
    """How the standing force (the standby packages) grows as national forces shrink: by a share of
    the members' cumulative reduction, or to a size by a year. Either way the tiers' packages are
    multiplied by the standing force's size over its first year's (rounded down, never fewer)."""

    share: float | None = Field(default=None, gt=0.0, le=1.0,
                                description="standby personnel grows by this share of the members' total cut so far")
    personnel: float | None = Field(default=None, gt=0.0, le=MAX_PERSONNEL,
                                    description="standby personnel a semester by `by`, linearly from the first year's")
    by: int | None = Field(default=None, ge=1900, le=2300, description="year `personnel` is reached (default: the "
                                                                       "final year)")

    @model_validator(mode="after")
    def _one_way(self):
        if (self.share is None) == (self.personnel is None):
            raise ValueError("give either share (of the national reduction) or personnel (a size by a year)")
        if self.by is not None and self.personnel is None:
            raise ValueError("by goes with personnel")
        return self


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
    rule: Literal[REDUCTION_RULES] = Field(
        description="who cuts: min_cost (least spending decides), proportional (every member the same share of its "
                    "baseline, within rule_tolerance)")
    rule_tolerance: float = Field(ge=0.0, lt=1.0, description="relative: proportional, a member's cut share from "
                                                               "the common one; bloc_parity, a bloc's ratio from the "
                                                               "target; equal_ceiling, a member's cut from its due")
    rule_blocs: dict[str, str | list[str]] = Field(
        default_factory=dict, description="bloc_parity: bloc name -> a membership column of the states table or a "
                                          "list of ISO3 codes (blocs must not overlap); ratios are to the first bloc")
    bloc_ratio: Literal["today", "parity"] | float = Field(
        default="today", description="bloc_parity: each bloc's forces over the first bloc's by the final year (today: "
                                     "the baseline ratio; parity: 1), moving linearly from today's")
    ceiling_per: Literal[CEILING_BASES] = Field(
        default="population", description="equal_ceiling: forces per person or per USD of GDP; members above the "
                                          "common ceiling come down to it, the ceiling set so the regional target is "
                                          "met")
    joins: dict[str, int] = Field(default_factory=dict, description="ISO3 -> first year it takes part in the peace "
                                                                    "force (before: arms control only)")
    leaves: dict[str, int] = Field(default_factory=dict, description="ISO3 -> year it leaves the organisation: no "
                                                                     "contributions, no fund, no reduction rule from "
                                                                     "then")
    phases: Literal["cfe"] | dict[int, float] | None = Field(
        default=None, description="year -> cumulative share of each member's reduction liability due by then; cfe: "
                                  "25 %, 60 %, 100 % at 16/40, 28/40 and 40/40 of the horizon")
    inspections: Inspections
    stationing: dict[str, HostStationing] = Field(
        default_factory=dict, description="host ISO3 -> consent, withdrawal year and ceilings for foreign forces")
    zones: dict[str, Zone] = Field(default_factory=dict, description="name -> states and a personnel ceiling")
    standing_force_growth: StandingForceGrowth | None = Field(
        default=None, description="with a standby: section, how the standing force grows year by year (unset: the "
                                  "tiers' packages every year)")

    @field_validator("phases")
    @classmethod
    def _phase_shares(cls, value):
        if isinstance(value, dict):
            for year, share in value.items():
                if not 0.0 < share <= 1.0:
                    raise ValueError(f"{year}: a cumulative share of the reduction liability in (0, 1], got {share}")
            shares = [value[y] for y in sorted(value)]
            if any(b < a for a, b in zip(shares, shares[1:])):
                raise ValueError("cumulative shares must not fall from one phase year to the next")
        return value

    @field_validator("bloc_ratio")
    @classmethod
    def _ratio(cls, value):
        if not isinstance(value, str) and not 0.0 < value <= 1e3:
            raise ValueError(f"a ratio of forces in (0, 1000], or today or parity, got {value}")
        return value

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
