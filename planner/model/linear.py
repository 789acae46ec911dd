"""A minimal sparse linear model: the one modelling layer every solver is reached from.

Variables and constraints are added in named blocks, each a whole family at
once from numpy arrays (no Python loop per coefficient). The model is then a
matrix problem::

    minimise    c @ x
    subject to  row_lo <= A @ x <= row_hi
                col_lo <= x <= col_hi,   x_j integer for j in J

which `to_mps` writes in free MPS for any solver, and `residuals` re-checks
against a candidate x (used to distrust solver status).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp


@dataclass(frozen=True)
class Block:
    """A named family of variables or constraints: positions start..start+size-1."""

    name: str
    index: pd.Index
    start: int

    @property
    def size(self) -> int:
        return len(self.index)

    @property
    def ids(self) -> np.ndarray:
        return np.arange(self.start, self.start + self.size)


@dataclass(frozen=True)
class Objective:
    """One objective of a (possibly lexicographic) solve: cost vectors by variable block.

    Objectives of one `group` (the leximin rounds) stop early when one adds
    nothing over the previous (the next-worst deviation is already zero).
    """

    name: str
    costs: dict[str, np.ndarray]
    group: str | None = None


@dataclass
class LinearModel:
    """Columns (variables) and rows (constraints) built block by block."""

    variables: dict[str, Block] = field(default_factory=dict)
    constraints: dict[str, Block] = field(default_factory=dict)
    _col: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    _rows: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    n_cols: int = 0
    n_rows: int = 0

    def add_variables(self, name: str, index: pd.Index, lo, hi, integer: bool, cost=0.0) -> Block:
        n = len(index)
        block = Block(name, index, self.n_cols)
        arrays = [np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy() for v in (lo, hi, cost)]
        self._col.append((*arrays, np.full(n, integer)))
        self.variables[name] = block
        self.n_cols += n
        return block

    def add_constraints(self, name: str, index: pd.Index, rows, cols, coefs, lo, hi) -> Block:
        """Add len(index) rows; `rows` are 0-based positions within this block."""
        n = len(index)
        block = Block(name, index, self.n_rows)
        rows = np.asarray(rows, dtype=np.int64) + self.n_rows
        lo_arr = np.broadcast_to(np.asarray(lo, dtype=float), (n,)).copy()
        hi_arr = np.broadcast_to(np.asarray(hi, dtype=float), (n,)).copy()
        coefs = np.broadcast_to(np.asarray(coefs, dtype=float), rows.shape).copy()
        self._rows.append((rows, np.asarray(cols, dtype=np.int64), coefs, lo_arr, hi_arr))
        self.constraints[name] = block
        self.n_rows += n
        return block

    def add_entries(self, constraint: str, rows, cols, coefs) -> None:
        """Add coefficients to rows of an existing constraint block (rows local to the block)."""
        block = self.constraints[constraint]
        rows = np.asarray(rows, dtype=np.int64) + block.start
        coefs = np.broadcast_to(np.asarray(coefs, dtype=float), rows.shape).copy()
        self._rows.append((rows, np.asarray(cols, dtype=np.int64), coefs, np.zeros(0), np.zeros(0)))

    def lower_upper_bounds(self, block: Block, hi) -> None:
        """Column upper bounds of one block become min(current, hi) (a tightening: never looser)."""
        i = list(self.variables).index(block.name)
        lo, old, cost, integer = self._col[i]
        self._col[i] = (lo, np.minimum(old, np.broadcast_to(np.asarray(hi, dtype=float), (block.size,))), cost, integer)

    def set_cost(self, block: Block, cost) -> None:
        """Objective coefficients of one variable block (replacing earlier ones)."""
        i = list(self.variables).index(block.name)
        lo, hi, _, integer = self._col[i]
        self._col[i] = (lo, hi, np.broadcast_to(np.asarray(cost, dtype=float), (block.size,)).copy(), integer)

    def use_objective(self, objective: Objective) -> None:
        """Make `objective` the one minimised: its blocks get its costs, every other cost is 0."""
        for i, name in enumerate(self.variables):
            lo, hi, cost, integer = self._col[i]
            self._col[i] = (lo, hi, np.zeros_like(cost), integer)
        for name, cost in objective.costs.items():
            self.set_cost(self.variables[name], cost)

    def hold_objective(self, objective: Objective, at_most: float) -> None:
        """Add the row objective(x) <= at_most, to keep an earlier stage's optimum in later stages."""
        cols = np.concatenate([self.variables[name].ids for name in objective.costs])
        coefs = np.concatenate([np.broadcast_to(np.asarray(c, dtype=float), (self.variables[n].size,))
                                for n, c in objective.costs.items()])
        self.add_constraints(f"hold_{objective.name}", pd.Index([objective.name]), np.zeros(len(cols), dtype=int),
                             cols, coefs, -np.inf, at_most)

    def drop_last_constraints(self, name: str) -> None:
        """Take off the constraint block added last (a hold that turned out too tight)."""
        block = self.constraints[name]
        if block.start + block.size != self.n_rows:
            raise ValueError(f"{name} is not the last constraint block")
        while self._rows and len(self._rows[-1][0]) and self._rows[-1][0].min() >= block.start:
            self._rows.pop()
        del self.constraints[name]
        self.n_rows = block.start

    # -- compiled views ---------------------------------------------------------
    def columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(lo, hi, cost, integer) over all columns."""
        if not self._col:
            return (np.zeros(0),) * 3 + (np.zeros(0, dtype=bool),)
        return tuple(np.concatenate(part) for part in zip(*self._col))  # type: ignore[return-value]

    def matrix(self) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        """(A, row_lo, row_hi); duplicate (row, col) entries are summed."""
        if not self._rows:
            return sp.csr_matrix((0, self.n_cols)), np.zeros(0), np.zeros(0)
        rows, cols, coefs, lo, hi = (np.concatenate(part) for part in zip(*self._rows))
        a = sp.coo_matrix((coefs, (rows, cols)), shape=(self.n_rows, self.n_cols)).tocsr()
        a.sum_duplicates()
        a.eliminate_zeros()
        return a, lo, hi

    @property
    def nnz(self) -> int:
        return int(sum(len(r[0]) for r in self._rows))

    def residuals(self, x: np.ndarray) -> dict[str, float]:
        """Largest violation of rows, bounds and integrality by `x` (0 when x is feasible)."""
        lo, hi, _, integer = self.columns()
        a, rlo, rhi = self.matrix()
        ax = a @ x
        return {
            "row": float(np.max(np.concatenate([[0.0], rlo - ax, ax - rhi]))),
            "bound": float(np.max(np.concatenate([[0.0], lo - x, x - hi]))),
            "integrality": float(np.max(np.concatenate([[0.0], np.abs(x[integer] - np.round(x[integer]))]))),
        }

    def objective(self, x: np.ndarray) -> float:
        return float(self.columns()[2] @ x)

    def value(self, name: str, x: np.ndarray) -> pd.Series:
        """Values of one variable block as a Series on its index."""
        block = self.variables[name]
        return pd.Series(x[block.start:block.start + block.size], index=block.index, name=name)

    def to_mps(self, relaxed: bool = False) -> str:
        """Free-format MPS; integer columns inside MARKER pairs (none when `relaxed`: the LP
        relaxation); every bound explicit.

        Written a section at a time from arrays (the world rung's 5 MB in a fraction of a second):
        numbers through `repr`, so the text is exact and the same on every run.
        """
        lo, hi, cost, integer = self.columns()
        if relaxed:
            integer = np.zeros_like(integer)
        a, rlo, rhi = self.matrix()
        eq = rlo == rhi
        kind = np.where(eq, "E", np.where(np.isinf(rlo), "L", "G"))
        free = np.isinf(rlo) & np.isinf(rhi)
        kind[free] = "N"
        parts = ["NAME peaceforce\nROWS\n N obj\n", "".join(map(" {} r{}\n".format, kind.tolist(), range(self.n_rows))),
                 "COLUMNS\n", self._columns_section(a.tocsc(), cost, integer), "RHS\n"]
        rhs = np.where(kind == "L", rhi, rlo)
        rows = np.flatnonzero((rhs != 0) & ~free)
        parts.append("".join(map("    rhs r{} {}\n".format, rows.tolist(), map(repr, rhs[rows].tolist()))))
        ranged = np.flatnonzero(~eq & np.isfinite(rlo) & np.isfinite(rhi))
        if len(ranged):
            parts.append("RANGES\n")
            parts.append("".join(map("    rng r{} {}\n".format, ranged.tolist(),
                                     map(repr, (rhi[ranged] - rlo[ranged]).tolist()))))
        parts.append("BOUNDS\n")
        parts.append(self._bounds_section(lo, hi))
        parts.append("ENDATA\n")
        return "".join(parts)

    def _columns_section(self, csc: sp.csc_matrix, cost: np.ndarray, integer: np.ndarray) -> str:
        """Per column: a MARKER line where integrality switches, its objective entry (an entry of 0
        for a column in no row and no objective, so that it exists), then its matrix entries.

        The objective is stacked on the matrix as row -1, so one column-major pass writes both.
        """
        n = self.n_cols
        counts = np.diff(csc.indptr)
        with_obj = np.flatnonzero((cost != 0) | (counts == 0))
        coo = csc.tocoo()
        rows = np.concatenate([np.full(len(with_obj), -1), coo.row])
        cols = np.concatenate([with_obj, coo.col])
        data = np.concatenate([cost[with_obj], coo.data])
        order = np.lexsort((rows, cols))
        names = [f"r{i}" for i in range(self.n_rows)] + ["obj"]     # index -1 is the objective
        entries = list(map("    c{} {} {}\n".format, cols[order].tolist(), map(names.__getitem__, rows[order].tolist()),
                           map(repr, data[order].tolist())))
        starts = np.searchsorted(cols[order], np.arange(n + 1)).tolist()
        switch = np.flatnonzero(integer != np.concatenate([[False], integer[:-1]])).tolist()
        if n and integer[-1]:
            switch.append(n)
        out, done = [], 0
        for j in switch:
            out.extend(entries[done:starts[j]])
            out.append("    M{0} 'MARKER' '{1}'\n".format(j, "INTORG" if j < n and integer[j] else "INTEND"))
            done = starts[j]
        out.extend(entries[done:])
        return "".join(out)

    def _bounds_section(self, lo: np.ndarray, hi: np.ndarray) -> str:
        lines = []
        for j, (low, high) in enumerate(zip(lo.tolist(), hi.tolist())):
            if low == high:
                lines.append(f" FX bnd c{j} {low!r}\n")
                continue
            lines.append(f" MI bnd c{j}\n" if low == -math.inf else f" LO bnd c{j} {low!r}\n")
            lines.append(f" PL bnd c{j}\n" if high == math.inf else f" UP bnd c{j} {high!r}\n")
        return "".join(lines)
