"""Publish a result folder as one step: write everything into a hidden sibling folder, verify the
plan there, then swap the folder in whole (planner/files/folders.py), all under the folder's lock.

Nothing reaches the result folder unless the independent verifier accepts the plan; a crash at any
moment leaves the previous result or the new one, whole; files of an earlier run are never left
beside a new one; and two solves into one folder take turns.
"""
from __future__ import annotations

import logging
import shutil
import time
from dataclasses import replace
from pathlib import Path

from planner.check.verify import verify
from planner.errors import InputError, Problem, SolverError
from planner.export.trajectory_charts import write_trajectory_charts
from planner.files.folders import folder_lock, staging_for, swap_in
from planner.results.folder import ResultSet, read_results, write_results, write_run_record, write_summary
from planner.run.pipeline import Run

logger = logging.getLogger(__name__)
# A folder the planner may replace: it holds a result (this file is always in one) or nothing.
RESULT_MARKER = "summary.json"


def resolved_scenario(inputs) -> dict:
    """The resolved scenario (scenario.json) and the tables a result folder's readers need."""
    scenario = inputs.scenario.model_dump(mode="json")
    scenario["_resolved"] = {
        "source": str(inputs.source),
        "missions": inputs.missions.reset_index().to_dict(orient="records"),
        "key": {state: float(share) for state, share in inputs.key.items()},
    }
    return scenario


def publish(run: Run, resolved: dict, target: Path, log: Path, xlsx: bool = False,
            report: bool = False) -> tuple[list[Path], ResultSet]:
    """(files now in `target`, the result set as written); SolverError if the plan breaks a rule.
    `resolved`: the resolved scenario, written as scenario.json; `xlsx`, `report`: also the
    workbook and the HTML report, inside the same step."""
    check_target(target)
    with folder_lock(target):
        staging = staging_for(target)
        try:
            started = time.perf_counter()
            staging.mkdir(parents=True)
            results = run.results(resolved)
            files = write_results(results, staging)
            if results.trajectory is not None:
                groups = (results.summary.get("trajectory") or {}).get("group_personnel_by_year")
                files += write_trajectory_charts(results.trajectory, run.inputs.name, staging, groups)
            broken = verify(run.inputs, staging)
            if broken:
                raise SolverError(f"{run.inputs.name}: the solver's plan breaks {len(broken)} rule(s), so it is "
                                  f"not called solved: " + "; ".join(str(v) for v in broken[:5]))
            summary = run.summary()
            summary["verified"] = True
            write_summary(summary, staging)
            files += _exports(staging, xlsx, report)
            run.timings["write_s"] = time.perf_counter() - started
            files.append(write_run_record(run.record(_log_text(log)), staging))
            logger.info("verified %d files; swapping them into %s", len(files), target)
            swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    written = read_results(target)
    return [target / path.name for path in files], replace(written, summary=summary)


def check_target(target: Path) -> None:
    """The folder may be created or replaced: it is not a file, not an existing folder holding
    anything other than a result, and its name can exist on this system."""
    try:
        _check_target(target)
    except OSError as exc:
        raise InputError(Problem("--out", "", f"cannot write {str(target)[:80]}: {exc.strerror}")) from None


def _check_target(target: Path) -> None:
    if str(target) in ("", "."):
        raise InputError(Problem("--out", "", "give the result folder a name (it is replaced whole)"))
    if target.exists() and not target.is_dir():
        raise InputError(Problem("--out", "", f"{target} is a file, not a folder"))
    if target.is_dir() and any(target.iterdir()) and not (target / RESULT_MARKER).exists():
        raise InputError(Problem("--out", "", f"{target} holds files that are not a result of this planner; "
                                              f"it is replaced whole, so choose another folder"))
    target.parent.mkdir(parents=True, exist_ok=True)
    probe = staging_for(target).with_name(staging_for(target).name + ".probe")
    probe.mkdir()
    probe.rmdir()


def _exports(folder: Path, xlsx: bool, report: bool) -> list[Path]:
    """The workbook and the report, made from the files as written (what a reader will see)."""
    if not (xlsx or report):
        return []
    written = read_results(folder)
    files = []
    if xlsx:
        from planner.export.excel import allocation_workbook

        files.append(allocation_workbook(written, folder / "allocation.xlsx"))
    if report:
        from planner.export.report import write_report

        files.append(write_report(written, folder))
        files += [folder / name for name in ("map.png", "shares.png", "roster.png") if (folder / name).exists()]
    return files


def _log_text(log: Path) -> str:
    return log.read_text(errors="replace") if log.exists() else ""
