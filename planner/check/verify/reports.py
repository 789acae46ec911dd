"""What the files say about the plan as a whole: missions.csv (required and filled), and
summary.json (status, gap, objective, totals, the fairness measures), recomputed from the allocation."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from planner.check.verify.burden import reference
from planner.check.verify.facts import Facts
from planner.check.verify.violation import TOL, USD_TOL, Violation, when
from planner.inputs import Inputs

STATUSES = ("optimal", "feasible", "partial")
# summary.json keeps 12 significant digits.
JSON_TOL = 1e-9


def check_missions(facts: Facts, alloc: pd.DataFrame, missions: pd.DataFrame) -> list[Violation]:
    found = []
    need = facts.required.set_index(["year", "mission", "capability"])
    filled = alloc.groupby(["year", "mission", "capability"])["units"].sum()
    written = missions.set_index(["year", "mission", "capability"])
    for key in sorted(set(written.index) - set(need.index)):
        found.append(Violation("missions.csv", f"{key[1]}{when(key[0])}: a row for {key[2]}, which it does not need"))
    for key, row in need.iterrows():
        year, mission, capability = key
        if key not in written.index:
            found.append(Violation("missions.csv", f"{mission}{when(year)}: no row for its {capability}"))
            continue
        line = written.loc[key]
        if line["required"] != row["units"] or abs(line["personnel_required"] - row["personnel"]) > TOL:
            found.append(Violation("missions.csv", f"{mission}{when(year)}: {capability} required {line['required']:g} "
                                                   f"written, {row['units']} by the scenario"))
        if line["filled"] != filled.get(key, 0):
            found.append(Violation("missions.csv", f"{mission}{when(year)}: {capability} filled {line['filled']:g} "
                                                   f"written, {filled.get(key, 0):g} in the allocation"))
    return found


def check_summary(inputs: Inputs, facts: Facts, alloc: pd.DataFrame, states: pd.DataFrame,
                  summary: dict, per_year: dict | None = None) -> list[Violation]:
    """summary.json against the files and the allocation; `per_year` (year -> inputs, facts of the
    year's members) where joins or leaves change them."""
    found = []

    def wrong(field, detail):
        found.append(Violation("summary.json", f"{field}: {detail}"))

    if summary.get("scenario") != inputs.name:
        wrong("scenario", f"{summary.get('scenario')!r} written, the scenario is {inputs.name!r}")
    status = summary.get("status")
    if status not in STATUSES:
        wrong("status", f"{status!r} is not a plan's status ({', '.join(STATUSES)})")
    if status == "partial" and not inputs.scenario.solver.allow_shortfall:
        wrong("status", "partial, but the scenario does not allow a shortfall (solver.allow_shortfall, "
                        "--allow-shortfall)")
    cost = float(alloc["cost_usd"].sum())
    rows = max(len(alloc), 1)
    if not _close(summary.get("total_cost_usd"), cost, USD_TOL * rows):
        wrong("total_cost_usd", f"{summary.get('total_cost_usd')} written, USD {cost:,.2f} in the allocation")
    objective = summary.get("objective_usd")
    if objective is not None and not _close(objective, cost, USD_TOL * rows):
        wrong("objective_usd", f"{objective} written, the plan costs USD {cost:,.2f}")
    found += _gap(summary, wrong)
    people = int(alloc.groupby("year")["personnel"].sum().max()) if len(alloc) else 0
    if summary.get("total_personnel") != people:
        wrong("total_personnel", f"{summary.get('total_personnel')} written, {people} in the allocation")
    if summary.get("members") != len(inputs.members):
        wrong("members", f"{summary.get('members')} written, the scenario has {len(inputs.members)}")
    contributing = int(alloc["state"].nunique())
    if summary.get("contributing_members") != contributing:
        wrong("contributing_members", f"{summary.get('contributing_members')} written, {contributing} contribute")
    transfers = float(states["fund_payment_usd"].sum())
    if not _close(summary.get("fund_transfers_usd"), transfers, USD_TOL * max(len(states), 1)):
        wrong("fund_transfers_usd", f"{summary.get('fund_transfers_usd')} written, USD {transfers:,.2f} in states.csv")
    fair = summary.get("fairness") if isinstance(summary.get("fairness"), dict) else {}
    deviation = _largest_deviation(per_year or {y: (inputs, facts) for y in facts.years}, alloc)
    if not _close(fair.get("personnel_max_abs_deviation"), deviation, 1e-6):
        wrong("fairness.personnel_max_abs_deviation", f"{fair.get('personnel_max_abs_deviation')} written, "
                                                      f"{deviation:.6f} from the allocation")
    return found


def check_shortfall(facts: Facts, alloc: pd.DataFrame, shortfall: pd.DataFrame | None,
                    summary: dict) -> list[Violation]:
    """A partial plan's shortfall.csv lists exactly the requirements left short, with the right
    numbers, and summary.json's totals agree; a complete plan has no shortfall.csv."""
    found = []
    partial = summary.get("status") == "partial"
    need = facts.required.set_index(["year", "mission", "capability"])
    filled = alloc.groupby(["year", "mission", "capability"])["units"].sum().reindex(need.index, fill_value=0)
    short = need["units"] - filled
    short = short[short > 0]
    if not partial:
        if shortfall is not None:
            found.append(Violation("shortfall.csv", "written for a plan that is not partial"))
        return found
    if shortfall is None:
        return [Violation("shortfall.csv", "missing: a partial plan lists its unmet requirements")]
    written = shortfall.set_index(["year", "mission", "capability"])
    for key in sorted(set(written.index) ^ set(short.index)):
        year, mission, capability = key
        found.append(Violation("shortfall.csv", f"{mission}{when(year)}: {capability} "
                               + ("listed, but it is not short" if key in written.index else
                                  f"short {short[key]:g} units and not listed")))
    for key in sorted(set(written.index) & set(short.index)):
        row, units = written.loc[key], short[key]
        people = units * facts.personnel[key[2]]
        if (row["short"], row["required"], row["filled"]) != (units, need.loc[key, "units"], filled[key]) \
                or abs(row["personnel_short"] - people) > TOL:
            found.append(Violation("shortfall.csv", f"{key[1]}{when(key[0])}: {key[2]} written short {row['short']:g} "
                                                    f"({row['personnel_short']:g} personnel), the plan leaves "
                                                    f"{units:g} ({people:g}) short"))
    totals = summary.get("partial") if isinstance(summary.get("partial"), dict) else {}
    people = float((short * facts.personnel.reindex(short.index.get_level_values("capability")).to_numpy()).sum())
    if totals.get("requirements_short") != len(short) or not _close(totals.get("personnel_short"), people, TOL):
        found.append(Violation("summary.json", f"partial: {totals.get('requirements_short')} requirements, "
                                               f"{totals.get('personnel_short')} personnel short written; the plan "
                                               f"leaves {len(short)} requirements, {people:g} personnel short"))
    return found


def _gap(summary: dict, wrong) -> list[Violation]:
    """optimal needs a proven gap within the limit asked for; the gap must be what the objective and
    the bound make it."""
    gap, bound, objective = summary.get("gap"), summary.get("bound_usd"), summary.get("objective_usd")
    limit = (summary.get("reproducibility") or {}).get("gap_limit")
    if summary.get("status") == "optimal":
        if not isinstance(gap, (int, float)) or not isinstance(limit, (int, float)) or gap > limit + JSON_TOL:
            wrong("status", f"optimal without a proven gap within the limit (gap {gap}, limit {limit})")
    if isinstance(gap, (int, float)) and (gap < -JSON_TOL or not math.isfinite(gap)):
        wrong("gap", f"{gap} is not a gap")
    if isinstance(bound, (int, float)) and isinstance(objective, (int, float)) and isinstance(gap, (int, float)):
        if bound > objective * (1 + JSON_TOL) + USD_TOL:
            wrong("bound_usd", f"{bound} above the objective {objective}")
        implied = (objective - bound) / max(abs(objective), 1e-9)
        if abs(implied - gap) > 1e-6:
            wrong("gap", f"{gap} written, the objective and bound give {implied:.6g}")
    return []


def _largest_deviation(per_year: dict, alloc: pd.DataFrame) -> float:
    """Largest |person-month share / reference share - 1| over the members that may serve, in any year."""
    worst = 0.0
    for year, (inputs, facts) in per_year.items():
        ref = reference(inputs, facts, year)
        mine = alloc[alloc["year"] == year]
        burden = mine["personnel"] * facts.calendar["months"].reindex(mine["mission"]).to_numpy()
        total = burden.sum()
        if ref.empty or total <= 0:
            continue
        people = burden.groupby(mine["state"]).sum().reindex(ref.index, fill_value=0.0)
        dev = (people / total) / (ref["target"] / ref["target"].sum()) - 1.0
        worst = max(worst, float(np.max(np.abs(dev.to_numpy()))))
    return worst


def _close(written, computed: float, tolerance: float) -> bool:
    return isinstance(written, (int, float)) and not isinstance(written, bool) and math.isfinite(written) \
        and abs(written - computed) <= tolerance + JSON_TOL * abs(computed)
