"""Matplotlib helpers: a headless figure, axes that read true at a glance (headroom, plain-number
ticks, the legend outside the data), and deterministic, atomic PNG writes."""
from __future__ import annotations

import io
from pathlib import Path

from planner.files.atomic import write_bytes

FIGURE_SIZE_IN = (9.0, 5.0)
DPI = 110
# The top of a value axis above its largest value, so that no bar, line or marker touches the frame.
HEADROOM = 1.12
# A legend beside the plot keeps to one column up to this many entries (about a figure's height),
# then wraps into more.
LEGEND_ROWS = 14
# Value ticks step by 1, 2 or 5 times a power of ten: 0, 20, 40 reads at a glance, 0, 8, 16 does not.
ROUND_STEPS = (1, 2, 5, 10)


def figure(size=FIGURE_SIZE_IN):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=size, dpi=DPI)
    ax.grid(True, alpha=0.3)
    return fig, ax


def value_axis(ax, highest: float, bottom: float = 0.0) -> None:
    """The y axis linear from `bottom` to HEADROOM above `highest` (a unit above `bottom` when there
    is nothing to show), its ticks plain round numbers: no offset, no powers of ten."""
    from matplotlib.ticker import MaxNLocator

    span = highest - bottom if highest > bottom else 1.0
    ax.set_yscale("linear")
    ax.set_ylim(bottom, bottom + HEADROOM * span)
    plain_ticks(ax.yaxis)
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=list(ROUND_STEPS)))


def plain_ticks(axis, integer: bool = False) -> None:
    """Tick labels as plain numbers (3000, not 3e3 or +2.027e3); whole numbers only if `integer`."""
    from matplotlib.ticker import MaxNLocator, ScalarFormatter

    formatter = ScalarFormatter(useOffset=False)
    formatter.set_scientific(False)
    axis.set_major_formatter(formatter)
    if integer:
        axis.set_major_locator(MaxNLocator(integer=True))


def legend_beside(ax, handles=None) -> None:
    """The legend to the right of the plot, outside it: clear of the title and of the data, whatever
    shape the data takes."""
    handles = handles if handles is not None else ax.get_legend_handles_labels()[0]
    columns = -(-len(handles) // LEGEND_ROWS) or 1
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
              ncol=columns, frameon=False)


def save_png(fig, path: Path) -> None:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.tight_layout()
    # No software/date metadata: the same figure gives the same bytes.
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    write_bytes(path, buffer.getvalue())
