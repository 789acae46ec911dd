"""Golden matrices: the MPS text of every shipped scenario's model (and of its elastic model) is
pinned by its SHA-256, so a refactoring cannot change a matrix unnoticed.

A deliberate change to the formulation or to a shipped scenario refreshes the pins, and the
commit shows which models changed:

    python -m tests.model.test_golden_mps --refresh
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from planner.inputs import model_data
from planner.model import build_allocation
from planner.model.elastic import build_elastic
from planner.model.equipment import build_equipment
from planner.model.trajectory import build_forces
from planner.paths import SCENARIO_DIR
from planner.run import pipeline
from planner.solvers.mps import to_mps

GOLDEN = Path(__file__).with_name("golden_mps.json")
SCENARIOS = sorted(SCENARIO_DIR.rglob("*.yaml"))


def digests(scenario: Path) -> dict[str, str]:
    """The allocation and elastic models; for a trajectory also the forces path (without the
    allocation's link) and the equipment model."""
    inputs = pipeline.load(scenario)
    d = model_data(inputs)
    models = {"allocation": build_allocation(d).model, "elastic": build_elastic(d).model}
    tr = inputs.trajectory
    if tr is not None:
        models["forces"] = build_forces(d, None)[0]
        if tr.equipment is not None:
            baseline = tr.equipment.set_index(["state", "category"])["count"].astype(float)
            models["equipment"] = build_equipment(tr.years, baseline, tr.ceilings, tr.sufficiency_share)[0]
    name = scenario.relative_to(SCENARIO_DIR).as_posix()
    return {f"{name}:{label}": hashlib.sha256(to_mps(model).encode()).hexdigest() for label, model in models.items()}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_matrices_are_the_pinned_ones(scenario):
    pinned = json.loads(GOLDEN.read_text())
    for key, digest in digests(scenario).items():
        assert pinned.get(key) == digest, f"{key}: the model changed (refresh the pins if that was meant)"


if __name__ == "__main__" and "--refresh" in sys.argv:
    table = {}
    for path in SCENARIOS:
        table.update(digests(path))
    GOLDEN.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN} ({len(table)} models)")
