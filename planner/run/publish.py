"""Write a result folder: stage every file, verify the plan, then move the files into place.

Nothing reaches the result folder unless the independent verifier accepts the
plan, and a crash leaves at most a hidden staging folder, never a half-written
result.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

from planner.check.verify import verify
from planner.errors import SolverError
from planner.export.trajectory_charts import write_trajectory_charts
from planner.results.folder import ResultSet, write_results, write_summary
from planner.run.pipeline import Run

logger = logging.getLogger(__name__)


def publish(run: Run, resolved: dict, target: Path, log: Path) -> tuple[list[Path], ResultSet]:
    """(files written into `target`, the result set with its final summary); SolverError if the plan
    breaks a rule. `resolved`: the resolved scenario, written as scenario.json."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        started = time.perf_counter()
        results = run.results(resolved)
        files = write_results(results, staging)
        if results.trajectory is not None:
            files += write_trajectory_charts(results.trajectory, run.inputs.name, staging)
        shutil.copyfile(log, staging / "solver.log")
        files.append(staging / "solver.log")
        broken = verify(run.inputs, staging)
        if broken:
            raise SolverError(f"{run.inputs.name}: the solver's plan breaks {len(broken)} rule(s), so it is not "
                              f"called solved: " + "; ".join(str(v) for v in broken[:5]))
        run.timings["write_s"] = time.perf_counter() - started
        summary = run.summary()
        summary["verified"] = True
        write_summary(summary, staging)
        logger.info("verified %d files; moving them into %s", len(files), target)
        target.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in files:
            os.replace(path, target / path.name)
            moved.append(target / path.name)
        return moved, replace(results, summary=summary)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
