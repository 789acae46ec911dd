"""The regional packs (issue 13, item 7): the African Union, ASEAN and OAS baselines validate, each
has at least four missions of all three kinds placed inside its region, keeps the fairness band
at most 0.3 wide, and solves with the shipped defaults."""
from __future__ import annotations

import pytest

from planner.check.territory import far_missions
from planner.paths import SCENARIO_DIR
from planner.run import pipeline

PACKS = {"au": "au-baseline.yaml", "asean": "asean-baseline.yaml", "oas": "oas-baseline.yaml"}
KINDS = {"peacekeeping", "humanitarian", "disaster_response"}


@pytest.fixture(scope="module")
def loaded():
    return {region: pipeline.load(SCENARIO_DIR / file) for region, file in PACKS.items()}


@pytest.mark.parametrize("region", sorted(PACKS))
def test_pack_validates_for_its_region(loaded, region):
    inputs = loaded[region]
    assert inputs.loaded.scenario.region == region
    assert inputs.name == PACKS[region].removesuffix(".yaml")
    assert len(inputs.eligible) > 0


@pytest.mark.parametrize("region", sorted(PACKS))
def test_pack_has_four_missions_of_the_three_kinds(loaded, region):
    missions = loaded[region].missions
    assert len(missions) >= 4
    assert set(missions["kind"]) == KINDS
    assert (missions["personnel_required"] > 0).all()


@pytest.mark.parametrize("region", sorted(PACKS))
def test_pack_keeps_a_narrow_band_and_a_built_in_key(loaded, region):
    sc = loaded[region].scenario
    assert sc.fairness.mode == "band" and sc.fairness.tolerance <= 0.3
    assert abs(float(loaded[region].key.sum()) - 1.0) < 1e-9


@pytest.mark.parametrize("region", sorted(PACKS))
def test_pack_missions_lie_in_the_region(loaded, region):
    assert far_missions(loaded[region]) == []


def solved(region, tmp_path):
    inputs = pipeline.load(SCENARIO_DIR / PACKS[region])
    return pipeline.solve_inputs(inputs, pipeline.options_for(inputs), tmp_path / "solve.log", price=False)


# Each solve (without the price-of-fairness solve) takes 1.5-6 s: in `make bench`, beside every shipped
# scenario's solve (tests/scenario/test_shipped.py), to keep `make test` inside its three minutes.
@pytest.mark.slow
@pytest.mark.parametrize("region", sorted(PACKS))
def test_pack_solves_with_the_shipped_defaults(region, tmp_path):
    run = solved(region, tmp_path)
    assert run.result.status == "optimal"
    missions = run.plan.missions
    assert (missions["filled"] == missions["required"]).all()
