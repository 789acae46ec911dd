"""Words for people: the workbook heads every column in plain words with units, while the CSV
files keep the code names the Glossary pairs them with."""
from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.export.glossary import GLOSSARY
from planner.export.headers import HEADERS, plain_header, with_plain_headers

CODE_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _header_rows(ws) -> list[int]:
    """The sheet's first row and the first row of every table on it (a sheet may hold two)."""
    starts = {int(re.sub(r"\D", "", table.ref.split(":")[0])) for table in ws.tables.values()}
    return sorted({1} | starts)


BOOKS = ["baseline", "standby_book", "trajectory_book"]


def _book(request, name: str) -> openpyxl.Workbook:
    """The workbook of the baseline or of a hand-built result folder (tests/export/conftest.py)."""
    out = request.getfixturevalue(name)
    return openpyxl.load_workbook(getattr(out, "out", out) / "allocation.xlsx")


@pytest.mark.parametrize("name", BOOKS)
def test_no_workbook_header_is_a_code_name(request, name):
    wb = _book(request, name)
    checked = 0
    for ws in wb.worksheets:
        if ws.title == "Summary":        # labels down column A, no table
            continue
        for row in _header_rows(ws):
            headers = [c.value for c in ws[row] if c.value is not None]
            assert len(headers) == len(set(headers)), (ws.title, headers)   # a table's columns differ
            for header in headers:
                assert "_" not in header and not header[0].islower(), (ws.title, header)
                checked += 1
    assert checked > 50


@pytest.mark.parametrize("name", BOOKS)
def test_every_header_of_every_sheet_is_in_the_glossary(request, name):
    """Roster burden, contingencies, the trajectory's money and the force-generation table's own
    columns had no meaning. The force-generation table's other columns are states ("AAA State
    AAA", as By state lists them): no glossary entry, a state is not a column's meaning."""
    wb = _book(request, name)
    glossary = {row[0]: row[2] for row in wb["Glossary"].iter_rows(min_row=2, values_only=True)}
    by_state = wb["By state"]
    code = next(c.column for c in by_state[1] if c.value == plain_header("state"))
    states = {by_state.cell(row=i, column=code).value for i in range(2, by_state.max_row + 1)}
    checked = set()
    for ws in wb.worksheets:
        if ws.title == "Summary":        # labels down column A, no table
            continue
        for row in _header_rows(ws):
            for header in [c.value for c in ws[row] if c.value is not None]:
                if ws.title == "Force generation" and header.split(" ")[0] in states:
                    continue
                assert glossary.get(header), (name, ws.title, header)
                checked.add(header)
    assert len(checked) > 25


def test_the_csv_files_keep_the_code_names(baseline):
    for name in ("allocation", "states", "missions"):
        columns = pd.read_csv(baseline.out / f"{name}.csv", nrows=0).columns
        assert len(columns) and all(CODE_NAME.match(c) for c in columns), name


def test_every_glossary_column_has_its_own_plain_header():
    assert set(GLOSSARY) <= set(HEADERS)
    plain = [plain_header(c) for c in GLOSSARY]
    assert len(plain) == len(set(plain))
    assert plain_header("cost_usd") == "Cost, USD" and plain_header("personnel_deviation").endswith(", %")


@given(st.from_regex(CODE_NAME, fullmatch=True))
def test_any_code_name_reads_as_words(name):
    header = plain_header(name)
    assert header and "_" not in header and not header[0].islower()


def test_words_already_plain_pass_unchanged_and_units_are_named():
    assert plain_header("USA United States") == "USA United States"
    assert plain_header("spare_capacity_usd") == "Spare capacity, USD"
    assert plain_header("reserve_share") == "Reserve share, %"


def test_a_frame_for_display_keeps_its_values():
    frame = pd.DataFrame({"state": ["DEU"], "cost_usd": [1.5], "USA United States": [2]})
    shown = with_plain_headers(frame)
    assert list(shown.columns) == ["State (ISO3)", "Cost, USD", "USA United States"]
    assert shown.to_numpy().tolist() == frame.to_numpy().tolist()
    assert list(frame.columns) == ["state", "cost_usd", "USA United States"]    # the input is untouched
