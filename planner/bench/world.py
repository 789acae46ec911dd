"""Generated world-scale rungs: all UN members, 30 unit types, 60 missions, from a seed."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from planner.paths import DATA_DIR

KINDS = ("peacekeeping", "humanitarian", "disaster_response")
EXTRA_TYPES = 16
MISSIONS = 60
WORLD_TRAJECTORY_GAP = 0.01
FIRST_PHASE_IN = 0.8
WORLD_LEAD_SHARE = 0.3
MIN_CONTINGENT = 150     # the default contingents.min_personnel


def write_world(folder: Path, seed: int, years: int | None = None) -> Path:
    """Write capabilities.csv (the 14 shipped types and 16 generated ones) and a scenario; return its path."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    caps = pd.read_csv(DATA_DIR / "capabilities.csv")
    extra = []
    for i in range(EXTRA_TYPES):
        base = caps.iloc[i % len(caps)]
        personnel = int(max(4, round(base["personnel"] * rng.uniform(0.5, 1.5))))
        equipment = int(base["equipment_cost_usd"] * rng.uniform(0.5, 1.5))
        troop = personnel * 1448 * 12
        extra.append({**base.to_dict(), "capability": f"{base['capability']}_v{i + 1}",
                      "name": f"{base['name']} (variant {i + 1})", "personnel": personnel, "troop_cost_usd": troop,
                      "equipment_cost_usd": equipment, "annual_cost_usd": troop + equipment})
    caps = pd.concat([caps, pd.DataFrame(extra)], ignore_index=True)
    caps["pool_share"] = (caps["pool_share"] / caps["pool_share"].sum()).round(6)
    caps["pool_share"] = caps["pool_share"] * (0.999999 / caps["pool_share"].sum())
    caps.to_csv(folder / "capabilities.csv", index=False)
    types = list(caps["capability"])
    missions = []
    personnel = dict(zip(caps["capability"], caps["personnel"]))
    for j in range(MISSIONS):
        chosen = rng.choice(len(types), size=int(rng.integers(4, 9)), replace=False)
        requirements = {types[c]: int(rng.integers(1, 4)) for c in sorted(chosen)}
        # Missions big enough that no single unit breaks the multinationality cap on its own,
        # even at the trajectory's first-year phase-in, and that a national contingent has room
        # between the minimum (150) and the cap (40 %): at least twice the minimum.
        while max(max(personnel[t] for t in requirements), 2 * MIN_CONTINGENT) > 0.3 * FIRST_PHASE_IN * sum(
                personnel[t] * n for t, n in requirements.items()):
            requirements["logistics_company"] = requirements.get("logistics_company", 0) + 2
        missions.append({"id": f"w{j:02d}", "kind": KINDS[j % 3],
                         "location": [round(float(rng.uniform(-120, 140)), 2), round(float(rng.uniform(-35, 60)), 2)],
                         "requirements": requirements})
    doc = {"name": f"world{'-trajectory' if years else ''}", "region": "un_member", "key": "un",
           "fairness": {"mode": "band", "tolerance": 0.3, "apply_to": ["personnel", "net_cost"]},
           "max_national_share": 0.4, "missions": missions, "tables": {"capabilities": "capabilities.csv"},
           # Every mission built around a lead nation, from contingents of 150 or more (the default).
           "contingents": {"lead_nation": {"min_share": WORLD_LEAD_SHARE}},
           "solver": {"time_limit_s": 120}}
    if years:
        # The target for this rung allows a 1 % gap (0.1 % everywhere else).
        doc["solver"]["gap"] = WORLD_TRAJECTORY_GAP
        doc["trajectory"] = {"start_year": 2027, "years": years, "regional_reduction": 0.3,
                             "phase_in": {2027: FIRST_PHASE_IN, 2030: 1.0}}
    path = folder / f"{doc['name']}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path
