"""The per-member table of a period: shares against the key, the band, the fund settlement, which
limits bind, and how each member carries its burden."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import Inputs
from planner.results.fund import agreed_rate, money_tolerance, settle_fund

# A member is "at" a limit when it could not move one unit of its smallest type without crossing it.
BINDING_TOL = 1e-6


def states_table(inputs: Inputs, period, allocation: pd.DataFrame, ref: pd.DataFrame, band, dev) -> pd.DataFrame:
    """One row per member for one period. `ref`: the personnel reference of every period (ModelData.reference);
    `band`: the same with each member's band shortfall, when the band mode applies; `dev`: deviations
    (minimax, leximin)."""
    fair = inputs.scenario.fairness
    members, key = inputs.members, inputs.key
    personnel = allocation.groupby("state")["personnel"].sum().reindex(members, fill_value=0)
    months = allocation.groupby("state")["person_months"].sum().reindex(members, fill_value=0)
    cost = allocation.groupby("state")["cost_usd"].sum().reindex(members, fill_value=0.0)
    tol = money_tolerance(fair)
    rate = agreed_rate(months, key, inputs.scenario.fund.reimbursement_usd_per_person_month)
    before = cost - rate["reimbursement_usd"] + rate["fund_payment_usd"]
    fund = (settle_fund(before, key, tol) if tol is not None
            else pd.DataFrame({"fund_payment_usd": 0.0, "reimbursement_usd": 0.0, "net_cost_usd": before}))
    fund["fund_payment_usd"] += rate["fund_payment_usd"]
    fund["reimbursement_usd"] += rate["reimbursement_usd"]
    mine = ref.xs(period, level="period") if period in ref.index.get_level_values("period") else ref.droplevel(0)
    mine_band = band.xs(period, level="period").reindex(members) if band is not None and \
        period in band.index.get_level_values("period") else None
    total_people, total_months, total_cost = personnel.sum(), months.sum(), cost.sum()
    states = pd.DataFrame({
        "period": period,
        "state": members,
        "name": inputs.states.loc[members, "name"].to_numpy(),
        "key_share": key.to_numpy(),
        "personnel": personnel.to_numpy(),
        "personnel_share": (personnel / total_people).to_numpy() if total_people else 0.0,
        "person_months": months.to_numpy(),
        "person_months_share": (months / total_months).to_numpy() if total_months else 0.0,
        "personnel_key_share": mine["reference_share"].reindex(members).to_numpy(),
        "person_months_band_lo": mine_band["lo"].to_numpy() if mine_band is not None else np.nan,
        "person_months_band_hi": mine_band["hi"].to_numpy() if mine_band is not None else np.nan,
        "cost_usd": cost.to_numpy(),
        "fund_payment_usd": fund["fund_payment_usd"].to_numpy(),
        "reimbursement_usd": fund["reimbursement_usd"].to_numpy(),
        "net_cost_usd": fund["net_cost_usd"].to_numpy(),
    })
    # The troops' burden is measured in person-months (a 3-month surge weighs a quarter of a year).
    states["personnel_deviation"] = states["person_months_share"] / states["personnel_key_share"] - 1.0
    states["net_cost_share"] = states["net_cost_usd"] / total_cost if total_cost else 0.0
    states["net_cost_deviation"] = states["net_cost_share"] / states["key_share"] - 1.0
    limited = (mine_band if mine_band is not None else mine.reindex(members))["capacity_limited"]
    states["burden"] = np.select([states["personnel_key_share"].isna(),
                                  limited.astype("boolean").fillna(False).astype(bool).to_numpy()],
                                 ["money only", "capacity-limited"], "forces and money")
    # Within the band, or below its floor only where no plan could deliver less shortfall.
    states["within_band"] = (((states["person_months"] >= states["person_months_band_lo"] - BINDING_TOL)
                              | (states["burden"] == "capacity-limited"))
                             & (states["person_months"] <= states["person_months_band_hi"] + BINDING_TOL)) \
        | states["person_months_band_lo"].isna()
    period_dev = dev.xs(period, level="period") if dev is not None and \
        period in dev.index.get_level_values("period") else None
    states["binding"] = _binding(states, mine, mine_band, period_dev, tol, total_cost)
    states["data_notes"] = inputs.states.loc[members, "filled"].to_numpy()
    return states


def _binding(states, ref, band, dev, money_tol, total_cost) -> list[str]:
    """Which fairness limits each member sits at in one period ("" when none)."""
    notes = {s: [] for s in states["state"]}
    people = states.set_index("state")["person_months"]
    if band is not None:
        allowance = ref["smallest_unit"].reindex(band.index)
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
