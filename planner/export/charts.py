"""Matplotlib helpers: a headless figure and deterministic, atomic PNG writes."""
from __future__ import annotations

import io
from pathlib import Path

from planner.files.atomic import write_bytes

FIGURE_SIZE_IN = (9.0, 5.0)
DPI = 110


def figure(size=FIGURE_SIZE_IN):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=size, dpi=DPI)
    ax.grid(True, alpha=0.3)
    return fig, ax


def save_png(fig, path: Path) -> None:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.tight_layout()
    # No software/date metadata: the same figure gives the same bytes.
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    write_bytes(path, buffer.getvalue())
