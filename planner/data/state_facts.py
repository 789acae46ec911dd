"""What bounds a state's units besides its manpower: a coast, an army, its aircraft, its civil
rescue teams (data/coastlines.csv, no_army.csv, air_inventory.csv, civil_protection.csv).

A state no table lists (a scenario's own states table) is taken as coastal, with an army, and with
no published inventory: its units then follow the manpower rule alone, flagged as such.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.csvread import numeric, read_csv
from planner.data.states import ISO3
from planner.errors import InputError, Problem

FACT_COLUMNS = ["coastal", "has_army", "utility_helicopters", "transport_aircraft", "air_year", "air_status",
                "usar_teams", "usar_year"]
AIR_STATUSES = ("published", "estimate", "")


def load_state_facts(data_dir: Path, states: pd.Index) -> pd.DataFrame:
    """iso3 -> coastal, has_army (bool); utility_helicopters, transport_aircraft (NaN: no public
    figure), air_year, air_status; usar_teams (INSARAG-classified heavy + medium; NaN: none found),
    usar_year. One row per state of `states`."""
    problems: list[Problem] = []
    facts = pd.DataFrame(index=states.rename("iso3"))
    facts["coastal"] = _flag(data_dir / "coastlines.csv", "coastal", states, problems, default=1)
    facts["has_army"] = _flag(data_dir / "no_army.csv", "has_army", states, problems, default=1)
    air = _rows(data_dir / "air_inventory.csv", ["iso3", "utility_helicopters", "transport_aircraft", "year",
                                                  "status"], states, problems)
    for column in ("utility_helicopters", "transport_aircraft"):
        air[column] = numeric(air, data_dir / "air_inventory.csv", column, problems, allow_blank=True, minimum=0)
    air["year"] = numeric(air, data_dir / "air_inventory.csv", "year", problems, allow_blank=True, integer=True)
    for i in np.flatnonzero(~air["status"].isin(AIR_STATUSES).to_numpy()):
        problems.append(Problem(f"{data_dir / 'air_inventory.csv'}:{i + 2}", "status",
                                f"must be one of published, estimate or blank, got {air['status'].iloc[i]!r}"))
    civil = _rows(data_dir / "civil_protection.csv", ["iso3", "usar_heavy", "usar_medium", "year"], states, problems)
    teams = sum(numeric(civil, data_dir / "civil_protection.csv", c, problems, allow_blank=True, integer=True,
                        minimum=0).fillna(0) for c in ("usar_heavy", "usar_medium"))
    civil_year = numeric(civil, data_dir / "civil_protection.csv", "year", problems, allow_blank=True, integer=True)
    if problems:
        raise InputError(problems)
    air = air.drop_duplicates("iso3").set_index("iso3")
    facts["utility_helicopters"] = air["utility_helicopters"].reindex(facts.index)
    facts["transport_aircraft"] = air["transport_aircraft"].reindex(facts.index)
    facts["air_year"] = air["year"].reindex(facts.index)
    facts["air_status"] = air["status"].reindex(facts.index).fillna("")
    counted = pd.Series(teams.to_numpy(), index=civil["iso3"]).where(lambda t: t > 0)
    facts["usar_teams"] = counted.reindex(facts.index)
    facts["usar_year"] = pd.Series(civil_year.to_numpy(), index=civil["iso3"]).reindex(facts.index)
    return facts[FACT_COLUMNS]


def _rows(file: Path, required: list[str], states: pd.Index, problems: list[Problem]) -> pd.DataFrame:
    """Every row of the file (rows of states a scenario's own states table lacks are read, checked
    and then not used); a malformed or repeated ISO3 code is a problem."""
    raw = read_csv(file, required)
    for i in np.flatnonzero(~raw["iso3"].str.fullmatch(ISO3).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "iso3", f"malformed ISO3 code {raw['iso3'].iloc[i]!r}"))
    for i in np.flatnonzero(raw["iso3"].duplicated().to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", "iso3", f"duplicate row for {raw['iso3'].iloc[i]}"))
    return raw


def _flag(file: Path, column: str, states: pd.Index, problems: list[Problem], default: int) -> pd.Series:
    raw = _rows(file, ["iso3", column], states, problems)
    for i in np.flatnonzero(~raw[column].isin(["0", "1"]).to_numpy()):
        problems.append(Problem(f"{file}:{i + 2}", column, f"must be 0 or 1, got {raw[column].iloc[i]!r}"))
    given = pd.Series((raw[column] == "1").to_numpy(), index=raw["iso3"])
    given = given[~given.index.duplicated()]
    return given.reindex(states).fillna(bool(default)).astype(bool).set_axis(states)
