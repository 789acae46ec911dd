"""Tidy tables from a solved model: the plan (allocation, per member, per mission), the common
fund's settlement, disproportionality indices, trajectory tables, the summary, and the result
folder (ResultSet) written and read back. May import solve/, model/, inputs/ and below.
"""
from planner.results.folder import ResultSet, read_results, write_results
from planner.results.plan import Plan, plan_tables

__all__ = ["Plan", "ResultSet", "plan_tables", "read_results", "write_results"]
