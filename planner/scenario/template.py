"""The editable input workbook: a scenario as sheets staff can change, with validation lists.

`planner solve FILE.xlsx` reads it back (planner/scenario/workbook.py) and reaches
the same result as the scenario it came from: members, holdings and key
overrides are written out resolved, and fields with no sheet of their own
(pools, trajectory, custom tables) travel as YAML in the `Advanced` sheet.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from planner.files.xlsx import TITLE_FONT, save_workbook, write_frame
from planner.scenario.schema import Scenario
from planner.scenario.vocabulary import FAIRNESS_MODES, KEY_METHODS, MISSION_KINDS, SOLVER_NAMES

SCALARS = ["name", "description", "key.method", "key.weights", "key.basis", "fairness.mode", "fairness.tolerance",
           "fairness.gini_max", "fairness.leximin_rounds", "fairness.apply_to", "max_national_share",
           "assumptions.deployable_share", "assumptions.transport_usd_per_person_km",
           "assumptions.tour_months", "assumptions.key_floor_share", "assumptions.sustainable_share",
           "assumptions.costing", "solver.name", "solver.time_limit_s",
           "solver.gap", "solver.threads", "solver.seed", "solver.allow_shortfall"]
# Mission columns holding ISO3 lists (comma separated) and the mission's own rules.
MISSION_LISTS = ("exclude", "host", "parties", "vetoes")
MISSION_RULES = ("min_personnel", "max_contributors", "lead_share")
LIST_ROWS = 1000   # rows covered by validation lists below each header


def write_template(sc: Scenario, source: Path, states: pd.DataFrame, members: pd.Index, capabilities: pd.Index,
                   holdings: pd.DataFrame, xlsx: Path) -> Path:
    """The scenario `sc` (read from `source`) as an input workbook; `states` all states of its table,
    `members` its resolved members, `holdings` units held per member (state x capability)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "README"
    ws["A1"] = "Peace force scenario input workbook"
    ws["A1"].font = TITLE_FONT
    for i, line in enumerate([
        "Edit the sheets, then run: planner solve THIS_FILE.xlsx",
        "Scenario: one field per row. Members: 1 = member, 0 = not. Missions and Requirements: one row each.",
        "Caveats, Unit caps, Key overrides, Origins: add rows as needed. Capacities: units each member holds.",
        "Advanced: further fields as YAML (pools, trajectory, custom tables). Lists: valid codes (do not edit).",
    ], start=3):
        ws.cell(row=i, column=1, value=line)
    ws.column_dimensions["A"].width = 110

    dump = sc.model_dump(mode="json")
    rows = [{"field": f, "value": _cell(_get(dump, f))} for f in SCALARS]
    write_frame(wb.create_sheet("Scenario"), pd.DataFrame(rows), "Scenario")

    sheet = pd.DataFrame({"iso3": states.index, "name": states["name"].to_numpy(),
                          "member": states.index.isin(members).astype(int)})
    write_frame(wb.create_sheet("Members"), sheet, "Members")
    overrides = [{"iso3": c, **o} for c, o in dump["key"]["overrides"].items()]
    write_frame(wb.create_sheet("Key overrides"),
                pd.DataFrame(overrides, columns=["iso3", "share", "cap", "discount"]), "KeyOverrides")
    missions = pd.DataFrame([_mission_row(m) for m in sc.missions])
    write_frame(wb.create_sheet("Missions"), missions, "Missions")
    requirements = pd.DataFrame([{"mission": m.id, "capability": c, "units": n}
                                 for m in sc.missions for c, n in m.requirements.items()])
    write_frame(wb.create_sheet("Requirements"), requirements, "Requirements")
    caveats = pd.DataFrame([{"state": s, "kinds": ", ".join(c.kinds), "no_combat": c.no_combat,
                             "max_personnel": c.max_personnel} for s, c in sc.caveats.items()],
                           columns=["state", "kinds", "no_combat", "max_personnel"])
    write_frame(wb.create_sheet("Caveats"), caveats, "Caveats")
    caps = pd.DataFrame([{"state": s, "capability": u, "max_units": n}
                         for s, c in sc.caveats.items() for u, n in c.max_units.items()],
                        columns=["state", "capability", "max_units"])
    write_frame(wb.create_sheet("Unit caps"), caps, "UnitCaps")
    held = holdings.stack().rename("units").reset_index()
    write_frame(wb.create_sheet("Capacities"), held[held["units"] > 0].reset_index(drop=True), "Capacities")
    origins = pd.DataFrame([{"state": s, "lon": p[0], "lat": p[1]} for s, p in sc.origins.items()],
                           columns=["state", "lon", "lat"])
    write_frame(wb.create_sheet("Origins"), origins, "Origins")
    advanced = {k: dump[k] for k in ("pools", "trajectory", "impartiality", "contingents", "personnel_key", "fund")
                if dump.get(k)}
    tables = {k: str((source.parent / v).resolve()) for k, v in dump["tables"].items() if v}
    if tables:
        advanced["tables"] = tables
    ws = wb.create_sheet("Advanced")
    ws["A1"] = "yaml"
    ws["A2"] = yaml.safe_dump(advanced, sort_keys=True) if advanced else ""
    ws.column_dimensions["A"].width = 100

    lists = wb.create_sheet("Lists")
    columns = {"iso3": list(states.index), "capability": list(capabilities),
               "kind": list(MISSION_KINDS), "fairness_mode": list(FAIRNESS_MODES),
               "key_method": list(KEY_METHODS), "solver": list(SOLVER_NAMES)}
    for j, (name, values) in enumerate(columns.items(), start=1):
        lists.cell(row=1, column=j, value=name)
        for i, value in enumerate(values, start=2):
            lists.cell(row=i, column=j, value=value)
    lists.sheet_state = "hidden"
    _validate(wb, columns)
    save_workbook(wb, xlsx)
    return xlsx


def _mission_row(m) -> dict:
    """One row of the Missions sheet: lists as comma-separated codes, the mission's own contingent
    rules in columns, its impartiality exceptions as YAML text."""
    row = {"id": m.id, "name": m.name, "kind": m.kind, "lon": m.location[0], "lat": m.location[1],
           **{field: ", ".join(getattr(m, field)) for field in MISSION_LISTS},
           "host_consent": m.host_consent, "priority": m.priority, "lead": m.lead or "",
           "duration_months": m.duration_months, "start_month": m.start_month,
           "min_personnel": m.contingents.min_personnel, "max_contributors": m.contingents.max_contributors,
           "lead_share": m.contingents.lead_nation.min_share if m.contingents.lead_nation else None}
    own = m.impartiality.model_dump(exclude_none=True)
    row["impartiality"] = yaml.safe_dump(own, default_flow_style=True).strip() if own else ""
    return row


def _validate(wb, columns: dict) -> None:
    """Drop-down lists for codes, so staff pick valid ISO3 codes, unit types and kinds."""
    from openpyxl.utils import get_column_letter

    def ref(name):
        j = list(columns).index(name) + 1
        letter = get_column_letter(j)
        return f"Lists!${letter}$2:${letter}${len(columns[name]) + 1}"

    targets = {("Missions", "C"): "kind", ("Requirements", "B"): "capability", ("Caveats", "A"): "iso3",
               ("Unit caps", "A"): "iso3", ("Unit caps", "B"): "capability", ("Capacities", "A"): "iso3",
               ("Capacities", "B"): "capability", ("Origins", "A"): "iso3", ("Key overrides", "A"): "iso3"}
    for (sheet, column), name in targets.items():
        rule = DataValidation(type="list", formula1=ref(name), allow_blank=True,
                              errorTitle="Not a valid code", error=f"Choose a {name} from the list")
        wb[sheet].add_data_validation(rule)
        rule.add(f"{column}2:{column}{LIST_ROWS}")
    missions = wb["Requirements"]
    rule = DataValidation(type="list", formula1=f"Missions!$A$2:$A${LIST_ROWS}", allow_blank=True)
    missions.add_data_validation(rule)
    rule.add(f"A2:A{LIST_ROWS}")


def _get(dump: dict, dotted: str):
    value = dump
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _cell(value):
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return yaml.safe_dump(value, default_flow_style=True).strip() if value else ""
    return value
