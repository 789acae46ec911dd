"""The reduction rule's inputs: who is under it and why not, the blocs of bloc parity, the equal
ceiling's common level, and who is in the peace force in which year (joins and leaves)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.errors import InputError, Problem
from planner.scenario.load import LoadedScenario

# The equal ceiling's level is found by bisection to within this share of the regional target.
CEILING_BISECTION_TOL = 1e-9
CEILING_BISECTION_STEPS = 200


def membership_problems(loaded: LoadedScenario, members: pd.Index, parties: pd.Index, years: pd.Index) -> list[Problem]:
    """joins and leaves name members of the peace force, in years after the first and within the horizon."""
    tr = loaded.scenario.trajectory
    problems = []
    for field in ("joins", "leaves"):
        for code, year in getattr(tr, field).items():
            if code not in members:
                problems.append(loaded.problem(("trajectory", field, code), f"{code} is not a member of the peace "
                                               "force" + (" (it is in arms control only)" if code in parties else "")))
            elif not years[0] < year <= years[-1]:
                problems.append(loaded.problem(("trajectory", field, code), f"{year} is not a year after the first "
                                               f"of the trajectory ({years[0] + 1}-{years[-1]})"))
    for code in set(tr.joins) & set(tr.leaves):
        if tr.leaves[code] <= tr.joins[code]:
            problems.append(loaded.problem(("trajectory", "leaves", code), f"{code} leaves in {tr.leaves[code]}, "
                                           f"not after it joins in {tr.joins[code]}"))
    return problems


def absent_by_year(tr, years: pd.Index) -> dict[int, tuple[str, ...]]:
    """year -> the peace-force members out of it that year (not yet joined, or left), sorted."""
    out = {}
    for year in years:
        gone = {s for s, y in tr.joins.items() if year < y} | {s for s, y in tr.leaves.items() if year >= y}
        out[int(year)] = tuple(sorted(gone))
    return out


def rule_blocs(loaded: LoadedScenario, states: pd.DataFrame, parties: pd.Index) -> pd.Series:
    """state -> bloc for bloc parity (parties in no bloc are left out; the blocs' order is the scenario's)."""
    tr = loaded.scenario.trajectory
    if tr.rule != "bloc_parity":
        return pd.Series(dtype=object, name="bloc")
    if len(tr.rule_blocs) < 2:
        raise InputError(loaded.problem(("trajectory", "rule_blocs"), "bloc_parity needs at least two blocs"))
    owner: dict[str, str] = {}
    for bloc, spec in tr.rule_blocs.items():
        if isinstance(spec, str):
            if spec not in states.columns or spec in ("iso3", "name"):
                raise InputError(loaded.problem(("trajectory", "rule_blocs", bloc),
                                                f"{spec!r} is not a membership column of the states table"))
            chosen = [s for s in parties if states.loc[s, spec] == 1]
        else:
            unknown = [s for s in spec if s not in parties]
            if unknown:
                raise InputError(loaded.problem(("trajectory", "rule_blocs", bloc), f"{unknown[0]} is not a party"))
            chosen = list(spec)
        for s in chosen:
            if s in owner:
                raise InputError(loaded.problem(("trajectory", "rule_blocs", bloc),
                                                f"{s} is in both {owner[s]} and {bloc}: blocs must not overlap"))
            owner[s] = bloc
        if not chosen:
            raise InputError(loaded.problem(("trajectory", "rule_blocs", bloc), "no party is in this bloc"))
    for s in tr.leaves:
        owner.pop(s, None)      # a leaver's forces are its own affair from then on
    order = {b: i for i, b in enumerate(tr.rule_blocs)}
    blocs = pd.Series(owner, name="bloc", dtype=object)
    return blocs.iloc[np.lexsort((blocs.index.to_numpy(), blocs.map(order).to_numpy()))]


def bloc_ratios(tr, blocs: pd.Series, baseline: pd.Series, years: pd.Index) -> pd.DataFrame:
    """year x bloc (all but the first) -> target ratio of its forces to the first bloc's, moving
    linearly from today's to `bloc_ratio` by the final year."""
    if blocs.empty:
        return pd.DataFrame(index=years)
    totals = baseline.reindex(blocs.index).groupby(blocs).sum().reindex(list(dict.fromkeys(blocs)))
    first = totals.index[0]
    progress = np.arange(1, len(years) + 1) / len(years)
    out = {}
    for bloc in totals.index[1:]:
        today = totals[bloc] / totals[first]
        goal = today if tr.bloc_ratio == "today" else 1.0 if tr.bloc_ratio == "parity" else float(tr.bloc_ratio)
        out[bloc] = today + (goal - today) * progress
    return pd.DataFrame(out, index=years)


def ceiling_goals(forces: pd.DataFrame, basis: pd.Series, room: float) -> tuple[pd.Series, float]:
    """(member -> final-year forces due, ceiling per unit of basis) for the equal ceiling: each ruled
    member's goal is clip(k basis[s], floor[s], baseline[s]), with k the lowest ceiling whose goals
    sum to no more than `room` (the regional target less what the others keep); members under the
    ceiling keep their forces."""
    base, floor = forces["baseline"].to_numpy(), forces["floor"].to_numpy()
    per = basis.reindex(forces.index).to_numpy(dtype=float)

    def total(k):
        return np.clip(k * per, floor, base).sum()

    lo, hi = 0.0, float(np.max(np.where(per > 0, base / np.where(per > 0, per, 1.0), 0.0), initial=0.0))
    if total(lo) >= room:
        hi = lo
    for _ in range(CEILING_BISECTION_STEPS):
        if hi - lo <= CEILING_BISECTION_TOL * max(hi, 1e-30):
            break
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if total(mid) < room else (lo, mid)
    return pd.Series(np.clip(hi * per, floor, base), index=forces.index, name="goal"), hi


def rule_limits(loaded: LoadedScenario, states: pd.DataFrame, forces: pd.DataFrame, regional: float) -> float:
    """Adds forces["rule_most_kept"] (the most a member under the rule may keep in the final year:
    the proportional rule's least cut at the regional reduction, the equal ceiling's goal plus its
    tolerance; the baseline under the other rules) and, for equal_ceiling, forces["goal"]. Returns
    the equal ceiling's level (NaN under the other rules)."""
    tr = loaded.scenario.trajectory
    base = forces["baseline"]
    forces["rule_most_kept"] = base
    forces["goal"] = np.nan
    if tr.rule == "proportional":
        forces["rule_most_kept"] = base * (1 - (1 - tr.rule_tolerance) * (tr.regional_reduction or 0.0))
        return np.nan
    if tr.rule != "equal_ceiling":
        return np.nan
    if not np.isfinite(regional):
        raise InputError(loaded.problem(("trajectory", "rule"), "equal_ceiling needs a regional_reduction: the "
                                        "ceiling is the level at which the members' forces meet it"))
    own = forces["target"].notna() | forces.index.isin(list(tr.leaves)) | (base <= 0)
    # What the others keep: their own targets; a leaver its forces (the rule does not bind it).
    kept = forces.loc[own, "target"].fillna(forces.loc[own, "baseline"]).sum()
    goals, level = ceiling_goals(forces[~own], states[tr.ceiling_per].astype(float), regional - kept)
    forces.loc[goals.index, "goal"] = goals
    cut = base - forces["goal"]
    forces.loc[goals.index, "rule_most_kept"] = (base - (1 - tr.rule_tolerance) * cut)[goals.index]
    return level


def exemptions_of(tr, forces: pd.DataFrame) -> pd.Series:
    """Why a party does not follow the rule ("" when it does): it leaves the organisation, its own
    target in state_reductions, or (proportional) a floor above where the rule's least cut would
    take it at the regional reduction (it cuts to its floor instead)."""
    reason = pd.Series("", index=forces.index, dtype=object)
    if tr.rule == "min_cost":
        return reason
    if tr.rule == "proportional":
        reason[forces["floor"] > forces["rule_most_kept"] + 1e-9] = "floor"
    reason[forces["target"].notna()] = "own target"
    for state, year in tr.leaves.items():
        if state in reason.index:
            reason[state] = f"leaves in {year}"
    return reason
