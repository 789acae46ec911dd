"""Input workbooks: written from a scenario, edited by staff, read back; hostile ones refused."""
from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.paths import SCENARIO_DIR

runner = CliRunner()


BASELINE = SCENARIO_DIR / "osce-baseline.yaml"


def test_template_round_trip_gives_the_same_result(baseline, tmp_path):
    book = tmp_path / "input.xlsx"
    assert runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)]).exit_code == 0
    out = tmp_path / "from-xlsx"
    result = runner.invoke(app, ["solve", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("allocation.csv", "states.csv", "missions.csv"):
        assert (out / name).read_bytes() == (baseline.out / name).read_bytes(), name


def test_an_edited_template_solves_with_the_edit(tmp_path):
    book = tmp_path / "input.xlsx"
    assert runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)]).exit_code == 0
    wb = openpyxl.load_workbook(book)
    members = wb["Members"]
    for row in members.iter_rows(min_row=2):
        if row[0].value == "MLT":
            row[2].value = 0                     # Malta opts out (Russia would too, at 5x the solve time)
    wb.save(book)
    out = tmp_path / "edited"
    result = runner.invoke(app, ["solve", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "MLT" not in pd.read_csv(out / "states.csv")["state"].tolist()


def test_template_has_validation_lists(tmp_path):
    book = tmp_path / "input.xlsx"
    assert runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)]).exit_code == 0
    wb = openpyxl.load_workbook(book)
    formulas = {dv.formula1 for dv in wb["Requirements"].data_validations.dataValidation}
    assert any("Lists!" in f for f in formulas)
    assert wb["Lists"].sheet_state == "hidden"


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
    assert runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)]).exit_code == 0
    wb = openpyxl.load_workbook(book)
    wb["Requirements"]["C3"] = "lots"
    wb.save(book)
    result = runner.invoke(app, ["solve", str(book), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "input.xlsx:Requirements!3: missions[0].requirements" in result.output


def test_a_template_keeps_two_keys_and_the_key_basis(tmp_path):
    """osce-un-key: money by the UN scale (world basis), troops by GNI; both come back from the workbook."""
    scenario = SCENARIO_DIR / "osce-un-key.yaml"
    book = tmp_path / "input.xlsx"
    assert runner.invoke(app, ["template", str(scenario), "--xlsx", str(book)]).exit_code == 0
    direct, via_book = tmp_path / "direct", tmp_path / "book"
    assert runner.invoke(app, ["solve", str(scenario), "--out", str(direct)]).exit_code == 0
    result = runner.invoke(app, ["solve", str(book), "--out", str(via_book)])
    assert result.exit_code == 0, result.output
    for name in ("allocation.csv", "states.csv"):
        assert (via_book / name).read_bytes() == (direct / name).read_bytes(), name
