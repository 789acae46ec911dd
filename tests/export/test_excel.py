"""The allocation workbook staff brief from."""
from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
from typer.testing import CliRunner

from planner.cli import app
from planner.export.headers import plain_header
from planner.files.cells import safe_text, unescape
from planner.paths import SCENARIO_DIR

runner = CliRunner()


BASELINE = SCENARIO_DIR / "osce-baseline.yaml"


def test_workbook_equals_the_csv_results_cell_for_cell(baseline):
    for sheet, name in (("Allocation", "allocation"), ("By state", "states"), ("By mission", "missions")):
        from_xlsx = pd.read_excel(baseline.out / "allocation.xlsx", sheet_name=sheet)
        from_csv = pd.read_csv(baseline.out / f"{name}.csv")
        # The sheet heads each CSV column with its plain header, in the same order.
        assert list(from_xlsx.columns) == [plain_header(c) for c in from_csv.columns], sheet
        assert len(from_xlsx) == len(from_csv)
        for column in from_csv.columns:
            a, b = from_xlsx[plain_header(column)], from_csv[column]
            if b.dtype.kind in "fi":
                assert np.allclose(a.astype(float), b.astype(float), equal_nan=True), (sheet, column)
            elif b.dtype.kind == "b":       # a truth value reads yes / no in the workbook
                assert a.tolist() == b.map({True: "yes", False: "no"}).tolist(), (sheet, column)
            else:
                assert (a.fillna("").astype(str) == b.fillna("").astype(str)).all(), (sheet, column)


def test_workbook_is_styled_for_briefing(baseline):
    wb = openpyxl.load_workbook(baseline.out / "allocation.xlsx")
    assert wb.sheetnames == ["Summary", "Force generation", "Allocation", "By state", "By mission", "Inputs",
                             "Glossary"]
    alloc = wb["Allocation"]
    assert alloc.freeze_panes == "A2" and "Allocation" in alloc.tables
    assert alloc["H2"].number_format == '"$"#,##0'          # cost_usd
    by_state = wb["By state"]
    assert len(by_state.conditional_formatting) == 2          # over / under colouring
    for ws in wb.worksheets:                                   # values only: nothing LibreOffice could break
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert summary["Status"] == "optimal" and summary["Scenario"] == "osce-baseline"
    inputs = {r[0]: r[1] for r in wb["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert inputs["assumptions.deployable_share"] == 0.4 and inputs["fairness.tolerance"] == 0.2


def test_text_never_starts_a_formula():
    for hostile in ("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"):
        escaped = safe_text(hostile)
        assert escaped.startswith("'") and unescape(escaped) == hostile
    assert safe_text("Kosovo force") == "Kosovo force" and safe_text(3) == 3


def test_hostile_names_are_escaped_in_the_workbook(case, tmp_path):
    path = case([{"iso3": "AAA", "gni": 1, "name": "=HYPERLINK(evil)"}, {"iso3": "BBB", "gni": 1, "name": "@B"}],
                [{"capability": "obs", "personnel": 2, "cost": 10}],
                {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 2},
                               "name": "+mission"}], "description": "-desc"},
                capacities=[("AAA", "obs", 5), ("BBB", "obs", 5)])
    out = tmp_path / "out"
    assert runner.invoke(app, ["solve", str(path), "--out", str(out), "--xlsx"]).exit_code == 0
    wb = openpyxl.load_workbook(out / "allocation.xlsx")
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'=HYPERLINK(evil)" in values and "'@B" in values
    assert not any(v.startswith(("=", "+", "@")) for v in values)


def test_compare_workbook_heads_its_columns_in_plain_words(case, tmp_path):
    """compare.xlsx headed its columns with code names ("field", "tight_b:net_cost_share"): a
    scenario's column keeps the scenario's name, its measures read in words after it."""
    members = [{"iso3": "AAA", "gni": 3}, {"iso3": "BBB", "gni": 1}]
    mission = {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 4}}]}
    paths = [case(members, [{"capability": "obs", "personnel": 2, "cost": 10}],
                  {**mission, "fairness": {"mode": "band", "tolerance": tolerance}},
                  capacities=[("AAA", "obs", 5), ("BBB", "obs", 5)], name=name)
             for name, tolerance in (("loose-a", 0.9), ("tight_b", 0.5))]
    out = tmp_path / "cmp"
    result = runner.invoke(app, ["compare", *map(str, paths), "--out", str(out), "--xlsx"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out / "compare.xlsx")
    scenarios = ["loose-a", "tight_b"]
    headers = {ws.title: [c.value for c in ws[1]] for ws in wb.worksheets}
    assert headers["Inputs that differ"] == [plain_header("field"), *scenarios]
    assert headers["Results"] == [plain_header("measure"), *scenarios]
    assert "tight_b: Share of net cost, %" in headers["By state"]
    assert "tight_b: Change in net cost share, % points" in headers["By state"]
    for title, row in headers.items():
        for header in row:
            scenario, _, measure = header.rpartition(": ")
            if header in scenarios or scenario in scenarios:
                header = measure or header
                if header in scenarios:
                    continue
            assert "_" not in header and not header[0].islower(), (title, header)
    assert wb["By state"]["B2"].number_format == "0.00%"


def test_truth_values_read_yes_or_no_only_in_books_people_read():
    """The allocation workbook prints yes / no; the input template (read back by the solver) keeps
    its truth values: a "no" read back as text would be true."""
    from planner.files.xlsx import write_frame

    frame = pd.DataFrame({"within_band": [True, False], "no_combat": np.array([True, False])})
    read, kept = openpyxl.Workbook().active, openpyxl.Workbook().active
    write_frame(read, frame, "Read", yes_no=True)
    write_frame(kept, frame, "Kept")
    assert [c.value for c in read["A"][1:]] == ["yes", "no"] and read["B2"].value == "yes"
    assert [c.value for c in kept["A"][1:]] == [True, False] and kept["B3"].data_type == "b"
