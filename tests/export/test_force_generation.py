"""The force-generation table: missions down, named states across, in the workbook, the report
and the console, its totals both ways equal to allocation.csv."""
from __future__ import annotations

import pandas as pd

from planner.export.headers import plain_header

FIXED = ["mission", "mission name", "unit type", "required", "lead", "total units", "personnel"]


def test_workbook_table_totals_equal_the_allocation(baseline):
    table = pd.read_excel(baseline.out / "allocation.xlsx", sheet_name="Force generation")
    # The sheet heads the table in plain words; read back under the table's own names.
    assert all(plain_header(c) in table.columns for c in FIXED)
    table = table.rename(columns={plain_header(c): c for c in FIXED})
    alloc = pd.read_csv(baseline.out / "allocation.csv")
    missions = pd.read_csv(baseline.out / "missions.csv")
    states = [c for c in table.columns if c not in FIXED]
    body, total = table[table["mission"] != "Total"], table[table["mission"] == "Total"].iloc[0]
    # Across: every contributing state, named, largest first; down: every requirement line.
    assert {c.split(" ")[0] for c in states} == set(alloc["state"])
    assert all(" " in c for c in states)      # "ISO3 Name"
    assert len(body) == len(missions)
    units = body[states].fillna(0).sum(axis=1)
    assert (units == body["total units"]).all()
    assert (body["total units"] == body["required"]).all()     # a complete plan fills each line
    by_line = alloc.groupby(["mission", "capability"])["units"].sum()
    for _, row in body.iterrows():
        assert by_line[(row["mission"], row["unit type"])] == row["total units"]
    personnel = alloc.groupby("state")["personnel"].sum()
    for column in states:
        assert total[column] == personnel[column.split(" ")[0]]
    assert total["personnel"] == alloc["personnel"].sum() and total["total units"] == alloc["units"].sum()
    leads = missions.drop_duplicates("mission").set_index("mission")["lead"]
    for _, row in body.iterrows():
        assert str(row["lead"]).split(" ")[0] == leads[row["mission"]]
    sizes = missions.groupby("mission")["personnel_required"].sum()
    order = list(dict.fromkeys(body["mission"]))
    assert list(sizes[order]) == sorted(sizes, reverse=True)


def test_report_and_console_show_it(baseline):
    page = (baseline.out / "report.html").read_text()
    assert "<h2>Force generation</h2>" in page and "United States" in page
    assert "Force generation" in baseline.output
