"""Which member may fill which requirement of which mission, with its unit bound and cost; and
why every other member may not."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.scenario.fields.common import MONTHS_PER_YEAR
from planner.scenario.schema import Scenario

# A quotient within this of a whole number is that number (3 held / 1.5 rotation is 2 units, not 1).
WHOLE_TOL = 1e-9


def sustainable_units(held, rotation):
    """floor(held / rotation): units of a type a member can keep deployed at once when one deployed
    needs `rotation` held (preparing, deployed, recovering)."""
    return np.floor(np.asarray(held, dtype=float) / np.asarray(rotation, dtype=float) + WHOLE_TOL)


def eligible_triples(sc: Scenario, members: pd.Index, capabilities: pd.DataFrame, holdings: pd.DataFrame,
                     missions: pd.DataFrame, requirements: pd.DataFrame, distance: pd.DataFrame, pools: pd.Series,
                     political: pd.DataFrame, cost_per_person: pd.Series, rate_per_person: float):
    """Every (state, capability, mission) a state may fill, with its unit bound and cost.

    Notes
    -----
    max_units = min(required[m, c], floor(held[s, c] / r[c, m]),
                    caveat cap[s, c], floor(max_national_share * P_m / personnel[c]))
    with r[c, m] the units held per unit deployed: the type's rotation factor when m lasts more
    than one tour (tours[m] = ceil(months[m] / tour_months) > 1), else 1 (deployed once).
    cost_usd_per_unit = (annual_cost_usd[c] + personnel[c] * (cost_per_person_usd[s] - rate)) * months[m] / 12
        + personnel[c] * tours[m] * 2 * distance_km[s, m] * transport_usd_per_person_km
    (each tour flies one contingent out and home). annual_cost_usd is a unit's cost
    with its people at the agreed rate for a year (`rate`: 12 months of it); the state's own cost
    per person replaces that rate (planner/data/costs.py; equal to it under `costing: uniform`),
    both for the months the mission runs. The common fund's reimbursement at the agreed rate is
    settled after the solve (planner/results/fund.py).
    Also returns `exclusions`: per (state, capability, mission) the reason a state may not go
    (mission politics first: planner/inputs/politics.py; then caveats, holdings, the national cap).
    A member that cannot bring a mission's minimum contingent is dropped per period, where the
    contingent's size is known (planner/inputs/contingents.py).
    """
    a = sc.assumptions
    grid = requirements.reset_index()[["mission", "capability", "units_required"]].merge(
        pd.DataFrame({"state": members}), how="cross")
    caps = capabilities.loc[grid["capability"]]
    grid["personnel_per_unit"] = caps["personnel"].to_numpy()
    held = holdings.stack().rename("held")
    grid["held"] = held.reindex(pd.MultiIndex.from_arrays([grid["state"], grid["capability"]])).to_numpy()
    tours = missions["tours"].reindex(grid["mission"]).to_numpy()
    grid["rotation"] = np.where(tours > 1, caps["rotation_factor"].to_numpy(), 1.0)
    grid["sustainable"] = sustainable_units(grid["held"].to_numpy(), grid["rotation"].to_numpy())
    mission_people = missions["personnel_required"].reindex(grid["mission"]).to_numpy()
    grid["multinational_cap"] = np.floor(sc.max_national_share * mission_people / grid["personnel_per_unit"]
                                         + WHOLE_TOL)
    caveat_cap = pd.Series({(s, u): n for s, c in sc.caveats.items() for u, n in c.max_units.items()}, dtype=float)
    pairs_index = pd.MultiIndex.from_arrays([grid["state"], grid["capability"]])
    grid["caveat_cap"] = caveat_cap.reindex(pairs_index).to_numpy() if len(caveat_cap) else np.nan
    grid["pool_cap"] = pools.reindex(pairs_index).to_numpy() if len(pools) else np.nan
    bounds = ["units_required", "sustainable", "multinational_cap", "caveat_cap", "pool_cap"]
    grid["max_units"] = grid[bounds].min(axis=1)
    grid["reason"] = _reasons(sc, grid, missions, caps, political)

    keep = grid[grid["reason"] == ""].copy()
    keep["distance_km"] = distance.stack().reindex(
        pd.MultiIndex.from_arrays([keep["state"], keep["mission"]])).to_numpy()
    own = cost_per_person.reindex(keep["state"]).to_numpy() - rate_per_person
    keep["months"] = missions["duration_months"].reindex(keep["mission"]).to_numpy()
    keep["tours"] = missions["tours"].reindex(keep["mission"]).to_numpy()
    keep["cost_usd_per_unit"] = (
        (capabilities.loc[keep["capability"], "annual_cost_usd"].to_numpy() + keep["personnel_per_unit"] * own)
        * keep["months"] / MONTHS_PER_YEAR
        + keep["personnel_per_unit"] * keep["tours"] * 2 * keep["distance_km"] * a.transport_usd_per_person_km)
    keep["max_units"] = keep["max_units"].astype(int)
    eligible = keep[["state", "capability", "mission", "max_units", "personnel_per_unit", "months", "rotation",
                     "cost_usd_per_unit", "distance_km"]].sort_values(["state", "capability", "mission"])
    exclusions = grid[grid["reason"] != ""][["state", "capability", "mission", "reason"]]
    exclusions = exclusions.sort_values(["mission", "capability", "state"]).reset_index(drop=True)
    return eligible.reset_index(drop=True), exclusions


def _reasons(sc: Scenario, grid: pd.DataFrame, missions: pd.DataFrame, caps: pd.DataFrame,
             political: pd.DataFrame) -> pd.Series:
    """The first reason, in this order, that a state may not fill a row of the grid ("" when it may)."""
    kind = missions["kind"].reindex(grid["mission"]).to_numpy()
    politics = political.set_index(["state", "mission"])["reason"]
    reason = pd.Series(politics.reindex(pd.MultiIndex.from_arrays([grid["state"], grid["mission"]])).fillna("")
                       .to_numpy(), index=grid.index)
    by_kind = {(s, k) for s, c in sc.caveats.items() for k in c.kinds}
    no_combat = {s for s, c in sc.caveats.items() if c.no_combat}
    reason[(reason == "") & np.array([(s, k) in by_kind for s, k in zip(grid["state"], kind)])] = "caveat: mission kind"
    combat = caps["combat"].to_numpy()
    reason[(reason == "") & combat & grid["state"].isin(no_combat).to_numpy()] = "caveat: no combat units"
    reason[(reason == "") & (grid["caveat_cap"] == 0).to_numpy()] = "caveat: unit cap 0"
    reason[(reason == "") & (grid["pool_cap"] == 0).to_numpy()] = "pool share 0"
    reason[(reason == "") & (grid["held"] == 0).to_numpy()] = "holds none"
    reason[(reason == "") & (grid["sustainable"] == 0).to_numpy()] = "holds too few to rotate"
    reason[(reason == "") & (grid["multinational_cap"] == 0).to_numpy()] = "unit exceeds national share"
    return reason

