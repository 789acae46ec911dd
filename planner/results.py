"""Tidy result tables from a solved model: allocation, per state, per mission, summary."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.model import BuiltModel
from planner.model.data import USD_PER_MODEL_UNIT
from planner.model.fairness import personnel_band
from planner.model.fund import settle_fund
from planner.solve import SolveResult


@dataclass(frozen=True)
class Plan:
    allocation: pd.DataFrame   # state, mission, capability, units, personnel, cost_usd
    states: pd.DataFrame       # one row per member
    missions: pd.DataFrame     # mission, capability, required, filled
    metrics: dict


def plan_tables(built: BuiltModel, result: SolveResult) -> Plan:
    """Turn a checked solution into the result tables."""
    d = built.data
    inputs = d.inputs
    units = built.model.value("units", result.x).round().astype(int)
    t = d.triples.assign(units=units.to_numpy())
    t = t[t["units"] > 0]
    allocation = pd.DataFrame({
        "state": t["state"], "mission": t["mission"], "capability": t["capability"], "units": t["units"],
        "personnel": t["units"] * t["personnel_per_unit"],
        "cost_usd": t["units"] * t["cost_usd_per_unit"],
    }).sort_values(["state", "mission", "capability"]).reset_index(drop=True)

    members = inputs.members
    key = inputs.key
    personnel = allocation.groupby("state")["personnel"].sum().reindex(members, fill_value=0)
    cost = allocation.groupby("state")["cost_usd"].sum().reindex(members, fill_value=0.0)
    fair = inputs.scenario.fairness
    band_on = fair.mode == "band"
    money_tol = fair.tolerance if band_on and "net_cost" in fair.apply_to else None
    fund = (settle_fund(cost, key, money_tol) if money_tol is not None
            else pd.DataFrame({"fund_payment_usd": 0.0, "reimbursement_usd": 0.0, "net_cost_usd": cost}))
    band = personnel_band(d)
    total_people = personnel.sum()
    total_cost = cost.sum()
    ref = band["reference_share"].reindex(members)
    states = pd.DataFrame({
        "state": members,
        "name": inputs.states.loc[members, "name"].to_numpy(),
        "key_share": key.to_numpy(),
        "personnel": personnel.to_numpy(),
        "personnel_share": (personnel / total_people).to_numpy() if total_people else 0.0,
        "personnel_key_share": ref.to_numpy(),
        "personnel_band_lo": band["lo"].reindex(members).to_numpy() if band_on and "personnel" in fair.apply_to else np.nan,
        "personnel_band_hi": band["hi"].reindex(members).to_numpy() if band_on and "personnel" in fair.apply_to else np.nan,
        "cost_usd": cost.to_numpy(),
        "fund_payment_usd": fund["fund_payment_usd"].to_numpy(),
        "reimbursement_usd": fund["reimbursement_usd"].to_numpy(),
        "net_cost_usd": fund["net_cost_usd"].to_numpy(),
    })
    states["personnel_deviation"] = states["personnel_share"] / states["personnel_key_share"] - 1.0
    states["net_cost_share"] = states["net_cost_usd"] / total_cost if total_cost else 0.0
    states["net_cost_deviation"] = states["net_cost_share"] / states["key_share"] - 1.0
    states["burden"] = np.select(
        [states["personnel_key_share"].isna(), band["capacity_limited"].reindex(members, fill_value=False).to_numpy()],
        ["money only", "capacity-limited"], "forces and money")
    states["within_band"] = ((states["personnel"] >= states["personnel_band_lo"] - 1e-6)
                             & (states["personnel"] <= states["personnel_band_hi"] + 1e-6)) \
        | states["personnel_band_lo"].isna()
    states["data_notes"] = inputs.states.loc[members, "filled"].to_numpy()

    filled = allocation.groupby(["mission", "capability"])["units"].sum()
    missions = inputs.requirements.reset_index().rename(columns={"units_required": "required"})
    missions["filled"] = filled.reindex(pd.MultiIndex.from_frame(missions[["mission", "capability"]]),
                                        fill_value=0).to_numpy()
    missions = missions[["mission", "capability", "required", "filled", "personnel_required"]]

    metrics = {
        "total_cost_usd": float(total_cost),
        "total_personnel": int(total_people),
        "fund_transfers_usd": float(states["fund_payment_usd"].sum()),
        "objective_usd": float(result.objective * USD_PER_MODEL_UNIT),
        "bound_usd": float(result.bound * USD_PER_MODEL_UNIT) if result.bound is not None else None,
        "personnel_max_abs_deviation": _max_abs(states["personnel_deviation"]),
        "net_cost_max_abs_deviation": _max_abs(states["net_cost_deviation"]),
        "personnel_gini": gini_of_ratios(states["personnel_share"], states["personnel_key_share"]),
        "net_cost_gini": gini_of_ratios(states["net_cost_share"], states["key_share"]),
        "personnel_all_within_band": bool(states["within_band"].all()),
        "members": int(len(members)),
        "contributing_members": int((personnel > 0).sum()),
    }
    return Plan(allocation, states, missions, metrics)


def _max_abs(series: pd.Series) -> float:
    values = series.dropna().abs()
    return float(values.max()) if len(values) else 0.0


def gini_of_ratios(share: pd.Series, key: pd.Series) -> float:
    """Key-weighted Gini of burden ratios rho[s] = share[s] / key[s].

    Notes
    -----
    G = 1/2 * sum_i sum_j k_i k_j |rho_i - rho_j| over members with a key share
    (weights k sum to 1, so the weighted mean of rho is 1). 0: everyone carries
    exactly its key share; larger: burden concentrated off the key.
    """
    ok = key.notna() & (key > 0)
    k = (key[ok] / key[ok].sum()).to_numpy()
    rho = (share[ok].to_numpy() / key[ok].to_numpy())
    rho = rho / (k @ rho) if k @ rho > 0 else rho
    return float(0.5 * np.sum(np.outer(k, k) * np.abs(rho[:, None] - rho[None, :])))
