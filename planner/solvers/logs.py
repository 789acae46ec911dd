"""Solver logs of solves that run side by side: each writes its own file, appended in a fixed order.

Two solver processes appending to one file would interleave their lines; a side log per solve,
appended to the main log afterwards in an order that does not depend on which finished first,
keeps solver.log readable and the same from run to run.
"""
from __future__ import annotations

from pathlib import Path


def side_log(log: Path, name) -> Path:
    return log.with_name(f"{log.name}.{name}")


def append_side_logs(log: Path, names) -> None:
    """Append the side logs of `names` to `log`, in that order, and remove them."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a") as out:
        for name in names:
            side = side_log(log, name)
            if side.exists():
                out.write(side.read_text())
                side.unlink()
