"""The row builder: a block of constraints written as a sum of terms, each term a set of entries
(row position within the block, column id, coefficient) built from arrays at once.

    model.add_rows("personnel_band_lower", band.index,
                   [Terms(rows, x.ids[cols], personnel), Terms.per_row(short.ids)], lo, np.inf)

reads as: row i of the block is sum over the entries of its terms >= lo[i]. `per_row` puts
one column in each row (row i gets column i of the block), `single_row` puts every column in
the one row of a one-row block, and `group_codes` numbers the groups a row sums over.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Terms:
    """Entries of a constraint block: rows[k] (position in the block), cols[k], coefs[k]."""

    rows: np.ndarray
    cols: np.ndarray
    coefs: np.ndarray

    def __init__(self, rows, cols, coefs=1.0):
        rows = np.asarray(rows, dtype=np.int64)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "cols", np.asarray(cols, dtype=np.int64))
        object.__setattr__(self, "coefs", np.broadcast_to(np.asarray(coefs, dtype=float), rows.shape).copy())

    @classmethod
    def per_row(cls, cols, coefs=1.0) -> Terms:
        """Column cols[i] in row i, for every i."""
        cols = np.asarray(cols, dtype=np.int64)
        return cls(np.arange(len(cols)), cols, coefs)

    @classmethod
    def single_row(cls, cols, coefs=1.0) -> Terms:
        """Every column in row 0 (a block of one row)."""
        cols = np.asarray(cols, dtype=np.int64)
        return cls(np.zeros(len(cols), dtype=np.int64), cols, coefs)

    @classmethod
    def same_column(cls, n_rows: int, col: int, coefs=1.0) -> Terms:
        """One column (an epigraph variable, a threshold) in each of n_rows rows."""
        return cls(np.arange(n_rows), np.full(n_rows, col), coefs)


def group_codes(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.Index]:
    """Row number of each frame row's group (groups sorted by `keys`) and the group index.

    Each key is factorised on its own (sorted) and the codes combined into one integer per
    row, mixed radix: the same groups in the same order as a sorted groupby, without the
    per-group index objects a groupby builds (ten times faster on the world rung).
    """
    level_codes, levels = [], []
    combined = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(frame[key], sort=True)
        combined = combined * max(len(uniques), 1) + codes
        level_codes.append(codes)
        levels.append(uniques)
    _, first, codes = np.unique(combined, return_index=True, return_inverse=True)
    if len(keys) == 1:
        return codes, pd.Index(levels[0][level_codes[0][first]], name=keys[0])
    return codes, pd.MultiIndex(levels=[pd.Index(u) for u in levels], codes=[c[first] for c in level_codes],
                                names=keys)


def add_where_binding(model, name, index: pd.Index, codes: np.ndarray, cols: np.ndarray, coefs,
                      cap: np.ndarray, most: np.ndarray) -> None:
    """sum over group g of coefs x <= cap[g], written only for the groups whose largest possible
    sum (`most[g]`, from the variables' own bounds) exceeds cap[g]: the other rows cannot bind."""
    binding = most > cap + 1e-9
    keep_rows = np.flatnonzero(binding)
    renumber = np.full(len(index), -1)
    renumber[keep_rows] = np.arange(len(keep_rows))
    entry = binding[codes]
    coefs = np.broadcast_to(np.asarray(coefs, dtype=float), codes.shape)
    model.add_rows(name, index[keep_rows], [Terms(renumber[codes[entry]], cols[entry], coefs[entry])],
                   -np.inf, cap[keep_rows])
