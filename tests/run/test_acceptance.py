"""The shipped baseline plan is one a force-generation conference would accept, read straight from
the scenario file, the borders and states tables and the result files (no planner code):
no party, host, vetoed state or neighbour where it is excluded; no bloc above its cap on a
peacekeeping mission; every contribution 0 or at least the minimum; a lead at or above its share."""
from __future__ import annotations

import pandas as pd
import yaml

from planner.paths import DATA_DIR, SCENARIO_DIR

SCENARIO = yaml.safe_load((SCENARIO_DIR / "osce-baseline.yaml").read_text())
DEFAULTS = yaml.safe_load((DATA_DIR / "defaults.yaml").read_text())


def neighbours(codes: set[str]) -> set[str]:
    borders = pd.read_csv(DATA_DIR / "land_borders.csv")
    near = set(borders.loc[borders["state"].isin(codes), "neighbour"]) | set(
        borders.loc[borders["neighbour"].isin(codes), "state"])
    return near - codes


def test_no_party_host_vetoed_or_neighbour_where_excluded(baseline):
    alloc = pd.read_csv(baseline.out / "allocation.csv")
    imp = DEFAULTS["impartiality"]
    for mission in SCENARIO["missions"]:
        own = mission.get("impartiality", {})
        sides = set(mission.get("host", [])) | set(mission.get("parties", []))
        out = set(mission.get("parties", [])) | set(mission.get("vetoes", []))
        if own.get("exclude_hosts", mission["kind"] in imp["exclude_hosts"]):
            out |= set(mission.get("host", []))
        if own.get("exclude_neighbours", mission["kind"] in imp["exclude_neighbours"]):
            out |= neighbours(sides)
        serving = set(alloc.loc[alloc["mission"] == mission["id"], "state"])
        assert not serving & out, (mission["id"], serving & out)
    # The eastern Ukraine line: the parties' neighbours (Poland, Lithuania, Moldova, ...) are out.
    assert {"POL", "LTU", "MDA", "ROU", "FIN"} <= neighbours({"RUS", "UKR", "BLR"})


def test_no_bloc_above_its_cap_on_a_peacekeeping_mission(baseline):
    alloc = pd.read_csv(baseline.out / "allocation.csv")
    states = pd.read_csv(DATA_DIR / "states.csv").set_index("iso3")
    caps = DEFAULTS["impartiality"]["max_bloc_share"]
    assert caps == {"nato": 0.4, "csto": 0.4}
    for mission in (m for m in SCENARIO["missions"] if m["kind"] == "peacekeeping"):
        mine = alloc[alloc["mission"] == mission["id"]]
        for bloc, share in mission.get("impartiality", {}).get("max_bloc_share", caps).items():
            members = set(states.index[states[bloc] == 1])
            assert mine.loc[mine["state"].isin(members), "personnel"].sum() <= share * mine["personnel"].sum()


def test_contributions_are_sizeable_around_a_lead_nation(baseline):
    alloc = pd.read_csv(baseline.out / "allocation.csv")
    missions = pd.read_csv(baseline.out / "missions.csv", keep_default_na=False)
    minimum = DEFAULTS["contingents"]["min_personnel"]
    share = SCENARIO["contingents"]["lead_nation"]["min_share"]
    for mission, rows in alloc.groupby("mission"):
        people = rows.groupby("state")["personnel"].sum()
        total = people.sum()
        assert (people >= min(minimum, SCENARIO["max_national_share"] * total)).all(), mission
        lead = set(missions.loc[missions["mission"] == mission, "lead"])
        assert len(lead) == 1, mission
        assert people[lead.pop()] >= share * total, mission
    assert alloc.groupby(["state", "mission"])["personnel"].sum().min() >= 150
