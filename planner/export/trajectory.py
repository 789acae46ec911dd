"""Files of a trajectory: trajectory.csv, trajectory_limits.csv and the two plots."""
from __future__ import annotations

from pathlib import Path

from planner.export.atomic import write_text
from planner.export.plots_trajectory import plot_reduction_paths, plot_regional_forces
from planner.export.tables import to_csv_text


def write_trajectory(run, out: Path) -> list[Path]:
    name = run.inputs.name
    write_text(out / "trajectory.csv", to_csv_text(run.trajectory_table))
    write_text(out / "trajectory_limits.csv", to_csv_text(run.trajectory_limits))
    plot_regional_forces(run.trajectory_table, f"{name}: national forces and the peace force", out / "forces.png")
    plot_reduction_paths(run.trajectory_table, f"{name}: reduction paths of the largest members",
                         out / "reductions.png")
    return [out / n for n in ("trajectory.csv", "trajectory_limits.csv", "forces.png", "reductions.png")]
