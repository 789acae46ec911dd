"""Framing a region's map: which members form its main body and which lie far off (an inset for each
far group), the equal-area projection each frame is drawn in, and the box it shows.

The rule, the same for every region (OSCE, African Union, ASEAN, OAS):

* A member's *mainland* is its largest polygon (by area on the globe); its *body* is the mainland
  with its parts within LINK_M of it, step by step (Corsica, Svalbard and Sakhalin, not French Guiana
  or Hawaii). Its *anchor* is a point inside the mainland; a micro-state without a shape is its
  capital's point (data/state_points.csv).
* Members whose mainlands (or points) lie within LINK_M of each other, step by step, form a group:
  neighbours across a sea join, members an ocean apart do not. The group with the most members is
  the *main body*. Another group is *distant* unless its anchors all fall inside the main frame
  anyway; each distant group gets an inset (for the OSCE: the USA and Canada, whose mainlands are
  2,000 km from Iceland's and 1,500 km from Russia's across the Arctic).
* Each frame is a Lambert azimuthal equal-area projection (like EPSG:3035 for Europe) centred on the
  spherical mean of its members' anchors (so the many European members put Europe in the middle).
  It shows the box round the anchors, the mission sites and the members' bodies, except that one
  member may not stretch a frame of several by more than STRETCH: it is cut to the box the others
  need (Russia east of Mongolia).
* At most MAX_INSETS insets (the largest far groups); smaller far groups go into the main frame.
* A mission belongs to the frame of the member nearest to it.

Shapes are densified before projecting (a straight lon/lat edge, like the 49th parallel, bends as on
the globe) and parts on the far side of the globe are dropped, so nothing wraps round: Russia's
pieces either side of the antimeridian meet again in the projection.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

EARTH_RADIUS_M = 6_371_000.0
# Distant groups drawn as insets at most (the largest first; `order` sorts by members).
MAX_INSETS = 4
# Members this close belong to one body: it spans the seas between neighbours (Iceland-Scotland
# ~850 km, Seychelles-Madagascar ~1,100 km) but not an ocean (Labrador-Iceland ~2,000 km) nor the
# Arctic between Yukon and Chukotka (~1,500 km; Alaska is not the USA's mainland).
LINK_M = 1_200_000.0
# Vertices closer than this, so distances between shapes are right to ~30 km and projected edges
# follow the globe's curves.
DENSIFY_DEG = 0.5
# One member may not stretch a frame of several: if the box round every member's body is more than
# STRETCH times the box the others need, that member is shown only within the others' box (Russia's
# Siberia beyond Mongolia: x1.56 in the OSCE; Indonesia's Papua in ASEAN, x1.43, and Brazil's bulge in
# the OAS, x1.30, stay). In a frame of fewer members each one is the frame (the USA and Canada).
STRETCH = 1.5
MIN_MEMBERS_TO_TRIM = 3
# Room round the widest shapes, as a share of the frame's longer side, and at least MIN_PAD_M (a
# lone island state's inset still shows its sea).
PAD_SHARE = 0.04
MIN_PAD_M = 300_000.0
# Parts entirely beyond this angle from a frame's centre are on the far side of the globe.
FAR_SIDE_DEG = 90.0


@dataclass(frozen=True)
class Frame:
    """One map panel: its projection (a proj string), the box it shows in that projection's metres
    (x0, y0, x1, y1), and the members drawn in it."""
    crs: str
    centre: tuple[float, float]
    box: tuple[float, float, float, float]
    members: tuple[str, ...]

    def fitted(self, aspect: float, most: float = np.inf) -> Frame:
        """The same frame widened (never cut) about its middle towards height/width = `aspect`, its
        short side by at most `most` times."""
        x0, y0, x1, y1 = self.box
        width, height = x1 - x0, y1 - y0
        if height / width < aspect:
            grow = (min(aspect * width, most * height) - height) / 2
            return replace(self, box=(x0, y0 - grow, x1, y1 + grow))
        grow = (min(height / aspect, most * width) - width) / 2
        return replace(self, box=(x0 - grow, y0, x1 + grow, y1))

    @property
    def aspect(self) -> float:
        """Height over width."""
        x0, y0, x1, y1 = self.box
        return (y1 - y0) / (x1 - x0)

    def project(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Points in this frame's metres."""
        from pyproj import Transformer

        move = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
        return move.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))

    def inside(self, x, y) -> np.ndarray:
        """Which projected points fall inside the box."""
        x0, y0, x1, y1 = self.box
        x, y = np.asarray(x), np.asarray(y)
        return (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)


def laea(lon: float, lat: float) -> str:
    """A Lambert azimuthal equal-area projection centred on (lon, lat), on the GRS80 ellipsoid."""
    return f"+proj=laea +lat_0={lat:.1f} +lon_0={lon:.1f} +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"


def _unit(lon, lat) -> np.ndarray:
    lon, lat = np.radians(np.asarray(lon, dtype=float)), np.radians(np.asarray(lat, dtype=float))
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


def _chord(metres: float) -> float:
    """The straight-line distance through a unit sphere between points `metres` apart on the globe."""
    return 2 * np.sin(metres / EARTH_RADIUS_M / 2)


def _vertices(geom) -> np.ndarray:
    """Unit vectors of a (densified) geometry's boundary points."""
    import shapely

    coords = shapely.get_coordinates(shapely.segmentize(geom, DENSIFY_DEG))
    return _unit(coords[:, 0], coords[:, 1])


def _parts(geom) -> list:
    return list(getattr(geom, "geoms", [geom]))


def _linked(vertex_sets: list[np.ndarray]) -> list[int]:
    """Single-linkage groups of point sets within LINK_M of each other: a group label for each set."""
    from scipy.spatial import cKDTree

    label = list(range(len(vertex_sets)))

    def root(i: int) -> int:
        while label[i] != i:
            label[i] = label[label[i]]
            i = label[i]
        return i

    trees = [cKDTree(v) for v in vertex_sets]
    middles = [v.mean(axis=0) for v in vertex_sets]
    radii = [np.linalg.norm(v - m, axis=1).max() for v, m in zip(vertex_sets, middles)]
    reach = _chord(LINK_M)
    for i in range(len(vertex_sets)):
        for j in range(i + 1, len(vertex_sets)):
            if root(i) == root(j) or np.linalg.norm(middles[i] - middles[j]) > radii[i] + radii[j] + reach:
                continue
            if np.isfinite(trees[i].query(vertex_sets[j], distance_upper_bound=reach)[0]).any():
                label[root(j)] = root(i)
    return [root(i) for i in range(len(vertex_sets))]


def _mainland_and_body(geom):
    """The largest polygon (by area on the globe) and the parts linked to it."""
    from pyproj import Geod
    from shapely.ops import unary_union

    geod = Geod(ellps="WGS84")
    parts = _parts(geom)
    areas = [abs(geod.geometry_area_perimeter(p)[0]) for p in parts]
    biggest = int(np.argmax(areas))
    groups = _linked([_vertices(p) for p in parts]) if len(parts) > 1 else [0]
    return parts[biggest], unary_union([p for p, g in zip(parts, groups) if g == groups[biggest]])


def _mean_centre(lon, lat) -> tuple[float, float]:
    """The spherical mean of points: the direction of their unit vectors' sum."""
    x, y, z = _unit(lon, lat).sum(axis=0)
    return float(np.degrees(np.arctan2(y, x))), float(np.degrees(np.arctan2(z, np.hypot(x, y))))


def _box(crs: str, centre, anchors: pd.DataFrame, bodies: dict, sites: pd.DataFrame) -> tuple:
    """The box round the anchors, the sites and the members' bodies (one stretching member trimmed:
    see STRETCH), padded."""
    from pyproj import Transformer

    move = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = move.transform(np.r_[anchors["lon"], sites["lon"]], np.r_[anchors["lat"], sites["lat"]])
    core = np.array([x.min(), y.min(), x.max(), y.max()])
    extents = {}
    for iso3, body in bodies.items():
        parts = _near_side(body, centre)
        if parts:
            bx, by = move.transform(*np.vstack([np.asarray(part.exterior.coords) for part in parts]).T)
            extents[iso3] = np.array([bx.min(), by.min(), bx.max(), by.max()])
    box = _union([core, *extents.values()])
    if len(extents) >= MIN_MEMBERS_TO_TRIM:
        without = {m: _union([core, *(b for k, b in extents.items() if k != m)]) for m in extents}
        widest = min(without, key=lambda m: _area(without[m]))
        if _area(box) > STRETCH * _area(without[widest]):
            box = without[widest]
    pad = max(PAD_SHARE * max(box[2] - box[0], box[3] - box[1]), MIN_PAD_M)
    return tuple(float(v) for v in box + np.array([-pad, -pad, pad, pad]))


def _union(boxes) -> np.ndarray:
    boxes = np.asarray(list(boxes))
    return np.r_[boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)]


def _area(box) -> float:
    return float((box[2] - box[0]) * (box[3] - box[1]))


def _near_side(geom, centre) -> list:
    """The geometry's densified polygons that are not wholly on the far side of the globe from
    `centre` and do not hold its antipode (either would wrap round the projection's rim)."""
    import shapely
    from shapely.geometry import Point

    near = np.cos(np.radians(FAR_SIDE_DEG))
    middle = _unit(*centre)
    antipode = Point(centre[0] + 180 if centre[0] < 0 else centre[0] - 180, -centre[1])
    kept = []
    for part in _parts(shapely.segmentize(geom, DENSIFY_DEG)):
        coords = np.asarray(part.exterior.coords)
        if (_unit(coords[:, 0], coords[:, 1]) @ middle).max() > near and not part.contains(antipode):
            kept.append(part)
    return kept


def region_frames(shapes, points: pd.DataFrame, members, sites: pd.DataFrame) -> tuple[Frame, list[Frame]]:
    """The main frame and the insets (see the module's rule). `shapes`: iso3, geometry in lon/lat;
    `points`: iso3, lon, lat for states without a shape; `sites`: lon, lat of the missions."""
    members = sorted(set(members))
    drawn = shapes[shapes["iso3"].isin(members)]
    anchors, bodies, vertex_sets = [], {}, []
    for row in drawn.itertuples():
        mainland, body = _mainland_and_body(row.geometry)
        point = mainland.representative_point()
        anchors.append((row.iso3, point.x, point.y))
        bodies[row.iso3] = body
        vertex_sets.append(_vertices(mainland))
    for row in points[points["iso3"].isin(members) & ~points["iso3"].isin(drawn["iso3"])].itertuples():
        anchors.append((row.iso3, row.lon, row.lat))
        vertex_sets.append(_unit([row.lon], [row.lat]))
    anchors = pd.DataFrame(anchors, columns=["iso3", "lon", "lat"])
    sites = sites[["lon", "lat"]].dropna() if len(sites) else pd.DataFrame(columns=["lon", "lat"])
    if anchors.empty:
        return _nowhere(sites), []
    anchors["group"] = _linked(vertex_sets)
    sizes = anchors.groupby("group")["iso3"].count()
    order = sorted(sizes.index, key=lambda g: (-sizes[g], anchors.index[anchors["group"] == g][0]))
    # A mission belongs to the group of the member nearest to it (a mission in America to its inset).
    nearest = (_unit(sites["lon"], sites["lat"]) @ _unit(anchors["lon"], anchors["lat"]).T).argmax(axis=1) \
        if len(sites) else np.array([], dtype=int)
    site_group = anchors["group"].to_numpy()[nearest]

    def frame_of(groups: list, centred_on: list) -> Frame:
        own = anchors[anchors["group"].isin(groups)]
        hub = anchors[anchors["group"].isin(centred_on)]
        centre = _mean_centre(hub["lon"], hub["lat"])
        crs = laea(*centre)
        box = _box(crs, centre, own, {m: bodies[m] for m in own["iso3"] if m in bodies},
                   sites[np.isin(site_group, groups)])
        return Frame(crs, centre, box, tuple(own["iso3"]))

    main = frame_of([order[0]], [order[0]])
    near, far = [order[0]], []
    for group in order[1:]:
        own = anchors[anchors["group"] == group]
        (near if main.inside(*main.project(own["lon"], own["lat"])).all() else far).append(group)
    # More insets than MAX_INSETS would each be too small to read (54 Commonwealth members: 13 insets);
    # the smaller far groups are then drawn in the main frame, which grows to take them in.
    near, far = near + far[MAX_INSETS:], far[:MAX_INSETS]
    # Groups inside the main frame keep the main body's centre; the box only grows to take them in.
    main = frame_of(near, [order[0]])
    return main, [frame_of([group], [group]) for group in far]


def _nowhere(sites: pd.DataFrame) -> Frame:
    """The frame for members with no place on the map (made-up codes): round the missions, or a
    hemisphere centred on 0 deg, 0 deg without them."""
    if len(sites):
        centre = _mean_centre(sites["lon"], sites["lat"])
        crs = laea(*centre)
        return Frame(crs, centre, _box(crs, centre, sites.iloc[:0], {}, sites), ())
    return Frame(laea(0.0, 0.0), (0.0, 0.0), (-EARTH_RADIUS_M, -EARTH_RADIUS_M, EARTH_RADIUS_M, EARTH_RADIUS_M), ())


def to_frame(frame: Frame, shapes):
    """The shapes (iso3, geometry in lon/lat) as polygons in the frame's projection, cut to its box:
    one row per polygon, far-side parts dropped."""
    import geopandas as gpd
    import shapely

    rows = []
    for row in shapes.itertuples():
        rows += [(row.iso3, part) for part in _near_side(row.geometry, frame.centre)]
    if not rows:
        return gpd.GeoDataFrame({"iso3": []}, geometry=[], crs=frame.crs)
    near = gpd.GeoDataFrame({"iso3": [r[0] for r in rows]}, geometry=[r[1] for r in rows], crs="EPSG:4326")
    projected = near.to_crs(frame.crs)
    x0, y0, x1, y1 = frame.box
    projected["geometry"] = shapely.clip_by_rect(shapely.make_valid(projected.geometry.values), x0, y0, x1, y1)
    return projected[~projected.geometry.is_empty].reset_index(drop=True)
