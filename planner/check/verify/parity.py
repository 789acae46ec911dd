"""Bloc parity and the equal ceiling, with the verifier's own arithmetic: the blocs read again from
the scenario and the states table, the ratio path and the ceiling's level worked out here again."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.check.verify.facts import parties_of, years_of
from planner.check.verify.violation import TOL, Violation
from planner.inputs import Inputs

# The ceiling's level is searched to this relative precision (finer than the tolerance it is checked at).
LEVEL_STEPS = 200


def blocs_of(inputs: Inputs) -> dict[str, list[str]]:
    """bloc -> its parties (leavers left out), in the scenario's order."""
    tr = inputs.scenario.trajectory
    parties = parties_of(inputs)
    out = {}
    for bloc, spec in tr.rule_blocs.items():
        chosen = [s for s in parties if inputs.states.loc[s, spec] == 1] if isinstance(spec, str) else list(spec)
        out[bloc] = [s for s in chosen if s not in tr.leaves]
    return out


def check_bloc_parity(inputs: Inputs, forces: pd.Series) -> list[Violation]:
    """Each year, each bloc's forces over the first bloc's within (1 -+ tol) of the target ratio,
    which moves linearly from today's ratio to `bloc_ratio` by the final year."""
    tr = inputs.scenario.trajectory
    if tr.rule != "bloc_parity":
        return []
    blocs = blocs_of(inputs)
    names = list(blocs)
    years = years_of(inputs)
    base = inputs.states["armed_forces"].astype(float)
    found = []
    lead_today = sum(base[s] for s in blocs[names[0]])
    for bloc in names[1:]:
        today = sum(base[s] for s in blocs[bloc]) / lead_today
        goal = {"today": today, "parity": 1.0}.get(tr.bloc_ratio, tr.bloc_ratio)
        for i, year in enumerate(years):
            target = today + (float(goal) - today) * (i + 1) / len(years)
            mine = sum(forces.get((year, s), 0.0) for s in blocs[bloc] if base[s] > 0)
            lead = sum(forces.get((year, s), 0.0) for s in blocs[names[0]] if base[s] > 0)
            ratio = mine / lead if lead > 0 else np.inf
            tol = tr.rule_tolerance
            if not (1 - tol) * target * (1 - TOL) <= ratio <= (1 + tol) * target * (1 + TOL):
                found.append(Violation("bloc parity", f"{year}: {bloc}/{names[0]} forces {ratio:.4f}, outside "
                                       f"+-{tr.rule_tolerance:.0%} of the target ratio {target:.4f}"))
    return found


def ceiling_goals(inputs: Inputs, exempt_by_own_rule: set[str]) -> pd.Series:
    """state -> final-year forces due under the equal ceiling: clip(k basis, floor, baseline), k the
    lowest level at which they sum to the regional target less what the others keep."""
    tr = inputs.scenario.trajectory
    parties = parties_of(inputs)
    base = inputs.states.loc[parties, "armed_forces"].astype(float)
    basis = inputs.states.loc[parties, tr.ceiling_per].astype(float)
    floor = pd.Series({s: min(tr.floors.get(s, base[s] * tr.floor_share), base[s]) for s in parties})
    others = [s for s in parties if s in exempt_by_own_rule or base[s] <= 0]
    kept = sum(max(base[s] * (1 - tr.state_reductions[s]), floor[s]) if s in tr.state_reductions else base[s]
               for s in others)
    ruled = [s for s in parties if s not in others]
    room = base.sum() * (1 - tr.regional_reduction) - kept

    def goals(k):
        return np.minimum(np.maximum(k * basis[ruled], floor[ruled]), base[ruled])

    lo, hi = 0.0, max((base[s] / basis[s] for s in ruled if basis[s] > 0), default=0.0)
    if goals(0.0).sum() >= room:
        hi = 0.0
    for _ in range(LEVEL_STEPS):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if goals(mid).sum() < room else (lo, mid)
    return goals(hi)


def check_equal_ceiling(inputs: Inputs, forces: pd.Series, claimed: dict) -> list[Violation]:
    """In the final year, every member under the rule cuts within (1 -+ tol) of its cut to its goal."""
    tr = inputs.scenario.trajectory
    if tr.rule != "equal_ceiling":
        return []
    own = set(tr.state_reductions) | set(tr.leaves)
    last = years_of(inputs)[-1]
    found = []
    base = inputs.states["armed_forces"].astype(float)
    for state, goal in ceiling_goals(inputs, own).items():
        if state in claimed:
            continue
        cut, n = base[state] - goal, forces.get((last, state), np.nan)
        lo, hi = base[state] - (1 + tr.rule_tolerance) * cut, base[state] - (1 - tr.rule_tolerance) * cut
        if not lo - TOL * max(1.0, base[state]) <= n <= hi + TOL * max(1.0, base[state]):
            found.append(Violation("equal ceiling", f"{state} {last}: {n:,.0f} outside {lo:,.0f}-{hi:,.0f} "
                                                    f"(due {goal:,.0f})"))
    return found
