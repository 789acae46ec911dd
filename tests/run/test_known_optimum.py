"""Hand-solvable instances: the optimal allocation is asserted exactly."""
from __future__ import annotations

from tests.cases import INF, mission, solve_units


def test_cheapest_state_fills_up_to_its_rotation_capacity(case):
    # A is next to the mission, B far away; transport makes B dearer per unit.
    # A holds 3 units with rotation 3: only 1 can be deployed; B fills the rest.
    path = case(
        [{"iso3": "AAA", "gni": 1, "lon": 0.0}, {"iso3": "BBB", "gni": 1, "lon": 20.0}],
        [{**INF, "rotation": 3}],
        {"missions": [mission({"inf": 2})], "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[("AAA", "inf", 3), ("BBB", "inf", 9)],
    )
    run, units = solve_units(path)
    assert units == {("AAA", "m1", "inf"): 1, ("BBB", "m1", "inf"): 1}
    assert run.result.status == "optimal"


def test_personnel_band_forces_the_dear_state_in(case):
    # 10 units of 10 personnel (P = 100); GNI key 50/30/20 -> targets 50/30/20.
    # tol 0 and the band widened by one unit (10): A [40, 60], B [20, 40], C [10, 30].
    # Costs C < B < A (distance). Cheapest plan inside the bands: A 4, B 3, C 3.
    path = case(
        [{"iso3": "AAA", "gni": 50, "lon": 30.0}, {"iso3": "BBB", "gni": 30, "lon": 20.0},
         {"iso3": "CCC", "gni": 20, "lon": 10.0}],
        [INF],
        {"missions": [mission({"inf": 10})], "assumptions": {"transport_usd_per_person_km": 1.0},
         "fairness": {"mode": "band", "tolerance": 0.0, "apply_to": ["personnel"]}},
        capacities=[("AAA", "inf", 10), ("BBB", "inf", 10), ("CCC", "inf", 10)],
    )
    _, units = solve_units(path)
    assert units == {("AAA", "m1", "inf"): 4, ("BBB", "m1", "inf"): 3, ("CCC", "m1", "inf"): 3}


def test_multinationality_caps_the_cheapest_state(case):
    path = case(
        [{"iso3": "AAA", "gni": 1, "lon": 0.0}, {"iso3": "BBB", "gni": 1, "lon": 10.0},
         {"iso3": "CCC", "gni": 1, "lon": 20.0}],
        [INF],
        {"missions": [mission({"inf": 4})], "max_national_share": 0.5,
         "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[("AAA", "inf", 10), ("BBB", "inf", 10), ("CCC", "inf", 10)],
    )
    _, units = solve_units(path)
    assert units == {("AAA", "m1", "inf"): 2, ("BBB", "m1", "inf"): 2}


def test_caveats_opt_outs_and_exclusions_are_respected(case):
    # AAA is cheapest but excluded (a party), BBB opted out, CCC will not do
    # peacekeeping, DDD sends no combat units: only EEE can send infantry.
    states = [{"iso3": code, "gni": 1, "lon": float(i)} for i, code in enumerate(["AAA", "BBB", "CCC", "DDD", "EEE"])]
    path = case(
        states,
        [{**INF, "combat": True}, {"capability": "med", "personnel": 5, "cost": 500}],
        {"missions": [mission({"inf": 2, "med": 1}, exclude=["AAA"])], "opt_out": ["BBB"],
         "caveats": {"CCC": {"kinds": ["peacekeeping"]}, "DDD": {"no_combat": True}},
         "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[(code, cap, 10) for code in ["AAA", "BBB", "CCC", "DDD", "EEE"] for cap in ["inf", "med"]],
    )
    run, units = solve_units(path)
    assert units == {("DDD", "m1", "med"): 1, ("EEE", "m1", "inf"): 2}
    assert "BBB" not in run.plan.states["state"].tolist()


def test_unit_and_personnel_caps(case):
    path = case(
        [{"iso3": "AAA", "gni": 1, "lon": 0.0}, {"iso3": "BBB", "gni": 1, "lon": 10.0}],
        [INF],
        {"missions": [mission({"inf": 5})], "caveats": {"AAA": {"max_units": {"inf": 2}}},
         "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[("AAA", "inf", 10), ("BBB", "inf", 10)],
    )
    _, units = solve_units(path)
    assert units == {("AAA", "m1", "inf"): 2, ("BBB", "m1", "inf"): 3}
