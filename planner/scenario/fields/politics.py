"""Mission politics: who may serve where (consent and impartiality) and how a force is built
(national contingents of a useful size around a lead nation). Scenario-level defaults; each
mission may override them."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from planner.scenario.fields.common import MAX_PERSONNEL, Strict
from planner.scenario.vocabulary import MISSION_KINDS


class Impartiality(Strict):
    """Who does not serve in a mission: parties, hosts and neighbours by mission kind; blocs capped
    on peacekeeping missions; members that pay but do not deploy."""

    exclude_parties: bool = Field(description="parties to the conflict never contribute to its mission")
    exclude_hosts: list[Literal[MISSION_KINDS]] = Field(
        description="mission kinds where the host states do not contribute")
    exclude_neighbours: list[Literal[MISSION_KINDS]] = Field(
        description="mission kinds where states sharing a land border with a host or party do not contribute")
    max_bloc_share: dict[str, float] = Field(
        default_factory=dict, description="membership column of states.csv -> largest share of a peacekeeping "
                                          "mission's personnel from that bloc's members together")
    unavailable: list[str] = Field(
        default_factory=list, description="ISO3 of members that pay but do not deploy (suspended, at war)")
    consenting_hosts: list[str] = Field(
        default_factory=list, description="ISO3 of states outside the membership (opted out, or outside the region) "
                                          "that consent to host the scenario's missions on their soil")


class MissionImpartiality(Strict):
    """One mission's exceptions to the scenario's impartiality rules (unset: the scenario's rule)."""

    exclude_parties: bool | None = None
    exclude_hosts: bool | None = None
    exclude_neighbours: bool | None = None
    max_bloc_share: dict[str, float] | None = Field(
        default=None, description="replaces the scenario's caps for this mission (any kind)")


class LeadNation(Strict):
    min_share: float = Field(gt=0.0, le=1.0, description="the lead carries at least this share of the personnel")


class Contingents(Strict):
    """How national contingents are sized: nothing or at least `min_personnel`; at most
    `max_contributors` states; one lead nation carrying `lead_nation.min_share`."""

    min_personnel: int = Field(ge=0, le=MAX_PERSONNEL, description="a member sends nothing or at least this many "
                                                                   "(or the most the national cap allows, if less)")
    max_contributors: int | None = Field(default=None, ge=1, le=1000, description="most states in one mission")
    lead_nation: LeadNation | None = Field(default=None, description="one contributor carries at least min_share")


class MissionContingents(Strict):
    """One mission's contingent rules (unset: the scenario's)."""

    min_personnel: int | None = Field(default=None, ge=0, le=MAX_PERSONNEL)
    max_contributors: int | None = Field(default=None, ge=1, le=1000)
    lead_nation: LeadNation | None = None
