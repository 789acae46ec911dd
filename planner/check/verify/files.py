"""The result files, read without trusting them: every column, type and code checked, every
problem a violation (never an exception), so a tampered or foreign folder gets a list of what is
wrong with it."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planner.check.verify.violation import Violation, listed
from planner.inputs import Inputs
from planner.results.folder import read_result_csv

ALLOCATION_COLUMNS = ["state", "mission", "capability", "units", "personnel", "cost_usd"]
STATES_COLUMNS = ["state", "key_share", "personnel", "personnel_share", "person_months", "personnel_key_share",
                  "cost_usd",
                  "fund_payment_usd", "reimbursement_usd", "net_cost_usd", "net_cost_share", "burden"]
MISSIONS_COLUMNS = ["mission", "capability", "required", "filled", "personnel_required", "lead"]
SHORTFALL_COLUMNS = ["mission", "capability", "required", "filled", "short", "personnel_short"]
ROSTER_COLUMNS = ["semester", "tier", "package", "state", "capability", "units", "personnel", "role"]
ROSTER_BURDEN_COLUMNS = ["state", "personnel_semesters", "in_band"]
NUMBERS = {"units", "personnel", "cost_usd", "key_share", "personnel_share", "person_months", "personnel_key_share",
           "fund_payment_usd", "reimbursement_usd", "net_cost_usd", "net_cost_share", "required", "filled",
           "personnel_required", "year", "short", "personnel_short", "package", "personnel_semesters"}


@dataclass(frozen=True)
class PlanFiles:
    allocation: pd.DataFrame
    states: pd.DataFrame
    missions: pd.DataFrame
    summary: dict
    shortfall: pd.DataFrame | None    # shortfall.csv, when the folder has one
    roster: pd.DataFrame | None = None          # roster.csv and roster_burden.csv, for a standing force
    roster_burden: pd.DataFrame | None = None


def read_plan(inputs: Inputs, out: Path, trajectory: bool) -> tuple[PlanFiles | None, list[Violation]]:
    """The files, or None with the violations that make them unreadable as a plan of `inputs`."""
    found: list[Violation] = []
    extra = ["year"] if trajectory else []
    allocation = _table(out / "allocation.csv", ALLOCATION_COLUMNS + extra, found)
    states = _table(out / "states.csv", STATES_COLUMNS + extra, found)
    missions = _table(out / "missions.csv", MISSIONS_COLUMNS + extra, found)
    summary = _summary(out / "summary.json", found)
    shortfall = _table(out / "shortfall.csv", SHORTFALL_COLUMNS + extra, found) \
        if (out / "shortfall.csv").exists() else None
    roster = _table(out / "roster.csv", ROSTER_COLUMNS, found) if (out / "roster.csv").exists() else None
    burden = _table(out / "roster_burden.csv", ROSTER_BURDEN_COLUMNS, found) \
        if (out / "roster_burden.csv").exists() else None
    if found:
        return None, found
    found += _codes(inputs, allocation, states, missions)
    if (allocation["units"] != allocation["units"].round()).any() or (allocation["units"] <= 0).any():
        found.append(Violation("whole units", "allocation.csv has units that are not whole numbers of at least 1"))
    missions["lead"] = missions["lead"].fillna("")
    if not trajectory:
        allocation, states, missions = (f.assign(year=0) for f in (allocation, states, missions))
        shortfall = shortfall.assign(year=0) if shortfall is not None else None
    return PlanFiles(allocation, states, missions, summary, shortfall, roster, burden), found


def _table(path: Path, columns: list[str], found: list[Violation]) -> pd.DataFrame | None:
    try:
        frame = read_result_csv(path)
    except FileNotFoundError:
        found.append(Violation("result files", f"{path.name} is missing"))
        return None
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as exc:
        found.append(Violation("result files", f"{path.name} is not a readable CSV table ({type(exc).__name__})"))
        return None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        found.append(Violation("result files", f"{path.name} lacks column(s) {', '.join(missing)}"))
        return None
    for column in (c for c in columns if c in NUMBERS):
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = values.isna() & frame[column].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            found.append(Violation("result files", f"{path.name}:{row}: {column} is not a number "
                                                   f"({frame[column].iloc[row - 2]!r})"))
            return None
        frame[column] = values
    return frame


def _summary(path: Path, found: list[Violation]) -> dict:
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        found.append(Violation("result files", "summary.json is missing"))
        return {}
    except (ValueError, UnicodeDecodeError, OSError):
        found.append(Violation("result files", "summary.json is not readable JSON"))
        return {}
    if not isinstance(summary, dict):
        found.append(Violation("result files", "summary.json is not a JSON object"))
        return {}
    return summary


def _codes(inputs: Inputs, allocation: pd.DataFrame, states: pd.DataFrame, missions: pd.DataFrame) -> list[Violation]:
    """Every state, mission and unit type in the files is one the scenario knows; states.csv lists
    exactly its members."""
    found = []
    known_missions = {m.id for m in inputs.scenario.missions}
    for name, frame in (("allocation.csv", allocation), ("missions.csv", missions)):
        for column, known in (("mission", known_missions), ("capability", set(inputs.capabilities.index))):
            unknown = set(frame[column]) - known
            if unknown:
                found.append(Violation("scenario mismatch", f"{name} names {column}(s) the scenario does not have: "
                                                            f"{listed(unknown)}"))
    members = set(inputs.members)
    outsiders = set(allocation["state"]) - members
    if outsiders:
        found.append(Violation("membership", f"non-members or opted-out states deploy: {listed(outsiders)}"))
    listed_states = set(states["state"])
    if listed_states != members:
        parts = []
        if listed_states - members:
            parts.append(f"states.csv lists non-members {listed(listed_states - members)}")
        if members - listed_states:
            parts.append(f"states.csv lacks members {listed(members - listed_states)}")
        found.append(Violation("scenario mismatch", "; ".join(parts)))
    return found
