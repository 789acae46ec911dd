"""Read an input workbook (written by `planner template`, edited by staff) as a scenario document.

Every problem names the workbook, sheet and row. A workbook that is not one,
is too large, or hides more than it shows (a zip bomb) is refused before
openpyxl opens it.
"""
from __future__ import annotations

import math
import zipfile
from pathlib import Path
from typing import Any

import yaml

from planner.errors import InputError, Problem
from planner.files.cells import unescape
from planner.scenario.yaml_file import parse_yaml_text

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 50
REQUIRED_SHEETS = ("Scenario", "Members", "Missions", "Requirements")


def read_workbook(file: Path) -> tuple[dict, dict]:
    """(scenario document, origins: field path -> (file, 'Sheet!row')) for load_scenario."""
    _check_container(file)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files (and defusedxml for entities)
        raise InputError(Problem(str(file), "", f"not a readable workbook ({type(exc).__name__}: invalid XML, "
                                                f"or XML entities, which are refused)")) from None
    missing = [name for name in REQUIRED_SHEETS if name not in wb.sheetnames]
    if missing:
        raise InputError(Problem(str(file), "", f"missing sheet(s) {', '.join(missing)} "
                                                f"(write one with: planner template SCENARIO --xlsx FILE)"))
    sheets = {}
    try:
        for name in wb.sheetnames:
            if name not in ("README", "Lists"):
                sheets[name] = _rows(file, wb[name], name)
    except InputError:
        raise
    except Exception as exc:  # a sheet's XML broken or hostile: it is read lazily, row by row
        raise InputError(Problem(f"{file}:{name}", "", f"sheet is not readable: {type(exc).__name__}")) from None
    finally:
        wb.close()
    doc: dict[str, Any] = {}
    origins: dict[tuple, tuple[Path, str]] = {}
    problems: list[Problem] = []

    def where(sheet, row):
        return (file, f"{sheet}!{row}")

    for row, rec in sheets["Scenario"]:
        field, value = rec.get("field"), rec.get("value")
        if not field or value is None:     # an empty value keeps the default (a blank description)
            continue
        path = tuple(str(field).split("."))
        try:
            _set(doc, path, _scalar(path, value))
        except ValueError as exc:
            problems.append(Problem(f"{file}:Scenario!{row}", str(field), str(exc)))
            continue
        origins[path] = where("Scenario", row)
    doc["members"] = []
    for row, rec in sheets["Members"]:
        if rec.get("member") in (1, "1", True):
            doc["members"].append(str(rec.get("iso3")))
            origins[("members", len(doc["members"]) - 1)] = where("Members", row)
    for row, rec in sheets.get("Key overrides", []):
        if rec.get("iso3"):
            rule = {k: rec[k] for k in ("share", "cap", "discount") if rec.get(k) is not None}
            doc.setdefault("key", {}).setdefault("overrides", {})[str(rec["iso3"])] = rule
            origins[("key", "overrides", str(rec["iso3"]))] = where("Key overrides", row)
    missions = []
    for row, rec in sheets["Missions"]:
        if not rec.get("id"):
            continue
        mission = {"id": str(rec["id"]), "name": rec.get("name") or "", "kind": rec.get("kind"),
                   "location": [rec.get("lon"), rec.get("lat")], "requirements": {}}
        for field in ("exclude", "host", "parties", "vetoes"):
            mission[field] = [c.strip() for c in str(rec.get(field) or "").split(",") if c.strip()]
        for field in ("host_consent", "priority", "duration_months", "start_month"):
            if rec.get(field) is not None:
                mission[field] = rec[field]
        if rec.get("lead"):
            mission["lead"] = str(rec["lead"])
        rules = {k: rec[k] for k in ("min_personnel", "max_contributors") if rec.get(k) is not None}
        if rec.get("lead_share") is not None:
            rules["lead_nation"] = {"min_share": rec["lead_share"]}
        if rules:
            mission["contingents"] = rules
        if rec.get("impartiality"):
            try:
                mission["impartiality"] = yaml.safe_load(str(rec["impartiality"]))
            except yaml.YAMLError as exc:
                problems.append(Problem(f"{file}:Missions!{row}", "impartiality",
                                        f"not a YAML mapping: {getattr(exc, 'problem', None) or exc}"))
        missions.append(mission)
        origins[("missions", len(missions) - 1)] = where("Missions", row)
    by_id = {m["id"]: i for i, m in enumerate(missions)}
    for row, rec in sheets["Requirements"]:
        mission, capability = rec.get("mission"), rec.get("capability")
        if mission is None and capability is None:
            continue
        if mission not in by_id:
            problems.append(Problem(f"{file}:Requirements!{row}", "mission", f"unknown mission {mission!r}"))
            continue
        missions[by_id[mission]]["requirements"][str(capability)] = rec.get("units")
        origins[("missions", by_id[mission], "requirements", str(capability))] = where("Requirements", row)
    doc["missions"] = missions
    caveats: dict[str, dict] = {}
    for row, rec in sheets.get("Caveats", []):
        if rec.get("state"):
            c = caveats.setdefault(str(rec["state"]), {})
            c["kinds"] = [k.strip() for k in str(rec.get("kinds") or "").split(",") if k.strip()]
            c["no_combat"] = bool(rec.get("no_combat")) if rec.get("no_combat") is not None else False
            if rec.get("max_personnel") is not None:
                c["max_personnel"] = rec["max_personnel"]
            origins[("caveats", str(rec["state"]))] = where("Caveats", row)
    for row, rec in sheets.get("Unit caps", []):
        if rec.get("state"):
            caveats.setdefault(str(rec["state"]), {}).setdefault("max_units", {})[str(rec.get("capability"))] = \
                rec.get("max_units")
            origins[("caveats", str(rec["state"]), "max_units")] = where("Unit caps", row)
    doc["caveats"] = caveats
    capacities: dict[str, dict] = {}
    for row, rec in sheets.get("Capacities", []):
        if rec.get("state"):
            capacities.setdefault(str(rec["state"]), {})[str(rec.get("capability"))] = rec.get("units")
            origins[("capacities", str(rec["state"]))] = where("Capacities", row)
    doc["capacities"] = capacities
    doc["origins"] = {str(rec["state"]): [rec.get("lon"), rec.get("lat")]
                      for _, rec in sheets.get("Origins", []) if rec.get("state")}
    for row, rec in sheets.get("Advanced", []):
        text = rec.get("yaml")
        if text:
            extra, _ = parse_yaml_text(str(text), f"{file}:Advanced!{row}")
            doc.update(extra)
    if problems:
        raise InputError(problems)
    return doc, origins


def _check_container(file: Path) -> None:
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise InputError(Problem(str(file), "", f"cannot read: {exc.strerror}")) from None
    if size > MAX_FILE_BYTES:
        raise InputError(Problem(str(file), "",
                                 f"workbook is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB"))
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError(Problem(str(file), "", "not a readable workbook (not an .xlsx file)")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(Problem(str(file), "", f"workbook unpacks to {unpacked / 1e6:.0f} MB; refused"))


def _rows(file: Path, ws, name: str) -> list[tuple[int, dict]]:
    """(row number, {header: value}) for each non-empty row below the header.

    The rows are counted as they are read: a sheet's declared dimension can be missing (then
    openpyxl would read on without end) or smaller than its data (then it would drop rows), so
    it is ignored, and reading stops with an error past MAX_ROWS rows or MAX_COLUMNS columns."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        return []
    names = [str(h).strip() if h is not None else "" for h in header]
    out = []
    for i, values in enumerate(rows, start=2):
        if i > MAX_ROWS + 1 or (values is not None and len(values) > MAX_COLUMNS):
            raise InputError(Problem(f"{file}:{name}", "", f"sheet is too large (limits: {MAX_ROWS:,} rows, "
                                                          f"{MAX_COLUMNS} columns)"))
        if values is None or all(v is None for v in values):
            continue
        out.append((i, {n: _clean(v) for n, v in zip(names, values) if n}))
    return out


def _clean(value):
    value = unescape(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _scalar(path: tuple, value):
    """Lists and mappings in the Scenario sheet are written as text."""
    if path in (("fairness", "apply_to"),):
        return [v.strip() for v in str(value or "").split(",") if v.strip()]
    if path == ("key", "weights"):
        if not value:
            return {}
        try:
            return yaml.safe_load(str(value))
        except yaml.YAMLError as exc:
            raise ValueError(f"not a YAML mapping: {getattr(exc, 'problem', None) or exc}") from None
    return value


def _set(doc: dict, path: tuple, value) -> None:
    node = doc
    for depth, part in enumerate(path[:-1]):
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ValueError(f"{'.'.join(path[:depth + 1])} holds no fields")
    node[path[-1]] = value
