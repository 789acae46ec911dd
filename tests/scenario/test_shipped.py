"""Every shipped scenario solves (or, for the examples, fails as it says it does): a change to data
or defaults that breaks one must not land unnoticed (eu-only once became infeasible that way).
Solving them all takes minutes: the solves run in make bench; validating them here."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.paths import SCENARIO_DIR

runner = CliRunner()
SHIPPED = sorted(p for p in SCENARIO_DIR.glob("*.yaml"))
# Exit codes the examples are for: a diagnosis (1) and, with --allow-shortfall, a partial plan (0).
EXAMPLES = [("infeasible.yaml", [], 1), ("partial.yaml", [], 1), ("partial.yaml", ["--allow-shortfall"], 0)]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_validates(path):
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["infeasible.yaml", "partial.yaml"])
def test_the_examples_validate_with_the_shortfall_they_are_about(name):
    result = runner.invoke(app, ["validate", str(SCENARIO_DIR / "examples" / name)])
    assert result.exit_code == 1 and "anatolia-earthquake is short" in result.output, result.output


@pytest.mark.slow
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_solves(path, tmp_path):
    result = runner.invoke(app, ["solve", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["verify", str(path), str(tmp_path / "out")]).exit_code == 0


@pytest.mark.slow
@pytest.mark.parametrize("name,flags,code", EXAMPLES, ids=lambda v: str(v))
def test_the_examples_end_as_they_say(name, flags, code, tmp_path):
    result = runner.invoke(app, ["solve", str(SCENARIO_DIR / "examples" / name), *flags, "--out", str(tmp_path / "o")])
    assert result.exit_code == code, result.output
