"""Text cells never start a spreadsheet formula, in the workbooks and in the CSV files alike; a
workbook cell never holds a bare truth value.

Rule: a text value starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
apostrophe, which spreadsheets show as text (OWASP's advice against CSV injection) and `unescape`
removes when this tool reads its own files back. Numbers are never touched.
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A truth value as a reader says it: a stored boolean prints as 1 or TRUE in LibreOffice.
TRUTH_WORDS = {True: "yes", False: "no"}


def safe_text(value):
    """Text that came from input never starts a formula: a leading = + - @ gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cell_value(value):
    """What a workbook cell holds for `value`: a truth value (numpy's too) as the word yes or no,
    text made safe, anything else as it is."""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, bool):
        return TRUTH_WORDS[value]
    return safe_text(value)


def unescape(value):
    """The inverse of safe_text, for reading a workbook this tool wrote."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value
