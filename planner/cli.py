"""The `planner` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes: 0 solved (or valid), 1 no plan exists, 2 bad input, 3 solver failure.
"""
from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from planner.errors import InputError, PlannerError, Problem

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Regional peace-force contingent planner.")
# Wide enough for the tables when output goes to a file or a pipe.
out_console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
DEBUG = {"on": False}


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks and solver output.")) -> None:
    DEBUG["on"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(name)s: %(message)s")


def _guard(action):
    """Run a command; PlannerError -> its lines on stderr and its exit code, never a traceback."""
    try:
        return action()
    except PlannerError as exc:
        for line in exc.lines():
            typer.echo(line, err=True)  # plain: an error line is never wrapped
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:  # a bug: one line unless --debug
        if DEBUG["on"]:
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        raise typer.Exit(3) from None


def _existing(path: Path) -> Path:
    if not path.exists():
        raise InputError(Problem(str(path), "", "file not found"))
    return path


@app.command("solve")
def solve_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    solver: Optional[str] = typer.Option(None, "--solver", "-s", help="highs, cbc, scip or cpsat (default: the scenario's)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Result folder (default reports/<scenario name>/)."),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1, help="Seconds before the solver stops."),
    gap: Optional[float] = typer.Option(None, "--gap", min=0.0, max=0.99, help="Relative MIP gap accepted as optimal."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="Solver threads."),
) -> None:
    """Solve a scenario and write allocation.csv, states.csv, missions.csv, summary.json."""
    def action():
        from planner import pipeline
        from planner.export.tables import write_plan, write_summary
        from planner.solve import SOLVERS

        if solver is not None and solver not in SOLVERS:
            raise InputError(Problem("--solver", "", f"unknown solver {solver!r} (known: {', '.join(SOLVERS)})"))
        started = time.perf_counter()
        inputs = pipeline.load(_existing(scenario))
        load_s = time.perf_counter() - started
        options = pipeline.options_for(inputs, solver, time_limit, gap, threads)
        target = out or Path("reports") / inputs.name
        with tempfile.TemporaryDirectory(prefix="peaceforce-") as tmp:
            log = Path(tmp) / "solver.log"
            run = pipeline.solve_inputs(inputs, options, log)
            run.timings = {"load_s": load_s, **run.timings}
            written_at = time.perf_counter()
            summary = pipeline.summary(run)
            files = write_plan(run.plan, summary, target)
            shutil.copyfile(log, target / "solver.log")
            run.timings["write_s"] = time.perf_counter() - written_at
            summary = pipeline.summary(run)
            write_summary(summary, target)
        from planner.export.console import print_plan
        print_plan(out_console, run, summary, files)

    _guard(action)


@app.command("validate")
def validate_command(scenario: Path = typer.Argument(..., help="Scenario YAML file.")) -> None:
    """Check a scenario and its tables without solving; report every problem found."""
    def action():
        from planner import pipeline
        from planner.diagnose import shortfalls

        inputs = pipeline.load(_existing(scenario))
        out_console.print(f"{inputs.source}: valid scenario {inputs.name!r}: {len(inputs.members)} members, "
                          f"{len(inputs.missions)} missions, {int(inputs.requirements['units_required'].sum())} "
                          f"units ({int(inputs.missions['personnel_required'].sum())} personnel) required, "
                          f"{len(inputs.eligible)} eligible state/unit/mission triples", markup=False)
        reasons = shortfalls(inputs)
        for reason in reasons:
            out_console.print(f"warning: {reason}", markup=False)
        if reasons:
            raise typer.Exit(1)

    _guard(action)


@app.command("data")
def data_command(region: Optional[str] = typer.Option(None, "--region", "-r", help="Only members of this region.")) -> None:
    """List the shipped regions and states, with flags on filled figures."""
    def action():
        from planner.data.states import load_states, membership_columns
        from planner.paths import DATA_DIR

        states = load_states(DATA_DIR / "states.csv", DATA_DIR / "figure_flags.csv")
        regions = membership_columns(states)
        out_console.print("regions: " + ", ".join(f"{r} ({int(states[r].sum())})" for r in regions), markup=False)
        if region is not None:
            if region not in regions:
                raise InputError(Problem("--region", "", f"unknown region {region!r} (known: {', '.join(regions)})"))
            states = states[states[region] == 1]
        columns = ["name", "gni_usd", "population", "armed_forces", "filled"]
        table = states[columns].copy()
        table["gni_usd"] = (table["gni_usd"] / 1e9).round(1)
        table = table.rename(columns={"gni_usd": "gni_busd"})
        out_console.print(table.to_string(), markup=False)

    _guard(action)


@app.command("solvers")
def solvers_command() -> None:
    """Report which solvers work on this machine (each solves a tiny model)."""
    def action():
        from planner.solve.probe import probe_all

        failed = False
        for name, ok, detail in probe_all():
            out_console.print(f"{name:6} {'ok' if ok else 'FAILED':6} {detail}", markup=False)
            failed |= not ok
        if failed:
            raise typer.Exit(3)

    _guard(action)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
