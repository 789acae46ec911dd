"""Solve every shipped scenario into a folder, or compare two such folders file by file.

A refactoring that claims "same behaviour" is checked with it::

    python scripts/same_results.py solve /tmp/before      # on the old tree
    python scripts/same_results.py solve /tmp/after       # on the new tree
    python scripts/same_results.py compare /tmp/before /tmp/after

`solve` runs `planner solve` on each scenario under data/scenarios/ (a scenario with no plan
keeps its exit code and message in `exit.txt`). `compare` requires every file to be identical,
except what records the run rather than the plan: run.json (and, in result folders written
before run.json existed, solver.log and summary.json's wall times).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Files and summary fields that describe the run (wall times, solver chatter), not the plan.
RUN_FILES = {"solver.log", "run.json"}
RUN_FIELDS = {"timings_s"}


def solve_all(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for scenario in sorted((ROOT / "data" / "scenarios").rglob("*.yaml")):
        name = scenario.relative_to(ROOT / "data" / "scenarios").with_suffix("").as_posix().replace("/", "__")
        target = out / name
        run = subprocess.run([sys.executable, "-m", "planner.cli", "solve", str(scenario), "--out", str(target)],
                             capture_output=True, text=True, cwd=ROOT)
        target.mkdir(parents=True, exist_ok=True)
        (target / "exit.txt").write_text(f"{run.returncode}\n{run.stderr}")
        print(f"{name}: exit {run.returncode}")


def _comparable(path: Path) -> bytes:
    if path.name == "summary.json":
        summary = json.loads(path.read_text())
        for field in RUN_FIELDS:
            summary.pop(field, None)
        return json.dumps(summary, indent=2, sort_keys=True).encode()
    return path.read_bytes()


def compare(a: Path, b: Path) -> int:
    differences = 0
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.name not in RUN_FILES}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and p.name not in RUN_FILES}
    for missing in sorted(files_a ^ files_b):
        print(f"only in {'the first' if missing in files_a else 'the second'}: {missing}")
        differences += 1
    for rel in sorted(files_a & files_b):
        if _comparable(a / rel) != _comparable(b / rel):
            print(f"differs: {rel}")
            differences += 1
    print(f"{len(files_a & files_b)} files compared, {differences} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "solve":
        solve_all(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
