"""Bloc parity, the equal ceiling and membership over time, by hand, each checked by the verifier
and each caught by it when the written path is tampered."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from tests.run.test_reduction_rules import solved, three_states
from tests.run.test_trajectory import OBS

runner = CliRunner()
BASE = {"regional_reduction": 0.3, "max_annual_reduction": 0.5, "floor_share": 0.1}


def verify(path, out):
    return runner.invoke(app, ["verify", str(path), str(out)])


def tamper_forces(out, state, year, personnel):
    table = pd.read_csv(out / "trajectory.csv")
    table.loc[(table["state"] == state) & (table["year"] == year), "national_personnel"] = personnel
    table.to_csv(out / "trajectory.csv", index=False)


def test_bloc_parity_holds_the_blocs_ratio_every_year(case, tmp_path):
    """West (AAA, dear soldiers) against east (BBB, CCC): least spending alone would cut AAA only;
    at today's ratio each bloc cuts the same share."""
    path = three_states(case, {"years": 4, **BASE, "rule": "bloc_parity", "rule_tolerance": 0.05,
                               "rule_blocs": {"west": ["AAA"], "east": ["BBB", "CCC"]}})
    out, forces = solved(path, tmp_path)
    ratio = (forces["BBB"] + forces["CCC"]) / forces["AAA"]
    assert ratio.between(2 * 0.95 - 1e-6, 2 * 1.05 + 1e-6).all()
    assert forces.iloc[-1].sum() == pytest.approx(2100)
    assert verify(path, out).exit_code == 0
    last = forces.index[-1]
    tamper_forces(out, "AAA", last, forces.loc[last, "AAA"] * 0.8)
    result = verify(path, out)
    assert result.exit_code == 1 and "bloc parity" in result.output


def test_bloc_parity_moves_to_parity(case, tmp_path):
    """West (AAA, BBB: 2,000) and east (CCC: 1,000) end equal: 750 each at a 50 % regional cut."""
    path = three_states(case, {"years": 4, **BASE, "regional_reduction": 0.5, "rule": "bloc_parity",
                               "rule_tolerance": 0.05, "bloc_ratio": "parity",
                               "rule_blocs": {"west": ["AAA", "BBB"], "east": ["CCC"]}})
    out, forces = solved(path, tmp_path)
    final = forces.iloc[-1]
    assert final["CCC"] / (final["AAA"] + final["BBB"]) == pytest.approx(1.0, abs=0.05 + 1e-6)
    assert verify(path, out).exit_code == 0


def test_parity_out_of_reach_is_explained(case, tmp_path):
    """East (2,000) cannot come down to a west of 1,050 and the 30 % target at once: exit 1, and the
    diagnosis names the rule."""
    path = three_states(case, {"years": 4, **BASE, "rule": "bloc_parity", "rule_tolerance": 0.05,
                               "bloc_ratio": "parity", "rule_blocs": {"west": ["AAA"], "east": ["BBB", "CCC"]}})
    result = runner.invoke(app, ["solve", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "one exists without the reduction rule" in result.output


def test_equal_ceiling_brings_the_dense_members_down(case, tmp_path):
    """Same forces, populations 1,000 / 2,000 / 4,000: forces per person 1, 0.5, 0.25. The 30 %
    cut (to 2,100) takes a common ceiling k with clip(k pop, 100, 1000) summing to 2,100: with CCC
    under it (k > 0.25), 3,000 k + 1,000 = 2,100, k = 11/30: AAA due 366.7 and BBB 733.3, within
    1 % of their cuts, while CCC keeps all its forces."""
    path = case(
        [{"iso3": "AAA", "gni": 1, "armed_forces": 1000, "population": 1000},
         {"iso3": "BBB", "gni": 1, "armed_forces": 1000, "population": 2000},
         {"iso3": "CCC", "gni": 1, "armed_forces": 1000, "population": 4000}],
        [OBS],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 2}}],
         "fairness": {"mode": "off"},
         "trajectory": {"start_year": 2030, "years": 4, **BASE, "floor_share": 0.1, "max_annual_reduction": 0.5,
                        "rule": "equal_ceiling", "rule_tolerance": 0.01}},
        capacities=[("AAA", "obs", 40), ("BBB", "obs", 40), ("CCC", "obs", 40)])
    out, forces = solved(path, tmp_path)
    final = forces.iloc[-1]
    assert abs(1000 - final["AAA"] - (1000 - 1100 / 3)) <= 0.01 * (1000 - 1100 / 3) + 1e-6
    assert abs(1000 - final["BBB"] - (1000 - 2200 / 3)) <= 0.01 * (1000 - 2200 / 3) + 1e-6
    assert final["CCC"] == pytest.approx(1000)
    assert verify(path, out).exit_code == 0
    tamper_forces(out, "CCC", forces.index[-1], 900)
    tamper_forces(out, "AAA", forces.index[-1], 450)
    result = verify(path, out)
    assert result.exit_code == 1 and "equal ceiling" in result.output


def test_a_member_leaving_stops_contributing_and_leaves_the_rule(case, tmp_path):
    path = three_states(case, {"years": 4, **BASE, "rule": "proportional", "rule_tolerance": 0.1,
                               "leaves": {"CCC": 2032}})
    out, forces = solved(path, tmp_path)
    alloc = pd.read_csv(out / "allocation.csv")
    states = pd.read_csv(out / "states.csv")
    assert not alloc[(alloc["state"] == "CCC") & (alloc["year"] >= 2032)].shape[0]
    assert set(states[states["year"] >= 2032]["state"]) == {"AAA", "BBB"}
    # The year's key is its members': two members share the burden half and half.
    assert states[states["year"] == 2033]["key_share"].sum() == pytest.approx(1.0)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["trajectory"]["rule_exemptions"] == {"CCC": "leaves in 2032"}
    assert verify(path, out).exit_code == 0
    row = alloc[alloc["year"] == 2033].iloc[[0]].assign(state="CCC")
    pd.concat([alloc, row]).to_csv(out / "allocation.csv", index=False)
    result = verify(path, out)
    assert result.exit_code == 1 and "membership over time" in result.output


def test_joins_and_leaves_must_name_members_in_the_horizon(case):
    path = three_states(case, {"years": 4, **BASE, "joins": {"DDD": 2031}, "leaves": {"AAA": 2040}})
    result = runner.invoke(app, ["solve", str(path), "--out", str(path.parent / "out")])
    assert result.exit_code == 2
    assert "DDD is not a member" in result.output and "2040 is not a year after the first" in result.output
