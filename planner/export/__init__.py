"""Exports of result tables: CSV and JSON now; Excel and reports build on the same tables."""
