"""The readable summary `planner solve` prints, from a result set."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from planner.results import ResultSet
from planner.results.force_generation import TOTAL, of_results

FIXED = ("mission", "mission name", "unit type", "required", "lead", "total units", "personnel")

TOP_STATES = 12
# Contributing states shown across the console's force-generation table (the rest summed).
ACROSS = 6


def print_plan(console: Console, r: ResultSet, files: list[Path]) -> None:
    summary = r.summary
    gap = "n/a" if summary["gap"] is None else f"{summary['gap']:.3%}"
    solve_s = ((r.run or {}).get("timings_s") or {}).get("solve_s", 0.0)
    console.print(f"[bold]{summary['scenario']}[/bold]: {summary['status']} ({summary['solver']}, gap {gap}, "
                  f"{solve_s:.1f} s solve)")
    period = summary.get("period") or {"label": "a year", "years": 1}
    if period["years"] == 1:
        console.print(f"total cost USD {summary['total_cost_usd'] / 1e6:,.1f} m a year, "
                      f"{summary['total_personnel']:,} personnel from {summary['contributing_members']} of "
                      f"{summary['members']} members; fund transfers USD {summary['fund_transfers_usd'] / 1e6:,.1f} m "
                      f"a year")
    else:
        # Years are whole numbers in memory and text once read back from summary.json.
        last = {int(y): v for y, v in summary["per_year"].items()}[int(period["last"])]
        console.print(f"total cost USD {summary['total_cost_usd'] / 1e6:,.1f} m {period['label']}; in "
                      f"{period['last']}: USD {last['cost_usd'] / 1e6:,.1f} m, {last['personnel']:,} personnel from "
                      f"{last['contributing_members']} of {summary['members']} members, fund transfers USD "
                      f"{last['fund_transfers_usd'] / 1e6:,.1f} m")
    missions = Table(title="Missions", show_lines=False)
    for column in ("mission", "units required", "filled", "personnel", "contributors", "lead"):
        missions.add_column(column, justify="left" if column in ("mission", "lead") else "right")
    alloc = r.allocation
    for mission, rows in r.missions.groupby("mission"):
        leads = sorted(set(rows["lead"].fillna(""))) if "lead" in rows else [""]
        missions.add_row(mission, str(rows["required"].sum()), str(rows["filled"].sum()),
                         f"{alloc.loc[alloc['mission'] == mission, 'personnel'].sum():,}",
                         str(alloc.loc[alloc["mission"] == mission, "state"].nunique()), ", ".join(leads))
    console.print(missions)
    print_force_generation(console, r)
    if r.shortfall is not None and len(r.shortfall):
        print_gaps(console, r.shortfall, summary.get("partial") or {})
    shown = r.states
    title = f"Largest contributors (of {summary['members']} members)"
    if "year" in shown:       # a trajectory: one named year, the last
        last = shown["year"].max()
        shown = shown[shown["year"] == last]
        title = f"Largest contributors in {last} (of {summary['members']} members)"
    states = Table(title=title)
    for column in ("state", "key", "personnel", "person-months", "p-m share", "dev.", "net cost share", "burden"):
        states.add_column(column, justify="left" if column in ("state", "burden") else "right")
    top = shown.sort_values(["personnel", "key_share"], ascending=False).head(TOP_STATES)
    for row in top.itertuples():
        states.add_row(row.state, f"{row.key_share:.2%}", f"{row.personnel:,}", f"{row.person_months:,}",
                       f"{row.person_months_share:.2%}",
                       "" if row.personnel_deviation != row.personnel_deviation else f"{row.personnel_deviation:+.0%}",
                       f"{row.net_cost_share:.2%}", row.burden)
    console.print(states)
    fair = summary["fairness"]
    console.print(f"fairness {fair['mode']} +-{fair['tolerance']:.0%} on {', '.join(fair['apply_to'])}: "
                  f"largest deviation personnel {fair['personnel_max_abs_deviation']:.1%}, "
                  f"net cost {fair['net_cost_max_abs_deviation']:.1%}; Gini personnel {fair['personnel_gini']:.3f}; "
                  + ("every member inside its band" if fair["personnel_all_within_band"]
                     else "SOME MEMBERS OUTSIDE THEIR BAND")
                  + " (personnel bands are widened by one smallest contribution: a whole unit, or the minimum "
                    "contingent)")
    if summary.get("price_of_fairness_usd") is not None and summary.get("price_of_fairness_pct") is not None:
        console.print(f"cost of fairness USD {summary['price_of_fairness_usd'] / 1e6:,.1f} m {period['label']} "
                      f"({summary['price_of_fairness_pct']:+.1%} over the cheapest plan without fairness)")
    if summary.get("standby"):
        console.print(standby_line(summary["standby"]), markup=False)
    console.print("wrote " + ", ".join(str(f) for f in files), markup=False)


def standby_line(sb: dict) -> str:
    """The standing force in one line: roster span, members, cost, cover; its growth in a trajectory."""
    line = (f"standby roster {sb['semesters'][0]} to {sb['semesters'][-1]}: {sb['members_on_roster']} members, "
            f"USD {sb['standby_cost_usd'] / 1e6:,.1f} m, any {sb['cover_k']} contingencies at once covered "
            f"({len(sb['uncoverable'])} sets beyond what members hold), "
            f"{len(sb['carried_in_money'])} members carry their roster share in money")
    by_year = sb.get("by_year")
    if by_year:
        first, last = by_year[min(by_year)], by_year[max(by_year)]
        line += (f"; the standing force grows from {first['standing_personnel']:,.0f} to "
                 f"{last['standing_personnel']:,.0f} personnel a semester ({sum(first['packages'].values())} to "
                 f"{sum(last['packages'].values())} packages)")
    return line


def print_force_generation(console: Console, r: ResultSet) -> None:
    """Missions down, the largest contributors across (named), units in the cells, the lead named."""
    table = of_results(r)
    states = [c for c in table.columns if c not in FIXED]
    shown, rest = states[:ACROSS], states[ACROSS:]
    when = f" in {r.allocation['year'].max()}" if "year" in r.allocation else ""
    grid = Table(title=f"Force generation{when}: units by state (largest contributors first; the lead named)")
    for column in ["mission", "unit type", "req.", *[s.split(" ")[0] for s in shown], "others", "total", "lead"]:
        grid.add_column(column, justify="left" if column in ("mission", "unit type", "lead") else "right",
                        no_wrap=column not in ("mission", "unit type"))
    for row in table.to_dict("records"):
        others = sum(0 if pd.isna(row[s]) else int(row[s]) for s in rest)
        grid.add_row(row["mission"], row["unit type"], "" if pd.isna(row["required"]) else str(row["required"]),
                     *["" if pd.isna(row[s]) else f"{int(row[s]):,}" for s in shown], f"{others:,}" if others else "",
                     f"{row['total units']:,}" if row["mission"] != TOTAL else f"{row['personnel']:,} people",
                     row["lead"].split(" ")[0])
    console.print(grid)


def print_gaps(console: Console, shortfall, partial: dict) -> None:
    """The requirements a partial plan leaves unmet: what to take to the next pledging conference."""
    gaps = Table(title=f"Gaps: {partial.get('requirements_short', len(shortfall))} requirements, "
                       f"{partial.get('personnel_short', int(shortfall['personnel_short'].sum())):,} personnel short")
    columns = (["year"] if "year" in shortfall else []) + ["mission", "capability", "required", "filled", "short",
                                                              "personnel short"]
    for column in columns:
        gaps.add_column(column, justify="left" if column in ("mission", "capability") else "right")
    for row in shortfall.itertuples(index=False):
        values = row._asdict()
        gaps.add_row(*([str(values["year"])] if "year" in values else []), values["mission"], values["capability"],
                     str(values["required"]), str(values["filled"]), str(values["short"]),
                     f"{values['personnel_short']:,}")
    console.print(gaps)
