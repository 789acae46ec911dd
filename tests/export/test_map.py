"""The burden map framed on its region, read back from the figure (each failed on the old
whole-world plate carree): Europe fills the main map, the USA and Canada stand in an inset, the
missions and micro-states carry labels that do not cover each other, the title, colour bar and legend
stay off the map, and the projection keeps areas true."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from planner.export.map_frame import region_frames, to_frame
from planner.export.maps import DIVERGING, MISSION_COLOUR, burden_figure
from planner.paths import DATA_DIR
from tests.export.chart_checks import assert_png_drawn

DISTANT = ("CAN", "USA")
MICRO = ("AND", "LIE", "MCO", "MLT", "SMR", "VAT")
# Projected areas agree with areas on the ellipsoid this closely (the only error is the straight
# edges between densified vertices); plate carree is off by far more for the same pairs.
AREA_TOLERANCE = 0.02
# A member's fill covers at least this many pixels of the main map (Armenia, the smallest at the
# top of the scale, covers ~200).
MEMBER_PIXELS = 100
# Russia as drawn (both sides of the antimeridian) against its area on the globe.
RUSSIA_TOLERANCE = 0.01


def _geography():
    import geopandas as gpd

    return gpd.read_file(DATA_DIR / "countries.geojson"), pd.read_csv(DATA_DIR / "state_points.csv")


def _missions(out) -> pd.DataFrame:
    """The markers the report draws: each located mission with its personnel."""
    located = pd.DataFrame(json.loads((out / "scenario.json").read_text())["_resolved"]["missions"])
    people = pd.read_csv(out / "missions.csv").groupby("mission")["personnel_required"].sum()
    return located.merge(people.rename("personnel").reset_index(), on="mission")


@pytest.fixture(scope="module")
def drawn(baseline, tmp_path_factory):
    """The baseline's map as a figure (laid out), its PNG, and what it was drawn from."""
    import matplotlib.pyplot as plt

    states = pd.read_csv(baseline.out / "states.csv")
    missions = _missions(baseline.out)
    fig = burden_figure(states, missions, "osce-baseline: who carries more or less than its key share")
    path = tmp_path_factory.mktemp("map") / "map.png"
    fig.savefig(path)
    yield fig, path, states, missions
    plt.close(fig)


def _axes(fig, label: str):
    found = [ax for ax in fig.axes if ax.get_label() == label]
    assert len(found) == 1, f"no single axes labelled {label!r}: {[ax.get_label() for ax in fig.axes]}"
    return found[0]


def _mainland_middles(shapes, iso3s) -> dict:
    """Each state's largest polygon's centroid (taken in an equal-area projection), in lon/lat."""
    import geopandas as gpd

    middles = {}
    for row in shapes[shapes["iso3"].isin(iso3s)].itertuples():
        parts = gpd.GeoSeries(list(getattr(row.geometry, "geoms", [row.geometry])), crs="EPSG:4326")
        mainland = parts.iloc[[int(parts.to_crs("+proj=cea").area.argmax())]]
        middle = mainland.to_crs("+proj=cea").centroid.to_crs("EPSG:4326").iloc[0]
        middles[row.iso3] = (middle.x, middle.y)
    return middles


def _within_limits(ax, frame, places: dict) -> list:
    """The places (iso3 -> lon, lat) that fall outside the axes' limits, in the frame's projection."""
    x, y = frame.project([p[0] for p in places.values()], [p[1] for p in places.values()])
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return [iso3 for iso3, a, b in zip(places, x, y) if not (x0 <= a <= x1 and y0 <= b <= y1)]


def test_map_png_is_drawn_with_the_scale_colours(drawn):
    fig, path, states, _ = drawn
    assert_png_drawn(path, fig)
    from PIL import Image

    box = _axes(fig, "map").get_window_extent(fig.canvas.get_renderer())
    with Image.open(path) as image:
        # The map's own pixels (image rows run down, display y up).
        top = image.height - round(box.y1)
        pixels = np.asarray(image.convert("RGB"))[top:top + round(box.height), round(box.x0):round(box.x1)]
    pixels = pixels.reshape(-1, 3).astype(int)
    import matplotlib.pyplot as plt

    # The baseline has members far above and far below their share (beyond the scale's +-100 %):
    # they are filled with the scale's two ends.
    assert states["personnel_deviation"].max() > 1 and states["personnel_deviation"].min() <= -1
    for end in (0.0, 1.0):
        colour = np.array(plt.get_cmap(DIVERGING)(end)[:3]) * 255
        assert (np.abs(pixels - colour).max(axis=1) <= 2).sum() > MEMBER_PIXELS, f"no member in the colour at {end}"


def test_main_map_covers_every_member_but_the_distant_ones(drawn):
    fig, _, states, missions = drawn
    shapes, points = _geography()
    main, _ = region_frames(shapes, points, states["state"], missions)
    ax = _axes(fig, "map")
    near = [s for s in states["state"] if s not in DISTANT]
    places = _mainland_middles(shapes, near)
    places |= {r.iso3: (r.lon, r.lat) for r in points[points["iso3"].isin(near)].itertuples() if r.iso3 not in places}
    assert {"FRA", "DEU", "ESP", "ISL", "NOR", "CYP", "TUR", "RUS", "KAZ", "MNG"} <= set(places)
    assert set(MICRO) <= set(places)
    assert _within_limits(ax, main, places) == []
    assert _within_limits(ax, main, _mainland_middles(shapes, DISTANT)) == list(DISTANT)
    # Europe in detail: the main map is not a world map (a plate carree world is 40,000 km wide).
    (x0, x1) = ax.get_xlim()
    assert x1 - x0 < 12_000_000


def test_usa_and_canada_stand_in_their_own_inset(drawn):
    fig, _, states, missions = drawn
    shapes, points = _geography()
    _, insets = region_frames(shapes, points, states["state"], missions)
    assert [inset.members for inset in insets] == [DISTANT]
    inner = _axes(fig, "inset " + ", ".join(DISTANT))
    assert _within_limits(inner, insets[0], _mainland_middles(shapes, DISTANT)) == []
    renderer = fig.canvas.get_renderer()
    assert not inner.get_window_extent(renderer).overlaps(_axes(fig, "map").get_window_extent(renderer))


def test_missions_and_micro_states_are_labelled_clear_of_each_other(drawn):
    fig, _, _, missions = drawn
    renderer = fig.canvas.get_renderer()
    ax = _axes(fig, "map")
    labels = {t.get_text(): t for t in ax.texts}
    assert set(missions["mission"]) <= set(labels)
    assert set(MICRO) <= set(labels)
    from matplotlib.colors import to_rgba

    stars = [c for c in ax.collections if len(c.get_offsets()) and
             np.allclose(c.get_facecolor()[0], to_rgba(MISSION_COLOUR))]
    assert len(stars) == 1 and len(stars[0].get_offsets()) == len(missions), "not one star per mission"
    frame = ax.get_window_extent(renderer)
    named = [labels[n] for n in [*missions["mission"], *MICRO]]
    for text in named:
        box = text.get_window_extent(renderer)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, \
            f"{text.get_text()!r} runs off the map"
    from matplotlib.text import Text

    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in named]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert not box_a.overlaps(box_b), f"labels {a!r} and {b!r} overlap"


def test_title_colour_bar_and_legend_stay_off_the_maps(drawn):
    fig, _, _, _ = drawn
    renderer = fig.canvas.get_renderer()
    maps = [ax for ax in fig.axes if ax.get_label() == "map" or ax.get_label().startswith("inset")]
    bar = _axes(fig, "colour bar")
    outside = [("title", _axes(fig, "map").title.get_window_extent(renderer)),
               ("colour bar", bar.get_window_extent(renderer)),
               ("colour bar label", bar.yaxis.label.get_window_extent(renderer)),
               ("legend", fig.legends[0].get_window_extent(renderer))]
    for name, box in outside:
        for ax in maps:
            assert not box.overlaps(ax.get_window_extent(renderer)), f"the {name} covers {ax.get_label()!r}"
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1, \
            f"the {name} runs off the picture"


def test_projection_keeps_areas_and_joins_russia_across_the_antimeridian():
    import shapely
    from pyproj import Geod

    shapes, points = _geography()
    members = pd.read_csv(DATA_DIR / "states.csv").query("osce == 1")["iso3"]
    main, _ = region_frames(shapes, points, members, pd.DataFrame(columns=["lon", "lat"]))
    geod = Geod(ellps="GRS80")
    single = shapes[shapes["iso3"].isin(["POL", "KAZ", "MNG", "UKR"])]
    drawn = to_frame(main, single).dissolve("iso3").area
    true = {r.iso3: abs(geod.geometry_area_perimeter(shapely.segmentize(r.geometry, 0.1))[0])
            for r in single.itertuples()}
    flat = {r.iso3: r.geometry.area for r in single.itertuples()}            # square degrees
    for big, small in [("KAZ", "POL"), ("MNG", "UKR"), ("MNG", "POL")]:
        want = true[big] / true[small]
        assert drawn[big] / drawn[small] == pytest.approx(want, rel=AREA_TOLERANCE)
        assert abs(flat[big] / flat[small] / want - 1) > AREA_TOLERANCE      # the check can tell
    # Russia (its pieces on both sides of 180 deg) drawn whole in the frame's projection: no piece
    # wraps round the globe, so its area is its area on the globe.
    world = type(main)(main.crs, main.centre, (-2e7, -2e7, 2e7, 2e7), main.members)
    russia = shapes[shapes["iso3"] == "RUS"]
    assert russia.geometry.iloc[0].bounds[0] == -180 and russia.geometry.iloc[0].bounds[2] == 180
    on_globe = abs(geod.geometry_area_perimeter(shapely.segmentize(russia.geometry.iloc[0], 0.1))[0])
    assert to_frame(world, russia).area.sum() == pytest.approx(on_globe, rel=RUSSIA_TOLERANCE)


@pytest.mark.parametrize("region", ["au", "asean", "oas"])
def test_other_regions_frame_without_insets(region):
    """One rule for every region: contiguous regions (with their island members) need no inset."""
    shapes, points = _geography()
    members = pd.read_csv(DATA_DIR / "states.csv").query(f"{region} == 1")["iso3"]
    main, insets = region_frames(shapes, points, members, pd.DataFrame(columns=["lon", "lat"]))
    assert insets == []
    places = _mainland_middles(shapes, members)
    x, y = main.project([p[0] for p in places.values()], [p[1] for p in places.values()])
    assert main.inside(x, y).all()


def test_a_scattered_region_gets_a_few_readable_insets():
    """Members an ocean apart from each other (a Commonwealth-like spread) give at most MAX_INSETS
    insets; the rest are drawn in the main frame, so no inset shrinks to nothing."""
    from planner.export.map_frame import MAX_INSETS

    shapes, points = _geography()
    members = ["GBR", "CAN", "AUS", "NZL", "ZAF", "IND", "JAM", "NGA", "KEN", "MYS", "GUY", "PNG"]
    main, insets = region_frames(shapes, points, members, pd.DataFrame(columns=["lon", "lat"]))
    assert 0 < len(insets) <= MAX_INSETS
    shown = set(main.members) | {m for inset in insets for m in inset.members}
    assert shown == set(members) & set(shapes["iso3"])
