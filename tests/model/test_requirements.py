"""Requirement rows: sum over eligible states of x = units required, exactly."""
from __future__ import annotations

from planner.model.linear import LinearModel
from planner.model.requirements import add_requirements
from planner.model.variables import define_units
from tests.model.conftest import rows, tiny_data


def test_one_equality_row_per_requirement_over_its_eligible_states():
    d = tiny_data([("AAA", "inf", "m", 2, 100.0), ("BBB", "inf", "m", 3, 100.0), ("BBB", "med", "m", 1, 10.0),
                   ("AAA", "med", "n", 1, 10.0)],
                  {("m", "inf"): 4, ("m", "med"): 1, ("n", "med"): 1, ("n", "obs"): 2},
                  key={"AAA": 0.5, "BBB": 0.5}, held={}, personnel={"inf": 10, "med": 5, "obs": 1})
    m = LinearModel()
    define_units(m, d)
    add_requirements(m, d)
    got = {label: (coefs, lo, hi) for label, coefs, lo, hi in rows(m, "requirement")}
    both = {("units", (0, "AAA", "inf", "m")): 1.0, ("units", (0, "BBB", "inf", "m")): 1.0}
    assert got[(0, "m", "inf")] == (both, 4, 4)
    assert got[(0, "m", "med")] == ({("units", (0, "BBB", "med", "m")): 1.0}, 1, 1)
    assert got[(0, "n", "med")] == ({("units", (0, "AAA", "med", "n")): 1.0}, 1, 1)
    # No state can fill it: the row stays, empty, so the model is infeasible rather than short.
    assert got[(0, "n", "obs")] == ({}, 2, 2)
