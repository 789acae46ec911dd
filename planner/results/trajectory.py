"""Tables of a solved trajectory: forces, spending and peace dividend per member and year; limits that bind."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.data.equipment import CFE_CATEGORIES
from planner.inputs.trajectory import TrajectoryInputs

TOL = 1e-6


@dataclass
class ForcesPath:
    """A solved trajectory beyond its yearly allocations: national forces year by year (the path
    linked to what contributions need), the target shortfalls, spending on the linked and on the
    relaxed path (whose difference bounds what a joint solve could still save), and equipment."""

    tr: TrajectoryInputs
    members: pd.Index
    years: pd.Index
    forces: pd.Series                  # (period, state) -> personnel
    need: pd.Series                    # (period, state) -> personnel the contributions need
    shortfall: dict                    # target -> personnel missed
    spending_usd: float
    spending_relaxed_usd: float
    linked_binding: bool
    equipment: pd.Series | None        # (period, state, category) -> items
    common_cut: pd.Series | None = None  # period -> the proportional rule's common cut share
    exemptions: pd.Series | None = None  # member -> why it does not follow the rule ("" when it does)
    stationed: pd.Series | None = None   # (period, stationing_state, host_state) -> personnel


def trajectory_table(path: ForcesPath, plan) -> pd.DataFrame:
    """state, year, national_personnel, contributed_personnel, milex_usd, peace_dividend_usd, equipment.

    milex_usd = cpp[s] N[p,s]; peace_dividend_usd = cpp[s] (N0[s] - N[p,s]) - net peace-force cost
    of s in year p (after the common fund): national spending saved, net of what the peace force costs it.
    """
    tr, members, years = path.tr, path.members, path.years
    index = pd.MultiIndex.from_product([members, years], names=["state", "year"])
    forces = path.forces.rename_axis(["year", "state"]).swaplevel().reindex(index)
    baseline = tr.forces["baseline"].reindex(index.get_level_values("state")).to_numpy()
    national = forces.fillna(pd.Series(baseline, index=index)).to_numpy()
    cpp = tr.cost_per_person_usd.reindex(index.get_level_values("state")).to_numpy()
    st = plan.states.set_index(["state", "year"])
    contributed = st["personnel"].reindex(index, fill_value=0).to_numpy()
    net = st["net_cost_usd"].reindex(index, fill_value=0.0).to_numpy()
    table = pd.DataFrame({
        "state": index.get_level_values("state"), "year": index.get_level_values("year"),
        "baseline_personnel": baseline,
        "national_personnel": national, "contributed_personnel": contributed,
        "milex_usd": national * cpp, "peace_dividend_usd": (baseline - national) * cpp - net,
        "cost_per_person_usd": cpp,
        "cost_per_person_source": tr.cost_note.reindex(index.get_level_values("state")).to_numpy(),
    })
    if path.equipment is not None:
        held = path.equipment.rename_axis(["year", "state", "category"]).unstack("category")
        held = held.swaplevel().reindex(index)
        base = tr.equipment.set_index(["state", "category"])["count"].unstack("category")
        for category in CFE_CATEGORIES:
            if category not in held:
                continue
            now = held[category].to_numpy()
            before = np.concatenate([[np.nan], now[:-1]])
            first = table["year"].to_numpy() == years[0]
            before[first] = base[category].reindex(table.loc[first, "state"]).to_numpy()
            table[category] = now
            table[f"{category}_destroyed"] = np.where(np.isnan(now), np.nan, before - now)
    return table.sort_values(["state", "year"]).reset_index(drop=True)


def binding_limits(path: ForcesPath) -> pd.DataFrame:
    """Per member and year, the rules its forces path sits on: floor, pace cap, a balanced pair,
    forces held up by its contributions, the reduction rule (its most or least cut, or why the
    member is exempt from it), a phase's liability."""
    tr = path.tr
    forces = path.forces
    f = tr.forces
    rows = []
    years = list(path.years)
    final = {state: n for (year, state), n in forces.items() if year == years[-1]}
    for (year, state), n in forces.items():
        notes = _rule_notes(path, year, state, n, final.get(state, n))
        if n <= f.loc[state, "floor"] + TOL * max(1, n):
            notes.append("floor")
        previous = forces.get((years[years.index(year) - 1], state), f.loc[state, "baseline"]) \
            if years.index(year) > 0 else f.loc[state, "baseline"]
        if previous - n >= f.loc[state, "max_cut"] - TOL * max(1, n):
            notes.append("annual cut cap")
        need = path.need.get((year, state), 0.0) if path.need is not None else 0.0
        if need > 0 and n <= need + TOL * max(1, n):
            notes.append("contributions need these forces")
        for pair in tr.pairs.itertuples():
            if state not in (pair.a, pair.b):
                continue
            ratio = forces[(year, pair.a)] / forces[(year, pair.b)]
            if abs(ratio - (1 + pair.tolerance) * pair.ratio) <= 1e-6 * pair.ratio or \
                    abs(ratio - (1 - pair.tolerance) * pair.ratio) <= 1e-6 * pair.ratio:
                notes.append(f"balance {pair.a}/{pair.b}")
        if notes:
            rows.append({"year": year, "state": state, "national_personnel": round(n, 1), "binding": "; ".join(notes)})
    return pd.DataFrame(rows, columns=["year", "state", "national_personnel", "binding"])


def _rule_notes(path: ForcesPath, year, state: str, n: float, final: float) -> list[str]:
    """The reduction rule's and the phases' notes for one member and year."""
    tr = path.tr
    row = tr.forces.loc[state]
    base = row["baseline"]
    notes = []
    reason = path.exemptions.get(state, "") if path.exemptions is not None else row["exemption"]
    if tr.rule == "proportional" and base > 0:
        if reason:
            if year == path.years[-1]:
                notes.append(f"exempt from the proportional rule: {reason}")
        elif path.common_cut is not None:
            c = float(path.common_cut.get(year, 0.0))
            cut = (base - n) / base
            if c > TOL and abs(cut - (1 + tr.rule_tolerance) * c) <= 1e-6:
                notes.append("proportional rule: most cut")
            elif c > TOL and abs(cut - (1 - tr.rule_tolerance) * c) <= 1e-6:
                notes.append("proportional rule: least cut")
    elif tr.rule in ("equal_ceiling", "bloc_parity") and base > 0 and year == path.years[-1]:
        if reason:
            notes.append(f"exempt from the {tr.rule.replace('_', ' ')} rule: {reason}")
        elif tr.rule == "bloc_parity":
            notes.append(f"bloc parity: in {tr.rule_blocs.get(state)}")
        elif row["goal"] >= base - TOL:
            notes.append("equal ceiling: under the ceiling, keeps its forces")
        else:
            notes.append(f"equal ceiling: due {row['goal']:,.0f}")
    if year in tr.phases.index and year != path.years[-1] and base > final + TOL:
        due = tr.phases[year] * (base - final)
        if abs((base - n) - due) <= TOL * max(1.0, base):
            notes.append(f"phase liability {tr.phases[year]:.0%}")
    return notes


def stationing_table(path: ForcesPath) -> pd.DataFrame | None:
    """stationing_state, host_state, year, personnel, baseline_personnel, consent, status, withdraw_by:
    foreign-stationed forces year by year (None when no member has forces abroad)."""
    if path.stationed is None or path.stationed.empty:
        return None
    pairs = path.tr.stationed.set_index(["stationing_state", "host_state"])
    frame = path.stationed.rename("personnel").reset_index().rename(columns={"period": "year"})
    keys = pd.MultiIndex.from_frame(frame[["stationing_state", "host_state"]])
    for column, name in (("baseline", "baseline_personnel"), ("consent", "consent"), ("status", "status"),
                         ("withdraw_by", "withdraw_by")):
        frame[name] = pairs[column].reindex(keys).to_numpy()
    frame["personnel"] = frame["personnel"].round(1)
    return frame[["stationing_state", "host_state", "year", "personnel", "baseline_personnel", "consent", "status",
                  "withdraw_by"]].sort_values(["stationing_state", "host_state", "year"]).reset_index(drop=True)


def _groups(path: ForcesPath) -> dict[str, list]:
    """group name -> its states: each zone of the scenario, then each bloc."""
    groups = {f"zone {name}": states for name, (states, _) in path.tr.zones.items()}
    groups.update({f"bloc {bloc}": members for bloc, members in path.tr.blocs.items()})
    return groups


def _group_years(path: ForcesPath, table: pd.DataFrame) -> dict:
    """group -> year -> national forces of its members (the reductions chart by bloc and zone)."""
    by = table.set_index(["year", "state"])["national_personnel"]
    years = sorted(table["year"].unique())
    return {name: {int(y): round(float(by.reindex(pd.MultiIndex.from_product([[y], states])).sum()), 1)
                   for y in years} for name, states in _groups(path).items()}


def _by_group(path: ForcesPath, table: pd.DataFrame) -> dict:
    """Baseline and final national forces, and the reduction, of each bloc (membership columns of
    states.csv with members in both, e.g. nato, csto) and each zone of the scenario."""
    last = table[table["year"] == path.years[-1]].set_index("state")
    out = {}
    for name, states in _groups(path).items():
        mine = last.reindex([s for s in states if s in last.index])
        base, final = float(mine["baseline_personnel"].sum()), float(mine["national_personnel"].sum())
        out[name] = {"baseline_personnel": base, "final_personnel": round(final, 1),
                     "reduction": round(1 - final / base, 6) if base else 0.0}
    return out


def trajectory_summary(path: ForcesPath, table: pd.DataFrame, limits: pd.DataFrame) -> dict:
    tr = path.tr
    last = path.years[-1]
    final = table[table["year"] == last]
    baseline = tr.forces["baseline"].sum()
    final_limits = limits[limits["year"] == last]
    return {
        "years": [int(path.years[0]), int(last)],
        "baseline_personnel": float(baseline),
        "final_personnel": float(final["national_personnel"].sum()),
        "reduction_reached": float(1 - final["national_personnel"].sum() / baseline) if baseline else 0.0,
        "regional_target_personnel": None if not np.isfinite(tr.regional_target) else float(tr.regional_target),
        "target_shortfall_personnel": {k: float(v) for k, v in path.shortfall.items()},
        "decomposition_exact": not path.linked_binding,
        "spending_usd": path.spending_usd,
        "spending_relaxed_usd": path.spending_relaxed_usd,
        "peace_dividend_usd": float(table["peace_dividend_usd"].sum()),
        "final_year_limits": {state: note for state, note in zip(final_limits["state"], final_limits["binding"])},
        "rule": tr.rule,
        "rule_tolerance": tr.rule_tolerance if tr.rule != "min_cost" else None,
        "ceiling_per_unit": None if not np.isfinite(tr.ceiling_level) else
        {"basis": tr.ceiling_per, "personnel": float(tr.ceiling_level)},
        "bloc_ratio_by_year": None if tr.bloc_ratios.empty else
        {str(b): {int(y): round(float(v), 8) for y, v in col.items()} for b, col in tr.bloc_ratios.items()},
        "common_cut_share": None if path.common_cut is None else
        {int(y): round(float(c), 8) for y, c in path.common_cut.items()},
        "rule_exemptions": {s: r for s, r in (path.exemptions if path.exemptions is not None
                                              else tr.forces["exemption"]).items() if r},
        "phases": {int(y): float(v) for y, v in tr.phases.items()},
        "personnel_by_year": {int(y): float(g["national_personnel"].sum()) for y, g in table.groupby("year")},
        "reductions_by_group": _by_group(path, table),
        "group_personnel_by_year": _group_years(path, table),
        "stationed_by_year": None if path.stationed is None or path.stationed.empty else
        {int(y): round(float(v), 1) for y, v in path.stationed.groupby("period").sum().items()},
    }
