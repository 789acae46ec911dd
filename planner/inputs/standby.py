"""The standing force's inputs: semesters, tiers and their packages, who may stand by with what,
the contingencies the reserve is sized for and who may serve in each (the missions' politics)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.data.costs import MONTHS_PER_YEAR
from planner.errors import InputError, Problem
from planner.inputs.politics import political_exclusions
from planner.scenario.load import LoadedScenario
from planner.scenario.schema import Mission

HALF_YEAR_MONTHS = 6


@dataclass(frozen=True)
class StandbyInputs:
    """semesters : labels "2027-H1", ... in order.
    tiers : tier -> notice_days, packages, cost_share, personnel (a package's least personnel).
    composition : (tier, capability) -> units at least per package.
    packages : tier, package (1..n), one row per package on standby each semester.
    eligible : state, capability -> whether a member may hold a unit type on standby (held, not a
        caveat against it, not unavailable), with its cost_usd for a semester on standby before the
        tier's share (personnel x national cost per person / 2).
    contingencies : id -> name, kind, duration_months, likelihood, source.
    demand : (contingency, capability) -> units.
    may_serve : contingency, state rows: the members a contingency may take (its politics).
    key : member -> share of the roster's personnel-semesters (the personnel key over those who
        may stand by).
    """

    semesters: list[str]
    tiers: pd.DataFrame
    composition: pd.Series
    packages: pd.DataFrame
    eligible: pd.DataFrame
    contingencies: pd.DataFrame
    demand: pd.Series
    may_serve: pd.DataFrame
    key: pd.Series
    max_members: int
    reserve_cost_share: float
    framework_min_share: float
    standby_rotation: float
    cover_k: int
    tolerance: float
    solver: str
    growth_share: float | None = None        # trajectory.standing_force_growth (planner/run/standing_force.py)
    growth_personnel: float | None = None
    growth_by: int | None = None
    rested: frozenset = frozenset()          # may not be framework nation in the first semester (led the one before)
    # member -> personnel-semesters served before this roster (a trajectory's earlier years): the band
    # is on the whole roster so far.
    carried: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    # member -> the band's widening at least (personnel): the largest smallest unit of earlier years, so
    # that a unit served under a wider band then cannot make a later year's band impossible.
    widening: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))


def resolve_standby(loaded: LoadedScenario, members: pd.Index, capabilities: pd.DataFrame, holdings: pd.DataFrame,
                    borders: pd.DataFrame, troops_key: pd.Series, cost_per_person: pd.Series) -> StandbyInputs | None:
    sc = loaded.scenario
    sb = sc.standby
    if sb is None:
        if sc.trajectory is not None and sc.trajectory.standing_force_growth is not None:
            raise InputError(loaded.problem(("trajectory", "standing_force_growth"), "a standing force grows from a "
                                                                                     "standby: section; add one"))
        if sc.contingencies:
            raise InputError(loaded.problem(("contingencies",), "contingencies need a standby: section to be "
                                                                "staffed from"))
        return None
    problems = _with_trajectory(loaded)
    for tier, t in sb.tiers.items():
        for cap in t.composition:
            if cap not in capabilities.index:
                problems.append(loaded.problem(("standby", "tiers", tier, "composition", cap),
                                               f"unknown unit type {cap!r}"))
    for i, c in enumerate(sc.contingencies):
        for cap in c.requirements:
            if cap not in capabilities.index:
                problems.append(loaded.problem(("contingencies", i, "requirements", cap), f"unknown unit type {cap!r}"))
    ids = [c.id for c in sc.contingencies]
    if len(set(ids)) != len(ids):
        problems.append(loaded.problem(("contingencies",), "contingency ids must be unique"))
    if problems:
        raise InputError(problems)
    semesters = [f"{sb.start_year + i // 2}-H{i % 2 + 1}" for i in range(sb.semesters)]
    people = capabilities["personnel"].astype(float)
    composition = pd.Series({(tier, cap): float(n) for tier, t in sb.tiers.items() for cap, n in t.composition.items()
                             if n > 0}, dtype=float)
    composition.index = pd.MultiIndex.from_tuples(composition.index, names=["tier", "capability"])
    tiers = pd.DataFrame({tier: {"notice_days": t.notice_days, "packages": t.packages, "cost_share": t.cost_share,
                                 "personnel": float(sum(people[c] * n for c, n in t.composition.items()))}
                          for tier, t in sb.tiers.items()}).T
    tiers.index.name = "tier"
    packages = package_rows({tier: t.packages for tier, t in sb.tiers.items()})
    eligible = _eligible(sc, members, capabilities, holdings, cost_per_person)
    contingencies = pd.DataFrame([{"contingency": c.id, "name": c.name or c.id, "kind": c.kind,
                                   "duration_months": float(c.duration_months), "likelihood": float(c.likelihood),
                                   "source": c.source} for c in sc.contingencies],
                                 columns=["contingency", "name", "kind", "duration_months", "likelihood",
                                          "source"]).set_index("contingency")
    demand = pd.Series({(c.id, cap): float(n) for c in sc.contingencies for cap, n in c.requirements.items() if n > 0},
                       dtype=float)
    demand.index = pd.MultiIndex.from_tuples(demand.index, names=["contingency", "capability"]) if len(demand) else \
        pd.MultiIndex.from_arrays([[], []], names=["contingency", "capability"])
    may_serve = _may_serve(sc, members, borders)
    standing = pd.Index(sorted(eligible["state"].unique()), name="state")
    key = troops_key.reindex(standing).fillna(0.0)
    key = key / key.sum() if key.sum() > 0 else key
    tolerance = sb.tolerance if sb.tolerance is not None else sc.fairness.tolerance
    growth = sc.trajectory.standing_force_growth if sc.trajectory is not None else None
    return StandbyInputs(semesters, tiers, composition.sort_index(), packages, eligible, contingencies,
                         demand.sort_index(), may_serve, key, sb.max_members, sb.reserve_cost_share,
                         sb.framework_min_share, sb.standby_rotation, sb.cover_k, tolerance, sb.solver,
                         growth_share=growth.share if growth else None,
                         growth_personnel=growth.personnel if growth else None,
                         growth_by=(growth.by or _last_year(sc.trajectory)) if growth else None)


def _last_year(tr) -> int:
    return tr.start_year + tr.years - 1


def _with_trajectory(loaded: LoadedScenario) -> list[Problem]:
    """In a trajectory the roster runs through its years, from its first: two semesters a year."""
    sc = loaded.scenario
    tr, sb = sc.trajectory, sc.standby
    if tr is None:
        return []
    problems = []
    if sb.start_year != tr.start_year:
        problems.append(loaded.problem(("standby", "start_year"), f"{sb.start_year}: in a trajectory the roster "
                                                                  f"starts with it, in {tr.start_year}"))
    if sb.semesters != 2 * tr.years:
        problems.append(loaded.problem(("standby", "semesters"), f"{sb.semesters}: in a trajectory the roster runs "
                                                                 f"through its {tr.years} years, {2 * tr.years} "
                                                                 "semesters"))
    for field_name in ("joins", "leaves"):
        if getattr(tr, field_name):
            # The roster's key and band are the whole membership's; a member out for some years would be
            # put on standby in them or charged for them. Not planned yet: said, not silently wrong.
            problems.append(loaded.problem(("trajectory", field_name), "a standing force is planned for a fixed "
                                                                       "membership; joins and leaves are not yet "
                                                                       "taken into its roster"))
    growth = tr.standing_force_growth
    if growth is not None and growth.by is not None and not tr.start_year < growth.by < tr.start_year + tr.years:
        problems.append(loaded.problem(("trajectory", "standing_force_growth", "by"),
                                       f"{growth.by}: a year after the first of the trajectory and within it"))
    return problems


def _eligible(sc, members: pd.Index, capabilities: pd.DataFrame, holdings: pd.DataFrame,
              cost_per_person: pd.Series) -> pd.DataFrame:
    """state, capability, held, cost_usd: the unit types a member may hold on standby."""
    unavailable = set(sc.impartiality.unavailable)
    rows = []
    for state in members:
        if state in unavailable:
            continue
        caveat = sc.caveats.get(state)
        for cap in capabilities.index:
            held = float(holdings.loc[state, cap]) if cap in holdings.columns else 0.0
            if held < 1 or (caveat is not None and caveat.no_combat and bool(capabilities.loc[cap, "combat"])):
                continue
            cost = float(capabilities.loc[cap, "personnel"]) * float(cost_per_person.get(state, np.nan)) \
                * HALF_YEAR_MONTHS / MONTHS_PER_YEAR
            rows.append((state, cap, held, cost))
    return pd.DataFrame(rows, columns=["state", "capability", "held", "cost_usd"])


def _may_serve(sc, members: pd.Index, borders: pd.DataFrame) -> pd.DataFrame:
    """contingency, state: a member may serve in a contingency unless its politics (parties, hosts,
    neighbours, the unavailable, as for a mission) or its caveats on the kind keep it out."""
    if not sc.contingencies:
        return pd.DataFrame(columns=["contingency", "state"])
    as_missions = [Mission(id=c.id, kind=c.kind, location=c.location, requirements=c.requirements, host=c.host,
                           parties=c.parties) for c in sc.contingencies]
    out = political_exclusions(sc.model_copy(update={"missions": as_missions}), members, borders)
    barred = set(zip(out["state"], out["mission"]))
    rows = [(c.id, s) for c in sc.contingencies for s in members
            if (s, c.id) not in barred and not (s in sc.caveats and c.kind in sc.caveats[s].kinds)]
    return pd.DataFrame(rows, columns=["contingency", "state"])


def band_widening(sb: StandbyInputs, people: pd.Series, most: pd.Series) -> pd.Series:
    """member -> the band's widening, personnel: its smallest unit of a type the roster uses (a
    package's or a contingency's) that it can stand by (`most`: (state, capability) -> units), 0
    where none; at least sb.widening (a trajectory's earlier years)."""
    useful = set(sb.composition.index.get_level_values("capability")) | set(
        sb.demand.index.get_level_values("capability"))
    usable = most[(most > 0) & most.index.get_level_values("capability").isin(useful)]
    smallest = pd.Series(people.reindex(usable.index.get_level_values("capability")).to_numpy(dtype=float),
                         index=usable.index.get_level_values("state")).groupby(level=0).min()
    return np.maximum(smallest.reindex(sb.key.index, fill_value=0.0),
                      sb.widening.reindex(sb.key.index, fill_value=0.0).astype(float))


def package_rows(counts: dict) -> pd.DataFrame:
    """tier, package (1..n): one row per package on standby each semester, from tier -> n."""
    return pd.DataFrame([(tier, p) for tier, n in counts.items() for p in range(1, int(n) + 1)],
                        columns=["tier", "package"])
