"""Shares clamped to limits, the difference spread pro rata."""
import pandas as pd
import pytest

# --- limits, overrides, NATO, UN -------------------------------------------------------------
from planner.keys.limits import apply_limits  # noqa: E402


def test_ceiling_excess_goes_pro_rata_to_the_others():
    out = apply_limits(pd.Series([0.5, 0.3, 0.2], index=list("ABC")), upper=0.4)
    # A capped at 0.4; B and C share 0.6 in ratio 3:2
    assert out.tolist() == pytest.approx([0.4, 0.36, 0.24])
