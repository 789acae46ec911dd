"""Workbook tables in the house style: header style, number formats by column name, safe text,
widths fitted to the text as printed (long text wrapped), an Excel Table with filters, a frozen
header row; each sheet fitted to the paper it prints on; and an atomic save."""
from __future__ import annotations

import io
import re
import textwrap
import zipfile
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from planner.files.atomic import write_bytes
from planner.files.cells import cell_value, safe_text

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
# Named as the body's default font is: a header font without a name prints in LibreOffice's serif.
HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
# Text wraps onto more lines past this many characters, a newspaper column: a mission's name or a
# data note reads in two or three short lines rather than one line that widens the printed page.
WRAP_WIDTH = 24
# A single word (a code name, a setting's path) keeps its line up to this width; past it, it breaks.
MAX_WIDTH = 60
MIN_WIDTH = 5
# A column of text no longer than this is of codes and short phrases (ISO3, yes / no, 2027-H1,
# "forces and money"): centred.
SHORT_TEXT = 16
# Characters a column keeps beside its longest text.
PADDING = 2
# Points per line of the 11-point default font: a wrapped header row is this tall per line (the
# row height is written out because LibreOffice does not grow a row to fit wrapped text it opens).
LINE_HEIGHT = 15
# Points a character of 11-point bold text takes along a header turned upright (measured 6.2 in
# LibreOffice's widest fallback font): a row of turned headers is as tall as the longest.
TURNED_POINTS_PER_CHARACTER = 7
# Document dates and archive member times of every workbook written (not the time of the run).
FIXED_DATE = b"2000-01-01T00:00:00Z"
ARCHIVE_TIME = (2000, 1, 1, 0, 0, 0)
DOCUMENT_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")
PERSONNEL_COLUMNS = ("personnel", "contributed_personnel", "national_personnel", "baseline_personnel",
                     "personnel_required", "person_months", "person_months_band_lo", "person_months_band_hi")
MONEY, PERCENT, COUNT = '"$"#,##0', "0.00%", "#,##0"
# Where a line may break in a header: at a space, or after a hyphen ("person-" / "months").
BREAKS = re.compile(r"\s+|(?<=-)")


def number_format(column: str) -> str | None:
    if column.endswith("_usd"):
        return MONEY
    if re.search(r"(share|deviation|gap|_pct|_change)$", column):
        return PERCENT
    if column in PERSONNEL_COLUMNS or column.endswith("_destroyed"):
        return COUNT
    return None


def write_frame(ws, frame, table_name: str, start_row: int = 1, header=None, turned=(), wrap=None,
                yes_no: bool = False) -> None:
    """Header row, values (text escaped; with `yes_no`, truth values as the words yes / no: for a
    book people read, not one read back), number formats, an Excel Table with filters; the header
    frozen when the table starts the sheet (a second table lower down leaves the panes alone).
    `header` turns a column's name into the text its header cell shows (default: the name); number
    formats still follow the name. The headers of the columns named in `turned` read upright
    (turned 90 degrees): such a column is only as wide as its values. Each column is as wide as its
    text prints; text longer than WRAP_WIDTH characters (or than `wrap` gives for the column:
    {name: characters}) wraps onto more lines."""
    columns = list(frame.columns)
    shown = [safe_text(header(c) if header else c) for c in columns]
    for j, text in enumerate(shown, start=1):
        cell = ws.cell(row=start_row, column=j, value=text)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True,
                                   textRotation=90 if columns[j - 1] in turned else 0)
    for i, row in enumerate(frame.itertuples(index=False), start=start_row + 1):
        for j, value in enumerate(row, start=1):
            if value is None or (isinstance(value, float) and value != value):
                continue
            ws.cell(row=i, column=j, value=cell_value(value) if yes_no else safe_text(_plain(value)))
    long_text = []
    for j, column in enumerate(columns, start=1):
        fmt = number_format(column)
        letter = get_column_letter(j)
        cells = [ws.cell(row=i, column=j) for i in range(start_row + 1, start_row + 1 + len(frame))]
        if fmt:
            for cell in cells:
                cell.number_format = fmt
        values = [c.value for c in cells if c.value is not None]
        texts = [printed_text(v, fmt) for v in values]
        head = 1 if column in turned else max(len(w) for w in BREAKS.split(str(shown[j - 1])) + [""])
        lines = [_line_width(t, (wrap or {}).get(column, WRAP_WIDTH)) for t in texts]
        width = min(MAX_WIDTH, max(MIN_WIDTH, max([head] + lines) + PADDING))
        if letter in ws.column_dimensions:      # a second table on the sheet: wide enough for both
            width = max(width, ws.column_dimensions[letter].width)
        ws.column_dimensions[letter].width = width
        if any(len(t) > width - PADDING for t in texts):
            long_text.append(j)
        elif values and all(isinstance(v, str) and len(v) <= SHORT_TEXT for v in values):
            # Centred, it reads apart from a column of numbers beside it (flush right).
            for cell in cells:
                cell.alignment = Alignment(horizontal="center")
    _fit_rows(ws, start_row, len(frame), len(columns), long_text)
    if len(frame):
        ref = f"A{start_row}:{get_column_letter(len(columns))}{start_row + len(frame)}"
        table = Table(displayName=table_name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
    if start_row == 1:
        ws.freeze_panes = ws.cell(row=2, column=1)


def _plain(value):
    """A numpy scalar as the Python value openpyxl writes."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def printed_text(value, fmt: str | None) -> str:
    """The text a cell shows for `value` under the number format `fmt` (its width sets the
    column's: a share of 0.123456789 prints as 12.35%)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if fmt == MONEY:
        return f"${value:,.0f}"
    if fmt == PERCENT:
        return f"{value:.2%}"
    if fmt == COUNT or float(value).is_integer():
        return f"{value:,.0f}" if fmt else f"{value:.0f}"
    # The general format rounds a fraction to the width it is given: two decimals are room enough.
    return f"{value:.2f}"


def _line_width(text: str, wrap: int) -> int:
    """Characters the longest line of `text` takes: all of it up to `wrap`, else it wraps there,
    unless one word is longer (a word never wraps)."""
    if len(text) <= wrap:
        return len(text)
    return max([wrap] + [len(w) for w in text.split()])


def wrapped_lines(text, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide."""
    return max(1, len(textwrap.wrap(str(text), width=max(1, int(width) - PADDING))))


def _fit_rows(ws, start_row: int, rows: int, columns: int, long_text: list[int]) -> None:
    """Rows as tall as their wrapped text: the header row (as tall as its longest upright header),
    and the rows with text in a column of `long_text` (whose cells wrap). Rows of one line keep
    the default height."""
    width = {j: ws.column_dimensions[get_column_letter(j)].width for j in range(1, columns + 1)}
    header = {j: ws.cell(row=start_row, column=j) for j in width}
    flat = [wrapped_lines(c.value, width[j]) * LINE_HEIGHT for j, c in header.items()
            if c.value is not None and not c.alignment.textRotation]
    upright = [len(str(c.value)) * TURNED_POINTS_PER_CHARACTER + LINE_HEIGHT for c in header.values()
               if c.value is not None and c.alignment.textRotation]
    heights = {start_row: max(flat + upright + [LINE_HEIGHT])}
    for i in range(start_row + 1, start_row + 1 + rows):
        lines = 1
        for j in long_text:
            cell = ws.cell(row=i, column=j)
            if isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True)
                # Body text is narrower than the digits a column's width counts: it fills the padding too.
                lines = max(lines, wrapped_lines(cell.value, width[j] + PADDING))
        heights[i] = lines * LINE_HEIGHT
    for i, height in heights.items():
        if height <= LINE_HEIGHT:
            continue
        ws.row_dimensions[i].height = height
        if i > start_row:
            # A tall row reads from its top line: a number beside a wrapped name stands on its first line.
            for j in width:
                cell = ws.cell(row=i, column=j)
                cell.alignment = Alignment(wrap_text=cell.alignment.wrap_text, horizontal=cell.alignment.horizontal,
                                           vertical="top")


# Papers a sheet may print on, in the order tried (widths in inches): A4 upright, A4 across, A3
# across. A sheet takes the first it prints readable on, else the last.
PAPERS = ((Worksheet.PAPERSIZE_A4, "portrait", 8.27), (Worksheet.PAPERSIZE_A4, "landscape", 11.69),
          (Worksheet.PAPERSIZE_A3, "landscape", 16.54))
SIDE_MARGIN_IN = 0.5
POINTS_PER_INCH = 72
POINTS_PER_CM = POINTS_PER_INCH / 2.54
# Points a character of column width takes printed at full size: LibreOffice sets the 11-point
# default font at about 6.8 in its widest fallback font (Calibri itself takes 5.5).
POINTS_PER_CHARACTER = 7
# Width of a column the sheet never sized, characters (the spreadsheet default).
DEFAULT_WIDTH = 8.43
# A sheet is readable on a paper where it keeps this share of its full size: 7-point text from 11.
READABLE_SCALE = 7 / 11


def fit_to_paper(ws) -> None:
    """Print `ws` one page across, on the first of PAPERS where it keeps READABLE_SCALE of its size,
    and only its cells: the print area ends at its last row and column (no empty range prints; a
    sheet with charts prints as far as they reach)."""
    width = _points_across(ws, ws.max_column + 1)
    for chart in ws._charts:
        start = column_index_from_string(re.sub(r"\d", "", chart.anchor))
        width = max(width, _points_across(ws, start) + chart.width * POINTS_PER_CM)
    paper, orientation = PAPERS[-1][:2]
    for size, turn, inches in PAPERS:
        if (inches - 2 * SIDE_MARGIN_IN) * POINTS_PER_INCH >= READABLE_SCALE * width:
            paper, orientation = size, turn
            break
    ws.page_setup.paperSize, ws.page_setup.orientation = paper, orientation
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN_IN
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if not ws._charts:
        ws.print_area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"


def _points_across(ws, column: int) -> float:
    """Points the columns left of `column` take printed at full size."""
    letters = [get_column_letter(j) for j in range(1, column)]
    # Looked up, not indexed: indexing a column's dimensions would give it openpyxl's default width.
    return POINTS_PER_CHARACTER * sum(ws.column_dimensions[c].width if c in ws.column_dimensions else DEFAULT_WIDTH
                                      for c in letters)
def save_workbook(wb, xlsx: Path) -> None:
    """Serialise in memory with fixed document dates and archive times (the same workbook gives the
    same bytes on every run), then write atomically: a crash never leaves half a workbook."""
    buffer = io.BytesIO()
    wb.save(buffer)
    write_bytes(xlsx, _fixed_dates(buffer.getvalue()))


def _fixed_dates(data: bytes) -> bytes:
    """openpyxl stamps docProps/core.xml with the time of saving and every archive member with
    the clock; both are set to FIXED_DATE."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = DOCUMENT_DATE.sub(rb"\g<1>" + FIXED_DATE + rb"\g<3>", body)
            member = zipfile.ZipInfo(info.filename, date_time=ARCHIVE_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, body)
    return out.getvalue()
