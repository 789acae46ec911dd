"""What states hold, rule by rule (issue: inputs a defence ministry would sign off): no landlocked
navy, no army no military units, no more aircraft than the inventory, rescue teams of the order
published, and the sustainable share NATO targets."""
from __future__ import annotations

import pandas as pd
import pytest

from planner.data.capabilities import default_capacity, load_capabilities
from planner.data.state_facts import load_state_facts
from planner.data.states import load_states
from planner.paths import DATA_DIR

DEPLOYABLE, SUSTAINABLE = 0.40, 0.08


@pytest.fixture(scope="module")
def world():
    states = load_states(DATA_DIR / "states.csv", DATA_DIR / "figure_flags.csv")
    caps = load_capabilities(DATA_DIR / "capabilities.csv")
    facts = load_state_facts(DATA_DIR, states.index)
    held, sources = default_capacity(states, caps, facts, DEPLOYABLE, SUSTAINABLE)
    return states, caps, facts, held, sources


def of_domain(caps, *domains):
    return caps.index[caps["domain"].isin(domains)]


def test_no_landlocked_state_holds_maritime_units(world):
    _, caps, facts, held, sources = world
    landlocked = facts.index[~facts["coastal"]]
    assert {"MNG", "HUN", "AUT", "CHE", "KAZ"} <= set(landlocked)
    assert held.loc[landlocked, of_domain(caps, "maritime")].to_numpy().sum() == 0
    assert (sources.loc["MNG", "maritime_patrol_unit"]) == "none: no sea coast"


def test_no_state_without_an_army_sends_military_units(world):
    states, caps, facts, held, _ = world
    unarmed = facts.index[~facts["has_army"]]
    assert {"CRI", "PAN", "ISL", "AND"} <= set(unarmed)
    assert held.loc[unarmed, of_domain(caps, "land", "air", "maritime")].to_numpy().sum() == 0
    # Their police and civil protection still count (Costa Rica's public force, Panama's rescue teams).
    assert held.loc[["CRI", "PAN"], of_domain(caps, "police", "civil")].to_numpy().sum() > 0


def test_no_state_holds_more_aircraft_than_its_inventory(world):
    _, caps, facts, held, _ = world
    for capability in caps.index[caps["inventory"] != ""]:
        inventory = facts[caps.loc[capability, "inventory"]]
        known = inventory.notna()
        aircraft = held.loc[known, capability] * caps.loc[capability, "inventory_per_unit"]
        assert (aircraft <= inventory[known]).all(), capability
    # Landlocked Mongolia's six helicopters make no 3-helicopter unit it could keep deployable.
    assert held.loc["MNG", "utility_helicopter_unit"] <= 6 // 3
    assert held.loc["ERI", "transport_aircraft_unit"] <= 5 // 2


def test_heavy_rescue_teams_are_of_the_published_order(world):
    states, _, facts, held, _ = world
    teams = held["search_rescue_team"]
    classified = facts["usar_teams"].dropna()
    # The classified list is a lower bound: every state keeps at least what it has classified ...
    assert (teams.reindex(classified.index) >= classified).all()
    # ... and none holds more than the published order of magnitude (one team per five million
    # people, or its classified teams): the United States tens (28 FEMA task forces), not 372.
    assert teams.loc["USA"] < 100 and teams.loc["DEU"] < 30
    assert teams.max() < 400     # China and India: 1.4 billion people, 280-290 teams by the rule


def test_sustainable_share_matches_natos_usability_target(world):
    states, caps, facts, held, _ = world
    rotation = caps["rotation_factor"]
    land = caps.index[(caps["domain"] == "land") & (caps["min_armed_forces"] <= 5000)]
    forces = states.loc["DEU", "armed_forces"]
    deployed = sum(held.loc["DEU", c] / rotation[c] * caps.loc[c, "personnel"] for c in land)
    pooled = forces * caps.loc[land, "pool_share"].sum()
    # Units kept deployed are 8 % of the pooled forces (floors of whole units only lower it).
    assert deployed / pooled == pytest.approx(SUSTAINABLE, rel=0.1)
    assert deployed / pooled <= SUSTAINABLE + 1e-9


def test_a_bad_facts_row_is_named(tmp_path):
    for name in ("coastlines.csv", "no_army.csv", "air_inventory.csv", "civil_protection.csv"):
        (tmp_path / name).write_text((DATA_DIR / name).read_text())
    text = (tmp_path / "coastlines.csv").read_text().splitlines()
    text[1] = text[1].replace(",0,", ",2,", 1)
    (tmp_path / "coastlines.csv").write_text("\n".join(text) + "\n")
    from planner.errors import InputError
    with pytest.raises(InputError, match=r"coastlines.csv:2.*coastal.*must be 0 or 1"):
        load_state_facts(tmp_path, pd.Index(["AFG", "DEU"]))


def test_the_capacity_table_prints_each_cells_source():
    from typer.testing import CliRunner

    from planner.cli import app
    result = CliRunner().invoke(app, ["data", "--capacities", "--region", "osce"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(__import__("io").StringIO(result.output))
    assert list(table.columns) == ["state", "capability", "units", "source"]
    assert table["source"].notna().all() and len(table) == 57 * 14
    mongolia = table.set_index(["state", "capability"]).loc[("MNG", "maritime_patrol_unit")]
    assert mongolia["units"] == 0 and mongolia["source"] == "none: no sea coast"
