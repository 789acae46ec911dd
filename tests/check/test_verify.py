"""The independent verifier: it accepts the plans the planner writes, and rejects every tampered one
with exit 1 and a line naming the broken rule, never with an internal error.

Each tamper starts from the shared osce-baseline result and breaks one promise. Four of them were
written to kill mutants that once survived the suite: a deleted caveat check, a band top at twice
the tolerance, surplus units accepted, a multinationality cap at 100 %. Others break the mission
politics (a neighbour, a vetoed state, the host, a party serving), a bloc's cap, the minimum
contingent and the lead nation. A partial plan (examples/partial.yaml, solved once here) is held to
its shortfall.csv and summary.json, and a plan may only be partial where the scenario allows it.
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
    months = per_unit * alloc.loc[i, "months"]
    moved = alloc.loc[i].copy()
    alloc.loc[i, ["units", "personnel", "person_months"]] -= [1, per_unit, months]
    moved["state"], moved["units"], moved["personnel"], moved["person_months"] = to_state, 1, per_unit, months
    alloc = pd.concat([alloc, moved.to_frame().T], ignore_index=True)
    alloc = alloc[alloc["units"] > 0]
    save(out, "allocation", alloc)
    if with_states:
        states = table(out, "states").set_index("state")
        states.loc[to_state, ["personnel", "person_months"]] += [per_unit, months]
        states.loc[rows.loc[i, "state"], ["personnel", "person_months"]] -= [per_unit, months]
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
        for state, sums in moved.groupby("state")[["personnel", "person_months"]].sum().iterrows():
            states.loc[state, ["personnel", "person_months"]] -= sums.to_numpy()
            states.loc[to_state, ["personnel", "person_months"]] += sums.to_numpy()
        save(out, "states", states.reset_index())


def tampered_copy(result, tmp_path, tamper):
    """A copy of the result folder `result`, changed by `tamper`."""
    out = tmp_path / "tampered"
    shutil.copytree(result, out)
    tamper(out)
    return out


def hand_over(out, mission, from_state, to_state):
    """All of `from_state`'s rows in `mission` given to `to_state`, states.csv updated to match."""
    alloc = table(out, "allocation")
    shift_rows(out, to_state, alloc.index[(alloc["mission"] == mission) & (alloc["state"] == from_state)],
               with_states=True)


def set_lead(out, mission, lead, rows=None):
    """missions.csv names `lead` as the lead nation of `mission` (on its first `rows` rows; all by default)."""
    frame = table(out, "missions")
    frame["lead"] = frame["lead"].astype(object)
    frame.loc[frame.index[frame["mission"] == mission][:rows], "lead"] = lead
    save(out, "missions", frame)


def over_the_band(out, state, with_states=False):
    """Rows of the largest contributions given to `state` until it is above its band's top."""
    alloc = table(out, "allocation")
    have, top = alloc.loc[alloc["state"] == state, "person_months"].sum(), band_tops()[state]
    rows = []
    for i, row in alloc[alloc["state"] != state].sort_values("person_months", ascending=False).iterrows():
        if have > top:
            break
        rows.append(i)
        have += row["person_months"]
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
    """Observer teams moved to the member closest to its band's top in the year-round Ukraine mission,
    until it is over by at most one team's 48 person-months (4 people for 12 months), which a band at
    twice the tolerance would let pass."""
    alloc = table(out, "allocation")
    mission = alloc[alloc["mission"] == "ukraine-ceasefire"]
    burden = alloc.groupby("state")["person_months"].sum()
    room = (band_tops() - burden).reindex(mission["state"].unique()).sort_values()
    state = room.index[0]
    teams = mission[(mission["capability"] == "military_observer_team") & (mission["state"] != state)]
    for _ in range(int(room.iloc[0] // 48) + 1):
        move_unit(out, "military_observer_team", state, from_state=teams["state"].iloc[0], mission="ukraine-ceasefire",
                  with_states=True)
        teams = table(out, "allocation")
        teams = teams[(teams["mission"] == "ukraine-ceasefire") & (teams["capability"] == "military_observer_team")
                      & (teams["state"] != state)]


def year_round_counted_as_a_surge(out):
    """A contributor's person-months written as if its year-round deployment lasted three months."""
    states = table(out, "states")
    row = states.index[states["person_months"] > 0][0]
    states.loc[row, "person_months"] = states.loc[row, "person_months"] / 4
    save(out, "states", states)


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


# Mission politics and contingent structure: a whole contribution is handed over, so no other of these
# rules breaks with the one meant (no token contingent, no bloc's share changed unless meant to).
def poland_next_to_ukraine(out):
    hand_over(out, "ukraine-ceasefire", "AUT", "POL")


def vetoed_usa_in_ukraine(out):
    hand_over(out, "ukraine-ceasefire", "AUT", "USA")


def moldova_serves_at_home(out):
    hand_over(out, "moldova-refugee-support", "HUN", "MDA")


def armenia_monitors_its_own_border(out):
    hand_over(out, "south-caucasus-monitoring", "KAZ", "ARM")


def nato_over_its_cap(out):
    """Austria's contingent in Ukraine, outside NATO, given to Germany: NATO was at its 40 % already."""
    hand_over(out, "ukraine-ceasefire", "AUT", "DEU")


def token_contribution(out):
    """Turkmenistan's four-person observer team in Ukraine moved to the Netherlands, which sends none there."""
    move_unit(out, "military_observer_team", "NLD", from_state="TKM", mission="ukraine-ceasefire", with_states=True)


def small_lead(out):
    set_lead(out, "ukraine-ceasefire", "AUT")


def lead_blanked(out):
    set_lead(out, "ukraine-ceasefire", None)


def two_leads(out):
    set_lead(out, "ukraine-ceasefire", "AUT", rows=1)


TAMPERS = [
    (units_to_germany, "fairness band: DEU"),
    (units_to_germany_with_states, "fairness band: DEU"),
    (italy_over_its_band, "fairness band: ITA"),
    (just_above_the_top, "above its band's top"),
    (year_round_counted_as_a_surge, "person-months written"),
    (surplus_unit, "requirement:"),
    (unit_missing, "requirement:"),
    (swiss_combat_unit, "caveat: CHE sends combat unit"),
    (serbia_in_the_balkans, "impartiality: SRB deploys 1 military_observer_team to balkans-pk: party to the"),
    (one_state_most_of_a_mission, "multinationality: GRC"),
    (poland_next_to_ukraine, "impartiality: POL deploys 1 engineer_company to ukraine-ceasefire: neighbour of a host"),
    (vetoed_usa_in_ukraine, "impartiality: USA deploys 1 engineer_company to ukraine-ceasefire: vetoed"),
    (moldova_serves_at_home, "to moldova-refugee-support: host"),
    (armenia_monitors_its_own_border, "to south-caucasus-monitoring: party to the conflict"),
    (nato_over_its_cap, "bloc cap: nato members give 726 of 1340 personnel in ukraine-ceasefire"),
    (token_contribution, "minimum contingent: NLD sends 4 personnel to ukraine-ceasefire, below the minimum of 150"),
    (small_lead, "lead nation: ukraine-ceasefire: lead AUT sends 212 personnel"),
    (lead_blanked, "lead nation: ukraine-ceasefire names no lead nation"),
    (two_leads, "missions.csv: ukraine-ceasefire names leads AUT, DEU"),
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
    out = tampered_copy(baseline.out, tmp_path, tamper)
    result = runner.invoke(app, ["verify", str(BASELINE), str(out)])
    assert result.exit_code == 1, result.output
    assert expected in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_another_scenario_is_a_mismatch_not_a_crash(baseline):
    result = runner.invoke(app, ["verify", str(SCENARIO_DIR / "nato-only.yaml"), str(baseline.out)])
    assert result.exit_code == 1, result.output
    assert "scenario mismatch: states.csv lists non-members" in result.output
    assert "internal error" not in result.output


def test_more_contributors_than_the_scenario_allows(baseline):
    result = runner.invoke(app, ["verify", "--set", "contingents.max_contributors=3", str(BASELINE), str(baseline.out)])
    assert result.exit_code == 1, result.output
    assert "max contributors: ukraine-ceasefire has 6 contributors, at most 3 allowed" in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_a_partial_plan_needs_a_scenario_that_allows_a_shortfall(baseline, tmp_path):
    """A complete plan called partial, with a made-up shortfall.csv to match, checked without --allow-shortfall."""
    out = tampered_copy(baseline.out, tmp_path, lambda out: None)
    edit_summary(out, status="partial", partial={"requirements_short": 1, "units_short": 1, "personnel_short": 4,
                                                 "missions_short": ["ukraine-ceasefire"], "proven": True})
    (out / "shortfall.csv").write_text("mission,capability,required,filled,short,personnel_short\n"
                                       "ukraine-ceasefire,military_observer_team,200,199,1,4\n")
    result = runner.invoke(app, ["verify", str(BASELINE), str(out)])
    assert result.exit_code == 1, result.output
    assert "summary.json: status: partial, but the scenario does not allow a shortfall" in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    # Allowed, the status passes; the made-up shortfall still does not.
    result = runner.invoke(app, ["verify", "--allow-shortfall", str(BASELINE), str(out)])
    assert result.exit_code == 1, result.output
    assert "does not allow a shortfall" not in result.output
    assert "shortfall.csv: ukraine-ceasefire: military_observer_team listed, but it is not short" in result.output


# --- a partial plan: what is left short, listed exactly --------------------------------------------

PARTIAL = SCENARIO_DIR / "examples" / "partial.yaml"


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    """examples/partial.yaml solved once with --allow-shortfall (its Ukraine force and helicopters short)."""
    out = tmp_path_factory.mktemp("partial") / "out"
    result = runner.invoke(app, ["solve", str(PARTIAL), "--allow-shortfall", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text())["status"] == "partial"
    return out


def verify_partial(out):
    return runner.invoke(app, ["verify", "--allow-shortfall", str(PARTIAL), str(out)])


def test_a_partial_plan_keeps_every_rule(partial):
    result = verify_partial(partial)
    assert result.exit_code == 0, result.output
    assert "valid:" in result.output


def shortfall_row_deleted(out):
    frame = table(out, "shortfall")
    save(out, "shortfall", frame.drop(index=frame.index[0]))


def shortfall_understated(out):
    frame = table(out, "shortfall")
    frame.loc[0, "short"] -= 1
    save(out, "shortfall", frame)


def shortfall_deleted(out):
    (out / "shortfall.csv").unlink()


def personnel_short_changed(out):
    summary = json.loads((out / "summary.json").read_text())
    edit_summary(out, partial__personnel_short=summary["partial"]["personnel_short"] - 100)


PARTIAL_TAMPERS = [
    (shortfall_row_deleted, "shortfall.csv: anatolia-earthquake: utility_helicopter_unit short"),
    (shortfall_understated, "shortfall.csv: anatolia-earthquake: utility_helicopter_unit written short"),
    (shortfall_deleted, "shortfall.csv: missing"),
    (personnel_short_changed, "summary.json: partial:"),
]


@pytest.mark.parametrize("tamper,expected", PARTIAL_TAMPERS, ids=[t[0].__name__ for t in PARTIAL_TAMPERS])
def test_a_tampered_partial_plan_is_rejected(partial, tmp_path, tamper, expected):
    result = verify_partial(tampered_copy(partial, tmp_path, tamper))
    assert result.exit_code == 1, result.output
    assert expected in result.output, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
