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
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write allocation.xlsx for staff."),
    report: bool = typer.Option(False, "--report", help="Also write report.html with maps and charts."),
    sets: Optional[list[str]] = typer.Option(None, "--set", help="PATH=VALUE: change one field (repeatable)."),
) -> None:
    """Solve a scenario (YAML, or an input workbook .xlsx) and write the result files."""
    def action():
        from planner import pipeline
        from planner.export.publish import publish
        from planner.solve import SOLVERS

        if solver is not None and solver not in SOLVERS:
            raise InputError(Problem("--solver", "", f"unknown solver {solver!r} (known: {', '.join(SOLVERS)})"))
        from planner.sweep import parse_sets

        started = time.perf_counter()
        overrides = {path: values[0] for path, values in parse_sets(sets or []).items()}
        inputs = pipeline.load(_existing(scenario), overrides)
        load_s = time.perf_counter() - started
        options = pipeline.options_for(inputs, solver, time_limit, gap, threads)
        target = out or Path("reports") / inputs.name
        with tempfile.TemporaryDirectory(prefix="peaceforce-") as tmp, _stage_status() as stage:
            log = Path(tmp) / "solver.log"
            run = pipeline.solve_inputs(inputs, options, log, progress=stage)
            run.timings = {"load_s": load_s, **run.timings}
            files, summary = publish(run, pipeline.summary, _resolved(inputs), target, log)
        if xlsx:
            from planner.export.excel import allocation_workbook

            files.append(allocation_workbook(target, target / "allocation.xlsx"))
        if report:
            from planner.export.report import write_report

            files.append(write_report(target))
        from planner.export.console import print_plan
        print_plan(out_console, run, summary, files)

    _guard(action)


def _resolved(inputs) -> dict:
    """The resolved scenario and the tables a result folder's readers need."""
    scenario = inputs.scenario.model_dump(mode="json")
    scenario["_resolved"] = {
        "source": str(inputs.source),
        "missions": inputs.missions.reset_index().to_dict(orient="records"),
        "key": {state: float(share) for state, share in inputs.key.items()},
    }
    return scenario


@app.command("verify")
def verify_command(
    scenario: Path = typer.Argument(..., help="Scenario the plan was made for."),
    result_dir: Path = typer.Argument(..., help="Result folder written by planner solve."),
) -> None:
    """Re-check a plan against its scenario with independent arithmetic; exit 0 valid, 1 violated."""
    def action():
        from planner import pipeline
        from planner.export.excel import read_result_dir
        from planner.verify import verify

        inputs = pipeline.load(_existing(scenario))
        read_result_dir(_existing(result_dir))   # a clear error when it is not a result folder
        broken = verify(inputs, result_dir)
        for violation in broken:
            out_console.print(f"violated: {violation}", markup=False)
        if broken:
            raise typer.Exit(1)
        out_console.print(f"valid: {result_dir} keeps every rule of {inputs.name}", markup=False)

    _guard(action)


@app.command("export")
def export_command(
    result_dir: Path = typer.Argument(..., help="A result folder written by planner solve."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Workbook to write (default RESULT_DIR/allocation.xlsx)."),
) -> None:
    """Write the allocation workbook staff brief from."""
    def action():
        from planner.export.excel import allocation_workbook

        path = allocation_workbook(_existing(result_dir), xlsx or result_dir / "allocation.xlsx")
        out_console.print(f"wrote {path}", markup=False)

    _guard(action)


@app.command("report")
def report_command(result_dir: Path = typer.Argument(..., help="A result folder written by planner solve.")) -> None:
    """Write report.html (self-contained) and its PNGs into the result folder."""
    def action():
        from planner.export.report import write_report

        out_console.print(f"wrote {write_report(_existing(result_dir))}", markup=False)

    _guard(action)


@app.command("template")
def template_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    xlsx: Path = typer.Option(..., "--xlsx", help="Input workbook to write."),
) -> None:
    """Write an editable input workbook for a scenario; `planner solve FILE.xlsx` reads it back."""
    def action():
        from planner import pipeline
        from planner.export.template import write_template

        inputs = pipeline.load(_existing(scenario))
        out_console.print(f"wrote {write_template(inputs, xlsx)}", markup=False)

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


@app.command("key")
def key_command(
    method: str = typer.Argument(..., help="gdp, gni, population, milex, armed_forces, un, un_peacekeeping or nato."),
    region: Optional[str] = typer.Option(None, "--region", "-r", help="Members of this region (default: all UN members)."),
    members: Optional[str] = typer.Option(None, "--members", "-m", help="Comma-separated ISO3 codes."),
) -> None:
    """Print a burden-sharing key as CSV `state,share` (shares sum to 1)."""
    def action():
        from planner.keys_report import key_table

        typer.echo(key_table(method, region, members.split(",") if members else None), nl=False)

    _guard(action)


@app.command("apportion")
def apportion_command(
    table: Path = typer.Argument(..., help="CSV: first column names the parties, another holds weights."),
    total: int = typer.Option(..., "--total", "-n", min=0, help="Units to apportion."),
    method: str = typer.Option(..., "--method", help="hamilton, jefferson (dhondt), webster (sainte_lague), huntington_hill, adams."),
    column: Optional[str] = typer.Option(None, "--column", "-c", help="Weight column (default: the second)."),
    minimum: int = typer.Option(0, "--min", min=0, help="Least units per party."),
) -> None:
    """Turn weights into whole units; print CSV `name,units`."""
    def action():
        from planner.apportion_csv import apportion_table

        typer.echo(apportion_table(_existing(table), total, method, column, minimum), nl=False)

    _guard(action)


def _stage_status():
    """A spinner naming the stage being solved, on a terminal; yields a callback(stage)."""
    from contextlib import contextmanager

    @contextmanager
    def status():
        if not sys.stdout.isatty():
            yield lambda stage: None
            return
        with out_console.status("solving") as spinner:
            yield lambda stage: spinner.update(f"solving: {stage}")
    return status()


def _progress(label: str):
    """A rich progress bar on a terminal (plain and quiet otherwise); yields a (done, total) callback."""
    from contextlib import contextmanager

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    @contextmanager
    def bar():
        with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=out_console, transient=True, disable=not sys.stdout.isatty()) as progress:
            task = progress.add_task(label, total=None)
            yield lambda done, total: progress.update(task, completed=done, total=total)
    return bar()


@app.command("frontier")
def frontier_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    points: int = typer.Option(8, "--points", "-p", min=2, max=100, help="Tolerances to solve."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder (default reports/<name>/frontier/)."),
    solver: Optional[str] = typer.Option(None, "--solver", "-s"),
) -> None:
    """Trace total cost against the personnel band's tolerance; write frontier.csv and frontier.png."""
    def action():
        from planner import pipeline
        from planner.export.atomic import write_text
        from planner.frontier import plot_frontier, trace_frontier

        inputs = pipeline.load(_existing(scenario))
        target = out or Path("reports") / inputs.name / "frontier"
        with tempfile.TemporaryDirectory() as tmp, _progress("frontier") as tick:
            frame = trace_frontier(inputs, pipeline.options_for(inputs, solver), points, Path(tmp) / "solver.log", tick)
        write_text(target / "frontier.csv", frame.to_csv(index=False, lineterminator="\n", float_format="%.8g"))
        plot_frontier(frame, f"{inputs.name}: price of fairness", target / "frontier.png")
        out_console.print(frame.to_string(index=False), markup=False)
        out_console.print(f"wrote {target / 'frontier.csv'}, {target / 'frontier.png'}", markup=False)

    _guard(action)


@app.command("compare")
def compare_command(
    scenarios: list[Path] = typer.Argument(..., help="Two or more scenario YAML files."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder (default reports/compare/)."),
    solver: Optional[str] = typer.Option(None, "--solver", "-s"),
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write compare.xlsx."),
    report: bool = typer.Option(False, "--report", help="Also write compare.html."),
) -> None:
    """Solve scenarios and show them side by side: inputs that differ, then results and who moves."""
    def action():
        from planner import pipeline
        from planner.compare import compare_runs, input_differences, plot_comparison
        from planner.errors import InfeasibleError
        from planner.export.atomic import write_text

        if len(scenarios) < 2:
            raise InputError(Problem("SCENARIOS", "", "give at least two scenarios to compare"))
        inputs = [pipeline.load(_existing(p)) for p in scenarios]
        names = [i.name for i in inputs]
        if len(set(names)) < len(names):
            raise InputError(Problem("SCENARIOS", "name", "two scenarios have the same name"))
        diff = input_differences(inputs)
        outcomes = []
        with tempfile.TemporaryDirectory() as tmp, _progress("compare") as tick:
            for i, item in enumerate(inputs):
                try:
                    run = pipeline.solve_inputs(item, pipeline.options_for(item, solver), Path(tmp) / f"{i}.log")
                    outcomes.append({"status": run.result.status, "plan": run.plan})
                except InfeasibleError as exc:
                    outcomes.append({"status": "infeasible", "reasons": exc.reasons})
                tick(i + 1, len(inputs))
        result = compare_runs(names, outcomes)
        target = out or Path("reports") / "compare"
        write_text(target / "inputs_diff.csv", diff.to_csv(index=False, lineterminator="\n"))
        write_text(target / "compare.csv", result.summary.to_csv(lineterminator="\n"))
        write_text(target / "compare_states.csv", result.states.to_csv(lineterminator="\n", float_format="%.8f"))
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
        out_console.print(f"wrote {target}/compare.csv, compare_states.csv, inputs_diff.csv, compare.png", markup=False)

    _guard(action)


@app.command("sweep")
def sweep_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    sets: list[str] = typer.Option(..., "--set", help="PATH=V1,V2,... (repeat for a grid)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Processes (default: all cores)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder (default reports/<name>/sweep/)."),
    solver: Optional[str] = typer.Option(None, "--solver", "-s"),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786)."),
) -> None:
    """Solve every combination of the --set values in parallel (here, or on a Dask cluster); write sweep.csv."""
    def action():
        import os

        from planner import pipeline
        from planner.export.atomic import write_text
        from planner.sweep import parse_sets, run_sweep

        grid = parse_sets(sets)
        name = pipeline.load(_existing(scenario)).name
        target = out or Path("reports") / name / "sweep"
        with tempfile.TemporaryDirectory() as tmp, _progress("sweep") as tick:
            table = run_sweep(str(scenario.resolve()), grid, workers or os.cpu_count() or 1, Path(tmp), solver,
                              time_limit, tick, scheduler)
        write_text(target / "sweep.csv", table.to_csv(index=False, lineterminator="\n", float_format="%.8g"))
        shown = [c for c in table.columns if c.startswith("set:")] + [
            c for c in ("status", "total_cost_usd", "personnel_max_abs_deviation", "personnel_gini") if c in table]
        out_console.print(table[shown].to_string(index=False), markup=False)
        out_console.print(f"wrote {target / 'sweep.csv'} ({len(table)} variants, "
                          f"{int((table['status'] == 'optimal').sum())} optimal)", markup=False)

    _guard(action)


@app.command("bench")
def bench_command(
    out: Path = typer.Option(Path("reports") / "bench", "--out", "-o", help="Folder for bench.csv."),
    rungs: Optional[list[str]] = typer.Option(None, "--rung", help="Only these rungs (repeatable)."),
    sweep: bool = typer.Option(True, "--sweep/--no-sweep", help="Also time a 100-variant Dask sweep on 1 and 2 workers."),
) -> None:
    """Run the benchmark ladder and print each figure beside its target."""
    def action():
        from planner.bench.ladder import end_to_end, run_ladder, targets
        from planner.paths import SCENARIO_DIR

        table = run_ladder(out, rungs, echo=lambda line: out_console.print(line, markup=False))
        e2e = {name: end_to_end(SCENARIO_DIR / f"{name}.yaml", repeats=3 if name == "osce-baseline" else 1)
               for name in ("osce-baseline", "osce-demilitarization") if not rungs or name in rungs}
        out_console.print(table.to_string(index=False), markup=False)
        for line in targets(table, e2e):
            out_console.print(line, markup=False)
        if sweep:
            from planner.bench.sweep_speed import sweep_speedup

            for line in sweep_speedup(out):
                out_console.print(line, markup=False)
        out_console.print(f"wrote {out / 'bench.csv'}", markup=False)

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
