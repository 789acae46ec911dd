"""The forces model of a trajectory (pace, balanced pairs, targets) and the equipment model's rows."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from planner.inputs.trajectory import TrajectoryInputs
from planner.model.equipment import build_equipment
from planner.model.trajectory import build_forces
from tests.model.conftest import rows, tiny_data


def forces_data():
    years = pd.Index([2030, 2031], name="year")
    forces = pd.DataFrame({"baseline": [1000.0, 500.0], "floor": [250.0, 125.0], "max_cut": [50.0, 25.0],
                           "target": [np.nan, 400.0]}, index=pd.Index(["AAA", "BBB"], name="state"))
    tr = TrajectoryInputs(years, pd.DataFrame(1.0, index=years, columns=["m"]), forces.index, forces, 1300.0,
                          pd.DataFrame([{"a": "AAA", "b": "BBB", "ratio": 2.0, "tolerance": 0.1}]),
                          pd.Series({"AAA": 2.0, "BBB": 1.0}), pd.Series({"AAA": "x", "BBB": "x"}), None, None, None)
    d = tiny_data([], {}, key={}, held={}, personnel={"inf": 10})
    return dataclasses.replace(d, periods=years.rename("period"), trajectory=tr)


def test_pace_balance_and_targets():
    m, objectives = build_forces(forces_data(), None)
    n = lambda year, state: ("national_forces", (year, state))  # noqa: E731
    pace = {label: (coefs, lo, hi) for label, coefs, lo, hi in rows(m, "reduction_pace")}
    assert pace[(2031, "AAA")] == ({n(2030, "AAA"): 1.0, n(2031, "AAA"): -1.0}, 0.0, 50.0)
    upper = {label: coefs for label, coefs, _, _ in rows(m, "balance_upper")}
    assert upper[(2031, "AAA/BBB")] == {n(2031, "AAA"): 1.0, n(2031, "BBB"): pytest.approx(-2.2)}
    lower = {label: coefs for label, coefs, _, _ in rows(m, "balance_lower")}
    assert lower[(2030, "AAA/BBB")][n(2030, "BBB")] == pytest.approx(-1.8)
    reached = {label: (coefs, hi) for label, coefs, _, hi in rows(m, "target_reached")}
    assert reached["regional"] == ({n(2031, "AAA"): 1.0, n(2031, "BBB"): 1.0,
                                    ("target_shortfall", "regional"): -1.0}, 1300.0)
    assert reached["BBB"][1] == 400.0
    assert [o.name for o in objectives] == ["target_shortfall", "spending"]
    # First year: at most one year's cut below the baseline.
    lo, hi, _, _ = m.columns()
    assert lo[:2].tolist() == [950.0, 475.0] and hi[:2].tolist() == [1000.0, 500.0]


def test_equipment_never_rebuilt_and_no_member_above_its_sufficiency_share():
    years = pd.Index([1, 2])
    baseline = pd.Series([100.0, 50.0], index=pd.MultiIndex.from_tuples(
        [("AAA", "battle_tanks"), ("BBB", "battle_tanks")], names=["state", "category"]))
    ceilings = pd.DataFrame({1: [90.0, 50.0], 2: [80.0, 40.0]}, index=baseline.index)
    m, _ = build_equipment(years, baseline, ceilings, 0.6)
    h = lambda year, state: ("holdings", (year, state, "battle_tanks"))  # noqa: E731
    assert rows(m, "no_rebuilding")[0][1] == {h(2, "AAA"): 1.0, h(1, "AAA"): -1.0}
    sufficiency = {label: coefs for label, coefs, _, _ in rows(m, "sufficiency")}
    assert sufficiency[(1, "AAA", "battle_tanks")] == pytest.approx({h(1, "AAA"): 0.4, h(1, "BBB"): -0.6})
    _, hi, _, _ = m.columns()
    assert hi.tolist() == [90.0, 50.0, 80.0, 40.0]
