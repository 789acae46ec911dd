"""Commands for analysts: keys, apportionment, frontier, comparison, sweeps, the benchmark."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

import typer

from planner.cli.app import _existing, _guard, _progress, app, out_console
from planner.errors import InputError, Problem
from planner.paths import REPORTS_DIR
from planner.scenario.schema import MAX_TIME_LIMIT_S, MAX_UNITS
from planner.scenario.vocabulary import APPORTION_METHODS, KEY_BASES, KEY_METHODS, SOLVER_NAMES, listed

SOLVER_HELP = f"{listed(SOLVER_NAMES)} (default: each scenario's)."


@app.command("key")
def key_command(
    method: str = typer.Argument(..., help=f"{listed(KEY_METHODS)}."),
    region: Optional[str] = typer.Option(None, "--region", "-r",
                                         help="Members of this region (default: all UN members)."),
    members: Optional[str] = typer.Option(None, "--members", "-m", help="Comma-separated ISO3 codes."),
    basis: Optional[str] = typer.Option(None, "--basis", "-b",
                                        help=f"un, un_peacekeeping: {listed(KEY_BASES)} (default: world)."),
    weights: Optional[str] = typer.Option(None, "--weights", "-w",
                                          help="mix: FIGURE=WEIGHT,... e.g. gdp=0.5,population=0.5."),
) -> None:
    """Print a burden-sharing key as CSV `state,share` (shares sum to 1)."""
    def action():
        from planner.analysis.key_table import key_table

        typer.echo(key_table(method, region, members.split(",") if members else None, basis,
                             _weights(weights) if weights else None), nl=False)

    _guard(action)


def _weights(text: str) -> dict[str, float]:
    """--weights gdp=0.5,population=0.5 -> {"gdp": 0.5, "population": 0.5}; one-line errors."""
    out = {}
    for part in text.split(","):
        figure, _, value = part.partition("=")
        try:
            out[figure.strip()] = float(value)
        except ValueError:
            raise InputError(Problem("--weights", "", f"{part!r} is not FIGURE=WEIGHT")) from None
    return out


@app.command("apportion")
def apportion_command(
    table: Path = typer.Argument(..., help="CSV: first column names the parties, another holds weights."),
    total: int = typer.Option(..., "--total", "-n", min=0, max=MAX_UNITS,
                              help=f"Units to apportion (at most {MAX_UNITS:,})."),
    method: str = typer.Option(..., "--method", help=f"{listed(APPORTION_METHODS)}."),
    column: Optional[str] = typer.Option(None, "--column", "-c", help="Weight column (default: the second)."),
    minimum: int = typer.Option(0, "--min", min=0, help="Least units per party."),
) -> None:
    """Turn weights into whole units; print CSV `name,units`."""
    def action():
        from planner.analysis.apportion_table import apportion_table

        typer.echo(apportion_table(_existing(table), total, method, column, minimum), nl=False)

    _guard(action)


@app.command("frontier")
def frontier_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    points: int = typer.Option(8, "--points", "-p", min=2, max=100, help="Tolerances to solve."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder (default reports/<name>/frontier/)."),
    solver: Optional[str] = typer.Option(None, "--solver", "-s", help=SOLVER_HELP),
) -> None:
    """Trace total cost against the personnel band's tolerance; write frontier.csv and frontier.png."""
    def action():
        from planner import api
        from planner.analysis.frontier import plot_frontier, trace_frontier
        from planner.files.atomic import write_text
        from planner.files.csvtext import csv_text
        from planner.run import pipeline

        inputs = api.load_scenario(_existing(scenario))
        target = out or REPORTS_DIR / inputs.name / "frontier"
        with tempfile.TemporaryDirectory() as tmp, _progress("frontier") as tick:
            frame = trace_frontier(inputs, pipeline.options_for(inputs, solver), points, Path(tmp) / "solver.log", tick)
        write_text(target / "frontier.csv", csv_text(frame))
        plot_frontier(frame, f"{inputs.name}: price of fairness", target / "frontier.png")
        out_console.print(frame.to_string(index=False), markup=False)
        out_console.print(f"wrote {target / 'frontier.csv'}, {target / 'frontier.png'}", markup=False)

    _guard(action)


@app.command("compare")
def compare_command(
    scenarios: list[Path] = typer.Argument(..., help="Two or more scenario YAML files."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder (default reports/compare/)."),
    solver: Optional[str] = typer.Option(None, "--solver", "-s", help=SOLVER_HELP),
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write compare.xlsx."),
    report: bool = typer.Option(False, "--report", help="Also write compare.html."),
) -> None:
    """Solve scenarios and show them side by side: inputs that differ, then results and who moves."""
    def action():
        from planner import api
        from planner.analysis.compare import compare_runs, input_differences, plot_comparison, solve_each
        from planner.files.atomic import write_text
        from planner.files.csvtext import csv_text

        if len(scenarios) < 2:
            raise InputError(Problem("SCENARIOS", "", "give at least two scenarios to compare"))
        inputs = [api.load_scenario(_existing(p)) for p in scenarios]
        names = [i.name for i in inputs]
        if len(set(names)) < len(names):
            raise InputError(Problem("SCENARIOS", "name", "two scenarios have the same name"))
        diff = input_differences(inputs)
        with _progress("compare") as tick:
            outcomes = solve_each(inputs, solver, tick)
        result = compare_runs(names, outcomes)
        target = out or REPORTS_DIR / "compare"
        write_text(target / "inputs_diff.csv", csv_text(diff))
        write_text(target / "compare.csv", csv_text(result.summary, index=True))
        write_text(target / "compare_states.csv", csv_text(result.states, index=True))
        plot_comparison(result, names, target / "compare.png")
        if xlsx:
            from planner.export.excel import comparison_workbook

            comparison_workbook(diff, result.summary, result.states, result.movers, target / "compare.xlsx")
        if report:
            from planner.export.report import write_comparison_report

            write_comparison_report(target, names, diff, result)
        out_console.print("[bold]Inputs that differ[/bold]")
        if diff.empty:
            out_console.print("(none: the scenarios resolve to the same inputs)")
        for row in diff.itertuples(index=False):
            out_console.print(f"{row[0]}:", markup=False)
            for name, value in zip(names, row[1:]):
                out_console.print(f"    {name}: {value}", markup=False)
        out_console.print("[bold]Results[/bold]")
        out_console.print(result.summary.to_string(), markup=False)
        if len(result.movers):
            out_console.print(f"[bold]Whose net cost share rose most against {names[0]}[/bold] (share points)")
            out_console.print((result.movers * 100).round(3).to_string(), markup=False)
        for name, outcome in zip(names, outcomes):
            for reason in outcome.get("reasons", []):
                out_console.print(f"{name}: infeasible: {reason}", markup=False)
        candidates = ["compare.csv", "compare_states.csv", "inputs_diff.csv", "compare.png"]
        candidates += ["compare.xlsx"] if xlsx else []
        candidates += ["compare.html"] if report else []
        # No chart without a plan: name only what this run left in the folder.
        written = [name for name in candidates if (target / name).exists()]
        out_console.print(f"wrote {target}/" + ", ".join(written), markup=False)

    _guard(action)


@app.command("sweep")
def sweep_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    sets: list[str] = typer.Option(..., "--set", help="PATH=V1,V2,... (repeat for a grid)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Processes (default: all cores)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder (default reports/<name>/sweep/)."),
    solver: Optional[str] = typer.Option(None, "--solver", "-s", help=SOLVER_HELP),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1, max=MAX_TIME_LIMIT_S,
                                               help="Seconds before each solve stops (at most a week)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786)."),
) -> None:
    """Solve every combination of the --set values in parallel (here, or on a Dask cluster); write sweep.csv."""
    def action():
        import os

        from planner import api
        from planner.analysis.sweep import run_sweep
        from planner.files.atomic import write_text
        from planner.files.csvtext import csv_text
        from planner.scenario.overrides import parse_grid

        grid = parse_grid(sets)
        name = api.load_scenario(_existing(scenario)).name
        target = out or REPORTS_DIR / name / "sweep"
        with tempfile.TemporaryDirectory() as tmp, _progress("sweep") as tick:
            table = run_sweep(str(scenario.resolve()), grid, workers or os.cpu_count() or 1, Path(tmp), solver,
                              time_limit, tick, scheduler)
        write_text(target / "sweep.csv", csv_text(table))
        shown = [c for c in table.columns if c.startswith("set:")] + [
            c for c in ("status", "total_cost_usd", "personnel_max_abs_deviation", "personnel_gini") if c in table]
        out_console.print(table[shown].to_string(index=False), markup=False)
        out_console.print(f"wrote {target / 'sweep.csv'} ({len(table)} variants, "
                          f"{int((table['status'] == 'optimal').sum())} optimal)", markup=False)

    _guard(action)


@app.command("bench")
def bench_command(
    out: Path = typer.Option(REPORTS_DIR / "bench", "--out", "-o", help="Folder for bench.csv."),
    rungs: Optional[list[str]] = typer.Option(None, "--rung", help="Only these rungs (repeatable)."),
    sweep: bool = typer.Option(True, "--sweep/--no-sweep",
                               help="Also time a 100-variant Dask sweep on 1 and 2 workers."),
    check: bool = typer.Option(False, "--check", help="Exit 1 when any target is missed."),
) -> None:
    """Run the benchmark ladder and print each figure beside its target."""
    missed = []
    def action():
        from planner.bench.ladder import end_to_end, run_ladder, targets
        from planner.paths import SCENARIO_DIR

        table = run_ladder(out, rungs, echo=lambda line: out_console.print(line, markup=False))
        e2e = {name: end_to_end(SCENARIO_DIR / f"{name}.yaml", repeats=3 if name == "osce-baseline" else 1)
               for name in ("osce-baseline", "osce-demilitarization") if not rungs or name in rungs}
        out_console.print(table.to_string(index=False), markup=False)
        lines = targets(table, e2e)
        if not rungs or "osce-standing-force" in rungs:
            from planner.bench.roster import roster_timing

            lines += roster_timing(out / "roster.log")
        for line in lines:
            out_console.print(line, markup=False)
        missed.extend(line for line in lines if line.startswith("MISSED"))
        if sweep:
            from planner.bench.sweep_speed import sweep_speedup

            for line in sweep_speedup(out):
                out_console.print(line, markup=False)
        out_console.print(f"wrote {out / 'bench.csv'}", markup=False)

    _guard(action)
    if check and missed:
        typer.echo(f"{len(missed)} target(s) missed", err=True)
        raise typer.Exit(1)
