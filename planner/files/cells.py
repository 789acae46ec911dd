"""Text cells never start a spreadsheet formula, in the workbooks and in the CSV files alike.

Rule: a text value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
apostrophe, which spreadsheets show as text (OWASP's advice against CSV injection) and `unescape`
removes when this tool reads its own files back. Numbers are never touched.
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text that came from input never starts a formula: a leading = + - @ gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unescape(value):
    """The inverse of safe_text, for reading a workbook this tool wrote."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value
