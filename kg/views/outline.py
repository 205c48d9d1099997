"""The region's outline the map view draws: country borders from Natural Earth (public domain).

The shipped ``assets/region.geojson`` holds Libya and its neighbours, from the 1:50m Admin 0
countries of Natural Earth 4.1.0 as the npm package world-atlas 2.0.2 redistributes them
(TopoJSON), decoded here, simplified (Douglas–Peucker, 0.01°, about 1 km) and rounded to
0.001°. To rebuild it, or ship another region::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m kg.views.outline package/countries-50m.json kg/views/assets/region.geojson

Nothing here runs when a map is drawn: the view only reads the shipped file.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).parent / "assets"
OUTLINE = ASSETS / "region.geojson"
# ISO 3166 numeric codes (world-atlas ids): Libya first, then the neighbours a reader needs to
# place it (and the coasts across the sea, where Libya's strikes and supplies come from).
REGION = {
    "434": "Libya", "788": "Tunisia", "012": "Algeria", "818": "Egypt", "729": "Sudan",
    "148": "Chad", "562": "Niger", "470": "Malta", "380": "Italy", "300": "Greece",
}
TOLERANCE = 0.01  # degrees
DIGITS = 3

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """TopoJSON arcs in degrees (quantised, delta-encoded positions undone)."""
    t = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if t is None:
            arcs.append([(float(x), float(y)) for x, y in arc])
            continue
        (sx, sy), (tx, ty) = t["scale"], t["translate"]
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[list[Point]]) -> list[Point]:
    ring: list[Point] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if not ring else arc[1:])  # consecutive arcs share an end point
    return ring


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: drop points closer than ``tolerance`` to the line kept around them."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = (abs(dy * (px - ax) - dx * (py - ay)) / norm if norm
                 else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _polygon(rings: list[list[int]], arcs: list[list[Point]]) -> list[list[list[float]]]:
    out = []
    for indices in rings:
        ring = simplify(_ring(indices, arcs), TOLERANCE)
        if len(ring) >= 4:  # a closed ring with an area
            out.append([[round(x, DIGITS), round(y, DIGITS)] for x, y in ring])
    return out


def region_geojson(topology: dict[str, Any], region: dict[str, str] = REGION) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the ``region``'s countries of a world-atlas topology."""
    arcs = decode_arcs(topology)
    features: list[dict[str, Any]] = []
    for geom in topology["objects"]["countries"]["geometries"]:
        if geom.get("id") not in region:
            continue
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        coords = [p for p in (_polygon(rings, arcs) for rings in polygons) if p]
        features.append({
            "type": "Feature",
            "properties": {"id": geom["id"], "name": region[geom["id"]]},
            "geometry": {"type": "MultiPolygon", "coordinates": coords},
        })
    features.sort(key=lambda f: f["properties"]["id"] != "434")  # Libya first
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=1)
def load_outline() -> dict[str, Any]:
    """The shipped region outline (GeoJSON)."""
    data: dict[str, Any] = json.loads(OUTLINE.read_text(encoding="utf-8"))
    return data


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m kg.views.outline countries-50m.json region.geojson",
              file=sys.stderr)
        return 2
    topology = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    text = json.dumps(region_geojson(topology), separators=(",", ":"))
    Path(argv[1]).write_text(text + "\n", encoding="utf-8")
    print(f"{argv[1]}: {len(text) // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
