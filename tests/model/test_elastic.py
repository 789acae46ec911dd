"""The elastic model: a priced slack on each rule that can block a plan, keyed by the block it relaxes."""
from __future__ import annotations

import pytest

from planner.inputs.model_data import FairnessRule
from planner.model.elastic import BAND_PRICE, REQUIREMENT_PRICE, build_elastic
from tests.model.conftest import rows, tiny_data


def test_every_blocking_rule_gets_its_slack_and_price():
    d = tiny_data([("AAA", "inf", "m", 3, 1.0), ("BBB", "inf", "m", 3, 1.0)], {("m", "inf"): 4},
                  key={"AAA": 0.5, "BBB": 0.5}, held={("AAA", "inf"): 3, ("BBB", "inf"): 3}, personnel={"inf": 10},
                  fairness=FairnessRule("band", 0.1, 0.1, 8, ("personnel",)), unit_caps={("AAA", "inf"): 1}, share=0.5)
    built = build_elastic(d)
    m = built.model
    relax = built.objectives[0]
    assert relax.name == "relaxation"
    assert set(relax.costs) == {("relax", "requirement"), ("relax", "personnel_band_upper"),
                                ("relax", "caveat_unit_cap"), ("relax", "multinationality")}
    # A unit short costs its personnel times the requirement price; the band's slack its price per person.
    assert relax.costs[("relax", "requirement")].tolist() == [10 * REQUIREMENT_PRICE]
    assert relax.costs[("relax", "personnel_band_upper")].tolist() == [BAND_PRICE, BAND_PRICE]
    (label, coefs, lo, hi), = rows(m, "requirement")
    assert coefs[(("relax", "requirement"), (0, "m", "inf"))] == 1.0
    # The multinationality cap follows delivered personnel: + share x personnel x short.
    multi = {label: coefs for label, coefs, _, _ in rows(m, "multinationality")}
    assert multi[(0, "AAA", "m")][(("relax", "requirement"), (0, "m", "inf"))] == pytest.approx(0.5 * 10)
