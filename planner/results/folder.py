"""A result folder: the typed set of result tables every export reads, written as CSV and JSON and
read back.

Files: allocation.csv, states.csv, missions.csv, summary.json, scenario.json (the resolved
scenario, so that the folder is self-contained), for a trajectory trajectory.csv,
trajectory_limits.csv, inspections.csv and stationing.csv, for a standing force roster.csv,
roster_burden.csv and contingencies.csv, and for a partial plan shortfall.csv.
Numbers are rounded (USD to cents,
other floats to 8 decimals, JSON to 12 significant digits) so that the same plan always gives the
same bytes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planner.errors import InputError, Problem
from planner.files.atomic import write_text
from planner.files.cells import unescape
from planner.files.csvtext import csv_text

# Significant digits kept in summary.json: enough for any figure, few enough that
# summation-order noise in the last bits does not change the file.
JSON_DIGITS = 12
# Columns read back as text (a unit type called "inf" or "nan" is not a number).
ID_COLUMNS = {"state": str, "mission": str, "capability": str, "name": str, "burden": str, "binding": str,
              "lead": str, "data_notes": str, "category": str, "cost_per_person_source": str, "semester": str,
              "tier": str, "role": str, "contingencies": str, "covered": str, "in_band": str,
              "worst_semester": str}
REQUIRED_FILES = ("allocation.csv", "states.csv", "missions.csv", "summary.json")


@dataclass(frozen=True)
class ResultSet:
    """A plan as its files hold it: what every export (workbook, report, console) reads."""

    allocation: pd.DataFrame
    states: pd.DataFrame
    missions: pd.DataFrame
    summary: dict
    scenario: dict
    trajectory: pd.DataFrame | None = None
    trajectory_limits: pd.DataFrame | None = None
    run: dict | None = None        # run.json: wall times, threads, machine, the solver's log
    shortfall: pd.DataFrame | None = None   # a partial plan's unmet requirements
    inspections: pd.DataFrame | None = None  # a trajectory's verification workload
    stationing: pd.DataFrame | None = None   # a trajectory's foreign-stationed forces
    roster: pd.DataFrame | None = None       # a standing force's standby roster
    roster_burden: pd.DataFrame | None = None
    contingencies: pd.DataFrame | None = None  # which sets of contingencies the standby covers


def write_results(results: ResultSet, out: Path) -> list[Path]:
    """Write every file of `results` into `out` (each write atomic); the paths written."""
    tables = {"allocation.csv": results.allocation, "states.csv": results.states, "missions.csv": results.missions}
    written = []
    for name, frame in tables.items():
        write_text(out / name, csv_text(frame))
        written.append(out / name)
    write_summary(results.summary, out)
    written.append(out / "summary.json")
    write_text(out / "scenario.json", json.dumps(results.scenario, indent=2) + "\n")
    written.append(out / "scenario.json")
    for name, frame in (("trajectory.csv", results.trajectory), ("trajectory_limits.csv", results.trajectory_limits),
                        ("shortfall.csv", results.shortfall), ("inspections.csv", results.inspections),
                        ("stationing.csv", results.stationing), ("roster.csv", results.roster),
                        ("roster_burden.csv", results.roster_burden), ("contingencies.csv", results.contingencies)):
        if frame is not None:
            write_text(out / name, csv_text(frame))
            written.append(out / name)
    return written


def _rounded(value):
    if isinstance(value, float):
        return float(f"{value:.{JSON_DIGITS}g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def write_summary(summary: dict, out: Path) -> None:
    write_text(out / "summary.json", json.dumps(_rounded(summary), indent=2) + "\n")


def write_run_record(record: dict, out: Path) -> Path:
    write_text(out / "run.json", json.dumps(_rounded(record), indent=2) + "\n")
    return out / "run.json"


def read_result_csv(path: Path) -> pd.DataFrame:
    """A CSV written by the planner: only empty cells are missing; id columns are strings."""
    frame = pd.read_csv(path, dtype=ID_COLUMNS, keep_default_na=False, na_values=[""])
    for column in ID_COLUMNS:
        if column in frame:
            frame[column] = frame[column].fillna("").map(unescape)
    return frame


def read_results(folder: Path) -> ResultSet:
    """The tables of a result folder written by `planner solve`."""
    missing = [name for name in REQUIRED_FILES if not (folder / name).exists()]
    if missing:
        raise InputError(Problem(str(folder), "", f"not a result folder: missing {', '.join(missing)}"))

    def optional_csv(name):
        return read_result_csv(folder / name) if (folder / name).exists() else None

    def optional_json(name):
        return json.loads((folder / name).read_text()) if (folder / name).exists() else None

    return ResultSet(read_result_csv(folder / "allocation.csv"), read_result_csv(folder / "states.csv"),
                     read_result_csv(folder / "missions.csv"), json.loads((folder / "summary.json").read_text()),
                     optional_json("scenario.json") or {}, optional_csv("trajectory.csv"),
                     optional_csv("trajectory_limits.csv"), optional_json("run.json"), optional_csv("shortfall.csv"),
                     optional_csv("inspections.csv"), optional_csv("stationing.csv"), optional_csv("roster.csv"),
                     optional_csv("roster_burden.csv"), optional_csv("contingencies.csv"))
