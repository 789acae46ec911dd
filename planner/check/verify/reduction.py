"""The reduction rule, its exemptions and the phases, with the verifier's own arithmetic."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.check.verify.facts import held_needed, parties_of, years_of
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
    if tr.rule == "proportional":
        found += _exemptions_hold(inputs, facts, baseline, claimed, alloc)
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
    needed = held_needed(inputs, facts, alloc)
    pairs = [tuple(p.states) for p in tr.balanced_pairs]
    for state, reason in claimed.items():
        if state not in baseline.index:
            found.append(Violation("reduction rule", f"{state}: exempt, but it has no forces to cut"))
            continue
        base = baseline[state]
        least = base * (1 - (1 - tr.rule_tolerance) * common)
        floor = min(tr.floors.get(state, base * tr.floor_share), base)
        if reason == "own target":
            ok = state in tr.state_reductions
        elif reason == "floor":
            ok = floor > least + 1e-9
        elif reason == "contributions need its forces":
            mine = needed[needed["state"] == state]
            held = inputs.holdings.loc[state, mine["capability"]].to_numpy(dtype=float)
            need = float(np.max(np.where(held > 0, mine["need"].to_numpy() * base / np.where(held > 0, held, 1.0),
                                         0.0), initial=0.0))
            ok = need > least + 1e-6
        elif reason.startswith("balanced against "):
            other = reason.removeprefix("balanced against ")
            ok = other in claimed and ((state, other) in pairs or (other, state) in pairs)
        else:
            ok = False
        if not ok:
            found.append(Violation("reduction rule", f"{state}: exempt from the proportional rule ({reason}) "
                                                     f"without cause"))
    return found
