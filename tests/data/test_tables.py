"""Shipped tables and geography; bad custom tables name file, row and field."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from planner.cli import app
from planner.data.capabilities import default_capacity, load_capabilities
from planner.data.geography import point_origins, shape_origins
from planner.data.state_facts import load_state_facts
from planner.data.states import FIGURES, load_states
from planner.paths import DATA_DIR


@pytest.fixture(scope="module")
def states():
    return load_states(DATA_DIR / "states.csv", DATA_DIR / "figure_flags.csv")


def test_osce_has_57_states_including_the_big_three(states):
    osce = states[states["osce"] == 1]
    assert len(osce) == 57
    assert {"RUS", "UKR", "USA", "VAT", "MNG"} <= set(osce.index)


def test_every_un_member_is_present(states):
    assert states["un_member"].sum() == 193


@pytest.mark.parametrize("region,count",
                         [("nato", 32), ("eu", 27), ("csto", 6), ("au", 55), ("asean", 11), ("oas", 34)])
def test_region_sizes(states, region, count):
    assert states[region].sum() == count


def test_every_key_figure_is_present_or_flagged(states):
    raw = pd.read_csv(DATA_DIR / "states.csv")
    raw = raw.set_index("iso3")
    osce = states[states["osce"] == 1]
    for iso, row in osce.iterrows():
        for field in FIGURES:
            if pd.isna(raw.loc[iso, field]):
                assert field in row["filled"], (iso, field, row["filled"])
    assert "gni_usd<-gdp_usd" in states.loc["MCO", "filled"]
    assert "armed_forces flagged unknown" in states.loc["ATG", "filled"]
    assert not states[FIGURES].isna().any().any()


def test_capabilities_cover_a_peace_force(states):
    caps = load_capabilities(DATA_DIR / "capabilities.csv")
    assert len(caps) >= 12
    for needed in ["infantry_battalion", "engineer_company", "field_hospital_l2", "medical_team",
                   "utility_helicopter_unit", "transport_aircraft_unit", "logistics_company", "formed_police_unit",
                   "military_observer_team", "cbrn_defence_unit", "maritime_patrol_unit", "search_rescue_team",
                   "signals_company"]:
        assert needed in caps.index
    raw = pd.read_csv(DATA_DIR / "capabilities.csv").set_index("capability")
    # annual cost = troops at the UN rate (USD 1,448 per person-month) + equipment
    assert (raw["troop_cost_usd"] == raw["personnel"] * 1448 * 12).all()
    assert (raw["annual_cost_usd"] == raw["troop_cost_usd"] + raw["equipment_cost_usd"]).all()


def test_default_capacity_follows_armed_forces(states):
    caps = load_capabilities(DATA_DIR / "capabilities.csv")
    facts = load_state_facts(DATA_DIR, states.index)
    held, _ = default_capacity(states.loc[["USA", "LUX", "VAT"]], caps, facts, 0.4, 0.08)
    # USA: 1,395,000 * min(0.4, 0.08 * 3) * 0.38 / 850 infantry battalions
    assert held.loc["USA", "infantry_battalion"] == int(1_395_000 * 0.24 * 0.38 // 850)
    assert held.loc["VAT"].sum() == 0
    assert held.loc["LUX", "utility_helicopter_unit"] == 0   # under the 10,000 minimum force


def test_every_state_has_an_origin(states):
    origins = pd.concat([shape_origins(DATA_DIR / "countries.geojson"), point_origins(DATA_DIR / "state_points.csv")])
    missing = set(states.index) - set(origins.index)
    assert missing == set()
    fra = origins.loc["FRA"]
    assert 0 < fra["lon"] < 5 and 45 < fra["lat"] < 48   # metropolitan France, not French Guiana


def test_origins_table_is_what_the_shapes_give():
    """data/state_origins.csv is derived from countries.geojson; it must not drift from it."""
    table = point_origins(DATA_DIR / "state_origins.csv")
    shapes = shape_origins(DATA_DIR / "countries.geojson")
    assert list(table.index) == list(shapes.index)
    assert np.allclose(table.to_numpy(), shapes.to_numpy(), rtol=0, atol=1e-12)


def test_every_data_file_has_a_source():
    sources = (DATA_DIR / "SOURCES.md").read_text()
    for path in DATA_DIR.glob("*.*"):
        if path.name != "SOURCES.md":
            assert f"`{path.name}`" in sources, path.name
    assert "SIPRI Military Expenditure Database 2025" in sources
    assert re.search(r"non-commercial", sources)


runner = CliRunner()


TABLE_CASES = [
    ("states-missing-column", "states", "iso3,name,gdp_usd\nAAA,A,1\n", "states.csv: missing column(s) gni_usd"),
    ("states-not-a-number", "states",
     "iso3,name,gdp_usd,gni_usd,population,milex_usd,armed_forces,tiny\nAAA,A,1,abc,1,1,1,1\n",
     "states.csv:2: gni_usd: not a number: 'abc'"),
    ("states-negative", "states",
     "iso3,name,gdp_usd,gni_usd,population,milex_usd,armed_forces,tiny\nAAA,A,1,1,-5,1,1,1\n",
     "states.csv:2: population: must be >= 0, got -5"),
    ("states-duplicate", "states",
     "iso3,name,gdp_usd,gni_usd,population,milex_usd,armed_forces,tiny\nAAA,A,1,1,1,1,1,1\nAAA,B,1,1,1,1,1,1\n",
     "states.csv:3: iso3: duplicate id 'AAA'"),
    ("states-bad-iso", "states",
     "iso3,name,gdp_usd,gni_usd,population,milex_usd,armed_forces,tiny\naa1,A,1,1,1,1,1,1\n",
     "states.csv:2: iso3: malformed id 'aa1'"),
    ("states-membership", "states",
     "iso3,name,gdp_usd,gni_usd,population,milex_usd,armed_forces,tiny\nAAA,A,1,1,1,1,1,yes\n",
     "states.csv:2: tiny: membership must be 0 or 1, got 'yes'"),
    ("states-inf", "states",
     "iso3,name,gdp_usd,gni_usd,population,milex_usd,armed_forces,tiny\nAAA,A,inf,1,1,1,1,1\n",
     "states.csv:2: gdp_usd: must be finite"),
    ("capabilities-zero-personnel", "capabilities",
     "capability,name,personnel,rotation_factor,combat,annual_cost_usd,pool_share,min_armed_forces\nmed,Med,0,1,0,5,0,0\n",
     "capabilities.csv:2: personnel: must be >= 1, got 0"),
    ("capabilities-empty", "capabilities",
     "capability,name,personnel,rotation_factor,combat,annual_cost_usd,pool_share,min_armed_forces\n",
     "capabilities.csv: no unit types"),
    ("capacities-unknown-state", "capacities", "state,capability,units\nZZZ,med,3\n",
     "capacities.csv:2: state: unknown ISO3 code 'ZZZ'"),
    ("capacities-fraction", "capacities", "state,capability,units\nAAA,med,2.5\n",
     "capacities.csv:2: units: must be a whole number, got 2.5"),
    ("capacities-unknown-unit", "capacities", "state,capability,units\nAAA,tank,2\n",
     "capacities.csv:2: capability: unknown unit type 'tank'"),
    ("table-missing", "missing", None, "nothere.csv: file not found"),
    ("table-empty-file", "capacities", "", "capacities.csv: not a readable CSV table"),
]


@pytest.mark.parametrize("name,table,text,expected", TABLE_CASES, ids=[c[0] for c in TABLE_CASES])
def test_bad_tables(case, tmp_path, name, table, text, expected):
    path = case([{"iso3": "AAA", "gni": 1}, {"iso3": "BBB", "gni": 1}],
                [{"capability": "med", "personnel": 5, "cost": 100}],
                {"missions": [{"id": "m1", "kind": "humanitarian", "location": [0, 0], "requirements": {"med": 1}}]},
                capacities=[("AAA", "med", 2), ("BBB", "med", 2)])
    if table == "missing":
        doc = yaml.safe_load(path.read_text())
        doc["tables"]["states"] = "nothere.csv"
        path.write_text(yaml.safe_dump(doc))
    else:
        (path.parent / f"{table}.csv").write_text(text)
    result = runner.invoke(app, ["solve", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_states_at_war_are_flagged(states):
    for iso in ("UKR", "RUS", "SDN", "MMR"):
        assert "at war since" in states.loc[iso, "filled"], iso
    assert "at war" not in states.loc["DEU", "filled"]
