"""Bad scenarios: one clear line naming file, line and field; exit 2; no traceback; no output."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()


GOOD = {
    "name": "bad",
    "region": "osce",
    "missions": [{"id": "m1", "kind": "peacekeeping", "location": [20.0, 44.0],
                  "requirements": {"infantry_battalion": 1, "medical_team": 2}}],
}


def scenario_text(**changes) -> str:
    doc = yaml.safe_load(yaml.safe_dump(GOOD, sort_keys=False))
    for dotted, value in changes.items():
        node, *path = dotted.split("__")
        target = doc
        keys = [node] + path
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target.setdefault(key, {})
        last = keys[-1]
        if value is DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return yaml.safe_dump(doc, sort_keys=False)


DELETE = object()


# (id, scenario text or a callable writing files, expected text in the error line)
CASES = [
    ("unknown-iso3-member", scenario_text(members=["XXX"]), "bad.yaml:13: members[0]: unknown ISO3 code 'XXX'"),
    ("unknown-iso3-optout", scenario_text(opt_out=["FRX"]), "opt_out[0]: unknown ISO3 code 'FRX'"),
    ("unknown-iso3-exclude", scenario_text(missions__0__exclude=["ZZZ"]),
     "missions[0].exclude[0]: unknown ISO3 code 'ZZZ'"),
    ("unknown-iso3-caveat", scenario_text(caveats={"QQQ": {"max_personnel": 5}}),
     "caveats.QQQ: unknown ISO3 code 'QQQ'"),
    ("unknown-unit", scenario_text(missions__0__requirements={"helicopter": 2}),
     "missions[0].requirements.helicopter: unknown unit type 'helicopter'"),
    ("negative-requirement", scenario_text(missions__0__requirements={"medical_team": -1}),
     "missions[0].requirements: medical_team: must be a whole number >= 0, got -1"),
    ("fractional-requirement", scenario_text(missions__0__requirements={"medical_team": 1.5}),
     "missions[0].requirements.medical_team: Input should be a valid integer, got a number with a fractional part"),
    ("unknown-region", scenario_text(region="nafta"), "bad.yaml:2: region: unknown region 'nafta'"),
    ("tolerance-above-1", scenario_text(fairness={"tolerance": 1.5}),
     "fairness.tolerance: Input should be less than or equal to 1, got 1.5"),
    ("tolerance-negative", scenario_text(fairness={"tolerance": -0.1}),
     "fairness.tolerance: Input should be greater than or equal to 0, got -0.1"),
    ("unknown-field", scenario_text(fairnes={"tolerance": 0.1}), "fairnes: unknown field"),
    ("unknown-kind", scenario_text(missions__0__kind="war"),
     "missions[0].kind: Input should be 'peacekeeping', 'humanitarian' or 'disaster_response'"),
    ("bad-location", scenario_text(missions__0__location=[200.0, 10.0]), "missions[0].location: must be [lon, lat]"),
    ("nan", scenario_text(max_national_share=float("nan")), "max_national_share: number must be finite"),
    ("share-zero", scenario_text(max_national_share=0), "max_national_share: Input should be greater than 0"),
    ("no-missions", scenario_text(missions=[]), "missions: List should have at least 1 item"),
    ("missing-name", scenario_text(name=DELETE), "name: required field is missing"),
    ("unknown-key-component", scenario_text(key={"gdp": 1, "wealth": 1}),
     "key.weights: unknown key component 'wealth'"),
    ("unknown-solver", scenario_text(solver={"name": "gurobi"}),
     "solver.name: Input should be 'highs', 'cbc', 'scip' or 'cpsat'"),
    ("everyone-opted-out", scenario_text(region="csto", opt_out=["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]),
     "opt_out: no members left"),
    ("yaml-syntax", "name: bad\nmissions: [\n  - id: x\n", "bad.yaml:3: YAML syntax error"),
    ("not-a-mapping", "- just\n- a list\n", "bad.yaml:1: a scenario must be a YAML mapping"),
    ("duplicate-key", "name: bad\nname: other\nregion: osce\n", "bad.yaml:2: name: duplicate key"),
    ("duplicate-mission", scenario_text(missions=GOOD["missions"] * 2), "missions[1].id: duplicate mission id 'm1'"),
]


def write_files(folder: Path, name: str, text: str) -> Path:
    path = folder / "bad.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_scenario(tmp_path, name, text, expected):
    path = write_files(tmp_path, name, text)
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cycle_in_extends(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nname: a\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nname: b\n")
    result = runner.invoke(app, ["validate", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2
    assert "extends: cycle in extends: a.yaml -> b.yaml -> a.yaml" in result.output


def test_extends_missing_file(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: nowhere.yaml\nname: a\n")
    result = runner.invoke(app, ["validate", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2
    assert "nowhere.yaml: file not found" in result.output


def test_missing_scenario_file(tmp_path):
    result = runner.invoke(app, ["solve", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "none.yaml: file not found" in result.output


def test_unreadable_scenario_file(tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "binary.yaml: cannot read" in result.output


def test_unknown_solver_option(tmp_path):
    path = write_files(tmp_path, "x", scenario_text())
    result = runner.invoke(app, ["solve", str(path), "--solver", "gurobi"])
    assert result.exit_code == 2 and "unknown solver 'gurobi'" in result.output


def test_every_problem_is_reported_at_once(tmp_path):
    path = write_files(tmp_path, "x", scenario_text(members=["XXX"], opt_out=["YYY"]))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "unknown ISO3 code 'XXX'" in result.output and "unknown ISO3 code 'YYY'" in result.output


MORE = [
    ("huge-requirement", scenario_text(missions__0__requirements={"medical_team": 10 ** 12}),
     "missions[0].requirements: medical_team: 1000000000000 units is beyond any force"),
    ("huge-capacity", scenario_text(capacities={"FRA": {"medical_team": 10 ** 9}}),
     "capacities: FRA.medical_team: 1000000000 units is beyond any force"),
    ("empty-region-members", scenario_text(region=DELETE), "region: set a region or a members list"),
    ("string-for-number", scenario_text(fairness={"tolerance": "tight"}),
     "fairness.tolerance: Input should be a valid number"),
    ("list-for-mapping", scenario_text(caveats=["CHE"]), "caveats: Input should be a valid dictionary"),
    ("override-not-member", scenario_text(key={"method": "gni", "overrides": {"USA": {"share": 0.1}}}, region="eu"),
     "key.overrides.USA: USA is not a member"),
    ("bad-mission-id", scenario_text(missions__0__id="Bad Id!"), "missions[0].id: String should match pattern"),
]


@pytest.mark.parametrize("name,text,expected", MORE, ids=[c[0] for c in MORE])
def test_more_bad_scenarios(tmp_path, name, text, expected):
    test_bad_scenario(tmp_path, name, text, expected)
