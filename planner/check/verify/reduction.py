"""The reduction rule, its exemptions and the phases, with the verifier's own arithmetic."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.check.verify.facts import parties_of, pledged_forces, years_of
from planner.check.verify.parity import blocs_of, ceiling_goals, check_bloc_parity, check_equal_ceiling
from planner.check.verify.violation import TOL, Violation
from planner.inputs import Inputs


def check_reduction_rule(inputs: Inputs, facts, forces: pd.Series, summary: dict,
                         alloc: pd.DataFrame) -> list[Violation]:
    """The proportional rule: each year, the cut shares (N0 - N) / N0 of the members under it admit one
    common cut c with every share within (1 -+ tol) c; every exemption claimed in summary.json has
    its reason (its own target, a floor above the rule's least cut, contributions needing forces
    above it, a balanced pair with an exempt member). Then the phases: each member's cut by a
    phase year is at least that phase's share of its cut by the final year."""
    tr = inputs.scenario.trajectory
    found = []
    baseline = inputs.states.loc[parties_of(inputs), "armed_forces"].astype(float)
    baseline = baseline[baseline > 0]
    years = years_of(inputs)
    claimed = (summary.get("trajectory") or {}).get("rule_exemptions") or {}
    if tr.rule != "min_cost":
        found += _exemptions_hold(inputs, facts, baseline, claimed, alloc)
    found += check_bloc_parity(inputs, forces)
    found += check_equal_ceiling(inputs, forces, claimed)
    if tr.rule == "proportional":
        ruled = [s for s in baseline.index if s not in claimed]
        tol = tr.rule_tolerance
        for year in years:
            cuts = np.array([(baseline[s] - forces.get((year, s), np.nan)) / baseline[s] for s in ruled])
            if not len(cuts) or np.isnan(cuts).any():
                continue
            lowest_c, highest_c = cuts.max() / (1 + tol), cuts.min() / (1 - tol)
            if lowest_c > highest_c * (1 + 1e-6) + 1e-7:
                found.append(Violation("reduction rule", f"{year}: cut shares from {cuts.min():.2%} "
                                       f"({ruled[int(cuts.argmin())]}) to {cuts.max():.2%} "
                                       f"({ruled[int(cuts.argmax())]}) are not within +-{tol:.0%} of one common cut"))
    phases = inputs.trajectory.phases
    last = years[-1]
    for year, share in phases.items():
        if year == last or year not in years:
            continue
        for state, base in baseline.items():
            final = forces.get((last, state), np.nan)
            now = forces.get((year, state), np.nan)
            if base - now < share * (base - final) - TOL * max(1.0, base):
                found.append(Violation("phase", f"{state} {year}: cut {base - now:,.0f} of a liability of "
                                                f"{base - final:,.0f}, below the {share:.0%} due"))
    return found


def _exemptions_hold(inputs: Inputs, facts, baseline: pd.Series, claimed: dict, alloc: pd.DataFrame) -> list:
    tr = inputs.scenario.trajectory
    found = []
    common = tr.regional_reduction or 0.0
    pledged = pledged_forces(inputs, facts, alloc)
    pairs = [tuple(p.states) for p in tr.balanced_pairs]
    in_blocs = {s for members in blocs_of(inputs).values() for s in members} if tr.rule == "bloc_parity" else set()
    goals = ceiling_goals(inputs, set(tr.state_reductions) | set(tr.leaves)) if tr.rule == "equal_ceiling" else {}
    for state, reason in claimed.items():
        if state not in baseline.index:
            found.append(Violation("reduction rule", f"{state}: exempt, but it has no forces to cut"))
            continue
        base = baseline[state]
        if tr.rule == "equal_ceiling":
            least = base - (1 - tr.rule_tolerance) * (base - goals.get(state, base))
        else:
            least = base * (1 - (1 - tr.rule_tolerance) * common)
        floor = min(tr.floors.get(state, base * tr.floor_share), base)
        if reason == "own target":
            ok = state in tr.state_reductions
        elif reason.startswith("leaves in "):
            ok = str(tr.leaves.get(state)) == reason.removeprefix("leaves in ")
        elif reason == "in no bloc":
            ok = tr.rule == "bloc_parity" and state not in in_blocs
        elif reason == "floor":
            ok = tr.rule == "proportional" and floor > least + 1e-9
        elif reason == "contributions need its forces" and tr.rule in ("proportional", "equal_ceiling"):
            mine = pledged[pledged.index.get_level_values("state") == state]
            ok = float(mine.max()) > least + 1e-6 if len(mine) else False
        elif reason.startswith("balanced against "):
            other = reason.removeprefix("balanced against ")
            ok = other in claimed and ((state, other) in pairs or (other, state) in pairs)
        else:
            ok = False
        if not ok:
            found.append(Violation("reduction rule", f"{state}: exempt from the proportional rule ({reason}) "
                                                     f"without cause"))
    return found


def check_pledges_held(inputs: Inputs, facts, forces: pd.Series, alloc: pd.DataFrame,
                       roster: pd.DataFrame | None = None) -> list[Violation]:
    """Each year, every member's national forces at least what its pledges need: the people in the
    units held for them over the deployable share (planner/check/verify/facts.py), plus, with a
    standing force, its busiest standby semester of the year x standby_rotation over that share."""
    found = []
    need = pledged_forces(inputs, facts, alloc)
    what = "its pledges need"
    if roster is not None and len(roster) and inputs.scenario.standby is not None:
        # A malformed semester label is check_roster's to report; here it must not stop the check.
        year = pd.to_numeric(roster["semester"].astype(str).str.slice(0, 4), errors="coerce").rename("year")
        standby = roster.groupby([year, roster["semester"], roster["state"]])["personnel"].sum().groupby(
            ["year", "state"]).max() * inputs.scenario.standby.standby_rotation \
            / inputs.scenario.assumptions.deployable_share
        need = need.add(standby, fill_value=0.0)
        what = "its pledges and its standby need"
    for (year, state), needed in need.items():
        n = forces.get((year, state), np.nan)
        if np.isnan(n) or n < needed * (1 - TOL) - TOL:
            found.append(Violation("forces for pledges", f"{state} {year}: national forces {n:,.0f} below the "
                                                         f"{needed:,.0f} {what}"))
    return found
