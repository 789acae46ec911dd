"""Trajectory rules with the verifier's own arithmetic: floors, the annual cut cap, no regrowth,
balanced pairs, the regional target, and the equipment ceilings, sufficiency rule and manpower band
(the reduction rule, inspections and stationing have files of their own)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.check.verify.facts import parties_of, years_of
from planner.check.verify.violation import TOL, Violation
from planner.inputs import Inputs
from planner.results.folder import read_result_csv


def forces_of(out: Path) -> tuple[pd.Series | None, list[Violation]]:
    """(year, state) -> national forces from trajectory.csv."""
    try:
        table = read_result_csv(out / "trajectory.csv")
        return table.set_index(["year", "state"])["national_personnel"].astype(float), []
    except (OSError, ValueError, KeyError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return None, [Violation("result files", f"trajectory.csv is missing or unreadable ({type(exc).__name__})")]


def check_trajectory(inputs: Inputs, forces: pd.Series, summary: dict, out: Path) -> list[Violation]:
    """Floors, the annual cut cap, no regrowth, balanced pairs, the regional target and equipment."""
    found = []
    tr = inputs.scenario.trajectory
    baseline = inputs.states.loc[parties_of(inputs), "armed_forces"].astype(float)
    years = years_of(inputs)
    for state in parties_of(inputs):
        if baseline[state] <= 0:
            continue
        floor = min(tr.floors.get(state, baseline[state] * tr.floor_share), baseline[state])
        cap = baseline[state] * tr.max_annual_reduction
        previous = baseline[state]
        for year in years:
            n = forces.get((year, state), np.nan)
            if np.isnan(n):
                found.append(Violation("trajectory.csv", f"{state} {year}: no national forces written"))
                continue
            if n < floor * (1 - TOL) - TOL:
                found.append(Violation("floor", f"{state} {year}: {n:,.0f} below its floor {floor:,.0f}"))
            if previous - n > cap * (1 + TOL) + TOL:
                found.append(Violation("annual cut cap", f"{state} {year}: cut {previous - n:,.0f} > {cap:,.0f}"))
            if n > previous * (1 + TOL) + TOL:
                found.append(Violation("no regrowth", f"{state} {year}: forces grow from {previous:,.0f} to {n:,.0f}"))
            previous = n
    for pair in tr.balanced_pairs:
        a, b = pair.states
        r0 = baseline[a] / baseline[b]
        for year in years:
            r = forces.get((year, a), np.nan) / forces.get((year, b), np.nan)
            if np.isnan(r):
                continue
            if not (1 - pair.tolerance) * r0 * (1 - TOL) <= r <= (1 + pair.tolerance) * r0 * (1 + TOL):
                found.append(Violation("balanced pair", f"{a}/{b} {year}: ratio {r:.4f} outside "
                                       f"{(1 - pair.tolerance) * r0:.4f}-{(1 + pair.tolerance) * r0:.4f}"))
    summary = summary.get("trajectory") or {}
    final = sum(forces[(years[-1], s)] for s in parties_of(inputs) if (years[-1], s) in forces.index)
    if tr.regional_reduction is not None:
        target = baseline.sum() * (1 - tr.regional_reduction)
        missed = summary.get("target_shortfall_personnel", {}).get("regional", 0.0)
        if final > target + missed + TOL * target:
            found.append(Violation("target", f"final forces {final:,.0f} > target {target:,.0f} + reported shortfall "
                                             f"{missed:,.0f}"))
    if tr.equipment is not None:
        found += _check_equipment(inputs, out)
    return found


def _check_equipment(inputs: Inputs, out: Path) -> list[Violation]:
    found = []
    tr = inputs.scenario.trajectory
    table = read_result_csv(out / "trajectory.csv")
    baseline = inputs.trajectory.equipment.set_index(["state", "category"])["count"]
    years = years_of(inputs)
    for category in baseline.index.get_level_values("category").unique():
        if category not in table:
            found.append(Violation("equipment", f"no holdings of {category} reported"))
            continue
        held = table.set_index(["year", "state"])[category]
        people = table.set_index(["year", "state"])["national_personnel"]
        forces0 = inputs.states["armed_forces"].astype(float)
        for i, year in enumerate(years):
            progress = (i + 1) / len(years)
            total = sum(held.get((year, s), 0) for s in baseline.xs(category, level="category").index)
            for state, base in baseline.xs(category, level="category").items():
                h = held.get((year, state), np.nan)
                ceiling = base * (1 - tr.equipment.reduction * progress)
                if h > ceiling + TOL:
                    found.append(Violation("ceiling", f"{state} {year}: {h:g} {category} > ceiling {ceiling:.1f}"))
                if h > tr.equipment.sufficiency_share * total + TOL:
                    found.append(Violation("sufficiency", f"{state} {year}: {h:g} of {total:g} {category} > "
                                                          f"{tr.equipment.sufficiency_share:.0%}"))
                before = base if i == 0 else held.get((years[i - 1], state), base)
                if h > before + TOL:
                    found.append(Violation("no rebuilding", f"{state} {year}: {category} grows {before:g} -> {h:g}"))
                found += _follows_manpower(tr.equipment.manpower_band, state, year, category, h, base,
                                           float(people.get((year, state), np.nan)) / float(forces0.get(state, np.nan)))
    return found


def _follows_manpower(band, state, year, category, h, base, ratio) -> list[Violation]:
    """Items at most (1 + band) x the baseline items x the forces' share of their baseline (whole
    items: the top rounded down)."""
    if band is None or np.isnan(ratio):
        return []
    hi = (1 + band) * base * ratio
    if h > np.floor(hi + 1e-9) + TOL:
        return [Violation("equipment and manpower", f"{state} {year}: {h:g} {category} for forces at {ratio:.1%} of "
                                                    f"baseline, above {hi:.1f} (+{band:.0%} of the baseline ratio)")]
    return []
