"""Solvers: one adapter (runner.solve) for CBC, HiGHS, SCIP and CP-SAT."""
from planner.solve.result import SolveOptions, SolveResult
from planner.solve.runner import SOLVERS, solve

__all__ = ["SOLVERS", "SolveOptions", "SolveResult", "solve"]
