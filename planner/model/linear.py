"""A minimal sparse linear model: the one modelling layer every solver is reached from.

Variables and constraints are added in named blocks, each a whole family at
once from numpy arrays (no Python loop per coefficient); a constraint block is
written as a list of `Terms` (planner/model/rows.py). The model is then a
matrix problem::

    minimise    c @ x
    subject to  row_lo <= A @ x <= row_hi
                col_lo <= x <= col_hi,   x_j integer for j in J

which planner/solvers/mps.py writes for any solver, and `residuals` re-checks
against a candidate x (used to distrust solver status).

Block keys are a family name, or a (family, part) tuple where one family has several
blocks (the Gini bound of each period; the slack that relaxes each rule): a
family is found by its key, never by matching a prefix of a name.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from planner.model.rows import Terms

BlockKey = Hashable


@dataclass(frozen=True)
class Block:
    """A family of variables or constraints: positions start..start+size-1."""

    name: BlockKey
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

    Objectives of one `group` (the leximin rounds) stop early once one improves on the
    previous by no more than `settles_within` (the next-worst deviation is already zero).
    """

    name: str
    costs: dict[BlockKey, np.ndarray]
    group: str | None = None
    settles_within: float = 0.0
    infeasible_at: float | None = None    # an optimum at or above this means the scenario has no plan
    # An objective whose plans are easier to find and keep the same rows (the same plans), to start
    # this one's search from when a solver finds no plan for it alone.
    seed: Objective | None = None


def family_of(key: BlockKey):
    """The family a block key belongs to: the key itself, or the first part of a (family, part) key."""
    return key[0] if isinstance(key, tuple) else key


@dataclass
class LinearModel:
    """Columns (variables) and rows (constraints) built block by block."""

    variables: dict[BlockKey, Block] = field(default_factory=dict)
    constraints: dict[BlockKey, Block] = field(default_factory=dict)
    _col: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    _rows: list[tuple[np.ndarray, ...]] = field(default_factory=list)
    _held_bounds: dict = field(default_factory=dict)    # hold key -> column bounds before it
    n_cols: int = 0
    n_rows: int = 0

    def add_variables(self, name: BlockKey, index: pd.Index, lo, hi, integer: bool, cost=0.0) -> Block:
        n = len(index)
        block = Block(name, index, self.n_cols)
        arrays = [np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy() for v in (lo, hi, cost)]
        self._col.append((*arrays, np.full(n, integer)))
        self.variables[name] = block
        self.n_cols += n
        return block

    def add_rows(self, name: BlockKey, index: pd.Index, terms: Sequence[Terms], lo, hi) -> Block:
        """Add len(index) rows lo <= sum of `terms` <= hi; each term's rows are positions in this block."""
        n = len(index)
        block = Block(name, index, self.n_rows)
        rows, cols, coefs = _stacked(terms)
        lo_arr = np.broadcast_to(np.asarray(lo, dtype=float), (n,)).copy()
        hi_arr = np.broadcast_to(np.asarray(hi, dtype=float), (n,)).copy()
        self._rows.append((rows + self.n_rows, cols, coefs, lo_arr, hi_arr))
        self.constraints[name] = block
        self.n_rows += n
        return block

    def add_to_rows(self, name: BlockKey, terms: Sequence[Terms]) -> None:
        """Add entries to rows of an existing constraint block (term rows local to the block)."""
        rows, cols, coefs = _stacked(terms)
        self._rows.append((rows + self.constraints[name].start, cols, coefs, np.zeros(0), np.zeros(0)))

    def family(self, name: str) -> list[Block]:
        """The constraint blocks of one family, in the order they were added."""
        return [block for key, block in self.constraints.items() if family_of(key) == name]

    def tighten_upper(self, block: Block, hi) -> None:
        """Column upper bounds of one block become min(current, hi) (a tightening: never looser)."""
        i = list(self.variables).index(block.name)
        lo, old, cost, integer = self._col[i]
        self._col[i] = (lo, np.minimum(old, np.broadcast_to(np.asarray(hi, dtype=float), (block.size,))), cost, integer)

    @contextmanager
    def fixed(self, names: Sequence[BlockKey], x: np.ndarray):
        """The model with the columns of the blocks `names` fixed at their values in `x` (rounded),
        for the body of a `with`; the bounds are restored after it."""
        saved = list(self._col)
        try:
            for name in names:
                i = list(self.variables).index(name)
                block = self.variables[name]
                lo, hi, cost, integer = self._col[i]
                value = np.round(x[block.start:block.start + block.size])
                self._col[i] = (value, value.copy(), cost, integer)
            yield self
        finally:
            self._col = saved

    def integer_blocks(self) -> list[BlockKey]:
        """Variable blocks whose columns are all integer."""
        return [name for (name, block), (_, _, _, integer) in zip(self.variables.items(), self._col)
                if block.size and np.all(integer)]

    def binary_blocks(self) -> list[BlockKey]:
        """Variable blocks whose columns are all binary (integer, between 0 and 1)."""
        return [name for (name, block), (lo, hi, _, integer) in zip(self.variables.items(), self._col)
                if block.size and np.all(integer) and np.all(lo >= 0) and np.all(hi <= 1)]

    def cost_of(self, name: BlockKey) -> np.ndarray:
        """The objective coefficients of one variable block as it stands."""
        return self._col[list(self.variables).index(name)][2]

    def set_cost(self, block: Block, cost) -> None:
        """Objective coefficients of one variable block (replacing earlier ones)."""
        i = list(self.variables).index(block.name)
        lo, hi, _, integer = self._col[i]
        self._col[i] = (lo, hi, np.broadcast_to(np.asarray(cost, dtype=float), (block.size,)).copy(), integer)

    def use_objective(self, objective: Objective) -> None:
        """Make `objective` the one minimised: its blocks get its costs, every other cost is 0."""
        for i in range(len(self._col)):
            lo, hi, cost, integer = self._col[i]
            self._col[i] = (lo, hi, np.zeros_like(cost), integer)
        for name, cost in objective.costs.items():
            self.set_cost(self.variables[name], cost)

    def hold_objective(self, objective: Objective, at_most: float) -> None:
        """Add the row objective(x) <= at_most, to keep an earlier stage's optimum in later stages.

        When every term is non-negative (costs >= 0 on columns >= 0), each column is also bounded
        by at_most / cost (whole for integer columns): a priced excess above a held optimum lower
        than its price is fixed at 0, so later stages solve the rule as written. Taking the hold
        off (drop_last_constraints) restores the bounds."""
        key = ("hold", objective.name)
        terms = [Terms.single_row(self.variables[name].ids, cost) for name, cost in objective.costs.items()]
        saved = list(self._col)
        self.add_rows(key, pd.Index([objective.name]), terms, -np.inf, at_most)
        lo_all = self.columns()[0]
        if all(np.all(np.asarray(cost) >= 0) and np.all(lo_all[self.variables[name].ids] >= 0)
               for name, cost in objective.costs.items()) and at_most >= 0:
            self._held_bounds[key] = saved
            for name, cost in objective.costs.items():
                block = self.variables[name]
                cost = np.broadcast_to(np.asarray(cost, dtype=float), (block.size,))
                integer = self._col[list(self.variables).index(name)][3]
                with np.errstate(divide="ignore"):
                    most = np.where(cost > 0, at_most / cost, np.inf)
                self.tighten_upper(block, np.where(integer, np.floor(most + 1e-9), most))

    def drop_last_constraints(self, name: BlockKey) -> None:
        """Take off the constraint block added last (a hold that turned out too tight)."""
        block = self.constraints[name]
        if block.start + block.size != self.n_rows:
            raise ValueError(f"{name} is not the last constraint block")
        while self._rows and len(self._rows[-1][0]) and self._rows[-1][0].min() >= block.start:
            self._rows.pop()
        del self.constraints[name]
        self.n_rows = block.start
        if name in self._held_bounds:
            self._col = self._held_bounds.pop(name)

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

    def value(self, name: BlockKey, x: np.ndarray) -> pd.Series:
        """Values of one variable block as a Series on its index."""
        block = self.variables[name]
        return pd.Series(x[block.start:block.start + block.size], index=block.index, name=_label(name))


def _stacked(terms: Sequence[Terms]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not terms:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return (np.concatenate([t.rows for t in terms]), np.concatenate([t.cols for t in terms]),
            np.concatenate([t.coefs for t in terms]))


def _label(key: BlockKey) -> str:
    return "_".join(map(str, key)) if isinstance(key, tuple) else str(key)
