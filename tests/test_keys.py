import pandas as pd
import pytest

from planner.keys import apply_floor, weighted_key


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


# --- limits, overrides, NATO, UN -------------------------------------------------------------
from planner.keys import compute_key  # noqa: E402
from planner.keys.limits import apply_limits  # noqa: E402
from planner.keys.nato import cap_at_peer  # noqa: E402
from planner.keys.overrides import apply_overrides  # noqa: E402
from planner.keys.un import peacekeeping_levels, un_peacekeeping, un_regular  # noqa: E402


def test_ceiling_excess_goes_pro_rata_to_the_others():
    out = apply_limits(pd.Series([0.5, 0.3, 0.2], index=list("ABC")), upper=0.4)
    # A capped at 0.4; B and C share 0.6 in ratio 3:2
    assert out.tolist() == pytest.approx([0.4, 0.36, 0.24])


def test_nato_cap_at_peer_makes_the_two_largest_equal():
    out = cap_at_peer(pd.Series([0.6, 0.2, 0.1, 0.1], index=list("ABCD")))
    # f = 1 / (1 - 0.6 + 0.2) = 5/3: A = B = 1/3, C = D = 1/6
    assert out.tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 6, 1 / 6])


def test_overrides_share_cap_discount():
    base = pd.Series([0.5, 0.3, 0.1, 0.1], index=list("ABCD"))
    out = apply_overrides(base, {"A": {"cap": 0.4}, "B": {"discount": 0.5}})
    # A 0.4, B 0.15 fixed; C and D share 0.45 equally
    assert out.tolist() == pytest.approx([0.4, 0.15, 0.225, 0.225])
    out = apply_overrides(base, {"D": {"share": 0.2}})
    assert out.tolist() == pytest.approx([0.5 * 0.8 / 0.9, 0.3 * 0.8 / 0.9, 0.1 * 0.8 / 0.9, 0.2])
    with pytest.raises(ValueError, match="no room"):
        apply_overrides(base, {"A": {"share": 0.7}, "B": {"share": 0.5}})


def world(gni, population):
    idx = pd.Index([f"S{i}" for i in range(len(gni))], name="iso3")
    return pd.DataFrame({"gni_usd": gni, "population": population}, index=idx)


def test_un_low_income_adjustment_by_hand():
    # A: GNI 90, pop 10 (9 per head); B: GNI 10, pop 10 (1 per head). Average 100 / 20 = 5.
    # B is below: reduction 0.8 * (1 - 1/5) * 10 = 6.4, added to A (the only member above).
    s = world([90.0, 10.0], [10.0, 10.0])
    out = un_regular(s, s.index, ldc=set(), floor=0.0, ceiling=1.0)
    assert out.tolist() == pytest.approx([0.964, 0.036])


def test_un_ceiling_floor_and_ldc_ceiling():
    # per head: S0 10, S1 10, S2 10, S3 10 (all at the average: no income adjustment)
    s = world([60.0, 39.9, 0.09, 0.01], [6.0, 3.99, 0.009, 0.001])
    out = un_regular(s, s.index, ldc={"S2"}, floor=0.0002, ceiling=0.5, ldc_ceiling=0.0005)
    assert out["S0"] == pytest.approx(0.5)           # ceiling (0.6 before)
    assert out["S2"] == pytest.approx(0.0005)        # LDC ceiling (0.0009 before)
    assert out["S3"] == pytest.approx(0.0002)        # floor (0.0001 before)
    assert out.sum() == pytest.approx(1.0)
    assert out["S1"] == pytest.approx(1 - 0.5 - 0.0005 - 0.0002)


def test_peacekeeping_levels_and_premium():
    # per head (average 100 / 10 = 10): P 20 (permanent member), R 25 (2.5x: level B),
    # M 15 (1.5x, below 1.6x: F), L 1 (below 1.0x: I)
    s = world([40.0, 25.0, 30.0, 5.0], [2.0, 1.0, 2.0, 5.0]).rename(index=dict(zip(
        ["S0", "S1", "S2", "S3"], ["PPP", "RRR", "MMM", "LLL"])))
    designations = pd.DataFrame({"iso3": ["PPP"], "designation": ["p5"]})
    levels = pd.DataFrame({"discount": [0.0, 0.0, 0.075, 0.2, 0.4, 0.6, 0.7, 0.8, 0.8, 0.9],
                           "income_ratio_below": [None, None, None, 2.0, 1.8, 1.6, 1.4, 1.2, 1.0, None]},
                          index=list("ABCDEFGHIJ"))
    assert peacekeeping_levels(s, s.index, designations, levels).to_dict() == {
        "PPP": "A", "RRR": "B", "MMM": "F", "LLL": "I"}
    regular = un_regular(s, s.index, set(), floor=0.0)
    pk = un_peacekeeping(s, s.index, designations, levels, floor=0.0)
    assert pk["MMM"] == pytest.approx(regular["MMM"] * 0.4)
    assert pk["LLL"] == pytest.approx(regular["LLL"] * 0.2)
    assert pk["RRR"] == pytest.approx(regular["RRR"])
    assert pk["PPP"] == pytest.approx(regular["PPP"] + 0.6 * regular["MMM"] + 0.8 * regular["LLL"])
    assert pk.sum() == pytest.approx(1.0)


@pytest.fixture(scope="module")
def shipped():
    from planner.data.reference import load_designations, load_levels
    from planner.data.states import load_states
    from planner.paths import DATA_DIR

    states = load_states(DATA_DIR / "states.csv", DATA_DIR / "figure_flags.csv")
    return (states, load_designations(DATA_DIR / "un_designations.csv"),
            load_levels(DATA_DIR / "un_peacekeeping_levels.csv"),
            pd.read_csv(DATA_DIR / "un_scale.csv").set_index("iso3")["rate_2025_2027_pct"] / 100)


def test_un_key_tracks_the_published_scale(shipped):
    states, designations, levels, published = shipped
    un = states.index[states["un_member"] == 1]
    ours = compute_key("un", states, un, floor=0.00001, designations=designations, levels=levels)
    assert ours.sum() == pytest.approx(1.0)
    assert ours["USA"] == pytest.approx(0.22)
    both = pd.DataFrame({"ours": ours, "published": published}).dropna()
    assert both.corr(method="spearman").iloc[0, 1] > 0.97
    assert set(both["ours"].nlargest(10).index) == set(both["published"].nlargest(10).index)
    assert (ours >= 0.00001 - 1e-12).all()


def test_peacekeeping_key_puts_the_us_near_its_published_share(shipped):
    states, designations, levels, _ = shipped
    un = states.index[states["un_member"] == 1]
    pk = compute_key("un_peacekeeping", states, un, floor=0.00001, designations=designations, levels=levels)
    assert 0.25 < pk["USA"] < 0.29    # published 26-28 % in recent scales (28.36 % in 2014-15)
    assert pk.sum() == pytest.approx(1.0)


def test_disproportionality_indices_by_hand():
    from planner.results.indices import gallagher, gini_of_ratios, loosemore_hanby

    share = pd.Series([0.5, 0.3, 0.2], index=list("ABC"))
    key = pd.Series([0.4, 0.4, 0.2], index=list("ABC"))
    assert loosemore_hanby(share, key) == pytest.approx(0.1)                  # (0.1 + 0.1 + 0) / 2
    assert gallagher(share, key) == pytest.approx((0.5 * (0.01 + 0.01)) ** 0.5)
    # rho = 1.25, 0.75, 1; G = sum_{i<j} k_i k_j |rho_i - rho_j| = .16*.5 + .08*.25 + .08*.25
    assert gini_of_ratios(share, key) == pytest.approx(0.16 * 0.5 + 0.08 * 0.25 + 0.08 * 0.25)
