"""Apportionment methods: hand-computed seats, the Alabama paradox, house monotonicity."""
import numpy as np
import pandas as pd
import pytest

from planner.keys.apportion import DIVISORS, apportion

VOTES = pd.Series({"A": 53, "B": 24, "C": 23})


@pytest.mark.parametrize("method,expected", [
    # by hand: D'Hondt quotients 53, 26.5, 24, 23, 17.7, 13.25, 12 -> A4 B2 C1
    ("dhondt", {"A": 4, "B": 2, "C": 1}),
    ("jefferson", {"A": 4, "B": 2, "C": 1}),
    # Sainte-Lague quotients 53, 24, 23, 17.7, 10.6, 8, 7.67 -> A3 B2 C2
    ("sainte_lague", {"A": 3, "B": 2, "C": 2}),
    ("webster", {"A": 3, "B": 2, "C": 2}),
    # quotas 3.71, 1.68, 1.61: floors 3, 1, 1; remainders to A and B
    ("hamilton", {"A": 4, "B": 2, "C": 1}),
    # one each first; then 53, 26.5, 24, 23 -> A3 B2 C2
    ("adams", {"A": 3, "B": 2, "C": 2}),
    # one each first; then 53/1.414, 53/2.449, 24/1.414, 23/1.414 -> A3 B2 C2
    ("huntington_hill", {"A": 3, "B": 2, "C": 2}),
])
def test_hand_computed(method, expected):
    assert apportion(VOTES, 7, method).to_dict() == expected


def test_alabama_paradox_for_hamilton():
    weights = pd.Series({"A": 6, "B": 6, "C": 2})
    # house 10: quotas 4.29, 4.29, 1.43 -> C takes the last seat: 4, 4, 2
    assert apportion(weights, 10, "hamilton").to_dict() == {"A": 4, "B": 4, "C": 2}
    # house 11: quotas 4.71, 4.71, 1.57 -> A and B take the two left: C loses a seat
    assert apportion(weights, 11, "hamilton").to_dict() == {"A": 5, "B": 5, "C": 1}


@pytest.mark.parametrize("method", sorted(DIVISORS))
def test_divisor_methods_are_house_monotone(method):
    rng = np.random.default_rng(7)
    for _ in range(8):
        weights = pd.Series(rng.exponential(1.0, 9), index=[f"P{i}" for i in range(9)])
        previous = apportion(weights, 9, method)
        for total in range(10, 60):
            current = apportion(weights, total, method)
            assert current.sum() == total
            assert (current >= previous).all()
            previous = current


def test_minimum_is_given_first():
    seats = apportion(pd.Series({"big": 100.0, "small": 1.0, "tiny": 0.5}), 10, "dhondt", minimum=2)
    assert seats.to_dict() == {"big": 6, "small": 2, "tiny": 2}
    seats = apportion(pd.Series({"big": 100.0, "small": 1.0}), 10, "hamilton", minimum=3)
    assert seats.to_dict() == {"big": 7, "small": 3}


def test_impossible_minimum_is_refused():
    with pytest.raises(ValueError, match="less than the minimum"):
        apportion(pd.Series({"a": 1.0, "b": 1.0}), 3, "webster", minimum=2)
