"""The diagnosis of the new rules: each blocking rule named in planners' words with the field that
relaxes it, checked by solving the relaxed scenario; one measure (personnel) for the ranking; a
mission left short never hidden; a variant's own settings kept in the printed command."""
from __future__ import annotations

import pytest

from planner.check.relaxations import Relaxation, merge_overrides
from planner.errors import InfeasibleError
from planner.run import pipeline
from planner.run.pipeline import MOST_LISTED, _listed
from tests.cases import solved

TWO = [{"iso3": "AAA", "gni": 1}, {"iso3": "BBB", "gni": 1}, {"iso3": "CCC", "gni": 1}]
UNITS = [{"capability": "obs", "personnel": 4, "cost": 1000}, {"capability": "coy", "personnel": 100, "cost": 9000}]


def infeasible(path, overrides=None) -> InfeasibleError:
    inputs = pipeline.load(path, overrides)
    with pytest.raises(InfeasibleError) as err:
        pipeline.solve_inputs(inputs, pipeline.options_for(inputs), path.parent / "log")
    assert err.value.command is not None, err.value.lines()   # the relaxed scenario was solved
    return err.value


def test_a_bloc_cap_is_relaxed_by_its_share(case):
    # Only AAA and BBB (one bloc) hold companies: the bloc must give all of the mission.
    path = case(TWO, UNITS, {"missions": [{"id": "m", "kind": "peacekeeping", "location": [0, 0],
                                           "requirements": {"coy": 2}}],
                             "impartiality": {"max_bloc_share": {"west": 0.6}}},
                capacities=[("AAA", "coy", 1), ("BBB", "coy", 1), ("CCC", "obs", 10)], blocs={"west": ["AAA", "BBB"]})
    err = infeasible(path)
    assert err.relaxations == ["west members must give 80 personnel more than 60% of m: a cap of 100.0% would allow "
                               "it"]
    assert err.command.endswith("--set 'missions.0.impartiality.max_bloc_share={west: 1.0}'")


def test_a_minimum_contingent_is_relaxed_to_what_members_can_bring(case):
    # Each member holds 10 teams (40 people) and the mission needs 25 teams: no one brings 60.
    path = case(TWO, UNITS, {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0],
                                           "requirements": {"obs": 25}}], "contingents": {"min_personnel": 60}},
                capacities=[(s, "obs", 10) for s in ("AAA", "BBB", "CCC")])
    err = infeasible(path)
    assert all(r.startswith(("AAA can bring only", "BBB can bring only", "CCC can bring only"))
               for r in err.relaxations), err.relaxations
    assert "missions.0.contingents.min_personnel=" in err.command


def test_a_lead_share_is_relaxed_to_what_the_best_lead_carries(case):
    path = case(TWO, UNITS, {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0],
                                           "requirements": {"obs": 30}}],
                             "contingents": {"lead_nation": {"min_share": 0.5}}, "max_national_share": 0.4},
                capacities=[(s, "obs", 10) for s in ("AAA", "BBB", "CCC")])
    err = infeasible(path)
    assert len(err.relaxations) == 1 and err.relaxations[0].startswith("no member can lead m with 50% of its "
                                                                        "personnel: the best lead")
    assert "--set missions.0.contingents.lead_nation.min_share=0.333" in err.command


def test_the_most_contributors_is_raised(case):
    path = case(TWO, UNITS, {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0],
                                           "requirements": {"obs": 30}, "contingents": {"max_contributors": 2}}]},
                capacities=[(s, "obs", 10) for s in ("AAA", "BBB", "CCC")])
    err = infeasible(path)
    assert err.relaxations == ["m needs 3 contributors, more than the 2 allowed"]
    assert err.command.endswith("--set missions.0.contingents.max_contributors=3")


def test_the_printed_command_keeps_the_variants_own_settings(case):
    path = case(TWO, UNITS, {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0],
                                           "requirements": {"obs": 30}}]},
                capacities=[(s, "obs", 10) for s in ("AAA", "BBB", "CCC")])
    err = infeasible(path, {"missions.0.contingents.max_contributors": 2, "solver.seed": 7})
    assert "--set missions.0.contingents.max_contributors=3" in err.command
    assert "--set solver.seed=7" in err.command
    assert solved(path).result.status == "optimal"      # and without the variant there was no problem


def relaxation(rule: str, personnel: float) -> Relaxation:
    return Relaxation(rule, f"{rule} {personnel:g}", {}, (rule, personnel), True, personnel)


def test_a_mission_left_short_is_never_hidden_and_the_rest_are_counted_by_kind():
    many = [relaxation("fairness band", 100 - i) for i in range(MOST_LISTED + 3)]
    many.append(relaxation("requirement", 5))
    many.append(relaxation("caveat", 1))
    texts = _listed(many)
    assert "requirement 5" in texts
    assert len(texts) == MOST_LISTED + 1
    assert texts[-1] == "... and 5 smaller: 1 caveat, 4 fairness band"
    assert texts[0] == "fairness band 100"        # ranked on personnel, whatever the kind


def test_merged_overrides_take_the_most_relaxing_value_key_by_key():
    merged = merge_overrides([
        Relaxation("bloc cap", "", {"missions.0.impartiality.max_bloc_share": {"nato": 0.5, "csto": 0.4}}),
        Relaxation("bloc cap", "", {"missions.0.impartiality.max_bloc_share": {"nato": 0.4, "csto": 0.6}}),
        Relaxation("minimum contingent", "", {"missions.0.contingents.min_personnel": 80}),
        Relaxation("minimum contingent", "", {"missions.0.contingents.min_personnel": 60}),
    ])
    assert merged == {"missions.0.impartiality.max_bloc_share": {"nato": 0.5, "csto": 0.6},
                      "missions.0.contingents.min_personnel": 60}
