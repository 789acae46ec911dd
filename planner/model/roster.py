"""The standby roster: which members fill which package of which tier in which semester, under a
framework nation, so that the standby staffs any k contingencies at once.

=============  =======================  ==============================================
symbol         code name                meaning
=============  =======================  ==============================================
y[t,g,s,c]     ``standby_units``        units of type c member s holds in package g in semester t
z[t,g,s]       ``in_package``           1 if member s is in package g in semester t
f[t,g,s]       ``framework``            1 if member s is package g's framework nation in semester t
w[t,s,c]       ``reserve_units``        units of type c member s holds in the reserve in semester t
                                        (national units on standby outside the packages)
R[t,c]         ``standby_total``        all units of type c on standby in semester t
short[s]       ``roster_short``         personnel-semesters below member s's band floor (carried in money)
=============  =======================  ==============================================

composition   sum_s y[t,g,s,c] >= comp[tier(g),c]: every package complete, every semester.
link          y[t,g,s,c] <= min(U[s,c], comp[tier(g),c]) z[t,g,s], U[s,c] = floor(avail[s,c] / r) the most
              it can stand by (avail: units held less those its missions hold; r: units held per unit on
              standby); no member puts more of a type into a package than the package needs (a surplus
              would serve fairness and the cover as well from the cheaper reserve);
              sum_c y[t,g,s,c] >= f[t,g,s]: the framework nation brings a unit, whatever its share.
mixing        sum_s z[t,g,s] <= max_members.
framework     sum_s f[t,g,s] = 1, f <= z, and sum_c ppu[c] y[t,g,s,c] >= share P[tier(g)] f[t,g,s]:
              one framework nation carrying at least `share` of the package's required personnel.
rest          sum_g f[t,g,s] + sum_g f[t+1,g,s] <= 1: never framework nation two semesters running
              (f[t0,g,s] = 0 for a member that led a package the semester before the roster).
capacity      sum_g y[t,g,s,c] + w[t,s,c] <= U[s,c].
fairness      B[s] = P[s] + sum_{t,c} ppu[c] (sum_g y[t,g,s,c] + w[t,s,c]) (personnel-semesters, P[s] what
              s served in a trajectory's earlier years, else 0), B = sum_s B[s]:
              B[s] - (1 + tol) k[s] B <= a[s] and B[s] + short[s] - (1 - tol) k[s] B >= -a[s],
              a[s] one smallest unit of s for one semester (the band's widening; in a trajectory at least
              the largest of earlier years', so that what was served then stays inside the band).
cover         for every set T of at most K coverable contingencies and every type c (Hall's condition
              for the transport of standby units to contingencies, exact for supplies and demands):
              sum_{j in T} d[j,c] <= R[t,c] - sum_{s not in N(T)} (sum_g y[t,g,s,c] + w[t,s,c]), with
              R[t,c] = sum_s (sum_g y[t,g,s,c] + w[t,s,c]) and N(T) the members that may serve in some
              j in T (written with the few members that may not, to keep the rows short); so any K
              contingencies at once can be staffed from standby, packages and reserve together.
objectives    least sum_s short[s] + e C; then least standby cost C = sum y cost[s,c] share[tier(g)] + sum w
              cost[s,c] reserve_share (USD m), the first held. The small weight e on cost in the band
              stage (SHORT_STAGE_COST_WEIGHT) steers the search away from wasteful plans: without it
              CBC stopped after 60 s at 3,546 personnel-semesters short on the shipped roster, with it
              it reaches 650 (the LP bound: 649.5) in under a minute. Holding the sum lets the cost
              stage trade at most e personnel-semesters of band per USD 1 m saved.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from planner.inputs.standby import StandbyInputs, band_widening
from planner.model.linear import LinearModel, Objective
from planner.model.rows import Terms

# USD are scaled to millions in the objective (as the allocation's costs are).
USD_PER_MODEL_UNIT = 1e6


def cover_sets(sb: StandbyInputs, most: pd.Series) -> tuple[list[tuple], list[tuple]]:
    """(the sets of at most K contingencies the roster must cover, the sets it cannot: some type
    needed beyond what the members allowed to serve could ever hold on standby, `most`
    ((state, capability) -> units)). A set containing an uncoverable one is itself uncoverable."""
    ids = list(sb.contingencies.index)
    serve = sb.may_serve.groupby("contingency")["state"].apply(set).to_dict()
    covered, uncovered = [], []
    for size in range(1, sb.cover_k + 1):
        for combo in itertools.combinations(ids, size):
            if any((j,) in uncovered for j in combo) and size > 1:
                uncovered.append(combo)
                continue
            helpers = set().union(*(serve.get(j, set()) for j in combo))
            need = sb.demand[sb.demand.index.get_level_values("contingency").isin(combo)].groupby("capability").sum()
            have = most[most.index.get_level_values("state").isin(helpers)].groupby("capability").sum()
            short = need - have.reindex(need.index, fill_value=0.0)
            (uncovered if (short > 1e-9).any() else covered).append(combo)
    return covered, uncovered


# Personnel-semesters below a band floor per USD 1 m of standby cost in the band stage: a tie-break
# (a whole roster costs some USD 100 m, so a tenth of that is ten personnel-semesters: fairness first).
SHORT_STAGE_COST_WEIGHT = 0.1

# The reserve: national units on standby outside any package (no framework nation, no mixing limit).
RESERVE = "reserve"


def build_roster(sb: StandbyInputs, most: pd.Series, people: pd.Series) -> tuple[LinearModel, tuple[Objective, ...]]:
    """`most`: (state, capability) -> U, the most units a member can stand by at once; `people`:
    capability -> personnel per unit."""
    m = LinearModel()
    T = sb.semesters
    packages = list(zip(sb.packages["tier"], sb.packages["package"]))
    most = most[most > 0]
    demanded = set(sb.demand.index.get_level_values("capability"))
    cells, ub, cost = [], [], []
    unit_cost = sb.eligible.set_index(["state", "capability"])["cost_usd"]
    for t in T:
        for q, p in packages + [(RESERVE, 0)]:
            kinds = set(sb.composition.loc[q].index) if q != RESERVE else demanded
            share = sb.reserve_cost_share if q == RESERVE else float(sb.tiers.loc[q, "cost_share"])
            for (st, c), u in most.items():
                if c in kinds:
                    cells.append((t, q, p, st, c))
                    # A package needs no more of a type than its composition from any one member (more
                    # would do the same for fairness and cover at the reserve's lower cost): the bound
                    # also makes the link y <= U z tight.
                    ub.append(u if q == RESERVE else min(u, float(sb.composition[(q, c)])))
                    cost.append(unit_cost[(st, c)] * share / USD_PER_MODEL_UNIT)
    y_index = pd.MultiIndex.from_tuples(cells, names=["semester", "tier", "package", "state", "capability"])
    y = m.add_variables("standby_units", y_index, 0.0, np.array(ub, dtype=float), integer=True)
    in_package = (y_index.get_level_values("tier") != RESERVE)
    ppu = people.reindex(y_index.get_level_values("capability")).to_numpy(dtype=float)
    _packages(m, sb, y, y_index, in_package, ppu, np.array(ub, dtype=float))
    pairs = most[most.index.get_level_values("capability").isin(
        set(y_index.get_level_values("capability")))]
    capacity = pd.MultiIndex.from_tuples([(t, s, c) for t in T for (s, c) in pairs.index],
                                         names=["semester", "state", "capability"])
    y_cap = capacity.get_indexer(y_index.droplevel(["tier", "package"]))
    m.add_rows("standby_capacity", capacity, [Terms(y_cap, y.ids)], -np.inf, np.tile(pairs.to_numpy(), len(T)))
    short = _fairness(m, sb, y, y_index, ppu, people, pairs)
    _cover(m, sb, y, y_index, most)
    objectives = (Objective("roster_short", {"roster_short": np.ones(short.size),
                                             "standby_units": SHORT_STAGE_COST_WEIGHT * np.array(cost)}),
                  Objective("standby_cost", {"standby_units": np.array(cost)}))
    m.use_objective(objectives[0])
    return m, objectives


def _packages(m: LinearModel, sb: StandbyInputs, y, y_index: pd.MultiIndex, in_package: np.ndarray, ppu: np.ndarray,
              ub: np.ndarray) -> None:
    """Composition, the link to z, mixing, the framework nation and its rest (module docstring)."""
    T = sb.semesters
    cells = y_index[in_package]
    ids = y.ids[in_package]
    z_index = cells.droplevel("capability").unique()
    z = m.add_variables("in_package", z_index, 0.0, 1.0, integer=True)
    # A member that led a package the semester before the roster (the year before, in a trajectory) rests.
    rests = (z_index.get_level_values("semester") == T[0]) & z_index.get_level_values("state").isin(sb.rested)
    f = m.add_variables("framework", z_index, 0.0, np.where(rests, 0.0, 1.0), integer=True)
    _composition(m, sb, ids, cells)
    at_z = z_index.get_indexer(cells.droplevel("capability"))
    m.add_rows("standby_link", cells, [Terms.per_row(ids), Terms.per_row(z.start + at_z, -ub[in_package])],
               -np.inf, 0.0)
    group = z_index.droplevel("state").unique()
    z_group = group.get_indexer(z_index.droplevel("state"))
    m.add_rows("package_mixing", group, [Terms(z_group, z.ids)], -np.inf, float(sb.max_members))
    m.add_rows("one_framework", group, [Terms(z_group, f.ids)], 1.0, 1.0)
    m.add_rows("framework_in_package", z_index, [Terms.per_row(f.ids), Terms.per_row(z.ids, -1.0)], -np.inf, 0.0)
    m.add_rows("framework_brings_a_unit", z_index, [Terms(at_z, ids), Terms.per_row(f.ids, -1.0)], 0.0, np.inf)
    need = sb.framework_min_share * sb.tiers["personnel"].reindex(z_index.get_level_values("tier")).to_numpy(float)
    m.add_rows("framework_share", z_index, [Terms(at_z, ids, ppu[in_package]), Terms.per_row(f.ids, -need)],
               0.0, np.inf)
    states = pd.Index(sorted(set(z_index.get_level_values("state"))), name="state")
    _rest(m, f, z_index, T, states)


def _composition(m: LinearModel, sb: StandbyInputs, ids: np.ndarray, y_index: pd.MultiIndex) -> None:
    """sum_s y[t,g,s,c] >= comp[tier(g),c]."""
    rows = [(t, q, p, c) for t in sb.semesters for q, p in zip(sb.packages["tier"], sb.packages["package"])
            for c in sb.composition.loc[q].index]
    index = pd.MultiIndex.from_tuples(rows, names=["semester", "tier", "package", "capability"])
    at = index.get_indexer(y_index.droplevel("state"))
    keep = at >= 0
    m.add_rows("package_complete", index, [Terms(at[keep], ids[keep])],
               sb.composition.reindex(pd.MultiIndex.from_arrays([index.get_level_values("tier"),
                                                                 index.get_level_values("capability")])).to_numpy(),
               np.inf)


def _rest(m: LinearModel, f, z_index: pd.MultiIndex, T: list, states: pd.Index) -> None:
    """sum_g f[t,g,s] + sum_g f[t+1,g,s] <= 1 for consecutive semesters."""
    if len(T) < 2:
        return
    index = pd.MultiIndex.from_tuples([(t, s) for t in T[:-1] for s in states], names=["semester", "state"])
    sem = z_index.get_level_values("semester")
    st = z_index.get_level_values("state")
    now = index.get_indexer(pd.MultiIndex.from_arrays([sem, st]))
    order = {t: i for i, t in enumerate(T)}
    before = np.array([order[t] - 1 for t in sem])
    prev = index.get_indexer(pd.MultiIndex.from_arrays([[T[i] if i >= 0 else None for i in before], st]))
    terms = [Terms(now[now >= 0], f.ids[now >= 0]), Terms(prev[prev >= 0], f.ids[prev >= 0])]
    m.add_rows("framework_rest", index, terms, -np.inf, 1.0)


def _fairness(m: LinearModel, sb: StandbyInputs, y, y_index, ppu, people: pd.Series, pairs: pd.Series):
    """The band on each member's personnel-semesters (module docstring)."""
    states = sb.key.index
    key = sb.key.to_numpy()
    allowance = band_widening(sb, people, pairs).to_numpy(dtype=float)
    short = m.add_variables("roster_short", states, 0.0, np.inf, integer=False)
    # The total B as a variable of its own keeps each band row short (B[s], B) instead of every y.
    total = m.add_variables("roster_total", pd.Index(["total"]), 0.0, np.inf, integer=False)
    m.add_rows("roster_total_is", total.index, [Terms.single_row(y.ids, ppu), Terms.per_row(total.ids, -1.0)], 0.0, 0.0)
    mine = states.get_indexer(y_index.get_level_values("state"))
    tol = sb.tolerance
    keep = mine >= 0
    own = Terms(mine[keep], y.ids[keep], ppu[keep])
    every = Terms.same_column(len(states), int(total.ids[0]))
    # What each member served before this roster (a trajectory's earlier years): constants on both sides.
    carried = sb.carried.reindex(states, fill_value=0.0).to_numpy(dtype=float)
    before = float(carried.sum())
    m.add_rows("roster_band_top", states, [own, Terms(every.rows, every.cols, -(1 + tol) * key)], -np.inf,
               allowance - carried + (1 + tol) * key * before)
    m.add_rows("roster_band_floor", states, [own, Terms.per_row(short.ids),
                                             Terms(every.rows, every.cols, -(1 - tol) * key)],
               -allowance - carried + (1 - tol) * key * before, np.inf)
    return short


def _cover(m: LinearModel, sb: StandbyInputs, y, y_index: pd.MultiIndex, most: pd.Series) -> None:
    """Hall's condition for every coverable set of at most K contingencies (module docstring)."""
    covered, _ = cover_sets(sb, most)
    if not covered:
        return
    sem = y_index.get_level_values("semester").to_numpy()
    st = y_index.get_level_values("state").to_numpy()
    cap = y_index.get_level_values("capability").to_numpy()
    kinds = sorted(set(sb.demand.index.get_level_values("capability")) & set(cap))
    totals = pd.MultiIndex.from_product([sb.semesters, kinds], names=["semester", "capability"])
    r = m.add_variables("standby_total", totals, 0.0, np.inf, integer=False)
    at = totals.get_indexer(pd.MultiIndex.from_arrays([sem, cap]))
    keep = at >= 0
    m.add_rows("standby_total_is", totals, [Terms(at[keep], y.ids[keep]), Terms.per_row(r.ids, -1.0)], 0.0, 0.0)
    serve = sb.may_serve.groupby("contingency")["state"].apply(set).to_dict()
    everyone = set(st)
    by_cell = {}
    for i, key in enumerate(zip(sem, cap, st)):
        by_cell.setdefault(key, []).append(i)
    rows, cols, coefs, labels, lo = [], [], [], [], []
    for combo in covered:
        barred = everyone - set().union(*(serve.get(j, set()) for j in combo))
        need = sb.demand[sb.demand.index.get_level_values("contingency").isin(combo)].groupby("capability").sum()
        for t in sb.semesters:
            for c, units in need.items():
                row = len(labels)
                rows.append(row)
                cols.append(r.start + totals.get_loc((t, c)))
                coefs.append(1.0)
                for s_ in barred:
                    for i in by_cell.get((t, c, s_), []):
                        rows.append(row)
                        cols.append(y.ids[i])
                        coefs.append(-1.0)
                labels.append((t, "+".join(combo), c))
                lo.append(units)
    index = pd.MultiIndex.from_tuples(labels, names=["semester", "contingencies", "capability"])
    m.add_rows("contingency_cover", index, [Terms(np.array(rows), np.array(cols), np.array(coefs))], np.array(lo),
               np.inf)
