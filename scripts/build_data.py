"""Carry the public country figures and shapes into data/ (run once by a maintainer).

This is provenance, not part of the planner: the planner reads only data/.
Run from the project root with the source folder as argument::

    python scripts/build_data.py SOURCE_DIR NATURAL_EARTH_SHP

SOURCE_DIR holds countries.csv and un_scale.csv (see data/SOURCES.md for
their origin); NATURAL_EARTH_SHP is naturalearth_lowres.shp as shipped in
pyogrio's test fixtures (Natural Earth 1:110m admin-0, public domain).
Origins (data/state_origins.csv) are then derived from the shapes. Figures are copied
unchanged; only the column set is fixed and a `un_member` column added (UN member states;
observers VAT and PSE and non-member ESH 0).
"""
from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
NOT_UN_MEMBERS = {"VAT", "PSE", "ESH"}
# Natural Earth 1:110m gives iso_a3 = -99 for these; fixed by name.
NE_ISO_FIXES = {"France": "FRA", "Norway": "NOR"}


def build_states(source: Path) -> None:
    countries = pd.read_csv(source / "countries.csv", dtype={"iso3": str})
    # Whole units (USD, persons, years) stay whole: no "123.0" in the copy.
    for column in countries.columns.drop(["iso3", "name"]):
        countries[column] = countries[column].astype("Int64")
    countries.insert(2, "un_member", (~countries["iso3"].isin(NOT_UN_MEMBERS)).astype(int))
    countries.sort_values("iso3").to_csv(ROOT / "data" / "states.csv", index=False)
    scale = pd.read_csv(source / "un_scale.csv", dtype={"iso3": str})
    scale.sort_values("iso3").to_csv(ROOT / "data" / "un_scale.csv", index=False)


def build_shapes(shp: Path) -> None:
    shapes = gpd.read_file(shp)
    for name, iso in NE_ISO_FIXES.items():
        shapes.loc[shapes["name"] == name, "iso_a3"] = iso
    shapes = shapes[shapes["iso_a3"] != "-99"][["iso_a3", "name", "geometry"]]
    shapes = shapes.rename(columns={"iso_a3": "iso3"}).sort_values("iso3")
    shapes.to_file(ROOT / "data" / "countries.geojson", driver="GeoJSON", COORDINATE_PRECISION=5)


def build_origins() -> None:
    """Each shaped state's origin (centroid of its largest polygon, planner/geo.py), computed once
    here so that a solve reads a small table instead of projecting every shape."""
    sys.path.insert(0, str(ROOT))
    from planner.data.geography import shape_origins

    origins = shape_origins(ROOT / "data" / "countries.geojson")
    origins.to_csv(ROOT / "data" / "state_origins.csv", float_format="%.17g")


# Land borders of states without a shape in Natural Earth 1:110m (CIA World Factbook, "Land
# boundaries"); every other pair comes from the shapes.
MICRO_STATE_BORDERS = [("AND", "ESP"), ("AND", "FRA"), ("FRA", "MCO"), ("ITA", "SMR"), ("ITA", "VAT"),
                       ("AUT", "LIE"), ("CHE", "LIE")]
SHAPES_SOURCE = "Natural Earth 1:110m admin-0 shapes: polygons that touch"
MANUAL_SOURCE = "CIA World Factbook, land boundaries (a state with no shape at 1:110m)"


def build_borders() -> None:
    """data/land_borders.csv: pairs of states sharing a land border, from the shapes (planner/data/
    geography.py, shape_borders), and the micro-states' borders from the Factbook."""
    sys.path.insert(0, str(ROOT))
    from planner.data.geography import shape_borders

    pairs = shape_borders(ROOT / "data" / "countries.geojson").assign(source=SHAPES_SOURCE)
    manual = pd.DataFrame(MICRO_STATE_BORDERS, columns=["state", "neighbour"]).assign(source=MANUAL_SOURCE)
    table = pd.concat([pairs, manual]).sort_values(["state", "neighbour"])
    table.to_csv(ROOT / "data" / "land_borders.csv", index=False)


if __name__ == "__main__":
    build_states(Path(sys.argv[1]))
    build_shapes(Path(sys.argv[2]))
    build_origins()
    build_borders()
