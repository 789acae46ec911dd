"""The force-generation table a conference reads: missions down (largest first, each unit type
on its own line with what it requires), contributing states across (largest contributor first,
named), units in the cells, the lead nation named on its mission's lines, totals both ways."""
from __future__ import annotations

import pandas as pd

TOTAL = "Total"


def force_generation(allocation: pd.DataFrame, missions: pd.DataFrame, states: pd.DataFrame,
                     mission_names: dict[str, str], year=None) -> pd.DataFrame:
    """One row per mission and unit type, then a row of personnel per state; columns: mission,
    mission name, unit type, required, lead, one column per contributing state headed
    "ISO3 Name" (units), total units, personnel. A trajectory's table is for `year` (default: its
    last)."""
    if "year" in allocation:
        year = allocation["year"].max() if year is None else year
        allocation = allocation[allocation["year"] == year]
        missions = missions[missions["year"] == year]
    names = states.drop_duplicates("state").set_index("state")["name"]
    by_state = allocation.groupby("state")["personnel"].sum().sort_values(ascending=False, kind="stable")
    order = list(by_state.index)
    heads = {s: f"{s} {names.get(s, s)}" for s in order}
    size = missions.groupby("mission")["personnel_required"].sum().sort_values(ascending=False, kind="stable")
    cells = allocation.pivot_table(index=["mission", "capability"], columns="state", values="units", aggfunc="sum")
    lines = []
    for mission in size.index:
        rows = missions[missions["mission"] == mission]
        lead = str(rows["lead"].iloc[0]) if "lead" in rows and rows["lead"].notna().any() else ""
        for row in rows.sort_values("capability").itertuples(index=False):
            key = (mission, row.capability)
            units = cells.loc[key] if key in cells.index else pd.Series(dtype=float)
            line = {"mission": mission, "mission name": mission_names.get(mission, mission),
                    "unit type": row.capability, "required": int(row.required),
                    "lead": f"{lead} {names.get(lead, '')}".strip() if lead else ""}
            line.update({heads[s]: int(units[s]) if s in units and units[s] == units[s] else None for s in order})
            line["total units"] = int(units.sum()) if len(units) else 0
            line["personnel"] = int(allocation.loc[(allocation["mission"] == mission)
                                                   & (allocation["capability"] == row.capability), "personnel"].sum())
            lines.append(line)
    total = {"mission": TOTAL, "mission name": "personnel by state", "unit type": "", "required": None, "lead": ""}
    total.update({heads[s]: int(by_state[s]) for s in order})
    total["total units"] = int(allocation["units"].sum())
    total["personnel"] = int(allocation["personnel"].sum())
    table = pd.DataFrame(lines + [total])
    for column in ["required", *heads.values(), "total units", "personnel"]:
        table[column] = table[column].astype("Int64")    # whole units; blank where a state sends none
    return table


def mission_names(scenario: dict) -> dict[str, str]:
    """mission id -> name, from the resolved scenario a result folder carries."""
    return {m["mission"]: m.get("name") or m["mission"] for m in (scenario.get("_resolved") or {}).get("missions", [])}


def of_results(r, blank=None) -> pd.DataFrame:
    """The force-generation table of a result set (the last year of a trajectory), its empty cells
    `blank` (None: an empty workbook cell)."""
    table = force_generation(r.allocation, r.missions, r.states, mission_names(r.scenario)).astype(object)
    return table.where(table.notna(), blank)
