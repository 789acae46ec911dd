"""Scenario files: defaults, extends, where each field was set, words YAML would misread."""
from __future__ import annotations

import pytest

from planner.errors import InputError
from planner.paths import SCENARIO_DIR
from planner.scenario import load_scenario

BASE = """name: base
region: osce
fairness: {tolerance: 0.3}
caveats:
  CHE: {max_personnel: 100}
missions:
  - id: m1
    kind: humanitarian
    location: [10, 50]
    requirements: {medical_team: 2}
"""


def test_defaults_fill_what_the_scenario_leaves_out(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE)
    sc = load_scenario(tmp_path / "base.yaml").scenario
    assert sc.fairness.tolerance == 0.3          # scenario
    assert sc.fairness.mode == "band"            # defaults.yaml
    assert sc.key.method == "gni"
    assert sc.assumptions.deployable_share == 0.4
    assert sc.solver.name == "highs"


def test_extends_merges_mappings_and_replaces_lists(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "child.yaml").write_text("""extends: base.yaml
name: child
caveats:
  AUT: {max_personnel: 50}
missions:
  - id: m2
    kind: disaster_response
    location: [20, 40]
    requirements: {engineer_company: 1}
""")
    loaded = load_scenario(tmp_path / "child.yaml")
    sc = loaded.scenario
    assert sc.name == "child" and sc.region == "osce" and sc.fairness.tolerance == 0.3
    assert set(sc.caveats) == {"CHE", "AUT"}                 # mappings merge
    assert [m.id for m in sc.missions] == ["m2"]             # lists replace
    assert [p.name for p in loaded.chain] == ["base.yaml", "child.yaml"]
    assert loaded.where("missions", 0).endswith("child.yaml:6")
    assert loaded.where("missions", 0, "exclude").endswith("child.yaml:6")  # not base.yaml's line
    assert loaded.where("caveats", "CHE").endswith("base.yaml:5")


def test_shipped_variants_differ_from_the_baseline_only_where_they_say():
    base = load_scenario(SCENARIO_DIR / "osce-baseline.yaml").scenario.model_dump()
    for name, changed in (("nato-only", {"name", "description", "region", "impartiality"}),
                          ("osce-without-russia", {"name", "description", "opt_out"})):
        variant = load_scenario(SCENARIO_DIR / f"{name}.yaml").scenario.model_dump()
        assert {k for k in base if base[k] != variant[k]} == changed


def test_errors_point_at_the_file_that_set_the_field(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE.replace("tolerance: 0.3", "tolerance: 3"))
    (tmp_path / "child.yaml").write_text("extends: base.yaml\nname: child\n")
    with pytest.raises(InputError) as err:
        load_scenario(tmp_path / "child.yaml")
    assert "base.yaml:3: fairness.tolerance" in str(err.value)


def test_a_bare_off_means_the_mode_off(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE.replace("fairness: {tolerance: 0.3}", "fairness: {mode: off}"))
    assert load_scenario(tmp_path / "base.yaml").scenario.fairness.mode == "off"
    from planner.scenario.overrides import parse_grid

    assert parse_grid(["fairness.mode=off,band", "flag=true"]) == {"fairness.mode": ["off", "band"], "flag": [True]}


def test_a_set_value_is_read_whole_and_a_sweep_splits_only_top_level_commas():
    from planner.scenario.overrides import parse_grid, parse_set

    assert parse_set("description=hello, world") == ("description", "hello, world")
    assert parse_set("fairness.apply_to=[personnel, net_cost]") == ("fairness.apply_to", ["personnel", "net_cost"])
    grid = parse_grid(["fairness.apply_to=[personnel],[personnel, net_cost]", "key={gni: 1, gdp: 1},un"])
    assert grid == {"fairness.apply_to": [["personnel"], ["personnel", "net_cost"]],
                    "key": [{"gni": 1, "gdp": 1}, "un"]}
