"""Plan-wide figures: totals, the price of fairness, and how far burdens sit from the key."""
from __future__ import annotations

import pandas as pd

from planner.results.indices import gallagher, gini_of_ratios, loosemore_hanby


def plan_metrics(allocation, states, unfair_cost_usd, objective_usd, bound_usd) -> dict:
    """Totals over the plan; fairness measures as the worst period's (one period outside a trajectory)."""
    total_cost = float(allocation["cost_usd"].sum())
    forces = states.dropna(subset=["personnel_key_share"])
    per_period = lambda f: max((f(g) for _, g in states.groupby("period")), default=0.0)  # noqa: E731
    per_period_forces = lambda f: max((f(g) for _, g in forces.groupby("period")), default=0.0)  # noqa: E731
    return {
        "total_cost_usd": total_cost,
        "total_personnel": int(allocation.groupby("period")["personnel"].sum().max()) if len(allocation) else 0,
        "fund_transfers_usd": float(states["fund_payment_usd"].sum()),
        "objective_usd": objective_usd,
        "bound_usd": bound_usd,
        "price_of_fairness_usd": float(total_cost - unfair_cost_usd) if unfair_cost_usd is not None else None,
        "price_of_fairness_pct": float(total_cost / unfair_cost_usd - 1.0) if unfair_cost_usd else None,
        "personnel_max_abs_deviation": _max_abs(states["personnel_deviation"]),
        "net_cost_max_abs_deviation": _max_abs(states["net_cost_deviation"]),
        "personnel_all_within_band": bool(states["within_band"].all()),
        "personnel_gini": per_period_forces(
            lambda g: gini_of_ratios(g["person_months_share"], g["personnel_key_share"])),
        "net_cost_gini": per_period(lambda g: gini_of_ratios(g["net_cost_share"], g["key_share"])),
        "personnel_gallagher": per_period_forces(
            lambda g: gallagher(g["person_months_share"], g["personnel_key_share"])),
        "personnel_loosemore_hanby": per_period_forces(
            lambda g: loosemore_hanby(g["person_months_share"], g["personnel_key_share"])),
        "net_cost_gallagher": per_period(lambda g: gallagher(g["net_cost_share"], g["key_share"])),
        "net_cost_loosemore_hanby": per_period(lambda g: loosemore_hanby(g["net_cost_share"], g["key_share"])),
        "members": int(states["state"].nunique()),
        "contributing_members": int(allocation["state"].nunique()),
    }


def _max_abs(series: pd.Series) -> float:
    values = series.dropna().abs()
    return float(values.max()) if len(values) else 0.0
