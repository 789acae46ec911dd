"""The standby roster at a glance: semesters across, packages down, each cell coloured by its
framework nation and labelled with it and the members beside it."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.export.charts import figure, save_png

# One colour per framework nation, in the order they first appear (tab20 has 20).
PALETTE = "tab20"
# The gap around each cell, in cells: no cell touches its neighbours or the frame.
GAP = 0.06
# The members beside the framework nation, this many ISO codes to a line so that a line fits its cell.
CODES_PER_LINE = 4
# Inches: a semester's width, a package row's height, and what a row adds for each line of members
# beyond the first two; the margin around the grid holds the title and the semester labels.
SEMESTER_IN, ROW_IN, LINE_IN, MARGIN_IN = 1.1, 0.9, 0.2, 1.0
LEAST_WIDTH_IN = 9.0
# Where in a cell (down from its top, in cells) the members and the framework nation are centred.
MEMBERS_AT, LEAD_AT = 0.3, 0.72


def _wrapped(codes: list[str]) -> str:
    """ISO codes, CODES_PER_LINE to a line."""
    return "\n".join(" ".join(codes[k:k + CODES_PER_LINE]) for k in range(0, len(codes), CODES_PER_LINE))


def roster_figure(roster: pd.DataFrame, title: str):
    """roster.csv's packages (the reserve left out) as a grid of cells, each clear of the frame and
    tall enough for its members."""
    import matplotlib.pyplot as plt

    packed = roster[roster["role"] != "reserve"]
    semesters = sorted(packed["semester"].unique())
    packages = packed[["tier", "package"]].drop_duplicates().sort_values(["tier", "package"]).itertuples(index=False)
    rows = [(t, p) for t, p in packages]
    leads = packed[packed["role"] == "framework"].drop_duplicates(["semester", "tier", "package"])
    nations = list(dict.fromkeys(leads.sort_values("semester")["state"]))
    colours = plt.get_cmap(PALETTE)
    cells = {}
    for (semester, tier, package), cell in packed.groupby(["semester", "tier", "package"]):
        lead = leads[(leads["semester"] == semester) & (leads["tier"] == tier) & (leads["package"] == package)]
        name = lead["state"].iloc[0] if len(lead) else "?"
        cells[semester, tier, package] = (name, sorted(set(cell["state"]) - {name}))
    lines = max([-(-len(others) // CODES_PER_LINE) for _, others in cells.values()], default=1)
    row_in = ROW_IN + LINE_IN * max(lines - 2, 0)
    fig, ax = figure((max(LEAST_WIDTH_IN, SEMESTER_IN * len(semesters) + 2), MARGIN_IN + row_in * len(rows)))
    ax.grid(False)
    for i, (tier, package) in enumerate(rows):
        for j, semester in enumerate(semesters):
            if (semester, tier, package) not in cells:
                # Not on standby that semester: a standing force that grows adds packages over the years.
                ax.text(j + 0.5, i + 0.5, "not yet", ha="center", va="center", fontsize=7, color="#888888")
                continue
            name, others = cells[semester, tier, package]
            colour = colours(nations.index(name) % colours.N) if name in nations else "white"
            ax.add_patch(plt.Rectangle((j + GAP / 2, i + GAP / 2), 1 - GAP, 1 - GAP, color=colour, alpha=0.85))
            ax.text(j + 0.5, i + LEAD_AT, name, ha="center", va="center", fontsize=9, fontweight="bold")
            ax.text(j + 0.5, i + MEMBERS_AT, _wrapped(others), ha="center", va="center", fontsize=6)
    ax.set_xlim(0, len(semesters))
    ax.set_ylim(0, len(rows))
    ax.set_xticks([j + 0.5 for j in range(len(semesters))], semesters, rotation=45, ha="right", fontsize=8)
    ax.set_yticks([i + 0.5 for i in range(len(rows))], [f"{t} {p}" for t, p in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title)
    return fig


def plot_roster(roster: pd.DataFrame, title: str, path: Path) -> None:
    """roster.png: the roster figure written to `path`."""
    save_png(roster_figure(roster, title), path)
