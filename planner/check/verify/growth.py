"""The standing force's packages year by year in a trajectory, by the verifier's own arithmetic of
trajectory.standing_force_growth (planner/run/standing_force.py builds them)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.check.verify.facts import parties_of
from planner.inputs import Inputs


def packages_of(sb) -> dict[str, int]:
    return {tier: t.packages for tier, t in sb.tiers.items()}


def grown_packages(inputs: Inputs, year: int, forces: pd.Series | None) -> dict[str, int]:
    """The packages a tier must keep in `year` under trajectory.standing_force_growth: its packages
    times S / S0 (rounded down, never fewer), S0 the personnel the tiers require a semester and
    S = S0 + share x (the parties' baseline forces - their forces in `year`) or the linear way to
    `personnel` by `by`. Forces written hold the standby too, so they cut no more than the path
    the growth was sized on: S from them is a floor the roster must reach."""
    sc = inputs.scenario
    sb, tr = sc.standby, sc.trajectory
    growth = tr.standing_force_growth
    base = packages_of(sb)
    if growth is None:
        return base
    people = inputs.capabilities["personnel"].astype(float)
    s0 = sum(n * sum(people[c] * u for c, u in sb.tiers[tier].composition.items()) for tier, n in base.items())
    if growth.share is not None:
        baseline = inputs.states["armed_forces"].reindex(parties_of(inputs)).astype(float)
        baseline = baseline[baseline > 0]
        now = sum(float(forces.get((year, s), baseline[s])) for s in baseline.index) if forces is not None else \
            float(baseline.sum())
        size = s0 + growth.share * max(0.0, float(baseline.sum()) - now)
    else:
        by = growth.by or tr.start_year + tr.years - 1
        reached = min(1.0, (year - tr.start_year) / (by - tr.start_year)) if by > tr.start_year else 1.0
        size = s0 + (growth.personnel - s0) * reached
    factor = max(1.0, size / s0) if s0 > 0 else 1.0
    return {tier: max(n, int(np.floor(n * factor + 1e-9))) for tier, n in base.items()}
