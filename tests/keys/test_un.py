"""The UN regular and peacekeeping scales, by hand and against the published scale."""
import pandas as pd
import pytest

# --- limits, overrides, NATO, UN -------------------------------------------------------------
from planner.keys import (
    compute_key,  # noqa: E402
    )
from planner.keys.un import peacekeeping_levels, un_peacekeeping, un_regular  # noqa: E402


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
