"""`planner apportion`: read a CSV of parties and weights, apportion, write CSV `name,units`."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.data.csvread import numeric, read_csv
from planner.errors import InputError, Problem
from planner.keys.apportion import METHODS, apportion


def apportion_table(file: Path, total: int, method: str, column: str | None, minimum: int) -> str:
    if method not in METHODS:
        raise InputError(Problem("--method", "", f"unknown method {method!r} (known: {', '.join(METHODS)})"))
    raw = read_csv(file, [])
    if len(raw.columns) < 2:
        raise InputError(Problem(str(file), "", "needs a name column and a weight column"))
    name_column = raw.columns[0]
    column = column or raw.columns[1]
    if column not in raw.columns:
        raise InputError(Problem(str(file), column, f"no such column (columns: {', '.join(raw.columns)})"))
    problems: list[Problem] = []
    weights = numeric(raw, file, column, problems, allow_blank=False)
    for i in raw.index[raw[name_column].duplicated()]:
        problems.append(Problem(f"{file}:{i + 2}", name_column, f"duplicate name {raw[name_column][i]!r}"))
    if problems:
        raise InputError(problems)
    try:
        units = apportion(pd.Series(weights.to_numpy(), index=raw[name_column]), total, method, minimum)
    except ValueError as exc:
        raise InputError(Problem(str(file), column, str(exc))) from None
    return pd.DataFrame({"name": units.index, "units": units.to_numpy()}).to_csv(index=False, lineterminator="\n")
