"""Keys proportional to one figure or a weighted mix, and the floor."""
import pandas as pd
import pytest

# --- limits, overrides, NATO, UN -------------------------------------------------------------
from planner.keys import (
    apply_floor,
    weighted_key,
)


def states(**columns):
    return pd.DataFrame(columns, index=pd.Index(["A", "B", "C"], name="iso3"))


def test_single_component_is_proportional():
    s = states(gni_usd=[50.0, 30.0, 20.0])
    key = weighted_key(s, s.index, {"gni": 1.0})
    assert key.tolist() == pytest.approx([0.5, 0.3, 0.2])


def test_weighted_mix_by_hand():
    # gni shares 0.5/0.3/0.2, population shares 0.1/0.1/0.8; weights 3:1
    s = states(gni_usd=[50.0, 30.0, 20.0], population=[1.0, 1.0, 8.0])
    key = weighted_key(s, s.index, {"gni": 3.0, "population": 1.0})
    assert key.tolist() == pytest.approx([(1.5 + 0.1) / 4, (0.9 + 0.1) / 4, (0.6 + 0.8) / 4])
    assert key.sum() == pytest.approx(1.0)


def test_key_over_members_only():
    s = states(gni_usd=[50.0, 30.0, 20.0])
    key = weighted_key(s, pd.Index(["B", "C"]), {"gni": 1.0})
    assert key.to_dict() == pytest.approx({"B": 0.6, "C": 0.4})


def test_floor_takes_excess_pro_rata():
    shares = pd.Series([0.0, 0.25, 0.75], index=["A", "B", "C"])
    out = apply_floor(shares, 0.1)
    # A raised to 0.1; B and C share 0.9 in ratio 1:3
    assert out.tolist() == pytest.approx([0.1, 0.225, 0.675])


def test_floor_cascades():
    shares = pd.Series([0.0, 0.105, 0.895], index=["A", "B", "C"])
    out = apply_floor(shares, 0.1)
    # after raising A, B would fall to 0.0945 < 0.1, so it is floored too
    assert out.tolist() == pytest.approx([0.1, 0.1, 0.8])
