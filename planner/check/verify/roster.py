"""The standby roster with the verifier's own arithmetic: every package complete in every semester,
one framework nation carrying its share and never two semesters running, the mixing limit, what
each member can stand by (held less what its missions hold, over the standby rotation), the band
on roster burden, and the contingency cover checked by a max-flow of its own (the model uses
Hall's condition)."""
from __future__ import annotations

import itertools
from collections import deque

import numpy as np
import pandas as pd

from planner.check.verify.facts import Facts, held_needed
from planner.check.verify.growth import grown_packages, packages_of
from planner.check.verify.violation import TOL, Violation
from planner.inputs import Inputs

HALF_YEAR_MONTHS = 6
MONTHS_A_YEAR = 12


def check_roster(inputs: Inputs, facts: Facts, alloc: pd.DataFrame, roster: pd.DataFrame | None,
                 burden: pd.DataFrame | None, summary: dict, forces: pd.Series | None = None) -> list[Violation]:
    """The roster's rules; in a trajectory each year's packages (from the growth rule and `forces`),
    capacity (after that year's missions) and cover, and the band over the whole roster."""
    sb = inputs.scenario.standby
    if sb is None:
        return [] if roster is None else [Violation("roster", "roster.csv written for a scenario without standby")]
    if roster is None or burden is None:
        return [Violation("roster", "roster.csv or roster_burden.csv is missing")]
    semesters = [f"{sb.start_year + i // 2}-H{i % 2 + 1}" for i in range(sb.semesters)]
    people = inputs.capabilities["personnel"].astype(float)
    found = []
    wrong = roster[(roster["units"] * people.reindex(roster["capability"]).to_numpy() - roster["personnel"]).abs()
                   > TOL]
    found += [Violation("roster", f"{r.semester} {r.state} {r.capability}: personnel {r.personnel:g} is not "
                                  f"{r.units:g} units x {people[r.capability]:g}") for r in wrong.itertuples()]
    extra = sorted(set(roster["semester"]) - set(semesters))
    found += [Violation("roster", f"semester {t} is outside the roster") for t in extra]
    found += _rest(semesters, roster)
    found += _cost(inputs, roster, summary)
    if inputs.scenario.trajectory is None:
        most = _standby_most(inputs, facts, alloc)
        return found + _one_roster(inputs, roster, semesters, packages_of(sb), most) + _band(
            inputs, roster, burden, _smallest(inputs, most))
    widening: dict = {}
    for year in facts.years:
        mine = [t for t in semesters if t.startswith(f"{year}-")]
        most = _standby_most(inputs, facts, alloc[alloc["year"] == year])
        found += _one_roster(inputs, roster[roster["semester"].isin(mine)], mine, grown_packages(inputs, year, forces),
                             most)
        for state, a in _smallest(inputs, most).items():
            widening[state] = max(widening.get(state, 0.0), a)
    # The band is on the whole roster, widened by the largest of the years' smallest units.
    return found + _band(inputs, roster, burden, widening)


def _one_roster(inputs, roster, semesters, packages, most: pd.Series) -> list[Violation]:
    """Packages, capacity and cover of one roster (a year's, in a trajectory)."""
    people = inputs.capabilities["personnel"].astype(float)
    return (_packages(inputs.scenario.standby, semesters, roster, people, packages) + _capacity(inputs, roster, most)
            + _cover(inputs, semesters, roster, most))


def _cost(inputs: Inputs, roster: pd.DataFrame, summary: dict) -> list[Violation]:
    """summary.json's standby cost: each unit's people x the member's cost per person for half a year
    x its tier's share (the reserve's for units outside the packages)."""
    sb = inputs.scenario.standby
    share = {tier: t.cost_share for tier, t in sb.tiers.items()} | {"reserve": sb.reserve_cost_share}
    per_person = inputs.national_costs["cost_per_person_usd"]
    cost = sum(r.personnel * float(per_person[r.state]) * HALF_YEAR_MONTHS / MONTHS_A_YEAR * share.get(r.tier, np.nan)
               for r in roster.itertuples())
    written = (summary.get("standby") or {}).get("standby_cost_usd")
    if not isinstance(written, (int, float)) or abs(written - cost) > 0.01 + 1e-9 * abs(cost):
        return [Violation("summary.json", f"standby.standby_cost_usd: {written} written, USD {cost:,.2f} from "
                                          "roster.csv")]
    return []


def _packages(sb, semesters, roster, people, packages: dict[str, int]) -> list[Violation]:
    found = []
    for t in semesters:
        for tier, spec in sb.tiers.items():
            required = sum(people[c] * n for c, n in spec.composition.items())
            for p in range(1, packages[tier] + 1):
                mine = roster[(roster["semester"] == t) & (roster["tier"] == tier) & (roster["package"] == p)]
                where = f"{t} {tier} package {p}"
                for cap, n in spec.composition.items():
                    got = mine.loc[mine["capability"] == cap, "units"].sum()
                    if got < n:
                        found.append(Violation("standby package", f"{where}: {got:g} {cap} of {n}"))
                if mine["state"].nunique() > sb.max_members:
                    found.append(Violation("standby package", f"{where}: {mine['state'].nunique()} members, "
                                                              f"more than {sb.max_members}"))
                leads = mine.loc[mine["role"] == "framework", "state"].unique()
                if len(leads) != 1:
                    found.append(Violation("framework nation", f"{where}: {len(leads)} framework nations"))
                    continue
                carried = mine.loc[mine["state"] == leads[0], "personnel"].sum()
                if carried < sb.framework_min_share * required - TOL:
                    found.append(Violation("framework nation", f"{where}: {leads[0]} carries {carried:g} of the "
                                           f"{required:g} required, below {sb.framework_min_share:.0%}"))
    return found


def _rest(semesters, roster) -> list[Violation]:
    leads = roster[roster["role"] == "framework"].groupby("semester")["state"].apply(set).to_dict()
    found = []
    for a, b in zip(semesters, semesters[1:]):
        for state in sorted(leads.get(a, set()) & leads.get(b, set())):
            found.append(Violation("framework rest", f"{state}: framework nation in {a} and {b}"))
    return found


def _standby_most(inputs: Inputs, facts: Facts, alloc: pd.DataFrame) -> pd.Series:
    """(state, capability) -> units a member can stand by: floor((held - held for missions) / r)."""
    sb = inputs.scenario.standby
    busy = held_needed(inputs, facts, alloc).groupby(["state", "capability"])["need"].max() if len(alloc) else \
        pd.Series(dtype=float)
    held = inputs.holdings.stack().astype(float)
    held.index.names = ["state", "capability"]
    free = (held - busy.reindex(held.index, fill_value=0.0)).clip(lower=0.0)
    most = np.floor(free / sb.standby_rotation + 1e-9)
    caps = inputs.capabilities
    for state in inputs.members:
        caveat = inputs.scenario.caveats.get(state)
        barred = state in inputs.scenario.impartiality.unavailable
        for cap in caps.index:
            if barred or (caveat is not None and caveat.no_combat and bool(caps.loc[cap, "combat"])):
                most[(state, cap)] = 0.0
    return most


def _capacity(inputs: Inputs, roster: pd.DataFrame, most: pd.Series) -> list[Violation]:
    found = []
    for (t, state, cap), units in roster.groupby(["semester", "state", "capability"])["units"].sum().items():
        if state not in inputs.members:
            found.append(Violation("roster", f"{t} {state}: not a member"))
            continue
        if units > most.get((state, cap), 0.0) + TOL:
            found.append(Violation("standby capacity", f"{t} {state}: {units:g} {cap} on standby, it can stand by "
                                                       f"{most.get((state, cap), 0.0):g}"))
    return found


def _smallest(inputs: Inputs, most: pd.Series) -> dict:
    """member -> personnel of its smallest unit of a type the roster uses (a package's or a
    contingency's) that it can stand by (0: none)."""
    sb = inputs.scenario.standby
    people = inputs.capabilities["personnel"].astype(float)
    useful = {c for t in sb.tiers.values() for c in t.composition} | {
        c for j in inputs.scenario.contingencies for c in j.requirements}
    return {state: min((people[c] for c in useful if most.get((state, c), 0.0) >= 1), default=0.0)
            for state in inputs.members}


def _band(inputs: Inputs, roster: pd.DataFrame, burden: pd.DataFrame, widening: dict) -> list[Violation]:
    """Each member's personnel-semesters within (1 -+ tol) of its key share of the total, widened by
    `widening` (member -> one smallest unit it can stand by of a type the roster uses: _smallest);
    below the floor only where roster_burden.csv says it is carried in money."""
    sb = inputs.scenario.standby
    tol = sb.tolerance if sb.tolerance is not None else inputs.scenario.fairness.tolerance
    written = burden.set_index("state")
    standing = list(written.index)
    key = inputs.troops_key.reindex(standing).fillna(0.0)
    key = key / key.sum() if key.sum() > 0 else key
    mine = roster.groupby("state")["personnel"].sum().reindex(standing, fill_value=0.0)
    total = float(roster["personnel"].sum())
    found = [Violation("roster burden", f"{s}: on the roster but not in roster_burden.csv")
             for s in sorted(set(roster["state"]) - set(standing))]
    for state in standing:
        smallest = widening.get(state, 0.0)
        target = key[state] * total
        if mine[state] > (1 + tol) * target + smallest + TOL:
            found.append(Violation("roster burden", f"{state}: {mine[state]:g} personnel-semesters above its band's "
                                                    f"top {(1 + tol) * target + smallest:.1f}"))
        below = mine[state] < (1 - tol) * target - smallest - TOL
        marked = written.loc[state, "in_band"]
        if below != (marked == "money"):
            found.append(Violation("roster burden", f"{state}: {mine[state]:g} personnel-semesters, "
                                   f"{'below' if below else 'inside'} its band, marked {marked}"))
    return found


def _cover(inputs: Inputs, semesters, roster: pd.DataFrame, most: pd.Series) -> list[Violation]:
    """Every set of at most k contingencies that members could ever cover is covered, every semester:
    a max-flow from the members' standby units to the contingencies they may serve in."""
    sb = inputs.scenario.standby
    found = []
    allowed = _may_serve(inputs)
    supply = roster.groupby(["semester", "state", "capability"])["units"].sum()
    for size in range(1, sb.cover_k + 1):
        for combo in itertools.combinations(inputs.scenario.contingencies, size):
            caps = sorted({c for j in combo for c in j.requirements})
            for cap in caps:
                demand = {j.id: float(j.requirements.get(cap, 0)) for j in combo}
                ever = {s: most.get((s, cap), 0.0) for s in inputs.members}
                if _max_flow(ever, demand, allowed) < sum(demand.values()) - TOL:
                    break       # beyond what members could ever stand by: reported as uncoverable
            else:
                for t in semesters:
                    for cap in caps:
                        demand = {j.id: float(j.requirements.get(cap, 0)) for j in combo}
                        have = {s: float(supply.get((t, s, cap), 0.0)) for s in inputs.members}
                        flow = _max_flow(have, demand, allowed)
                        if flow < sum(demand.values()) - TOL:
                            found.append(Violation("contingency cover", f"{t}: {'+'.join(j.id for j in combo)} "
                                                   f"needs {sum(demand.values()):g} {cap}, standby covers {flow:g}"))
    return found


def _may_serve(inputs: Inputs) -> set[tuple[str, str]]:
    """(state, contingency) pairs allowed: not host, party, neighbour (where the kind excludes them),
    unavailable, or against the member's caveat on the kind."""
    sc = inputs.scenario
    imp = sc.impartiality
    borders = inputs.tables.borders
    near = borders.groupby("state")["neighbour"].apply(set).to_dict()
    out = set()
    for c in sc.contingencies:
        core = set(c.host) | set(c.parties)
        barred = set(imp.unavailable) | (set(c.parties) if imp.exclude_parties else set())
        if c.kind in imp.exclude_hosts:
            barred |= set(c.host)
        if c.kind in imp.exclude_neighbours:
            barred |= set().union(*(near.get(s, set()) for s in core)) - core if core else set()
        for s in inputs.members:
            if s not in barred and not (s in sc.caveats and c.kind in sc.caveats[s].kinds):
                out.add((s, c.id))
    return out


def _max_flow(supply: dict, demand: dict, allowed: set) -> float:
    """Max flow source -> members (their units) -> contingencies they may serve -> sink (their
    demand), by shortest augmenting paths."""
    members = [s for s, u in supply.items() if u > 0]
    jobs = [j for j, d in demand.items() if d > 0]
    cap: dict = {}

    def arc(a, b, c):
        cap[(a, b)] = cap.get((a, b), 0.0) + c
        cap.setdefault((b, a), 0.0)

    for s in members:
        arc("src", s, supply[s])
        for j in jobs:
            if (s, j) in allowed:
                arc(s, ("job", j), float("inf"))
    for j in jobs:
        arc(("job", j), "sink", demand[j])
    nxt: dict = {}
    for a, b in cap:
        nxt.setdefault(a, []).append(b)
    flow = 0.0
    while True:
        parent = {"src": None}
        queue = deque(["src"])
        while queue and "sink" not in parent:
            a = queue.popleft()
            for b in nxt.get(a, []):
                if b not in parent and cap[(a, b)] > TOL:
                    parent[b] = a
                    queue.append(b)
        if "sink" not in parent:
            return flow
        path, b = [], "sink"
        while parent[b] is not None:
            path.append((parent[b], b))
            b = parent[b]
        push = min(cap[e] for e in path)
        for a, b in path:
            cap[(a, b)] -= push
            cap[(b, a)] += push
        flow += push
