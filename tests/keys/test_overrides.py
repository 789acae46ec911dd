"""Negotiated overrides hold exactly; the others absorb the difference."""
import pandas as pd
import pytest

# --- limits, overrides, NATO, UN -------------------------------------------------------------
from planner.keys.overrides import apply_overrides  # noqa: E402


def test_overrides_share_cap_discount():
    base = pd.Series([0.5, 0.3, 0.1, 0.1], index=list("ABCD"))
    out = apply_overrides(base, {"A": {"cap": 0.4}, "B": {"discount": 0.5}})
    # A 0.4, B 0.15 fixed; C and D share 0.45 equally
    assert out.tolist() == pytest.approx([0.4, 0.15, 0.225, 0.225])
    out = apply_overrides(base, {"D": {"share": 0.2}})
    assert out.tolist() == pytest.approx([0.5 * 0.8 / 0.9, 0.3 * 0.8 / 0.9, 0.1 * 0.8 / 0.9, 0.2])
    with pytest.raises(ValueError, match="no room"):
        apply_overrides(base, {"A": {"share": 0.7}, "B": {"share": 0.5}})
