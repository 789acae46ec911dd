"""The independent verifier: it accepts the plans the planner writes, and rejects every tampered one
with exit 1 and a line naming the broken rule, never with an internal error.

Each tamper starts from the shared osce-baseline result and breaks one promise. Four of them were
written to kill mutants that once survived the suite: a deleted caveat check, a band top at twice
the tolerance, surplus units accepted, a multinationality cap at 100 %.
"""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.check.verify import verify
from planner.cli import app
from planner.inputs import model_data
from planner.paths import SCENARIO_DIR
from planner.run import pipeline

runner = CliRunner()
BASELINE = SCENARIO_DIR / "osce-baseline.yaml"


def test_baseline_plan_keeps_every_rule(baseline):
    assert verify(pipeline.load(BASELINE), baseline.out) == []


# --- tampering helpers: read, change, write back --------------------------------------------------

def table(out, name):
    return pd.read_csv(out / f"{name}.csv", keep_default_na=False, na_values=[""])


def save(out, name, frame):
    frame.to_csv(out / f"{name}.csv", index=False)


def edit_summary(out, **changes):
    summary = json.loads((out / "summary.json").read_text())
    for path, value in changes.items():
        node = summary
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    (out / "summary.json").write_text(json.dumps(summary))


def move_unit(out, capability, to_state, from_state=None, mission=None, with_states=False):
    """One unit of `capability` moved to `to_state` from another member (personnel carried along);
    with `with_states`, states.csv is updated to match, as a careful forger would."""
    alloc = table(out, "allocation")
    rows = alloc[(alloc["capability"] == capability) & (alloc["state"] != to_state)]
    if from_state:
        rows = rows[rows["state"] == from_state]
    if mission:
        rows = rows[rows["mission"] == mission]
    i = rows.index[0]
    per_unit = alloc.loc[i, "personnel"] / alloc.loc[i, "units"]
    moved = alloc.loc[i].copy()
    alloc.loc[i, ["units", "personnel"]] -= [1, per_unit]
    moved["state"], moved["units"], moved["personnel"] = to_state, 1, per_unit
    alloc = pd.concat([alloc, moved.to_frame().T], ignore_index=True)
    alloc = alloc[alloc["units"] > 0]
    save(out, "allocation", alloc)
    if with_states:
        states = table(out, "states").set_index("state")
        states.loc[to_state, "personnel"] += per_unit
        states.loc[rows.loc[i, "state"], "personnel"] -= per_unit
        save(out, "states", states.reset_index())
    return rows.loc[i, "state"]


def band_tops() -> pd.Series:
    """Each member's band top in the baseline, as the model has it."""
    return model_data(pipeline.load(BASELINE)).reference["hi"].droplevel("period")


def shift_rows(out, to_state, rows, with_states):
    """Give whole allocation rows to `to_state`; with `with_states`, states.csv follows."""
    alloc = table(out, "allocation")
    moved = alloc.loc[rows]
    alloc.loc[rows, "state"] = to_state
    save(out, "allocation", alloc)
    if with_states:
        states = table(out, "states").set_index("state")
        for state, people in moved.groupby("state")["personnel"].sum().items():
            states.loc[state, "personnel"] -= people
            states.loc[to_state, "personnel"] += people
        save(out, "states", states.reset_index())


def over_the_band(out, state, with_states=False):
    """Rows of the largest contributions given to `state` until it is above its band's top."""
    alloc = table(out, "allocation")
    have, top = alloc.loc[alloc["state"] == state, "personnel"].sum(), band_tops()[state]
    rows = []
    for i, row in alloc[alloc["state"] != state].sort_values("personnel", ascending=False).iterrows():
        if have > top:
            break
        rows.append(i)
        have += row["personnel"]
    shift_rows(out, state, rows, with_states)


def add_row(out, **row):
    alloc = table(out, "allocation")
    save(out, "allocation", pd.concat([alloc, pd.DataFrame([row])], ignore_index=True))


def scale_column(out, name, column, factor):
    frame = table(out, name)
    frame[column] = frame[column] * factor
    save(out, name, frame)


# Each tamper: a change to the baseline folder, and the words the verifier must print for it.
def units_to_germany(out):
    over_the_band(out, "DEU")


def units_to_germany_with_states(out):
    over_the_band(out, "DEU", with_states=True)


def just_above_the_top(out):
    """Observer teams moved to the member closest to its band's top in the Ukraine mission, until it
    is over by at most four people, which a band at twice the tolerance would let pass."""
    alloc = table(out, "allocation")
    mission = alloc[alloc["mission"] == "ukraine-ceasefire"]
    people = alloc.groupby("state")["personnel"].sum()
    room = (band_tops() - people).reindex(mission["state"].unique()).sort_values()
    state = room.index[0]
    teams = mission[(mission["capability"] == "military_observer_team") & (mission["state"] != state)]
    for _ in range(int(room.iloc[0] // 4) + 1):
        move_unit(out, "military_observer_team", state, from_state=teams["state"].iloc[0], mission="ukraine-ceasefire",
                  with_states=True)
        teams = table(out, "allocation")
        teams = teams[(teams["mission"] == "ukraine-ceasefire") & (teams["capability"] == "military_observer_team")
                      & (teams["state"] != state)]


def italy_over_its_band(out):
    over_the_band(out, "ITA", with_states=True)


def surplus_unit(out):
    alloc = table(out, "allocation")
    alloc.loc[0, "units"] += 1
    alloc.loc[0, "personnel"] += alloc.loc[0, "personnel"] / (alloc.loc[0, "units"] - 1)
    save(out, "allocation", alloc)


def unit_missing(out):
    alloc = table(out, "allocation")
    save(out, "allocation", alloc.drop(index=alloc.index[0]))


def swiss_combat_unit(out):
    move_unit(out, "quick_reaction_company", "CHE")


def serbia_in_the_balkans(out):
    move_unit(out, "military_observer_team", "SRB", mission="balkans-pk")


def one_state_most_of_a_mission(out):
    alloc = table(out, "allocation")
    mission = alloc[alloc["mission"] == "aegean-maritime-rescue"]
    alloc.loc[mission.index, "state"] = "GRC"
    save(out, "allocation", alloc)


def more_than_held(out):
    add_row(out, state="MLT", mission="anatolia-earthquake", capability="utility_helicopter_unit", units=1,
            personnel=100, cost_usd=30_000_000.0)
    alloc = table(out, "allocation")
    i = alloc.index[(alloc["capability"] == "utility_helicopter_unit") & (alloc["mission"] == "anatolia-earthquake")
                    & (alloc["state"] != "MLT")][0]
    alloc.loc[i, ["units", "personnel"]] -= [1, 100]
    save(out, "allocation", alloc[alloc["units"] > 0])


def costs_halved(out):
    scale_column(out, "allocation", "cost_usd", 0.5)


def personnel_times_ten(out):
    scale_column(out, "allocation", "personnel", 10)


def states_personnel_wrong(out):
    states = table(out, "states")
    states.loc[states["state"] == "FRA", "personnel"] += 100
    save(out, "states", states)


def mission_not_filled(out):
    frame = table(out, "missions")
    frame["filled"] = 0
    save(out, "missions", frame)


def status_claimed(out):
    edit_summary(out, status="proven")


def gap_over_the_limit(out):
    edit_summary(out, gap=0.05)


def objective_changed(out):
    summary = json.loads((out / "summary.json").read_text())
    edit_summary(out, objective_usd=summary["objective_usd"] * 0.9)


def totals_changed(out):
    edit_summary(out, total_personnel=1, members=3)


def fund_unbalanced(out):
    states = table(out, "states")
    states.loc[states["state"] == "VAT", "fund_payment_usd"] += 1_000_000
    states.loc[states["state"] == "VAT", "net_cost_usd"] += 1_000_000
    save(out, "states", states)


def key_changed(out):
    states = table(out, "states")
    states.loc[states["state"] == "USA", "key_share"] -= 0.01
    states.loc[states["state"] == "DEU", "key_share"] += 0.01
    save(out, "states", states)


def money_only_claimed(out):
    """Calling the United States 'money only' must not switch its band off."""
    states = table(out, "states")
    states.loc[states["state"] == "USA", ["burden", "personnel_key_share"]] = ["money only", None]
    save(out, "states", states)


def non_member_row(out):
    add_row(out, state="CHN", mission="balkans-pk", capability="medical_team", units=1, personnel=20, cost_usd=1.0)


def unknown_unit_type(out):
    add_row(out, state="FRA", mission="balkans-pk", capability="tank_brigade", units=1, personnel=20, cost_usd=1.0)


def binary_allocation(out):
    (out / "allocation.csv").write_bytes(b"\x00\xff\xfe\x89PNG\r\n\x1a\n" * 50)


def units_as_words(out):
    alloc = table(out, "allocation")
    alloc["units"] = alloc["units"].astype(object)
    alloc.loc[0, "units"] = "three"
    save(out, "allocation", alloc)


def allocation_deleted(out):
    (out / "allocation.csv").unlink()


TAMPERS = [
    (units_to_germany, "fairness band: DEU"),
    (units_to_germany_with_states, "fairness band: DEU"),
    (italy_over_its_band, "fairness band: ITA"),
    (just_above_the_top, "above its band's top"),
    (surplus_unit, "requirement:"),
    (unit_missing, "requirement:"),
    (swiss_combat_unit, "caveat: CHE sends combat unit"),
    (serbia_in_the_balkans, "impartiality: SRB deploys 1 military_observer_team to balkans-pk: party to the"),
    (one_state_most_of_a_mission, "multinationality: GRC"),
    (more_than_held, "capacity with rotation: MLT"),
    (costs_halved, "cost:"),
    (personnel_times_ten, "personnel:"),
    (states_personnel_wrong, "states.csv: FRA"),
    (mission_not_filled, "missions.csv:"),
    (status_claimed, "summary.json: status"),
    (gap_over_the_limit, "summary.json: status: optimal without a proven gap"),
    (objective_changed, "summary.json: objective_usd"),
    (totals_changed, "summary.json: total_personnel"),
    (fund_unbalanced, "fund balance:"),
    (key_changed, "key: USA"),
    (money_only_claimed, "states.csv: USA: reference share"),
    (non_member_row, "membership: non-members or opted-out states deploy: CHN"),
    (unknown_unit_type, "scenario mismatch: allocation.csv names capability(s)"),
    (binary_allocation, "result files: allocation.csv"),
    (units_as_words, "result files: allocation.csv:2: units is not a number"),
    (allocation_deleted, "result files: allocation.csv is missing"),
]


@pytest.mark.parametrize("tamper,expected", TAMPERS, ids=[t[0].__name__ for t in TAMPERS])
def test_a_tampered_plan_is_rejected_naming_the_rule(baseline, tmp_path, tamper, expected):
    out = tmp_path / "tampered"
    shutil.copytree(baseline.out, out)
    tamper(out)
    result = runner.invoke(app, ["verify", str(BASELINE), str(out)])
    assert result.exit_code == 1, result.output
    assert expected in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_another_scenario_is_a_mismatch_not_a_crash(baseline):
    result = runner.invoke(app, ["verify", str(SCENARIO_DIR / "nato-only.yaml"), str(baseline.out)])
    assert result.exit_code == 1, result.output
    assert "scenario mismatch: states.csv lists non-members" in result.output
    assert "internal error" not in result.output
