"""Trajectory plots: regional forces over time, and reduction paths of the largest members."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.export.charts import figure, legend_beside, plain_ticks, save_png, value_axis

LARGEST = 8


def forces_figure(table: pd.DataFrame, title: str):
    """Stacked areas: national forces (less what they contribute) and the peace force, per year;
    the peace force also on its own axis, since it is a small fraction of national forces. The
    legend sits below the plot, clear of the title and the data; both axes leave headroom."""
    by_year = table.groupby("year")[["national_personnel", "contributed_personnel"]].sum()
    fig, ax = figure()
    national_only = (by_year["national_personnel"] - by_year["contributed_personnel"]) / 1e3
    ax.stackplot(by_year.index, national_only, by_year["contributed_personnel"] / 1e3,
                 labels=["national forces (not deployed)", "peace force (deployed)"], colors=["#b0b0b0", "#1f77b4"])
    ax.set_xlabel("year")
    ax.set_ylabel("personnel (thousands)")
    value_axis(ax, float(by_year["national_personnel"].max()) / 1e3)
    plain_ticks(ax.xaxis, integer=True)
    right = ax.twinx()
    right.plot(by_year.index, by_year["contributed_personnel"] / 1e3, color="#d62728", marker="o",
               label="peace force (right axis)")
    right.set_ylabel("peace force personnel (thousands)")
    value_axis(right, float(by_year["contributed_personnel"].max()) / 1e3)
    ax.set_title(title)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False)
    return fig


def plot_regional_forces(table: pd.DataFrame, title: str, path: Path) -> None:
    save_png(forces_figure(table, title), path)


def reductions_figure(table: pd.DataFrame, title: str):
    """National forces of the largest members as a share of their baseline, per year, read against
    zero; the legend beside the plot."""
    first = table["year"].min()
    largest = table[table["year"] == first].nlargest(LARGEST, "baseline_personnel")["state"]
    fig, ax = figure()
    highest = 0.0
    for state in largest:
        mine = table[table["state"] == state].sort_values("year")
        baseline = mine["baseline_personnel"].iloc[0]
        path = 100 * mine["national_personnel"] / baseline
        highest = max(highest, float(path.max()))
        ax.plot(mine["year"], path, marker=".", label=f"{state} ({baseline / 1e3:,.0f}k)")
    return _years_against_zero(fig, ax, "national forces (% of baseline)", highest, title)


def _years_against_zero(fig, ax, ylabel: str, highest: float, title: str):
    """Whole years across, the value from zero with headroom over `highest`, the legend beside."""
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    value_axis(ax, highest)
    plain_ticks(ax.xaxis, integer=True)
    ax.set_title(title)
    legend_beside(ax)
    return fig


def plot_reduction_paths(table: pd.DataFrame, title: str, path: Path) -> None:
    save_png(reductions_figure(table, title), path)


def groups_figure(groups: dict, title: str):
    """National forces of each bloc (solid) and zone (dashed) as a share of its first year's, per
    year, read against zero; the legend beside the plot."""
    fig, ax = figure()
    highest = 0.0
    for name, by_year in groups.items():
        years = sorted(by_year, key=int)
        first = by_year[years[0]]
        if first <= 0:
            continue
        path = [100 * by_year[y] / first for y in years]
        highest = max(highest, *path)
        ax.plot([int(y) for y in years], path, marker=".",
                linestyle="--" if name.startswith("zone") else "-", label=f"{name} ({first / 1e3:,.0f}k)")
    return _years_against_zero(fig, ax, "national forces (% of the first year)", highest, title)


def plot_group_paths(groups: dict, title: str, path: Path) -> None:
    save_png(groups_figure(groups, title), path)


def write_trajectory_charts(table: pd.DataFrame, name: str, out: Path, groups: dict | None = None) -> list[Path]:
    """forces.png and reductions.png of a trajectory table into `out`; groups.png (reductions by bloc
    and zone) when `groups` (group -> year -> personnel) has any."""
    plot_regional_forces(table, f"{name}: national forces and the peace force", out / "forces.png")
    plot_reduction_paths(table, f"{name}: reduction paths of the largest members", out / "reductions.png")
    files = [out / "forces.png", out / "reductions.png"]
    if groups:
        plot_group_paths(groups, f"{name}: reductions by bloc and zone", out / "groups.png")
        files.append(out / "groups.png")
    return files
