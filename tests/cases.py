"""Small hand-built cases shared by several test rooms (written by tests/conftest.py's `case`)."""
from __future__ import annotations

from pathlib import Path

from planner.run import pipeline

INF = {"capability": "inf", "personnel": 10, "cost": 1000, "rotation": 1}
OBS = {"capability": "obs", "personnel": 1, "cost": 1000}
HELI = {"capability": "heli", "personnel": 50, "cost": 50000}


def mission(requirements, **extra) -> dict:
    return {"id": "m1", "kind": "peacekeeping", "location": [0.0, 0.0], "requirements": requirements, **extra}


def solved(path: Path, solver: str = "highs"):
    inputs = pipeline.load(path)
    return pipeline.solve_inputs(inputs, pipeline.options_for(inputs, solver), path.parent / f"{solver}.log")


def solve_units(path: Path, solver: str = "highs"):
    """(run, {(state, mission, capability): units})."""
    run = solved(path, solver)
    return run, run.plan.allocation.groupby(["state", "mission", "capability"])["units"].sum().to_dict()


def solve_people(path: Path, solver: str = "highs"):
    """(run, {state: personnel})."""
    run = solved(path, solver)
    return run, run.plan.states.set_index("state")["personnel"].to_dict()


def three_states(case, fairness: dict) -> Path:
    """Equal keys (targets 33.3 each, allowance 1: the smallest unit is one observer). Only A has the
    50-person helicopter unit, so A is over its share whatever happens: deviation
    (50 - 33.33 - 1) / 33.33 = 0.47. C is nearer the mission than B."""
    return case(
        [{"iso3": "AAA", "gni": 1, "lon": 5.0}, {"iso3": "BBB", "gni": 1, "lon": 20.0},
         {"iso3": "CCC", "gni": 1, "lon": 1.0}],
        [OBS, HELI],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"heli": 1, "obs": 50}}],
         "assumptions": {"transport_usd_per_person_km": 1.0}, "fairness": fairness},
        capacities=[("AAA", "heli", 1), ("AAA", "obs", 100), ("BBB", "obs", 100), ("CCC", "obs", 100)],
    )
