"""Commands for staff: the allocation workbook, the input template, the HTML report."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from planner.cli.app import OUTSIDE_HELP, _existing, _guard, app, out_console


@app.command("export")
def export_command(
    result_dir: Path = typer.Argument(..., help="A result folder written by planner solve."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Workbook to write (default RESULT_DIR/allocation.xlsx)."),
) -> None:
    """Write the allocation workbook staff brief from."""
    def action():
        from planner.export.excel import allocation_workbook
        from planner.results import read_results

        path = allocation_workbook(read_results(_existing(result_dir)), xlsx or result_dir / "allocation.xlsx")
        out_console.print(f"wrote {path}", markup=False)

    _guard(action)


@app.command("report")
def report_command(result_dir: Path = typer.Argument(..., help="A result folder written by planner solve.")) -> None:
    """Write report.html (self-contained) and its PNGs into the result folder."""
    def action():
        from planner.export.report import write_report
        from planner.results import read_results

        out_console.print(f"wrote {write_report(read_results(_existing(result_dir)), result_dir)}", markup=False)

    _guard(action)


@app.command("template")
def template_command(
    scenario: Path = typer.Argument(..., help="Scenario YAML file."),
    xlsx: Path = typer.Option(..., "--xlsx", help="Input workbook to write."),
    allow_outside_tables: bool = typer.Option(False, "--allow-outside-tables", help=OUTSIDE_HELP),
) -> None:
    """Write an editable input workbook for a scenario; `planner solve FILE.xlsx` reads it back."""
    def action():
        from planner import api
        from planner.scenario.template import write_template

        inputs = api.load_scenario(_existing(scenario), allow_outside_tables)
        path = write_template(inputs.scenario, inputs.source, inputs.states, inputs.members,
                              inputs.capabilities.index, inputs.holdings, xlsx)
        out_console.print(f"wrote {path}", markup=False)

    _guard(action)
