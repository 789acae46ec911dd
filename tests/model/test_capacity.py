"""Capacity rows: rotation on whole units, caveat caps, the multinationality cap; rows the
variables' bounds already satisfy are left out."""
from __future__ import annotations

import numpy as np

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
    assert rows(m, "rotation_capacity") == [((0, "AAA", "inf"), both, -np.inf, 2.0)]


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
