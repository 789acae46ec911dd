"""NATO common funding: the largest payer capped at its peer."""
import pandas as pd
import pytest

# --- limits, overrides, NATO, UN -------------------------------------------------------------
from planner.keys.nato import cap_at_peer  # noqa: E402


def test_nato_cap_at_peer_makes_the_two_largest_equal():
    out = cap_at_peer(pd.Series([0.6, 0.2, 0.1, 0.1], index=list("ABCD")))
    # f = 1 / (1 - 0.6 + 0.2) = 5/3: A = B = 1/3, C = D = 1/6
    assert out.tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 6, 1 / 6])
