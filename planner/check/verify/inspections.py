"""inspections.csv against the CFE Protocol on Inspection's quotas, recomputed."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.check.verify.facts import parties_of, years_of
from planner.check.verify.violation import Violation
from planner.inputs import Inputs
from planner.results.folder import read_result_csv


def check_inspections(inputs: Inputs, forces: pd.Series, out: Path) -> list[Violation]:
    """inspections.csv: objects = ceil(N / personnel per object) for every member with forces and
    year; passive quotas at the share of the year's inspection period; active quotas summing to the
    year's passive ones, each member's within one of its key share of them (largest remainders)."""
    tr = inputs.scenario.trajectory
    try:
        table = read_result_csv(out / "inspections.csv").set_index(["year", "state"])
    except (OSError, ValueError, KeyError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return [Violation("result files", f"inspections.csv is missing or unreadable ({type(exc).__name__})")]
    found = []
    years = years_of(inputs)
    phases = inputs.trajectory.phases
    last_phase = int(phases.index[-1]) if len(phases) else years[-1]
    baseline = inputs.states.loc[parties_of(inputs), "armed_forces"].astype(float)
    for i, year in enumerate(years):
        period = ("baseline_validation" if i == 0 else "reduction" if year <= last_phase
                  else "residual_validation" if year == last_phase + 1 else "residual")
        share = tr.inspections.quotas[period]
        passive = 0
        for state in baseline.index[baseline > 0]:
            n = forces.get((year, state), np.nan)
            objects = int(np.ceil(n / tr.inspections.personnel_per_object - 1e-9))
            quota = int(np.ceil(share * objects - 1e-9))
            passive += quota
            if (year, state) not in table.index:
                found.append(Violation("inspections", f"{state} {year}: no row"))
                continue
            row = table.loc[(year, state)]
            if int(row["objects"]) != objects or int(row["quota_received"]) != quota:
                found.append(Violation("inspections", f"{state} {year}: {row['objects']} objects and "
                                                      f"{row['quota_received']} inspections written, {objects} and "
                                                      f"{quota} computed ({period}, {share:.0%})"))
        mine = table.xs(year, level="year") if year in table.index.get_level_values("year") else table.iloc[0:0]
        if int(mine["quota_active"].sum()) != passive:
            found.append(Violation("inspections", f"{year}: {int(mine['quota_active'].sum())} active inspections "
                                                  f"for {passive} passive ones"))
        key = inputs.key.reindex(mine.index).fillna(0.0)
        fair = key / key.sum() * passive if key.sum() > 0 else key
        for state in mine.index[(mine["quota_active"] - fair).abs().to_numpy() >= 1.0 + 1e-9]:
            found.append(Violation("inspections", f"{state} {year}: {mine.loc[state, 'quota_active']} active "
                                                  f"inspections, its key share of {passive} is {fair[state]:.2f}"))
    return found
