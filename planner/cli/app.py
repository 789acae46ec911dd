"""The `planner` app: shared options, error handling, consoles and progress displays.

Exit codes: 0 solved (or valid), 1 no plan exists, 2 bad input, 3 solver failure.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer
from rich.console import Console

from planner.errors import InputError, PlannerError, Problem

app = typer.Typer(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="Regional peace-force contingent planner.")
# Wide enough for the tables when output goes to a file or a pipe.
out_console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
DEBUG = {"on": False}


def _version(value: bool) -> None:
    if value:
        from planner.version import __version__

        typer.echo(f"planner {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(verbose: bool = typer.Option(False, "--verbose", "-v", help="Say what each stage does (on stderr)."),
             debug: bool = typer.Option(False, "--debug", help="Tracebacks for internal errors; debug messages."),
             version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="Print the planner's version and exit.")) -> None:
    DEBUG["on"] = debug
    # The library only logs; the command line decides where messages go. Solver output goes to
    # solver.log in the result folder, never to the terminal.
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    if sys.stderr.isatty():
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=Console(stderr=True), show_path=False)
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for noisy in ("matplotlib", "PIL", "distributed", "asyncio", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main() -> None:
    """The console entry point: a mistyped option or argument is one line on stderr and exit 2,
    like every other bad input (click would print the usage and a framed message)."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        typer.echo("interrupted", err=True)
        code = 130
    except Exception as exc:   # typer's (vendored click's) usage errors: no public base class to name
        if getattr(exc, "exit_code", None) != 2 or not hasattr(exc, "format_message"):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError" and getattr(exc, "ctx", None) is not None:
            typer.echo(exc.ctx.get_help())
            code = 0
        else:
            typer.echo(f"error: {exc.format_message()}", err=True)
            code = 2
    sys.exit(code or 0)


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


SETS_HELP = "PATH=VALUE: change one field (repeatable), e.g. fairness.tolerance=0.1."
OUTSIDE_HELP = "Let the scenario's tables: name files outside its folder tree."
SHORTFALL_HELP = ("When no plan meets every requirement, the best partial plan (most important missions first) "
                  "and shortfall.csv (solver.allow_shortfall).")


def _existing(path: Path) -> Path:
    if not path.exists():
        raise InputError(Problem(str(path), "", "file not found"))
    return path


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
