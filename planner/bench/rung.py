"""One rung x solver, measured in its own process (so peak memory is this run's alone).

python -m planner.bench.rung SCENARIO SOLVER TIME_LIMIT prints one JSON line.
"""
from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def measure(scenario: str, solver: str, time_limit: float) -> dict:
    from planner.inputs import model_data
    from planner.model import build_allocation
    from planner.run import pipeline
    from planner.run.publish import publish
    from planner.solvers import solve

    row: dict = {"solver": solver}
    started = time.perf_counter()
    inputs = pipeline.load(scenario)
    row["load_s"] = time.perf_counter() - started
    options = pipeline.options_for(inputs, solver, time_limit)
    started = time.perf_counter()
    built = build_allocation(model_data(inputs))     # all periods of a trajectory in one model
    row["build_s"] = time.perf_counter() - started
    m = built.model
    row.update(vars=m.n_cols, cons=m.n_rows, nnz=m.nnz)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "solver.log"
        m.use_objective(built.objectives[-1])
        lp = solve(m, options, log, relaxed=True)
        row["lp_s"] = lp.solve_s
        started = time.perf_counter()
        try:
            run = pipeline.solve_inputs(inputs, options, log, price=False, diagnose=False)
            row["solve_s"] = time.perf_counter() - started
            row["status"] = run.result.status
            row["gap"] = run.result.gap
            started = time.perf_counter()
            publish(run, {}, Path(tmp) / "out", log)
            row["write_s"] = time.perf_counter() - started
        except Exception as exc:  # a rung that fails is a row with its status
            row["solve_s"] = time.perf_counter() - started
            row["status"] = f"{type(exc).__name__}: {str(exc)[:120]}"
            row["gap"] = None
            row["write_s"] = None
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    row["peak_mib"] = max(own, children) / 1024
    return row


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], sys.argv[2], float(sys.argv[3]))))
