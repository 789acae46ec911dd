"""Missions placed far from every member: a warning for `validate` and `solve`, never an error.

A scenario of one region with a mission copied from another (an African Union pack with the OSCE's
Oder flood) still solves: every distance is only a transport cost. This check says so. Each member
is one point, the origin its forces deploy from (data/state_origins.csv, the largest polygon's
centroid; data/state_points.csv, the capital, for micro-states; or the scenario's `origins:`), and
a mission is far when no member's point lies within FAR_KM of it.
"""
from __future__ import annotations

import pandas as pd

from planner.inputs import Inputs
from planner.inputs.missions import distances

# One point stands for a member's whole territory, so a mission on a member's own coast or in the
# sea beside it lies up to about 1,000 km from that point (Cape Town 850 km from South Africa's,
# the Andaman Sea 930 km from Thailand's), and 1,500 km leaves room for that. It still flags Europe
# under the African Union (Wroclaw 1,980 km from Tunisia's point, Kyiv 2,490 km) and any mission
# across an ocean. Outlying parts of very large members lie farther from their one point (Alaska,
# the Russian Far East, Patagonia) and warn too: the warning asks for a look, it stops nothing.
FAR_KM = 1500.0


def far_missions(inputs: Inputs) -> list[str]:
    """One line per mission with no member's origin within FAR_KM, naming the nearest member."""
    sc = inputs.loaded.scenario
    if inputs.members.empty or inputs.missions.empty:
        return []
    # The same distances the costs use (resolving the inputs has checked every member has an origin).
    km = distances(inputs.loaded, inputs.tables.origins, inputs.members, inputs.missions)
    nearest: pd.Series = km.idxmin()
    where = f"the {sc.region} members'" if sc.region else "the members'"
    lines = []
    for mission, state in nearest.items():
        distance = float(km.loc[state, mission])
        if distance > FAR_KM:
            lon, lat = inputs.missions.loc[mission, ["lon", "lat"]]
            lines.append(f"mission {mission} at [{lon:g}, {lat:g}] lies far outside {where} territory: the nearest "
                         f"member is {state}, {distance:,.0f} km away (more than {FAR_KM:,.0f} km)")
    return lines
