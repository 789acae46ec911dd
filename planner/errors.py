"""Errors the command line turns into one-line messages and exit codes.

Exit codes: 0 solved, 1 no plan exists (infeasible), 2 bad input, 3 solver failure.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (file[:line]), which field, what."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.where}:{field} {self.message}"


class PlannerError(Exception):
    """Base of every error the planner reports to its user."""

    exit_code = 3

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(PlannerError):
    """Bad input: one or more problems, all reported at once."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [f"error: {p}" for p in self.problems]


class NothingRequired(InputError):
    """Every requirement of the scenario is 0 units: there is no plan to make."""


class InfeasibleError(PlannerError):
    """No plan satisfies the scenario; `reasons` say why in planners' words."""

    exit_code = 1

    def __init__(self, scenario: str, reasons: list[str], relaxations: list[str] | None = None,
                 command: str | None = None, proven: bool = True):
        self.scenario = scenario
        self.reasons = reasons
        self.relaxations = relaxations or []
        self.command = command
        self.proven = proven      # the relaxations are the smallest (not only some that work)
        super().__init__(f"{scenario}: no plan exists")

    def lines(self) -> list[str]:
        out = [f"infeasible: {self.scenario}: no plan meets every rule"] + [f"  - {r}" for r in self.reasons]
        if self.relaxations:
            out.append("  smallest relaxations that give a plan (largest first):" if self.proven else
                       "  relaxations that give a plan, largest first (not proven the smallest in the time given):")
            out += [f"    {i}. {r}" for i, r in enumerate(self.relaxations, start=1)]
        if self.command:
            out.append(f"  checked: with them a plan exists: {self.command}")
        return out


class SolverError(PlannerError):
    """A solver is missing, crashed, or returned something that cannot be trusted."""

    exit_code = 3
