"""Workbook defects a staff officer met (each failed before its fix): a second table froze 60 rows,
a list in Inputs printed with a literal apostrophe, compare.xlsx held its numbers as text, and the
"Burden rose" sheet had no number format."""
from __future__ import annotations

import openpyxl
import pandas as pd

from planner.export.excel import comparison_workbook
from planner.export.headers import plain_header
from planner.files.xlsx import write_frame


def test_a_second_table_does_not_move_the_frozen_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    write_frame(ws, pd.DataFrame({"year": [2027, 2028], "national_personnel": [1, 2]}), "First")
    write_frame(ws, pd.DataFrame({"a": [1]}), "Second", start_row=60)
    assert ws.freeze_panes == "A2"


def test_inputs_lists_have_no_apostrophe(baseline):
    wb = openpyxl.load_workbook(baseline.out / "allocation.xlsx")
    values = [str(row[1]) for row in wb["Inputs"].iter_rows(min_row=2, values_only=True) if row[1] is not None]
    assert not [v for v in values if v.startswith("'")]
    origins = {row[0]: row[1] for row in wb["Inputs"].iter_rows(min_row=2, values_only=True)}
    listed = [v for k, v in origins.items() if str(k).startswith("origins.")]
    assert listed and all(str(v).startswith("[") for v in listed)


def test_compare_workbook_keeps_numbers_numeric_and_formats_the_movers(tmp_path):
    summary = pd.DataFrame({"a": [1234.5, "optimal"], "b": [2345.25, "optimal"]}, index=["total_cost_usd", "status"])
    movers = pd.DataFrame({"b:net_cost_change": [0.0123]}, index=pd.Index(["DEU"], name="state"))
    book = comparison_workbook(pd.DataFrame({"field": ["x"]}), summary, pd.DataFrame({"s": [1]}), movers,
                               tmp_path / "compare.xlsx")
    wb = openpyxl.load_workbook(book)
    results = wb["Results"]
    assert results["B2"].value == 1234.5 and results["B2"].data_type == "n"
    assert wb["Burden rose"]["B2"].number_format == "0.00%"


def test_every_sheet_prints_as_a_brief_and_the_key_is_in_words(baseline):
    wb = openpyxl.load_workbook(baseline.out / "allocation.xlsx")
    for ws in wb.worksheets:
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert "osce-baseline" in ws.oddHeader.left.text and "&D" in ws.oddHeader.right.text
    assert wb["Force generation"].page_setup.orientation == "landscape"
    assert wb["Allocation"].print_title_rows == "$1:$1"
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert summary["Key"] == "GNI"


def test_compare_counts_no_unmet_requirements_for_a_scenario_without_a_plan():
    from planner.analysis.compare import compare_runs

    result = compare_runs(["a"], [{"status": "infeasible", "reasons": ["m: short of x", "because y"]}])
    assert result.summary.loc["unmet requirements", "a"] == "n/a (no plan)"
    assert result.summary.loc["reasons no plan exists", "a"] == 2


def test_the_glossary_explains_every_column_with_the_band_widening(baseline):
    book = pd.ExcelFile(baseline.out / "allocation.xlsx")
    glossary = pd.read_excel(book, sheet_name="Glossary").set_index(plain_header("header"))
    for sheet in ("Allocation", "By state", "By mission"):
        for column in pd.read_excel(book, sheet_name=sheet, nrows=0).columns:
            assert column in glossary.index, (sheet, column)
    # Each plain header is paired with the code name its CSV column carries.
    code = glossary[plain_header("column")]
    assert all(plain_header(c) == header for header, c in code.items())
    meaning = glossary.set_index(plain_header("column"))[plain_header("meaning")]
    assert "widened by one smallest contribution" in meaning["personnel_deviation"]
