"""Workbook tables in the house style: header style, number formats by column name, safe text,
widths, an Excel Table with filters, a frozen header row; and an atomic save."""
from __future__ import annotations

import io
import re
import textwrap
import zipfile
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from planner.files.atomic import write_bytes
from planner.files.cells import safe_text

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
MAX_WIDTH = 60
MIN_WIDTH = 10
# Characters a column keeps beside its longest text.
PADDING = 2
# Points per line of the 11-point default font: a wrapped header row is this tall per line (the
# row height is written out because LibreOffice does not grow a row to fit wrapped text it opens).
LINE_HEIGHT = 15
# Document dates and archive member times of every workbook written (not the time of the run).
FIXED_DATE = b"2000-01-01T00:00:00Z"
ARCHIVE_TIME = (2000, 1, 1, 0, 0, 0)
DOCUMENT_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)")
PERSONNEL_COLUMNS = ("personnel", "contributed_personnel", "national_personnel", "baseline_personnel",
                     "personnel_required", "person_months", "person_months_band_lo", "person_months_band_hi")


def number_format(column: str) -> str | None:
    if column.endswith("_usd"):
        return '"$"#,##0'
    if re.search(r"(share|deviation|gap|_pct|_change)$", column):
        return "0.00%"
    if column in PERSONNEL_COLUMNS or column.endswith("_destroyed"):
        return "#,##0"
    return None


def write_frame(ws, frame, table_name: str, start_row: int = 1, header=None) -> None:
    """Header row, values (text escaped), number formats, an Excel Table with filters; the header
    frozen when the table starts the sheet (a second table lower down leaves the panes alone).
    `header` turns a column's name into the text its header cell shows (default: the name); number
    formats still follow the name. Text longer than a column's widest wraps onto more lines."""
    columns = list(frame.columns)
    shown = [safe_text(header(c) if header else c) for c in columns]
    for j, text in enumerate(shown, start=1):
        cell = ws.cell(row=start_row, column=j, value=text)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(frame.itertuples(index=False), start=start_row + 1):
        for j, value in enumerate(row, start=1):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if hasattr(value, "item"):
                value = value.item()
            ws.cell(row=i, column=j, value=safe_text(value))
    long_text = []
    for j, column in enumerate(columns, start=1):
        fmt = number_format(column)
        letter = get_column_letter(j)
        if fmt:
            for i in range(start_row + 1, start_row + 1 + len(frame)):
                ws[f"{letter}{i}"].number_format = fmt
        # A header wraps between its words: its longest word, not its whole text, sets the width.
        words = [len(w) for w in str(shown[j - 1]).split()] or [0]
        longest = max(words + [len(str(v)) for v in frame[column].head(500)])
        ws.column_dimensions[letter].width = min(MAX_WIDTH, max(MIN_WIDTH, longest + PADDING))
        if longest + PADDING > MAX_WIDTH:
            long_text.append(j)
    _fit_rows(ws, start_row, len(frame), len(columns), long_text)
    if len(frame):
        ref = f"A{start_row}:{get_column_letter(len(columns))}{start_row + len(frame)}"
        table = Table(displayName=table_name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
    if start_row == 1:
        ws.freeze_panes = ws.cell(row=2, column=1)


def wrapped_lines(text, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide."""
    return max(1, len(textwrap.wrap(str(text), width=max(1, int(width) - PADDING))))


def _fit_rows(ws, start_row: int, rows: int, columns: int, long_text: list[int]) -> None:
    """Rows as tall as their wrapped text: the header row, and the rows with text in a column of
    `long_text` (whose cells wrap). Rows of one line keep the default height."""
    width = {j: ws.column_dimensions[get_column_letter(j)].width for j in range(1, columns + 1)}
    header = [ws.cell(row=start_row, column=j).value for j in width]
    heights = {start_row: max([wrapped_lines(v, width[j]) for j, v in zip(width, header) if v is not None],
                              default=1)}
    for i in range(start_row + 1, start_row + 1 + rows):
        lines = 1
        for j in long_text:
            cell = ws.cell(row=i, column=j)
            if isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True)
                lines = max(lines, wrapped_lines(cell.value, width[j]))
        heights[i] = lines
    for i, lines in heights.items():
        if lines > 1:
            ws.row_dimensions[i].height = lines * LINE_HEIGHT


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
