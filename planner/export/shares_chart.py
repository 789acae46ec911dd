"""The shares chart: key share, person-month share and net cost share of the largest members, on a
linear axis from zero so that bar heights compare as the shares do."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.export.charts import figure, legend_beside, save_png, value_axis

SHARES_SIZE_IN = (11.0, 5.0)
# Three bars a member, with a gap between members.
BAR_WIDTH = 0.27
BARS = (("key_share", "key share", "#7f7f7f"), ("person_months_share", "person-month share", "#1f77b4"),
        ("net_cost_share", "net cost share", "#ff7f0e"))


def shares_figure(states: pd.DataFrame, title: str, top: int = 20):
    """The members with the largest keys, their three shares side by side in percent; the legend
    beside the plot, headroom above the tallest bar."""
    frame = states.nlargest(top, "key_share").set_index("state")
    fig, ax = figure(SHARES_SIZE_IN)
    x = np.arange(len(frame))
    for offset, (column, label, colour) in zip((-BAR_WIDTH, 0.0, BAR_WIDTH), BARS):
        ax.bar(x + offset, 100 * frame[column], BAR_WIDTH, label=label, color=colour)
    ax.set_xticks(x, frame.index, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_ylabel("share (%)")
    highest = float(np.nanmax(100 * frame[[column for column, _, _ in BARS]].to_numpy())) if len(frame) else 0.0
    value_axis(ax, highest)
    ax.set_title(title)
    legend_beside(ax)
    return fig


def shares_chart(states: pd.DataFrame, title: str, path: Path, top: int = 20) -> Path:
    """shares.png: the shares figure written to `path`."""
    save_png(shares_figure(states, title, top), path)
    return path
