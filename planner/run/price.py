"""The price of fairness: the same scenario solved with fairness off, beside the plan, on the other core."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from planner.inputs import Inputs, model_data
from planner.model import build_allocation
from planner.results.plan import plan_tables
from planner.solvers import SolveOptions
from planner.solvers.lexicographic import solve_in_turn
from planner.solvers.logs import append_side_logs, side_log


@contextmanager
def price_beside(inputs: Inputs, price: bool, solve_unfair, log_path: Path):
    """The price-of-fairness solve (fairness off, nothing needed from the plan's) on the other
    core while the body finds the plan: yields a future of (value, seconds), or None when the
    price is not asked for. Its solver log is appended to `log_path` afterwards."""
    # A partial plan's price would compare plans that leave different requirements unmet.
    wanted = price and inputs.scenario.fairness.mode != "off" and not inputs.scenario.solver.allow_shortfall
    try:
        with ThreadPoolExecutor(1) as background:
            yield background.submit(_timed, solve_unfair, side_log(log_path, "price")) if wanted else None
    finally:
        append_side_logs(log_path, ["price"])


def _timed(function, *args):
    """(function's value, wall seconds it took)."""
    started = time.perf_counter()
    return function(*args), time.perf_counter() - started


def cost_without_fairness(inputs: Inputs, options: SolveOptions, log_path: Path) -> float | None:
    """Total cost (USD a year) of the cheapest plan with fairness off; None when none is proven."""
    unfair = inputs.without_fairness()
    built = build_allocation(model_data(unfair))
    result, _ = solve_in_turn(built.model, built.objectives, options, log_path)
    return plan_tables(unfair, built, result).metrics["total_cost_usd"] if result.status == "optimal" else None
