"""Fairness rows: the band (top, elastic floor, unit bounds), minimax, leximin and the Gini bound."""
from __future__ import annotations

import numpy as np
import pytest

from planner.inputs.model_data import FairnessRule
from planner.model.build import build_allocation
from tests.model.conftest import rows, tiny_data


def three(mode: str, tolerance: float = 0.0):
    # P = 10 units x 10 = 100 personnel, keys 50/30/20, smallest unit 10: band A [40, 60], B [20, 40], C [10, 30].
    return tiny_data([(s, "inf", "m", 10, 1.0) for s in ("AAA", "BBB", "CCC")], {("m", "inf"): 10},
                     key={"AAA": 0.5, "BBB": 0.3, "CCC": 0.2}, held={(s, "inf"): 10 for s in ("AAA", "BBB", "CCC")},
                     personnel={"inf": 10}, fairness=FairnessRule(mode, tolerance, 0.1, 8, ("personnel",)))


def test_band_top_floor_and_the_unit_bounds_it_implies():
    built = build_allocation(three("band"))
    m = built.model
    tops = {label: hi for label, _, _, hi in rows(m, "personnel_band_upper")}
    assert tops == pytest.approx({(0, "AAA"): 60.0, (0, "BBB"): 40.0, (0, "CCC"): 30.0})
    floors = {label: (coefs, lo) for label, coefs, lo, _ in rows(m, "personnel_band_lower")}
    coefs, lo = floors[(0, "BBB")]
    assert lo == pytest.approx(20.0)
    assert coefs == {("units", (0, "BBB", "inf", "m")): 10.0, ("band_shortfall", (0, "BBB")): 1.0}
    # x <= floor(hi / personnel): 6, 4 and 3 units.
    _, hi, _, _ = m.columns()
    assert hi[m.variables["units"].ids].tolist() == [6.0, 4.0, 3.0]
    assert [o.name for o in built.objectives] == ["band_shortfall", "cost"]


def test_minimax_deviation_rows_and_epigraph():
    m = build_allocation(three("minimax")).model
    above = {label: (coefs, lo) for label, coefs, lo, _ in rows(m, "deviation_above")}
    # target dev - b >= -target - g, with target 50 and g 10 for A.
    assert above[(0, "AAA")] == ({("personnel_deviation", (0, "AAA")): 50.0, ("personnel_burden", (0, "AAA")): -1.0},
                                 pytest.approx(-60.0))
    epigraph = rows(m, "max_deviation_def")
    assert len(epigraph) == 3 and all(coefs[("max_deviation", "z")] == 1.0 for _, coefs, _, _ in epigraph)


def test_leximin_rounds_are_blocks_keyed_by_round():
    built = build_allocation(three("leximin"))
    assert [o.name for o in built.objectives] == ["leximin_1", "leximin_2", "leximin_3", "cost"]
    assert ("leximin_excess", 2) in built.model.constraints and ("leximin_t", 3) in built.model.variables


def test_gini_bound_is_one_block_per_period_found_by_family():
    m = build_allocation(three("gini")).model
    (block,) = m.family("gini_bound")
    assert block.name == ("gini_bound", 0)
    (label, coefs, lo, hi), = rows(m, ("gini_bound", 0))
    assert hi == pytest.approx(0.1 * 100) and lo == -np.inf and len(coefs) == 3   # three pairs
