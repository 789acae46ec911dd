"""The row builder and group numbering."""
from __future__ import annotations


def test_group_codes_match_a_sorted_groupby():
    import numpy as np
    import pandas as pd

    from planner.model.rows import group_codes

    frame = pd.DataFrame({"period": [2, 1, 2, 1, 2], "state": ["B", "A", "A", "A", "B"],
                          "mission": ["m", "n", "m", "n", "n"]})
    codes, index = group_codes(frame, ["period", "state", "mission"])
    grouped = frame.groupby(["period", "state", "mission"], sort=True)
    assert np.array_equal(codes, grouped.ngroup().to_numpy())
    assert list(index) == list(grouped.groups.keys()) and list(index.names) == ["period", "state", "mission"]
    codes, index = group_codes(frame, ["state"])
    assert list(codes) == [1, 0, 0, 0, 1] and list(index) == ["A", "B"] and index.name == "state"
