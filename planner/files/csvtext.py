"""CSV text as every table of the planner is written: numbers in plain decimals (money to the
cent, other fractions to 8 decimals: the same numbers give the same bytes, and no scientific
notation), text cells escaped so no cell starts a formula, one line ending."""
from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_float_dtype, is_numeric_dtype

from planner.files.cells import safe_text

USD_DECIMALS = 2
SHARE_DECIMALS = 8


def csv_text(frame: pd.DataFrame, index: bool = False) -> str:
    """USD columns (`*_usd`) to the cent, other floats to 8 decimals without trailing zeros, text
    cells escaped; missing values stay empty."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if is_float_dtype(values):
            out[column] = _decimals(values, USD_DECIMALS if str(column).endswith("_usd") else None)
        elif not is_numeric_dtype(values) and not is_bool_dtype(values):
            out[column] = values.map(safe_text)
    if index and not is_numeric_dtype(out.index):
        out.index = out.index.map(safe_text)
    return out.to_csv(index=index, lineterminator="\n")


def _decimals(values: pd.Series, fixed: int | None) -> pd.Series:
    """Text of each number: `fixed` decimals, or up to SHARE_DECIMALS with trailing zeros dropped."""
    def text(v: float) -> str:
        if not np.isfinite(v):
            return "" if np.isnan(v) else str(v)
        if fixed is not None:
            return f"{v:.{fixed}f}".replace("-0.00", "0.00") if round(v, fixed) == 0 else f"{v:.{fixed}f}"
        s = f"{v:.{SHARE_DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if s in ("-0", "") else s
    return values.map(text).astype(object)
