"""Who may serve where, and why: parties, hosts and neighbours by mission kind, vetoes, unavailable
members, a mission's own exceptions; the host's consent; bloc caps; contingent rules.

The states are real ones, so that the shipped borders apply: Armenia borders Azerbaijan, Georgia
and Türkiye; Azerbaijan also Russia; Georgia also Russia and Türkiye; Kazakhstan Russia.
"""
from __future__ import annotations

import pytest

from planner.errors import InputError
from planner.inputs.politics import bloc_caps, contingent_rules, political_exclusions
from planner.run import pipeline

STATES = [{"iso3": code, "gni": gni} for code, gni in
          (("ARM", 10), ("AZE", 10), ("GEO", 10), ("TUR", 30), ("RUS", 40), ("KAZ", 20), ("FRA", 50))]
OBS = {"capability": "obs", "personnel": 4, "cost": 1000}
BLOCS = {"nato": ["TUR", "FRA"], "csto": ["ARM", "RUS", "KAZ"]}


def caucasus(**extra) -> dict:
    return {"id": "caucasus", "kind": "peacekeeping", "location": [45.6, 40.2], "requirements": {"obs": 50},
            "host": ["ARM", "AZE"], "parties": ["ARM", "AZE"], "vetoes": ["RUS"], **extra}


def relief(**extra) -> dict:
    return {"id": "relief", "kind": "humanitarian", "location": [44.8, 41.7], "requirements": {"obs": 50},
            "host": ["GEO"], **extra}


def quake(**extra) -> dict:
    return {"id": "quake", "kind": "disaster_response", "location": [36.9, 37.6], "requirements": {"obs": 50},
            "host": ["TUR"], **extra}


def load(case, missions, **scenario):
    path = case(STATES, [OBS], {"missions": missions, **scenario}, blocs=BLOCS)
    return pipeline.load(path)


def reasons(inputs) -> dict:
    table = political_exclusions(inputs.scenario, inputs.members, inputs.tables.borders)
    return {(s, m): r for s, m, r in table.itertuples(index=False)}


def test_parties_vetoed_and_neighbours_stay_out_of_peacekeeping(case):
    found = reasons(load(case, [caucasus()]))
    assert found == {("ARM", "caucasus"): "party to the conflict", ("AZE", "caucasus"): "party to the conflict",
                     ("RUS", "caucasus"): "vetoed by host or party",
                     ("GEO", "caucasus"): "neighbour of host or party",
                     ("TUR", "caucasus"): "neighbour of host or party"}


def test_hosts_by_kind_and_neighbours_only_in_peacekeeping(case):
    found = reasons(load(case, [relief(), quake()]))
    # The humanitarian host stays out; the disaster host does not; no neighbour is kept out of either.
    assert found == {("GEO", "relief"): "host"}


def test_a_mission_overrides_the_scenario_rules(case):
    found = reasons(load(case, [caucasus(impartiality={"exclude_neighbours": False, "exclude_parties": False}),
                                quake(impartiality={"exclude_hosts": True})]))
    assert found == {("ARM", "caucasus"): "host", ("AZE", "caucasus"): "host",
                     ("RUS", "caucasus"): "vetoed by host or party", ("TUR", "quake"): "host"}


def test_unavailable_members_serve_nowhere_but_stay_members(case):
    inputs = load(case, [relief(), quake()], impartiality={"unavailable": ["KAZ"]})
    found = reasons(inputs)
    assert found[("KAZ", "relief")] == found[("KAZ", "quake")] == "unavailable (pays, does not deploy)"
    assert "KAZ" in inputs.members and "KAZ" not in set(inputs.eligible["state"])


def test_a_party_that_opted_out_still_counts(case):
    found = reasons(load(case, [caucasus(host_consent=True)], opt_out=["AZE"]))
    # Azerbaijan is no member, but its neighbours Georgia, Türkiye (and vetoed Russia) stay out.
    assert found[("GEO", "caucasus")] == found[("TUR", "caucasus")] == "neighbour of host or party"
    assert ("AZE", "caucasus") not in found


def test_a_host_outside_the_membership_must_consent(case):
    with pytest.raises(InputError) as err:
        load(case, [relief()], opt_out=["GEO"])
    assert "missions[0].host: GEO is not a member" in str(err.value)
    assert "host_consent: true" in str(err.value)
    assert load(case, [relief(host_consent=True)], opt_out=["GEO"]).members.size == 6
    assert load(case, [relief()], opt_out=["GEO"], impartiality={"consenting_hosts": ["GEO"]}).members.size == 6


def test_an_agreed_lead_must_be_a_member_that_may_serve(case):
    with pytest.raises(InputError) as err:
        load(case, [caucasus(lead="ARM")])
    assert "missions[0].lead: ARM may not serve in caucasus: party to the conflict" in str(err.value)
    with pytest.raises(InputError) as err:
        load(case, [quake(lead="FRA")], opt_out=["FRA"])
    assert "missions[0].lead: FRA is not a member" in str(err.value)


def test_bloc_caps_apply_to_peacekeeping_unless_a_mission_says_otherwise(case):
    inputs = load(case, [caucasus(), relief(), quake(impartiality={"max_bloc_share": {"nato": 0.3}})],
                  impartiality={"max_bloc_share": {"nato": 0.4, "csto": 0.5}})
    caps = bloc_caps(inputs.scenario, inputs.missions)
    assert sorted(map(tuple, caps.to_numpy().tolist())) == [("caucasus", "csto", 0.5), ("caucasus", "nato", 0.4),
                                                           ("quake", "nato", 0.3)]


def test_a_scenario_table_of_bloc_caps_replaces_the_defaults_whole(case):
    # The defaults cap nato and csto; a scenario that names only csto caps only csto.
    path = case(STATES, [OBS], {"missions": [caucasus()], "impartiality": {"max_bloc_share": {"csto": 0.5}}},
                blocs=BLOCS)
    text = path.read_text()
    assert "max_bloc_share:\n    csto: 0.5" in text
    inputs = pipeline.load(path)
    assert inputs.scenario.impartiality.max_bloc_share == {"csto": 0.5}


def test_contingent_rules_take_the_missions_own_values_first(case):
    inputs = load(case, [caucasus(contingents={"min_personnel": 40, "lead_nation": {"min_share": 0.5}},
                                  priority=2, lead="FRA"), relief()],
                  contingents={"min_personnel": 20, "max_contributors": 3})
    rules = contingent_rules(inputs.scenario)
    assert rules.loc["caucasus", ["min_personnel", "max_contributors", "lead_share", "lead", "priority"]].tolist() \
        == [40, 3, 0.5, "FRA", 2]
    assert rules.loc["relief", "min_personnel"] == 20 and rules.loc["relief", "lead"] == ""
