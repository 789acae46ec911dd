"""The common fund's closed-form settlement."""
import numpy as np
import pandas as pd
import pytest

from planner.results.fund import settle_fund


def test_exact_key_with_zero_tolerance():
    cost = pd.Series([100.0, 0.0, 0.0], index=list("ABC"))
    key = pd.Series([0.5, 0.3, 0.2], index=list("ABC"))
    fund = settle_fund(cost, key, 0.0)
    assert fund["net_cost_usd"].tolist() == pytest.approx([50.0, 30.0, 20.0])
    assert fund["reimbursement_usd"].tolist() == pytest.approx([50.0, 0.0, 0.0])
    assert fund["fund_payment_usd"].tolist() == pytest.approx([0.0, 30.0, 20.0])


def test_band_moves_only_what_it_must():
    # T = 100; bands +-10 %: A [45, 55], B [27, 33], C [18, 22].
    # A spends 60 -> reimbursed 5; B spends 40 -> reimbursed 7; C spends 0 -> pays 18.
    # Fund: out 12, in 18: 6 more reimbursed from members not paying (A and B),
    # pro rata to their room above the band floor: A 55-45 = 10, B 33-27 = 6.
    cost = pd.Series([60.0, 40.0, 0.0], index=list("ABC"))
    key = pd.Series([0.5, 0.3, 0.2], index=list("ABC"))
    fund = settle_fund(cost, key, 0.1)
    assert fund["fund_payment_usd"].tolist() == pytest.approx([0.0, 0.0, 18.0])
    assert fund["reimbursement_usd"].tolist() == pytest.approx([5 + 6 * 10 / 16, 7 + 6 * 6 / 16, 0.0])
    assert fund["fund_payment_usd"].sum() == pytest.approx(fund["reimbursement_usd"].sum())


@pytest.mark.parametrize("seed", range(25))
def test_random_costs_end_inside_band(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 12))
    cost = pd.Series(rng.exponential(10.0, n) * (rng.random(n) < 0.7), index=[f"S{i}" for i in range(n)])
    if cost.sum() == 0:
        cost.iloc[0] = 1.0
    key = pd.Series(rng.dirichlet(np.ones(n)), index=cost.index)
    tol = float(rng.uniform(0, 0.5))
    fund = settle_fund(cost, key, tol)
    total = cost.sum()
    share = fund["net_cost_usd"] / total
    assert (share <= (1 + tol) * key + 1e-9).all() and (share >= (1 - tol) * key - 1e-9).all()
    assert fund["fund_payment_usd"].sum() == pytest.approx(fund["reimbursement_usd"].sum())
    assert (fund["reimbursement_usd"] <= cost + 1e-9).all()
    assert (fund[["fund_payment_usd", "reimbursement_usd"]] >= -1e-12).all().all()
    # least transfers: the larger of what must leave and what must come in
    must_out = np.maximum(cost - (1 + tol) * key * total, 0).sum()
    must_in = np.maximum((1 - tol) * key * total - cost, 0).sum()
    assert fund["fund_payment_usd"].sum() == pytest.approx(max(must_out, must_in))
