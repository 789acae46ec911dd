"""Holdings and the caps caveats and pools put on contributions."""
from __future__ import annotations

from planner.run import pipeline


def test_a_pool_caps_each_members_contribution(case):
    # 4 observer teams pooled by key 3:1 (Hamilton): A 3, B 1. A is cheaper but may only send 3.
    path = case(
        [{"iso3": "AAA", "gni": 3, "lon": 1.0}, {"iso3": "BBB", "gni": 1, "lon": 20.0}],
        [{"capability": "obs", "personnel": 4, "cost": 1000}],
        {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 4}}],
         "pools": [{"capability": "obs", "total": 4, "method": "hamilton"}],
         "assumptions": {"transport_usd_per_person_km": 1.0}},
        capacities=[("AAA", "obs", 10), ("BBB", "obs", 10)],
    )
    inputs = pipeline.load(path)
    assert inputs.pools.to_dict() == {("AAA", "obs"): 3, ("BBB", "obs"): 1}
    run = pipeline.solve_inputs(inputs, pipeline.options_for(inputs), path.parent / "p.log")
    assert run.plan.allocation.set_index("state")["units"].to_dict() == {"AAA": 3, "BBB": 1}
