"""planner key: a key over a region or a list of members."""
from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from planner.cli import app

runner = CliRunner()


def test_key_command_prints_shares_summing_to_one():
    result = runner.invoke(app, ["key", "un"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(pd.io.common.StringIO(result.output))
    assert list(frame.columns) == ["state", "share"] and len(frame) == 193
    assert frame["share"].sum() == pytest.approx(1.0, abs=1e-8)
    assert frame.set_index("state").loc["USA", "share"] == pytest.approx(0.22)


def test_key_command_over_a_region_and_members():
    result = runner.invoke(app, ["key", "nato", "--region", "nato"])
    shares = pd.read_csv(pd.io.common.StringIO(result.output)).set_index("state")["share"]
    assert len(shares) == 32 and shares["USA"] == pytest.approx(shares["DEU"])
    result = runner.invoke(app, ["key", "gdp", "--members", "FRA,DEU"])
    assert pd.read_csv(pd.io.common.StringIO(result.output))["state"].tolist() == ["DEU", "FRA"]
    assert runner.invoke(app, ["key", "wealth"]).exit_code == 2
