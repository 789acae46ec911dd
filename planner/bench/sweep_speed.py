"""The Dask sweep benchmark: 100 variants of osce-baseline on 1 worker, then on 2."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from planner.analysis.sweep import local_cluster, run_sweep
from planner.paths import SCENARIO_DIR

VARIANTS = 100
TARGET_SPEEDUP = 1.8


def sweep_speedup(out: Path) -> list[str]:
    grid = {"fairness.tolerance": [round(float(t), 4) for t in np.linspace(0.15, 0.6, VARIANTS)]}
    times, tables = {}, {}
    for workers in (1, 2):
        with local_cluster(workers) as cluster, tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            tables[workers] = run_sweep(str(SCENARIO_DIR / "osce-baseline.yaml"), grid, workers, Path(tmp),
                                        scheduler=cluster.scheduler_address)
            times[workers] = time.perf_counter() - started
    same = tables[1].drop(columns=["message"]).equals(tables[2].drop(columns=["message"]))
    speedup = times[1] / times[2]
    return [f"{'MET   ' if speedup >= TARGET_SPEEDUP else 'MISSED'} Dask sweep of {VARIANTS} osce-baseline variants: "
            f"{times[1]:.0f} s on 1 worker, {times[2]:.0f} s on 2: {speedup:.2f}x (target {TARGET_SPEEDUP}x)",
            f"{'MET   ' if same else 'MISSED'} the same results on 1 and 2 workers"]
