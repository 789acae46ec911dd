"""The price of fairness: total cost against the tolerance of the personnel band.

The tight end is the minimax optimum z* (the smallest tolerance any plan can
keep); the loose end is the largest deviation of the cheapest plan without
fairness (past it the band no longer binds), at most 1 (the band's range). Points in between are solved
with the band at that tolerance.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from planner.errors import PlannerError
from planner.export.charts import figure, plain_ticks, save_png, value_axis
from planner.inputs import Inputs, model_data
from planner.run import pipeline
from planner.solvers import SolveOptions

# The top of the legend below the plot, in axes heights under its bottom: past the tick labels and
# the x axis label (as the regional forces chart places its own).
LEGEND_BELOW = -0.14


def with_fairness(inputs: Inputs, **changes) -> Inputs:
    return inputs.variant({f"fairness.{field}": value for field, value in changes.items()})


def largest_deviation(inputs: Inputs, plan) -> float:
    """Largest personnel deviation beyond the whole-unit allowance, as the band measures it."""
    ref = model_data(inputs).reference
    people = plan.states.set_index("state")["personnel"].reindex(ref.index)
    above = (people - ref["target"] - ref["allowance"]) / ref["target"]
    below = ((ref["target"] - ref["allowance"] - people) / ref["target"]).where(~ref["capacity_limited"], 0.0)
    return float(max(above.max(), below.max(), 0.0))


def trace_frontier(inputs: Inputs, options: SolveOptions, points: int, log: Path,
                   progress: Callable[[int, int], None] = lambda done, total: None) -> pd.DataFrame:
    """One row per tolerance: status, cost, price of fairness and the fairness measures."""
    personnel_only = ["personnel"]
    base = with_fairness(inputs, apply_to=personnel_only)
    unfair = pipeline.solve_inputs(base.without_fairness(), options, log, price=False)
    unfair_cost = unfair.plan.metrics["total_cost_usd"]
    loose = largest_deviation(base, unfair.plan)
    tight_run = pipeline.solve_inputs(with_fairness(base, mode="minimax"), options, log, price=False)
    tight = float(tight_run.stages[0]["value"])
    # The band's tolerance lives in [0, 1]; past the unfair plan's own deviation it no longer binds.
    loose = min(max(loose, tight), 1.0)
    tolerances = np.unique(np.round(np.linspace(tight, loose, points), 6))
    tolerances[0] = min(1.0, tight + 1e-6)   # held a hair above z*: float noise must not make it infeasible
    rows = []
    for i, tol in enumerate(tolerances):
        row = {"tolerance": float(min(tol, 1.0))}
        try:
            run = pipeline.solve_inputs(with_fairness(base, mode="band", tolerance=row["tolerance"]), options, log,
                                        price=False)
            m = run.plan.metrics
            row.update(status=run.result.status, total_cost_usd=m["total_cost_usd"],
                       price_of_fairness_usd=m["total_cost_usd"] - unfair_cost,
                       price_of_fairness_pct=m["total_cost_usd"] / unfair_cost - 1.0,
                       personnel_max_deviation_beyond_unit=largest_deviation(base, run.plan),
                       personnel_gini=m["personnel_gini"], personnel_gallagher=m["personnel_gallagher"],
                       personnel_loosemore_hanby=m["personnel_loosemore_hanby"])
        except PlannerError as exc:
            row.update(status=type(exc).__name__.removesuffix("Error").lower(), total_cost_usd=np.nan)
        rows.append(row)
        progress(i + 1, len(tolerances))
    return pd.DataFrame(rows)


def frontier_figure(frame: pd.DataFrame, title: str):
    """Cost (left axis) and Gini (right axis) against tolerance, both read against zero with headroom
    and plain ticks; one legend for both lines below the plot, clear of the data and of either axis."""
    fig, ax = figure()
    # A tolerance with no plan has no measures: when none has one, the table has no Gini column at all.
    ok = frame.reindex(columns=["tolerance", "total_cost_usd", "personnel_gini"]).dropna(subset=["total_cost_usd"])
    cost = ok["total_cost_usd"] / 1e6
    ax.plot(ok["tolerance"] * 100, cost, marker="o", color="#1f4e79", label="total cost (left axis)")
    ax.set_xlabel("personnel band tolerance (%)")
    ax.set_ylabel("total cost (USD m a year)")
    value_axis(ax, float(cost.max()) if len(ok) else 0.0)
    plain_ticks(ax.xaxis)
    right = ax.twinx()
    right.plot(ok["tolerance"] * 100, ok["personnel_gini"], marker="s", color="#c55a11",
               label="Gini of personnel share / key (right axis)")
    right.set_ylabel("Gini of personnel share / key")
    value_axis(right, float(ok["personnel_gini"].max()) if len(ok) else 0.0)
    ax.set_title(title)
    # Beside the plot a legend would cover the right axis's ticks; below, it sits under the x label.
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, LEGEND_BELOW), ncol=len(handles),
              frameon=False)
    return fig


def plot_frontier(frame: pd.DataFrame, title: str, path: Path) -> None:
    """frontier.png: the frontier figure, written atomically."""
    save_png(frontier_figure(frame, title), path)
