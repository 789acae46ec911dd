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

Basis (scenario `key.basis`). The UN computes both scales over all its members:
the average A, the levels and the 22 % ceiling are set by the whole membership.
Computed over a small group instead, a rich member's income is compared with the
group's own average (Germany falls below Russia in the OSCE) and the ceiling,
meant for the single largest payer, flattens several members (Luxembourg pays
what Germany pays). So by default (`world`) the scale is computed over all UN
members, plus any member outside the UN assessed as if it were in (the Holy See
in the OSCE), and rebased to the members: share / sum of the members' shares
(the floor is the regular scale's, as before). `members` computes it over the
members alone (the old rule).
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from planner.keys.limits import apply_limits
from planner.scenario.vocabulary import DEFAULT_KEY_BASIS, KEY_BASES, UN_KEY_METHODS

logger = logging.getLogger(__name__)

GRADIENT = 0.8
FLOOR = 0.00001
CEILING = 0.22
LDC_CEILING = 0.0001
# The ceiling is meant for one payer, the largest among all UN members; binding for more, it
# flattens the scale, the sign of a scale computed over too small a group (basis members). The
# least-developed-country ceiling is meant to bind for many and is not watched.
CEILING_PAYERS = 1
# apply_limits sets a capped share to the ceiling exactly; this allows for float noise only.
AT_CEILING_TOL = 1e-12


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
    is_ldc = members.isin(sorted(ldc))
    upper = pd.Series(np.where(is_ldc, ldc_ceiling, ceiling), index=members)
    out = apply_limits(shares, lower=floor, upper=upper)
    warn_if_ceiling_binds(out[~is_ldc], ceiling, len(members))
    return out


def warn_if_ceiling_binds(shares: pd.Series, ceiling: float, count: int) -> None:
    """Log a warning when more than CEILING_PAYERS of `shares` are at (or, limits that cannot
    all hold giving equal shares, above) the ceiling."""
    at = sorted(shares.index[shares >= ceiling - AT_CEILING_TOL])
    if len(at) > CEILING_PAYERS:
        logger.warning("the %g %% ceiling binds for %d of %d members (%s): it is meant for the one largest payer "
                       "among all UN members; over this group it flattens the key (key.basis world avoids it)",
                       ceiling * 100, len(at), count, ", ".join(at))


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


def world_of(states: pd.DataFrame, members: pd.Index) -> pd.Index:
    """All UN members, and the members outside the UN (assessed as if they were in), sorted."""
    if "un_member" not in states.columns:
        raise ValueError("basis world needs the states table's un_member column (or key.basis: members)")
    return pd.Index(sorted(set(states.index[states["un_member"] == 1]) | set(members)))


def rebase(shares: pd.Series, members: pd.Index) -> pd.Series:
    """The members' shares of a larger scale, divided by their sum (equal shares if it is 0)."""
    part = shares.reindex(members).astype(float)
    total = part.sum()
    return part / total if total > 0 else pd.Series(1.0 / len(members), index=members)


def un_key(method: str, states: pd.DataFrame, members: pd.Index, designations: pd.DataFrame,
           levels: pd.DataFrame, *, floor: float = FLOOR, basis: str = DEFAULT_KEY_BASIS) -> pd.Series:
    """`un` or `un_peacekeeping` shares of `members` on `basis` (shares sum to 1).

    Notes
    -----
    world: the scale over world_of(members), rebased to the members; members: the scale over the
    members alone, as before the basis existed. Either way the floor is the regular scale's, as
    the UN's: rebasing only raises shares, and a peacekeeping discount may take a share below it
    (the UN's own peacekeeping rates go to a tenth of the floor). Over all UN members the two agree.
    """
    if method not in UN_KEY_METHODS:
        raise ValueError(f"{method!r} is not a UN key (known: {', '.join(UN_KEY_METHODS)})")
    if basis not in KEY_BASES:
        raise ValueError(f"unknown key basis {basis!r} (known: {', '.join(KEY_BASES)})")
    over = members if basis == "members" else world_of(states, members)
    if method == "un":
        ldc = set(designations.loc[designations["designation"] == "ldc", "iso3"])
        scale = un_regular(states, over, ldc, floor=floor)
    else:
        scale = un_peacekeeping(states, over, designations, levels, floor=floor)
    return scale if basis == "members" else rebase(scale, members)
