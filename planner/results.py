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
    """Turn a checked solution into the result tables."""
    d = built.data
    inputs = d.inputs
    fair = inputs.scenario.fairness
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
    tol = money_tolerance(fair)
    fund = (settle_fund(cost, key, tol) if tol is not None
            else pd.DataFrame({"fund_payment_usd": 0.0, "reimbursement_usd": 0.0, "net_cost_usd": cost}))
    personnel_on = fair.mode != "off" and "personnel" in fair.apply_to
    ref = personnel_reference(d) if not d.triples.empty else pd.DataFrame(
        columns=["reference_share", "allowance", "capacity_limited"], dtype=float)
    band = personnel_band(d).reindex(members) if fair.mode == "band" and personnel_on else None
    total_people = personnel.sum()
    total_cost = cost.sum()
    states = pd.DataFrame({
        "state": members,
        "name": inputs.states.loc[members, "name"].to_numpy(),
        "key_share": key.to_numpy(),
        "personnel": personnel.to_numpy(),
        "personnel_share": (personnel / total_people).to_numpy() if total_people else 0.0,
        "personnel_key_share": ref["reference_share"].reindex(members).to_numpy(),
        "personnel_band_lo": band["lo"].to_numpy() if band is not None else np.nan,
        "personnel_band_hi": band["hi"].to_numpy() if band is not None else np.nan,
        "cost_usd": cost.to_numpy(),
        "fund_payment_usd": fund["fund_payment_usd"].to_numpy(),
        "reimbursement_usd": fund["reimbursement_usd"].to_numpy(),
        "net_cost_usd": fund["net_cost_usd"].to_numpy(),
    })
    states["personnel_deviation"] = states["personnel_share"] / states["personnel_key_share"] - 1.0
    states["net_cost_share"] = states["net_cost_usd"] / total_cost if total_cost else 0.0
    states["net_cost_deviation"] = states["net_cost_share"] / states["key_share"] - 1.0
    limited = ref["capacity_limited"].reindex(members).fillna(False).astype(bool).to_numpy()
    if band is not None:
        limited = band["capacity_limited"].fillna(False).astype(bool).to_numpy()
    states["burden"] = np.select([states["personnel_key_share"].isna(), limited],
                                 ["money only", "capacity-limited"], "forces and money")
    states["within_band"] = ((states["personnel"] >= states["personnel_band_lo"] - BINDING_TOL)
                             & (states["personnel"] <= states["personnel_band_hi"] + BINDING_TOL)) \
        | states["personnel_band_lo"].isna()
    states["binding"] = _binding(built, result, states, ref, band, tol, total_cost)
    states["data_notes"] = inputs.states.loc[members, "filled"].to_numpy()

    filled = allocation.groupby(["mission", "capability"])["units"].sum()
    missions = inputs.requirements.reset_index().rename(columns={"units_required": "required"})
    missions["filled"] = filled.reindex(pd.MultiIndex.from_frame(missions[["mission", "capability"]]),
                                        fill_value=0).to_numpy()
    missions = missions[["mission", "capability", "required", "filled", "personnel_required"]]

    forces = states.dropna(subset=["personnel_key_share"])
    metrics = {
        "total_cost_usd": float(total_cost),
        "total_personnel": int(total_people),
        "fund_transfers_usd": float(states["fund_payment_usd"].sum()),
        "objective_usd": float(result.objective * USD_PER_MODEL_UNIT) if built.objectives[-1].name == "cost"
        else None,
        "bound_usd": float(result.bound * USD_PER_MODEL_UNIT) if result.bound is not None else None,
        "price_of_fairness_usd": float(total_cost - unfair_cost_usd) if unfair_cost_usd is not None else None,
        "price_of_fairness_pct": float(total_cost / unfair_cost_usd - 1.0) if unfair_cost_usd else None,
        "personnel_max_abs_deviation": _max_abs(states["personnel_deviation"]),
        "net_cost_max_abs_deviation": _max_abs(states["net_cost_deviation"]),
        "personnel_all_within_band": bool(states["within_band"].all()),
        "personnel_gini": gini_of_ratios(forces["personnel_share"], forces["personnel_key_share"]),
        "net_cost_gini": gini_of_ratios(states["net_cost_share"], states["key_share"]),
        "personnel_gallagher": gallagher(forces["personnel_share"], forces["personnel_key_share"]),
        "personnel_loosemore_hanby": loosemore_hanby(forces["personnel_share"], forces["personnel_key_share"]),
        "net_cost_gallagher": gallagher(states["net_cost_share"], states["key_share"]),
        "net_cost_loosemore_hanby": loosemore_hanby(states["net_cost_share"], states["key_share"]),
        "members": int(len(members)),
        "contributing_members": int((personnel > 0).sum()),
    }
    return Plan(allocation, states, missions, metrics)


def _binding(built, result, states, ref, band, money_tol, total_cost) -> list[str]:
    """Which fairness limits each member sits at ("" when none)."""
    notes = {s: [] for s in states["state"]}
    people = states.set_index("state")["personnel"]
    if band is not None:
        allowance = ref["allowance"].reindex(band.index)
        for state, row in band.iterrows():
            if pd.isna(row["hi"]):
                continue
            if people[state] + allowance[state] > row["hi"] + BINDING_TOL:
                notes[state].append("personnel upper")
            if people[state] - allowance[state] < row["lo"] - BINDING_TOL and row["lo"] > 0:
                notes[state].append("personnel lower")
    if "personnel_deviation" in built.model.variables:
        dev = built.model.value("personnel_deviation", result.x)
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
