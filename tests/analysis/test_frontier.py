"""The price of fairness traced over the band's tolerance."""
from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.analysis.frontier import frontier_figure
from planner.cli import app
from planner.export.charts import save_png
from tests.export.chart_checks import assert_plain_ticks, assert_png_drawn, assert_reads_back, drawn_again

runner = CliRunner()


def test_frontier_cost_falls_as_the_band_loosens(case, tmp_path):
    path = case(
        [{"iso3": "AAA", "gni": 1, "lon": 1.0}, {"iso3": "BBB", "gni": 1, "lon": 30.0}],
        [{"capability": "obs", "personnel": 1, "cost": 1000}],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 100}}],
         "max_national_share": 0.9, "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[("AAA", "obs", 100), ("BBB", "obs", 100)],
    )
    out = tmp_path / "frontier"
    result = runner.invoke(app, ["frontier", str(path), "--points", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out / "frontier.csv")
    assert (frame["status"] == "optimal").all()
    costs = frame["total_cost_usd"].to_numpy()
    assert (costs[1:] <= costs[:-1] + 1e-6).all() and costs[0] > costs[-1]
    assert frame["tolerance"].iloc[0] == pytest.approx(0.0, abs=1e-5)   # equal shares are reachable
    assert (out / "frontier.png").stat().st_size > 10_000
    # The chart of a real trace, drawn again from frontier.csv, reads back as the hand-built one does.
    fig = frontier_figure(frame, "case: price of fairness")
    assert_png_drawn(out / "frontier.png", fig)
    save_png(fig, tmp_path / "again.png")
    assert_reads_back(drawn_again(fig), tmp_path / "again.png")
    assert_plain_ticks(fig.axes[0].xaxis, fig.canvas.get_renderer())
