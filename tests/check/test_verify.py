"""The independent verifier accepts the plans the planner writes."""
from __future__ import annotations

from planner.check.verify import verify as violations
from planner.paths import SCENARIO_DIR
from planner.run import pipeline

BASELINE = SCENARIO_DIR / "osce-baseline.yaml"


def test_baseline_plan_keeps_every_rule(baseline):
    out = baseline.out
    assert violations(pipeline.load(BASELINE), out) == []
