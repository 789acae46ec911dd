"""The analysts' charts, drawn from small hand-built tables, drawn and read back (each failed before
its fix): frontier.png (cost and Gini against the band's tolerance, on two axes) and compare.png
(net cost shares side by side). The PNG is drawn, the legend is clear of the data, the title and
the axis labels, the axes are linear from zero with plain ticks, and nothing touches the top."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.analysis import compare, frontier
from tests.export.chart_checks import assert_apart, assert_plain_ticks, assert_reads_back, shown_ticklabels

TOLERANCES = [0.02, 0.05, 0.1, 0.2, 0.3, 0.4]
MEMBERS = 20
# The comparison shows this many members, those with the largest share in any scenario.
SHOWN = 15
# How far right of its tick a slanted label anchored at its end may reach, in line heights: its own
# slanted height (0.71) and a little; a three-letter code centred on its tick reaches past a line.
ANCHORED_REACH = 0.75
SCENARIOS = ["osce-baseline", "osce-without-russia", "osce-tight"]


def frontier_table() -> pd.DataFrame:
    """The tightest tolerance has no plan; the rest cost less and spread personnel less evenly as
    the band loosens, the cost highest at the left (where an upper-right legend would sit over it)."""
    rows = [{"tolerance": TOLERANCES[0], "status": "infeasible", "total_cost_usd": np.nan}]
    for i, tol in enumerate(TOLERANCES[1:]):
        rows.append({"tolerance": tol, "status": "optimal", "total_cost_usd": 1.34e9 - 2.5e7 * i ** 0.5,
                     "personnel_gini": 0.05 + 0.06 * i})
    return pd.DataFrame(rows)


def comparison_states() -> pd.DataFrame:
    """Shares of net cost per member (three-letter codes, as ISO3) and scenario; the largest member is
    absent from the second."""
    codes = [chr(ord("A") + i) * 3 for i in range(MEMBERS)]
    key = pd.Series([1 / (i + 1) ** 1.2 for i in range(MEMBERS)], index=codes)
    states = pd.DataFrame({f"{SCENARIOS[0]}:net_cost_share": key / key.sum()})
    without = key.copy()
    without.iloc[0] = np.nan
    states[f"{SCENARIOS[1]}:net_cost_share"] = without / without.sum()
    tilted = key * [1 + 0.4 * np.sin(i) for i in range(MEMBERS)]
    states[f"{SCENARIOS[2]}:net_cost_share"] = tilted / tilted.sum()
    return states


def comparison(states: pd.DataFrame) -> compare.Comparison:
    return compare.Comparison(summary=pd.DataFrame(), states=states, movers=pd.DataFrame())


def test_frontier_chart_reads_back(tmp_path, drawn):
    charts = drawn(frontier)
    table = frontier_table()
    frontier.plot_frontier(table, "osce-baseline: price of fairness", tmp_path / "frontier.png")
    (fig, path), = charts
    assert path == tmp_path / "frontier.png"
    assert_reads_back(fig, path)
    cost, gini = fig.axes
    renderer = fig.canvas.get_renderer()
    assert_plain_ticks(cost.xaxis, renderer)
    # Both measures are read against zero: a price of fairness of a few percent must look it.
    assert cost.get_ylim()[0] == 0 and gini.get_ylim()[0] == 0
    planned = table.dropna(subset=["total_cost_usd"])
    (cost_line,), (gini_line,) = cost.lines, gini.lines
    assert list(cost_line.get_xdata()) == pytest.approx(list(planned["tolerance"] * 100))
    assert list(cost_line.get_ydata()) == pytest.approx(list(planned["total_cost_usd"] / 1e6))
    assert list(gini_line.get_ydata()) == pytest.approx(list(planned["personnel_gini"]))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert len(labels) == 2, "both lines are named in one legend"


def test_frontier_chart_without_any_plan_is_still_drawn(tmp_path, drawn):
    """Every tolerance without a plan (so no measures, not even their columns): the axes stay linear
    from zero with plain ticks."""
    charts = drawn(frontier)
    table = pd.DataFrame({"tolerance": TOLERANCES, "status": "time_limit", "total_cost_usd": np.nan})
    frontier.plot_frontier(table, "x: price of fairness", tmp_path / "frontier.png")
    (fig, path), = charts
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        assert ax.get_ylim()[0] == 0
        assert_plain_ticks(ax.yaxis, renderer)


def test_comparison_chart_reads_back(tmp_path, drawn):
    charts = drawn(compare)
    states = comparison_states()
    compare.plot_comparison(comparison(states), SCENARIOS, tmp_path / "compare.png")
    (fig, path), = charts
    assert path == tmp_path / "compare.png"
    assert_reads_back(fig, path)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    largest = states.fillna(0).max(axis=1).sort_values(ascending=False).index[:SHOWN]
    labels = shown_ticklabels(ax.xaxis)
    assert [t.get_text() for t in labels] == list(largest)
    assert_apart(labels, renderer)
    assert len(ax.patches) == SHOWN * len(SCENARIOS)
    assert max(bar.get_height() for bar in ax.patches) == pytest.approx(100 * states.max().max())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == SCENARIOS


def test_comparison_labels_end_at_their_groups(tmp_path, drawn):
    """A slanted member name ends at the middle of its group of bars, not centred on it (where it
    would reach under the next group): anchored at its end, it reaches right of its tick only by its
    own slanted height (sin 45 degrees, about 0.71 of a line); centred, by half its slanted width."""
    charts = drawn(compare)
    compare.plot_comparison(comparison(comparison_states()), SCENARIOS, tmp_path / "compare.png")
    (fig, _), = charts
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = shown_ticklabels(ax.xaxis)
    assert labels
    for label in labels:
        line_px = label.get_fontsize() * fig.dpi / 72
        tick_px = ax.transData.transform((label.get_position()[0], 0))[0]
        bars = [b.get_window_extent(renderer) for b in ax.patches
                if abs(b.get_x() + b.get_width() / 2 - label.get_position()[0]) < 0.5]
        middle = (min(b.x0 for b in bars) + max(b.x1 for b in bars)) / 2
        assert tick_px == pytest.approx(middle, abs=1.0), f"{label.get_text()} is not under its group"
        end = label.get_window_extent(renderer).x1
        assert 0 <= end - tick_px <= ANCHORED_REACH * line_px, \
            f"{label.get_text()} ends {end - tick_px:.0f}px right of its tick"


def test_no_plan_writes_no_comparison_chart_and_clears_a_stale_one(tmp_path, drawn):
    """Without any scenario's plan there is nothing to draw: no chart, and none left from an earlier run."""
    charts = drawn(compare)
    stale = tmp_path / "compare.png"
    stale.write_bytes(b"an earlier run's chart")
    compare.plot_comparison(comparison(pd.DataFrame()), SCENARIOS, stale)
    assert charts == []
    assert not stale.exists()
