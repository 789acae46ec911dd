"""The burden map: members coloured by personnel share against key share, micro-states as points,
missions as markers sized by personnel."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.export.charts import save_png
from planner.paths import DATA_DIR

MAP_SIZE_IN = (12.0, 6.5)
MAP_DPI = 110
# The colour scale covers the members' actual deviations, at least +-20 % and at most +-100 %
# (beyond it saturates, and the bar's arrows say so): blue carries less than its share, red more.
DEVIATION_LEAST, DEVIATION_MOST = 0.2, 1.0
# "Carries its share in money" must not look like "close to its share" (the scale's white middle).
NO_FORCES_COLOUR = "#fff2cc"
NO_FORCES_HATCH = "////"
OUTSIDE_COLOUR = "#f4f4f4"
DIVERGING = "RdBu_r"


def burden_map(states: pd.DataFrame, missions: pd.DataFrame, title: str, path: Path) -> Path:
    """`states`: state, personnel_deviation (NaN: money only); `missions`: lon, lat, personnel, mission."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    shapes = gpd.read_file(DATA_DIR / "countries.geojson")
    points = pd.read_csv(DATA_DIR / "state_points.csv")
    deviation = states.set_index("state")["personnel_deviation"]
    members = set(states["state"])
    cmap = plt.get_cmap(DIVERGING)
    seen = deviation.abs().replace([np.inf], np.nan).dropna()
    span = float(np.clip(seen.max() if len(seen) else DEVIATION_LEAST, DEVIATION_LEAST, DEVIATION_MOST))
    norm = Normalize(-span, span)

    fig, ax = plt.subplots(figsize=MAP_SIZE_IN, dpi=MAP_DPI)
    outside = shapes[~shapes["iso3"].isin(members)]
    if len(outside):
        outside.plot(ax=ax, color=OUTSIDE_COLOUR, edgecolor="#cccccc", linewidth=0.3)
    inside = shapes[shapes["iso3"].isin(members)].copy()
    inside["deviation"] = inside["iso3"].map(deviation)
    from matplotlib.colors import to_hex

    colours = [to_hex(cmap(norm(np.clip(v, -span, span)))) for v in inside["deviation"].fillna(0.0)]
    if len(inside):
        money = inside["deviation"].isna().to_numpy()
        if (~money).any():
            inside[~money].plot(ax=ax, color=[c for c, m in zip(colours, money) if not m], edgecolor="#555555",
                                linewidth=0.4)
        if money.any():
            inside[money].plot(ax=ax, color=NO_FORCES_COLOUR, edgecolor="#555555", linewidth=0.4,
                               hatch=NO_FORCES_HATCH)
    micro = points[points["iso3"].isin(members) & ~points["iso3"].isin(shapes["iso3"])]
    for row in micro.itertuples():
        v = deviation.get(row.iso3)
        colour = NO_FORCES_COLOUR if pd.isna(v) else cmap(norm(np.clip(v, -span, span)))
        ax.scatter(row.lon, row.lat, s=28, color=colour,
                   edgecolor="#333333", linewidth=0.6, zorder=4)
    if len(missions):
        size = 40 + 400 * missions["personnel"] / max(missions["personnel"].max(), 1)
        ax.scatter(missions["lon"], missions["lat"], s=size, marker="*", color="#2ca02c", edgecolor="black",
                   linewidth=0.6, zorder=5, label="missions (size: personnel)")
    from matplotlib.patches import Patch

    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor=NO_FORCES_COLOUR, edgecolor="#555555", hatch=NO_FORCES_HATCH,
                         label="carries its share in money"))
    ax.legend(handles=handles, loc="lower left", framealpha=0.9)
    bounds = inside.total_bounds if len(inside) else shapes.total_bounds
    lon_lo, lat_lo, lon_hi, lat_hi = bounds
    ax.set_xlim(max(-180, lon_lo - 5), min(180, lon_hi + 5))
    ax.set_ylim(max(-60, lat_lo - 5), min(85, lat_hi + 5))
    ax.set_axis_off()
    saturated = len(seen) and seen.max() > DEVIATION_MOST
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, pad=0.01,
                       extend="both" if saturated else "neither")
    bar.set_label("person-month share / reference share - 1" + (f" (beyond +-{span:.0%}: arrows)" if saturated
                                                                  else ""))
    bar.ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_title(title)
    save_png(fig, path)
    return path


def shares_chart(states: pd.DataFrame, title: str, path: Path, top: int = 20) -> Path:
    """Key share, personnel share and net cost share of the members with the largest keys."""
    import matplotlib.ticker

    from planner.export.charts import figure

    frame = states.nlargest(top, "key_share").set_index("state")
    fig, ax = figure((11.0, 5.0))
    x = np.arange(len(frame))
    width = 0.27
    ax.bar(x - width, 100 * frame["key_share"], width, label="key share", color="#7f7f7f")
    ax.bar(x, 100 * frame["person_months_share"], width, label="person-month share", color="#1f77b4")
    ax.bar(x + width, 100 * frame["net_cost_share"], width, label="net cost share", color="#ff7f0e")
    ax.set_xticks(x, frame.index, rotation=45)
    ax.set_ylabel("share (%)")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(8))
    ax.set_title(title)
    ax.legend()
    save_png(fig, path)
    return path
