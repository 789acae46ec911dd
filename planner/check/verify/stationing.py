"""stationing.csv, territorial and zone ceilings, recomputed from the data and the scenario."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.check.verify.facts import parties_of, years_of
from planner.check.verify.violation import TOL, Violation
from planner.inputs import Inputs
from planner.results.folder import read_result_csv


def check_stationing(inputs: Inputs, forces: pd.Series, out: Path) -> list[Violation]:
    """stationing.csv against data/stationed_forces.csv and the scenario: every pair of a member with
    forces abroad in every year, never above today's figure nor growing, gone from `withdraw_by`
    where the host does not consent, within the stationing state's forces; foreign, territorial and
    zone ceilings (falling linearly from today's level to their value by their year) hold."""
    tr = inputs.scenario.trajectory
    data = inputs.tables.stationed
    years = years_of(inputs)
    baseline = inputs.states.loc[parties_of(inputs), "armed_forces"].astype(float)
    if data is None:
        return []
    pairs = data[data["stationing_state"].isin(baseline.index[baseline > 0])]
    if pairs.empty and not tr.stationing and not tr.zones:
        return []
    try:
        table = read_result_csv(out / "stationing.csv").set_index(["year", "stationing_state", "host_state"])
        held = table["personnel"].astype(float)
    except (OSError, ValueError, KeyError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        return [Violation("result files", f"stationing.csv is missing or unreadable ({type(exc).__name__})")]
    found = []
    for row in pairs.itertuples(index=False):
        a, h = row.stationing_state, row.host_state
        rule = tr.stationing.get(h)
        consent = rule.consent if rule is not None and rule.consent is not None else bool(row.consent)
        gone_by = None if consent else (rule.withdraw_by if rule is not None and rule.withdraw_by else years[-1])
        before = float(row.personnel)
        for year in years:
            s = held.get((year, a, h), np.nan)
            if np.isnan(s):
                found.append(Violation("stationing", f"{a} in {h} {year}: no row"))
                break
            if s > before + TOL * max(1.0, before):
                found.append(Violation("stationing", f"{a} in {h} {year}: {s:,.0f} stationed, more than {before:,.0f} "
                                                     f"the year before"))
            if gone_by is not None and year >= gone_by and s > TOL:
                found.append(Violation("stationing consent", f"{a} in {h} {year}: {s:,.0f} stationed without the "
                                                             f"host's consent (due out by {gone_by})"))
            before = s
    abroad = held.groupby(level=["year", "stationing_state"]).sum()
    for (year, state), s in abroad.items():
        n = forces.get((year, state), np.nan)
        if s > n + TOL * max(1.0, n):
            found.append(Violation("stationing", f"{state} {year}: {s:,.0f} abroad, more than its forces {n:,.0f}"))
    today = pairs.set_index(["stationing_state", "host_state"])["personnel"].astype(float)
    for host, rule in tr.stationing.items():
        by = rule.withdraw_by or years[-1]
        if rule.ceiling is not None:
            found += _territory(years, by, [host], rule.ceiling, today, held, forces, baseline, home=False,
                                label=f"foreign ceiling {host}")
        if rule.territorial_ceiling is not None:
            found += _territory(years, by, [host], rule.territorial_ceiling, today, held, forces, baseline,
                                home=True, label=f"territorial ceiling {host}")
    for name, zone in tr.zones.items():
        found += _territory(years, zone.by or years[-1], zone.states, zone.ceiling, today, held, forces, baseline,
                            home=True, label=f"zone {name}")
    return found


def _territory(years, by, states, ceiling, today, held, forces, baseline, home, label) -> list[Violation]:
    """Personnel on the territory of `states` (national ones at home when `home`, foreign ones always)
    within a ceiling falling linearly from today's level to `ceiling` by `by`."""
    def on(stationed, national):
        foreign = sum(v for (a, h), v in stationed.items() if h in states and (a not in states or not home))
        if not home:
            return foreign
        away = sum(v for (a, h), v in stationed.items() if a in states and h not in states)
        return sum(national(s) for s in states) - away + foreign

    now = on(today.to_dict(), lambda s: float(baseline.get(s, 0.0)))
    target = min(ceiling, now)
    found = []
    for year in years:
        step = min(max((year - years[0] + 1) / (by - years[0] + 1), 0.0), 1.0)
        limit = now + (target - now) * step
        mine = {(a, h): v for (y, a, h), v in held.items() if y == year}
        value = on(mine, lambda s, y=year: float(forces.get((y, s), baseline.get(s, 0.0))))
        if value > limit + TOL * max(1.0, limit) + 1e-6:
            found.append(Violation(label, f"{year}: {value:,.0f} personnel on the territory, above {limit:,.0f}"))
    return found
