"""Strict CSV reading: required columns, typed cells, row-numbered errors."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.errors import InputError, Problem


def read_csv(file: Path, required: list[str]) -> pd.DataFrame:
    """Read `file` as text cells; missing columns or an unreadable file -> InputError."""
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError:
        raise InputError(Problem(str(file), "", "file not found")) from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(Problem(str(file), "", f"not a readable CSV table: {reason}")) from None
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(Problem(str(file), "", f"missing column(s) {', '.join(missing)} "
                                                f"(expected at least: {', '.join(required)})"))
    return frame.apply(lambda col: col.str.strip())


# The largest value each figure may take: beyond these a figure is a typing error, not a state
# (world GDP is about 1e14 USD, the largest army about 2 million, a unit a few hundred people).
# Documented in README "Limits on inputs".
LARGEST = {
    "gdp_usd": 1e15, "gni_usd": 1e15, "population": 1e10, "milex_usd": 1e13, "armed_forces": 1e8,
    "personnel": 100_000, "rotation_factor": 100, "annual_cost_usd": 1e11, "pool_share": 1,
    "min_armed_forces": 1e8, "units": 100_000, "count": 1e7, "lon": 180, "lat": 90, "discount": 1,
    "income_ratio_below": 100,
}


def numeric(frame: pd.DataFrame, file: Path, column: str, problems: list[Problem], *,
            allow_blank: bool, integer: bool = False, minimum: float | None = 0.0,
            maximum: float | None = None) -> pd.Series:
    """Parse one column to float (NaN for blanks where allowed); collect row errors. Values above
    `maximum` (default: LARGEST[column]) are errors."""
    text = frame[column]
    values = pd.to_numeric(text.where(text != ""), errors="coerce").astype(float)
    for i in np.flatnonzero(values.isna().to_numpy() & (text != "").to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", column, f"not a number: {text.iloc[i]!r}"))
    bad_blank = (text == "") if not allow_blank else pd.Series(False, index=text.index)
    for i in np.flatnonzero(bad_blank.to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", column, "value is required"))
    finite = values.dropna()
    for i in np.flatnonzero(~np.isfinite(values.fillna(0).to_numpy())):
        problems.append(Problem(f"{file}:{i + 2}", column, f"must be finite, got {text.iloc[i]!r}"))
    if minimum is not None:
        for i in np.flatnonzero((values < minimum).to_numpy()):
            problems.append(Problem(f"{file}:{i + 2}", column, f"must be >= {minimum:g}, got {text.iloc[i]}"))
    maximum = LARGEST.get(column) if maximum is None else maximum
    if maximum is not None:
        for i in np.flatnonzero((np.isfinite(values) & (values > maximum)).to_numpy()):
            problems.append(Problem(f"{file}:{i + 2}", column, f"must be at most {maximum:g}, got {text.iloc[i]}"))
    if integer:
        whole = np.isfinite(finite) & (finite != np.round(finite))
        for i in np.flatnonzero(values.index.isin(finite.index[whole.to_numpy()])):
            problems.append(Problem(f"{file}:{i + 2}", column, f"must be a whole number, got {text.iloc[i]}"))
    return values


def unique_ids(frame: pd.DataFrame, file: Path, column: str, problems: list[Problem], pattern: str) -> None:
    """Ids must be present, well-formed and unique."""
    ids = frame[column]
    for i in np.flatnonzero(~ids.str.fullmatch(pattern).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", column, f"malformed id {ids.iloc[i]!r}"))
    for i in np.flatnonzero(ids.duplicated().to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", column, f"duplicate id {ids.iloc[i]!r}"))
