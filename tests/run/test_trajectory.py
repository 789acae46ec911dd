"""Trajectories by hand: who cuts, pairs, targets, pace, equipment, and every rule year by year."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.errors import InfeasibleError
from planner.run import pipeline

OBS = {"capability": "obs", "personnel": 1, "cost": 100}


MISSION = [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 2}}]


def two_states(case, trajectory, cpp=(10.0, 1.0), **extra):
    return case(
        [{"iso3": "AAA", "gni": 1, "armed_forces": 100}, {"iso3": "BBB", "gni": 1, "armed_forces": 100}],
        [OBS],
        {"missions": MISSION, "fairness": {"mode": "off"},
         "trajectory": {"start_year": 2030, "cost_per_person_usd": {"AAA": cpp[0], "BBB": cpp[1]}, **trajectory},
         **extra},
        capacities=[("AAA", "obs", 40), ("BBB", "obs", 40)],
    )


def solve(path):
    inputs = pipeline.load(path)
    run = pipeline.solve_inputs(inputs, pipeline.options_for(inputs), path.parent / "t.log", price=False)
    forces = run.path.forces.unstack("state").round(6)
    return run, forces


def test_the_dearer_state_cuts_first(case):
    # Target 100 of 200 in year 2, at most 50 a year, floor 25. Spending per person A 10, B 1.
    # A cuts the most it may (50, then to its floor 25); B lands the rest: 75 in both years
    # (it can never grow back, so it cannot go below its final 75 in year 1).
    path = two_states(case, {"years": 2, "regional_reduction": 0.5, "max_annual_reduction": 0.5, "floor_share": 0.25})
    run, forces = solve(path)
    assert forces["AAA"].tolist() == pytest.approx([50, 25])
    assert forces["BBB"].tolist() == pytest.approx([75, 75])
    assert run.path.shortfall == {"regional": pytest.approx(0.0)}
    assert run.path.spending_usd == pytest.approx(50 * 10 + 75 + 25 * 10 + 75)
    assert not run.path.linked_binding


def test_a_balanced_pair_keeps_the_ratio(case):
    path = two_states(case, {"years": 2, "regional_reduction": 0.5, "max_annual_reduction": 0.5, "floor_share": 0.25,
                             "balanced_pairs": [{"states": ["AAA", "BBB"], "tolerance": 0.0}]})
    _, forces = solve(path)
    assert forces["AAA"].tolist() == pytest.approx([50, 50])
    assert forces["BBB"].tolist() == pytest.approx([50, 50])


def test_unreachable_target_says_by_how_much_and_what_binds(case):
    # Floors at 80 % keep 160 of 200 against a target of 100: 60 short, both members on their floor.
    path = two_states(case, {"years": 3, "regional_reduction": 0.5, "max_annual_reduction": 0.5, "floor_share": 0.8})
    run, forces = solve(path)
    assert run.path.shortfall["regional"] == pytest.approx(60.0)
    limits = run.trajectory_limits
    final = limits[limits["year"] == 2032].set_index("state")["binding"]
    assert final.to_dict() == {"AAA": "floor", "BBB": "floor"}
    summary = run.summary()["trajectory"]
    assert summary["target_shortfall_personnel"] == {"regional": pytest.approx(60.0)}
    assert summary["final_year_limits"] == {"AAA": "floor", "BBB": "floor"}


def test_the_pace_cap_binds_and_is_reported(case):
    # Cutting 5 a year from 100 cannot reach 50 in 3 years: 35 short (85 left each... A and B
    # both cut 15), every year at the cap.
    path = two_states(case, {"years": 3, "regional_reduction": 0.5, "max_annual_reduction": 0.05, "floor_share": 0.0})
    run, forces = solve(path)
    assert forces.iloc[-1].tolist() == pytest.approx([85, 85])
    assert run.path.shortfall["regional"] == pytest.approx(70.0)
    assert set(run.trajectory_limits["binding"]) == {"annual cut cap"}


def test_equipment_ceilings_and_sufficiency_by_hand(case, tmp_path):
    # Tanks A 100, B 100, C 10; ceilings fall 50 % over 2 years (75 %, then 50 % of each
    # baseline, so C <= 7.5, then 5); no member above 45 % of the total. C keeps its ceiling
    # (7, then 5) and A = B = x with x <= 0.45 (2x + C): x <= 4.5 C, so 31 (31.5), then 22 (22.5).
    holdings = tmp_path / "holdings.csv"
    holdings.write_text("state,category,count,year,status,source\n"
                        "AAA,battle_tanks,100,2020,illustrative,test\nBBB,battle_tanks,100,2020,illustrative,test\n"
                        "CCC,battle_tanks,10,2020,public,test\n")
    path = case(
        [{"iso3": c, "gni": 1, "armed_forces": 100} for c in ("AAA", "BBB", "CCC")], [OBS],
        {"missions": MISSION, "fairness": {"mode": "off"},
         "trajectory": {"start_year": 2030, "years": 2,
                        "equipment": {"holdings": str(holdings), "reduction": 0.5, "sufficiency_share": 0.45}}},
        capacities=[(c, "obs", 40) for c in ("AAA", "BBB", "CCC")],
    )
    run, _ = solve(path)
    table = run.trajectory.set_index(["state", "year"])
    assert table["battle_tanks"].to_dict() == {("AAA", 2030): 31, ("AAA", 2031): 22, ("BBB", 2030): 31,
                                               ("BBB", 2031): 22, ("CCC", 2030): 7, ("CCC", 2031): 5}
    assert table.loc[("AAA", 2030), "battle_tanks_destroyed"] == 69
    assert table.loc[("AAA", 2031), "battle_tanks_destroyed"] == 9


def test_a_year_with_no_plan_is_named(case):
    path = case(
        [{"iso3": "AAA", "gni": 1, "armed_forces": 100}, {"iso3": "BBB", "gni": 1, "armed_forces": 100}],
        [OBS, {"capability": "heli", "personnel": 50, "cost": 100, "rotation": 3}],
        {"missions": MISSION + [{"id": "quake", "kind": "disaster_response", "location": [0, 0],
                                 "requirements": {"heli": 3}, "duration_months": 12}],
         "fairness": {"mode": "off"},
         "trajectory": {"start_year": 2030, "years": 3, "mission_start": {"quake": 2032}}},
        capacities=[("AAA", "obs", 40), ("BBB", "obs", 40), ("AAA", "heli", 3), ("BBB", "heli", 3)],
    )
    with pytest.raises(InfeasibleError) as err:
        solve(path)
    assert "mission quake in 2032 is short 1 heli (needs 3)" in "\n".join(err.value.lines())


def test_every_rule_holds_year_by_year_on_a_small_region(case, tmp_path):
    codes = ["AAA", "BBB", "CCC", "DDD"]
    rng = np.random.default_rng(3)
    path = case(
        [{"iso3": c, "gni": int(rng.integers(5, 50)), "armed_forces": int(rng.integers(20_000, 90_000)),
          "milex": int(rng.integers(1e9, 9e9)), "lon": float(i * 5)} for i, c in enumerate(codes)],
        [OBS, {"capability": "inf", "personnel": 10, "cost": 5000, "rotation": 3}],
        {"missions": [{"id": "pk", "kind": "peacekeeping", "location": [5, 5], "requirements": {"inf": 6, "obs": 40}}],
         "max_national_share": 0.5,
         "fairness": {"mode": "band", "tolerance": 0.5, "apply_to": ["personnel", "net_cost"]},
         "trajectory": {"start_year": 2030, "years": 6, "regional_reduction": 0.3, "max_annual_reduction": 0.08,
                        "floor_share": 0.3, "phase_in": {2030: 0.5, 2033: 1.0},
                        "balanced_pairs": [{"states": ["AAA", "BBB"], "tolerance": 0.1}]}},
        capacities=[(c, u, 30) for c in codes for u in ("obs", "inf")],
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["solve", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    inputs = pipeline.load(path)
    tr = inputs.trajectory
    table = pd.read_csv(out / "trajectory.csv")
    forces = table.pivot(index="year", columns="state", values="national_personnel")
    base = tr.forces["baseline"]
    previous = base
    for year, row in forces.iterrows():
        cut = previous - row
        assert (cut >= -1e-6).all() and (cut <= tr.forces["max_cut"] + 1e-6).all(), year
        assert (row >= tr.forces["floor"] - 1e-6).all(), year
        ratio = row["AAA"] / row["BBB"]
        r0 = base["AAA"] / base["BBB"]
        assert 0.9 * r0 - 1e-9 <= ratio <= 1.1 * r0 + 1e-9, year
        previous = row
    assert forces.iloc[-1].sum() == pytest.approx(0.7 * base.sum(), rel=1e-6)
    missions = pd.read_csv(out / "missions.csv")
    assert (missions["filled"] == missions["required"]).all()
    assert sorted(missions["year"].unique()) == list(range(2030, 2036))
    scale = {2030: 0.5, 2031: 2 / 3, 2032: 5 / 6}
    for year, group in missions.groupby("year"):
        need = group.set_index("capability")["required"]
        s = scale.get(year, 1.0)
        assert need["inf"] == int(np.floor(6 * s + 0.5)) and need["obs"] == int(np.floor(40 * s + 0.5))
    states = pd.read_csv(out / "states.csv")
    assert states["within_band"].all()
    # contributions never exceed what each member's shrunken holdings allow (rotation 3 for inf)
    alloc = pd.read_csv(out / "allocation.csv")
    inf = alloc[alloc["capability"] == "inf"].groupby(["year", "state"])["units"].sum()
    for (year, state), units in inf.items():
        assert 3 * units <= 30 * forces.loc[year, state] / base[state] + 1e-6
    assert (out / "forces.png").stat().st_size > 10_000 and (out / "reductions.png").stat().st_size > 10_000


def test_equipment_follows_manpower_down(case, tmp_path):
    # Tanks A 100, B 100; ceilings fall only 10 %, but A's forces fall by half (A's soldiers cost ten
    # times B's): with a band of 20 %, A keeps at most 1.2 x 100 x 50 % = 60 tanks, B its ceiling.
    holdings = tmp_path / "holdings.csv"
    holdings.write_text("state,category,count,year,status,source\n"
                        "AAA,battle_tanks,100,2020,illustrative,test\nBBB,battle_tanks,100,2020,illustrative,test\n")
    path = two_states(case, {"years": 1, "regional_reduction": 0.25, "max_annual_reduction": 0.5, "floor_share": 0.5,
                             "equipment": {"holdings": str(holdings), "reduction": 0.1, "sufficiency_share": 1.0,
                                           "manpower_band": 0.2}})
    run, forces = solve(path)
    assert forces["AAA"].tolist() == pytest.approx([50]) and forces["BBB"].tolist() == pytest.approx([100])
    table = run.trajectory.set_index(["state", "year"])
    assert table.loc[("AAA", 2030), "battle_tanks"] == 60
    assert table.loc[("BBB", 2030), "battle_tanks"] == 90
