"""Small scenarios the searching property tests once found failing, kept as regression cases.

Each is (states, unit types, scenario fields, capacities) as tests/conftest.py's write_case takes.
"""
from __future__ import annotations

PINNED = {
    # CP-SAT turns continuous variables into integers: with a fractional band floor the held
    # least shortfall lay off its grid and it called this feasible scenario infeasible (HiGHS,
    # CBC and SCIP solved it). The band's limits are now whole people.
    "cpsat-fractional-band-floor": (
        [{"iso3": "AAA", "gni": 51, "lon": 7.548790517307157, "lat": 54.33251751041688},
         {"iso3": "BBB", "gni": 1, "lon": 0.0, "lat": 30.0}, {"iso3": "CCC", "gni": 1, "lon": 0.0, "lat": 30.0},
         {"iso3": "DDD", "gni": 24, "lon": 0.0, "lat": 30.0}, {"iso3": "EEE", "gni": 71, "lon": 0.0, "lat": 30.0}],
        [{"capability": "inf", "personnel": 10, "rotation": 1, "cost": 100, "combat": False},
         {"capability": "eng", "personnel": 1, "rotation": 1, "cost": 100, "combat": False}],
        {"missions": [{"id": "m0", "kind": "peacekeeping", "location": [0.0, 30.0],
                       "requirements": {"inf": 1, "eng": 5}, "exclude": []},
                      {"id": "m1", "kind": "peacekeeping", "location": [0.0, 30.0],
                       "requirements": {"eng": 5, "inf": 1}, "exclude": []}],
         "caveats": {"AAA": {"kinds": [], "no_combat": False}, "DDD": {"kinds": [], "no_combat": False}},
         "fairness": {"mode": "band", "tolerance": 0.0, "apply_to": ["personnel", "net_cost"]},
         "max_national_share": 0.75, "assumptions": {"transport_usd_per_person_km": 0.5},
         "solver": {"gap": 1e-07, "time_limit_s": 30}},
        [("AAA", "inf", 0), ("AAA", "eng", 9), ("BBB", "inf", 0), ("BBB", "eng", 6), ("CCC", "inf", 0),
         ("CCC", "eng", 0), ("DDD", "inf", 10), ("DDD", "eng", 0), ("EEE", "inf", 10), ("EEE", "eng", 5)],
    ),
}
