"""`planner key`: one key over a region or a list of members, as CSV text."""
from __future__ import annotations

import pandas as pd

from planner.data.reference import load_designations, load_levels
from planner.data.states import load_states, membership_columns
from planner.errors import InputError, Problem
from planner.keys import compute_key
from planner.paths import DATA_DIR, DEFAULTS_FILE
from planner.scenario.vocabulary import KEY_BASES, KEY_METHODS, UN_KEY_METHODS

SHARE_DIGITS = 10


def key_table(method: str, region: str | None, members: list[str] | None, basis: str | None = None,
              weights: dict[str, float] | None = None) -> str:
    """CSV `state,share`; `basis` for the UN keys (None: world, see planner/keys/un.py); `weights`
    (figure -> weight) for `mix`."""
    import yaml

    if method not in KEY_METHODS:
        raise InputError(Problem("METHOD", "", f"unknown key method {method!r} (known: {', '.join(KEY_METHODS)})"))
    if (method == "mix") != bool(weights):
        raise InputError(Problem("--weights", "", "mix needs --weights (e.g. gdp=0.5,population=0.5)"
                                 if method == "mix" else f"method {method} takes no weights (only mix does)"))
    states = load_states(DATA_DIR / "states.csv", DATA_DIR / "figure_flags.csv")
    if region is not None and region not in membership_columns(states):
        raise InputError(Problem("--region", "", f"unknown region {region!r} "
                                                 f"(known: {', '.join(membership_columns(states))})"))
    chosen = set(states.index[states[region or "un_member"] == 1]) if (region or not members) else set()
    if basis is not None and basis not in KEY_BASES:
        raise InputError(Problem("--basis", "", f"unknown key basis {basis!r} (known: {', '.join(KEY_BASES)})"))
    if basis is not None and method not in UN_KEY_METHODS:
        raise InputError(Problem("--basis", "", f"method {method} takes no basis "
                                                f"(only {', '.join(UN_KEY_METHODS)} do)"))
    for code in members or []:
        if code not in states.index:
            raise InputError(Problem("--members", "", f"unknown ISO3 code {code!r}"))
        chosen.add(code)
    floor = yaml.safe_load(DEFAULTS_FILE.read_text())["assumptions"]["key_floor_share"]
    shares = compute_key(method, states, pd.Index(sorted(chosen)), weights=weights, floor=floor,
                         designations=load_designations(DATA_DIR / "un_designations.csv"),
                         levels=load_levels(DATA_DIR / "un_peacekeeping_levels.csv"), basis=basis)
    out = pd.DataFrame({"state": shares.index, "share": shares.to_numpy()})
    return out.to_csv(index=False, lineterminator="\n", float_format=f"%.{SHARE_DIGITS}f")
