"""Scenario + tables -> the validated inputs every later stage reads.

`resolve(loaded)` checks every cross-reference (ISO3 codes, unit types,
regions, mission ids), reports all problems at once, and returns `Inputs`:
plain pandas tables keyed by ISO3, unit type id and mission id. Nothing
downstream reads files or the scenario's raw text again; a variant (fields
changed, as a diagnosis or the price of fairness asks) is resolved in memory.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from planner.data.costs import MONTHS_PER_YEAR, cost_per_person
from planner.errors import InputError, NothingRequired
from planner.inputs.eligibility import eligible_triples
from planner.inputs.holdings import holdings_of, personnel_caps, unit_caps
from planner.inputs.members import key_of, members_of, pools_of
from planner.inputs.missions import distances, missions_of
from planner.inputs.politics import bloc_caps, consent_problems, contingent_rules, political_exclusions
from planner.inputs.references import check_references
from planner.inputs.standby import StandbyInputs, resolve_standby
from planner.inputs.tables import Tables, tables_for
from planner.inputs.trajectory import TrajectoryInputs, resolve_trajectory
from planner.scenario.load import LoadedScenario
from planner.scenario.schema import Scenario

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inputs:
    """Everything the model needs, validated.

    Attributes
    ----------
    loaded : the scenario as loaded (file, lines of each field, overrides applied).
    tables : the tables it was resolved against.
    states : all states of the table (figures, memberships, `filled` notes), by ISO3.
    members : ISO3 codes of the organisation's members after opt-outs, sorted.
    key : member -> key share (sums to 1).
    capabilities : unit types by id (personnel, rotation_factor, combat, annual_cost_usd, ...).
    holdings : member x unit type -> units held (default or overridden).
    missions : mission id -> name, kind, lon, lat, personnel_required.
    requirements : (mission, capability) -> units_required, personnel_required.
    eligible : one row per (state, capability, mission) a state may fill, with
        max_units, personnel_per_unit, cost_usd_per_unit, distance_km.
    max_personnel : member -> personnel cap from caveats (only capped members).
    max_units : (state, capability) -> unit cap from caveats and pools.
    exclusions : (state, capability, mission) rows a state may not fill, with the reason.
    pools : (state, capability) -> units apportioned to the member by a standing force pool.
    contingents : mission -> min_personnel, max_contributors, lead_share, lead, priority.
    bloc_caps : mission, bloc, share: a bloc's members give at most this share of the mission.
    trajectory : the multi-year inputs, when the scenario has a trajectory.
    national_costs : member -> cost_per_person_usd (a year), cost_source (planner/data/costs.py).
    personnel_key : member -> share of the troops (the scenario's `personnel_key`, else `key`).
    standby : the standing force's roster and contingencies (planner/inputs/standby.py), when asked for.
    """

    loaded: LoadedScenario
    tables: Tables
    states: pd.DataFrame
    members: pd.Index
    key: pd.Series
    capabilities: pd.DataFrame
    holdings: pd.DataFrame
    missions: pd.DataFrame
    requirements: pd.DataFrame
    eligible: pd.DataFrame
    max_personnel: pd.Series
    max_units: pd.Series
    exclusions: pd.DataFrame
    pools: pd.Series
    contingents: pd.DataFrame
    bloc_caps: pd.DataFrame
    trajectory: TrajectoryInputs | None = None
    national_costs: pd.DataFrame | None = None
    personnel_key: pd.Series | None = None
    standby: StandbyInputs | None = None

    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario

    @property
    def troops_key(self) -> pd.Series:
        """The key personnel is shared by: `personnel_key`, or the one key for troops and money."""
        return self.key if self.personnel_key is None else self.personnel_key

    @property
    def source(self) -> Path:
        return self.loaded.file

    @property
    def name(self) -> str:
        return self.scenario.name

    def variant(self, overrides: dict[str, Any]) -> Inputs:
        """These inputs with scenario fields changed (dotted path -> value), resolved against the
        same tables: nothing is read from disk again."""
        return resolve(self.loaded.with_overrides(overrides), self.tables)

    def without_fairness(self) -> Inputs:
        """The same inputs with the fairness rule off."""
        return self.variant({"fairness.mode": "off"})


def resolve(loaded: LoadedScenario, tables: Tables | None = None) -> Inputs:
    """Validate the scenario against its tables (read unless `tables` were read for it) and build `Inputs`."""
    sc = loaded.scenario
    tables = tables_for(loaded, tables)
    states, capabilities = tables.states, tables.capabilities
    problems = check_references(loaded, states, capabilities)
    if problems:
        raise InputError(problems)
    members = members_of(loaded, states)
    key = key_of(loaded, tables, members)
    troops_key = key_of(loaded, tables, members, "personnel_key") if sc.personnel_key is not None else key
    holdings = holdings_of(sc, tables, members)
    pools = pools_of(loaded, troops_key)   # standing units are troops: shared by the personnel key
    missions, requirements = missions_of(loaded, capabilities)
    if requirements.empty:
        raise NothingRequired(loaded.problem(("missions",), "every requirement is 0 units: there is nothing to plan"))
    distance = distances(loaded, tables.origins, members, missions)
    political = political_exclusions(sc, members, tables.borders)
    problems = consent_problems(loaded, members, political)
    if problems:
        raise InputError(problems)
    contingents = contingent_rules(sc)
    unknown = [s for s in sc.assumptions.cost_per_person_usd if s not in states.index]
    if unknown:
        raise InputError(loaded.problem(("assumptions", "cost_per_person_usd", unknown[0]),
                                        f"unknown ISO3 code {unknown[0]!r}"))
    costs = cost_per_person(states.loc[members], tables.personnel_costs, sc.assumptions,
                            sc.fund.reimbursement_usd_per_person_month, sc.assumptions.cost_per_person_usd)
    eligible, exclusions = eligible_triples(sc, members, capabilities, holdings, missions, requirements,
                                            distance, pools, political, costs["cost_per_person_usd"],
                                            sc.fund.reimbursement_usd_per_person_month * MONTHS_PER_YEAR)
    logger.info("%s: %d members, %d missions, %d eligible state/unit/mission rows", sc.name, len(members),
             len(missions), len(eligible))
    return Inputs(loaded, tables, states, members, key, capabilities, holdings, missions, requirements, eligible,
                  personnel_caps(sc, members), unit_caps(sc, members, pools), exclusions, pools.rename("pool_units"),
                  contingents, bloc_caps(sc, missions), resolve_trajectory(loaded, tables, members, missions.index),
                  costs, troops_key, resolve_standby(loaded, members, capabilities, holdings, tables.borders,
                                                     troops_key, costs["cost_per_person_usd"]))
