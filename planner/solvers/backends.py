"""Solver back ends. Each takes the model as MPS text and returns raw results.

OR-Tools (HiGHS, SCIP, CP-SAT) runs in a forked child process so that a
solver overrunning its time limit can be stopped from outside, and so that a
crash in native code cannot take the planner down. CBC (PuLP's bundled
binary) is a separate program already and runs as a subprocess.
"""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

ORTOOLS_NAMES = {"highs": "HIGHS", "scip": "SCIP", "cpsat": "CP_SAT"}
# Time past the limit a solver is allowed before it is stopped from outside.
GRACE_S = 5.0


def ortools_solve(mps: str, solver: str, time_limit_s: float, gap: float, threads: int, seed: int,
                  log_path: Path, cutoff: float | None = None) -> dict:
    """Solve in this process (the caller forks); returns a dict of plain values. `cutoff` (HiGHS):
    the objective of a known plan, so only better ones are searched; the dual bound is then still
    a bound on every plan, and is returned even when no better plan is found."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    import ortools
    from ortools.linear_solver import pywraplp
    from ortools.linear_solver.python import model_builder as mb

    builder = mb.Model()
    if not builder.import_from_mps_string(mps):
        return {"termination": "MPS import failed", "error": True}
    proto = builder.export_to_proto()
    engine = pywraplp.Solver.CreateSolver(ORTOOLS_NAMES[solver])
    if engine is None:
        return {"termination": f"{solver} not available in this OR-Tools build", "error": True}
    message = engine.LoadModelFromProto(proto)
    if message:
        return {"termination": f"model load failed: {message}", "error": True}
    engine.EnableOutput()
    engine.SetTimeLimit(int(time_limit_s * 1000))
    engine.SetNumThreads(threads)
    if solver == "cpsat":
        engine.SetSolverSpecificParametersAsString(
            f"relative_gap_limit:{gap} random_seed:{seed} num_workers:{threads} mip_max_bound:1e10")
    elif solver == "scip":
        engine.SetSolverSpecificParametersAsString(f"randomization/randomseedshift = {seed}\n")
    else:
        # OR-Tools' HiGHS interface ignores RELATIVE_MIP_GAP (HiGHS then proves its own 0.01 %),
        # so the gap goes as a HiGHS option; the call reports False even when the option is taken.
        extra = f"\nobjective_bound={cutoff!r}" if cutoff is not None else ""
        engine.SetSolverSpecificParametersAsString(f"mip_rel_gap={gap!r}\nrandom_seed={seed}{extra}")
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, gap)
    log_start = os.lseek(fd, 0, os.SEEK_END)
    started = time.perf_counter()
    code = engine.Solve(params)
    elapsed = time.perf_counter() - started
    bound = engine.Objective().BestBound() if code in (engine.OPTIMAL, engine.FEASIBLE) else None
    if solver == "highs" and (bound is not None or cutoff is not None):
        bound = _highs_dual_bound(log_path, log_start, bound)
    words = {engine.OPTIMAL: "optimal", engine.FEASIBLE: "feasible", engine.INFEASIBLE: "infeasible",
             engine.UNBOUNDED: "unbounded", engine.ABNORMAL: "abnormal", engine.NOT_SOLVED: "not_solved"}
    termination = words.get(code, f"code {code}")
    variables = engine.variables()
    x = None
    if code in (engine.OPTIMAL, engine.FEASIBLE):
        x = np.array([v.solution_value() for v in variables], dtype=float)
    version = engine.SolverVersion()
    if solver == "highs":  # OR-Tools mislabels its HiGHS interface
        version = "HiGHS (OR-Tools)"
    return {
        "termination": termination,
        "objective": engine.Objective().Value() if x is not None else None,
        "bound": bound,
        "x": x,
        "solve_s": elapsed,
        "version": f"{version}; OR-Tools {ortools.__version__}",
    }


def _highs_dual_bound(log_path: Path, start: int, reported: float) -> float:
    """HiGHS's own dual bound from its log.

    OR-Tools reports HiGHS's primal objective as the best bound (seen here: a MIP stopped at
    0.04 % came back with gap 0), so the bound is read from the solver's report. An LP's
    report has no dual bound: its optimum is its own bound.
    """
    import ctypes

    ctypes.CDLL(None).fflush(None)   # HiGHS writes through C stdio, buffered when it is a file
    with open(log_path, "rb") as log:
        log.seek(start)
        text = log.read().decode("utf-8", "replace")
    found = _last_float(r"Dual bound\s+(\S+)", text)
    return reported if found is None or not np.isfinite(found) else found


def cbc_solve(mps: str, n_cols: int, time_limit_s: float, gap: float, threads: int, seed: int,
              log_path: Path) -> dict:
    """Run PuLP's CBC binary on the MPS file under an outside deadline; parse its answer."""
    import pulp

    # The class attribute, not an instance: instantiating warns of PuLP 4's plans.
    binary = getattr(pulp.PULP_CBC_CMD, "pulp_cbc_path", None)
    if not binary or not Path(binary).exists():
        return {"termination": "CBC binary not found in PuLP", "error": True}
    with tempfile.TemporaryDirectory(prefix="peaceforce-cbc-") as tmp:
        model_file, solution_file = Path(tmp) / "model.mps", Path(tmp) / "solution.txt"
        model_file.write_text(mps)
        # CBC's threaded search, even with one thread, sometimes waits 10 s for a worker that
        # never starts ("Thread 0 used 0 times, waiting to start 10.0"): one thread is asked for
        # by not asking for threads at all.
        threading = ["-threads", str(threads)] if threads > 1 else []
        command = [binary, str(model_file), "-sec", f"{time_limit_s:g}", "-ratioGap", f"{gap:g}", *threading,
                   "-randomCbcSeed", str(seed + 1), "-timeMode", "elapsed", "-solve", "-solu", str(solution_file)]
        started = time.perf_counter()
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=time_limit_s + GRACE_S)
        except subprocess.TimeoutExpired:
            return {"termination": f"overran its time limit by more than {GRACE_S:g} s; stopped", "error": True}
        elapsed = time.perf_counter() - started
        with log_path.open("a") as log:
            log.write(run.stdout + run.stderr)
        if not solution_file.exists():
            return {"termination": f"no solution file (exit {run.returncode})", "error": True}
        lines = solution_file.read_text().splitlines()
    head = lines[0] if lines else ""
    x = np.zeros(n_cols)
    for line in lines[1:]:
        parts = line.replace("**", " ").split()
        if len(parts) >= 3 and parts[1].startswith("c"):
            x[int(parts[1][1:])] = float(parts[2])
    termination = head.split(" - ")[0].strip().lower() or "unknown"
    objective = _last_float(r"Objective value:\s+(\S+)", run.stdout)
    bound = _last_float(r"Lower bound:\s+(\S+)", run.stdout)
    if bound is None:
        bound = _last_float(r"best possible (\S+?)\)", run.stdout)
    has_plan = termination.startswith("optimal") or ("objective value" in head.lower()
                                                      and "infeasible" not in head.lower())
    version = re.search(r"Version:\s*(\S+)", run.stdout)
    return {
        "termination": termination,
        "objective": objective,
        "bound": bound if bound is not None else (objective if termination.startswith("optimal") else None),
        "x": x if has_plan else None,
        "solve_s": elapsed,
        "version": f"CBC {version.group(1) if version else '?'} (PuLP {pulp.__version__})",
    }


def _last_float(pattern: str, text: str) -> float | None:
    hits = re.findall(pattern, text)
    try:
        return float(hits[-1]) if hits else None
    except ValueError:
        return None
