"""Self-contained HTML reports (images embedded) for a result folder and for a comparison."""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import numpy as np
import pandas as pd

from planner.export.headers import plain_header
from planner.export.maps import burden_map
from planner.export.shares_chart import shares_chart
from planner.files.atomic import write_text
from planner.results import ResultSet
from planner.results.force_generation import of_results

STYLE = """body{font-family:system-ui,Arial,sans-serif;margin:2em;max-width:1200px;color:#222}
h1{color:#1f4e79}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;
text-align:right}th{background:#1f4e79;color:#fff}td:first-child,td.t{text-align:left}img{max-width:100%}
.headline td{font-size:1.1em}.note{color:#666;font-size:.9em}
.wide{overflow-x:auto;max-width:100%}.wide table{font-size:.8em}.slices{display:none}
@media print{body{margin:1cm;max-width:none;font-size:10pt}h2{page-break-before:auto}
table,img{page-break-inside:avoid}th{background:#ddd;color:#000}td,th{padding:2px 4px}
.wide{display:none}.slices{display:block}.slices table{font-size:8pt;page-break-inside:auto}
.slices td,.slices th{padding:2px 3px}.slices th{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left}
.slices th:nth-child(-n+2){writing-mode:horizontal-tb;transform:none}}"""
# The force-generation columns repeated on each printed slice of it: what a line is.
FORCE_GENERATION_LABELS = ["mission", "unit type"]
# Columns besides those labels in one printed slice: state names stand upright (two lines wide), so
# twelve columns of counts up to five digits, and the two labels, fit an A4 portrait page.
PRINT_SLICE_COLUMNS = 12


# Text that reads as a number (9,180; +5.9%; 0.530) is right-aligned like numbers; other text left.
NUMBER_TEXT = re.compile(r"^[+-]?[\d,.]+ ?%?$")


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _table(frame: pd.DataFrame, formats: dict[str, str] | None = None, plain: bool = True) -> str:
    """An HTML table; `formats` by code name; headers in plain words with units unless `plain` is
    False (columns named after scenarios, which are names already)."""
    formats = formats or {}
    head = "".join(f"<th>{_breakable(plain_header(str(c)) if plain else str(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row):
            text = formats[column].format(value) if column in formats and pd.notna(value) else (
                "" if pd.isna(value) else str(value))
            left = not isinstance(value, (int, float, np.number)) and not NUMBER_TEXT.match(text)
            cells.append(f"<td class=t>{_breakable(text)}</td>" if left else f"<td>{_breakable(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _breakable(text: str) -> str:
    """Escaped text that may wrap after an underscore: a code such as person_months_share is one
    unbreakable word otherwise, and widens its column past the page."""
    return html.escape(text).replace("_", "_<wbr>")


def _wide_table(frame: pd.DataFrame, labels: list[str]) -> str:
    """A table too wide for a page: on screen in a box that scrolls; in print (a printer cannot scroll)
    cut into slices of PRINT_SLICE_COLUMNS columns, each repeating the `labels` columns so it reads alone."""
    keep = [c for c in labels if c in frame.columns]
    rest = [c for c in frame.columns if c not in keep]
    slices = "".join(_table(frame[keep + rest[i:i + PRINT_SLICE_COLUMNS]])
                     for i in range(0, len(rest), PRINT_SLICE_COLUMNS))
    return f"<div class=wide>{_table(frame)}</div><div class=slices>{slices}</div>"


def write_report(r: ResultSet, result_dir: Path) -> Path:
    """report.html with its PNGs (map.png, shares.png) in `result_dir`, the folder `r` was read from."""
    s = r.summary
    name = s["scenario"]
    states = r.states
    missions = r.missions
    year = None
    if "year" in states:   # a trajectory: map and charts for the final year
        year = states["year"].max()
        states = states[states["year"] == year]
        missions = missions[missions["year"] == year]
    located = pd.DataFrame(r.scenario.get("_resolved", {}).get("missions", []))
    people = missions.groupby("mission")["personnel_required"].sum().rename("personnel").reset_index()
    markers = located.merge(people, on="mission") if len(located) else pd.DataFrame(columns=["lon", "lat", "personnel"])
    when = f" ({year})" if year is not None else ""
    map_png = burden_map(states, markers, f"{name}{when}: who carries more or less than its key share in personnel",
                         result_dir / "map.png")
    shares_png = shares_chart(states, f"{name}{when}: shares of the largest members", result_dir / "shares.png")

    period = s.get("period") or {"label": "a year", "personnel": "deployed"}
    headline = pd.DataFrame([
        ("status", s["status"]), ("solver", s["solver"]),
        (f"total cost, USD m {period['label']}", f"{s['total_cost_usd'] / 1e6:,.1f}"),
        ("personnel deployed" + ("" if period["personnel"] == "deployed" else f" ({period['personnel']})"),
         f"{s['total_personnel']:,}"),
        ("members (contributing forces)", f"{s['members']} ({s['contributing_members']})"),
        (f"fund transfers, USD m {period['label']}", f"{s['fund_transfers_usd'] / 1e6:,.1f}"),
        ("price of fairness",
         "n/a" if s.get("price_of_fairness_pct") is None else f"{s['price_of_fairness_pct']:+.1%}"),
        ("fairness", f"{s['fairness']['mode']} on {', '.join(s['fairness']['apply_to'])}"),
        (f"members inside their personnel band (+-{s['fairness']['tolerance']:.0%}, widened by one unit)",
         "all" if s["fairness"]["personnel_all_within_band"] else "NOT ALL"),
        ("largest personnel deviation from key (a small member's one unit can be far above it, inside its "
         "widened band)", f"{s['fairness']['personnel_max_abs_deviation']:+.0%}"),
        ("Gini of personnel share / key", f"{s['fairness']['personnel_gini']:.3f}"),
    ], columns=["", "value"])
    top = states.sort_values("personnel", ascending=False).head(15)[
        ["state", "name", "key_share", "personnel", "person_months", "person_months_share", "personnel_deviation",
         "net_cost_share", "burden"]]
    by_mission = missions.groupby("mission")[["required", "filled", "personnel_required"]].sum().reset_index()
    parts = [f"<h1>{html.escape(name)}: peace force plan</h1>",
             f"<p>{html.escape(str(r.scenario.get('description') or ''))}</p>",
             "<h2>Headline figures</h2>", _table(headline),
             "<h2>Burden against key</h2>", _img(map_png, "map"),
             "<p class=note>Colour: share of the person-months deployed against the member's reference share "
             "(its key share among members that can send forces); the band is the tolerance widened by one "
             "smallest contribution, so a small member can sit far from 0 % and inside it. Hatched pale yellow: "
             "members that carry their share in money through the common fund; grey: not members. Distant "
             "members sit in an inset. Stars: missions, sized by personnel and labelled; micro-states and "
             "members too small to colour are points with their code.</p>",
             _img(shares_png, "shares"),
             f"<h2>Largest contributors{when}</h2>",
             _table(top, {"key_share": "{:.2%}", "personnel": "{:,}", "person_months": "{:,}",
                          "person_months_share": "{:.2%}",
                          "personnel_deviation": "{:+.0%}", "net_cost_share": "{:.2%}"}),
             "<h2>Missions</h2>", _table(by_mission, {"personnel_required": "{:,}"}),
             f"<h2>Force generation{when}</h2>",
             "<p class=note>Missions down (largest first), contributing states across (largest first), units in "
             "the cells; the lead nation named on its mission's lines; the last row is each state's personnel.</p>",
             _wide_table(of_results(r, ""), FORCE_GENERATION_LABELS)]
    if r.trajectory is not None:
        parts.append("<h2>Trajectory</h2>")
        for png in ("forces.png", "reductions.png", "groups.png"):
            if (result_dir / png).exists():
                parts.append(_img(result_dir / png, png))
        traj = s.get("trajectory") or {}
        parts.append(f"<p>Forces {traj.get('baseline_personnel', 0):,.0f} -> {traj.get('final_personnel', 0):,.0f} "
                     f"({traj.get('reduction_reached', 0):.1%} down); target shortfall "
                     f"{sum((traj.get('target_shortfall_personnel') or {}).values()):,.0f} personnel.</p>")
        if traj.get("rule") == "proportional":
            common = {int(y): c for y, c in (traj.get("common_cut_share") or {}).items()}
            exempt = traj.get("rule_exemptions") or {}
            final = common.get(int(traj["years"][1]), 0.0)
            parts.append(f"<p>Reduction rule: every member cuts the same share of its baseline within "
                         f"+-{traj.get('rule_tolerance', 0):.0%} of a common cut ({final:.1%} by {traj['years'][1]}); "
                         f"{len(exempt)} members exempt: "
                         + html.escape(", ".join(f"{k} ({v})" for k, v in sorted(exempt.items())) or "none")
                         + ".</p>")
        elif traj.get("rule") in ("bloc_parity", "equal_ceiling"):
            exempt = traj.get("rule_exemptions") or {}
            what = ("each bloc's forces stay within +-{:.0%} of a target ratio to the first bloc's"
                    if traj["rule"] == "bloc_parity" else
                    "members above a common ceiling per unit of {} come down to it (within +-{{:.0%}} of their cut)"
                    .format((traj.get("ceiling_per_unit") or {}).get("basis", "population")))
            parts.append("<p>Reduction rule: " + html.escape(what.format(traj.get("rule_tolerance") or 0))
                         + f"; {len(exempt)} members exempt: "
                         + html.escape(", ".join(f"{k} ({v})" for k, v in sorted(exempt.items())) or "none")
                         + ".</p>")
        groups = traj.get("reductions_by_group") or {}
        if groups:
            rows = pd.DataFrame([{"group": g, **v} for g, v in groups.items()])
            parts += ["<h3>Reductions by bloc and zone</h3>",
                      _table(rows, {"baseline_personnel": "{:,.0f}", "final_personnel": "{:,.0f}",
                                    "reduction": "{:.1%}"})]
        inspections = traj.get("inspections_by_year") or {}
        if inspections:
            rows = pd.DataFrame([{"year": y, **v} for y, v in inspections.items()])
            parts += ["<h3>Verification: objects and declared-site inspections a year</h3>",
                      _table(rows, {"objects": "{:,}", "quota_received": "{:,}"})]
    if r.roster is not None:
        parts += _standby_section(r, result_dir)
    page = f"<!doctype html><html><head><meta charset=utf-8><title>{html.escape(name)}</title>" \
           f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>\n"
    write_text(result_dir / "report.html", page)
    return result_dir / "report.html"


def _standby_section(r: ResultSet, result_dir: Path) -> list[str]:
    """The roster chart, the roster burden against the band, and the contingency cover."""
    from planner.export.roster_chart import plot_roster

    sb = r.summary.get("standby") or {}
    png = result_dir / "roster.png"
    plot_roster(r.roster, f"{r.summary['scenario']}: standby roster (framework nation in bold)", png)
    parts = ["<h2>Standby roster</h2>", _img(png, "roster"),
             f"<p>{sb.get('packages_per_semester', 0)} packages a semester"
             + (" by the final year" if sb.get("by_year") else "") + f", {sb['semesters'][0]} to "
             f"{sb['semesters'][1]}; standby cost USD {sb.get('standby_cost_usd', 0) / 1e6:,.1f} m over the "
             f"roster; {sb.get('members_on_roster', 0)} members on it; carried in money: "
             + html.escape(", ".join(sb.get("carried_in_money") or []) or "none") + ".</p>"]
    if r.contingencies is not None and len(r.contingencies):
        k = sb.get("cover_k", 0)
        cover = r.contingencies
        when = ""
        if "year" in cover:     # a trajectory: the final year's standby, the largest (by year in the CSV)
            when = f" ({cover['year'].max()})"
            cover = cover[cover["year"] == cover["year"].max()].drop(columns="year")
        uncovered = cover[cover["covered"] == "no"].sort_values("probability", ascending=False).head(15)
        parts += [f"<h3>Contingencies{when}: any {k} at once staffed from standby</h3>",
                  f"<p>Expected unmet person-months a year: {sb.get('expected_unmet_person_months_a_year', 0):,.1f}"
                  f" (sets of up to {sb.get('sets_at_once_enumerated', 0)} at once; more at once has probability "
                  f"{sb.get('probability_not_enumerated', 0):.2%}). Uncoverable by any standby: "
                  + html.escape(", ".join(sb.get("uncoverable") or []) or "none") + ".</p>",
                  "<p>The most likely sets the standby cannot staff:</p>",
                  _table(uncovered.rename(columns={"probability": "Probability in a year, %"}),
                         {"Probability in a year, %": "{:.3%}", "unmet_person_months": "{:,.0f}"})]
    return parts


def write_comparison_report(out: Path, names: list[str], diff: pd.DataFrame, comparison) -> Path:
    parts = [f"<h1>Comparison: {html.escape(' vs '.join(names))}</h1>", "<h2>Inputs that differ</h2>",
             _table(diff, plain=False), "<h2>Results</h2>",
             _table(comparison.summary.reset_index().astype(str), plain=False)]
    if (out / "compare.png").exists():
        parts.append(_img(out / "compare.png", "comparison"))
    if len(comparison.movers):
        parts += ["<h2>Whose net cost share rose most (share points)</h2>",
                  _table((comparison.movers * 100).round(3).reset_index(), plain=False)]
    page = f"<!doctype html><html><head><meta charset=utf-8><title>comparison</title><style>{STYLE}</style>" \
           f"</head><body>{''.join(parts)}</body></html>\n"
    write_text(out / "compare.html", page)
    return out / "compare.html"
