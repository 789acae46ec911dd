"""The model as free-format MPS: the one text every solver reads.

Integer columns sit inside MARKER pairs (none when `relaxed`: the LP relaxation); every bound
is explicit. Written a section at a time from arrays (the world rung's 5 MB in a fraction of a
second), numbers through `repr`, so the text is exact and the same on every run.
"""
from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from planner.model.linear import LinearModel


def to_mps(model: LinearModel, relaxed: bool = False) -> str:
    lo, hi, cost, integer = model.columns()
    if relaxed:
        integer = np.zeros_like(integer)
    a, rlo, rhi = model.matrix()
    eq = rlo == rhi
    kind = np.where(eq, "E", np.where(np.isinf(rlo), "L", "G"))
    free = np.isinf(rlo) & np.isinf(rhi)
    kind[free] = "N"
    parts = ["NAME peaceforce\nROWS\n N obj\n", "".join(map(" {} r{}\n".format, kind.tolist(), range(model.n_rows))),
             "COLUMNS\n", _columns_section(model, a.tocsc(), cost, integer), "RHS\n"]
    rhs = np.where(kind == "L", rhi, rlo)
    rows = np.flatnonzero((rhs != 0) & ~free)
    parts.append("".join(map("    rhs r{} {}\n".format, rows.tolist(), map(repr, rhs[rows].tolist()))))
    ranged = np.flatnonzero(~eq & np.isfinite(rlo) & np.isfinite(rhi))
    if len(ranged):
        parts.append("RANGES\n")
        parts.append("".join(map("    rng r{} {}\n".format, ranged.tolist(),
                                 map(repr, (rhi[ranged] - rlo[ranged]).tolist()))))
    parts.append("BOUNDS\n")
    parts.append(_bounds_section(lo, hi))
    parts.append("ENDATA\n")
    return "".join(parts)


def _columns_section(model: LinearModel, csc: sp.csc_matrix, cost: np.ndarray, integer: np.ndarray) -> str:
    """Per column: a MARKER line where integrality switches, its objective entry (an entry of 0
    for a column in no row and no objective, so that it exists), then its matrix entries.

    The objective is stacked on the matrix as row -1, so one column-major pass writes both.
    """
    n = model.n_cols
    counts = np.diff(csc.indptr)
    with_obj = np.flatnonzero((cost != 0) | (counts == 0))
    coo = csc.tocoo()
    rows = np.concatenate([np.full(len(with_obj), -1), coo.row])
    cols = np.concatenate([with_obj, coo.col])
    data = np.concatenate([cost[with_obj], coo.data])
    order = np.lexsort((rows, cols))
    names = [f"r{i}" for i in range(model.n_rows)] + ["obj"]     # index -1 is the objective
    entries = list(map("    c{} {} {}\n".format, cols[order].tolist(), map(names.__getitem__, rows[order].tolist()),
                       map(repr, data[order].tolist())))
    starts = np.searchsorted(cols[order], np.arange(n + 1)).tolist()
    switch = np.flatnonzero(integer != np.concatenate([[False], integer[:-1]])).tolist()
    if n and integer[-1]:
        switch.append(n)
    out, done = [], 0
    for j in switch:
        out.extend(entries[done:starts[j]])
        out.append("    M{} 'MARKER' '{}'\n".format(j, "INTORG" if j < n and integer[j] else "INTEND"))
        done = starts[j]
    out.extend(entries[done:])
    return "".join(out)


def _bounds_section(lo: np.ndarray, hi: np.ndarray) -> str:
    lines = []
    for j, (low, high) in enumerate(zip(lo.tolist(), hi.tolist())):
        if low == high:
            lines.append(f" FX bnd c{j} {low!r}\n")
            continue
        lines.append(f" MI bnd c{j}\n" if low == -math.inf else f" LO bnd c{j} {low!r}\n")
        lines.append(f" PL bnd c{j}\n" if high == math.inf else f" UP bnd c{j} {high!r}\n")
    return "".join(lines)
