"""Write data/equipment_holdings.csv: ILLUSTRATIVE baseline holdings of the five CFE categories.

Public per-state holdings (Vienna Document / CFE data exchanges) are not
published in machine-readable form, so every row here is illustrative:
armed forces personnel (World Bank MS.MIL.TOTL.P1, 2020, source IISS) times a
planning ratio per 1,000 personnel, rounded. Rows carry status=illustrative.
Replace them with exchanged figures (status=public, with the source) where
those are available.
"""
from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_THOUSAND = {  # planning ratios (assumption), items per 1,000 armed forces personnel
    "battle_tanks": 4.0,
    "armoured_combat_vehicles": 9.0,
    "artillery": 4.0,
    "combat_aircraft": 1.2,
    "attack_helicopters": 0.4,
}

rows = []
with open(ROOT / "data" / "states.csv") as handle:
    for state in csv.DictReader(handle):
        if state["osce"] != "1" or not state["armed_forces"] or int(state["armed_forces"]) == 0:
            continue
        forces = int(state["armed_forces"])
        for category, ratio in PER_THOUSAND.items():
            rows.append({"state": state["iso3"], "category": category, "count": round(forces * ratio / 1000),
                         "year": state["armed_forces_year"], "status": "illustrative",
                         "source": f"armed forces {forces} ({state['armed_forces_year']}) x {ratio:g} per 1,000"})
with open(ROOT / "data" / "equipment_holdings.csv", "w", newline="") as handle:
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
