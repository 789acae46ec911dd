"""Re-check a written plan against its inputs with the tests' own arithmetic.

Reads only the result CSVs and the validated input tables; never the model code.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.inputs import Inputs

TOL = 1e-6


def violations(inputs: Inputs, out: Path) -> list[str]:
    sc = inputs.scenario
    alloc = pd.read_csv(out / "allocation.csv")
    states = pd.read_csv(out / "states.csv", keep_default_na=True).set_index("state")
    found: list[str] = []
    caps = inputs.capabilities

    if not (alloc["units"] > 0).all() or not np.allclose(alloc["units"], alloc["units"].round()):
        found.append("allocation has non-positive or fractional units")
    outsiders = set(alloc["state"]) - set(inputs.members)
    if outsiders:
        found.append(f"non-members or opted-out states deploy: {sorted(outsiders)}")

    filled = alloc.groupby(["mission", "capability"])["units"].sum()
    for (mission, capability), need in inputs.requirements["units_required"].items():
        got = int(filled.get((mission, capability), 0))
        if got != need:
            found.append(f"{mission}/{capability}: filled {got}, required {need}")
    extra = set(filled.index) - set(inputs.requirements.index)
    if extra:
        found.append(f"units sent where none were required: {sorted(extra)}")

    per_cap = alloc.groupby(["state", "capability"])["units"].sum()
    for (state, capability), units in per_cap.items():
        rotation = caps.loc[capability, "rotation_factor"]
        held = inputs.holdings.loc[state, capability]
        if units * rotation > held + TOL:
            found.append(f"{state}/{capability}: {units} deployed x rotation {rotation} > {held} held")

    kinds = {m.id: m.kind for m in sc.missions}
    excluded = {(s, m.id) for m in sc.missions for s in m.exclude}
    alloc["personnel_check"] = alloc["units"] * caps.loc[alloc["capability"], "personnel"].to_numpy()
    for row in alloc.itertuples():
        if (row.state, row.mission) in excluded:
            found.append(f"{row.state} deploys to {row.mission}, from which it is excluded")
        caveat = sc.caveats.get(row.state)
        if caveat:
            if kinds[row.mission] in caveat.kinds:
                found.append(f"{row.state} joins {row.mission} ({kinds[row.mission]}) against its caveat")
            if caveat.no_combat and caps.loc[row.capability, "combat"]:
                found.append(f"{row.state} sends combat unit {row.capability} against its caveat")
    for state, caveat in sc.caveats.items():
        mine = alloc[alloc["state"] == state]
        if caveat.max_personnel is not None and mine["personnel_check"].sum() > caveat.max_personnel:
            found.append(f"{state}: {mine['personnel_check'].sum()} personnel > cap {caveat.max_personnel}")
        for capability, cap in caveat.max_units.items():
            if mine.loc[mine["capability"] == capability, "units"].sum() > cap:
                found.append(f"{state}: more {capability} than its cap {cap}")

    mission_people = inputs.requirements["personnel_required"].groupby("mission").sum()
    for (state, mission), people in alloc.groupby(["state", "mission"])["personnel_check"].sum().items():
        if people > sc.max_national_share * mission_people[mission] + TOL:
            found.append(f"{state} gives {people} of {mission_people[mission]} personnel in {mission}")

    fair = sc.fairness
    if fair.mode == "band" and "personnel" in fair.apply_to:
        total = alloc["personnel_check"].sum()
        forces = states[states["burden"] != "money only"]
        ref = forces["key_share"] / forces["key_share"].sum()
        slack = caps["personnel"].max()
        for state, share in ref.items():
            people = states.loc[state, "personnel"]
            if people > (1 + fair.tolerance) * share * total + slack + TOL:
                found.append(f"{state}: {people} personnel above its band")
            if people < (1 - fair.tolerance) * share * total - slack - TOL \
                    and states.loc[state, "burden"] != "capacity-limited":
                found.append(f"{state}: {people} personnel below its band")
    if fair.mode == "band" and "net_cost" in fair.apply_to:
        cost = states["cost_usd"].sum()
        if abs(states["fund_payment_usd"].sum() - states["reimbursement_usd"].sum()) > 0.01 * len(states):
            found.append("the fund does not balance")
        if (states["reimbursement_usd"] > states["cost_usd"] + 0.01).any():
            found.append("a member is reimbursed more than it spent")
        net = states["cost_usd"] - states["reimbursement_usd"] + states["fund_payment_usd"]
        if not np.allclose(net, states["net_cost_usd"], atol=0.02):
            found.append("net cost != cost - reimbursement + payment")
        share = net / cost
        bad = (share > (1 + fair.tolerance) * states["key_share"] * (1 + 1e-6) + 1e-9) | \
              (share < (1 - fair.tolerance) * states["key_share"] * (1 - 1e-6) - 1e-9)
        for state in states.index[bad]:
            found.append(f"{state}: net cost share {share[state]:.6f} outside band of key {states.loc[state, 'key_share']:.6f}")
    return found
