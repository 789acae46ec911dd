"""Workbook defects a staff officer met (each failed before its fix): a second table froze 60 rows,
a list in Inputs printed with a literal apostrophe, compare.xlsx held its numbers as text, and the
"Burden rose" sheet had no number format."""
from __future__ import annotations

import openpyxl
import pandas as pd

from planner.export.excel import comparison_workbook
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
