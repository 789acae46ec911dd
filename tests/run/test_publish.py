"""Publishing is one step: a kill -9 at any moment leaves the old result or the new one, whole;
two solves into one folder take turns and never mix; no file of an earlier run stays beside a
new one; a folder that is not a result is never replaced."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.files.folders import previous_of, recover
from tests.conftest import write_case

runner = CliRunner()
RUN_RECORD = "run.json"


def small_case(folder: Path, observers: int) -> Path:
    return write_case(folder, [{"iso3": "AAA", "gni": 2, "lon": 1.0}, {"iso3": "BBB", "gni": 1, "lon": 5.0}],
                      [{"capability": "obs", "personnel": 4, "cost": 1000}],
                      {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0],
                                     "requirements": {"obs": observers}}],
                       "fairness": {"mode": "band", "tolerance": 0.5, "apply_to": ["personnel", "net_cost"]}},
                      capacities=[("AAA", "obs", 50), ("BBB", "obs", 50)], name=f"case{observers}")


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.name != RUN_RECORD}


def solve(scenario: Path, out: Path, *extra) -> None:
    result = runner.invoke(app, ["solve", str(scenario), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output


@pytest.fixture
def old_and_new(tmp_path):
    """A folder holding an old result, and what the new result must look like (solved elsewhere)."""
    old_case, new_case = small_case(tmp_path / "a", 6), small_case(tmp_path / "b", 9)
    target, reference = tmp_path / "out", tmp_path / "reference"
    solve(old_case, target, "--report")           # the old result has files the new one will not
    solve(new_case, reference)
    return target, new_case, digests(target), digests(reference)


# Where the kill falls: after the new result is written but before the swap; in the middle of
# the two-rename fallback; right after the atomic exchange, before the old copy is removed.
KILL_POINTS = {
    "before the swap": "folders.swap_in = die",
    "between the two renames": textwrap.dedent("""
        folders._exchange = lambda a, b: False
        real_rename = folders.os.rename
        calls = []
        def rename(a, b):
            calls.append(a)
            real_rename(a, b)
            if len(calls) == 1:
                die()
        folders.os.rename = rename"""),
    "after the exchange": textwrap.dedent("""
        real_exchange = folders._exchange
        def exchange(a, b):
            assert real_exchange(a, b)
            die()
        folders._exchange = exchange"""),
}


@pytest.mark.parametrize("moment", sorted(KILL_POINTS))
def test_a_kill_at_any_moment_leaves_the_old_or_the_new_result_whole(old_and_new, moment):
    target, new_case, old, new = old_and_new
    script = textwrap.dedent("""
        import os, signal, sys
        import planner.files.folders as folders
        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        {hook}
        from planner.cli import app
        sys.argv = ["planner", "solve", {case!r}, "--out", {target!r}]
        app()
    """).format(hook=KILL_POINTS[moment].replace("\n", "\n"), case=str(new_case), target=str(target))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == -9, run.stderr
    recover(target)                      # what the next writer does under the lock
    assert digests(target) in (old, new)
    assert not previous_of(target).exists()
    assert not list(target.parent.glob(f".{target.name}.staging-*"))


def test_a_new_result_replaces_the_whole_folder(old_and_new):
    target, new_case, old, new = old_and_new
    assert "report.html" in old
    solve(new_case, target)
    assert digests(target) == new          # the old report and its images are gone


def test_two_solves_into_one_folder_take_turns(tmp_path):
    cases = [small_case(tmp_path / "a", 6), small_case(tmp_path / "b", 9)]
    target = tmp_path / "shared"
    runs = [subprocess.Popen([sys.executable, "-m", "planner.cli", "solve", str(case), "--out", str(target)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for case in cases]
    assert [run.wait(timeout=180) for run in runs] == [0, 0]
    name = json.loads((target / "summary.json").read_text())["scenario"]
    scenario = cases[0] if name == "case6" else cases[1]
    check = runner.invoke(app, ["verify", str(scenario), str(target)])
    assert check.exit_code == 0, check.output       # every file from the same solve


OUT_CASES = [("", "give the result folder a name"), ("README.md", "is a file, not a folder"),
             ("docs", "holds files that are not a result"), ("x" * 300, "File name too long")]


@pytest.mark.parametrize("out,expected", OUT_CASES)
def test_a_folder_that_is_not_a_result_is_never_replaced(tmp_path, monkeypatch, out, expected):
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = runner.invoke(app, ["solve", str(small_case(tmp_path / "a", 6)), "--out", out])
    assert result.exit_code == 2, result.output
    assert expected in result.output
