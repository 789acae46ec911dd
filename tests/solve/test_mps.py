"""The MPS text every solver reads: what goes in comes back out."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.model.linear import LinearModel
from planner.model.rows import Terms
from planner.solvers.mps import to_mps


def mixed_model() -> LinearModel:
    m = LinearModel()
    a = m.add_variables("a", pd.Index(["a0", "a1"]), 0.0, [3.0, 2.5], integer=True, cost=[1.5, 0.0])
    b = m.add_variables("b", pd.Index(["b0", "b1"]), [-np.inf, 1.0], [np.inf, 1.0], integer=False, cost=[0.0, 2.0])
    m.add_variables("idle", pd.Index(["i0"]), 0.0, 4.0, integer=True)        # in no row, no cost
    m.add_rows("ranged", pd.Index(["r"]), [Terms.single_row([a.start, b.start], [1.0, 0.1])], -1.0, 2.0)
    m.add_rows("equal", pd.Index(["e"]), [Terms.single_row([a.start + 1, b.start + 1], [2.0, -1.0])], 3.0, 3.0)
    return m


def test_mps_reads_back_with_the_same_columns_bounds_and_integrality():
    from ortools.linear_solver.python import model_builder as mb

    m = mixed_model()
    builder = mb.Model()
    assert builder.import_from_mps_string(to_mps(m))
    variables = builder.get_variables()
    lo, hi, cost, integer = m.columns()
    assert len(variables) == m.n_cols == 5
    assert [v.is_integral for v in variables] == integer.tolist()
    assert [v.lower_bound for v in variables] == pytest.approx(lo.tolist())
    assert [v.upper_bound for v in variables] == pytest.approx(hi.tolist())
    assert builder.num_constraints == 2
    # The LP relaxation drops every integrality marker.
    relaxed = mb.Model()
    assert relaxed.import_from_mps_string(to_mps(m, relaxed=True))
    assert not any(v.is_integral for v in relaxed.get_variables())


EXPECTED = """NAME peaceforce
ROWS
 N obj
 G r0
 E r1
COLUMNS
    M0 'MARKER' 'INTORG'
    c0 obj 1.5
    c0 r0 1.0
    c1 r1 2.0
    M2 'MARKER' 'INTEND'
    c2 r0 0.1
    c3 obj 2.0
    c3 r1 -1.0
    M4 'MARKER' 'INTORG'
    c4 obj 0.0
    M5 'MARKER' 'INTEND'
RHS
    rhs r0 -1.0
    rhs r1 3.0
RANGES
    rng r0 3.0
BOUNDS
 LO bnd c0 0.0
 UP bnd c0 3.0
 LO bnd c1 0.0
 UP bnd c1 2.5
 MI bnd c2
 PL bnd c2
 FX bnd c3 1.0
 LO bnd c4 0.0
 UP bnd c4 4.0
ENDATA
"""


def test_mps_text_is_exactly_the_free_mps_of_the_model():
    """Written by hand from the model: markers around integer runs, the idle column given an
    objective entry so it exists, the ranged row as G with its range, every bound explicit."""
    assert to_mps(mixed_model()) == EXPECTED
