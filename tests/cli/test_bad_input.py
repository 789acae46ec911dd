"""Attacks on the command line's promise: every bad input, however hostile, is one line naming the
file, sheet, row or --set argument, and exit 2, within seconds; never a traceback, a hang, or a
solve on nonsense. Run through the console entry point: in a process of its own for a few attacks
(as a user would), in this process for the rest (the same entry point, without the start-up)."""
from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from unittest import mock

import pytest
import yaml

from planner.paths import SCENARIO_DIR
from tests.conftest import write_case

GOOD = {"name": "attack", "region": "osce",
        "missions": [{"id": "m1", "kind": "humanitarian", "location": [20.0, 44.0],
                      "requirements": {"medical_team": 4}}]}
SECONDS = 5.0


def planner(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planner.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=60, cwd=cwd)


def planner_here(*args, cwd=None) -> subprocess.CompletedProcess:
    """The console entry point (planner.cli.main) called in this process, its streams captured."""
    from planner.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    code = 0
    try:
        os.chdir(cwd or before)
        with mock.patch.object(sys, "argv", ["planner", *map(str, args)]), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def scenario(folder: Path, text: str | None = None, **fields) -> Path:
    path = folder / "attack.yaml"
    path.write_text(text if text is not None else yaml.safe_dump({**GOOD, **fields}, sort_keys=False))
    return path


def alias_bomb(folder):
    lines = ["name: attack", "region: osce", "missions: []", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ["validate", scenario(folder, "\n".join(lines) + "\n")]


def huge_pool(folder):
    pool = {"capability": "medical_team", "total": 10 ** 9, "method": "jefferson"}
    return ["validate", scenario(folder, pools=[pool])]


def capacities_overflow(folder):
    path = write_case(folder, [{"iso3": "AAA", "gni": 1}, {"iso3": "BBB", "gni": 1}],
                      [{"capability": "med", "personnel": 5, "cost": 100}],
                      {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0],
                                     "requirements": {"med": 1}}]},
                      capacities=[("AAA", "med", 2), ("BBB", "med", 2)])
    (folder / "capacities.csv").write_text("state,capability,units\nAAA,med,1e30\nBBB,med,2\n")
    return ["solve", path, "--out", folder / "out"]


def out_is_a_file(folder):
    (folder / "taken").write_text("mine")
    return ["solve", scenario(folder), "--out", folder / "taken"]


def out_name_too_long(folder):
    return ["solve", scenario(folder), "--out", folder / ("x" * 300)]


def out_empty(folder):
    return ["solve", scenario(folder), "--out", ""]


def time_limit_infinite(folder):
    return ["solve", scenario(folder), "--out", folder / "out", "--time-limit", "inf"]


def nothing_required(folder):
    return ["solve", scenario(folder, missions=[{**GOOD["missions"][0], "requirements": {"medical_team": 0}}]),
            "--out", folder / "out"]


def override_shares_all_zero(folder):
    zeros = {code: {"share": 0.0} for code in ("DEU", "FRA", "ITA")}
    return ["validate", scenario(folder, region=None, members=["DEU", "FRA", "ITA"],
                                 key={"method": "gni", "overrides": zeros})]


def coefficients_huge(folder):
    return ["solve", scenario(folder, assumptions={"transport_usd_per_person_km": 1e300}), "--out", folder / "out"]


def table_outside_the_tree(folder):
    return ["validate", scenario(folder, tables={"states": "/etc/passwd"})]


def set_unclosed_list(folder):
    return ["solve", scenario(folder), "--out", folder / "out", "--set", "fairness.apply_to=[personnel"]


def set_python_tag(folder):
    return ["solve", scenario(folder), "--out", folder / "out", "--set", "description=!!python/name:os.system"]


def set_bad_value_names_the_option(folder):
    return ["validate", scenario(folder), "--set", "fairness.tolerance=7"]


def set_unknown_field(folder):
    return ["validate", scenario(folder), "--set", "fairnes.tolerance=0.1"]


# --- mission politics and contingents --------------------------------------------------------------

def host_unknown(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "host": ["XXX"]}])]


def party_unknown(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "parties": ["XXX"]}])]


def veto_unknown(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "vetoes": ["XXX"]}])]


def lead_unknown(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "lead": "XXX"}])]


def lead_not_a_member(folder):
    return ["solve", scenario(folder, missions=[{**GOOD["missions"][0], "lead": "BRA"}]), "--out", folder / "out"]


def lead_is_a_party(folder):
    return ["solve", scenario(folder, missions=[{**GOOD["missions"][0], "parties": ["SRB"], "lead": "SRB"}]),
            "--out", folder / "out"]


def host_opted_out_without_consent(folder):
    return ["solve", scenario(folder, opt_out=["SRB"], missions=[{**GOOD["missions"][0], "host": ["SRB"]}]),
            "--out", folder / "out"]


def bloc_unknown(folder):
    return ["solve", scenario(folder, impartiality={"max_bloc_share": {"warsaw": 0.5}}), "--out", folder / "out"]


def mission_bloc_unknown(folder):
    mission = {**GOOD["missions"][0], "impartiality": {"max_bloc_share": {"warsaw": 0.5}}}
    return ["solve", scenario(folder, missions=[mission]), "--out", folder / "out"]


def bloc_share_zero(folder):
    return ["solve", scenario(folder, impartiality={"max_bloc_share": {"nato": 0}}), "--out", folder / "out"]


def mission_bloc_share_above_one(folder):
    mission = {**GOOD["missions"][0], "impartiality": {"max_bloc_share": {"nato": 1.5}}}
    return ["solve", scenario(folder, missions=[mission]), "--out", folder / "out"]


def min_personnel_negative(folder):
    return ["validate", scenario(folder, contingents={"min_personnel": -1})]


def mission_max_contributors_zero(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "contingents": {"max_contributors": 0}}])]


def lead_share_zero(folder):
    return ["validate", scenario(folder, contingents={"lead_nation": {"min_share": 0}})]


def mission_lead_share_above_one(folder):
    mission = {**GOOD["missions"][0], "contingents": {"lead_nation": {"min_share": 1.5}}}
    return ["validate", scenario(folder, missions=[mission])]


def priority_zero(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "priority": 0}])]


def mission_past_the_year(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "start_month": 11, "duration_months": 3}])]


def duration_zero(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "duration_months": 0}])]


def unavailable_unknown(folder):
    return ["validate", scenario(folder, impartiality={"unavailable": ["XXX"]})]


def consenting_host_unknown(folder):
    return ["validate", scenario(folder, impartiality={"consenting_hosts": ["XXX"]})]


def exclude_hosts_unknown_kind(folder):
    return ["validate", scenario(folder, impartiality={"exclude_hosts": ["warfare"]})]


def allow_shortfall_not_a_bool(folder):
    return ["solve", scenario(folder, solver={"allow_shortfall": "maybe"}), "--out", folder / "out"]


def host_consent_not_a_bool(folder):
    return ["validate", scenario(folder, missions=[{**GOOD["missions"][0], "host_consent": "maybe"}])]


# --- workbooks -------------------------------------------------------------------------------------

def template(folder) -> Path:
    book = folder / "input.xlsx"
    assert planner("template", SCENARIO_DIR / "osce-baseline.yaml", "--xlsx", book).returncode == 0
    return book


def rewrite(book: Path, change) -> Path:
    """Rewrite members of the workbook's archive: change(name, bytes) -> bytes or None to drop."""
    source = zipfile.ZipFile(io.BytesIO(book.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = change(info.filename, source.read(info.filename))
            if body is not None:
                target.writestr(info.filename, body)
    book.write_bytes(out.getvalue())
    return book


def sheet_file(book: Path, title: str) -> str:
    workbook = zipfile.ZipFile(book).read("xl/workbook.xml").decode()
    sheets = re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="rId(\d+)"', workbook)
    return {name: f"xl/worksheets/sheet{rid}.xml" for name, rid in sheets}[title]


def truncated_sheet(folder):
    book = template(folder)
    target = sheet_file(book, "Missions")
    return ["solve", rewrite(book, lambda n, b: b[: len(b) // 2] if n == target else b), "--out", folder / "out"]


def entity_bomb(folder):
    book = template(folder)
    target = sheet_file(book, "Missions")
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 9))
    bomb = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'.encode()

    def change(name, body):
        return bomb + body.replace(b"balkans-pk", b"&a8;", 1) if name == target else body
    return ["solve", rewrite(book, change), "--out", folder / "out"]


def external_entity(folder):
    book = template(folder)
    target = sheet_file(book, "Missions")
    xxe = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def change(name, body):
        return xxe + body.replace(b"balkans-pk", b"&xxe;", 1) if name == target else body
    return ["solve", rewrite(book, change), "--out", folder / "out"]


def weights_not_yaml(folder):
    import openpyxl

    book = template(folder)
    wb = openpyxl.load_workbook(book)
    ws = wb["Scenario"]
    ws.append(["key.weights", "{gni: [1"])
    wb.save(book)
    return ["solve", book, "--out", folder / "out"]


def field_inside_a_text(folder):
    import openpyxl

    book = template(folder)
    wb = openpyxl.load_workbook(book)
    wb["Scenario"].append(["name.x", "1"])
    wb.save(book)
    return ["solve", book, "--out", folder / "out"]


def a_million_rows_without_dimension(folder):
    book = template(folder)
    target = sheet_file(book, "Capacities")
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>state</t></is></c></row>'
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>FRA</t></is></c></row>' for i in range(2, 40_002))

    def change(name, body):
        if name != target:
            return body
        body = re.sub(rb"<dimension[^>]*/>", b"", body)
        return re.sub(rb"<sheetData>.*</sheetData>|<sheetData/>",
                      b"<sheetData>" + (header + rows).encode() + b"</sheetData>", body, flags=re.S)
    return ["solve", rewrite(book, change), "--out", folder / "out"]


# (attack, what the one line must say, class of input for the README's reliability table)
ATTACKS = [
    (alias_bomb, "attack.yaml: the YAML expands to more than", "scenario"),
    (huge_pool, "pools[0].total: Input should be less than or equal to 100000", "scenario"),
    (nothing_required, "missions: every requirement is 0 units", "scenario"),
    (override_shares_all_zero, "key: ", "scenario"),
    (coefficients_huge, "transport_usd_per_person_km: Input should be less than or equal to 100", "scenario"),
    (table_outside_the_tree, "tables.states: /etc/passwd is outside the scenario's folder", "scenario"),
    (host_unknown, "attack.yaml:12: missions[0].host[0]: unknown ISO3 code 'XXX'", "scenario"),
    (party_unknown, "attack.yaml:12: missions[0].parties[0]: unknown ISO3 code 'XXX'", "scenario"),
    (veto_unknown, "attack.yaml:12: missions[0].vetoes[0]: unknown ISO3 code 'XXX'", "scenario"),
    (lead_unknown, "attack.yaml:11: missions[0].lead: unknown ISO3 code 'XXX'", "scenario"),
    (lead_not_a_member, "attack.yaml:11: missions[0].lead: BRA is not a member", "scenario"),
    (lead_is_a_party, "attack.yaml:13: missions[0].lead: SRB may not serve in m1: party to the conflict", "scenario"),
    (host_opted_out_without_consent, "attack.yaml:11: missions[0].host: SRB is not a member (opted out or outside "
                                     "the region): without the host's consent the mission cannot deploy", "scenario"),
    (bloc_unknown, "attack.yaml:13: impartiality.max_bloc_share.warsaw: unknown bloc 'warsaw'", "scenario"),
    (mission_bloc_unknown, "attack.yaml:13: missions[0].impartiality.max_bloc_share.warsaw: unknown bloc 'warsaw'",
     "scenario"),
    (bloc_share_zero, "attack.yaml:13: impartiality.max_bloc_share.nato: a share of a mission's personnel must be "
                      "in (0, 1], got 0.0", "scenario"),
    (mission_bloc_share_above_one, "attack.yaml:13: missions[0].impartiality.max_bloc_share.nato: a share of a "
                                   "mission's personnel must be in (0, 1], got 1.5", "scenario"),
    (min_personnel_negative, "attack.yaml:12: contingents.min_personnel: Input should be greater than or equal to 0, "
                             "got -1", "scenario"),
    (mission_max_contributors_zero, "attack.yaml:12: missions[0].contingents.max_contributors: Input should be "
                                    "greater than or equal to 1, got 0", "scenario"),
    (lead_share_zero, "attack.yaml:13: contingents.lead_nation.min_share: Input should be greater than 0, got 0",
     "scenario"),
    (mission_lead_share_above_one, "attack.yaml:13: missions[0].contingents.lead_nation.min_share: Input should be "
                                   "less than or equal to 1, got 1.5", "scenario"),
    (priority_zero, "attack.yaml:11: missions[0].priority: Input should be greater than or equal to 1, got 0",
     "scenario"),
    (mission_past_the_year, "attack.yaml:11: missions[0].start_month: m1 starts in month 11 and runs 3 months, "
                            "past month 12 of the plan's year", "scenario"),
    (duration_zero, "attack.yaml:11: missions[0].duration_months: Input should be greater than or equal to 1, got 0",
     "scenario"),
    (unavailable_unknown, "attack.yaml:13: impartiality.unavailable[0]: unknown ISO3 code 'XXX'", "scenario"),
    (consenting_host_unknown, "attack.yaml:13: impartiality.consenting_hosts[0]: unknown ISO3 code 'XXX'",
     "scenario"),
    (exclude_hosts_unknown_kind, "attack.yaml:13: impartiality.exclude_hosts[0]: Input should be 'peacekeeping', "
                                 "'humanitarian' or 'disaster_response', got 'warfare'", "scenario"),
    (allow_shortfall_not_a_bool, "attack.yaml:12: solver.allow_shortfall: Input should be a valid boolean, unable "
                                 "to interpret input, got 'maybe'", "scenario"),
    (host_consent_not_a_bool, "attack.yaml:11: missions[0].host_consent: Input should be a valid boolean, unable to "
                              "interpret input, got 'maybe'", "scenario"),
    (capacities_overflow, "capacities.csv:2: units: must be at most 100000, got 1e30", "tables"),
    (out_is_a_file, "--out: ", "options"),
    (out_name_too_long, "File name too long", "options"),
    (out_empty, "--out: give the result folder a name", "options"),
    (time_limit_infinite, "Invalid value for '--time-limit'", "options"),
    (set_unclosed_list, "--set fairness.apply_to=[personnel: not a YAML value", "options"),
    (set_python_tag, "--set description=!!python/name:os.system: not a YAML value", "options"),
    (set_bad_value_names_the_option, "--set fairness.tolerance=7: fairness.tolerance: Input should be", "options"),
    (set_unknown_field, "--set fairnes.tolerance=0.1: fairnes: unknown field", "options"),
    (truncated_sheet, "input.xlsx:Missions: sheet is not readable", "workbook"),
    (entity_bomb, "XML entities, which are refused", "workbook"),
    (external_entity, "XML entities, which are refused", "workbook"),
    (weights_not_yaml, "input.xlsx:Scenario!25: key.weights: not a YAML mapping", "workbook"),
    (field_inside_a_text, "input.xlsx:Scenario!25: name.x: name holds no fields", "workbook"),
    (a_million_rows_without_dimension, "input.xlsx:Capacities: sheet is too large", "workbook"),
]


# Attacks also run in a process of their own: one of each kind.
OWN_PROCESS = {"alias_bomb", "capacities_overflow", "out_is_a_file", "set_unknown_field", "entity_bomb"}


@pytest.mark.parametrize("attack,expected,kind", ATTACKS, ids=[a[0].__name__ for a in ATTACKS])
def test_every_attack_is_one_line_and_exit_2_within_seconds(tmp_path, attack, expected, kind):
    args = attack(tmp_path)
    started = time.perf_counter()
    run = (planner if attack.__name__ in OWN_PROCESS else planner_here)(*args)
    elapsed = time.perf_counter() - started
    assert run.returncode == 2, run.stdout + run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), run.stderr
    assert expected in lines[0], lines[0]
    assert elapsed < SECONDS, f"{elapsed:.1f} s"
    assert not (tmp_path / "out").exists()


def test_a_workbook_declaring_fewer_rows_than_it_holds_loses_none(tmp_path):
    book = template(tmp_path)
    target = sheet_file(book, "Requirements")
    full = planner("validate", book).stdout
    declared = re.compile(rb'<dimension ref="[^"]*"\s*/>')
    assert declared.search(zipfile.ZipFile(book).read(target))
    rewrite(book, lambda n, b: declared.sub(b'<dimension ref="A1:C2"/>', b) if n == target else b)
    assert b'<dimension ref="A1:C2"/>' in zipfile.ZipFile(book).read(target)
    assert planner("validate", book).stdout.split(": valid")[1] == full.split(": valid")[1]


def test_a_scenario_without_description_round_trips_through_its_workbook(tmp_path):
    path = scenario(tmp_path)
    book = tmp_path / "plain.xlsx"
    assert planner("template", path, "--xlsx", book).returncode == 0
    run = planner("validate", book)
    assert run.returncode == 0, run.stderr


def test_text_cells_in_csv_results_never_start_a_formula(case, tmp_path):
    hostile = ["=HYPERLINK(\"http://x\")", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2", "\tTAB"]
    path = case([{"iso3": code, "gni": 1, "name": name} for code, name in zip(["AAA", "BBB", "CCC", "DDD", "EEE"],
                                                                           hostile)],
                [{"capability": "obs", "personnel": 2, "cost": 10}],
                {"missions": [{"id": "m", "kind": "humanitarian", "location": [0, 0], "requirements": {"obs": 2}}]},
                capacities=[(c, "obs", 5) for c in ["AAA", "BBB", "CCC", "DDD", "EEE"]])
    out = tmp_path / "out"
    assert planner("solve", path, "--out", out).returncode == 0
    import csv

    for name in ("states.csv", "allocation.csv"):
        with open(out / name, newline="") as handle:
            rows = list(csv.DictReader(handle))
        text = [v for row in rows for k, v in row.items() if k in ("name", "state", "burden", "binding")]
        assert not [v for v in text if v[:1] in ("=", "+", "-", "@", "\t", "\r")], name
    with open(out / "states.csv", newline="") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert names[0] == "'=HYPERLINK(\"http://x\")" and names[3] == "'-2"
    assert planner("verify", path, out).returncode == 0      # read back unescaped
