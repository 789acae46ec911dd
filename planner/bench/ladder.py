"""The benchmark ladder: each rung and solver in its own process; targets printed beside figures.

Targets (issue "Speed and scale"), each reported as met or missed with its figure:
MILP to a 0.1 % gap within 5x the LP relaxation on osce-baseline, 20x on world rungs (1 % gap
allowed with a trajectory); planner solve end to end under 5 s (osce-baseline, with its contingent
rules) and 30 s (osce-demilitarization with its mutual rule, phases, stationed forces and zones);
model building at least 1 M nonzeros/s on world rungs and never longer than the solve; world
(minimum contingents and a lead nation on every mission) under 60 s, world with trajectory under
120 s; peak memory under 4 GiB.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from planner.bench.world import write_world
from planner.files.atomic import write_text
from planner.paths import REPORTS_DIR, SCENARIO_DIR

SEED = 2026
TIME_LIMIT_S = 120.0
# Targets in seconds. With the contingent rules (binaries for "contributes" and "leads") the
# issue that brought them set osce-baseline end to end under 5 s and world under 60 s.
BASELINE_E2E_S = 5.0
DEMILITARIZATION_E2E_S = 30.0
WORLD_S = 60.0
WORLD_TRAJECTORY_S = 120.0
COLUMNS = ["rung", "solver", "vars", "cons", "nnz", "build_s", "lp_s", "solve_s", "gap", "peak_mib",
           "load_s", "write_s", "status"]
SOLVERS = {"osce-baseline": ["highs", "cbc", "scip", "cpsat"], "osce-demilitarization": ["highs", "scip"],
           "world": ["highs", "scip"], "world-trajectory": ["highs"]}


def rung_files(folder: Path) -> dict[str, Path]:
    return {"osce-baseline": SCENARIO_DIR / "osce-baseline.yaml",
            "osce-demilitarization": SCENARIO_DIR / "osce-demilitarization.yaml",
            "world": write_world(folder / "world", SEED),
            "world-trajectory": write_world(folder / "world-trajectory", SEED, years=10)}


def run_ladder(out: Path, rungs: list[str] | None = None, echo=print) -> pd.DataFrame:
    files = rung_files(out)
    rows = []
    for rung, path in files.items():
        if rungs and rung not in rungs:
            continue
        for solver in SOLVERS[rung]:
            echo(f"{rung} / {solver} ...")
            run = subprocess.run([sys.executable, "-m", "planner.bench.rung", str(path), solver, str(TIME_LIMIT_S)],
                                 capture_output=True, text=True, timeout=4 * TIME_LIMIT_S + 600)
            try:
                row = json.loads(run.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                row = {"solver": solver, "status": f"crashed: {run.stderr.strip().splitlines()[-1:]}"}
            rows.append({"rung": rung, **row})
            echo("  " + _line(rows[-1]))
    table = pd.DataFrame(rows).reindex(columns=COLUMNS)
    write_text(out / "bench.csv", table.to_csv(index=False, lineterminator="\n", float_format="%.4g"))
    return table


def end_to_end(scenario: Path, repeats: int = 3) -> float:
    """Median wall seconds of `planner solve` as a user runs it."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "planner.cli", "solve", str(scenario), "--out",
                        str(REPORTS_DIR / "bench" / "e2e")], capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def targets(table: pd.DataFrame, e2e: dict[str, float]) -> list[str]:
    """One line per target: MET or MISSED, with the figure."""
    lines = []

    def report(ok, text):
        lines.append(f"{'MET   ' if ok else 'MISSED'} {text}")

    for row in table.itertuples():
        if row.rung.startswith("world") or row.rung == "osce-baseline":
            factor = 5 if row.rung == "osce-baseline" else 20
            gap_limit = 0.01 if "trajectory" in row.rung else 0.001
            gap_ok = row.gap is not None and row.gap == row.gap and row.gap <= gap_limit
            ratio = row.solve_s / row.lp_s if row.lp_s and row.lp_s == row.lp_s else float("nan")
            report(gap_ok and ratio <= factor, f"{row.rung}/{row.solver}: MILP {row.solve_s:.1f} s = {ratio:.0f}x the "
                   f"LP relaxation ({row.lp_s:.2f} s), target {factor}x; gap {row.gap}, status {row.status}")
        if row.rung.startswith("world"):
            rate = row.nnz / row.build_s / 1e6 if row.build_s else float("nan")
            report(rate >= 1.0 and row.build_s <= row.solve_s,
                   f"{row.rung}/{row.solver}: build {rate:.2f} M nonzeros/s ({row.nnz:,} in {row.build_s:.2f} s), "
                   f"target >= 1 M/s and <= solve time {row.solve_s:.1f} s")
            limit = WORLD_TRAJECTORY_S if "trajectory" in row.rung else WORLD_S
            report(row.solve_s <= limit, f"{row.rung}/{row.solver}: solve {row.solve_s:.1f} s, target < {limit} s")
        report(row.peak_mib < 4096, f"{row.rung}/{row.solver}: peak memory {row.peak_mib:.0f} MiB, target < 4096")
    for rung, seconds in e2e.items():
        limit = BASELINE_E2E_S if rung == "osce-baseline" else DEMILITARIZATION_E2E_S
        report(seconds < limit, f"{rung}: planner solve end to end {seconds:.1f} s (median), target < {limit} s")
    return lines


def _line(row: dict) -> str:
    keys = ["vars", "cons", "nnz", "build_s", "lp_s", "solve_s", "gap", "peak_mib", "status"]
    return ", ".join(f"{k}={row.get(k):.3g}" if isinstance(row.get(k), float) else f"{k}={row.get(k)}" for k in keys)
