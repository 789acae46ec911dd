"""Every ISO3 code, unit type, region and mission id a scenario names must exist in its tables."""
from __future__ import annotations

import pandas as pd

from planner.data.states import membership_columns
from planner.errors import Problem
from planner.scenario.load import LoadedScenario


def check_references(loaded: LoadedScenario, states: pd.DataFrame, capabilities: pd.DataFrame) -> list[Problem]:
    """Every problem found, each naming the file, line and field."""
    sc = loaded.scenario
    known_states, known_units = states.index, capabilities.index
    problems: list[Problem] = []

    def state(path, code):
        if code not in known_states:
            problems.append(loaded.problem(path, f"unknown ISO3 code {code!r}"))

    def unit(path, code):
        if code not in known_units:
            problems.append(loaded.problem(path, f"unknown unit type {code!r} (known: {', '.join(known_units)})"))

    regions = membership_columns(states)

    def blocs(path, bloc, share):
        if bloc not in regions:
            problems.append(loaded.problem(path, f"unknown bloc {bloc!r} (a membership column of the states table: "
                                                 f"{', '.join(regions)})"))
        if not 0 < share <= 1:
            problems.append(loaded.problem(path, f"a share of a mission's personnel must be in (0, 1], got {share}"))
    if sc.region is not None and sc.region not in regions:
        problems.append(loaded.problem(("region",), f"unknown region {sc.region!r} (known: {', '.join(regions)})"))
    if sc.region is None and not sc.members:
        problems.append(loaded.problem(("region",), "set a region or a members list"))
    for i, code in enumerate(sc.members):
        state(("members", i), code)
    for i, code in enumerate(sc.opt_out):
        state(("opt_out", i), code)
    for i, code in enumerate(sc.arms_control_only):
        state(("arms_control_only", i), code)
    seen: set[str] = set()
    for i, mission in enumerate(sc.missions):
        if mission.id in seen:
            problems.append(loaded.problem(("missions", i, "id"), f"duplicate mission id {mission.id!r}"))
        seen.add(mission.id)
        for code in mission.requirements:
            unit(("missions", i, "requirements", code), code)
        for field in ("exclude", "host", "parties", "vetoes"):
            for j, code in enumerate(getattr(mission, field)):
                state(("missions", i, field, j), code)
        if mission.lead is not None:
            state(("missions", i, "lead"), mission.lead)
        for bloc, share in (mission.impartiality.max_bloc_share or {}).items():
            blocs(("missions", i, "impartiality", "max_bloc_share", bloc), bloc, share)
    for code, caveat in sc.caveats.items():
        state(("caveats", code), code)
        for u in caveat.max_units:
            unit(("caveats", code, "max_units", u), u)
    for code, units in sc.capacities.items():
        state(("capacities", code), code)
        for u in units:
            unit(("capacities", code, u), u)
    for code in sc.origins:
        state(("origins", code), code)
    for field in ("unavailable", "consenting_hosts"):
        for j, code in enumerate(getattr(sc.impartiality, field)):
            state(("impartiality", field, j), code)
    for bloc, share in sc.impartiality.max_bloc_share.items():
        blocs(("impartiality", "max_bloc_share", bloc), bloc, share)
    for code in sc.key.overrides:
        state(("key", "overrides", code), code)
    seen_pools: set[str] = set()
    for i, pool in enumerate(sc.pools):
        unit(("pools", i, "capability"), pool.capability)
        if pool.capability in seen_pools:
            problems.append(loaded.problem(("pools", i, "capability"), f"second pool for {pool.capability!r}"))
        seen_pools.add(pool.capability)
    return problems
