"""Foreign-stationed forces, territorial and zone ceilings on the forces path.

=============  =======================  ==============================================
symbol         code name                meaning
=============  =======================  ==============================================
S[p,k]         ``stationed``            personnel of pair k (stationing a, host h) on h's territory in year p
=============  =======================  ==============================================

bounds        0 <= S[p,k] <= S0[k]; S[p,k] = 0 from the year forces without the host's consent
              must be gone (`withdraw_by`).
no growth     S[p,k] - S[p-1,k] <= 0.
abroad        sum_{k of a} S[p,k] - N[p,a] <= 0: forces abroad are part of the stationing state's.
foreign       sum_{k on h} S[p,k] <= F[p,h]: foreign forces on a host's territory under its ceiling.
territorial   N[p,h] - sum_{k of h} S[p,k] + sum_{k on h} S[p,k] <= T[p,h]: national forces at home
              plus foreign forces on the territory (the adapted CFE's territorial ceilings).
zone          the same sum over a zone's states (forces of zone members stationed inside the
              zone count once) <= Z[p].
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from planner.inputs import ModelData
from planner.model.linear import LinearModel
from planner.model.rows import Terms


def add_stationing(m: LinearModel, n, d: ModelData, f: pd.DataFrame, ceilings: bool = True) -> None:
    """The rows of the module docstring (nothing when no member has forces abroad or a ceiling);
    without `ceilings`, forces abroad only (no withdrawal dates, foreign, territorial or zone ceilings)."""
    tr = d.trajectory
    pairs = tr.stationed
    years = d.periods
    if pairs.empty and tr.territorial_ceiling.empty and not tr.zones:
        return
    k = len(pairs)
    index = pd.MultiIndex.from_tuples([(y, a, h) for y in years for a, h in zip(pairs["stationing_state"],
                                                                                  pairs["host_state"])],
                                      names=["period", "stationing_state", "host_state"])
    base = np.tile(pairs["baseline"].to_numpy(dtype=float), len(years))
    gone = np.concatenate([(pairs["withdraw_by"].to_numpy(dtype=float) <= y) for y in years]) if k else np.zeros(0)
    gone &= ceilings
    s = m.add_variables("stationed", index, 0.0, np.where(gone, 0.0, base), integer=False)
    if k and len(years) > 1:
        prev = s.start + np.arange((len(years) - 1) * k)
        m.add_rows("stationed_no_growth", index[k:], [Terms.per_row(prev + k), Terms.per_row(prev, -1.0)],
                   -np.inf, 0.0)
    _add_abroad(m, n, s, pairs, years, f)
    if not ceilings:
        return
    for name, limits, home in (("foreign_ceiling", tr.foreign_ceiling, False),
                               ("territorial_ceiling", tr.territorial_ceiling, True)):
        for host, row in limits.iterrows():
            _add_territory(m, n, s, pairs, years, f, (name, host), [host], row.to_numpy(dtype=float), home)
    for zone, (states, limit) in tr.zones.items():
        _add_territory(m, n, s, pairs, years, f, ("zone_ceiling", zone), states, limit.to_numpy(dtype=float), True)


def _cols(n, years, states) -> tuple[np.ndarray, np.ndarray]:
    """(row within a year-per-row block, column) of N[p,s] for every year and each state in `states`."""
    rows, cols = [], []
    for i, year in enumerate(years):
        at = n.index.get_indexer(pd.MultiIndex.from_arrays([[year] * len(states), list(states)]))
        keep = at >= 0
        rows.append(np.full(int(keep.sum()), i))
        cols.append(n.start + at[keep])
    return np.concatenate(rows) if rows else np.zeros(0, int), np.concatenate(cols) if cols else np.zeros(0, int)


def _pair_terms(s, pairs: pd.DataFrame, years, mask: np.ndarray, sign: float) -> Terms:
    """sign * S[p,k] for the pairs in `mask`, one row per year."""
    k = len(pairs)
    chosen = np.flatnonzero(mask)
    rows = np.repeat(np.arange(len(years)), len(chosen))
    cols = s.start + (np.arange(len(years))[:, None] * k + chosen[None, :]).ravel()
    return Terms(rows, cols, sign)


def _add_abroad(m: LinearModel, n, s, pairs: pd.DataFrame, years, f: pd.DataFrame) -> None:
    for state in sorted(set(pairs["stationing_state"])):
        if state not in f.index:
            continue
        rows, cols = _cols(n, years, [state])
        mine = (pairs["stationing_state"] == state).to_numpy()
        m.add_rows(("stationed_within_forces", state), pd.Index(years, name="period"),
                   [_pair_terms(s, pairs, years, mine, 1.0), Terms(rows, cols, -1.0)], -np.inf, 0.0)


def _add_territory(m: LinearModel, n, s, pairs: pd.DataFrame, years, f: pd.DataFrame, name, states: list[str],
                   limit: np.ndarray, home: bool) -> None:
    """Forces on the territory of `states` (national ones at home when `home`, foreign ones always) <= limit."""
    inside_host = pairs["host_state"].isin(states).to_numpy()
    inside_station = pairs["stationing_state"].isin(states).to_numpy()
    terms = [_pair_terms(s, pairs, years, inside_host & ~inside_station if home else inside_host, 1.0)]
    if home:
        rows, cols = _cols(n, years, [x for x in states if x in f.index])
        terms += [Terms(rows, cols, 1.0), _pair_terms(s, pairs, years, inside_station & ~inside_host, -1.0)]
    m.add_rows(name, pd.Index(years, name="period"), terms, -np.inf, limit)
