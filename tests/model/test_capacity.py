"""Capacity rows: rotation on whole units, caveat caps, the multinationality cap; rows the
variables' bounds already satisfy are left out."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from planner.model.capacity import add_caveat_caps, add_multinationality, add_rotation_capacity
from tests.model.conftest import built, rows, tiny_data

PERSONNEL = {"inf": 10, "med": 5}


def two_missions(**extra):
    # AAA holds 7 infantry with rotation 3: 2 deployable at once, but could be sent 2 + 2.
    # BBB holds 9: 3 deployable, and at most 1 + 1 can be sent anyway: no row needed.
    return tiny_data([("AAA", "inf", "m", 2, 1.0), ("AAA", "inf", "n", 2, 1.0), ("BBB", "inf", "m", 1, 1.0),
                      ("BBB", "inf", "n", 1, 1.0), ("BBB", "med", "m", 2, 1.0)],
                     {("m", "inf"): 2, ("n", "inf"): 2, ("m", "med"): 2},
                     key={"AAA": 0.5, "BBB": 0.5}, held={("AAA", "inf"): 7, ("BBB", "inf"): 9, ("BBB", "med"): 2},
                     personnel=PERSONNEL, rotation={"inf": 3.0, "med": 1.0}, **extra)


def test_rotation_capacity_on_whole_units_only_where_it_can_bind():
    m = built(two_missions(), add_rotation_capacity)
    both = {("units", (0, "AAA", "inf", "m")): 1.0, ("units", (0, "AAA", "inf", "n")): 1.0}
    assert rows(m, "rotation_capacity") == [((0, "AAA", "inf", 0), both, -np.inf, 2.0)]


def test_a_mission_within_one_tour_needs_one_unit_held_per_unit_deployed():
    # Mission n now lasts one tour: its units deploy once (r = 1), m's rotate (r = 3), so the row is
    # written on the units held, 3 x[m] + x[n] <= 7.
    d = two_missions()
    t = d.triples.assign(rotation=np.where(d.triples["mission"] == "n", 1.0, d.triples["rotation"]))
    m = built(replace(d, triples=t), add_rotation_capacity)
    mixed = {("units", (0, "AAA", "inf", "m")): 3.0, ("units", (0, "AAA", "inf", "n")): 1.0}
    assert rows(m, "rotation_capacity") == [((0, "AAA", "inf", 0), mixed, -np.inf, 7.0)]


def test_missions_that_never_run_at_once_share_the_units_held():
    # m runs in spring, n in autumn: each may have AAA's 2 rotating units, one row per set.
    d = two_missions()
    apart = pd.DataFrame({"slice": [0, 1], "mission": ["m", "n"]})
    m = built(replace(d, concurrent=apart), add_rotation_capacity)
    # Each mission alone: AAA may be sent 2 to each, exactly what it can keep deployed, so no row binds.
    assert rows(m, "rotation_capacity") == []


def test_caveat_caps_on_units_and_on_personnel():
    d = two_missions(unit_caps={("AAA", "inf"): 3, ("BBB", "med"): 5}, personnel_caps={"BBB": 15})
    m = built(d, add_caveat_caps)
    # BBB's medical cap of 5 cannot bind (it can be sent 2 at most): only AAA's row.
    assert [(label, hi) for label, _, _, hi in rows(m, "caveat_unit_cap")] == [((0, "AAA", "inf"), 3.0)]
    (label, coefs, lo, hi), = rows(m, "caveat_personnel_cap")
    assert label == (0, "BBB") and hi == 15
    assert coefs == {("units", (0, "BBB", "inf", "m")): 10.0, ("units", (0, "BBB", "inf", "n")): 10.0,
                     ("units", (0, "BBB", "med", "m")): 5.0}


def test_multinationality_caps_each_state_at_its_share_of_the_mission():
    m = built(two_missions(share=0.5), add_multinationality)
    got = {label: (coefs, hi) for label, coefs, _, hi in rows(m, "multinationality")}
    # Mission m needs 2 x 10 + 2 x 5 = 30 personnel, so 15 from any state; n needs 20, so 10.
    assert got[(0, "AAA", "m")] == ({("units", (0, "AAA", "inf", "m")): 10.0}, 15.0)
    assert got[(0, "AAA", "n")] == ({("units", (0, "AAA", "inf", "n")): 10.0}, 10.0)
    assert got[(0, "BBB", "m")][1] == 15.0 and (0, "BBB", "n") not in got   # BBB can send 10 to n at most
