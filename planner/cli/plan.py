"""Commands that make and check plans: solve, verify, validate, data, solvers."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Optional

import typer

from planner.cli.app import (
    OUTSIDE_HELP,
    SETS_HELP,
    SHORTFALL_HELP,
    _existing,
    _guard,
    _stage_status,
    app,
    out_console,
)
from planner.errors import InputError, Problem
from planner.paths import REPORTS_DIR
from planner.scenario.schema import MAX_TIME_LIMIT_S
from planner.scenario.vocabulary import SOLVER_NAMES, listed


@app.command("solve")
def solve_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    solver: Optional[str] = typer.Option(None, "--solver", "-s",
                                         help=f"{listed(SOLVER_NAMES)} (default: the scenario's)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Result folder (default reports/<scenario name>/)."),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1, max=MAX_TIME_LIMIT_S,
                                               help="Seconds before the solver stops (at most a week)."),
    gap: Optional[float] = typer.Option(None, "--gap", min=0.0, max=0.99, help="Relative MIP gap accepted as optimal."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="Solver threads."),
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write allocation.xlsx for staff."),
    report: bool = typer.Option(False, "--report", help="Also write report.html with maps and charts."),
    sets: Optional[list[str]] = typer.Option(None, "--set", help=SETS_HELP),
    allow_outside_tables: bool = typer.Option(False, "--allow-outside-tables", help=OUTSIDE_HELP),
    allow_shortfall: bool = typer.Option(False, "--allow-shortfall", help=SHORTFALL_HELP),
) -> None:
    """Solve a scenario (YAML, or an input workbook .xlsx) and write the result files."""
    def action():
        from planner import api
        from planner.run.publish import check_target
        from planner.scenario.overrides import parse_sets
        from planner.solvers import SOLVERS

        if solver is not None and solver not in SOLVERS:
            raise InputError(Problem("--solver", "", f"unknown solver {solver!r} (known: {', '.join(SOLVERS)})"))
        started = time.perf_counter()
        overrides = parse_sets(sets or [])
        if allow_shortfall:
            overrides["solver.allow_shortfall"] = True
        inputs = api.load_scenario(_existing(scenario), allow_outside_tables, **overrides)
        load_s = time.perf_counter() - started
        _warn_far_missions(inputs)
        target = out if out is not None else REPORTS_DIR / inputs.name
        check_target(target)    # before the solve, not after it
        with tempfile.TemporaryDirectory(prefix="peaceforce-") as tmp, _stage_status() as stage:
            log = Path(tmp) / "solver.log"
            plan = api.solve(inputs, solver, time_limit, gap, threads=threads, progress=stage, log=log)
            plan.run.timings = {"load_s": load_s, **plan.run.timings}
            files, results = plan.publish(target, log, xlsx=xlsx, report=report)
        from planner.export.console import print_plan

        print_plan(out_console, results, files)

    _guard(action)


def _warn_far_missions(inputs) -> None:
    """A warning line per mission far outside the members' territory (planner/check/territory.py)."""
    from planner.check.territory import far_missions

    for line in far_missions(inputs):
        out_console.print(f"warning: {line}", markup=False)


@app.command("verify")
def verify_command(
    scenario: Path = typer.Argument(..., help="Scenario the plan was made for."),
    result_dir: Path = typer.Argument(..., help="Result folder written by planner solve."),
    sets: Optional[list[str]] = typer.Option(None, "--set", help=SETS_HELP + " As the plan was solved with."),
    allow_outside_tables: bool = typer.Option(False, "--allow-outside-tables", help=OUTSIDE_HELP),
    allow_shortfall: bool = typer.Option(False, "--allow-shortfall",
                                         help="The plan was solved with --allow-shortfall."),
) -> None:
    """Re-check a plan against its scenario with independent arithmetic; exit 0 valid, 1 violated."""
    def action():
        from planner import api
        from planner.scenario.overrides import parse_sets

        overrides = parse_sets(sets or [])
        if allow_shortfall:
            overrides["solver.allow_shortfall"] = True
        inputs = api.load_scenario(_existing(scenario), allow_outside_tables, **overrides)
        if not _existing(result_dir).is_dir():
            raise InputError(Problem(str(result_dir), "", "not a folder (give the result folder of planner solve)"))
        broken = api.verify(inputs, result_dir)   # a missing or unreadable file is a violation too
        for violation in broken:
            out_console.print(f"violated: {violation}", markup=False)
        if broken:
            raise typer.Exit(1)
        out_console.print(f"valid: {result_dir} keeps every rule of {inputs.name}", markup=False)

    _guard(action)


@app.command("validate")
def validate_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file or input workbook."),
    sets: Optional[list[str]] = typer.Option(None, "--set", help=SETS_HELP),
    allow_outside_tables: bool = typer.Option(False, "--allow-outside-tables", help=OUTSIDE_HELP),
    show: bool = typer.Option(False, "--show", help="Also print the resolved scenario (every default and --set "
                                                    "applied) as YAML."),
) -> None:
    """Check a scenario and its tables without solving; report every problem found."""
    def action():
        from planner import api
        from planner.check.diagnose import shortfalls
        from planner.scenario.overrides import parse_sets

        inputs = api.load_scenario(_existing(scenario), allow_outside_tables, **parse_sets(sets or []))
        out_console.print(f"{inputs.source}: valid scenario {inputs.name!r}: {len(inputs.members)} members, "
                          f"{len(inputs.missions)} missions, {int(inputs.requirements['units_required'].sum())} "
                          f"units ({int(inputs.missions['personnel_required'].sum())} personnel) required, "
                          f"{len(inputs.eligible)} eligible state/unit/mission triples", markup=False)
        if show:
            import yaml

            typer.echo(yaml.safe_dump(inputs.scenario.model_dump(mode="json"), sort_keys=False, allow_unicode=True),
                       nl=False)
        _warn_far_missions(inputs)    # a warning only: the exit code stays the shortfall check's
        reasons = shortfalls(inputs)
        for reason in reasons:
            out_console.print(f"warning: {reason}", markup=False)
        if reasons:
            raise typer.Exit(1)

    _guard(action)


@app.command("data")
def data_command(region: Optional[str] = typer.Option(None, "--region", "-r",
                                                     help="Only members of this region."),
                 capacities: bool = typer.Option(False, "--capacities",
                                                 help="Print units held per state and type, with each figure's "
                                                      "source, as CSV (shipped defaults).")) -> None:
    """List the shipped regions and states, with flags on filled figures."""
    def action():
        from planner.data.states import load_states, membership_columns
        from planner.paths import DATA_DIR

        states = load_states(DATA_DIR / "states.csv", DATA_DIR / "figure_flags.csv")
        regions = membership_columns(states)
        if not capacities:
            out_console.print("regions: " + ", ".join(f"{r} ({int(states[r].sum())})" for r in regions),
                              markup=False)
        if region is not None:
            if region not in regions:
                raise InputError(Problem("--region", "", f"unknown region {region!r} (known: {', '.join(regions)})"))
            states = states[states[region] == 1]
        if capacities:
            typer.echo(_capacity_csv(states), nl=False)
            return
        from rich.table import Table

        grid = Table(title=f"States{f' of {region}' if region else ''} ({len(states)})")
        for column in ("state", "name", "GNI, USD bn", "population, m", "armed forces", "filled"):
            grid.add_column(column, justify="right" if "," in column or column == "armed forces" else "left")
        for code, row in states.iterrows():
            grid.add_row(code, str(row["name"]), f"{row['gni_usd'] / 1e9:,.1f}", f"{row['population'] / 1e6:,.2f}",
                         f"{row['armed_forces']:,.0f}", "see below" if row["filled"] else "")
        out_console.print(grid)
        # The fill notes are long: one line each under the table, never wrapped inside a cell.
        for code, row in states[states["filled"].fillna("") != ""].iterrows():
            out_console.print(f"{code} ({row['name']}) filled: {row['filled']}", markup=False)

    _guard(action)


def _capacity_csv(states) -> str:
    """state,capability,units,source for `states`, under the shipped assumptions."""
    from planner.data.capabilities import default_capacity, load_capabilities
    from planner.data.state_facts import load_state_facts
    from planner.files.csvtext import csv_text
    from planner.paths import DATA_DIR
    from planner.scenario.load import shipped_defaults

    a = shipped_defaults()["assumptions"]
    held, sources = default_capacity(states, load_capabilities(DATA_DIR / "capabilities.csv"),
                                     load_state_facts(DATA_DIR, states.index), a["deployable_share"],
                                     a["sustainable_share"])
    table = held.stack().rename("units").to_frame().join(sources.stack().rename("source")).reset_index()
    return csv_text(table)


@app.command("solvers")
def solvers_command() -> None:
    """Report which solvers work on this machine (each solves a tiny model)."""
    def action():
        from planner.solvers.probe import probe_all

        failed = False
        for name, ok, detail in probe_all():
            out_console.print(f"{name:6} {'ok' if ok else 'FAILED':6} {detail}", markup=False)
            failed |= not ok
        if failed:
            raise typer.Exit(3)

    _guard(action)
