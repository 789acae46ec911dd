"""The standby roster at a glance: semesters across, packages down, each cell coloured by its
framework nation and labelled with it and the members beside it."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.export.charts import figure, save_png

# One colour per framework nation, in the order they first appear (tab20 has 20).
PALETTE = "tab20"


def plot_roster(roster: pd.DataFrame, title: str, path: Path) -> None:
    """roster.csv's packages (the reserve left out) as a grid of cells."""
    import matplotlib.pyplot as plt

    packed = roster[roster["role"] != "reserve"]
    semesters = sorted(packed["semester"].unique())
    packages = packed[["tier", "package"]].drop_duplicates().sort_values(["tier", "package"]).itertuples(index=False)
    rows = [(t, p) for t, p in packages]
    leads = packed[packed["role"] == "framework"].drop_duplicates(["semester", "tier", "package"])
    nations = list(dict.fromkeys(leads.sort_values("semester")["state"]))
    colours = plt.get_cmap(PALETTE)
    fig, ax = figure((max(9.0, 1.1 * len(semesters) + 2), 1.0 + 0.9 * len(rows)))
    ax.grid(False)
    for i, (tier, package) in enumerate(rows):
        for j, semester in enumerate(semesters):
            cell = packed[(packed["semester"] == semester) & (packed["tier"] == tier) & (packed["package"] == package)]
            lead = leads[(leads["semester"] == semester) & (leads["tier"] == tier) & (leads["package"] == package)]
            name = lead["state"].iloc[0] if len(lead) else "?"
            colour = colours(nations.index(name) % colours.N) if name in nations else "white"
            ax.add_patch(plt.Rectangle((j, i), 0.95, 0.9, color=colour, alpha=0.85))
            others = sorted(set(cell["state"]) - {name})
            ax.text(j + 0.475, i + 0.58, name, ha="center", va="center", fontsize=9, fontweight="bold")
            ax.text(j + 0.475, i + 0.27, " ".join(others), ha="center", va="center", fontsize=6)
    ax.set_xlim(0, len(semesters))
    ax.set_ylim(0, len(rows))
    ax.set_xticks([j + 0.475 for j in range(len(semesters))], semesters, rotation=45, ha="right", fontsize=8)
    ax.set_yticks([i + 0.45 for i in range(len(rows))], [f"{t} {p}" for t, p in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title)
    save_png(fig, path)
