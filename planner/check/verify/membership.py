"""Membership over time: a member that has not yet joined, or has left, neither contributes nor is
counted in that year's burden tables (joins and leaves read again from the scenario)."""
from __future__ import annotations

import pandas as pd

from planner.check.verify.violation import Violation
from planner.inputs import Inputs


def absent_in(inputs: Inputs, year) -> set[str]:
    tr = inputs.scenario.trajectory
    if tr is None:
        return set()
    return {s for s, y in tr.joins.items() if year < y} | {s for s, y in tr.leaves.items() if year >= y}


def check_membership_over_time(inputs: Inputs, alloc: pd.DataFrame, states: pd.DataFrame, years) -> list[Violation]:
    found = []
    for year in years:
        absent = absent_in(inputs, year)
        if not absent:
            continue
        sent = alloc[(alloc["year"] == year) & alloc["state"].isin(absent)]
        for state, people in sent.groupby("state")["personnel"].sum().items():
            found.append(Violation("membership over time", f"{state} {year}: sends {people:,.0f} people in a year "
                                                           "it is not in the peace force"))
        listed = states[(states["year"] == year) & states["state"].isin(absent)]
        for state in listed["state"]:
            found.append(Violation("membership over time", f"{state} {year}: in states.csv in a year it is not in "
                                                           "the peace force"))
    return found
