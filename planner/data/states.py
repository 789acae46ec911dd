"""The states table: figures per ISO3, membership columns, and the fill policy.

Fill policy (each fill is recorded in the `filled` column, never silent):

- a figure listed in data/figure_flags.csv as `unknown` is treated as missing;
- `gni_usd` missing but `gdp_usd` present: GNI := GDP (`gni_usd<-gdp_usd`);
- any other missing key figure: 0 in that key component (`<field>=0`); the
  scenario's `key_floor_share` then gives the member its minimum share;
- `armed_forces` missing: 0, so no default capacity (`armed_forces=0`);
  a scenario can still give the state capacities.

States at war (data/at_war.csv, read beside the flags) get a note too: their 2020 forces and
costs predate the war, and their figures change fast.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.data.csvread import numeric, read_csv, unique_ids
from planner.errors import InputError, Problem

WAR_FILE = "at_war.csv"
FIGURES = ["gdp_usd", "gni_usd", "population", "milex_usd", "armed_forces"]
REQUIRED = ["iso3", "name"] + FIGURES
ISO3 = r"[A-Z]{3}"


def load_states(file: Path, flags_file: Path | None = None) -> pd.DataFrame:
    """Validated states indexed by `iso3`: figures (float), memberships (0/1), `filled`."""
    raw = read_csv(file, REQUIRED)
    problems: list[Problem] = []
    unique_ids(raw, file, "iso3", problems, ISO3)
    states = pd.DataFrame({"iso3": raw["iso3"], "name": raw["name"]})
    for column in FIGURES:
        states[column] = numeric(raw, file, column, problems, allow_blank=True)
    memberships = [c for c in raw.columns if c not in REQUIRED and not c.endswith("_year")]
    for column in memberships:
        flag = raw[column]
        bad = ~flag.isin(["0", "1", ""])
        for i in bad.to_numpy().nonzero()[0]:
            problems.append(Problem(f"{file}:{i + 2}", column, f"membership must be 0 or 1, got {flag.iloc[i]!r}"))
        states[column] = (flag == "1").astype(int)
    for column in [c for c in raw.columns if c.endswith("_year")]:
        states[column] = numeric(raw, file, column, problems, allow_blank=True, integer=True)
    if problems:
        raise InputError(problems)
    states = states.set_index("iso3").sort_index()
    unknown = load_flags(flags_file, states.index) if flags_file else pd.DataFrame(columns=["iso3", "field"])
    states = fill_missing(states, unknown)
    war = flags_file.parent / WAR_FILE if flags_file else None
    if war is not None and war.exists():
        states["filled"] = _with_war_notes(states["filled"], war)
    return states


def _with_war_notes(filled: pd.Series, file: Path) -> pd.Series:
    raw = read_csv(file, ["iso3", "since", "conflict"])
    problems: list[Problem] = []
    since = numeric(raw, file, "since", problems, allow_blank=False, integer=True, minimum=1900, maximum=2100)
    if problems:
        raise InputError(problems)
    notes = filled.copy()
    for iso, year in zip(raw["iso3"], since):
        if iso in notes.index:
            note = f"at war since {int(year)}: 2020 forces and costs predate it"
            notes[iso] = f"{notes[iso]}; {note}" if notes[iso] else note
    return notes


def membership_columns(states: pd.DataFrame) -> list[str]:
    """Region columns a scenario may name in `region:`."""
    return [c for c in states.columns if c not in FIGURES + ["name", "filled"] and not c.endswith("_year")]


def load_flags(file: Path, known: pd.Index) -> pd.DataFrame:
    """data/figure_flags.csv: figures the source publishes but that must be treated as unknown."""
    raw = read_csv(file, ["iso3", "field", "treatment", "reason"])
    problems = [Problem(f"{file}:{i + 2}", "field", f"unknown figure {f!r}")
                for i, f in enumerate(raw["field"]) if f not in FIGURES]
    problems += [Problem(f"{file}:{i + 2}", "treatment", f"only 'unknown' is supported, got {t!r}")
                 for i, t in enumerate(raw["treatment"]) if t != "unknown"]
    if problems:
        raise InputError(problems)
    # Flags for states a custom table does not carry simply do not apply.
    return raw[raw["iso3"].isin(known)][["iso3", "field"]]


def fill_missing(states: pd.DataFrame, unknown: pd.DataFrame) -> pd.DataFrame:
    """Apply the fill policy in this module's docstring; record each fill in `filled`."""
    states = states.copy()
    notes = {iso: [] for iso in states.index}
    for iso, field in unknown.itertuples(index=False):
        states.loc[iso, field] = float("nan")
        notes[iso].append(f"{field} flagged unknown")
    gni_from_gdp = states["gni_usd"].isna() & states["gdp_usd"].notna()
    states.loc[gni_from_gdp, "gni_usd"] = states.loc[gni_from_gdp, "gdp_usd"]
    for iso in states.index[gni_from_gdp]:
        notes[iso].append("gni_usd<-gdp_usd")
    for field in FIGURES:
        gaps = states[field].isna()
        states.loc[gaps, field] = 0.0
        for iso in states.index[gaps]:
            notes[iso].append(f"{field}=0 (no figure)")
    states["filled"] = pd.Series({iso: "; ".join(n) for iso, n in notes.items()})
    return states
