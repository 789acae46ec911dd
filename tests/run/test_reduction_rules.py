"""Mutual reductions by hand: the proportional rule, who is exempt and why, CFE phases, the
verification workload, and the verifier catching a path tampered on each."""
from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.run import pipeline
from tests.run.test_trajectory import OBS

runner = CliRunner()
MISSION = [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 2}}]


def three_states(case, trajectory):
    """A dear soldier in AAA, cheap ones in BBB and CCC: least spending alone would cut AAA first."""
    return case(
        [{"iso3": "AAA", "gni": 1, "armed_forces": 1000}, {"iso3": "BBB", "gni": 1, "armed_forces": 1000},
         {"iso3": "CCC", "gni": 1, "armed_forces": 1000}],
        [OBS],
        {"missions": MISSION, "fairness": {"mode": "off"},
         "trajectory": {"start_year": 2030, "cost_per_person_usd": {"AAA": 10.0, "BBB": 1.0, "CCC": 1.0},
                        **trajectory}},
        capacities=[("AAA", "obs", 40), ("BBB", "obs", 40), ("CCC", "obs", 40)],
    )


def solved(path, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "trajectory.csv")
    return out, table.pivot(index="year", columns="state", values="national_personnel")


def test_least_spending_alone_cuts_the_dear_state_and_the_rule_makes_it_mutual(case, tmp_path):
    rule = {"years": 4, "regional_reduction": 0.3, "max_annual_reduction": 0.5, "floor_share": 0.1}
    _, cheapest = solved(three_states(case, rule), tmp_path / "a")
    assert cheapest.iloc[-1]["BBB"] == pytest.approx(1000) or cheapest.iloc[-1]["CCC"] == pytest.approx(1000)
    path = three_states(case, {**rule, "rule": "proportional", "rule_tolerance": 0.1})
    out, forces = solved(path, tmp_path / "b")
    cut = 1 - forces.iloc[-1] / 1000
    assert forces.iloc[-1].sum() == pytest.approx(2100)             # the 30 % target still reached
    assert cut.max() <= 1.1 / 0.9 * cut.min() + 1e-9                # one common cut within +-10 %
    assert cut.min() > 0.25
    verified = runner.invoke(app, ["verify", str(path), str(out)])
    assert verified.exit_code == 0, verified.output


def test_a_floor_exempts_a_member_and_says_so(case, tmp_path):
    trajectory = {"years": 3, "regional_reduction": 0.3, "max_annual_reduction": 0.5, "floor_share": 0.1,
                  "floors": {"CCC": 900}, "rule": "proportional", "rule_tolerance": 0.1}
    out, forces = solved(three_states(case, trajectory), tmp_path)
    summary = pd.read_json(out / "summary.json", typ="series")
    assert summary["trajectory"]["rule_exemptions"] == {"CCC": "floor"}
    assert forces.iloc[-1]["CCC"] >= 900 - 1e-6          # the floor holds; the rule does not bind it
    cut = 1 - forces.iloc[-1][["AAA", "BBB"]] / 1000
    assert cut.max() <= 1.1 / 0.9 * cut.min() + 1e-9
    limits = pd.read_csv(out / "trajectory_limits.csv")
    assert "exempt from the proportional rule: floor" in limits.loc[limits["state"] == "CCC", "binding"].iloc[-1]


def test_cfe_phases_bring_each_liability_forward(case, tmp_path):
    # Five years; CFE's 16/40, 28/40 and 40/40 of the horizon fall in 2031, 2033 and 2034.
    trajectory = {"years": 5, "regional_reduction": 0.4, "max_annual_reduction": 0.5, "floor_share": 0.1,
                  "rule": "proportional", "rule_tolerance": 0.0, "phases": "cfe",
                  "cost_per_person_usd": {"AAA": 1.0, "BBB": 1.0, "CCC": 1.0}}
    path = three_states(case, trajectory)
    inputs = pipeline.load(path)
    assert inputs.trajectory.phases.to_dict() == {2031: 0.25, 2033: 0.6, 2034: 1.0}
    out, forces = solved(path, tmp_path)
    liability = 1000 - forces.loc[2034]
    assert (1000 - forces.loc[2031] >= 0.25 * liability - 1e-6).all()
    assert (1000 - forces.loc[2033] >= 0.6 * liability - 1e-6).all()


def test_the_inspections_table_follows_the_protocol(case, tmp_path):
    trajectory = {"years": 4, "regional_reduction": 0.3, "max_annual_reduction": 0.5, "floor_share": 0.1,
                  "rule": "proportional", "phases": {2031: 1.0},
                  "inspections": {"personnel_per_object": 100}}
    out, forces = solved(three_states(case, trajectory), tmp_path)
    table = pd.read_csv(out / "inspections.csv")
    first = table[table["year"] == 2030].set_index("state")
    # One object per 100 national personnel of the year; baseline validation: 20 % of them, rounded up.
    objects = (forces.loc[2030] / 100).apply(lambda v: -(-v // 1)).astype(int)
    assert (first["objects"] == objects).all()
    assert (first["quota_received"] == (0.2 * objects).apply(lambda v: -(-v // 1)).astype(int)).all()
    assert list(table.drop_duplicates("year")["period"]) == ["baseline_validation", "reduction",
                                                             "residual_validation", "residual"]
    for _, group in table.groupby("year"):
        assert group["quota_active"].sum() == group["quota_received"].sum()
    last = table[table["year"] == 2033].set_index("state")
    n = forces.loc[2033]
    assert (last["objects"] == (n / 100).apply(lambda v: -(-v // 1)).astype(int)).all()


def tamper(out, name, edit):
    frame = pd.read_csv(out / name)
    edit(frame)
    frame.to_csv(out / name, index=False)


def raise_one(frame):
    """AAA keeps its baseline in the final year, the others cut: not one common cut any more."""
    last = frame["year"] == frame["year"].max()
    frame.loc[last & (frame["state"] == "AAA"), "national_personnel"] = 1000.0


def fewer_inspections(frame):
    frame.loc[frame.index[0], "quota_received"] = 0


@pytest.mark.parametrize("name, edit, rule", [("trajectory.csv", raise_one, "reduction rule"),
                                              ("inspections.csv", fewer_inspections, "inspections")])
def test_the_verifier_rejects_a_tampered_path(case, tmp_path, name, edit, rule):
    trajectory = {"years": 3, "regional_reduction": 0.3, "max_annual_reduction": 0.5, "floor_share": 0.1,
                  "rule": "proportional", "phases": "cfe"}
    path = three_states(case, trajectory)
    out, _ = solved(path, tmp_path)
    assert runner.invoke(app, ["verify", str(path), str(out)]).exit_code == 0
    tamper(out, name, edit)
    result = runner.invoke(app, ["verify", str(path), str(out)])
    assert result.exit_code == 1 and f"{rule}:" in result.output, result.output


def stationed_case(case, tmp_path, stationing, zones=None):
    """AAA keeps 100 in BBB (consenting) and 50 in CCC (not consenting)."""
    table = tmp_path / "stationed.csv"
    table.write_text("stationing_state,host_state,personnel,year,status,consent,source\n"
                     "AAA,BBB,100,2025,public,1,test\nAAA,CCC,50,2025,estimate,0,test\n")
    return case(
        [{"iso3": "AAA", "gni": 1, "armed_forces": 1000}, {"iso3": "BBB", "gni": 1, "armed_forces": 1000},
         {"iso3": "CCC", "gni": 1, "armed_forces": 1000}],
        [OBS],
        {"missions": MISSION, "fairness": {"mode": "off"}, "tables": {"stationed": "stationed.csv"},
         "trajectory": {"start_year": 2030, "years": 4, "regional_reduction": 0.2, "max_annual_reduction": 0.5,
                        "floor_share": 0.1, "rule": "proportional", "cost_per_person_usd": {"AAA": 1.0, "BBB": 1.0,
                                                                                          "CCC": 1.0},
                        "stationing": stationing, "zones": zones or {}}},
        capacities=[("AAA", "obs", 40), ("BBB", "obs", 40), ("CCC", "obs", 40)],
    )


def test_forces_without_consent_withdraw_and_ceilings_hold(case, tmp_path):
    # CCC's 50 must be gone by 2032; BBB caps national plus foreign on its territory at 950 by 2033
    # (from 1,100 today); the zone BBB+CCC falls to 1,700 from today's 2,150, with everyone cutting
    # about 20 %.
    path = stationed_case(case, tmp_path, {"CCC": {"withdraw_by": 2032}, "BBB": {"territorial_ceiling": 950}},
                          {"south": {"states": ["BBB", "CCC"], "ceiling": 1700}})
    out, forces = solved(path, tmp_path)
    stationing = pd.read_csv(out / "stationing.csv").set_index(["host_state", "year"])["personnel"]
    assert stationing[("CCC", 2032)] == pytest.approx(0) and stationing[("CCC", 2033)] == pytest.approx(0)
    assert (stationing.xs("BBB").diff().dropna() <= 1e-6).all()          # never grows back
    assert forces.loc[2033, "BBB"] + stationing[("BBB", 2033)] <= 950 + 1e-6
    zone = forces.loc[2033, ["BBB", "CCC"]].sum() + stationing[("BBB", 2033)] + stationing[("CCC", 2033)]
    assert zone <= 1700 + 1e-6
    assert runner.invoke(app, ["verify", str(path), str(out)]).exit_code == 0


def test_the_verifier_rejects_forces_staying_without_consent(case, tmp_path):
    path = stationed_case(case, tmp_path, {"CCC": {"withdraw_by": 2031}})
    out, _ = solved(path, tmp_path)
    tamper(out, "stationing.csv", lambda f: f.__setitem__("personnel", f["baseline_personnel"]))
    result = runner.invoke(app, ["verify", str(path), str(out)])
    assert result.exit_code == 1 and "stationing consent: AAA in CCC 2031" in result.output, result.output


def test_a_state_in_arms_control_only_cuts_with_the_others_and_sends_nothing(case, tmp_path):
    # AAA takes no part in the peace force but is bound by the rule, and balanced against BBB.
    path = case(
        [{"iso3": "AAA", "gni": 1, "armed_forces": 1000}, {"iso3": "BBB", "gni": 1, "armed_forces": 1000},
         {"iso3": "CCC", "gni": 1, "armed_forces": 1000}],
        [OBS],
        {"missions": MISSION, "fairness": {"mode": "off"}, "arms_control_only": ["AAA"],
         "trajectory": {"start_year": 2030, "years": 3, "regional_reduction": 0.3, "max_annual_reduction": 0.5,
                        "floor_share": 0.1, "rule": "proportional",
                        "balanced_pairs": [{"states": ["AAA", "BBB"], "tolerance": 0.05}],
                        "cost_per_person_usd": {"AAA": 1.0, "BBB": 1.0, "CCC": 1.0}}},
        capacities=[("AAA", "obs", 40), ("BBB", "obs", 40), ("CCC", "obs", 40)],
    )
    out, forces = solved(path, tmp_path)
    assert "AAA" not in set(pd.read_csv(out / "states.csv")["state"])
    assert "AAA" not in set(pd.read_csv(out / "allocation.csv")["state"])
    cut = 1 - forces.iloc[-1] / 1000
    assert forces.iloc[-1].sum() == pytest.approx(2100) and cut["AAA"] > 0.25
    assert 0.95 <= forces.iloc[-1]["AAA"] / forces.iloc[-1]["BBB"] <= 1.05
    assert set(pd.read_csv(out / "inspections.csv")["state"]) == {"AAA", "BBB", "CCC"}
    assert runner.invoke(app, ["verify", str(path), str(out)]).exit_code == 0


def phase_missed(frame):
    """Every member back at its baseline in the first phase year (2031 of a five-year CFE pattern)."""
    first_phase = frame["year"] == 2031
    frame.loc[first_phase, "national_personnel"] = frame.loc[first_phase, "baseline_personnel"]


def zone_overrun(frame):
    """BBB's stationed forces on its territory kept at today's level in the last year."""
    last = frame["year"] == frame["year"].max()
    frame.loc[last, "personnel"] = frame.loc[last, "baseline_personnel"]


def test_the_verifier_rejects_a_missed_phase(case, tmp_path):
    trajectory = {"years": 5, "regional_reduction": 0.4, "max_annual_reduction": 0.5, "floor_share": 0.1,
                  "rule": "proportional", "rule_tolerance": 0.0, "phases": "cfe",
                  "cost_per_person_usd": {"AAA": 1.0, "BBB": 1.0, "CCC": 1.0}}
    path = three_states(case, trajectory)
    out, _ = solved(path, tmp_path)
    tamper(out, "trajectory.csv", phase_missed)
    result = runner.invoke(app, ["verify", str(path), str(out)])
    assert result.exit_code == 1 and "phase: AAA 2031" in result.output, result.output


def test_the_verifier_rejects_a_zone_above_its_ceiling(case, tmp_path):
    # The zone BBB+CCC must fall to 1,700 from 2,150; the withdrawal from CCC is undone on paper.
    path = stationed_case(case, tmp_path, {}, {"south": {"states": ["BBB", "CCC"], "ceiling": 1700}})
    out, forces = solved(path, tmp_path)
    tamper(out, "stationing.csv", zone_overrun)
    tamper(out, "trajectory.csv", lambda f: f.__setitem__("national_personnel", f["national_personnel"] + 100))
    result = runner.invoke(app, ["verify", str(path), str(out)])
    assert result.exit_code == 1 and "zone south:" in result.output, result.output


@pytest.mark.slow
def test_russia_in_arms_control_only_on_the_osce_trajectory(tmp_path):
    """Russia out of the peace force but bound by the regime: the scenario solves, Russia sends and
    pays nothing, and its balanced pairs (with Poland and Ukraine) hold every year (make bench)."""
    from planner.paths import SCENARIO_DIR

    path = SCENARIO_DIR / "osce-demilitarization.yaml"
    out = tmp_path / "out"
    result = runner.invoke(app, ["solve", str(path), "--out", str(out), "--set", "arms_control_only=[RUS]"])
    assert result.exit_code == 0, result.output
    assert "RUS" not in set(pd.read_csv(out / "states.csv")["state"])
    table = pd.read_csv(out / "trajectory.csv")
    forces = table.pivot(index="year", columns="state", values="national_personnel")
    base = table.drop_duplicates("state").set_index("state")["baseline_personnel"]
    for rival in ("POL", "UKR"):
        ratio = forces["RUS"] / forces[rival]
        r0 = base["RUS"] / base[rival]
        assert ((ratio >= 0.9 * r0 - 1e-6) & (ratio <= 1.1 * r0 + 1e-6)).all(), rival
