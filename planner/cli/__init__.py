"""The `planner` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 solved (or valid), 1 no plan exists, 2 bad input, 3 solver failure.
"""
from planner.cli import plan, staff, analysis  # noqa: F401,I001  (registers the commands, in this order)
from planner.cli.app import app, main

__all__ = ["app", "main"]
