"""Each mission's politics and contingent rules, resolved again from the scenario and the borders
table with this package's own reading: who may not serve and why, the blocs whose share is capped,
the minimum contingent, the most contributors, the lead nation. The mission's own settings win
over the scenario's."""
from __future__ import annotations

from dataclasses import dataclass, field

from planner.inputs import Inputs


@dataclass(frozen=True)
class MissionRules:
    excluded: dict[str, str] = field(default_factory=dict)   # state -> reason
    blocs: dict[str, float] = field(default_factory=dict)    # bloc -> largest share of the personnel
    min_personnel: float = 0.0
    max_contributors: int | None = None
    lead_share: float | None = None
    lead: str | None = None

    @property
    def has_lead(self) -> bool:
        return self.lead_share is not None or self.lead is not None


def rules_of(inputs: Inputs) -> dict[str, MissionRules]:
    """mission -> its rules, the mission's own settings over the scenario's."""
    sc = inputs.scenario
    imp, con = sc.impartiality, sc.contingents
    borders = inputs.tables.borders
    out = {}
    for m in sc.missions:
        own = m.impartiality

        def applies(flag, kinds, kind=m.kind):
            return flag if flag is not None else kind in kinds

        sides = set(m.host) | set(m.parties)
        near = set(borders.loc[borders["state"].isin(sides), "neighbour"]) - sides
        excluded: dict[str, str] = {}
        for reason, states in (
                ("excluded from mission", m.exclude),
                ("unavailable", imp.unavailable),
                ("party to the conflict", m.parties if (own.exclude_parties if own.exclude_parties is not None
                                                        else imp.exclude_parties) else []),
                ("host", m.host if applies(own.exclude_hosts, imp.exclude_hosts) else []),
                ("vetoed", m.vetoes),
                ("neighbour of a host or party", near if applies(own.exclude_neighbours, imp.exclude_neighbours)
                 else [])):
            for state in states:
                excluded.setdefault(state, reason)
        blocs = own.max_bloc_share if own.max_bloc_share is not None else (
            imp.max_bloc_share if m.kind == "peacekeeping" else {})
        lead_rule = m.contingents.lead_nation or con.lead_nation
        out[m.id] = MissionRules(
            excluded, dict(blocs),
            float(m.contingents.min_personnel if m.contingents.min_personnel is not None else con.min_personnel),
            m.contingents.max_contributors if m.contingents.max_contributors is not None else con.max_contributors,
            lead_rule.min_share if lead_rule is not None else None, m.lead)
    return out


def minimum_of(rules: MissionRules, share: float, required_personnel: float) -> float:
    """A contribution is 0 or at least min(min_personnel, national share x the mission's personnel)."""
    return min(rules.min_personnel, share * required_personnel)
