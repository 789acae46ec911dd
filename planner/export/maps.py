"""The burden map: members coloured by personnel share against key share, micro-states as points,
missions as markers sized by personnel."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from planner.files.atomic import write_bytes
from planner.paths import DATA_DIR

MAP_SIZE_IN = (12.0, 6.5)
MAP_DPI = 110
# Bands round the map, in inches: the title above, the legend below, the colour bar to the right.
TITLE_IN, LEGEND_IN, BAR_IN, EDGE_IN = 0.45, 0.45, 1.35, 0.08
BAR_WIDTH_IN, BAR_GAP_IN = 0.18, 0.2
# The colour bar is this share shorter than the map, so its end arrows stay beside it.
BAR_SHORTER = 0.15
# A frame may be widened this much to fill the room; a taller or wider region leaves white beside it
# rather than show half a hemisphere of non-members.
MOST_WIDEN = 1.6
# Distant members' insets stand in a column left of the map (the width a region's own box leaves
# spare when framed for the figure), each under a line for its name.
INSET_COLUMN_IN, INSET_GAP_IN, INSET_LABEL_IN = 2.5, 0.15, 0.25
# The colour scale covers the members' actual deviations, at least +-20 % and at most +-100 %
# (beyond it saturates, and the bar's arrows say so): blue carries less than its share, red more.
DEVIATION_LEAST, DEVIATION_MOST = 0.2, 1.0
# "Carries its share in money" must not look like "close to its share" (the scale's white middle).
NO_FORCES_COLOUR = "#fff2cc"
NO_FORCES_HATCH = "////"
OUTSIDE_COLOUR = "#ececec"
OUTSIDE_EDGE = "#c8c8c8"
MEMBER_EDGE = "#555555"
DIVERGING = "RdBu_r"
MISSION_COLOUR = "#2ca02c"
MISSION_LABEL_COLOUR = "#143d14"
# Star areas (points squared): the smallest mission still reads as a star, the largest does not
# hide the members under it.
STAR_LEAST, STAR_SPAN = 60.0, 340.0
POINT_SIZE = 30.0
# A label starts this share of its marker's width from the marker's middle: just clear of its edge.
LABEL_GAP = 0.6
# A member smaller than this on the map (in pixels) is drawn as a labelled point too (Luxembourg),
# its colour being unreadable otherwise.
SMALL_PX = 80.0
# Lengths a scale bar may take (km): the longest under a sixth of the panel's width.
SCALE_KM = (100, 200, 500, 1000, 2000, 5000)


def burden_map(states: pd.DataFrame, missions: pd.DataFrame, title: str, path: Path) -> Path:
    """`states`: state, personnel_deviation (NaN: money only); `missions`: lon, lat, personnel, mission.
    The map is burden_figure's, written as a PNG."""
    import io

    import matplotlib.pyplot as plt

    fig = burden_figure(states, missions, title)
    buffer = io.BytesIO()
    # No software/date metadata: the same figure gives the same bytes.
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    write_bytes(path, buffer.getvalue())
    return path


def burden_figure(states: pd.DataFrame, missions: pd.DataFrame, title: str):
    """The burden map as a figure: the members framed in their region's equal-area projection
    (map_frame), distant members in insets, each member coloured by its personnel deviation, money-only
    members hatched, micro-states as labelled points, missions as stars labelled with their id; the
    title above, the legend below and the colour bar beside the map, outside it."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    from planner.export.map_frame import region_frames

    shapes = gpd.read_file(DATA_DIR / "countries.geojson")
    points = pd.read_csv(DATA_DIR / "state_points.csv")
    missions = missions.copy()
    if "mission" not in missions:
        missions["mission"] = ""
    deviation = states.set_index("state")["personnel_deviation"]
    seen = deviation.abs().replace([np.inf], np.nan).dropna()
    span = float(np.clip(seen.max() if len(seen) else DEVIATION_LEAST, DEVIATION_LEAST, DEVIATION_MOST))
    paint = _Paint(deviation, plt.get_cmap(DIVERGING), Normalize(-span, span))
    main, insets = region_frames(shapes, points, deviation.index, missions)

    width, height = MAP_SIZE_IN
    fig = plt.figure(figsize=MAP_SIZE_IN, dpi=MAP_DPI)
    column = INSET_COLUMN_IN if insets else 0.0
    room_w, room_h = width - BAR_IN - column - 2 * EDGE_IN, height - TITLE_IN - LEGEND_IN
    main = main.fitted(room_h / room_w, MOST_WIDEN)
    map_w = min(room_w, room_h / main.aspect)
    map_h = map_w * main.aspect
    left, bottom = EDGE_IN + column + (room_w - map_w) / 2, LEGEND_IN + (room_h - map_h) / 2
    ax = fig.add_axes((left / width, bottom / height, map_w / width, map_h / height), label="map")
    renderer = fig.canvas.get_renderer()
    _panel(ax, main, shapes, points, missions, paint, renderer)
    top = bottom + map_h
    for inset in insets:
        # Stacked from the top of the column, each as tall as its frame wants and its share allows.
        inset_w = column - INSET_GAP_IN
        inset_h = min(inset_w * inset.aspect, map_h / len(insets) - INSET_LABEL_IN)
        top -= INSET_LABEL_IN
        inner = fig.add_axes((EDGE_IN / width, (top - inset_h) / height, inset_w / width, inset_h / height),
                             label="inset " + ", ".join(inset.members))
        _panel(inner, inset.fitted(inset_h / inset_w), shapes, points, missions, paint, renderer)
        inner.set_title(", ".join(inset.members) + " (own scale)", fontsize=8, loc="left")
        top -= inset_h
    ax.set_title(title)
    _colour_bar(fig, paint, seen, span, (left + map_w + BAR_GAP_IN) / width, bottom / height, map_h / height)
    _legend(fig, ax)
    return fig


class _Paint:
    """A member's fill: its deviation on the diverging scale, or the money-only colour."""

    def __init__(self, deviation: pd.Series, cmap, norm):
        self.deviation, self.cmap, self.norm = deviation, cmap, norm

    def money_only(self, iso3: str) -> bool:
        return pd.isna(self.deviation.get(iso3))

    def colour(self, iso3: str):
        from matplotlib.colors import to_hex

        if self.money_only(iso3):
            return NO_FORCES_COLOUR
        return to_hex(self.cmap(self.norm(np.clip(self.deviation[iso3], self.norm.vmin, self.norm.vmax))))


def _panel(ax, frame, shapes, points, missions, paint, renderer) -> None:
    """One framed panel: the land, members filled, micro-states and missions marked and labelled."""
    from planner.export.map_frame import to_frame
    from planner.export.map_labels import marker_box, place_labels

    land = to_frame(frame, shapes)
    members = land["iso3"].isin(paint.deviation.index)
    if (~members).any():
        land[~members].plot(ax=ax, color=OUTSIDE_COLOUR, edgecolor=OUTSIDE_EDGE, linewidth=0.3)
    for money in (False, True):
        mine = land[members & (land["iso3"].map(paint.money_only) == money)]
        if len(mine):
            mine.plot(ax=ax, color=[paint.colour(i) for i in mine["iso3"]], edgecolor=MEMBER_EDGE, linewidth=0.4,
                      hatch=NO_FORCES_HATCH if money else None)
    x0, y0, x1, y1 = frame.box
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_facecolor("white")
    metres_per_px = (x1 - x0) / ax.get_window_extent(renderer).width
    small = _small_members(land[members], frame, metres_per_px)
    dots = points[points["iso3"].isin(frame.members) & ~points["iso3"].isin(land["iso3"])][["iso3", "lon", "lat"]]
    dots = pd.concat([dots, small], ignore_index=True)
    dots["x"], dots["y"] = frame.project(dots["lon"], dots["lat"])
    dots = dots[frame.inside(dots["x"], dots["y"])]
    if len(dots):
        ax.scatter(dots["x"], dots["y"], s=POINT_SIZE, c=[paint.colour(i) for i in dots["iso3"]],
                   edgecolors="#333333", linewidths=0.7, zorder=5)
    sites = missions.copy()
    sites["x"], sites["y"] = frame.project(sites["lon"], sites["lat"])
    sites = sites[frame.inside(sites["x"], sites["y"])]
    size = STAR_LEAST + STAR_SPAN * sites["personnel"] / max(missions["personnel"].max(), 1) if len(sites) else []
    if len(sites):
        ax.scatter(sites["x"], sites["y"], s=size, marker="*", color=MISSION_COLOUR, edgecolor="black",
                   linewidth=0.6, zorder=6)
    taken = [marker_box(ax, x, y, np.sqrt(s), renderer) for x, y, s in zip(sites["x"], sites["y"], size)]
    taken += [marker_box(ax, x, y, np.sqrt(POINT_SIZE), renderer) for x, y in zip(dots["x"], dots["y"])]
    place_labels(ax, [(x, y, m, LABEL_GAP * np.sqrt(s)) for x, y, m, s in
                      zip(sites["x"], sites["y"], sites["mission"], size) if m],
                 taken, renderer, fontsize=8, fontweight="bold", color=MISSION_LABEL_COLOUR)
    gap = LABEL_GAP * np.sqrt(POINT_SIZE)
    place_labels(ax, [(x, y, i, gap) for x, y, i in zip(dots["x"], dots["y"], dots["iso3"])], taken, renderer,
                 fontsize=7)
    _scale_bar(ax, frame)


def _small_members(land, frame, metres_per_px: float) -> pd.DataFrame:
    """Members too small on the map to show their colour: their largest piece's middle, in lon/lat."""
    from pyproj import Transformer

    rows = []
    for iso3, parts in land.groupby("iso3"):
        if parts.geometry.area.sum() < SMALL_PX * metres_per_px ** 2:
            point = max(parts.geometry, key=lambda g: g.area).representative_point()
            lon, lat = Transformer.from_crs(frame.crs, "EPSG:4326", always_xy=True).transform(point.x, point.y)
            rows.append((iso3, lon, lat))
    return pd.DataFrame(rows, columns=["iso3", "lon", "lat"])


def _scale_bar(ax, frame) -> None:
    """A bar of a round length in the lower right corner (true at the frame's centre: equal-area
    projections stretch one way what they squeeze the other)."""
    x0, y0, x1, y1 = frame.box
    km = max([k for k in SCALE_KM if k * 1000 <= (x1 - x0) / 6] or [SCALE_KM[0]])
    right, bottom = x1 - 0.03 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    ax.plot([right - km * 1000, right], [bottom, bottom], color="#333333", linewidth=2, zorder=6,
            solid_capstyle="butt")
    ax.text(right, bottom + 0.012 * (y1 - y0), f"{km:,} km", ha="right", va="bottom", fontsize=7, zorder=6)


def _colour_bar(fig, paint, seen: pd.Series, span: float, left: float, bottom: float, tall: float) -> None:
    """The diverging scale beside the map (figure fractions: its left, the map's bottom and height)."""
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    cax = fig.add_axes((left, bottom + BAR_SHORTER * tall / 2, BAR_WIDTH_IN / MAP_SIZE_IN[0],
                        (1 - BAR_SHORTER) * tall), label="colour bar")
    saturated = len(seen) and seen.max() > DEVIATION_MOST
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=paint.norm, cmap=paint.cmap), cax=cax,
                       extend="both" if saturated else "neither")
    bar.set_label("person-month share / reference share - 1" + (f" (beyond +-{span:.0%}: arrows)" if saturated
                                                                  else ""))
    bar.ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))


def _legend(fig, ax) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Line2D([], [], marker="*", linestyle="", markersize=13, color=MISSION_COLOUR, markeredgecolor="black",
                      label="mission (size: personnel)"),
               Patch(facecolor=NO_FORCES_COLOUR, edgecolor=MEMBER_EDGE, hatch=NO_FORCES_HATCH,
                     label="carries its share in money"),
               Line2D([], [], marker="o", linestyle="", markersize=6, color="white", markeredgecolor="#333333",
                      label="small member (point, ISO code)"),
               Patch(facecolor=OUTSIDE_COLOUR, edgecolor=OUTSIDE_EDGE, label="not a member")]
    box = ax.get_position()
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=((box.x0 + box.x1) / 2, 0.0), ncol=len(handles),
               frameon=False, fontsize=9)
