"""The scenario file's fields, their types and defaults.

These pydantic models are the reference for every field; README.md's
"Scenario files" section mirrors them. Unknown fields are errors, so a typo
never silently falls back to a default. Defaults that are planning
assumptions live in data/defaults.yaml, not here.
"""
from __future__ import annotations

from pydantic import Field, field_validator

from planner.scenario.fields.burden import Fairness, Key, KeyOverride
from planner.scenario.fields.common import MAX_TIME_LIMIT_S, MAX_UNITS, Strict, check_units
from planner.scenario.fields.missions import Caveat, Mission, Pool
from planner.scenario.fields.politics import Contingents, Impartiality, LeadNation
from planner.scenario.fields.settings import Assumptions, Fund, Solver, Tables
from planner.scenario.fields.standby import Contingency, Standby, Tier
from planner.scenario.fields.trajectory import BalancedPair, Equipment, Trajectory

__all__ = ["MAX_TIME_LIMIT_S", "MAX_UNITS", "Assumptions", "BalancedPair", "Caveat", "Contingency", "Contingents",
           "Equipment", "Fairness", "Impartiality", "Key", "KeyOverride", "LeadNation", "Mission", "Pool", "Scenario",
           "Solver", "Standby", "Tables", "Tier", "Trajectory"]


class Scenario(Strict):
    """A whole scenario after `extends:` has been resolved and defaults applied."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    region: str | None = Field(
        default=None, description="membership column of states.csv: osce, nato, eu, csto, au, asean, oas, un_member")
    members: list[str] = Field(default_factory=list, description="ISO3 codes added to the region's members")
    opt_out: list[str] = Field(default_factory=list, description="ISO3 codes of states that formally opt out")
    arms_control_only: list[str] = Field(
        default_factory=list, description="ISO3 codes of states that take no part in the peace force (no "
                                          "contributions, no fund) but are bound by a trajectory's reduction rules, "
                                          "ceilings and inspections")
    key: Key
    personnel_key: Key | None = Field(default=None, description="the key troops are shared by (default: `key`, "
                                                                "which then shares money only)")
    fairness: Fairness
    max_national_share: float = Field(gt=0.0, le=1.0)
    pools: list[Pool] = Field(
        default_factory=list, description="standing force pools that cap each member's contribution of a unit type")
    missions: list[Mission] = Field(min_length=1)
    caveats: dict[str, Caveat] = Field(default_factory=dict)
    impartiality: Impartiality
    contingents: Contingents
    capacities: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="ISO3 -> unit type -> units held (overrides the default)")
    origins: dict[str, tuple[float, float]] = Field(
        default_factory=dict, description="ISO3 -> [lon, lat] point forces deploy from")
    tables: Tables = Field(default_factory=Tables)
    assumptions: Assumptions
    fund: Fund
    solver: Solver
    trajectory: Trajectory | None = None
    standby: Standby | None = None
    contingencies: list[Contingency] = Field(default_factory=list, description="missions that may arise, the "
                                                                               "standby reserve is sized for")

    @field_validator("capacities")
    @classmethod
    def _capacities(cls, value: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        for state, units in value.items():
            for unit, count in units.items():
                check_units(f"{state}.{unit}", count, "must be >= 0")
        return value
