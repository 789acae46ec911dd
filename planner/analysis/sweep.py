"""Sweeps: a grid of scenario variants solved in parallel processes, one table of results.

`planner sweep SCENARIO --set fairness.tolerance=0.05,0.1 --set key=gdp,un` runs
every combination. A variant that fails (bad value, no plan, solver trouble)
is a row with its status and message, never the end of the sweep.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd

from planner.errors import InputError, PlannerError, Problem


def variants(grid: dict[str, list]) -> list[dict]:
    paths = list(grid)
    return [dict(zip(paths, combo)) for combo in itertools.product(*(grid[p] for p in paths))]


def run_variant(scenario: str, overrides: dict, solver: str | None, time_limit: float | None,
                log_dir: str, index: int) -> dict:
    """Solve one variant; always return a row (never raise)."""
    from planner.run import pipeline

    row: dict = {"variant": index, **{f"set:{k}": v for k, v in overrides.items()}}
    try:
        inputs = pipeline.load(scenario, overrides)
        options = pipeline.options_for(inputs, solver, time_limit)
        run = pipeline.solve_inputs(inputs, options, Path(log_dir) / f"variant-{index}.log", price=False)
        m = run.plan.metrics
        row.update(status=run.result.status, gap=run.result.gap, total_cost_usd=m["total_cost_usd"],
                   personnel=m["total_personnel"], fund_transfers_usd=m["fund_transfers_usd"],
                   personnel_max_abs_deviation=m["personnel_max_abs_deviation"],
                   net_cost_max_abs_deviation=m["net_cost_max_abs_deviation"],
                   personnel_gini=m["personnel_gini"], net_cost_gini=m["net_cost_gini"],
                   members=m["members"], message="")
    except PlannerError as exc:
        status = {1: "infeasible", 2: "bad input"}.get(exc.exit_code, "solver failure")
        row.update(status=status, message=" | ".join(exc.lines()))
    except Exception as exc:  # a bug in one variant must not end the sweep
        row.update(status="error", message=f"{type(exc).__name__}: {exc}")
    return row


def run_sweep(scenario: str, grid: dict[str, list], workers: int, log_dir: Path, solver: str | None = None,
              time_limit: float | None = None, progress: Callable[[int, int], None] = lambda d, t: None,
              scheduler: str | None = None) -> pd.DataFrame:
    """All variants, in parallel processes here, or on a Dask cluster at `scheduler`; rows sorted by variant.

    The same variants give the same rows whichever way they run: each is solved alone, with the
    scenario's own seed and threads.
    """
    jobs = variants(grid)
    log_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    if scheduler is not None:
        rows = _on_dask(scheduler, scenario, jobs, solver, time_limit, log_dir, progress)
    elif workers <= 1:
        for i, overrides in enumerate(jobs):
            rows.append(run_variant(scenario, overrides, solver, time_limit, str(log_dir), i))
            progress(len(rows), len(jobs))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_variant, scenario, overrides, solver, time_limit, str(log_dir), i)
                       for i, overrides in enumerate(jobs)]
            for future in as_completed(futures):
                rows.append(future.result())
                progress(len(rows), len(jobs))
    return pd.DataFrame(rows).sort_values("variant").reset_index(drop=True)


def _on_dask(scheduler: str, scenario: str, jobs: list[dict], solver, time_limit, log_dir: Path,
             progress) -> list[dict]:
    """Submit every variant to a dask.distributed cluster and gather the rows as they finish.

    Workers must be allowed child processes (each solve runs in one, under a deadline): start
    them with `--no-nanny` or DASK_DISTRIBUTED__WORKER__DAEMON=False; local_cluster() does this.
    """
    from dask.distributed import Client
    from dask.distributed import as_completed as dask_completed

    try:
        client = Client(scheduler, timeout=30)
    except OSError as exc:
        raise InputError(Problem("--scheduler", "", f"cannot reach a Dask scheduler at {scheduler}: {exc}")) from None
    with client:
        futures = [client.submit(run_variant, scenario, overrides, solver, time_limit, str(log_dir), i, pure=False)
                   for i, overrides in enumerate(jobs)]
        rows = []
        for future in dask_completed(futures):
            rows.append(future.result())
            progress(len(rows), len(jobs))
    return rows


def local_cluster(workers: int):
    """A local Dask cluster of `workers` single-threaded worker processes that may start solver processes."""
    import dask
    from dask.distributed import LocalCluster

    dask.config.set({"distributed.worker.daemon": False})
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
