"""The planner for notebooks: load a scenario, solve it, look at the plan as pandas tables, write
the workbook and the report, verify, compare scenarios, sweep a grid. `import planner` gives these
names (loaded on first use, so that the command line starts quickly).

    import planner
    sc = planner.load_scenario("data/scenarios/osce-baseline.yaml", **{"fairness.tolerance": 0.1})
    plan = planner.solve(sc)
    plan.states.head(); plan.summary["total_cost_usd"]
    plan.to_excel("brief.xlsx"); plan.report("out/"); assert plan.verify() == []
    planner.compare(["data/scenarios/osce-baseline.yaml", "data/scenarios/osce-tight.yaml"])
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from planner.inputs import Inputs
from planner.run import pipeline
from planner.run.pipeline import Run

__all__ = ["Plan", "compare", "load_scenario", "solve", "sweep", "verify"]


def load_scenario(source: str | Path | dict, allow_outside_tables: bool = False, /, **sets: Any) -> Inputs:
    """A scenario from a YAML file, an input workbook, or a dict (a whole scenario, written to a
    temporary folder: name `extends:` and `tables:` files by absolute paths, which a dict may).
    `sets` are dotted fields, as `--set` takes them: load_scenario(path, **{"fairness.tolerance": 0.1});
    `allow_outside_tables` lets a YAML file name tables outside its folder and data/."""
    if isinstance(source, dict):
        folder = Path(tempfile.mkdtemp(prefix="planner-scenario-"))
        path = folder / f"{source.get('name', 'scenario')}.yaml"
        path.write_text(yaml.safe_dump(source, sort_keys=False))
        return pipeline.load(path, sets or None, allow_outside_tables=True)
    return pipeline.load(Path(source), sets or None, allow_outside_tables)


@dataclass
class Plan:
    """A solved, checked plan: `allocation`, `states`, `missions` (pandas, as the CSV files hold
    them), `summary` (a Series of the headline figures; `details` the whole summary.json)."""

    run: Run

    @property
    def inputs(self) -> Inputs:
        return self.run.inputs

    @property
    def allocation(self) -> pd.DataFrame:
        return self.run.plan.allocation

    @property
    def states(self) -> pd.DataFrame:
        return self.run.plan.states

    @property
    def missions(self) -> pd.DataFrame:
        return self.run.plan.missions

    @property
    def details(self) -> dict:
        return self.run.summary()

    @property
    def summary(self) -> pd.Series:
        return pd.Series({k: v for k, v in self.details.items() if not isinstance(v, (dict, list))}, dtype=object)

    def write(self, folder: str | Path, xlsx: bool = False, report: bool = False) -> list[Path]:
        """The result folder `planner solve` writes (checked by the verifier before it is published)."""
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "solver.log"
            log.touch()
            files, _ = self.publish(folder, log, xlsx=xlsx, report=report)
        return files

    def publish(self, folder: str | Path, log: Path, xlsx: bool = False, report: bool = False) -> tuple[list, Any]:
        """(the files written, the results as read back from them): the result folder with `log`
        (the solver's) beside it, checked by the verifier before anything is moved into place."""
        from planner.run.publish import publish, resolved_scenario

        return publish(self.run, resolved_scenario(self.inputs), Path(folder), Path(log), xlsx=xlsx, report=report)

    def to_excel(self, path: str | Path) -> Path:
        """The allocation workbook staff brief from, at `path`."""
        from planner.export.excel import allocation_workbook
        from planner.results.folder import read_results

        with tempfile.TemporaryDirectory() as tmp:
            self.write(tmp)
            return allocation_workbook(read_results(Path(tmp)), Path(path))

    def report(self, folder: str | Path) -> Path:
        """report.html (and the result files) in `folder`."""
        self.write(folder, report=True)
        return Path(folder) / "report.html"

    def verify(self) -> list:
        """The rules the plan breaks, by the verifier's own arithmetic (empty: none)."""
        from planner.check.verify import verify
        from planner.results.folder import write_results
        from planner.run.publish import resolved_scenario

        with tempfile.TemporaryDirectory() as tmp:
            write_results(self.run.results(resolved_scenario(self.inputs)), Path(tmp))
            return verify(self.inputs, Path(tmp))


def solve(scenario: Inputs | str | Path | dict, solver: str | None = None, time_limit_s: float | None = None,
          gap: float | None = None, price: bool = True, threads: int | None = None,
          progress: Callable[[str], None] | None = None, log: str | Path | None = None) -> Plan:
    """Solve a scenario (loaded, or a path or dict to load); InfeasibleError says why when no plan
    exists. `progress` is told each stage's name; the solver's log goes to `log` (default: discarded)."""
    inputs = scenario if isinstance(scenario, Inputs) else load_scenario(scenario)
    options = pipeline.options_for(inputs, solver, time_limit_s, gap, threads)
    extra = {"progress": progress} if progress is not None else {}
    if log is not None:
        return Plan(pipeline.solve_inputs(inputs, options, Path(log), price=price, **extra))
    with tempfile.TemporaryDirectory() as tmp:
        return Plan(pipeline.solve_inputs(inputs, options, Path(tmp) / "solver.log", price=price, **extra))


def verify(scenario: Inputs | str | Path | dict, folder: str | Path) -> list:
    """The rules a result folder breaks for a scenario, by the verifier's own arithmetic (empty:
    none); a missing or unreadable file is a violation too."""
    from planner.check.verify import verify as verify_folder

    inputs = scenario if isinstance(scenario, Inputs) else load_scenario(scenario)
    return verify_folder(inputs, Path(folder))


def compare(scenarios: list, solver: str | None = None) -> pd.DataFrame:
    """Scenarios side by side, as `planner compare` shows them: one row per measure, one column per
    scenario (named by the scenario's name)."""
    from planner.analysis.compare import compare_runs, solve_each

    inputs = [s if isinstance(s, Inputs) else load_scenario(s) for s in scenarios]
    return compare_runs([i.name for i in inputs], solve_each(inputs, solver)).summary


def sweep(scenario: str | Path, grid: dict[str, list], workers: int = 2, solver: str | None = None) -> pd.DataFrame:
    """Every combination of the grid's values (dotted field -> values), solved in parallel; one row each."""
    from planner.analysis.sweep import run_sweep

    with tempfile.TemporaryDirectory() as tmp:
        return run_sweep(str(scenario), grid, workers, Path(tmp), solver)
