"""The allocation workbook staff brief from: Summary, Force generation (missions down, states across),
Allocation, By state, By mission, Trajectory (with native charts) and Trajectory by state when
present, the standby Roster, its burden and the contingency cover when present, Inputs and a
Glossary. Headers in plain words with units (the CSV files keep the code names, which the Glossary
pairs with them), truth values as yes / no, every sheet printable as it is. No formulas: values only."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import AreaChart, LineChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font

from planner.export.glossary import glossary_table
from planner.export.headers import plain_header
from planner.files.cells import cell_value, safe_text
from planner.files.xlsx import (
    LINE_HEIGHT,
    TITLE_FONT,
    WRAP_WIDTH,
    fit_to_paper,
    save_workbook,
    wrapped_lines,
    write_frame,
)
from planner.results import ResultSet
from planner.results.force_generation import of_results


def allocation_workbook(r: ResultSet, xlsx: Path) -> Path:
    """The allocation workbook of one result set, written atomically to `xlsx`."""
    wb = Workbook()
    _summary_sheet(wb.active, r)
    generation = _force_generation(r)
    _table(wb.create_sheet("Force generation"), generation, "ForceGeneration",
           turned=[c for c in generation.columns if c not in FORCE_GENERATION_FIXED])
    ws = wb.create_sheet("Allocation")
    _table(ws, r.allocation, "Allocation")
    ws = wb.create_sheet("By state")
    _table(ws, r.states, "ByState")
    _deviation_colours(ws, r.states)
    ws = wb.create_sheet("By mission")
    _table(ws, r.missions, "ByMission")
    if r.shortfall is not None:
        _table(wb.create_sheet("Gaps"), r.shortfall, "Gaps")
    if r.trajectory is not None:
        _trajectory_sheet(wb.create_sheet("Trajectory"), r.trajectory)
        # Each member year by year on a sheet of its own: it prints under its own header, page after page.
        _table(wb.create_sheet("Trajectory by state"), r.trajectory, "Trajectory")
    if r.roster is not None:
        _table(wb.create_sheet("Roster"), r.roster, "Roster")
        _table(wb.create_sheet("Roster burden"), r.roster_burden, "RosterBurden")
        _table(wb.create_sheet("Contingencies"), r.contingencies, "Contingencies")
    _inputs_sheet(wb.create_sheet("Inputs"), r.scenario)
    frames = [generation[list(FORCE_GENERATION_FIXED)], r.allocation, r.states, r.missions, r.shortfall,
              r.trajectory, r.roster, r.roster_burden, r.contingencies]
    columns = [c for f in frames if f is not None for c in f.columns] + INPUTS_COLUMNS + GLOSSARY_COLUMNS
    _table(wb.create_sheet("Glossary"), _glossary(columns), "Glossary", wrap=SENTENCES)
    _page_setup(wb, r)
    save_workbook(wb, xlsx)
    return xlsx


def _table(ws, frame: pd.DataFrame, name: str, start_row: int = 1, turned=(), wrap=None) -> None:
    """write_frame with headers in plain words (the CSV files keep the code names), truth values
    as yes / no."""
    write_frame(ws, frame, name, start_row=start_row, header=plain_header, turned=turned, wrap=wrap, yes_no=True)


# The force-generation table's own columns (planner/results/force_generation.py); the others are
# the contributing states, headed "ISO3 Name".
FORCE_GENERATION_FIXED = ("mission", "mission name", "capability", "required", "lead", "total units", "personnel")
INPUTS_COLUMNS = ["field", "value"]
# The Inputs' values and the Glossary's meanings are sentences read down a portrait page: they wrap
# at twice a table's width.
SENTENCES = {"value": 2 * WRAP_WIDTH, "meaning": 2 * WRAP_WIDTH}
GLOSSARY_COLUMNS = ["header", "column", "meaning"]


def _force_generation(r: ResultSet) -> pd.DataFrame:
    """The force-generation table as it prints: each mission's name on its first line only (the
    mission id stays on every line), the lead nation by its code (its name heads its column), the
    unit type under the name the other sheets give it. Each state's header reads upright: its
    column is then only as wide as its numbers."""
    table = of_results(r).rename(columns={"unit type": "capability"})
    table.loc[table["mission"].duplicated(), "mission name"] = None
    table["lead"] = [str(lead).split(" ")[0] if lead else lead for lead in table["lead"]]
    return table


def _glossary(columns: list[str]) -> pd.DataFrame:
    """The glossary of `columns`, each row led by the header the sheets show, then the code name
    the CSV files use."""
    table = glossary_table(columns)
    table.insert(0, "header", [plain_header(c) for c in table["column"]])
    return table


# The Summary's label and value columns, characters: a portrait page holds both.
LABEL_WIDTH, VALUE_WIDTH = 36, 60
SUMMARY_ROWS = [
    ("Scenario", "scenario", None), ("Status", "status", None), ("Solver termination", "termination", None),
    ("Solver", "solver", None), ("Solver version", "solver_version", None), ("Proven gap", "gap", "0.000%"),
    ("Total cost (USD, {period})", "total_cost_usd", '"$"#,##0'),
    ("Personnel deployed ({personnel})", "total_personnel", "#,##0"),
    ("Members", "members", "0"), ("Contributing members", "contributing_members", "0"),
    ("Fund transfers (USD, {period})", "fund_transfers_usd", '"$"#,##0'),
    ("Price of fairness (USD, {period})", "price_of_fairness_usd", '"$"#,##0'),
    ("Price of fairness", "price_of_fairness_pct", "0.00%"),
]
FAIRNESS_ROWS = [
    ("Fairness mode", "mode", None), ("Tolerance", "tolerance", "0%"), ("Applies to", "apply_to", None),
    ("Largest personnel deviation", "personnel_max_abs_deviation", "0.0%"),
    ("Largest net cost deviation", "net_cost_max_abs_deviation", "0.0%"),
    ("Gini of personnel share / key", "personnel_gini", "0.000"),
    ("Gini of net cost share / key", "net_cost_gini", "0.000"),
    ("Gallagher index (personnel)", "personnel_gallagher", "0.000"),
    ("Loosemore-Hanby index (personnel)", "personnel_loosemore_hanby", "0.000"),
]


def _summary_sheet(ws, r: ResultSet) -> None:
    ws.title = "Summary"
    s = r.summary
    ws["A1"] = safe_text(f"Peace force plan: {s.get('scenario', '')}")
    ws["A1"].font = TITLE_FONT
    description = r.scenario.get("description") or ""
    # The description wraps across both columns: left to overflow, it widened the printed page and
    # shrank the summary to fit it.
    ws["A2"] = safe_text(description.strip())
    ws.merge_cells("A2:B2")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    lines = wrapped_lines(description.strip(), LABEL_WIDTH + VALUE_WIDTH)
    if lines > 1:
        ws.row_dimensions[2].height = lines * LINE_HEIGHT
    row = 4
    key = s.get("key", {})
    period = s.get("period") or {"label": "a year", "personnel": "deployed"}
    words = {"period": period["label"], "personnel": period["personnel"]}
    rows = [(label.format(**words), s.get(field), fmt) for label, field, fmt in SUMMARY_ROWS]
    rows.append(("Key", key_in_words(key), None))
    rows += [(label, _text(s.get("fairness", {}).get(field)), fmt) for label, field, fmt in FAIRNESS_ROWS]
    for label, value, fmt in rows:
        ws.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = ws.cell(row=row, column=2, value=cell_value(_text(value)))
        if fmt and isinstance(value, (int, float)):
            cell.number_format = fmt
        row += 1
    ws.column_dimensions["A"].width = LABEL_WIDTH
    ws.column_dimensions["B"].width = VALUE_WIDTH


# Key methods as a reader names them.
KEY_WORDS = {"gdp": "GDP", "gni": "GNI", "population": "population", "milex": "military expenditure",
             "armed_forces": "armed forces", "un": "UN scale of assessments", "mix": "weighted mix",
             "un_peacekeeping": "UN peacekeeping scale", "nato": "NATO common-funding (cap at peer)"}


def key_in_words(key) -> str:
    """{"method": "gni"} -> "GNI"; a mix names its weights ("weighted mix: GDP 50 %, population 50 %")."""
    if isinstance(key, str):
        return KEY_WORDS.get(key, key)
    method = key.get("method", "")
    text = KEY_WORDS.get(method, method)
    weights = key.get("weights") or {}
    if weights:
        text += ": " + ", ".join(f"{KEY_WORDS.get(k, k)} {v:.0%}" for k, v in weights.items())
    if key.get("basis"):
        text += f" (basis: {key['basis']})"
    return text


def _page_setup(wb, r: ResultSet) -> None:
    """Every sheet prints as a brief: one page across on paper wide enough to read it (xlsx's
    fit_to_paper), only its cells, the header row repeated, and a page header naming the scenario,
    the plan's status and the print date (Excel's date field: the file itself stays the same bytes)."""
    status = r.summary.get("status", "")
    for ws in wb.worksheets:
        fit_to_paper(ws)
        if ws.title != "Summary" and ws.max_row > 1:
            ws.print_title_rows = "1:1"
        ws.oddHeader.left.text = f"{r.summary.get('scenario', '')}: {ws.title}"
        ws.oddHeader.right.text = f"{status}, printed &D"
        ws.oddFooter.center.text = "page &P of &N"


def _text(value):
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value)
    return value


def _deviation_colours(ws, states: pd.DataFrame) -> None:
    """Blue under the key share, white on it, red over it."""
    from openpyxl.utils import get_column_letter

    for column in ("personnel_deviation", "net_cost_deviation"):
        if column not in states:
            continue
        letter = get_column_letter(list(states.columns).index(column) + 1)
        ws.conditional_formatting.add(
            f"{letter}2:{letter}{len(states) + 1}",
            ColorScaleRule(start_type="num", start_value=-0.5, start_color="5B9BD5",
                           mid_type="num", mid_value=0, mid_color="FFFFFF",
                           end_type="num", end_value=0.5, end_color="E06666"))


def _trajectory_sheet(ws, table: pd.DataFrame) -> None:
    """All members' forces year by year, and two native charts of them beside the table."""
    by_year = table.groupby("year")[["national_personnel", "contributed_personnel"]].sum().reset_index()
    by_year.columns = ["year", "national_personnel", "contributed_personnel"]
    _table(ws, by_year, "RegionalForces")
    years = len(by_year)
    chart = AreaChart()
    chart.title = "National forces by year"
    chart.y_axis.title = "personnel"
    chart.x_axis.title = "year"
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=years + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=years + 1))
    ws.add_chart(chart, "E2")
    line = LineChart()
    line.title = "Peace force personnel deployed"
    line.add_data(Reference(ws, min_col=3, min_row=1, max_row=years + 1), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=2, max_row=years + 1))
    ws.add_chart(line, "E20")


def _inputs_sheet(ws, scenario: dict) -> None:
    rows = [{"field": k, "value": v} for k, v in _flatten({k: v for k, v in scenario.items() if k != "_resolved"})]
    rows.append({"field": "data sources", "value": "see data/SOURCES.md: World Bank WDI (GDP, GNI, population, "
                 "armed forces from IISS), SIPRI Military Expenditure Database 2025 (non-commercial use), "
                 "UN scale of assessments, Natural Earth; unit costs from the UN reimbursement rate"})
    _table(ws, pd.DataFrame(rows, columns=INPUTS_COLUMNS), "Inputs", wrap=SENTENCES)


def _flatten(value, prefix: str = ""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, item in enumerate(value):
            yield from _flatten(item, f"{prefix}[{i}]")
    else:
        # A list as a list ("[-77.04, 38.9]"): joined bare, a leading minus would read as a formula.
        yield prefix, "[" + ", ".join(map(str, value)) + "]" if isinstance(value, list) else value


def comparison_workbook(diff: pd.DataFrame, summary: pd.DataFrame, states: pd.DataFrame, movers: pd.DataFrame,
                        xlsx: Path) -> Path:
    """Inputs that differ, results side by side, shares per state, and whose burden rose; headed in
    plain words, each scenario's column by its name."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Inputs that differ"
    header = _compare_header(list(summary.columns))
    write_frame(ws, diff, "InputsDiffer", header=header, yes_no=True)
    # Numbers stay numbers (each scenario's column mixes them with words such as the status).
    write_frame(wb.create_sheet("Results"), summary.reset_index(), "Results", header=header, yes_no=True)
    write_frame(wb.create_sheet("By state"), states.reset_index(), "ByState", header=header, yes_no=True)
    if len(movers):
        write_frame(wb.create_sheet("Burden rose"), movers.reset_index(), "BurdenRose", header=header, yes_no=True)
    save_workbook(wb, xlsx)
    return xlsx


def _compare_header(scenarios: list[str]):
    """Headers of compare.xlsx: a scenario's column keeps its name, a scenario's measure
    ("osce-tight:net_cost_share") reads "osce-tight: Share of net cost, %", any other in plain words."""
    def header(column) -> str:
        text = str(column)
        if text in scenarios:
            return text
        scenario, _, measure = text.rpartition(":")
        return f"{scenario}: {plain_header(measure)}" if scenario else plain_header(text)
    return header
