"""Same input, same output: whole result folders are byte-identical across runs and thread counts
(run.json, which records the run itself, aside); a crash writes nothing; every summary says how
it was made and run.json what the run was like."""
from __future__ import annotations

import hashlib
import json

from typer.testing import CliRunner

from planner.cli import app
from planner.paths import SCENARIO_DIR

runner = CliRunner()
BASELINE = SCENARIO_DIR / "osce-baseline.yaml"
PACK = SCENARIO_DIR / "asean-baseline.yaml"
RUN_RECORD = "run.json"


def digests(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.name != RUN_RECORD}


def test_two_runs_on_other_thread_counts_give_the_same_bytes(tmp_path):
    """One run with the default single thread, one with two. HiGHS, the default, is deterministic
    whatever its threads (CBC and CP-SAT may stop at another plan within the gap with more than one:
    README, "Trusting the answer"). On the ASEAN pack, which solves in seconds: the baseline's own
    bytes are compared across runs by the workbook round trip and the tests that share its folder."""
    outs = []
    for threads in (1, 2):
        out = tmp_path / f"threads-{threads}"
        result = runner.invoke(app, ["solve", str(PACK), "--out", str(out), "--threads", str(threads), "--xlsx",
                                     "--report"])
        assert result.exit_code == 0, result.output
        assert json.loads((out / RUN_RECORD).read_text())["threads"] == threads
        outs.append(out)
    first, second = digests(outs[0]), digests(outs[1])
    assert set(first) == set(second) >= {"allocation.csv", "states.csv", "missions.csv", "summary.json",
                                         "scenario.json", "allocation.xlsx", "report.html", "map.png", "shares.png"}
    assert first == second, [name for name in first if first[name] != second[name]]


def test_run_json_holds_what_differs_from_run_to_run(baseline):
    summary = json.loads((baseline.out / "summary.json").read_text())
    record = json.loads((baseline.out / RUN_RECORD).read_text())
    assert "timings_s" not in summary and "threads" not in summary["reproducibility"]
    assert {"load_s", "build_s", "solve_s", "write_s"} <= set(record["timings_s"])
    assert record["machine"]["cpus"] >= 1 and any("HiGHS" in line for line in record["solver_log"])


def test_a_solver_crash_names_the_fallback(tmp_path, monkeypatch):
    import planner.solvers.runner as runner_module

    monkeypatch.setattr(runner_module, "_in_child", lambda *a, **k: {"termination": "crashed: boom", "error": True})
    result = runner.invoke(app, ["solve", str(BASELINE), "--out", str(tmp_path / "o")])
    assert result.exit_code == 3
    assert "crashed: boom" in result.output and "--solver scip" in result.output
    assert not (tmp_path / "o").exists()


def test_summary_carries_a_reproducibility_stamp(baseline):
    stamp = json.loads((baseline.out / "summary.json").read_text())["reproducibility"]
    assert set(stamp) >= {"planner_version", "solver", "solver_version", "seed", "gap_limit", "inputs_sha256"}
    assert len(stamp["inputs_sha256"]) == 64
