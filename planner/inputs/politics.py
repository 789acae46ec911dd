"""Mission politics, resolved: who may not serve in which mission and why (consent and
impartiality), the blocs whose share of a peacekeeping force is capped, and each mission's
contingent rules.

Reasons a member may not serve in a mission, in this order (the first that applies is reported):
`excluded from mission` (the mission's own `exclude:`), `unavailable (pays, does not deploy)`,
`party to the conflict`, `host`, `vetoed by host or party`, `neighbour of host or party`.
Hosts and neighbours are excluded for the mission kinds `impartiality.exclude_hosts` and
`exclude_neighbours` name, unless the mission overrides it; a party that opted out of the
organisation still counts as a party (its neighbours are still neighbours).
"""
from __future__ import annotations

import pandas as pd

from planner.scenario.fields.missions import Mission
from planner.scenario.schema import Scenario

REASONS = ("excluded from mission", "unavailable (pays, does not deploy)", "party to the conflict", "host",
           "vetoed by host or party", "neighbour of host or party")


def _flag(own: bool | None, kinds: list[str], kind: str) -> bool:
    return own if own is not None else kind in kinds


def political_exclusions(sc: Scenario, members: pd.Index, borders: pd.DataFrame) -> pd.DataFrame:
    """state, mission, reason: one row for each member a mission may not take, the first reason only."""
    neighbours = borders.groupby("state")["neighbour"].apply(set).to_dict()
    rows = []
    for mission in sc.missions:
        rules = mission.impartiality
        imp = sc.impartiality
        groups = [
            ("excluded from mission", set(mission.exclude)),
            ("unavailable (pays, does not deploy)", set(imp.unavailable)),
            ("party to the conflict", set(mission.parties) if (
                rules.exclude_parties if rules.exclude_parties is not None else imp.exclude_parties) else set()),
            ("host", set(mission.host) if _flag(rules.exclude_hosts, imp.exclude_hosts, mission.kind) else set()),
            ("vetoed by host or party", set(mission.vetoes)),
            ("neighbour of host or party", _neighbours(mission, neighbours) if _flag(
                rules.exclude_neighbours, imp.exclude_neighbours, mission.kind) else set()),
        ]
        taken: set[str] = set()
        for reason, states in groups:
            for state in sorted(states - taken):
                if state in members:
                    rows.append((state, mission.id, reason))
            taken |= states
    return pd.DataFrame(rows, columns=["state", "mission", "reason"])


def _neighbours(mission: Mission, neighbours: dict[str, set[str]]) -> set[str]:
    around = set()
    for state in set(mission.host) | set(mission.parties):
        around |= neighbours.get(state, set())
    return around - set(mission.host) - set(mission.parties)


def bloc_caps(sc: Scenario, missions: pd.DataFrame) -> pd.DataFrame:
    """mission, bloc, share: the largest share of a mission's personnel the members of one bloc may
    give together (the scenario's caps on peacekeeping missions; a mission's own caps replace them)."""
    rows = []
    for mission in sc.missions:
        own = mission.impartiality.max_bloc_share
        caps = own if own is not None else (sc.impartiality.max_bloc_share if mission.kind == "peacekeeping" else {})
        rows += [(mission.id, bloc, share) for bloc, share in sorted(caps.items())]
    return pd.DataFrame(rows, columns=["mission", "bloc", "share"])


def contingent_rules(sc: Scenario) -> pd.DataFrame:
    """mission -> min_personnel, max_contributors (NaN: none), lead_share (NaN: no lead rule), lead
    (the agreed lead nation, or "")."""
    rows = []
    for mission in sc.missions:
        own, default = mission.contingents, sc.contingents
        lead_rule = own.lead_nation or default.lead_nation
        rows.append({
            "mission": mission.id,
            "min_personnel": own.min_personnel if own.min_personnel is not None else default.min_personnel,
            "max_contributors": own.max_contributors if own.max_contributors is not None else default.max_contributors,
            "lead_share": lead_rule.min_share if lead_rule is not None else float("nan"),
            "lead": mission.lead or "",
            "priority": mission.priority,
        })
    return pd.DataFrame(rows).set_index("mission").sort_index()


def consent_problems(loaded, members: pd.Index, exclusions: pd.DataFrame) -> list:
    """A mission in a state that is not a member (opted out, or outside the region) needs that host's
    consent, stated as the mission's `host_consent: true` or the host in `impartiality.consenting_hosts`;
    an agreed lead nation must be a member that may serve."""
    problems = []
    excluded = {(s, m): r for s, m, r in exclusions.itertuples(index=False)}
    consenting = set(loaded.scenario.impartiality.consenting_hosts)
    for i, mission in enumerate(loaded.scenario.missions):
        outside = [code for code in mission.host if code not in members and code not in consenting]
        if outside and not mission.host_consent:
            which = f"{outside[0]} is not a member" if len(outside) == 1 else f"{', '.join(outside)} are not members"
            problems.append(loaded.problem(("missions", i, "host"), f"{which} (opted out or outside the region): "
                                           "without the host's consent the mission cannot deploy; set the mission's "
                                           "host_consent: true (or list the host in impartiality.consenting_hosts) "
                                           "if it consents"))
        lead = mission.lead
        if lead is not None and lead not in members:
            problems.append(loaded.problem(("missions", i, "lead"), f"{lead} is not a member"))
        elif lead is not None and (lead, mission.id) in excluded:
            problems.append(loaded.problem(("missions", i, "lead"), f"{lead} may not serve in {mission.id}: "
                                                                    f"{excluded[(lead, mission.id)]}"))
    return problems
