"""Mission politics and contingent structure (planner/check/verify/rules.py), checked on the plan:
no excluded member serves, no bloc above its cap, contributions 0 or at least the minimum, no more
contributors than allowed, a lead nation carrying its share."""
from __future__ import annotations

import pandas as pd

from planner.check.verify.facts import Facts
from planner.check.verify.rules import MissionRules, minimum_of
from planner.check.verify.violation import TOL, Violation, when
from planner.inputs import Inputs


def check_politics(rules: dict[str, MissionRules], alloc: pd.DataFrame) -> list[Violation]:
    """No member serves where it is excluded: its own exclusions, unavailable, a party, a host, vetoed,
    a neighbour."""
    found = []
    for row in alloc.itertuples():
        reason = rules[row.mission].excluded.get(row.state)
        if reason is not None:
            found.append(Violation("impartiality", f"{row.state} deploys {row.units:g} {row.capability} to "
                                                   f"{row.mission}{when(row.year)}: {reason}"))
    return found


def check_blocs(inputs: Inputs, rules: dict[str, MissionRules], delivered: pd.Series,
                alloc: pd.DataFrame) -> list[Violation]:
    """No bloc's members together above their share of the personnel a mission receives."""
    found = []
    by_state = alloc.groupby(["year", "mission", "state"])["personnel"].sum()
    for (year, mission), people in delivered.items():
        for bloc, share in sorted(rules[mission].blocs.items()):
            if bloc not in inputs.states.columns:
                found.append(Violation("bloc cap", f"{mission}: bloc {bloc!r} is not a membership column"))
                continue
            members = set(inputs.states.index[inputs.states[bloc] == 1])
            mine = by_state.get((year, mission))
            sent = float(mine[mine.index.isin(members)].sum()) if mine is not None else 0.0
            if sent > share * people + TOL:
                found.append(Violation("bloc cap", f"{bloc} members give {sent:g} of {people:g} personnel in {mission}"
                                                   f"{when(year)} (cap {share:.0%} = {share * people:.1f})"))
    return found


def check_contingents(inputs: Inputs, facts: Facts, rules: dict[str, MissionRules], delivered: pd.Series,
                      alloc: pd.DataFrame, leads: pd.Series) -> list[Violation]:
    """Every contribution 0 or at least the minimum; no more contributors than allowed; the lead named
    in missions.csv contributes at least its share (and is the agreed lead, where one is agreed)."""
    found = []
    share = inputs.scenario.max_national_share
    required = facts.required.groupby(["year", "mission"])["personnel"].sum()
    by_state = alloc.groupby(["year", "mission", "state"])["personnel"].sum()
    for (year, mission), people in required.items():
        rule = rules[mission]
        mine = by_state.get((year, mission), pd.Series(dtype=float))
        minimum = minimum_of(rule, share, people)
        for state, sent in mine.items():
            if 0 < sent < minimum - TOL:
                found.append(Violation("minimum contingent", f"{state} sends {sent:g} personnel to {mission}"
                                                             f"{when(year)}, below the minimum of {minimum:g}"))
        if rule.max_contributors is not None and (mine > 0).sum() > rule.max_contributors:
            found.append(Violation("max contributors", f"{mission}{when(year)} has {(mine > 0).sum()} contributors, "
                                                       f"at most {rule.max_contributors} allowed"))
        found += _lead(rule, mission, year, leads.get((year, mission), ""), mine, delivered.get((year, mission), 0.0))
    return found


def _lead(rule: MissionRules, mission: str, year, lead: str, mine: pd.Series, people: float) -> list[Violation]:
    found = []
    if not rule.has_lead:
        if lead:
            found.append(Violation("lead nation", f"{mission}{when(year)} names lead {lead} without a lead rule"))
        return found
    if not lead:
        if people > 0:
            found.append(Violation("lead nation", f"{mission}{when(year)} names no lead nation"))
        return found
    if rule.lead is not None and lead != rule.lead:
        found.append(Violation("lead nation", f"{mission}{when(year)}: lead {lead} named, {rule.lead} agreed"))
    need = (rule.lead_share or 0.0) * people
    sent = float(mine.get(lead, 0.0))
    if sent < need - TOL or (people > 0 and sent <= 0):
        found.append(Violation("lead nation", f"{mission}{when(year)}: lead {lead} sends {sent:g} personnel, "
                                              f"needs at least {max(need, 1.0):g}"))
    return found


def leads_of(missions: pd.DataFrame) -> tuple[pd.Series, list[Violation]]:
    """(year, mission) -> the lead nation missions.csv names (one per mission, on each of its rows)."""
    found = []
    leads = missions.groupby(["year", "mission"])["lead"].unique()
    for (year, mission), names in leads.items():
        if len(names) > 1:
            found.append(Violation("missions.csv", f"{mission}{when(year)} names leads {', '.join(sorted(names))}"))
    return leads.map(lambda names: sorted(names)[0]), found
