"""Where forces deploy from, and how far they travel.

Origin of a state: the centroid of its largest polygon in data/countries.geojson
(Natural Earth 1:110m), computed in the equal-area projection EPSG:6933 because
centroids taken in degrees are distorted away from the equator; states with no
shape (micro-states) use the capital in data/state_points.csv. A scenario's
`origins:` replace either (e.g. a capital instead of Siberia for Russia).

Distance: the geodesic on the WGS84 ellipsoid (pyproj.Geod), in km, from origin
to mission location; no projection distorts it, which matters for a region that
spans Vancouver to Vladivostok.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from planner.data.csvread import numeric, read_csv
from planner.errors import InputError, Problem

EQUAL_AREA_CRS = "EPSG:6933"


def shape_origins(geojson: Path) -> pd.DataFrame:
    """lon, lat of the largest polygon's centroid per ISO3 (from the shapes file)."""
    stat = geojson.stat() if geojson.exists() else None
    return _shape_origins(geojson, stat.st_mtime_ns if stat else 0).copy()


@lru_cache(maxsize=4)
def _shape_origins(geojson: Path, mtime_ns: int) -> pd.DataFrame:
    """Cached per file version: shapes are read once per process, not once per solve."""
    import geopandas as gpd  # heavy import, only when shapes are needed

    try:
        shapes = gpd.read_file(geojson)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputError(Problem(str(geojson), "", f"cannot read shapes: {exc}")) from None
    parts = shapes[["iso3", "geometry"]].explode(index_parts=False).to_crs(EQUAL_AREA_CRS)
    parts["area"] = parts.geometry.area
    largest = parts.sort_values(["iso3", "area"], ascending=[True, False]).drop_duplicates("iso3")
    centroids = largest.set_geometry(largest.geometry.centroid).to_crs("EPSG:4326")
    return pd.DataFrame({"lon": centroids.geometry.x.to_numpy(), "lat": centroids.geometry.y.to_numpy()},
                        index=pd.Index(centroids["iso3"].to_numpy(), name="iso3")).sort_index()


def point_origins(file: Path) -> pd.DataFrame:
    """lon, lat per ISO3 from a points table (capitals of states without shapes)."""
    raw = read_csv(file, ["iso3", "lon", "lat"])
    problems: list[Problem] = []
    lon = numeric(raw, file, "lon", problems, allow_blank=False, minimum=-180)
    lat = numeric(raw, file, "lat", problems, allow_blank=False, minimum=-90)
    if problems:
        raise InputError(problems)
    return pd.DataFrame({"lon": lon.to_numpy(), "lat": lat.to_numpy()},
                        index=pd.Index(raw["iso3"], name="iso3")).sort_index()


def geodesic_km(origins: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Distance in km from every origin (rows) to every target (columns); both have lon, lat."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    o = np.repeat(origins[["lon", "lat"]].to_numpy(), len(targets), axis=0)
    t = np.tile(targets[["lon", "lat"]].to_numpy(), (len(origins), 1))
    _, _, metres = geod.inv(o[:, 0], o[:, 1], t[:, 0], t[:, 1])
    return pd.DataFrame(np.asarray(metres).reshape(len(origins), len(targets)) / 1000.0,
                        index=origins.index, columns=targets.index)


def shipped_origins(data_dir: Path) -> pd.DataFrame:
    """lon, lat per ISO3: the shapes' origins (data/state_origins.csv, derived from
    countries.geojson), and capitals (data/state_points.csv) for states without a shape."""
    shapes = point_origins(data_dir / "state_origins.csv")
    points = point_origins(data_dir / "state_points.csv")
    return pd.concat([shapes, points[~points.index.isin(shapes.index)]])


def shape_borders(geojson: Path) -> pd.DataFrame:
    """state, neighbour (state < neighbour): pairs of shapes that touch (a land border)."""
    import geopandas as gpd

    shapes = gpd.read_file(geojson).set_index("iso3")
    index = shapes.sindex
    pairs = set()
    for state, geometry in shapes.geometry.items():
        for j in index.query(geometry, predicate="intersects"):
            other = shapes.index[j]
            if state < other:
                pairs.add((state, other))
    return pd.DataFrame(sorted(pairs), columns=["state", "neighbour"])


def load_borders(file: Path, known: pd.Index) -> pd.DataFrame:
    """data/land_borders.csv: state, neighbour, source; returned both ways round, sorted. Only pairs
    of states in `known` (a scenario's own states table may carry fewer states)."""
    raw = read_csv(file, ["state", "neighbour", "source"])
    raw = raw[raw["state"].isin(known) & raw["neighbour"].isin(known)]
    both = pd.concat([raw[["state", "neighbour"]],
                      raw.rename(columns={"state": "neighbour", "neighbour": "state"})[["state", "neighbour"]]])
    return both.drop_duplicates().sort_values(["state", "neighbour"]).reset_index(drop=True)
