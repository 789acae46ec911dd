"""Command-line conventions and files as users expect them (each failed before its fix):
--version, `planner key mix`, result files that follow the umask, and bench --check."""
from __future__ import annotations

import os
import stat

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner import __version__
from planner.cli import app
from planner.files.atomic import write_text
from planner.paths import SCENARIO_DIR

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"planner {__version__}"


def test_key_mix_takes_weights():
    result = runner.invoke(app, ["key", "mix", "--region", "osce", "--weights", "gdp=0.5,population=0.5"])
    assert result.exit_code == 0, result.output
    rows = [line.split(",") for line in result.output.strip().splitlines()[1:]]
    assert len(rows) == 57 and sum(float(share) for _, share in rows) == pytest.approx(1.0)
    gdp = pd.read_csv(pd.io.common.StringIO(runner.invoke(app, ["key", "gdp", "--region", "osce"]).output))
    pop = pd.read_csv(pd.io.common.StringIO(runner.invoke(app, ["key", "population", "--region", "osce"]).output))
    mixed = dict((s, float(v)) for s, v in rows)
    usa = 0.5 * gdp.set_index("state").loc["USA", "share"] + 0.5 * pop.set_index("state").loc["USA", "share"]
    assert mixed["USA"] == pytest.approx(usa, rel=1e-6)
    assert runner.invoke(app, ["key", "mix", "--region", "osce"]).exit_code == 2


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_written_files_follow_the_umask(tmp_path, mask):
    before = os.umask(mask)
    try:
        write_text(tmp_path / "x.csv", "a\n")
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "x.csv").stat().st_mode) == 0o666 & ~mask


def test_bench_check_exits_1_when_a_target_is_missed(monkeypatch, tmp_path):
    import planner.bench.ladder as ladder

    monkeypatch.setattr(ladder, "run_ladder", lambda out, rungs, echo: pd.DataFrame(columns=ladder.COLUMNS))
    monkeypatch.setattr(ladder, "end_to_end", lambda scenario, repeats=1: 999.0)
    result = runner.invoke(app, ["bench", "--rung", "osce-baseline", "--no-sweep", "--check", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "MISSED osce-baseline: planner solve end to end 999.0 s" in result.output
    result = runner.invoke(app, ["bench", "--rung", "osce-baseline", "--no-sweep", "--out", str(tmp_path)])
    assert result.exit_code == 0


def test_validate_show_prints_the_resolved_scenario():
    import yaml

    from planner.paths import SCENARIO_DIR

    result = runner.invoke(app, ["validate", str(SCENARIO_DIR / "osce-tight.yaml"), "--show", "--set",
                                 "fairness.tolerance=0.15"])
    assert result.exit_code == 0, result.output
    resolved = yaml.safe_load(result.output[result.output.index("\nname:"):])
    assert resolved["fairness"]["tolerance"] == 0.15 and resolved["assumptions"]["deployable_share"] == 0.4


def test_data_is_a_table_with_names_and_units():
    result = runner.invoke(app, ["data", "--region", "osce"])
    assert result.exit_code == 0
    assert "GNI, USD bn" in result.output and "Germany" in result.output and "e+" not in result.output


def test_shell_completion_script_and_its_answers():
    """The README's completion line prints a bash script, and the script's protocol completes commands and
    options (a failure here means the documented `--show-completion bash` does nothing)."""
    import subprocess
    import sys
    from pathlib import Path

    # The installed command: Click names the completion variable after the program.
    planner = Path(sys.executable).parent / "planner"
    if not planner.exists():
        pytest.skip("the planner command is not installed beside this Python (pip install -e .)")
    script = subprocess.run([planner, "--show-completion", "bash"], capture_output=True, text=True, timeout=60)
    assert script.returncode == 0 and "complete -o default -F" in script.stdout
    env = {**os.environ, "_PLANNER_COMPLETE": "complete_bash", "COMP_WORDS": "planner solve --ti", "COMP_CWORD": "2"}
    answer = subprocess.run([planner], capture_output=True, text=True, env=env, timeout=60)
    assert answer.stdout.split() == ["--time-limit"]


@pytest.mark.parametrize("field", ["source", "allow_outside_tables"])
def test_set_paths_named_like_api_parameters_are_unknown_fields(field):
    """--set reaches the scenario, never the loader's own parameters (a TypeError, exit 3, before)."""
    result = runner.invoke(app, ["validate", str(SCENARIO_DIR / "osce-baseline.yaml"), "--set", f"{field}=1"])
    assert result.exit_code == 2 and f"--set {field}=1" in result.output, result.output
