"""Workbook tables in the house style: header style, number formats by column name, safe text,
widths, an Excel Table with filters, a frozen header row; and an atomic save."""
from __future__ import annotations

import io
import re
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


def write_frame(ws, frame, table_name: str, start_row: int = 1) -> None:
    """Header row, values (text escaped), number formats, an Excel Table with filters; the header
    frozen when the table starts the sheet (a second table lower down leaves the panes alone)."""
    columns = list(frame.columns)
    for j, column in enumerate(columns, start=1):
        cell = ws.cell(row=start_row, column=j, value=column)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(frame.itertuples(index=False), start=start_row + 1):
        for j, value in enumerate(row, start=1):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if hasattr(value, "item"):
                value = value.item()
            ws.cell(row=i, column=j, value=safe_text(value))
    for j, column in enumerate(columns, start=1):
        fmt = number_format(column)
        letter = get_column_letter(j)
        if fmt:
            for i in range(start_row + 1, start_row + 1 + len(frame)):
                ws[f"{letter}{i}"].number_format = fmt
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(500)])
        ws.column_dimensions[letter].width = min(MAX_WIDTH, max(10, longest + 2))
    if len(frame):
        ref = f"A{start_row}:{get_column_letter(len(columns))}{start_row + len(frame)}"
        table = Table(displayName=table_name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
    if start_row == 1:
        ws.freeze_panes = ws.cell(row=2, column=1)


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
