"""Disproportionality indices."""
import pandas as pd
import pytest

# --- limits, overrides, NATO, UN -------------------------------------------------------------


def test_disproportionality_indices_by_hand():
    from planner.results.indices import gallagher, gini_of_ratios, loosemore_hanby

    share = pd.Series([0.5, 0.3, 0.2], index=list("ABC"))
    key = pd.Series([0.4, 0.4, 0.2], index=list("ABC"))
    assert loosemore_hanby(share, key) == pytest.approx(0.1)                  # (0.1 + 0.1 + 0) / 2
    assert gallagher(share, key) == pytest.approx((0.5 * (0.01 + 0.01)) ** 0.5)
    # rho = 1.25, 0.75, 1; G = sum_{i<j} k_i k_j |rho_i - rho_j| = .16*.5 + .08*.25 + .08*.25
    assert gini_of_ratios(share, key) == pytest.approx(0.16 * 0.5 + 0.08 * 0.25 + 0.08 * 0.25)
