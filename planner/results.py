"""Tidy result tables from a solved model: allocation, per state, per mission, and metrics."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.indices import gallagher, gini_of_ratios, loosemore_hanby
from planner.model import BuiltModel
from planner.model.data import USD_PER_MODEL_UNIT
from planner.model.fairness import personnel_band, personnel_reference
from planner.model.fund import settle_fund
from planner.solve import SolveResult

# A member is "at" a limit when it could not move one unit of its smallest type without crossing it.
BINDING_TOL = 1e-6


@dataclass(frozen=True)
class Plan:
    allocation: pd.DataFrame   # state, mission, capability, units, personnel, cost_usd
    states: pd.DataFrame       # one row per member
    missions: pd.DataFrame     # mission, capability, required, filled
    metrics: dict


def money_tolerance(fairness) -> float | None:
    """Band the common fund settles net costs into, by fairness mode (None: no fund transfers).

    band: the band itself; minimax and leximin: exact key shares (money can be
    divided exactly); gini: a band of half-width gini_max, which keeps the
    Gini of net-cost ratios at most gini_max (|rho_i - rho_j| <= 2 gini_max).
    """
    if fairness.mode == "off" or "net_cost" not in fairness.apply_to:
        return None
    return {"band": fairness.tolerance, "minimax": 0.0, "leximin": 0.0, "gini": fairness.gini_max}[fairness.mode]


def plan_tables(built: BuiltModel, result: SolveResult, unfair_cost_usd: float | None = None) -> Plan:
    """Turn a checked solution into the result tables (a `year` column when there are several periods)."""
    d = built.data
    inputs = d.inputs
    units = built.model.value("units", result.x).round().astype(int)
    t = d.triples.assign(units=units.to_numpy())
    t = t[t["units"] > 0]
    allocation = pd.DataFrame({
        "period": t["period"], "state": t["state"], "mission": t["mission"], "capability": t["capability"],
        "units": t["units"], "personnel": t["units"] * t["personnel_per_unit"],
        "cost_usd": t["units"] * t["cost_usd_per_unit"],
    }).sort_values(["period", "state", "mission", "capability"]).reset_index(drop=True)
    ref = personnel_reference(d) if not d.triples.empty else pd.DataFrame(
        columns=["reference_share", "allowance", "capacity_limited"], dtype=float,
        index=pd.MultiIndex.from_arrays([[], []], names=["period", "state"]))
    fair = inputs.scenario.fairness
    band = personnel_band(d) if fair.mode == "band" and "personnel" in fair.apply_to and not d.triples.empty else None
    if band is not None:
        band["shortfall"] = built.model.value("band_shortfall", result.x).reindex(band.index).to_numpy()
        band["capacity_limited"] = band["shortfall"] > BINDING_TOL
    dev = built.model.value("personnel_deviation", result.x) if "personnel_deviation" in built.model.variables else None
    states = pd.concat([_states_in(d, period, allocation[allocation["period"] == period], ref, band, dev)
                        for period in d.periods], ignore_index=True)

    filled = allocation.groupby(["period", "mission", "capability"])["units"].sum()
    missions = d.requirements.reset_index().rename(columns={"units_required": "required"})
    missions["filled"] = filled.reindex(pd.MultiIndex.from_frame(missions[["period", "mission", "capability"]]),
                                        fill_value=0).to_numpy()
    missions = missions[["period", "mission", "capability", "required", "filled", "personnel_required"]]
    metrics = _metrics(allocation, states, unfair_cost_usd, objective_usd=(
        float(result.objective * USD_PER_MODEL_UNIT) if built.objectives[-1].name == "cost" else None),
        bound_usd=float(result.bound * USD_PER_MODEL_UNIT) if result.bound is not None else None)
    if not d.multi_period:
        allocation, states, missions = (f.drop(columns="period") for f in (allocation, states, missions))
    else:
        allocation, states, missions = (f.rename(columns={"period": "year"}) for f in (allocation, states, missions))
    return Plan(allocation, states, missions, metrics)


def _states_in(d, period, allocation: pd.DataFrame, ref: pd.DataFrame, band, dev) -> pd.DataFrame:
    """One row per member for one period."""
    inputs = d.inputs
    fair = inputs.scenario.fairness
    members, key = inputs.members, inputs.key
    personnel = allocation.groupby("state")["personnel"].sum().reindex(members, fill_value=0)
    cost = allocation.groupby("state")["cost_usd"].sum().reindex(members, fill_value=0.0)
    tol = money_tolerance(fair)
    fund = (settle_fund(cost, key, tol) if tol is not None
            else pd.DataFrame({"fund_payment_usd": 0.0, "reimbursement_usd": 0.0, "net_cost_usd": cost}))
    mine = ref.xs(period, level="period") if period in ref.index.get_level_values("period") else ref.droplevel(0)
    mine_band = band.xs(period, level="period").reindex(members) if band is not None and \
        period in band.index.get_level_values("period") else None
    total_people, total_cost = personnel.sum(), cost.sum()
    states = pd.DataFrame({
        "period": period,
        "state": members,
        "name": inputs.states.loc[members, "name"].to_numpy(),
        "key_share": key.to_numpy(),
        "personnel": personnel.to_numpy(),
        "personnel_share": (personnel / total_people).to_numpy() if total_people else 0.0,
        "personnel_key_share": mine["reference_share"].reindex(members).to_numpy(),
        "personnel_band_lo": mine_band["lo"].to_numpy() if mine_band is not None else np.nan,
        "personnel_band_hi": mine_band["hi"].to_numpy() if mine_band is not None else np.nan,
        "cost_usd": cost.to_numpy(),
        "fund_payment_usd": fund["fund_payment_usd"].to_numpy(),
        "reimbursement_usd": fund["reimbursement_usd"].to_numpy(),
        "net_cost_usd": fund["net_cost_usd"].to_numpy(),
    })
    states["personnel_deviation"] = states["personnel_share"] / states["personnel_key_share"] - 1.0
    states["net_cost_share"] = states["net_cost_usd"] / total_cost if total_cost else 0.0
    states["net_cost_deviation"] = states["net_cost_share"] / states["key_share"] - 1.0
    limited = (mine_band if mine_band is not None else mine.reindex(members))["capacity_limited"]
    states["burden"] = np.select([states["personnel_key_share"].isna(),
                                  limited.astype("boolean").fillna(False).astype(bool).to_numpy()],
                                 ["money only", "capacity-limited"], "forces and money")
    # Within the band, or below its floor only where no plan could deliver less shortfall.
    states["within_band"] = (((states["personnel"] >= states["personnel_band_lo"] - BINDING_TOL)
                              | (states["burden"] == "capacity-limited"))
                             & (states["personnel"] <= states["personnel_band_hi"] + BINDING_TOL)) \
        | states["personnel_band_lo"].isna()
    period_dev = dev.xs(period, level="period") if dev is not None and \
        period in dev.index.get_level_values("period") else None
    states["binding"] = _binding(states, mine, mine_band, period_dev, tol, total_cost)
    states["data_notes"] = inputs.states.loc[members, "filled"].to_numpy()
    return states


def combine_periods(plans: list[Plan], unfair_cost_usd: float | None) -> Plan:
    """One plan from the plans of single years (each with a `year` column)."""
    allocation = pd.concat([p.allocation for p in plans], ignore_index=True)
    states = pd.concat([p.states for p in plans], ignore_index=True)
    missions = pd.concat([p.missions for p in plans], ignore_index=True)
    metrics = _metrics(allocation.rename(columns={"year": "period"}), states.rename(columns={"year": "period"}),
                       unfair_cost_usd, objective_usd=None, bound_usd=None)
    return Plan(allocation, states, missions, metrics)


def _metrics(allocation, states, unfair_cost_usd, objective_usd, bound_usd) -> dict:
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
        "personnel_gini": per_period_forces(lambda g: gini_of_ratios(g["personnel_share"], g["personnel_key_share"])),
        "net_cost_gini": per_period(lambda g: gini_of_ratios(g["net_cost_share"], g["key_share"])),
        "personnel_gallagher": per_period_forces(lambda g: gallagher(g["personnel_share"], g["personnel_key_share"])),
        "personnel_loosemore_hanby": per_period_forces(
            lambda g: loosemore_hanby(g["personnel_share"], g["personnel_key_share"])),
        "net_cost_gallagher": per_period(lambda g: gallagher(g["net_cost_share"], g["key_share"])),
        "net_cost_loosemore_hanby": per_period(lambda g: loosemore_hanby(g["net_cost_share"], g["key_share"])),
        "members": int(states["state"].nunique()),
        "contributing_members": int(allocation["state"].nunique()),
    }


def _binding(states, ref, band, dev, money_tol, total_cost) -> list[str]:
    """Which fairness limits each member sits at in one period ("" when none)."""
    notes = {s: [] for s in states["state"]}
    people = states.set_index("state")["personnel"]
    if band is not None:
        allowance = ref["allowance"].reindex(band.index)
        for state, row in band.iterrows():
            if pd.isna(row["hi"]):
                continue
            if people[state] + allowance[state] > row["hi"] + BINDING_TOL:
                notes[state].append("personnel upper")
            if row.get("shortfall", 0) > BINDING_TOL:
                notes[state].append(f"personnel short of band floor by {row['shortfall']:.0f}")
            elif people[state] - allowance[state] < row["lo"] - BINDING_TOL and row["lo"] > 0:
                notes[state].append("personnel lower")
    if dev is not None and len(dev):
        worst = dev.max()
        if worst > BINDING_TOL:
            for state in dev.index[dev >= worst - 1e-6]:
                notes[state].append("personnel worst deviation")
    if money_tol is not None and total_cost > 0:
        net = states.set_index("state")["net_cost_usd"]
        key = states.set_index("state")["key_share"]
        for state in net.index:
            if net[state] >= (1 + money_tol) * key[state] * total_cost * (1 - 1e-9) - 0.01:
                notes[state].append("net cost upper")
            elif net[state] <= (1 - money_tol) * key[state] * total_cost * (1 + 1e-9) + 0.01:
                notes[state].append("net cost lower")
    return ["; ".join(notes[s]) for s in states["state"]]


def _max_abs(series: pd.Series) -> float:
    values = series.dropna().abs()
    return float(values.max()) if len(values) else 0.0
