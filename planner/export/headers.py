"""Column headers in plain words with units ("Cost, USD") for tables people read: the workbook's
sheets and the report's tables. The CSV files keep the code names (snake_case); the
workbook's Glossary sheet pairs each plain header with its code name.

Public face: `plain_header(column)` for one name, `with_plain_headers(frame)` for a table.
"""
from __future__ import annotations

import re

import pandas as pd

from planner.data.equipment import CFE_CATEGORIES

# Code name -> header. A header names the quantity, then its unit after a comma; shares and
# deviations are fractions the workbook shows as percentages, hence "%".
HEADERS = {
    # Allocation and the per-member table (allocation.csv, states.csv).
    "state": "State (ISO3)",
    "name": "Name",
    "mission": "Mission",
    "capability": "Unit type",
    "units": "Units",
    "personnel": "Personnel",
    "months": "Duration, months",
    "person_months": "Burden, person-months",
    "cost_usd": "Cost, USD",
    "year": "Year",
    "key_share": "Key share, %",
    "personnel_share": "Share of personnel, %",
    "person_months_share": "Share of person-months, %",
    "personnel_key_share": "Reference share (personnel key), %",
    "person_months_band_lo": "Band floor, person-months",
    "person_months_band_hi": "Band top, person-months",
    "fund_payment_usd": "Paid into the fund, USD",
    "reimbursement_usd": "Reimbursed by the fund, USD",
    "net_cost_usd": "Net cost, USD",
    "personnel_deviation": "Personnel share vs key, %",
    "net_cost_share": "Share of net cost, %",
    "net_cost_deviation": "Net cost share vs key, %",
    "burden": "How the burden is carried",
    "within_band": "Within band",
    "binding": "Fairness limits reached",
    "data_notes": "Data notes",
    # Missions and a partial plan's gaps (missions.csv, shortfall.csv).
    "required": "Units required",
    "filled": "Units filled",
    "personnel_required": "Personnel required",
    "lead": "Lead nation",
    "short": "Units short",
    "personnel_short": "Personnel short",
    # A trajectory (trajectory.csv).
    "baseline_personnel": "Armed forces at the start, personnel",
    "national_personnel": "Armed forces, personnel",
    "contributed_personnel": "Sent to the peace force, personnel",
    "milex_usd": "Military spending, USD",
    "peace_dividend_usd": "Peace dividend, USD",
    "cost_per_person_usd": "Cost per soldier, USD",
    "cost_per_person_source": "Source of the cost per soldier",
    # A standing force (roster.csv, roster_burden.csv, contingencies.csv).
    "semester": "Semester",
    "tier": "Readiness tier",
    "package": "Package",
    "role": "Role",
    "personnel_semesters": "On standby, personnel-semesters",
    "target": "Target, personnel-semesters",
    "band_lo": "Band floor, personnel-semesters",
    "band_hi": "Band top, personnel-semesters",
    "in_band": "In band (money: below its floor, carried in money)",
    "contingencies": "Contingencies at once",
    "size": "How many at once",
    "probability": "Probability in a year (0 to 1)",
    "covered": "Covered",
    "worst_semester": "Worst semester",
    "unmet_units": "Units unmet, worst semester",
    "unmet_person_months": "Unmet, person-months in the worst semester",
    # The force-generation table's own names (planner/results/force_generation.py); its state
    # columns ("USA United States") are read as they are.
    "mission name": "Mission name",
    "unit type": "Unit type",
    "total units": "Total units",
    # compare.xlsx: a scenario's measures, each column headed "scenario: measure".
    "measure": "Measure",
    "net_cost_change": "Change in net cost share, % points",
    "personnel_change": "Change in personnel share, % points",
    # The workbook's Inputs and Glossary sheets.
    "field": "Setting",
    "value": "Value",
    "header": "Header in the workbook",
    "column": "Column in the CSV files",
    "meaning": "Meaning",
}
# Equipment held and destroyed under a trajectory's reduction rules, one pair per CFE category.
HEADERS.update({c: f"{c.replace('_', ' ').capitalize()}, items" for c in CFE_CATEGORIES})
HEADERS.update({f"{c}_destroyed": f"{c.replace('_', ' ').capitalize()} destroyed, items" for c in CFE_CATEGORIES})

# Units a code name ends with, as a header says them, for names HEADERS does not list; a share or a
# deviation keeps its word and reads in %.
UNIT_SUFFIXES = {"_usd": "USD", "_pct": "%", "_person_months": "person-months"}
PERCENT_SUFFIXES = ("_share", "_deviation")
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


def plain_header(column) -> str:
    """The header people read for a column: HEADERS' words; a name not listed there in words with
    its unit ("spare_usd" -> "Spare, USD"); a name already in words (a state's "USA United States")
    as it is."""
    text = str(column)
    if text in HEADERS:
        return HEADERS[text]
    if "_" not in text and not SNAKE.match(text):
        return text
    for suffix, unit in UNIT_SUFFIXES.items():
        if text.endswith(suffix) and len(text) > len(suffix):
            return f"{_words(text[:-len(suffix)])}, {unit}"
    return f"{_words(text)}, %" if text.endswith(PERCENT_SUFFIXES) else _words(text)


def with_plain_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose columns carry plain headers (the values untouched), for display."""
    return frame.rename(columns={c: plain_header(c) for c in frame.columns})


def _words(name: str) -> str:
    words = " ".join(name.replace("_", " ").split())
    return words[:1].upper() + words[1:]
