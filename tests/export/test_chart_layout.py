"""The trajectory's forces chart tells the truth at a glance (each failed before its fix): the
legend does not cover the title or the data, and no line touches the top of its axis."""
from __future__ import annotations

import pandas as pd

from planner.export.trajectory_charts import forces_figure


def test_forces_legend_is_clear_of_title_and_data():
    table = pd.DataFrame({"year": [2027, 2027, 2028, 2028], "state": ["A", "B", "A", "B"],
                          "national_personnel": [3_000_000, 3_000_000, 2_800_000, 2_900_000],
                          "contributed_personnel": [4_000, 5_000, 6_000, 7_000]})
    fig = forces_figure(table, "osce: national forces and the peace force")
    fig.tight_layout()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    assert not legend.overlaps(ax.title.get_window_extent(renderer))
    assert not legend.overlaps(ax.get_window_extent(renderer))
    for axis in fig.axes:
        top = axis.get_ylim()[1]
        for line in axis.get_lines():
            assert max(line.get_ydata()) < top
    peace = fig.axes[1].get_lines()[0]
    assert max(peace.get_ydata()) > 0.5 * fig.axes[1].get_ylim()[1]      # visible on its own axis
