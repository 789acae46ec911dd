"""What a solve returns, with status, bound and gap kept apart and checked by us."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class SolveOptions:
    solver: str
    time_limit_s: float
    gap: float
    threads: int
    seed: int
    bound_first: bool = True     # planner/solvers/lexicographic.py
    cutoff: float | None = None  # a plan of this objective is known: only better ones are searched (HiGHS)


@dataclass
class SolveResult:
    """One solve.

    `termination` is the solver's own word; `status` is ours, after checking:
    optimal     a plan that satisfies every row within tolerance, with a proven
                gap <= the requested gap;
    feasible    a checked plan, optimality not proven (time limit, gap not reached);
    infeasible  the solver proved no plan exists;
    no_solution no checked plan (time limit without one, solver crash, invalid vector).
    """

    solver: str
    solver_version: str
    termination: str
    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    x: np.ndarray | None = field(default=None, repr=False)
    solve_s: float = 0.0
    message: str = ""
    residuals: dict[str, float] = field(default_factory=dict)

    @property
    def has_plan(self) -> bool:
        return self.status in ("optimal", "feasible")
