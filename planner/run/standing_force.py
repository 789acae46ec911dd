"""The standing force along a trajectory: it grows as national forces shrink, its roster runs
through the years, and national forces keep what their standby commitments need.

Order (each step reads only what the one before wrote):
1. the standing force's size each year from `trajectory.standing_force_growth`:
   S[p] = S0 + share (N0 - N[p]) (N the members' forces on the path solved for the missions alone,
   N0 their baseline), or S0 + (P - S0) min(1, (p - p0) / (by - p0)) for a size P by a year;
   S0 the personnel the tiers' packages require a semester. Each tier keeps
   max(packages, floor(packages S[p] / S0)) packages in year p. The share applies to the reduction
   the missions' path plans, so that the standing force's own needs cannot shrink its growth;
2. the roster one year (two semesters) at a time (a rolling horizon), the band on each member's
   personnel-semesters over the roster so far (what it served in earlier years carried in), the
   rest rule carried across the turn of the year, with what each member can stand by after that
   year's missions; the final year's band is the band over the whole roster. A year's band stage
   has a weak bound (whole units over two semesters), so it rarely proves its optimum: each year
   gets YEAR_TIME_SHARE of the time limit, and the summary reports the worst gap;
3. the members' forces must hold their standby as well as their pledges:
   need[p,s] += max over p's semesters of standby personnel x standby_rotation / deployable_share
   (planner/model/trajectory.py), and the forces path is solved again with it.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from planner.inputs import Inputs, ModelData
from planner.inputs.standby import StandbyInputs, band_widening, package_rows
from planner.results.roster import roster_burden
from planner.run.standby import StandbyRun, solve_standby, standby_cost_usd
from planner.solvers import SolveOptions

# Share of the solver's time limit each year's roster gets (a ten-year trajectory: about two and a
# half limits in all, where a limit per stage and year took 17 min on osce-standing-force-trajectory).
YEAR_TIME_SHARE = 0.25
# Figures of the summary taken from the final year (by_year has every year's).
FINAL_YEAR_FIGURES = ("packages_per_semester", "expected_unmet_person_months_a_year", "probability_not_enumerated",
                      "sets_at_once_enumerated", "uncovered_sets_within_k")
# A package count is a whole number: S[p] / S0 within this of a whole multiple counts as reaching it.
WHOLE_TOL = 1e-9


def standing_sizes(sb: StandbyInputs, years: pd.Index, forces: pd.Series, baseline_total: float) -> pd.DataFrame:
    """year -> standing_personnel (the size the growth rule asks for) and one column of packages per
    tier; `forces`: (period, state) -> national personnel on the path for the missions alone."""
    base = sb.tiers["packages"].astype(int)
    s0 = float((base * sb.tiers["personnel"].astype(float)).sum())
    total = forces.groupby(level=0).sum()
    first = int(years[0])
    rows = []
    for year in years:
        if sb.growth_share is not None:
            size = s0 + sb.growth_share * max(0.0, baseline_total - float(total.get(year, baseline_total)))
        elif sb.growth_personnel is not None:
            reached = min(1.0, (int(year) - first) / (sb.growth_by - first)) if sb.growth_by > first else 1.0
            size = s0 + (sb.growth_personnel - s0) * reached
        else:
            size = s0
        factor = max(1.0, size / s0) if s0 > 0 else 1.0
        packages = {tier: max(int(n), int(np.floor(n * factor + WHOLE_TOL))) for tier, n in base.items()}
        rows.append({"year": int(year), "standing_personnel": round(size, 1), **packages})
    return pd.DataFrame(rows).set_index("year")


def year_standby(sb: StandbyInputs, year: int, packages: pd.Series, rested: frozenset) -> StandbyInputs:
    """The roster inputs of one year: its two semesters, its packages, who rests in its first."""
    tiers = sb.tiers.assign(packages=packages.reindex(sb.tiers.index).astype(int))
    return replace(sb, semesters=[f"{year}-H1", f"{year}-H2"], tiers=tiers,
                   packages=package_rows(tiers["packages"].to_dict()), rested=rested)


def solve_standing_force(inputs: Inputs, d: ModelData, allocation: pd.DataFrame, sizes: pd.DataFrame,
                         options: SolveOptions, log: Path) -> StandbyRun:
    """The roster year by year (module docstring, step 2), as one StandbyRun over all the years."""
    sb = inputs.standby
    rested: frozenset = frozenset()
    carried = pd.Series(dtype=float)
    widening = pd.Series(dtype=float)
    people = inputs.capabilities["personnel"].astype(float)
    year_options = replace(options, time_limit_s=options.time_limit_s * YEAR_TIME_SHARE)
    runs = {}
    for year in sizes.index:
        one = replace(year_standby(sb, year, sizes.loc[year, list(sb.tiers.index)], rested), carried=carried,
                      widening=widening)
        mine = allocation[allocation["period"] == year] if "period" in allocation else allocation
        run = solve_standby(inputs, d, mine, year_options, log, sb=one)
        last = run.roster[(run.roster["semester"] == one.semesters[-1]) & (run.roster["role"] == "framework")]
        rested = frozenset(last["state"])
        carried = carried.add(run.roster.groupby("state")["personnel"].sum().astype(float), fill_value=0.0)
        widening = band_widening(one, people, run.most)      # this year's, or an earlier year's if larger
        runs[year] = run
    return _combined(runs, sizes, replace(sb, widening=widening), people)


def standby_need(roster: pd.DataFrame, rotation: float, deployable_share: float) -> pd.Series:
    """(period, state) -> personnel a member's forces must hold for its standby: the busiest semester
    of the year, times the units held per unit on standby, over the deployable share."""
    if roster.empty:
        return pd.Series(dtype=float)
    year = roster["semester"].str.slice(0, 4).astype(int)
    by_semester = roster.groupby([year.rename("period"), roster["semester"], roster["state"]])["personnel"].sum()
    return (by_semester.groupby(["period", "state"]).max() * rotation / deployable_share).astype(float)


def _combined(runs: dict, sizes: pd.DataFrame, sb: StandbyInputs, people: pd.Series) -> StandbyRun:
    """One StandbyRun of the yearly ones: the roster end to end, the burden over all of it (the
    final year's band, widened by a smallest unit it could stand by then), the cover by year."""
    roster = pd.concat([r.roster for r in runs.values()], ignore_index=True)
    final = runs[max(runs)]
    burden = roster_burden(sb, roster, people, final.most)
    cover = pd.concat([r.cover.assign(year=y) for y, r in runs.items()], ignore_index=True)
    gaps = [r.summary["gap"] for r in runs.values() if r.summary["gap"] is not None]
    summary = {
        "semesters": [sb.semesters[0], sb.semesters[-1]],
        "growth": ({"share": sb.growth_share} if sb.growth_share is not None else
                   {"personnel": sb.growth_personnel, "by": sb.growth_by} if sb.growth_personnel is not None else None),
        "by_year": {int(y): {"standing_personnel": float(sizes.loc[y, "standing_personnel"]),
                             "packages": {t: int(sizes.loc[y, t]) for t in sb.tiers.index},
                             "standby_personnel_semesters": r.summary["standby_personnel_semesters"],
                             "standby_cost_usd": r.summary["standby_cost_usd"],
                             "expected_unmet_person_months_a_year": r.summary.get(
                                 "expected_unmet_person_months_a_year")} for y, r in runs.items()},
        "cover_k": sb.cover_k,
        "standby_cost_usd": round(standby_cost_usd(sb, roster), 2),
        "standby_personnel_semesters": int(roster["personnel"].sum()),
        "solver": sb.solver,
        "status": "feasible" if any(r.summary["status"] != "optimal" for r in runs.values()) else "optimal",
        "gap": max(gaps) if gaps else None,
        "members_on_roster": int(roster["state"].nunique()),
        "carried_in_money": sorted(burden.loc[burden["in_band"] == "money", "state"]),
        "uncoverable": sorted({c for r in runs.values() for c in r.summary["uncoverable"]}),
        # The final year's standby, the largest (packages only grow): what the roster ends at.
        **{key: final.summary[key] for key in FINAL_YEAR_FIGURES if key in final.summary},
    }
    stages = [{**s, "year": int(y)} for y, r in runs.items() for s in r.stages]
    return StandbyRun(roster, burden, cover, summary, stages, final.most)
