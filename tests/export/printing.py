"""A workbook printed as LibreOffice prints it: converted to PDF, each page read back with its text,
the size its text prints at and its paper. Shared by the print tests of the baseline book and of
the hand-built ones."""
from __future__ import annotations

import math
import shutil
import statistics
import subprocess
from pathlib import Path
from typing import NamedTuple

import pypdf
import pytest

# Seconds a conversion may take: a few on this machine, far more on a loaded one.
CONVERT_TIMEOUT = 180
# Points per millimetre, and the papers a page may be printed on (width x height, upright, mm).
POINTS_PER_MM = 72 / 25.4
PAPERS_MM = {"A4": (210, 297), "A3": (297, 420)}
# Points a page's size may differ from its paper's (PDF sizes are rounded to whole points).
PAPER_SLACK = 2


class Page(NamedTuple):
    """One printed page."""

    text: str
    points: float         # the median size its text prints at, points
    paper: str            # "A4", "A3", or the size in points where neither
    landscape: bool


def office() -> str:
    """LibreOffice's command; the calling test is skipped where it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: the workbook cannot be printed to PDF")
    return found


def print_book(book: Path, folder: Path) -> list[Page]:
    """`book` printed to PDF in `folder` by LibreOffice, with a profile of its own (parallel
    conversions must not share one), read back page by page."""
    run = subprocess.run([office(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(folder), str(book)],
                         capture_output=True, text=True, timeout=CONVERT_TIMEOUT)
    pdf = folder / f"{book.stem}.pdf"
    assert run.returncode == 0 and pdf.exists(), run.stderr
    return [_read(page) for page in pypdf.PdfReader(pdf).pages]


def _read(page) -> Page:
    """A page's text, the median size its text prints at (the font size scaled by the text and
    page matrices, along the glyphs' upright axis so that a header turned 90 degrees counts too: a
    sheet shrunk to fit its width prints smaller) and its paper."""
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]))
    text = page.extract_text(visitor_text=visit)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    return Page(text, statistics.median(sizes) if sizes else 0.0, _paper(width, height), width > height)


def _paper(width: float, height: float) -> str:
    short, long = sorted((width, height))
    for name, (w, h) in PAPERS_MM.items():
        if abs(short - w * POINTS_PER_MM) <= PAPER_SLACK and abs(long - h * POINTS_PER_MM) <= PAPER_SLACK:
            return name
    return f"{width:.0f}x{height:.0f} pt"


def flat(text: str) -> str:
    """Text without whitespace: wrapped cells and extraction order break lines anywhere."""
    return "".join(text.split())


def sheet_of(page: Page, scenario: str, sheets: list[str]) -> str | None:
    """The sheet a page prints, read from its page header ("osce-baseline: By state")."""
    head = page.text.split("\n", 1)[0]
    return next((s for s in sorted(sheets, key=len, reverse=True) if head.startswith(f"{scenario}: {s}")), None)


def body(page: Page) -> str:
    """What a page prints besides its page header (first line) and footer ("page 3 of 9")."""
    lines = page.text.split("\n")[1:]
    return "\n".join(line for line in lines if not line.strip().startswith("page "))
