"""Tiny hand-built cases: states, unit types and a scenario written into a temp folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

STATE_COLUMNS = ["iso3", "name", "gdp_usd", "gni_usd", "population", "milex_usd", "armed_forces", "tiny"]
CAPABILITY_COLUMNS = ["capability", "name", "personnel", "rotation_factor", "combat",
                      "annual_cost_usd", "pool_share", "min_armed_forces"]


def write_case(folder: Path, states: list[dict], capabilities: list[dict], scenario: dict,
               capacities: list[tuple[str, str, int]] | None = None, name: str = "case",
               blocs: dict[str, list[str]] | None = None) -> Path:
    """Write states.csv, capabilities.csv (and capacities.csv) and NAME.yaml; return the YAML path.

    states: dicts with iso3, gni (USD) and lon/lat; every state is in region `tiny`.
    capabilities: dicts with capability, personnel, rotation, cost (USD a year), combat.
    blocs: membership columns added to states.csv (bloc -> its members), for bloc caps.
    """
    folder.mkdir(parents=True, exist_ok=True)
    blocs = blocs or {}
    rows = [",".join(STATE_COLUMNS + sorted(blocs))]
    for s in states:
        rows.append(f"{s['iso3']},{s.get('name', s['iso3'])},{s['gni']},{s['gni']},{s.get('population', 1000)},"
                    f"{s.get('milex', 0)},{s.get('armed_forces', 100000)},{s.get('tiny', 1)}"
                    + "".join(f",{int(s['iso3'] in blocs[b])}" for b in sorted(blocs)))
    (folder / "states.csv").write_text("\n".join(rows) + "\n")
    rows = [",".join(CAPABILITY_COLUMNS)]
    for c in capabilities:
        rows.append(f"{c['capability']},{c['capability']},{c['personnel']},{c.get('rotation', 1)},"
                    f"{int(c.get('combat', 0))},{c['cost']},0,0")
    (folder / "capabilities.csv").write_text("\n".join(rows) + "\n")
    doc = {
        "name": name,
        "region": "tiny",
        "key": {"gni": 1.0},
        "fairness": {"mode": "off"},
        "max_national_share": 1.0,
        # Hand-built cases are about one rule at a time: no minimum contingent, no bloc caps.
        "contingents": {"min_personnel": 0},
        "impartiality": {"max_bloc_share": {}},
        "assumptions": {"transport_usd_per_person_km": 0.0},
        "tables": {"states": "states.csv", "capabilities": "capabilities.csv"},
        "origins": {s["iso3"]: [s.get("lon", 0.0), s.get("lat", 0.0)] for s in states},
        "solver": {"time_limit_s": 30},
    }
    if capacities is not None:
        (folder / "capacities.csv").write_text(
            "state,capability,units\n" + "".join(f"{s},{c},{n}\n" for s, c, n in capacities))
        doc["tables"]["capacities"] = "capacities.csv"
    _merge(doc, scenario)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def _merge(base: dict, override: dict) -> None:
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


@pytest.fixture
def case(tmp_path):
    """write_case bound to a fresh temp folder."""
    def make(*args, **kwargs):
        return write_case(tmp_path, *args, **kwargs)
    return make


class Solved:
    """A solved scenario's result folder and what the command printed."""

    def __init__(self, out: Path, exit_code: int, output: str):
        self.out, self.exit_code, self.output = out, exit_code, output


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> Solved:
    """osce-baseline solved once (with its workbook and report) and shared by every test that only
    reads it; across pytest-xdist workers too, through a lock in the shared temp root."""
    import fcntl

    from typer.testing import CliRunner

    from planner.cli import app
    from planner.paths import SCENARIO_DIR

    # The session's own temp root: xdist workers each have a folder inside it; a run without
    # workers uses its base folder (its parent is shared by every session on the machine).
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = root / "shared-osce-baseline"
    with open(root / "shared-osce-baseline.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        printed = root / "shared-osce-baseline.output"
        if not printed.exists():
            result = CliRunner().invoke(app, ["solve", str(SCENARIO_DIR / "osce-baseline.yaml"), "--out", str(out),
                                              "--xlsx", "--report"])
            printed.write_text(f"{result.exit_code}\n{result.output}")
    code, _, output = printed.read_text().partition("\n")
    return Solved(out, int(code), output)


@pytest.fixture
def drawn(monkeypatch):
    """record(module): the (figure, path) of every chart `module` saves, drawn again after it was
    saved (closing it took its canvas), for the chart read-back tests."""
    from tests.export.chart_checks import drawn_again

    saved = []

    def record(module):
        from planner.export.charts import save_png

        def keep(fig, path):
            save_png(fig, path)
            saved.append((drawn_again(fig), path))

        monkeypatch.setattr(module, "save_png", keep)
        return saved

    return record
