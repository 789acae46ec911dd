"""The standby roster as tables: roster.csv (who holds what in which package, framework nation
marked), each member's roster burden against its band, and the contingency cover: which sets of
contingencies the standby can staff, and the expected unmet person-months."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from planner.inputs.standby import StandbyInputs, band_widening

# The cover report enumerates sets of at most this many contingencies at once; the probability of
# more at once is reported as what the expectation leaves out.
MOST_AT_ONCE = 4
WHOLE_TOL = 1e-6
HALF_YEARS_PER_YEAR = 2


def roster_table(y: pd.Series, framework: pd.Series, people: pd.Series) -> pd.DataFrame:
    """semester, tier, package, state, capability, units, personnel, role (framework, contributor, or
    reserve: tier "reserve", package 0, units on standby outside the packages)."""
    units = y[y > 0.5].round()
    table = units.rename("units").reset_index()
    table["units"] = table["units"].astype(int)
    table["personnel"] = (table["units"] * people.reindex(table["capability"]).to_numpy()).astype(int)
    leads = set(framework[framework > 0.5].index)
    table["role"] = ["framework" if (t, q, p, s) in leads else "reserve" if p == 0 else "contributor"
                     for t, q, p, s in zip(table["semester"], table["tier"], table["package"], table["state"])]
    return table[["semester", "tier", "package", "state", "capability", "units", "personnel", "role"]]


def roster_burden(sb: StandbyInputs, roster: pd.DataFrame, people: pd.Series, most: pd.Series) -> pd.DataFrame:
    """state, personnel_semesters, key_share, target, band_lo, band_hi, in_band ("yes", or "money"
    where it is below its floor: carried in money). The band is widened by the member's smallest
    unit the roster can use, or by sb.widening where larger (a trajectory's earlier years)."""
    mine = roster.groupby("state")["personnel"].sum().reindex(sb.key.index, fill_value=0).astype(float)
    total = float(mine.sum())
    smallest = band_widening(sb, people, most)
    target = sb.key * total
    lo = np.maximum((1 - sb.tolerance) * target - smallest, 0.0)
    hi = (1 + sb.tolerance) * target + smallest
    return pd.DataFrame({"state": sb.key.index, "personnel_semesters": mine.to_numpy(),
                         "key_share": sb.key.round(8).to_numpy(), "target": target.round(1).to_numpy(),
                         "band_lo": lo.round(1).to_numpy(), "band_hi": hi.round(1).to_numpy(),
                         "in_band": np.where(mine.to_numpy() < lo.to_numpy() - WHOLE_TOL, "money", "yes")})


def cover_table(sb: StandbyInputs, roster: pd.DataFrame, people: pd.Series) -> tuple[pd.DataFrame, dict]:
    """(one row per set of contingencies at once, up to MOST_AT_ONCE: contingencies, size,
    probability (a year, the likelihoods independent), covered (in every semester), worst_semester,
    unmet_units, unmet_person_months; the totals: expected unmet person-months a year and the
    probability left out). Unmet units of a type for a set S are max over T within S of
    d(T) - supply(N(T)) (the deficiency form of Hall's theorem), person-months at the longest
    duration among S's contingencies that need the type."""
    ids = list(sb.contingencies.index)
    if not ids:
        return pd.DataFrame(columns=["contingencies", "size", "probability", "covered", "worst_semester",
                                     "unmet_units", "unmet_person_months"]), {}
    p = sb.contingencies["likelihood"].astype(float)
    caps = sorted(set(sb.demand.index.get_level_values("capability")))
    states = sorted(set(roster["state"]) | set(sb.may_serve["state"]))
    sems = sb.semesters
    supply = roster.groupby(["semester", "state", "capability"])["units"].sum()
    grid = supply.reindex(pd.MultiIndex.from_product([sems, states, caps]), fill_value=0).to_numpy(dtype=float)
    grid = grid.reshape(len(sems), len(states), len(caps))
    serve = sb.may_serve.groupby("contingency")["state"].apply(set).to_dict()
    position = {s: i for i, s in enumerate(states)}
    demand = sb.demand.unstack("capability").reindex(index=ids, columns=caps).fillna(0.0)
    deficit: dict[tuple, np.ndarray] = {}
    most = min(MOST_AT_ONCE, len(ids))
    for size in range(1, most + 1):
        for combo in itertools.combinations(ids, size):
            mask = np.zeros(len(states), dtype=bool)
            mask[[position[s] for s in set().union(*(serve.get(j, set()) for j in combo)) if s in position]] = True
            have = grid[:, mask, :].sum(axis=1)
            deficit[combo] = demand.loc[list(combo)].to_numpy().sum(axis=0)[None, :] - have
    rows = []
    for combo in deficit:
        worst = np.zeros((len(sems), len(caps)))
        for size in range(1, len(combo) + 1):
            for part in itertools.combinations(combo, size):
                worst = np.maximum(worst, deficit[part])
        duration = (demand.loc[list(combo)].to_numpy() > 0) * sb.contingencies.loc[list(combo), "duration_months"] \
            .to_numpy(dtype=float)[:, None]
        duration = duration.max(axis=0)
        pm = (worst * people.reindex(caps).to_numpy(dtype=float) * duration).sum(axis=1)
        t = int(np.argmax(pm))
        chance = float(np.prod([p[j] if j in combo else 1 - p[j] for j in ids]))
        rows.append({"contingencies": "+".join(combo), "size": len(combo), "probability": round(chance, 10),
                     "covered": "yes" if (worst <= WHOLE_TOL).all() else "no", "worst_semester": sems[t],
                     "unmet_units": int(round(worst[t].sum())), "unmet_person_months": round(float(pm[t]), 1),
                     "expected_pm": chance * float(pm.mean())})
    table = pd.DataFrame(rows)
    left_out = max(0.0, 1.0 - float(np.prod(1 - p)) - float(table["probability"].sum()))
    totals = {"expected_unmet_person_months_a_year": round(float(table.pop("expected_pm").sum()), 1),
              "probability_not_enumerated": round(left_out, 10), "sets_at_once_enumerated": most,
              "uncovered_sets_within_k": int(((table["size"] <= sb.cover_k) & (table["covered"] == "no")).sum())}
    return table, totals
