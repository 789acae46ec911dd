"""The UN keys' basis (issue 13, item 5): computed over all UN members and rebased to the members
by default, so a small group's own average and the 22 % ceiling no longer distort them; `basis:
members` keeps the old numbers; a ceiling binding for several members is a warning."""
from __future__ import annotations

import io
import logging

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.analysis.key_table import key_table
from planner.cli import app
from planner.keys import compute_key
from planner.paths import DATA_DIR, SCENARIO_DIR
from planner.scenario.schema import Key

runner = CliRunner()
SMALL_GROUP = "DEU,FRA,ITA,LUX,MLT"
# `planner key` printed these before the basis existed (10 digits, as the command prints them).
OLD_PEACEKEEPING_OSCE = {"DEU": 0.0421814717, "RUS": 0.0512156682, "USA": 0.3995786075, "GBR": 0.1926167807,
                         "FRA": 0.1697924087, "LUX": 0.0014716781, "VAT": 0.0000020000}
OLD_UN_OSCE = {"USA": 0.22, "DEU": 0.1406049058, "RUS": 0.0281983239, "LUX": 0.0018395976}
OLD_UN_SMALL_GROUP = {"DEU": 0.22, "FRA": 0.22, "ITA": 0.22, "LUX": 0.22, "MLT": 0.12}
PRINTED = 1e-10   # the command prints 10 digits


def shares_of(text: str) -> pd.Series:
    return pd.read_csv(io.StringIO(text)).set_index("state")["share"]


def key_command(*args: str) -> pd.Series:
    result = runner.invoke(app, ["key", *args])
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.stderr        # no ceiling warning on the world basis
    return shares_of(result.stdout)


def test_peacekeeping_over_the_osce_ranks_germany_above_russia():
    shares = key_command("un_peacekeeping", "--region", "osce")
    assert len(shares) == 57 and shares.sum() == pytest.approx(1.0, abs=1e-8)
    assert shares["DEU"] > shares["RUS"]


def test_luxembourg_is_not_capped_like_germany_in_a_small_group():
    shares = key_command("un", "--members", SMALL_GROUP)
    assert shares.sum() == pytest.approx(1.0, abs=1e-8)
    assert shares["LUX"] < 0.01
    assert shares.sort_values(ascending=False).index.tolist() == ["DEU", "FRA", "ITA", "LUX", "MLT"]


def test_the_world_basis_keeps_the_un_ratios_between_members():
    """Rebasing changes every member's share by one factor: the ratios are the UN-wide ones."""
    world = key_command("un")
    group = key_command("un", "--members", SMALL_GROUP)
    for code in ("FRA", "ITA", "LUX", "MLT"):
        assert group[code] / group["DEU"] == pytest.approx(world[code] / world["DEU"], rel=1e-6)


@pytest.mark.parametrize("method, region, members, old", [
    ("un_peacekeeping", "osce", None, OLD_PEACEKEEPING_OSCE),
    ("un", "osce", None, OLD_UN_OSCE),
    ("un", None, SMALL_GROUP.split(","), OLD_UN_SMALL_GROUP),
], ids=["peacekeeping-osce", "un-osce", "un-small-group"])
def test_basis_members_reproduces_the_old_numbers(method, region, members, old):
    shares = shares_of(key_table(method, region, members, basis="members"))
    assert shares.sum() == pytest.approx(1.0, abs=1e-8)
    assert shares[list(old)].to_dict() == pytest.approx(old, abs=PRINTED)


def test_over_all_un_members_the_two_bases_agree():
    assert key_table("un", None, None, basis="members") == key_table("un", None, None)
    assert key_table("un_peacekeeping", None, None, basis="members") == key_table("un_peacekeeping", None, None)


def test_the_world_basis_tracks_the_published_scale_within_the_osce():
    """The adopted 2025-2027 scale rebased to the OSCE is the target: the world basis is far closer."""
    published = pd.read_csv(DATA_DIR / "un_scale.csv").set_index("iso3")["rate_2025_2027_pct"]

    def distance(basis):   # half the sum of absolute differences: the share that would have to move
        ours = shares_of(key_table("un", "osce", None, basis=basis))
        theirs = published.reindex(ours.index).dropna()
        return (ours[theirs.index] / ours[theirs.index].sum() - theirs / theirs.sum()).abs().sum() / 2

    assert distance("world") < 0.05 < 0.15 < distance("members")


def test_a_ceiling_binding_for_several_members_is_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="planner.keys.un"):
        shares = shares_of(key_table("un", None, SMALL_GROUP.split(","), basis="members"))
    assert shares["LUX"] == pytest.approx(0.22)          # still computed: a warning, not an error
    [record] = [r for r in caplog.records if r.name == "planner.keys.un"]
    assert "22 % ceiling binds for 4 of 5 members (DEU, FRA, ITA, LUX)" in record.getMessage()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="planner.keys.un"):
        key_table("un", None, None)                       # only the United States at the ceiling
        key_table("un", None, SMALL_GROUP.split(","))
    assert not caplog.records


def test_the_warning_reaches_the_command_line(monkeypatch):
    """`planner key` prints it on stderr (here through a basis-members key under the command)."""
    import planner.analysis.key_table as module

    monkeypatch.setattr(module, "compute_key", lambda *a, **k: compute_key(*a, **{**k, "basis": "members"}))
    result = runner.invoke(app, ["key", "un", "--members", SMALL_GROUP])
    assert result.exit_code == 0
    assert "ceiling binds for 4 of 5 members" in result.stderr
    assert shares_of(result.stdout)["LUX"] == pytest.approx(0.22)


def test_the_key_field_reads_a_basis():
    assert Key.model_validate("un").basis == "world"                     # the string form: basis world
    assert Key.model_validate({"method": "un_peacekeeping"}).basis == "world"
    assert Key.model_validate({"method": "un", "basis": "members"}).basis == "members"
    assert Key.model_validate("gni").basis is None                       # the other keys take none
    assert Key.model_validate({"gni": 0.5, "population": 0.5}).basis is None


def test_an_unknown_basis_is_an_input_error_in_compute_key():
    states = pd.DataFrame({"gni_usd": [1.0, 2.0], "population": [1.0, 1.0]}, index=pd.Index(["AAA", "BBB"]))
    with pytest.raises(ValueError, match="takes no basis"):
        compute_key("gni", states, states.index, basis="members")
    with pytest.raises(ValueError, match="needs the states table's un_member column"):
        compute_key("un", states, states.index, designations=pd.DataFrame({"iso3": [], "designation": []}))


@pytest.mark.parametrize("key, message", [
    ("{method: un, basis: galaxy}", "key.basis: Input should be 'world' or 'members', got 'galaxy'"),
    ("{method: gni, basis: members}", "key.basis: method gni is computed over the members and takes no basis"),
    ("{basis: members}", "key: a basis needs its method: key: {method: un, basis: members}"),
    ("{method: un, basis: world, bassis: members}", "key.bassis: unknown field"),
], ids=["unknown-basis", "basis-on-gni", "basis-without-method", "misspelt"])
def test_a_bad_basis_is_one_line_and_exit_2(tmp_path, key, message):
    path = tmp_path / "bad.yaml"
    path.write_text(f"extends: {SCENARIO_DIR / 'osce-baseline.yaml'}\nname: bad\nkey: {key}\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert f"bad.yaml:3: {message}" in result.output


def test_a_scenario_with_basis_members_validates(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(f"extends: {SCENARIO_DIR / 'osce-baseline.yaml'}\nname: ok\nkey: {{method: un, basis: members}}\n")
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0
