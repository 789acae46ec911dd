"""Which solvers work here: each solves a two-variable MILP with a known optimum."""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from planner.model.linear import LinearModel
from planner.model.rows import Terms
from planner.solvers.result import SolveOptions
from planner.solvers.runner import SOLVERS, solve

# minimise 3x + 2y  s.t.  x + y >= 3.5,  x <= 2  (x, y integer) -> x = 0, y = 4, cost 8.
PROBE_OPTIMUM = 8.0


def probe_model() -> LinearModel:
    m = LinearModel()
    v = m.add_variables("v", pd.Index(["x", "y"]), 0.0, [2.0, 10.0], integer=True, cost=[3.0, 2.0])
    m.add_rows("cover", pd.Index(["c"]), [Terms.single_row(v.ids, [1.0, 1.0])], 3.5, np.inf)
    return m


def probe_all(time_limit_s: float = 10.0) -> list[tuple[str, bool, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in SOLVERS:
            result = solve(probe_model(), SolveOptions(name, time_limit_s, 0.0, 1, 0), Path(tmp) / f"{name}.log")
            ok = result.status == "optimal" and abs((result.objective or 0) - PROBE_OPTIMUM) < 1e-6
            detail = result.solver_version if ok else (result.message or result.termination)
            rows.append((name, ok, detail))
    return rows
