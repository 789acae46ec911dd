"""The only door to solvers: a LinearModel in, a checked SolveResult out. One MPS text (mps.py)
reaches CBC, HiGHS, SCIP and CP-SAT (backends.py) under an outside deadline (runner.py);
objectives are solved in turn (lexicographic.py). May import model/ and below; nothing above.
"""
from planner.solvers.result import SolveOptions, SolveResult
from planner.solvers.runner import SOLVERS, solve

__all__ = ["SOLVERS", "SolveOptions", "SolveResult", "solve"]
