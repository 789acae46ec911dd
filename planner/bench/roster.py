"""The standby roster's benchmark: osce-standing-force's ten-semester roster over the OSCE members,
two tiers, eleven contingencies, any two at once, solved to a 1 % gap (target: under 60 s)."""
from __future__ import annotations

from pathlib import Path

from planner.paths import SCENARIO_DIR

ROSTER_S = 60.0
ROSTER_GAP = 0.01


def roster_timing(log: Path) -> list[str]:
    """The roster solved after the scenario's missions; one target line."""
    from planner.run import pipeline

    inputs = pipeline.load(SCENARIO_DIR / "osce-standing-force.yaml")
    options = pipeline.options_for(inputs, gap=ROSTER_GAP)
    run = pipeline.solve_inputs(inputs, options, log, price=False, diagnose=False)
    seconds = run.timings["standby_s"]
    gap = run.standby.summary["gap"]
    ok = seconds < ROSTER_S and gap is not None and gap <= ROSTER_GAP
    return [f"{'MET   ' if ok else 'MISSED'} osce-standing-force roster ({len(inputs.standby.semesters)} semesters, "
            f"{len(inputs.standby.contingencies)} contingencies, k = {inputs.standby.cover_k}): "
            f"{seconds:.1f} s to a {gap:.2%} gap with {inputs.standby.solver}, target < {ROSTER_S:.0f} s at "
            f"{ROSTER_GAP:.0%}"]
