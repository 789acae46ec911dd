"""The allocation workbook printed as LibreOffice prints it (converted to PDF once): the Summary on
one page, the force-generation table one page across, a sane page count for the whole book, and
every page headed with the scenario. Each page is matched to its sheet by that page header."""
from __future__ import annotations

import json
import math
import shutil
import statistics
import subprocess
import time
from typing import NamedTuple

import openpyxl
import pypdf
import pytest

# Seconds a conversion may take: a few on this machine, far more on a loaded one.
CONVERT_TIMEOUT = 180
# Points below which printed text is too small to read: the Summary printed at 4.5 points while
# its long description overflowed the two columns and widened the page; it prints at about 8.
READABLE_POINTS = 7
# Rows of 11-point text a printed page holds at the least (a landscape page at full size holds
# about 34, a portrait one about 45): a sheet fills at most its rows over this, rounded up.
ROWS_PER_PAGE = 30


class Printed(NamedTuple):
    """The workbook and its pages as LibreOffice printed them."""

    book: openpyxl.Workbook
    pages: list[str]          # each page's text
    scenario: str
    sizes: list[float]        # each page's median text size as printed, points


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def printed(request, tmp_path_factory):
    """The baseline workbook printed to PDF by LibreOffice, with a profile of its own (parallel
    conversions must not share one); skipped where LibreOffice is not installed."""
    office = _office()
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed: the workbook cannot be printed to PDF")
    baseline = request.getfixturevalue("baseline")     # solved only when the book can be printed
    folder = tmp_path_factory.mktemp("printed")
    book = baseline.out / "allocation.xlsx"
    started = time.perf_counter()
    run = subprocess.run([office, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(folder), str(book)],
                         capture_output=True, text=True, timeout=CONVERT_TIMEOUT)
    pdf = folder / "allocation.pdf"
    assert run.returncode == 0 and pdf.exists(), run.stderr
    seconds = time.perf_counter() - started
    pages, sizes = zip(*(_read(page) for page in pypdf.PdfReader(pdf).pages))
    print(f"workbook printed to {len(pages)} pages in {seconds:.1f} s")
    scenario = json.loads((baseline.out / "summary.json").read_text())["scenario"]
    return Printed(openpyxl.load_workbook(book), list(pages), scenario, list(sizes))


def _read(page) -> tuple[str, float]:
    """A page's text and the median size its text prints at (the font size scaled by the text
    and page matrices: a sheet shrunk to fit its width prints smaller)."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * abs(tm[3] * cm[3]))
    text = page.extract_text(visitor_text=visit)
    return text, statistics.median(sizes) if sizes else 0.0


def _flat(text: str) -> str:
    """Text without whitespace: wrapped cells and extraction order break lines anywhere."""
    return "".join(text.split())


def _sheet_of(page: str, scenario: str, sheets: list[str]) -> str | None:
    """The sheet a page prints, read from its page header ("osce-baseline: By state")."""
    head = page.split("\n", 1)[0]
    return next((s for s in sorted(sheets, key=len, reverse=True) if head.startswith(f"{scenario}: {s}")), None)


def _pages_of(printed, sheet: str) -> list[str]:
    return [p for p in printed.pages if _sheet_of(p, printed.scenario, printed.book.sheetnames) == sheet]


def test_every_page_carries_the_scenario_in_its_header(printed):
    wb, pages, scenario = printed.book, printed.pages, printed.scenario
    assert pages
    for number, page in enumerate(pages, start=1):
        assert _sheet_of(page, scenario, wb.sheetnames), (number, page[:120])
    status = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=4, values_only=True)}["Status"]
    assert all(f"{status}, printed" in p for p in pages)
    # Every sheet prints: none is left out of the book.
    assert {_sheet_of(p, scenario, wb.sheetnames) for p in pages} == set(wb.sheetnames)


def test_the_summary_prints_on_one_page_with_its_values(printed):
    wb = printed.book
    pages = _pages_of(printed, "Summary")
    assert len(pages) == 1
    assert printed.sizes[printed.pages.index(pages[0])] >= READABLE_POINTS
    page = _flat(pages[0])
    rows = [r for r in wb["Summary"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert rows
    for label, value in rows:
        assert _flat(label) in page, label
        if isinstance(value, str) and value:
            assert _flat(value) in page, (label, value)
    total = dict(rows)[next(label for label, _ in rows if label.startswith("Total cost"))]
    assert f"${total:,.0f}" in page


def _one_page_across(printed, sheet: str) -> None:
    """Every printed page of `sheet` shows its first and its last column's header. The header row
    repeats on every page down; a column spilling to a page of its own would leave the first
    header off that page, or the last off the first page (words compared: headers wrap)."""
    ws = printed.book[sheet]
    first, last = ws.cell(row=1, column=1).value, ws.cell(row=1, column=ws.max_column).value
    pages = _pages_of(printed, sheet)
    assert pages, sheet
    for page in pages:
        flat = _flat(page)
        assert all(w in flat for w in f"{first} {last}".split()), (sheet, page[:200])


def test_force_generation_prints_one_page_across(printed):
    assert printed.book["Force generation"].page_setup.orientation == "landscape"
    _one_page_across(printed, "Force generation")


def test_every_table_prints_one_page_across(printed):
    for ws in printed.book.worksheets:
        if ws.tables:
            _one_page_across(printed, ws.title)


def test_the_book_prints_to_a_sane_number_of_pages(printed):
    """At least a page per sheet, at most each sheet's rows at ROWS_PER_PAGE a page (20 for the
    baseline; printed without fitting to the width it took 54, the issue saw 40)."""
    wb, pages = printed.book, printed.pages
    bound = sum(math.ceil(ws.max_row / ROWS_PER_PAGE) for ws in wb.worksheets)
    print(f"{len(pages)} pages for {len(wb.worksheets)} sheets; bound {bound}")
    assert len(wb.worksheets) <= len(pages) <= bound
