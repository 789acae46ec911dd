"""A broken rule, named, with the numbers that break it."""
from __future__ import annotations

from dataclasses import dataclass

# Slack for float noise; a rule is broken by more than this (relative to the quantity).
TOL = 1e-6
# Money in the files is rounded to cents.
USD_TOL = 0.05


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


def when(year) -> str:
    """' in 2031' for a trajectory's year; nothing for a single-year plan (year 0)."""
    return "" if year == 0 else f" in {year}"


def listed(codes, most: int = 8) -> str:
    codes = sorted(map(str, codes))
    return ", ".join(codes[:most]) + (f" and {len(codes) - most} more" if len(codes) > most else "")
