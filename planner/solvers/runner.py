"""The only place that talks to solvers: one model in, one checked result out."""
from __future__ import annotations

import logging
import multiprocessing as mp
import time
from pathlib import Path

import numpy as np

from planner.errors import SolverError
from planner.model.linear import LinearModel
from planner.scenario.vocabulary import SOLVER_NAMES
from planner.solvers.backends import GRACE_S, cbc_solve, ortools_solve
from planner.solvers.mps import to_mps
from planner.solvers.result import SolveOptions, SolveResult

SOLVERS = SOLVER_NAMES
logger = logging.getLogger(__name__)
# Row violations are compared to this, scaled by the row's magnitude.
FEASIBILITY_TOL = 1e-6
INTEGRALITY_TOL = 1e-6


def solve(model: LinearModel, options: SolveOptions, log_path: Path, stage: str = "",
          relaxed: bool = False) -> SolveResult:
    """Solve under an outside deadline, then trust nothing the solver said without checking.

    The solver's output is appended to `log_path` under a header naming the stage.
    """
    if options.solver not in SOLVERS:
        raise SolverError(f"unknown solver {options.solver!r} (known: {', '.join(SOLVERS)})")
    if model.n_cols == 0:   # nothing to decide (nothing required): the empty plan, proven
        feasible = model.residuals(np.zeros(0))["row"] <= FEASIBILITY_TOL
        return SolveResult(options.solver, "none needed", "empty model", "optimal" if feasible else "infeasible",
                           objective=0.0, bound=0.0, gap=0.0, x=np.zeros(0))
    mps = to_mps(model, relaxed=relaxed)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a") as log:
        log.write(f"=== {options.solver}{' stage ' + stage if stage else ''}: "
                  f"{model.n_cols} variables, {model.n_rows} constraints, {model.nnz} nonzeros ===\n")
    logger.info("solving%s with %s: %d variables, %d constraints%s", f" {stage}" if stage else "", options.solver,
             model.n_cols, model.n_rows, " (LP relaxation)" if relaxed else "")
    started = time.perf_counter()
    if options.solver == "cbc":
        raw = cbc_solve(mps, model.n_cols, options.time_limit_s, options.gap, options.threads, options.seed, log_path)
    else:
        raw = _in_child(mps, options, log_path)
    wall = time.perf_counter() - started
    result = _checked(model, options, raw, wall, relaxed)
    logger.info("  %s in %.2f s (solver said %r)%s", result.status, wall, result.termination,
             f", gap {result.gap:.3%}" if result.gap is not None else "")
    return result


def _in_child(mps: str, options: SolveOptions, log_path: Path) -> dict:
    # Loaded once in this process, so each forked solve starts without re-importing it (and a
    # fork taken while another thread solves never has to import anything).
    import ctypes  # noqa: F401

    import ortools.linear_solver.pywraplp  # noqa: F401
    from ortools.linear_solver.python import model_builder  # noqa: F401

    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def target():
        try:
            send.send(ortools_solve(mps, options.solver, options.time_limit_s, options.gap,
                                    options.threads, options.seed, log_path, options.cutoff))
        except BaseException as exc:  # report, never hang the parent
            send.send({"termination": f"crashed: {type(exc).__name__}: {exc}", "error": True})

    child = ctx.Process(target=target, daemon=True)
    child.start()
    send.close()
    deadline = options.time_limit_s + GRACE_S
    raw = None
    if receive.poll(deadline):
        try:
            raw = receive.recv()
        except EOFError:
            raw = None
    child.join(1.0)
    if child.is_alive():
        child.kill()
        child.join()
    if raw is None:
        if child.exitcode not in (0, None) and child.exitcode < 0 and not receive.closed:
            return {"termination": f"solver process died (signal {-child.exitcode})", "error": True}
        return {"termination": f"overran its time limit by more than {GRACE_S:g} s; stopped", "error": True}
    return raw


def _checked(model: LinearModel, options: SolveOptions, raw: dict, wall: float, relaxed: bool = False) -> SolveResult:
    result = SolveResult(options.solver, raw.get("version", "?"), raw["termination"], "no_solution",
                         solve_s=wall)
    if raw.get("error"):
        result.message = raw["termination"]
        return result
    if "infeasible" in raw["termination"]:  # CBC also says "integer infeasible"
        result.status = "infeasible"
        return result
    x = raw.get("x")
    if x is None or len(x) != model.n_cols:
        result.message = f"{options.solver} returned no solution vector ({raw['termination']})"
        bound = raw.get("bound")   # still a bound on every plan (a search under a cutoff that found none better)
        result.bound = float(bound) if bound is not None and np.isfinite(bound) else None
        return result
    residuals = model.residuals(x)
    if relaxed:   # the LP relaxation: integrality is not asked for
        residuals["integrality"] = 0.0
    result.residuals = residuals
    scale = max(1.0, float(np.max(np.abs(x))))
    if residuals["integrality"] > INTEGRALITY_TOL or residuals["row"] > FEASIBILITY_TOL * scale \
            or residuals["bound"] > FEASIBILITY_TOL * scale:
        result.message = (f"{options.solver} returned a vector that breaks the model "
                          f"(row {residuals['row']:.3g}, bound {residuals['bound']:.3g}, "
                          f"integrality {residuals['integrality']:.3g}); not a plan")
        return result
    lo, hi, _, integer = model.columns()
    x = x.copy()
    if not relaxed:
        x[integer] = np.round(x[integer])
    result.x = x
    result.objective = model.objective(x)
    bound = raw.get("bound")
    result.bound = float(bound) if bound is not None and np.isfinite(bound) else None
    if result.bound is not None:
        result.bound = min(result.bound, result.objective)
        result.gap = (result.objective - result.bound) / max(abs(result.objective), 1e-9)
    proven = result.gap is not None and result.gap <= options.gap + 1e-9
    result.status = "optimal" if proven else "feasible"
    if not proven:
        result.message = f"{options.solver} stopped ({raw['termination']}) without proving the gap"
    return result
