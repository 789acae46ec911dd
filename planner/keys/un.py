"""The UN's capacity-to-pay scales: the regular budget and the peacekeeping levels.

Regular budget (GA res. 73/271 and successors), as far as one year of data allows:

1. base: GNI of each member (one year; the UN averages 3- and 6-year base
   periods and first applies a debt-burden adjustment: neither is done here);
2. low per-capita-income adjustment: with A = sum GNI / sum population over the
   members, a member with per-capita GNI y < A has its GNI reduced by
   gradient * (1 - y / A) * GNI (gradient 80 %); the total reduction is added to
   the members at or above A, pro rata to their GNI;
3. shares = adjusted GNI / total GNI, then limits: floor 0.001 %, ceiling 22 %,
   least-developed-country ceiling 0.01 %, each difference spread pro rata over
   the members within their limits.

Peacekeeping (GA res. 55/235): each member's regular rate is discounted by its
level (data/un_peacekeeping_levels.csv): B none; C 7.5 % (designated states);
D-I by per-capita GNI relative to A (below 2.0, 1.8, 1.6, 1.4, 1.2, 1.0 times:
20, 40, 60, 70, 80, 80 %); J 90 % (least developed countries). The five
permanent members of the Security Council (level A) pay their regular rate
plus all discounts, pro rata to their regular rates (the "premium"). In a set
of members with no permanent member the discounts are spread pro rata over all.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.keys.limits import apply_limits

GRADIENT = 0.8
FLOOR = 0.00001
CEILING = 0.22
LDC_CEILING = 0.0001


def per_capita_average(states: pd.DataFrame, members: pd.Index) -> float:
    """A: total GNI over total population of the members that report population."""
    s = states.loc[members]
    counted = s["population"] > 0
    return float(s.loc[counted, "gni_usd"].sum() / s.loc[counted, "population"].sum())


def un_regular(states: pd.DataFrame, members: pd.Index, ldc: set[str], *, gradient: float = GRADIENT,
               floor: float = FLOOR, ceiling: float = CEILING, ldc_ceiling: float = LDC_CEILING) -> pd.Series:
    """Regular-budget scale over `members` (shares sum to 1)."""
    s = states.loc[members]
    gni = s["gni_usd"].astype(float)
    average = per_capita_average(states, members)
    per_capita = (gni / s["population"].where(s["population"] > 0)).fillna(average)
    below = per_capita < average * (1.0 - 1e-12)   # float noise is not poverty
    reduction = (gradient * (1.0 - per_capita / average) * gni).where(below, 0.0)
    above_gni = gni.where(~below, 0.0)
    adjusted = gni - reduction
    if above_gni.sum() > 0:
        adjusted = adjusted + reduction.sum() * above_gni / above_gni.sum()
    shares = adjusted / adjusted.sum()
    upper = pd.Series(np.where(members.isin(sorted(ldc)), ldc_ceiling, ceiling), index=members)
    return apply_limits(shares, lower=floor, upper=upper)


def peacekeeping_levels(states: pd.DataFrame, members: pd.Index, designations: pd.DataFrame,
                        levels: pd.DataFrame) -> pd.Series:
    """Level letter (A-J) of each member."""
    s = states.loc[members]
    average = per_capita_average(states, members)
    ratio = (s["gni_usd"] / s["population"].where(s["population"] > 0)).fillna(average) / average
    by_income = levels.dropna(subset=["income_ratio_below"]).sort_values("income_ratio_below")
    out = pd.Series("B", index=members)
    for level, row in by_income.iloc[::-1].iterrows():   # widest band first, narrower ones overwrite
        out[ratio < row["income_ratio_below"]] = level
    designated = designations.set_index("iso3")["designation"]
    for code in members:
        kind = designated.get(code)
        if kind == "level_c" and out[code] == "B":
            out[code] = "C"
        elif kind == "ldc":
            out[code] = "J"
        elif kind == "p5":
            out[code] = "A"
    return out


def un_peacekeeping(states: pd.DataFrame, members: pd.Index, designations: pd.DataFrame,
                    levels: pd.DataFrame, floor: float = FLOOR) -> pd.Series:
    """Peacekeeping scale over `members` (shares sum to 1)."""
    ldc = set(designations.loc[designations["designation"] == "ldc", "iso3"])
    regular = un_regular(states, members, ldc, floor=floor)
    level = peacekeeping_levels(states, members, designations, levels)
    discount = level.map(levels["discount"]).astype(float)
    paid = regular * (1.0 - discount)
    premium = (regular - paid).sum()
    permanent = level == "A"
    base = regular.where(permanent, 0.0) if permanent.any() else regular
    return paid + premium * base / base.sum()
