"""Scenario comparison for analysts: what differs in the inputs, and how burdens move.

`input_differences` lists the resolved fields that differ (so an analyst sees
that the intended change, and only it, was applied); `compare_runs` tabulates
the plans side by side and per member, with each member's change against the
first scenario (whose burden rose to cover absent members, and by how much).
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.export.charts import figure, legend_beside, save_png, value_axis
from planner.inputs import Inputs

IGNORED_FIELDS = {"name", "description"}
COMPARISON_SIZE_IN = (11.0, 5.5)
# The chart shows the members with the largest net cost share in any scenario, this many of them.
SHOWN_MEMBERS = 15
# Each member's bars fill this much of the unit between members, leaving a gap between groups.
GROUP_WIDTH = 0.8


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
        out = {}
        for item in value:   # missions by id, not by position
            out.update(_flatten({k: v for k, v in item.items() if k != "id"}, f"{prefix}[{item['id']}]"))
        return out
    return {prefix: value}


def input_differences(inputs: list[Inputs]) -> pd.DataFrame:
    """One row per resolved scenario field (and membership) that is not the same in all scenarios."""
    flat = [_flatten(i.scenario.model_dump(mode="json")) for i in inputs]
    fields = sorted(set().union(*flat) - IGNORED_FIELDS)
    rows = []
    for name in fields:
        values = [f.get(name, "(unset)") for f in flat]
        if any(v != values[0] for v in values[1:]):
            rows.append({"field": name, **{i.name: _text(v) for i, v in zip(inputs, values)}})
    members = [set(i.members) for i in inputs]
    if any(m != members[0] for m in members[1:]):
        everyone = set().union(*members)
        rows.append({"field": "members (resolved)", **{
            i.name: f"{len(m)}; without {', '.join(sorted(everyone - m)) or '-'}" for i, m in zip(inputs, members)}})
    return pd.DataFrame(rows, columns=["field"] + [i.name for i in inputs])


def _text(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


@dataclass(frozen=True)
class Comparison:
    summary: pd.DataFrame    # one row per measure, one column per scenario
    states: pd.DataFrame     # one row per state, shares per scenario and changes against the first
    movers: pd.DataFrame     # members whose net cost share rose most against the first scenario


def solve_each(inputs: list[Inputs], solver: str | None = None,
               tick: Callable[[int, int], None] = lambda done, total: None) -> list[dict]:
    """Each scenario solved in turn: {"status", "plan"}, or {"status": "infeasible", "reasons"}."""
    from planner.errors import InfeasibleError
    from planner.run import pipeline

    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, item in enumerate(inputs):
            try:
                run = pipeline.solve_inputs(item, pipeline.options_for(item, solver), Path(tmp) / f"{i}.log")
                outcomes.append({"status": run.result.status, "plan": run.plan})
            except InfeasibleError as exc:
                outcomes.append({"status": "infeasible", "reasons": exc.reasons})
            tick(i + 1, len(inputs))
    return outcomes


def compare_runs(names: list[str], outcomes: list[dict]) -> Comparison:
    """`outcomes[i]`: {"status", "plan" (or None), "reasons"} for scenario `names[i]`."""
    measures = {}
    for name, out in zip(names, outcomes):
        plan = out.get("plan")
        column = {"status": out["status"]}
        if plan is not None:
            m, st = plan.metrics, plan.states
            top = st.sort_values(["net_cost_share", "state"], ascending=[False, True]).iloc[0]
            most_over = st.assign(r=st["personnel_deviation"]).sort_values(
                ["r", "state"], ascending=[False, True]).iloc[0]
            column.update({
                "members": m["members"], "contributing members": m["contributing_members"],
                "total cost (USD m/yr)": round(m["total_cost_usd"] / 1e6, 2),
                "personnel": m["total_personnel"],
                "fund transfers (USD m/yr)": round(m["fund_transfers_usd"] / 1e6, 2),
                "price of fairness (USD m/yr)": None if m["price_of_fairness_usd"] is None
                else round(m["price_of_fairness_usd"] / 1e6, 2),
                "largest personnel deviation": round(m["personnel_max_abs_deviation"], 4),
                "largest net cost deviation": round(m["net_cost_max_abs_deviation"], 4),
                "Gini personnel": round(m["personnel_gini"], 4),
                "Gini net cost": round(m["net_cost_gini"], 4),
                "Gallagher personnel": round(m["personnel_gallagher"], 4),
                "carries most (net cost)": f"{top['state']} {top['net_cost_share']:.1%} (key {top['key_share']:.1%})",
                "most over its personnel share": f"{most_over['state']} {most_over['personnel_deviation']:+.0%}",
                "unmet requirements": 0,
            })
        else:
            # No plan: the diagnosis's lines are reasons, not a count of requirements left short.
            column["unmet requirements"] = "n/a (no plan)"
            column["reasons no plan exists"] = len(out.get("reasons", []))
        measures[name] = column
    summary = pd.DataFrame(measures)
    summary.index.name = "measure"

    per_state = []
    for name, out in zip(names, outcomes):
        if out.get("plan") is None:
            continue
        st = out["plan"].states.set_index("state")
        per_state.append(st[["key_share", "personnel_share", "net_cost_share"]].add_prefix(f"{name}:"))
    states = pd.concat(per_state, axis=1).sort_index() if per_state else pd.DataFrame()
    movers = pd.DataFrame()
    first = names[0]
    if len(per_state) > 1 and outcomes[0].get("plan") is not None:
        for name in names[1:]:
            if f"{name}:net_cost_share" not in states:
                continue
            states[f"{name}:net_cost_change"] = states[f"{name}:net_cost_share"] - states[f"{first}:net_cost_share"]
            states[f"{name}:personnel_change"] = (states[f"{name}:personnel_share"]
                                                  - states[f"{first}:personnel_share"])
        change_cols = [c for c in states.columns if c.endswith(":net_cost_change")]
        if change_cols:
            total = states[change_cols].fillna(0).max(axis=1)
            movers = states.loc[total.sort_values(ascending=False).index[:10], change_cols].round(6)
    return Comparison(summary, states.replace([np.inf, -np.inf], np.nan), movers)


def comparison_figure(comparison: Comparison, names: list[str]):
    """Net cost share of the largest members in each scenario, side by side, read against zero with
    headroom; each member's name slanted to end under its group of bars, the legend beside the plot.
    None when no scenario has a plan (nothing to draw)."""
    cols = [f"{n}:net_cost_share" for n in names if f"{n}:net_cost_share" in comparison.states]
    if not cols:
        return None
    top = comparison.states[cols].fillna(0).max(axis=1).sort_values(ascending=False).index[:SHOWN_MEMBERS]
    frame = comparison.states.loc[top, cols].fillna(0) * 100
    fig, ax = figure(COMPARISON_SIZE_IN)
    width = GROUP_WIDTH / len(cols)
    x = np.arange(len(top))
    for i, column in enumerate(cols):
        ax.bar(x + i * width, frame[column], width, label=column.split(":")[0])
    ax.set_xticks(x + (GROUP_WIDTH - width) / 2, top, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_ylabel("net cost share (%)")
    value_axis(ax, float(frame.to_numpy().max()))
    ax.set_title("Who carries the burden: net cost share by scenario")
    legend_beside(ax)
    return fig


def plot_comparison(comparison: Comparison, names: list[str], path: Path) -> Path | None:
    """compare.png, or none when no scenario has a plan: then an earlier run's chart is removed too,
    so that the folder (and the comparison report, which shows compare.png if present) holds no
    chart of other results."""
    fig = comparison_figure(comparison, names)
    if fig is None:
        path.unlink(missing_ok=True)
        return None
    save_png(fig, path)
    return path
