"""`validate` and `solve` warn, without changing the exit code, when a mission lies far outside the
members' territory (planner/check/territory.py): a European mission under the African Union."""
from __future__ import annotations

import subprocess
import sys

import yaml

from planner.check.territory import FAR_KM, far_missions
from planner.paths import SCENARIO_DIR
from planner.run import pipeline

AU_WITH_EUROPE = {
    "name": "au-europe", "region": "au", "key": "un",
    "missions": [
        {"id": "oder-flood", "kind": "disaster_response", "location": [17.03, 51.11],   # Wroclaw
         "requirements": {"medical_team": 4}},
        {"id": "somalia-relief", "kind": "humanitarian", "location": [45.34, 2.05],     # Mogadishu
         "requirements": {"medical_team": 4}},
    ],
}


def write(tmp_path, doc) -> str:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return str(path)


def test_a_european_mission_under_the_african_union_warns_with_the_nearest_member(tmp_path):
    lines = far_missions(pipeline.load(write(tmp_path, AU_WITH_EUROPE)))
    assert len(lines) == 1
    line = lines[0]
    assert "oder-flood" in line and "somalia-relief" not in line
    assert "TUN" in line and "1,982 km" in line and f"{FAR_KM:,.0f} km" in line


def test_the_scenarios_own_origins_count_as_member_points(tmp_path):
    doc = {**AU_WITH_EUROPE, "origins": {"TUN": [16.0, 50.0]}}   # an absurd origin, but a member's point
    assert far_missions(pipeline.load(write(tmp_path, doc))) == []


def test_shipped_baseline_has_no_far_mission():
    assert far_missions(pipeline.load(SCENARIO_DIR / "osce-baseline.yaml")) == []


def test_validate_prints_the_warning_and_keeps_exit_0(tmp_path):
    done = subprocess.run([sys.executable, "-m", "planner.cli", "validate", write(tmp_path, AU_WITH_EUROPE)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    warnings = [line for line in done.stdout.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "oder-flood" in warnings[0] and "TUN" in warnings[0]
