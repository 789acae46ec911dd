"""Contingent rows: nothing or at least the minimum contingent (big-M from whole units), the most
contributors, one lead nation carrying its share; bloc caps; and whole optima they lead to."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from planner.model import build_allocation
from planner.model.contingents import add_contingents
from planner.model.politics import add_bloc_caps
from planner.solvers import SolveOptions
from planner.solvers.lexicographic import solve_in_turn
from tests.model.conftest import built, rows, tiny_data

PERSONNEL = {"obs": 4, "coy": 100}


def three_members(contingents=None, blocs=None, share=1.0):
    """Mission m needs 10 observer teams (40 people) and 2 companies (200): P = 240. AAA can send
    every unit, BBB 5 teams and a company, CCC 2 teams only (8 people)."""
    return tiny_data([("AAA", "coy", "m", 2, 50.0), ("AAA", "obs", "m", 10, 3.0), ("BBB", "coy", "m", 1, 40.0),
                      ("BBB", "obs", "m", 5, 2.0), ("CCC", "obs", "m", 2, 1.0)],
                     {("m", "obs"): 10, ("m", "coy"): 2}, key={"AAA": 1, "BBB": 1, "CCC": 1},
                     held={("AAA", "coy"): 2, ("AAA", "obs"): 10, ("BBB", "coy"): 1, ("BBB", "obs"): 5,
                           ("CCC", "obs"): 2},
                     personnel=PERSONNEL, contingents=contingents, blocs=blocs, share=share)


def test_nothing_or_the_minimum_with_the_tightest_whole_unit_big_m():
    m = built(three_members({"m": {"min_personnel": 30}}), add_contingents)
    link = {label: (coefs, hi) for label, coefs, _, hi in rows(m, "contribution_link")}
    # U is what the member could send: AAA 2 x 100 + 10 x 4 = 240, BBB 120, CCC 8.
    assert link[(0, "BBB", "m")] == ({("units", (0, "BBB", "coy", "m")): 100.0, ("units", (0, "BBB", "obs", "m")): 4.0,
                                      ("contributes", (0, "BBB", "m")): -120.0}, 0.0)
    assert link[(0, "CCC", "m")][0][("contributes", (0, "CCC", "m"))] == -8.0
    minimum = {label: (coefs, lo) for label, coefs, lo, _ in rows(m, "contribution_minimum")}
    assert minimum[(0, "AAA", "m")][0][("contributes", (0, "AAA", "m"))] == -30.0
    assert minimum[(0, "AAA", "m")][1] == 0.0


def test_the_minimum_is_never_above_the_national_share():
    d = three_members({"m": {"min_personnel": 150}}, share=0.5)
    assert d.missions.loc[(0, "m"), "minimum"] == 120.0      # half of 240


def test_most_contributors_and_one_lead_carrying_its_share():
    d = three_members({"m": {"max_contributors": 2, "lead_share": 0.4}})
    m = built(d, add_contingents)
    (label, coefs, lo, hi), = rows(m, "max_contributors")
    assert label == (0, "m") and hi == 2 and set(coefs) == {("contributes", (0, s, "m")) for s in ("AAA", "BBB", "CCC")}
    # Only AAA and BBB can carry 40 % of 240 = 96 people, so only they may lead.
    (label, coefs, lo, hi), = rows(m, "one_lead")
    assert set(coefs) == {("leads", (0, "AAA", "m")), ("leads", (0, "BBB", "m"))} and lo == hi == 1.0
    share = {label: coefs for label, coefs, _, _ in rows(m, "lead_share")}
    assert share[(0, "BBB", "m")][("leads", (0, "BBB", "m"))] == -96.0


def test_an_agreed_lead_is_the_only_one_and_must_contribute():
    m = built(three_members({"m": {"lead": "CCC"}}), add_contingents)
    (label, coefs, lo, hi), = rows(m, "one_lead")
    assert set(coefs) == {("leads", (0, "CCC", "m"))}
    lo_bounds, _, _, _ = m.columns()
    y = m.variables["contributes"]
    fixed = dict(zip(y.index, lo_bounds[y.ids]))
    assert fixed[(0, "CCC", "m")] == 1.0 and fixed[(0, "AAA", "m")] == 0.0


def test_bloc_caps_only_where_the_blocs_members_could_exceed_them():
    d = three_members(blocs={"west": (["AAA", "BBB"], {"m": 0.5}), "east": (["CCC"], {"m": 0.5})})
    m = built(d, add_bloc_caps)
    (label, coefs, lo, hi), = rows(m, "bloc_cap")
    # west could send 360 > 120; east at most 8: no row.
    assert label == (0, "m", "west") and hi == 120.0 and len(coefs) == 4


def solve(d) -> dict:
    b = build_allocation(d)
    result, _ = solve_in_turn(b.model, b.objectives, SolveOptions("highs", 30, 0.0, 1, 0), Path("/dev/null"))
    assert result.status == "optimal"
    units = b.model.value("units", result.x).round()
    return {k: int(v) for k, v in units.items() if v > 0}


def test_the_minimum_contingent_consolidates_the_cheapest_plan():
    # Without a minimum CCC's 2 cheap teams go in; with a minimum of 30 people it cannot send them.
    free = solve(three_members())
    assert free[(0, "CCC", "obs", "m")] == 2
    held = solve(three_members({"m": {"min_personnel": 30}}))
    assert (0, "CCC", "obs", "m") not in held
    assert sum(v for k, v in held.items() if k[2] == "obs") == 10


def test_a_lead_share_moves_units_to_one_member():
    # Cheapest: BBB sends its company and 5 teams (120 people), AAA the rest (120). With a lead of
    # 60 % (144 people) one member must carry 144: only AAA can, with both companies.
    plan = solve(three_members({"m": {"lead_share": 0.6}}))
    people = {s: 0 for s in ("AAA", "BBB", "CCC")}
    for (_, s, c, _), n in plan.items():
        people[s] += n * PERSONNEL[c]
    assert people["AAA"] >= 144 and np.isclose(sum(people.values()), 240)
