"""The scenario file's fields, their types and defaults.

These pydantic models are the reference for every field; README.md's
"Scenario files" section mirrors them. Unknown fields are errors, so a typo
never silently falls back to a default. Defaults that are planning
assumptions live in data/defaults.yaml, not here.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from planner.scenario.vocabulary import (
    APPORTION_METHODS,
    BURDEN_FACES,
    FAIRNESS_MODES,
    KEY_COMPONENTS,
    KEY_METHODS,
    MISSION_KINDS,
    SOLVER_NAMES,
)

# Larger values are typing errors, not plans (documented in README "Limits on inputs"): the
# largest armies hold a few thousand units and about two million people; charter airlift costs
# a fraction of a dollar per person-km; a week is longer than any solve should run.
MAX_UNITS = 100_000
MAX_PERSONNEL = 10_000_000
MAX_USD_PER_PERSON_KM = 100.0
MAX_ROTATIONS_PER_YEAR = 12.0
MAX_TIME_LIMIT_S = 7 * 24 * 3600.0
MAX_USD_PER_PERSON_YEAR = 10_000_000.0
MAX_PHASE_IN = 10.0


def _check_units(label: str, count: int, negative: str) -> None:
    """A unit count is a whole number from 0 to MAX_UNITS."""
    if count < 0:
        raise ValueError(f"{label}: {negative}, got {count}")
    if count > MAX_UNITS:
        raise ValueError(f"{label}: {count} units is beyond any force (at most {MAX_UNITS:,})")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fairness(Strict):
    """Burden-sharing rule: each member's share stays near its key share."""

    mode: Literal[FAIRNESS_MODES] = Field(
        description="band: every share within +-tolerance of its key share; minimax: least largest relative "
                    "deviation, then cost; leximin: the worst-treated member first, then the next...; "
                    "gini: Gini of share/key ratios at most gini_max; off: no fairness rule")
    tolerance: float = Field(ge=0.0, le=1.0, description="band: relative half-width of the band")
    gini_max: float = Field(ge=0.0, le=1.0, description="gini: largest Gini of share/key ratios")
    leximin_rounds: int = Field(
        ge=1, le=1000, description="leximin: how many worst-treated positions are optimised in turn")
    apply_to: list[Literal[BURDEN_FACES]] = Field(description="burden faces the rule applies to")

    @field_validator("mode", mode="before")
    @classmethod
    def _off_is_a_word(cls, value):
        """YAML 1.1 reads a bare `off` as false; here it means the mode "off"."""
        return "off" if value is False else value


class KeyOverride(Strict):
    """A negotiated adjustment for one member, applied after the method."""

    share: float | None = Field(default=None, ge=0.0, le=1.0, description="fixed share")
    cap: float | None = Field(default=None, ge=0.0, le=1.0, description="largest share")
    discount: float | None = Field(default=None, ge=0.0, le=1.0, description="share reduced by this fraction")


class Key(Strict):
    """The burden-sharing key."""

    method: Literal[KEY_METHODS]
    weights: dict[str, float] = Field(
        default_factory=dict, description="mix: weights over gdp, gni, population, milex, armed_forces")
    overrides: dict[str, KeyOverride] = Field(default_factory=dict, description="ISO3 -> share, cap or discount")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value):
        """`key: un` and `key: {gni: 0.5, population: 0.5}` are shorthands."""
        if isinstance(value, str):
            return {"method": value}
        if isinstance(value, dict) and "method" not in value:
            if value and set(value) <= {"weights", "overrides"}:   # key.weights.gdp=0.5 set on a bare key
                return {"method": "mix", **value}
            return {"method": "mix", "weights": value}
        return value

    @field_validator("weights")
    @classmethod
    def _key_weights(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(KEY_COMPONENTS))
        if unknown:
            raise ValueError(f"unknown key component {unknown[0]!r} (known: {', '.join(KEY_COMPONENTS)})")
        if value and (any(w < 0 for w in value.values()) or sum(value.values()) <= 0):
            raise ValueError("weights must be >= 0 with a positive sum")
        return value

    @model_validator(mode="after")
    def _mix_needs_weights(self):
        if self.method == "mix" and not self.weights:
            raise ValueError("method mix needs weights")
        return self


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
    exclude: list[str] = Field(
        default_factory=list, description="states that may not contribute (parties to the conflict)")

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
            _check_units(unit, count, "must be a whole number >= 0")
        return value


class Caveat(Strict):
    """What a member will not do (national caveats)."""

    kinds: list[Literal[MISSION_KINDS]] = Field(
        default_factory=list, description="mission kinds the state will not join")
    no_combat: bool = Field(default=False, description="the state sends no combat units")
    max_personnel: int | None = Field(default=None, ge=0, le=MAX_PERSONNEL,
                                      description="cap on personnel deployed, all missions")
    max_units: dict[str, int] = Field(default_factory=dict, description="unit type id -> cap on units deployed")


class Assumptions(Strict):
    """Planning assumptions; defaults and their sources are in data/defaults.yaml."""

    deployable_share: float = Field(gt=0.0, le=1.0)
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


class Tables(Strict):
    """Custom tables replacing the shipped ones; paths relative to the scenario file."""

    states: str | None = None
    capabilities: str | None = None
    capacities: str | None = None


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


class Scenario(Strict):
    """A whole scenario after `extends:` has been resolved and defaults applied."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    region: str | None = Field(
        default=None, description="membership column of states.csv: osce, nato, eu, csto, au, asean, oas, un_member")
    members: list[str] = Field(default_factory=list, description="ISO3 codes added to the region's members")
    opt_out: list[str] = Field(default_factory=list, description="ISO3 codes of states that formally opt out")
    key: Key
    fairness: Fairness
    max_national_share: float = Field(gt=0.0, le=1.0)
    pools: list[Pool] = Field(
        default_factory=list, description="standing force pools that cap each member's contribution of a unit type")
    missions: list[Mission] = Field(min_length=1)
    caveats: dict[str, Caveat] = Field(default_factory=dict)
    capacities: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="ISO3 -> unit type -> units held (overrides the default)")
    origins: dict[str, tuple[float, float]] = Field(
        default_factory=dict, description="ISO3 -> [lon, lat] point forces deploy from")
    tables: Tables = Field(default_factory=Tables)
    assumptions: Assumptions
    solver: Solver
    trajectory: Trajectory | None = None

    @field_validator("capacities")
    @classmethod
    def _capacities(cls, value: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        for state, units in value.items():
            for unit, count in units.items():
                _check_units(f"{state}.{unit}", count, "must be >= 0")
        return value
