"""The map of the reporting units, coloured by the state of their yearly report.

The boundaries are the 69 commune-level units of Hà Tĩnh from 1/7/2025, simplified and vendored
in `static/data/ha-tinh-2025.geojson` (see the README there): drawn here as SVG paths, offline,
with no tile server. A unit with no boundary in that file (the units before 1/7/2025, a demo
unit whose name is not a real one) is drawn as a labelled tile, in official code order.
"""

import functools
import json
import math
from pathlib import Path

from django.conf import settings

from core.text import fold

GEOJSON = Path(settings.BASE_DIR) / "static" / "data" / "ha-tinh-2025.geojson"
WIDTH = 600  # the SVG's own units; it scales to its box


@functools.lru_cache(maxsize=1)
def _shapes() -> tuple[dict[str, str], str]:
    """SVG path data by folded unit name ("xa duc tho"), and the view box; read once."""
    try:
        features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError):
        return {}, ""
    points = [
        pt
        for f in features
        for poly in f["geometry"]["coordinates"]
        for ring in poly
        for pt in ring
    ]
    if not points:
        return {}, ""
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    # an equirectangular projection at the province's latitude: true enough at this size
    kx = math.cos(math.radians((min_y + max_y) / 2))
    scale = WIDTH / ((max_x - min_x) * kx)
    height = round((max_y - min_y) * scale)

    def xy(p):
        return f"{(p[0] - min_x) * kx * scale:.1f} {(max_y - p[1]) * scale:.1f}"

    paths = {}
    for f in features:
        parts = []
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                parts.append("M" + "L".join(xy(p) for p in ring) + "Z")
        paths[f["properties"]["key"]] = "".join(parts)
    return paths, f"0 0 {WIDTH} {height}"


def draw(*, units: list[dict], states: dict[str, tuple[str, str, str]]) -> dict:
    """`units`: rows with `name`, `code` and `state`. Returns the shapes found and the tiles of
    the rest, each with its colour and state label."""
    paths, viewbox = _shapes()
    shapes, tiles = [], []
    for u in units:
        label, color, text = states[u["state"]]
        item = {
            "name": u["name"],
            "code": u["code"],
            "state": u["state"],
            "label": str(label),
            "color": color,
            "text": text,
            "unit": u.get("unit"),
        }
        d = paths.get(fold(u["name"]))
        if d:
            shapes.append({**item, "d": d})
        else:
            tiles.append(item)
    tiles.sort(key=lambda t: (len(t["code"]), t["code"]))
    return {"shapes": shapes, "tiles": tiles, "viewbox": viewbox}
