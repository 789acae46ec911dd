"""Text cells that came from input never start a spreadsheet formula.

Rule (for workbooks): a text value starting with `=`, `+`, `-` or `@` gets a leading apostrophe,
which spreadsheets show as text and `unescape` removes when this tool reads its own workbook back.
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@")


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
