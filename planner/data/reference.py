"""Reference tables for the UN keys: designations (P5, level C, LDC) and peacekeeping levels."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.data.csvread import numeric, read_csv
from planner.errors import InputError, Problem

DESIGNATIONS = ("p5", "level_c", "ldc")


def load_designations(file: Path) -> pd.DataFrame:
    raw = read_csv(file, ["iso3", "designation", "source"])
    bad = [Problem(f"{file}:{i + 2}", "designation", f"unknown designation {d!r} (known: {', '.join(DESIGNATIONS)})")
           for i, d in enumerate(raw["designation"]) if d not in DESIGNATIONS]
    if bad:
        raise InputError(bad)
    return raw[["iso3", "designation"]]


def load_levels(file: Path) -> pd.DataFrame:
    raw = read_csv(file, ["level", "discount", "income_ratio_below"])
    problems: list[Problem] = []
    table = pd.DataFrame({"level": raw["level"]})
    table["discount"] = numeric(raw, file, "discount", problems, allow_blank=False)
    table["income_ratio_below"] = numeric(raw, file, "income_ratio_below", problems, allow_blank=True)
    if problems:
        raise InputError(problems)
    return table.set_index("level")
