"""Input workbooks: written from a scenario, edited by staff, read back; hostile ones refused."""
from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.paths import SCENARIO_DIR
from planner.run import pipeline

runner = CliRunner()


BASELINE = SCENARIO_DIR / "osce-baseline.yaml"


def test_template_round_trip_gives_the_same_inputs(tmp_path):
    """Every table the model is built from comes back the same from the workbook, so the solve (which
    is deterministic: tests/run/test_determinism.py) gives the same plan; the edited-template test
    below solves from a workbook."""
    book = tmp_path / "input.xlsx"
    assert runner.invoke(app, ["template", str(BASELINE), "--xlsx", str(book)]).exit_code == 0
    direct, via_book = pipeline.load(BASELINE), pipeline.load(book)
    for name in ("key", "troops_key", "max_personnel", "max_units", "pools"):
        pd.testing.assert_series_equal(getattr(via_book, name), getattr(direct, name), obj=name)
    for name in ("members",):
        pd.testing.assert_index_equal(getattr(via_book, name), getattr(direct, name))
    for name in ("holdings", "missions", "requirements", "eligible", "exclusions", "contingents", "bloc_caps",
                 "national_costs"):
        pd.testing.assert_frame_equal(getattr(via_book, name), getattr(direct, name), obj=name)
    # Members and holdings travel resolved (compared above as tables), not as region and overrides.
    resolved = {"name", "description", "tables", "region", "members", "opt_out", "capacities"}
    assert via_book.scenario.model_dump(exclude=resolved) == direct.scenario.model_dump(exclude=resolved)


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
    # Without the fairness band the solve takes seconds; the edit is what is under test.
    result = runner.invoke(app, ["solve", str(book), "--out", str(out), "--set", "fairness.mode=off"])
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
    """osce-un-key: money by the UN scale (world basis), troops by GNI; both come back from the workbook,
    and so do the inputs the model is built from (the round trip above solves the baseline both ways)."""
    scenario = SCENARIO_DIR / "osce-un-key.yaml"
    book = tmp_path / "input.xlsx"
    assert runner.invoke(app, ["template", str(scenario), "--xlsx", str(book)]).exit_code == 0
    direct, via_book = pipeline.load(scenario), pipeline.load(book)
    assert via_book.scenario.key.basis == direct.scenario.key.basis == "world"
    pd.testing.assert_series_equal(via_book.key, direct.key)
    pd.testing.assert_series_equal(via_book.troops_key, direct.troops_key)
    assert not via_book.key.equals(via_book.troops_key)
    pd.testing.assert_frame_equal(via_book.eligible, direct.eligible)
    pd.testing.assert_frame_equal(via_book.missions, direct.missions)
