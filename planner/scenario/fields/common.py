"""What every scenario section shares: strict models (unknown fields are errors) and the limits
beyond which a value is a typing error, not a plan (documented in README "Limits on inputs")."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# Larger values are typing errors, not plans (documented in README "Limits on inputs"): the
# largest armies hold a few thousand units and about two million people; charter airlift costs
# a fraction of a dollar per person-km; a week is longer than any solve should run.
MAX_UNITS = 100_000
MAX_PERSONNEL = 10_000_000
MAX_USD_PER_PERSON_KM = 100.0
MONTHS_PER_YEAR = 12
MAX_TIME_LIMIT_S = 7 * 24 * 3600.0
MAX_USD_PER_PERSON_YEAR = 10_000_000.0
MAX_PHASE_IN = 10.0


def check_units(label: str, count: int, negative: str) -> None:
    """A unit count is a whole number from 0 to MAX_UNITS."""
    if count < 0:
        raise ValueError(f"{label}: {negative}, got {count}")
    if count > MAX_UNITS:
        raise ValueError(f"{label}: {count} units is beyond any force (at most {MAX_UNITS:,})")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
