"""Reading result CSVs back: ids stay text (a unit type called "inf" or "nan" is not a number)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

ID_COLUMNS = {"state": str, "mission": str, "capability": str, "name": str, "burden": str, "binding": str,
              "data_notes": str, "category": str, "cost_per_person_source": str}


def read_result_csv(path: Path) -> pd.DataFrame:
    """A CSV written by the planner: only empty cells are missing; id columns are strings."""
    frame = pd.read_csv(path, dtype=ID_COLUMNS, keep_default_na=False, na_values=[""])
    for column in ID_COLUMNS:
        if column in frame:
            frame[column] = frame[column].fillna("")
    return frame
