"""Every chart the tool writes, drawn from a small hand-built table, saved and read back (each
failed before its fix): the PNG is drawn, the legend is clear of the title, the data and the axis
labels, the axes are linear with plain-number ticks, and nothing touches the top of its axis."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from planner.export import roster_chart, shares_chart, trajectory_charts
from planner.export.charts import save_png
from tests.export.chart_checks import (
    assert_apart,
    assert_inside,
    assert_linear_axes,
    assert_plain_ticks,
    assert_png_drawn,
    assert_reads_back,
    assert_text_inside_figure,
    drawn_again,
    shown_ticklabels,
)

MEMBERS = 25
YEARS = range(2027, 2036)
# A roster cell with this many contributors beside its framework nation: more than fit on one line.
CROWDED = 11
# Cells keep clear of the axis frame by this many pixels (they must not touch it).
CELL_CLEARANCE_PX = 2.0


def shares_table() -> pd.DataFrame:
    """One member holds most of the key, as in a real region: a linear axis must still show the rest."""
    key = pd.Series([1 / (i + 1) ** 1.5 for i in range(MEMBERS)])
    months = key * [1 + 0.6 * math.sin(i) for i in range(MEMBERS)]
    cost = key * [1 + 0.3 * math.cos(i) for i in range(MEMBERS)]
    return pd.DataFrame({"state": [f"S{i:02d}" for i in range(MEMBERS)], "key_share": key / key.sum(),
                         "person_months_share": months / months.sum(), "net_cost_share": cost / cost.sum()})


def trajectory_table(years=YEARS) -> pd.DataFrame:
    """The largest members keep their forces (flat at 100 %, where an inside legend would sit)."""
    rows = []
    for i in range(10):
        baseline = 1e6 / (i + 1)
        rate = (0.0, 0.02, 0.05)[i % 3]
        for year in years:
            rows.append({"year": year, "state": f"S{i:02d}", "baseline_personnel": baseline,
                         "national_personnel": baseline * (1 - rate * (year - years[0])),
                         "contributed_personnel": 500 * (i + 1) * (1 + (year - years[0]) / 4)})
    return pd.DataFrame(rows)


def group_table(years=YEARS) -> dict:
    """Blocs and zones, one falling to a tenth (down where a lower-left legend would sit)."""
    falls = {"bloc A": 0.03, "bloc B": 0.06, "zone centre": 0.9 / (len(years) - 1), "zone north": 0.0}
    return {name: {str(y): 1e6 * (1 - fall * (y - years[0])) for y in years} for name, fall in falls.items()}


def roster_table() -> pd.DataFrame:
    semesters = ["2027-H1", "2027-H2", "2028-H1", "2028-H2"]
    rows = []
    for j, semester in enumerate(semesters):
        for k, (tier, package) in enumerate([("high", 1), ("high", 2), ("follow_on", 1)]):
            rows.append({"semester": semester, "tier": tier, "package": package, "state": f"F{(j + k) % 5}",
                         "role": "framework"})
            crowd = CROWDED if (j, k) == (1, 0) else 2
            rows += [{"semester": semester, "tier": tier, "package": package, "state": f"C{n:02d}",
                      "role": "contributor"} for n in range(crowd)]
        rows.append({"semester": semester, "tier": "reserve", "package": 0, "state": "R00", "role": "reserve"})
    return pd.DataFrame(rows)


def assert_year_ticks(ax, renderer) -> None:
    assert_plain_ticks(ax.xaxis, renderer)
    assert all(t.get_text().isdigit() for t in shown_ticklabels(ax.xaxis)), "a fractional year"


def test_shares_chart_reads_back(tmp_path, drawn):
    saved = drawn(shares_chart)
    states = shares_table()
    shares_chart.shares_chart(states, "osce (2031): shares of the largest members", tmp_path / "shares.png")
    (fig, path), = saved
    assert_reads_back(fig, path)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    members = [t.get_text() for t in ax.get_xticklabels()]
    assert members == list(states.nlargest(20, "key_share")["state"])
    assert_apart(ax.get_xticklabels(), renderer)
    tallest = max(bar.get_height() for bar in ax.patches)
    assert tallest == pytest.approx(100 * states[["key_share", "person_months_share", "net_cost_share"]].max().max())


@pytest.mark.parametrize("years", [YEARS, range(2027, 2029)], ids=["nine-years", "two-years"])
def test_trajectory_charts_read_back(tmp_path, drawn, years):
    saved = drawn(trajectory_charts)
    files = trajectory_charts.write_trajectory_charts(trajectory_table(years), "osce", tmp_path, group_table(years))
    assert [p.name for p in files] == ["forces.png", "reductions.png", "groups.png"]
    assert [p for _, p in saved] == files
    for fig, path in saved:
        assert_reads_back(fig, path)
        assert_year_ticks(fig.axes[0], fig.canvas.get_renderer())


def test_reduction_paths_start_from_zero(tmp_path, drawn):
    """A share of the baseline is read against zero: a 5 % cut must not look like a collapse."""
    saved = drawn(trajectory_charts)
    trajectory_charts.write_trajectory_charts(trajectory_table(), "osce", tmp_path, group_table())
    for fig, _ in saved[1:]:
        assert fig.axes[0].get_ylim()[0] == 0


def test_roster_chart_reads_back(tmp_path, drawn):
    saved = drawn(roster_chart)
    roster_chart.plot_roster(roster_table(), "x: standby roster (framework nation in bold)", tmp_path / "roster.png")
    (fig, path), = saved
    renderer = fig.canvas.get_renderer()
    assert_png_drawn(path, fig)
    assert_linear_axes(fig)
    assert_text_inside_figure(fig, renderer)
    ax = fig.axes[0]
    assert_apart(ax.get_xticklabels(), renderer)
    assert_apart(ax.get_yticklabels(), renderer)
    frame = ax.get_window_extent(renderer).padded(-CELL_CLEARANCE_PX)
    cells = list(ax.patches)
    assert len(cells) == 4 * 3
    for cell in cells:
        assert_inside(cell.get_window_extent(renderer), frame)
    # Every name sits inside its own cell, the crowded one too.
    for text in ax.texts:
        home = [c for c in cells if c.contains_point(ax.transData.transform(text.get_position()))]
        assert len(home) == 1, f"{text.get_text()!r} is not in exactly one cell"
        assert_inside(text.get_window_extent(renderer), home[0].get_window_extent(renderer))
    crowded = [t.get_text() for t in ax.texts if "C10" in t.get_text()]
    assert crowded and all(f"C{n:02d}" in crowded[0] for n in range(CROWDED))


def test_report_shares_png_reads_back(baseline, tmp_path):
    """The report's own shares.png from a real solve, and its chart drawn again from states.csv."""
    assert baseline.exit_code == 0, baseline.output
    fig = shares_chart.shares_figure(pd.read_csv(baseline.out / "states.csv"),
                                     "osce-baseline: shares of the largest members")
    assert_png_drawn(baseline.out / "shares.png", fig)
    save_png(fig, tmp_path / "shares.png")
    assert_reads_back(drawn_again(fig), tmp_path / "shares.png")
