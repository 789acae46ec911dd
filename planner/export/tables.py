"""CSV and JSON outputs of a plan: allocation.csv, states.csv, missions.csv, summary.json."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from planner.export.atomic import write_text
from planner.results import Plan

# Rounding makes the files identical whenever the plan is (float noise aside).
USD_DECIMALS = 2
SHARE_DECIMALS = 8


def to_csv_text(frame: pd.DataFrame) -> str:
    rounded = frame.copy()
    for column in rounded.columns:
        if column.endswith("_usd"):
            rounded[column] = rounded[column].round(USD_DECIMALS)
        elif rounded[column].dtype.kind == "f":
            rounded[column] = rounded[column].round(SHARE_DECIMALS)
    return rounded.to_csv(index=False, lineterminator="\n")


def write_plan(plan: Plan, summary: dict, out: Path, scenario: dict | None = None) -> list[Path]:
    """Write the result files into `out`; each write is atomic.

    `scenario.json` (the resolved scenario) makes the folder self-contained: the
    Excel export and the report read their inputs from it.
    """
    files = {
        "allocation.csv": to_csv_text(plan.allocation),
        "states.csv": to_csv_text(plan.states),
        "missions.csv": to_csv_text(plan.missions),
    }
    written = []
    for name, text in files.items():
        write_text(out / name, text)
        written.append(out / name)
    write_summary(summary, out)
    written.append(out / "summary.json")
    if scenario is not None:
        write_text(out / "scenario.json", json.dumps(scenario, indent=2) + "\n")
        written.append(out / "scenario.json")
    return written


# Significant digits kept in summary.json: enough for any figure, few enough that
# summation-order noise in the last bits does not change the file.
JSON_DIGITS = 12


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
