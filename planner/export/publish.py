"""Write a result folder: stage every file, verify the plan, then move the files into place.

Nothing reaches the result folder unless the independent verifier accepts the
plan, and a crash leaves at most a hidden staging folder, never a half-written
result.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from planner.errors import SolverError
from planner.export.tables import write_plan, write_summary


def publish(run, summary_of, resolved: dict, target: Path, log: Path) -> tuple[list[Path], dict]:
    """(files written into `target`, final summary); SolverError if the plan breaks a rule."""
    from planner.verify import verify

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        started = time.perf_counter()
        summary = summary_of(run)
        files = write_plan(run.plan, summary, staging, resolved)
        if run.trajectory is not None:
            from planner.export.trajectory import write_trajectory

            files += write_trajectory(run, staging)
        shutil.copyfile(log, staging / "solver.log")
        files.append(staging / "solver.log")
        broken = verify(run.inputs, staging)
        if broken:
            raise SolverError(f"{run.inputs.name}: the solver's plan breaks {len(broken)} rule(s), so it is not "
                              f"called solved: " + "; ".join(str(v) for v in broken[:5]))
        run.timings["write_s"] = time.perf_counter() - started
        summary = summary_of(run)
        summary["verified"] = True
        write_summary(summary, staging)
        target.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in files:
            os.replace(path, target / path.name)
            moved.append(target / path.name)
        return moved, summary
    finally:
        shutil.rmtree(staging, ignore_errors=True)
