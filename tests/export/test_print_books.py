"""The sheets the baseline lacks, printed as LibreOffice prints them: a standby roster's and a
three-year trajectory's workbooks (tests/export/conftest.py). Every page readable and one page
across, no page blank, and each long sheet printing only its header and its rows."""
from __future__ import annotations

import json
import math
from typing import NamedTuple

import openpyxl
import pytest

from tests.export.conftest import TRAJECTORY_YEARS
from tests.export.printing import Page, body, flat, office, print_book, sheet_of
from tests.export.test_print import PRINT_POINTS, ROWS_PER_PAGE

BOOKS = ("standby_book", "trajectory_book")


class Book(NamedTuple):
    """A hand-built workbook and its printed pages, sheet by sheet."""

    wb: openpyxl.Workbook
    pages: list[Page]
    sheets: dict[str, list[Page]]


@pytest.fixture(scope="module")
def books(request, tmp_path_factory) -> dict[str, Book]:
    """Each hand-built book printed to PDF once, by its fixture's name."""
    office()
    printed = {}
    for name in BOOKS:
        out = request.getfixturevalue(name)
        wb = openpyxl.load_workbook(out / "allocation.xlsx")
        pages = print_book(out / "allocation.xlsx", tmp_path_factory.mktemp(f"printed-{name}"))
        scenario = json.loads((out / "summary.json").read_text())["scenario"]
        sheets: dict[str, list[Page]] = {}
        for page in pages:
            sheets.setdefault(sheet_of(page, scenario, wb.sheetnames), []).append(page)
        print(f"{name}: {len(pages)} pages for {len(wb.worksheets)} sheets")
        printed[name] = Book(wb, pages, sheets)
    return printed


@pytest.mark.parametrize("name", BOOKS)
def test_every_sheet_prints_readable_and_no_page_is_blank(books, name):
    book = books[name]
    assert set(book.sheets) == set(book.wb.sheetnames)
    sizes = {(sheet, n): round(p.points, 1) for sheet, pages in book.sheets.items() for n, p in enumerate(pages)}
    assert all(points >= PRINT_POINTS for points in sizes.values()), sizes
    assert all(body(p).strip() for p in book.pages)


@pytest.mark.parametrize("name", BOOKS)
def test_every_table_prints_one_page_across(books, name):
    """Each page of a sheet shows its first and last column's header (the header row repeats)."""
    book = books[name]
    for ws in book.wb.worksheets:
        if not ws.tables:
            continue
        heads = f"{ws.cell(row=1, column=1).value} {ws.cell(row=1, column=ws.max_column).value}"
        for page in book.sheets[ws.title]:
            assert all(w in flat(page.text) for w in heads.split()), (ws.title, heads)


@pytest.mark.parametrize("name", BOOKS)
def test_each_sheet_prints_only_its_cells(books, name):
    """The print area ends at the sheet's last row and column: no empty range prints (a sheet
    with charts prints as far as they reach)."""
    for ws in books[name].wb.worksheets:
        if not ws._charts:
            last = ws.cell(row=1, column=ws.max_column).column_letter
            assert ws.print_area == f"'{ws.title}'!$A$1:${last}${ws.max_row}", ws.title


def test_a_multi_year_book_prints_each_members_years_under_their_header(books):
    """The trajectory's members year by year print on a sheet of their own, its header on every
    page; the Trajectory sheet (all members by year, and two charts) on one page. Before, the
    per-member table stood 40 rows below the charts, its pages headed by the by-year table's header."""
    book = books["trajectory_book"]
    wb = book.wb
    assert len(book.sheets["Trajectory"]) == 1
    assert wb["Trajectory"].max_row == 1 + TRAJECTORY_YEARS
    by_state = wb["Trajectory by state"]
    assert by_state.max_row == 1 + 4 * TRAJECTORY_YEARS and by_state.print_title_rows == "$1:$1"
    assert all("Armed forces at the start" in " ".join(p.text.split()) for p in book.sheets["Trajectory by state"])
    for sheet in ("Allocation", "By state", "By mission"):
        years = {row[0] for row in wb[sheet].iter_rows(min_row=2, values_only=True)}
        assert len(years) == TRAJECTORY_YEARS, sheet
    bound = sum(math.ceil(ws.max_row / ROWS_PER_PAGE) for ws in wb.worksheets)
    print(f"{TRAJECTORY_YEARS}-year book: {len(book.pages)} pages for {len(wb.worksheets)} sheets (bound {bound})")
    assert len(wb.worksheets) <= len(book.pages) <= bound
