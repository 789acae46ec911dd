"""Workbooks staff brief from and edit, and reports with maps."""
from __future__ import annotations

import shutil
import subprocess
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.export.maps import MAP_DPI, MAP_SIZE_IN
from planner.files.cells import safe_text, unescape
from planner.paths import SCENARIO_DIR

runner = CliRunner()
BASELINE = SCENARIO_DIR / "osce-baseline.yaml"


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    out = tmp_path_factory.mktemp("solved")
    result = runner.invoke(app, ["solve", str(BASELINE), "--out", str(out), "--xlsx", "--report"])
    assert result.exit_code == 0, result.output
    return out


def test_workbook_equals_the_csv_results_cell_for_cell(solved):
    for sheet, name in (("Allocation", "allocation"), ("By state", "states"), ("By mission", "missions")):
        from_xlsx = pd.read_excel(solved / "allocation.xlsx", sheet_name=sheet)
        from_csv = pd.read_csv(solved / f"{name}.csv")
        assert list(from_xlsx.columns) == list(from_csv.columns), sheet
        assert len(from_xlsx) == len(from_csv)
        for column in from_csv.columns:
            a, b = from_xlsx[column], from_csv[column]
            if b.dtype.kind in "fi":
                assert np.allclose(a.astype(float), b.astype(float), equal_nan=True), (sheet, column)
            else:
                assert (a.fillna("").astype(str) == b.fillna("").astype(str)).all(), (sheet, column)


def test_workbook_is_styled_for_briefing(solved):
    wb = openpyxl.load_workbook(solved / "allocation.xlsx")
    assert wb.sheetnames == ["Summary", "Allocation", "By state", "By mission", "Inputs"]
    alloc = wb["Allocation"]
    assert alloc.freeze_panes == "A2" and "Allocation" in alloc.tables
    assert alloc["F2"].number_format == '"$"#,##0'          # cost_usd
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


@pytest.mark.skipif(shutil.which("libreoffice") is None and shutil.which("soffice") is None,
                    reason="LibreOffice is not installed")
def test_workbook_converts_with_libreoffice(solved, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    run = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                          str(solved / "allocation.xlsx")], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0 and (tmp_path / "allocation.pdf").exists(), run.stderr


def test_template_round_trip_gives_the_same_result(solved, tmp_path):
    book = tmp_path / "input.xlsx"
    assert runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)]).exit_code == 0
    out = tmp_path / "from-xlsx"
    result = runner.invoke(app, ["solve", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("allocation.csv", "states.csv", "missions.csv"):
        assert (out / name).read_bytes() == (solved / name).read_bytes(), name


def test_an_edited_template_solves_with_the_edit(tmp_path):
    book = tmp_path / "input.xlsx"
    runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)])
    wb = openpyxl.load_workbook(book)
    members = wb["Members"]
    for row in members.iter_rows(min_row=2):
        if row[0].value == "RUS":
            row[2].value = 0                     # Russia opts out
    wb.save(book)
    out = tmp_path / "edited"
    result = runner.invoke(app, ["solve", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "RUS" not in pd.read_csv(out / "states.csv")["state"].tolist()


def test_template_has_validation_lists(tmp_path):
    book = tmp_path / "input.xlsx"
    runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)])
    wb = openpyxl.load_workbook(book)
    formulas = {dv.formula1 for dv in wb["Requirements"].data_validations.dataValidation}
    assert any("Lists!" in f for f in formulas)
    assert wb["Lists"].sheet_state == "hidden"


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


HOSTILE = [
    ("not-a-zip", lambda p: p.write_bytes(b"PK-not-really"), "not a readable workbook"),
    ("missing-sheets", lambda p: openpyxl.Workbook().save(p), "missing sheet(s) Scenario, Members, Missions"),
    ("zip-bomb", lambda p: _bomb(p), "refused"),
]


def _bomb(path):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.bin", b"\0" * (250 * 1024 * 1024))


@pytest.mark.parametrize("name,make,expected", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_workbooks_are_refused(tmp_path, name, make, expected):
    book = tmp_path / "bad.xlsx"
    make(book)
    result = runner.invoke(app, ["solve", str(book), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert expected in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_wrong_types_in_a_workbook_name_sheet_and_row(tmp_path):
    book = tmp_path / "input.xlsx"
    runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)])
    wb = openpyxl.load_workbook(book)
    wb["Requirements"]["C3"] = "lots"
    wb.save(book)
    result = runner.invoke(app, ["solve", str(book), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "input.xlsx:Requirements!3: missions[0].requirements" in result.output


def test_report_has_map_and_charts(solved):
    page = (solved / "report.html").read_text()
    assert page.count("data:image/png;base64,") >= 2 and "Headline figures" in page
    from PIL import Image

    with Image.open(solved / "map.png") as image:
        assert image.size == (int(MAP_SIZE_IN[0] * MAP_DPI), int(MAP_SIZE_IN[1] * MAP_DPI))
        pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 50          # not blank: many colours
    assert (pixels.std(axis=0) > 10).all()
